/** Skips that cannot go unnoticed: a line on stderr saying what was skipped and why (CI fails on skips). */
interface SkippableTest {
	name: string;
	skip: (message?: string) => void;
}

export function skipLoudly(t: SkippableTest, reason: string): void {
	process.stderr.write(`\n*** SKIPPED: "${t.name}": ${reason} ***\n`);
	t.skip(`SKIPPED: ${reason}`);
}

/** For tests that run tokentop as another user (root ignores file modes): true when they may go on. */
export function rootOrSkip(t: SkippableTest): boolean {
	if (process.getuid?.() === 0) return true;
	skipLoudly(t, 'running tokentop as another user needs root');
	return false;
}
