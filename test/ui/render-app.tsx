/**
 * Renders the App against a FakeManager and a test clock. Import '../support/ink.js' before
 * this module in a test file (it turns colours on before ink loads).
 */
import {render} from 'ink-testing-library';
import React from 'react';
import type {Account} from '../../source/services/account.js';
import {App} from '../../source/ui/app.js';
import {press, resize, stripAnsi, waitForContent} from '../support/ink.js';
import {FakeManager, testEpoch, type FakeManagerOptions} from '../support/fake-manager.js';

export interface TestClock {
	now: () => number;
	advance(ms: number): void;
	set(time: number): void;
}

export function testClock(start = testEpoch): TestClock {
	let time = start;
	return {
		now: () => time,
		advance(ms) {
			time += ms;
		},
		set(next) {
			time = next;
		},
	};
}

export interface RenderAppOptions extends Omit<FakeManagerOptions, 'accounts' | 'now'> {
	noColor?: boolean;
	columns?: number;
	rows?: number;
	onExit?: () => void;
}

/** The terminal of a test that names no size: wide enough for side-by-side panes and every list column. */
export const defaultSize = {columns: 120, rows: 24} as const;

export function renderApp(accounts: Account[], options: RenderAppOptions = {}) {
	const clock = testClock();
	const {noColor, columns, rows, onExit, ...managerOptions} = options;
	const manager = new FakeManager({...managerOptions, accounts, now: clock.now});
	const written: string[] = [];
	const app = <App manager={manager} now={clock.now} tickMs={5} noColor={noColor} onExit={onExit} writeRaw={(data) => written.push(data)} />;
	// Size the fake terminal before the App mounts, so even its first frame has that size.
	const view = render(<></>);
	resize(view.stdout, columns ?? defaultSize.columns, rows ?? defaultSize.rows);
	view.rerender(app);
	/** The last frame without colour codes. */
	const text = () => stripAnsi(view.lastFrame() ?? '');
	const waitFor = (expected: string | ((frame: string) => boolean), timeoutMs?: number) =>
		waitForContent(text, expected, timeoutMs);
	/** Presses a key and waits until the screen shows what it leads to. */
	const pressFor = async (key: string, expected: string) => {
		await press(view.stdin, key);
		return waitFor(expected);
	};
	return {...view, manager, clock, written, text, waitFor, pressFor};
}

/** The App on these accounts, once it shows `expected` (e.g. an account's name): ready for keys. */
export async function renderAppShowing(expected: string, accounts: Account[], options: RenderAppOptions = {}) {
	const app = renderApp(accounts, options);
	await app.waitFor(expected);
	return app;
}

/** The line of the list that shows this account's name. */
export function rowOf(frame: string, name: string): string | undefined {
	return frame.split('\n').find((line) => new RegExp(`^[› ] \\S+\\s+${name}\\s`).test(line));
}

/** The name on the selected row (marked with ›). */
/** The names in the list rows of a frame, top to bottom. */
export function listedNames(frame: string): Array<string | undefined> {
	return frame
		.split('\n')
		.filter((line) => /^[› ] (bluesky|zettelstore) /.test(line))
		.map((line) => line.slice(2).trim().split(/\s+/)[1]);
}

export function selectedName(frame: string): string | undefined {
	const row = frame.split('\n').find((line) => line.startsWith('› '));
	return row?.slice(2).trim().split(/\s+/)[1];
}
