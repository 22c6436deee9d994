/** Which part of the screen has the keyboard, and what the screen says: a pure reducer. */
import {emptyMask, type MaskedText} from '../lib/edit-text.js';
import type {SortOrder} from '../lib/sort-entries.js';

/** Which part of the screen owns the keyboard. */
export type Mode = 'list' | 'filter' | 'help' | 'add' | 'confirm-remove' | 'relogin';

export type StatusTone = 'info' | 'ok' | 'error';

export interface StatusMessage {
	/** The key words, naming the account they are about: never cut unless nothing else is left. */
	text: string;
	/** Said after the key words; cut first when the line is too short. */
	detail?: string;
	/** Between the key words and the detail: ': ' unless given. */
	joiner?: string;
	tone: StatusTone;
	/** Clock time from which it is no longer shown. Errors have none: they stay until the next action. */
	until?: number;
}

/** The y/n question before `d` removes an account. */
export interface RemoveQuestion {
	id: string;
	name: string;
	/** 'server': log out on the server and remove; 'local': the server could not be reached, remove here only. */
	step: 'server' | 'local';
	/** Why the server step failed (for 'local'). */
	reason?: string;
	/** Tells one question from the next, so a draw arms only the question it showed. */
	serial: number;
	/** The question has been drawn: from now on a single y counts. */
	armed: boolean;
}

/** The inline password (then 2FA code) prompt for an account that needs a login. */
export interface ReloginPrompt {
	id: string;
	name: string;
	/** 'code' after a Bluesky account asked for its email sign-in code. */
	step: 'password' | 'code';
	busy: boolean;
}

export interface ScreenState {
	mode: Mode;
	status?: StatusMessage;
	/** The token of this account is shown in full until `until` (clock time). */
	reveal?: {id: string; until: number};
	question?: RemoveQuestion;
	relogin?: ReloginPrompt;
	/** The mask of what was typed into the re-login prompt (the secret is kept outside the state). */
	secret: MaskedText;
	/** First line of the help overlay. */
	helpTop: number;
	sort: SortOrder;
	/** Questions asked so far: the serial of the next one. */
	asked: number;
}

export type ScreenAction =
	| {type: 'set-mode'; mode: Mode}
	| {type: 'status'; status: StatusMessage | undefined}
	| {type: 'reveal'; reveal: ScreenState['reveal']}
	| {type: 'ask-remove'; id: string; name: string; step: RemoveQuestion['step']; reason?: string}
	| {type: 'arm'; serial: number}
	| {type: 'relogin'; relogin: ReloginPrompt | undefined}
	| {type: 'secret'; mask: MaskedText}
	| {type: 'help-top'; top: number}
	| {type: 'sort'; sort: SortOrder};

export const initialScreenState: ScreenState = {mode: 'list', secret: emptyMask, helpTop: 0, sort: 'name', asked: 0};

export function screenReducer(state: ScreenState, action: ScreenAction): ScreenState {
	switch (action.type) {
		case 'set-mode':
			return {
				...state,
				mode: action.mode,
				question: action.mode === 'confirm-remove' ? state.question : undefined,
				relogin: action.mode === 'relogin' ? state.relogin : undefined,
				secret: emptyMask,
				helpTop: action.mode === 'help' ? state.helpTop : 0,
			};
		case 'status':
			return {...state, status: action.status};
		case 'reveal':
			return {...state, reveal: action.reveal};
		case 'ask-remove': {
			const serial = state.asked + 1;
			const {id, name, step, reason} = action;
			return {...state, mode: 'confirm-remove', asked: serial, question: {id, name, step, reason, serial, armed: false}};
		}
		case 'arm':
			if (!state.question || state.question.serial !== action.serial || state.question.armed) return state;
			return {...state, question: {...state.question, armed: true}};
		case 'relogin':
			return {...state, mode: action.relogin ? 'relogin' : 'list', relogin: action.relogin, secret: emptyMask};
		case 'secret':
			return {...state, secret: action.mask};
		case 'help-top':
			return state.helpTop === action.top ? state : {...state, helpTop: action.top};
		case 'sort':
			return {...state, sort: action.sort};
	}
}
