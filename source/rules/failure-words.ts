/** A failure in two or three words, for summaries that name many accounts ("alice: needs login; notes: server unreachable"). */
import type {FailureKind} from '../services/errors.js';
import type {IdentityDrift} from '../services/kind.js';

const words: Record<FailureKind, string> = {
	'bad-credentials': 'needs login',
	'auth-factor-required': 'needs login',
	'needs-login': 'needs login',
	'account-takedown': 'account taken down',
	'identity-drift': 'moved or deactivated',
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
	return kind === 'needs-login' || kind === 'bad-credentials' || kind === 'auth-factor-required' || kind === 'identity-drift';
}

/** Failures that say the server could not be reached or did not answer properly (as opposed to refusing). */
export function serverUnavailable(kind: FailureKind): boolean {
	return kind === 'network' || kind === 'server' || kind === 'bad-answer' || kind === 'rate-limited';
}

/** A server's account status (com.atproto.server.getSession `status`) in words. */
const statusWords: Record<string, string> = {deactivated: 'deactivated', takendown: 'taken down', suspended: 'suspended', deleted: 'deleted'};

/** Why an account whose identity drifted needs a login: "moved to HOST — log in again", "deactivated on HOST — log in again". */
export function identityDriftWords(drift: IdentityDrift): string {
	if (drift.state === 'moved') return `moved to ${drift.host} — log in again`;
	const status = drift.status === undefined ? 'not active' : (statusWords[drift.status] ?? `"${drift.status}"`);
	return `${status} on ${drift.host} — log in again`;
}
