/** Everything the keyboard can ask of the UI store. The object never changes. */
import type {TextEdit} from '../lib/edit-text.js';
import type {Movement} from '../lib/visible-window.js';

export interface UiActions {
	move(movement: Movement): void;
	/** `r`: refreshes the selected account, or asks for its password when only a login helps. */
	refreshSelected(): void;
	/** Enter on the list: logs in again an account that needs it. */
	loginSelected(): void;
	refreshAll(): void;
	toggleAutoRefresh(): void;
	cycleSort(): void;
	toggleReveal(): void;
	copySelected(): void;
	askRemove(): void;
	/** y (true) or n (false) to the removal question; y counts only when typed on its own (`alone`) after the question was drawn. */
	answerRemove(yes: boolean, alone?: boolean): void;
	/** A key that acts: an error on the status line has been seen. */
	dismissError(): void;
	/** The question with this serial has been drawn. */
	armQuestion(serial: number): void;
	/** Back to the list from any overlay, prompt or form. */
	closeOverlay(): void;
	showHelp(): void;
	/** Opens a fresh add form. */
	openAddForm(): void;
	formFocus(direction: 1 | -1): void;
	formCycle(direction: 1 | -1): void;
	/** Enter in the form: the next field, or the login on the last one. */
	formEnter(): void;
	startFilter(): void;
	keepFilter(): void;
	clearFilter(): void;
	scrollHelp(movement: Movement): void;
	/** An edit of the text field that has focus (filter, form field, re-login secret). */
	editText(edit: TextEdit): void;
	/** Sends what was typed into the re-login prompt and forgets it. */
	submitRelogin(): void;
	/** Enter in a browser sign-in: hands the pasted address to it and forgets it. */
	submitPastedAddress(): void;
	/** Esc in a browser sign-in: stops waiting (nothing is stored) and goes back where it came from. */
	cancelSignIn(): void;
	/** Text pasted into the app: into the focused text field, never as keys. */
	paste(text: string): void;
	quit(): void;
}
