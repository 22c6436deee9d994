/** Colour AND a symbol and word per state, so the state reads the same without colour. */
import type {DisplayState} from './expiry-state.js';

export interface StateLook {
	symbol: string;
	word: string;
	color: string;
}

export const stateLooks: Record<DisplayState, StateLook> = {
	ok: {symbol: '✓', word: 'ok', color: 'green'},
	expiring: {symbol: '▲', word: 'expiring', color: 'yellow'},
	critical: {symbol: '!', word: 'critical', color: 'red'},
	expired: {symbol: '✗', word: 'expired', color: 'red'},
	'needs-login': {symbol: '✗', word: 'needs login', color: 'red'},
	error: {symbol: '⚠', word: 'error', color: 'magenta'},
	refreshing: {symbol: '↻', word: 'refreshing…', color: 'cyan'},
	free: {symbol: '○', word: 'no auth', color: 'gray'},
};

export function stateLabel(state: DisplayState): string {
	const look = stateLooks[state];
	return `${look.symbol} ${look.word}`;
}
