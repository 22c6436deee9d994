/**
 * How a batch of refreshes ends, in words: "refreshed 6, failed 2 (alice: needs login; notes:
 * server unreachable)". Pure: the caller passes each account's outcome.
 */
import {type FailureKind, isServiceError} from '../services/errors.js';

export type RefreshOutcome =
	| {name: string; result: 'refreshed' | 'unchanged' | 'no-auth'}
	| {name: string; result: 'failed'; reason: string};

const reasons: Record<FailureKind, string> = {
	'bad-credentials': 'needs login',
	'auth-factor-required': 'needs login',
	'needs-login': 'needs login',
	'account-takedown': 'taken down',
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

/** A failure in two or three words, for the summary (the full message is said per account). */
export function shortReason(error: unknown): string {
	return isServiceError(error) ? reasons[error.kind] : 'failed';
}

export function refreshSummary(outcomes: readonly RefreshOutcome[]): string {
	const count = (result: RefreshOutcome['result']) => outcomes.filter(outcome => outcome.result === result).length;
	const parts = [`refreshed ${count('refreshed')}`];
	if (count('unchanged') > 0) parts.push(`unchanged ${count('unchanged')} (still valid)`);
	if (count('no-auth') > 0) parts.push(`no authentication needed ${count('no-auth')}`);
	const failed = outcomes.flatMap(outcome => (outcome.result === 'failed' ? [`${outcome.name}: ${outcome.reason}`] : []));
	if (failed.length > 0) parts.push(`failed ${failed.length} (${failed.join('; ')})`);
	return parts.join(', ');
}
