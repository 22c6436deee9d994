/**
 * How a batch of refreshes ends, in words: "refreshed 6, failed 2 (alice: needs login; notes:
 * server unreachable)". Pure: the caller passes each account's outcome.
 */
import {isServiceError} from '../services/errors.js';
import {failureWords} from './failure-words.js';

export type RefreshOutcome =
	| {name: string; result: 'refreshed' | 'unchanged' | 'no-auth'}
	| {name: string; result: 'failed'; reason: string};

/** A failure in two or three words, for the summary (the full message is said per account). */
export function shortReason(error: unknown): string {
	return isServiceError(error) ? failureWords(error.kind) : 'failed';
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
