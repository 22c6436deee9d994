/**
 * Child process of the bench (bundled like the bin): renders the real App on the real
 * TokenManager and store, exactly as `runApp` does, but into a fake terminal (a TTY-like
 * stdout with columns and rows, a raw-mode-like stdin). It presses ↓ and times each press
 * from the stdin write to the stdout write of the frame that shows the new selection.
 *
 * argv: CONFIG_DIR PRESSES COLUMNS ROWS. Prints one JSON line (ProbeResult) on stdout.
 */
import {render} from 'ink';
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import React from 'react';
import {TokenStore} from '../../source/services/store/token-store.js';
import {TokenManager} from '../../source/services/token-manager.js';
import {App} from '../../source/ui/app.js';

export interface ProbeResult {
	/** ms from the key to the frame showing its effect, one per press. */
	latencies: number[];
	/** Presses whose frame was not seen within the timeout. */
	missed: number;
	/** Presses during which (or up to 40 ms before which) a clock tick happened. */
	nearTick: number;
	/** ms from render() to the first full frame. */
	firstFrameMs: number;
}

const downKey = '\u001B[B';
const frameTimeoutMs = 2000;

class FakeTerminalOutput extends EventEmitter {
	readonly isTTY = true;
	constructor(
		readonly columns: number,
		readonly rows: number,
		private readonly onWrite: (text: string) => void,
	) {
		super();
	}

	write(chunk: string | Uint8Array, encodingOrDone?: unknown, done?: unknown): boolean {
		this.onWrite(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
		const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
		if (typeof callback === 'function') callback();
		return true;
	}
}

/** For the stdin methods Ink calls only for their effect on a real terminal: they answer for themselves. */
function returnsSelf<T>(this: T): T {
	return this;
}

class FakeTerminalInput extends EventEmitter {
	readonly isTTY = true;
	private readonly queue: string[] = [];
	setEncoding = returnsSelf;
	setRawMode = returnsSelf;
	ref = returnsSelf;
	unref = returnsSelf;
	resume = returnsSelf;
	pause = returnsSelf;
	read(): string | null {
		return this.queue.shift() ?? null;
	}
	/** What a terminal does when a key is pressed: data becomes readable. */
	press(data: string): void {
		this.queue.push(data);
		this.emit('readable');
	}
}

/** Resolves with the time of the first output chunk that matches; one waiter at a time. */
class FrameWatch {
	private waiter?: {pattern: RegExp; resolve: (at: number | undefined) => void; timer: NodeJS.Timeout};

	onWrite = (text: string): void => {
		if (!this.waiter || !this.waiter.pattern.test(text)) return;
		const at = performance.now();
		const {resolve, timer} = this.waiter;
		clearTimeout(timer);
		this.waiter = undefined;
		resolve(at);
	};

	next(pattern: RegExp, timeoutMs = frameTimeoutMs): Promise<number | undefined> {
		return new Promise(resolve => {
			const timer = setTimeout(() => {
				this.waiter = undefined;
				resolve(undefined);
			}, timeoutMs);
			this.waiter = {pattern, resolve, timer};
		});
	}
}

const pause = (milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The selection marker and the account's name on one line of the frame. */
const selectedRow = (name: string) => new RegExp(`›[^\\n]*${escapeRegExp(name)}`);

async function main(): Promise<void> {
	const [configDir, pressesText = '200', columnsText = '120', rowsText = '40'] = process.argv.slice(2);
	if (!configDir) throw new Error('usage: keypress-probe CONFIG_DIR [PRESSES] [COLUMNS] [ROWS]');
	const store = TokenStore.open({dir: configDir});
	const manager = new TokenManager(store, {});
	const names = manager.getSnapshot().entries.map(entry => entry.account.name);
	const presses = Math.min(Number(pressesText), names.length - 1);
	const ticks: number[] = [];
	const now = () => {
		ticks.push(performance.now());
		return Date.now();
	};
	const frames = new FrameWatch();
	const stdout = new FakeTerminalOutput(Number(columnsText), Number(rowsText), frames.onWrite);
	const stdin = new FakeTerminalInput();
	manager.start();
	const firstFrame = frames.next(selectedRow(names[0]!), 60_000);
	const renderStarted = performance.now();
	const instance = render(<App manager={manager} now={now} />, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		exitOnCtrlC: true,
		patchConsole: false,
	});
	const firstFrameAt = await firstFrame;
	await pause(300);
	const result: ProbeResult = {latencies: [], missed: 0, nearTick: 0, firstFrameMs: (firstFrameAt ?? Number.NaN) - renderStarted};
	for (let index = 1; index <= presses; index++) {
		// Past Ink's 33 ms render throttle, at an irregular rhythm like a person's.
		await pause(40 + Math.random() * 40);
		const frame = frames.next(selectedRow(names[index]!));
		const pressed = performance.now();
		stdin.press(downKey);
		const shown = await frame;
		if (shown === undefined) {
			result.missed++;
			continue;
		}
		result.latencies.push(shown - pressed);
		if (ticks.some(tick => tick >= pressed - 40 && tick <= shown)) result.nearTick++;
	}
	instance.unmount();
	manager.stop();
	process.stdout.write(`${JSON.stringify(result)}\n`);
	process.exit(0);
}

main().catch((error: unknown) => {
	process.stderr.write(`keypress-probe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
