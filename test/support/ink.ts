/**
 * Helpers for driving Ink apps in tests. Import this module FIRST in a test file: it turns
 * colours on before chalk (loaded by ink) reads the environment, so colour codes can be
 * asserted. It has no runtime imports for that reason.
 */
import type {EventEmitter} from 'node:events';

process.env.FORCE_COLOR ??= '1';

type LastFrame = () => string | undefined;
type FramePredicate = (frame: string) => boolean;

/** Polls until the last frame contains the text (or satisfies the predicate); returns that frame. */
export async function waitForContent(lastFrame: LastFrame, expected: string | FramePredicate, timeoutMs = 2000): Promise<string> {
	const matches: FramePredicate = typeof expected === 'string' ? (frame) => frame.includes(expected) : expected;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = lastFrame() ?? '';
		if (matches(frame)) return frame;
		if (Date.now() > deadline) {
			const wanted = typeof expected === 'string' ? JSON.stringify(expected) : 'a frame matching the predicate';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${wanted}; last frame:\n${stripAnsi(frame)}`);
		}
		await nextTick();
	}
}

/** Lets Ink's input handling and React's effects run (one macrotask). */
export function nextTick(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/** Writes a key to ink-testing-library's stdin, with a tick before (effects subscribed) and after (handled). */
export async function press(stdin: {write(data: string): void}, key: string): Promise<void> {
	await nextTick();
	stdin.write(key);
	await nextTick();
}

/** Types text one key at a time, like a person (a single write would arrive as a paste). */
export async function type(stdin: {write(data: string): void}, text: string): Promise<void> {
	for (const character of text) await press(stdin, character);
}

/** Key sequences as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
} as const;

/** Gives ink-testing-library's fake stdout a size and tells the app it was resized. */
export function resize(stdout: EventEmitter, columns: number, rows: number): void {
	Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
	stdout.emit('resize');
}

// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001B\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
	return text.replace(ansiPattern, '');
}

/** SGR colour codes (foreground/background, 16, 256 and true colour), not bold/dim/inverse. */
// eslint-disable-next-line no-control-regex
export const colourCodePattern = /\u001B\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

export function lineCount(frame: string): number {
	return frame.split('\n').length;
}

/** Chalk's opening code for a foreground colour: green 32, yellow 33, red 31, magenta 35, cyan 36. */
export const foreground = {red: '\u001B[31m', green: '\u001B[32m', yellow: '\u001B[33m', magenta: '\u001B[35m', cyan: '\u001B[36m'} as const;
