/**
 * A refresh as a result instead of a throw, for the app and the keep-alive alike, and the
 * automatic kind of refresh: one that goes ahead only if the account, read under its lock, is
 * still due — so two tokentops planning the same account never refresh it twice.
 */
import type {FailureKind} from './errors.js';
import {isServiceError} from './errors.js';
import type {RefreshOutcome} from './manager-api.js';
import type {RefreshCoordinator} from './refresh.js';
import {isDue} from './refresh-planner.js';

export function failureOutcome(error: unknown): {ok: false; kind: FailureKind; message: string; resetAt?: number} {
	if (isServiceError(error)) return {ok: false, kind: error.kind, message: error.message, ...(error.details.resetAt === undefined ? {} : {resetAt: error.details.resetAt})};
	return {ok: false, kind: 'server', message: error instanceof Error && error.name === 'LockTimeoutError' ? error.message : 'Unexpected failure'};
}

/** Refreshes `id` if it is still due under its lock; `skipped` when another tokentop did it meanwhile. */
export async function refreshIfStillDue(coordinator: RefreshCoordinator, id: string, clock: () => number): Promise<RefreshOutcome> {
	let skipped = false;
	try {
		const account = await coordinator.refresh(id, {
			onlyIf: stored => {
				skipped = !isDue(stored, clock());
				return !skipped;
			},
		});
		return skipped ? {ok: true, account, skipped} : {ok: true, account};
	} catch (error) {
		return failureOutcome(error);
	}
}
