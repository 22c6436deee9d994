import {useReducer} from 'react';

/** Which part of the screen owns the keyboard. Only one input handler is active at a time. */
export type Mode = 'list' | 'filter' | 'help' | 'add' | 'confirm-remove' | 'relogin';

export type StatusTone = 'info' | 'ok' | 'error';

export interface StatusMessage {
	text: string;
	tone: StatusTone;
}

/** An inline re-login after the server rejected the stored credential. */
export interface ReloginPrompt {
	id: string;
	name: string;
	/** 'code' after a Bluesky account asked for its email 2FA code. */
	step: 'password' | 'code';
	/** Kept only between the two steps of a 2FA re-login. */
	password?: string;
	busy: boolean;
}

export interface ScreenState {
	mode: Mode;
	status?: StatusMessage;
	/** The token of this account is shown in full until `until` (clock time). */
	reveal?: {id: string; until: number};
	pendingRemove?: {id: string; name: string};
	relogin?: ReloginPrompt;
	/** Characters typed into the re-login prompt so far (the secret itself is never state). */
	secretLength: number;
}

export type ScreenAction =
	| {type: 'set-mode'; mode: Mode}
	| {type: 'status'; status: StatusMessage | undefined}
	| {type: 'reveal'; reveal: ScreenState['reveal']}
	| {type: 'ask-remove'; id: string; name: string}
	| {type: 'relogin'; relogin: ReloginPrompt | undefined}
	| {type: 'secret-typed'; length: number};

export const initialScreenState: ScreenState = {mode: 'list', secretLength: 0};

export function screenReducer(state: ScreenState, action: ScreenAction): ScreenState {
	switch (action.type) {
		case 'set-mode':
			return {
				...state,
				mode: action.mode,
				pendingRemove: action.mode === 'confirm-remove' ? state.pendingRemove : undefined,
				relogin: action.mode === 'relogin' ? state.relogin : undefined,
				secretLength: 0,
			};
		case 'status':
			return {...state, status: action.status};
		case 'reveal':
			return {...state, reveal: action.reveal};
		case 'ask-remove':
			return {...state, mode: 'confirm-remove', pendingRemove: {id: action.id, name: action.name}};
		case 'relogin':
			return {...state, mode: action.relogin ? 'relogin' : 'list', relogin: action.relogin, secretLength: 0};
		case 'secret-typed':
			return {...state, secretLength: action.length};
	}
}

export function useScreenState() {
	return useReducer(screenReducer, initialScreenState);
}
