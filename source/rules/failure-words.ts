/** A failure in two or three words, for summaries that name many accounts ("alice: needs login; notes: server unreachable"). */
import type {FailureKind} from '../services/errors.js';

const words: Record<FailureKind, string> = {
	'bad-credentials': 'needs login',
	'auth-factor-required': 'needs login',
	'needs-login': 'needs login',
	'account-takedown': 'account taken down',
	'rate-limited': 'rate limited',
	network: 'server unreachable',
	server: 'server error',
	'bad-answer': 'unreadable answer',
	refused: 'refused here',
	usage: 'not refreshed',
	keyring: 'keyring unavailable',
	config: 'config unusable',
	storage: 'could not save',
	'no-store': 'no store',
	'lock-timeout': 'busy elsewhere',
	'changed-elsewhere': 'changed meanwhile',
};

export function failureWords(kind: FailureKind): string {
	return words[kind];
}

/** Failures after which only a person typing a password helps. */
export function needsPerson(kind: FailureKind): boolean {
	return kind === 'needs-login' || kind === 'bad-credentials' || kind === 'auth-factor-required';
}

/** Failures that say the server could not be reached or did not answer properly (as opposed to refusing). */
export function serverUnavailable(kind: FailureKind): boolean {
	return kind === 'network' || kind === 'server' || kind === 'bad-answer' || kind === 'rate-limited';
}
