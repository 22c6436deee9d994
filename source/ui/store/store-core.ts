/** What the action modules of the store share: the state, its reducers, the secrets, the world. */
import type {AccountEntry, ManagerApi} from '../../services/manager-api.js';
import type {AddFormAction} from '../add-form/add-form-state.js';
import type {FilterAction} from '../filter/filter-state.js';
import type {TextState} from '../lib/edit-text.js';
import type {ListAction} from '../list/list-state.js';
import type {ScreenAction, StatusMessage} from './screen-state.js';
import type {UiState, UiView} from './ui-view.js';

/** How long a message that is not an error stays on the status line. */
export const statusMs = 5000;

/**
 * Secrets being typed. They live here, outside the UI state (and so outside React): the state
 * holds only their masks, and whenever a mask is emptied, so is its secret.
 */
export interface Secrets {
	/** The re-login prompt's field (password, then sign-in code). */
	relogin: TextState;
	/** The password of a 2FA re-login, kept between its two steps only. */
	reloginPassword?: string;
	/** The add form's password field. */
	formPassword: TextState;
	/** The address pasted into a browser sign-in (it carries the authorization code). */
	pastedAddress: TextState;
}

export interface StatusInput extends Omit<StatusMessage, 'until'> {
	/** Shown until replaced (work in progress), instead of for a few seconds. */
	lasting?: boolean;
}

export interface StoreCore {
	readonly manager: ManagerApi;
	readonly secrets: Secrets;
	/** The app clock's time. */
	now(): number;
	state(): UiState;
	view(): UiView;
	selected(): AccountEntry | undefined;
	screen(action: ScreenAction): void;
	list(action: ListAction): void;
	filter(action: FilterAction): void;
	form(action: AddFormAction): void;
	/** Sets the status line: errors stay until the next action, in-progress work until replaced, the rest a few seconds. */
	say(status: StatusInput): void;
	writeRaw(data: string): void;
	quit(): void;
}
