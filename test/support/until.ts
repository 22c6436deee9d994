/** Polls until `condition` holds: how tests wait for something to happen, never by sleeping. */
import {setTimeout as pause} from 'node:timers/promises';

export async function until(condition: () => boolean, what: string, timeoutMs = 15_000, pollMs = 20): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await pause(pollMs);
	}
}
