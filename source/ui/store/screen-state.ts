/** Which part of the screen has the keyboard, and what the screen says: a pure reducer. */
import {emptyMask, type MaskedText} from '../lib/edit-text.js';
import type {SortOrder} from '../lib/sort-entries.js';

/** Which part of the screen owns the keyboard. */
export type Mode = 'list' | 'filter' | 'help' | 'add' | 'confirm-remove' | 'relogin' | 'sign-in';

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

/** A sign-in in a browser (an OAuth account added, or logged in again), waiting for the browser or a pasted address. */
export interface BrowserSignInState {
	/** Tells one sign-in from the next: news of an earlier one never lands in a later one. */
	serial: number;
	/** Whom it signs in: the identity typed, or the name of the account logged in again. */
	who: string;
	/** Where Esc and a failure go back to: the add form (its fields kept) or the list. */
	from: 'add' | 'list';
	/** The address to open, once the server has taken the request (it holds no secret). */
	address?: string;
	/** A browser was started for the address on this machine. */
	browserOpened?: boolean;
	/** The mask of the pasted address (the address itself carries the authorization code: it stays outside the state). */
	pasted: MaskedText;
	/** What became of the last pasted address. */
	said?: {tone: 'info' | 'error'; text: string};
}

export interface ScreenState {
	mode: Mode;
	status?: StatusMessage;
	/** The token of this account is shown in full until `until` (clock time). */
	reveal?: {id: string; until: number};
	question?: RemoveQuestion;
	relogin?: ReloginPrompt;
	signIn?: BrowserSignInState;
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
	| {type: 'sign-in'; signIn: BrowserSignInState}
	/** News of a running sign-in; dropped when another one is on the screen. */
	| {type: 'sign-in-news'; serial: number; news: Partial<Pick<BrowserSignInState, 'address' | 'browserOpened' | 'pasted' | 'said'>>}
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
				signIn: action.mode === 'sign-in' ? state.signIn : undefined,
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
			return {...state, mode: action.relogin ? 'relogin' : 'list', relogin: action.relogin, signIn: undefined, secret: emptyMask};
		case 'sign-in':
			return {...state, mode: 'sign-in', signIn: action.signIn, question: undefined, relogin: undefined, secret: emptyMask};
		case 'sign-in-news':
			if (state.mode !== 'sign-in' || state.signIn?.serial !== action.serial) return state;
			return {...state, signIn: {...state.signIn, ...action.news}};
		case 'secret':
			return {...state, secret: action.mask};
		case 'help-top':
			return state.helpTop === action.top ? state : {...state, helpTop: action.top};
		case 'sort':
			return {...state, sort: action.sort};
	}
}
