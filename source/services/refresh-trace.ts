/**
 * Phase markers of a refresh, for the kill tests: with TOKENTOP_TRACE_FD=N (a file descriptor
 * the test opened for this process), each phase is written to it as one line
 * `PHASE ACCOUNT_ID EPOCH_MS`, synchronously, so whatever a SIGKILL interrupts, every line
 * written before it is there. Phase names and account ids only: never a token, key or name.
 * Without the variable this costs one comparison.
 */
import {writeSync} from 'node:fs';

export type RefreshPhase =
	/** Under the account's lock, re-read, about to ask the server. */
	| 'sending'
	/** The server's answer is read: the new credential exists only in this process's memory. */
	| 'answered'
	/** The new credential is in the fsync'd journal. */
	| 'persisted';

const traceFd = fdFrom(process.env.TOKENTOP_TRACE_FD);

function fdFrom(text: string | undefined): number | undefined {
	const fd = Number(text);
	return text !== undefined && Number.isInteger(fd) && fd > 2 ? fd : undefined;
}

export function traceRefresh(phase: RefreshPhase, accountId: string): void {
	if (traceFd === undefined) return;
	try {
		writeSync(traceFd, `${phase} ${accountId} ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`);
	} catch {
		// A marker for tests: a closed descriptor never fails a refresh.
	}
}
