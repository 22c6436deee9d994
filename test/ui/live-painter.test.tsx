/**
 * Countdowns painted in place (source/ui/live/live-painter.ts) must leave the terminal exactly as
 * Ink's full frames would. Two copies of the app run side by side on one manager and one test
 * clock, each drawing into its own emulated terminal (xterm.js): one paints its ticks, the other
 * draws every tick as a frame (no painter, as before). After every second both screens must show
 * the same cells, characters and styles alike, through widths that change (10m 00s → 9m 59s),
 * states that change (ok → expiring → critical → expired), resizes and the sizes the app supports.
 */
import '../support/real-ink-frames.js';
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {render} from 'ink';
import React from 'react';
import type {Account} from '../../source/services/account.js';
import {App} from '../../source/ui/app.js';
import {LivePainter} from '../../source/ui/live/live-painter.js';
import {blueskyAccount, FakeManager, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {EmulatedTerminal, QuietKeyboard} from '../support/terminal-emulator.js';
import {until} from '../support/until.js';
import {testClock} from './render-app.js';

const enterAlternateScreen = '\x1b[?1049h\x1b[H';

function fleet(): Account[] {
	return [
		// Crosses 10m 00s → 9m 59s (a narrower text), then expiring and critical, then expired.
		zettelstoreAccount({name: 'alpha', tokenExpiresAt: testEpoch + 10 * minute + 20_000, reportedLifetime: 3600}),
		blueskyAccount({name: 'bravo-with-a-longer-name'}),
		zettelstoreAccount({name: 'charlie', tokenExpiresAt: testEpoch + 95_000, tokenReceivedAt: testEpoch - 505_000, reportedLifetime: 600}),
		zettelstoreAccount({name: 'delta', status: 'needs-login', tokenExpiresAt: testEpoch - minute}),
		zettelstoreAccount({name: 'echo', freeAccess: true}),
		blueskyAccount({name: 'foxtrot', accessExpiresAt: testEpoch + 59 * minute + 58_000}),
		...Array.from({length: 30}, (_, index) => zettelstoreAccount({name: `zs-${String(index).padStart(3, '0')}`, tokenExpiresAt: testEpoch + hour - index * 1000})),
	];
}

function startApp(manager: FakeManager, clock: ReturnType<typeof testClock>, columns: number, rows: number, paint: boolean, noColor: boolean) {
	const terminal = new EmulatedTerminal(columns, rows);
	terminal.write(enterAlternateScreen);
	let paints = 0;
	let frames = 0;
	const painter = new LivePainter(
		paint
			? (data) => {
					paints++;
					terminal.write(data);
				}
			: undefined,
	);
	const instance = render(<App manager={manager} now={clock.now} tickMs={10} painter={painter} noColor={noColor} />, {
		stdout: terminal as unknown as NodeJS.WriteStream,
		stdin: new QuietKeyboard() as unknown as NodeJS.ReadStream,
		exitOnCtrlC: false,
		patchConsole: false,
		onRender: () => {
			frames++;
			painter.noteFrame(terminal.columns, terminal.rows);
		},
	});
	return {terminal, instance, paints: () => paints, frames: () => frames};
}

/** Polls until both screens show the same cells, and the drawn one is not `before`; fails with the rows that differ. */
async function sameScreens(painted: EmulatedTerminal, drawn: EmulatedTerminal, when: string, before?: string): Promise<void> {
	try {
		await until(() => {
			if (!painted.settled || !drawn.settled) return false;
			const screen = drawn.screen().join('\n');
			return screen !== before && painted.screen().join('\n') === screen;
		}, when, 2000, 5);
	} catch {
		const a = painted.text();
		const b = drawn.text();
		const rows = a.map((row, index) => (row === b[index] ? undefined : `row ${index + 1}:\n  painted: ${row}\n  drawn:   ${b[index]}`)).filter(Boolean);
		assert.fail(`${when}: the painted screen differs from Ink's frame\n${rows.join('\n') || '(same characters, different styles)'}`);
	}
}

async function runSideBySide(columns: number, rows: number, seconds: number, options: {resizeTo?: {columns: number; rows: number; atSecond: number}; noColor?: boolean} = {}) {
	const clock = testClock();
	const manager = new FakeManager({accounts: fleet(), now: clock.now});
	const painted = startApp(manager, clock, columns, rows, true, options.noColor ?? false);
	const drawn = startApp(manager, clock, columns, rows, false, options.noColor ?? false);
	try {
		await until(() => drawn.terminal.text().some((row) => row.includes('q quit')), 'the first frame', 5000);
		await sameScreens(painted.terminal, drawn.terminal, 'the first frame');
		for (let second = 1; second <= seconds; second++) {
			if (options.resizeTo?.atSecond === second) {
				painted.terminal.resize(options.resizeTo.columns, options.resizeTo.rows);
				drawn.terminal.resize(options.resizeTo.columns, options.resizeTo.rows);
			}
			// Every second changes a countdown on the drawn screen: the tick has come once it changed.
			const before = drawn.terminal.screen().join('\n');
			clock.advance(1000);
			await sameScreens(painted.terminal, drawn.terminal, `${columns}×${rows}, after ${second} s`, before);
		}
		return {paints: painted.paints(), framesPainted: painted.frames(), framesDrawn: drawn.frames()};
	} finally {
		painted.instance.unmount();
		drawn.instance.unmount();
	}
}

describe('countdowns painted in place', () => {
	test('120×40: every second the painted screen is the screen Ink draws, and most seconds are painted', async () => {
		// 80 s: alpha goes 10m 20s → 9m 00s (expiring on the way), charlie goes critical and expires.
		const {paints, framesPainted, framesDrawn} = await runSideBySide(120, 40, 100);
		assert.ok(paints >= 60, `only ${paints} of 100 seconds were painted: the painter is not doing its job`);
		// The point of it: a painted second is no React render and no Ink frame.
		assert.ok(framesPainted <= framesDrawn - 60, `the painting app drew ${framesPainted} frames, the drawing one ${framesDrawn}`);
	});

	test('40×12, 80×24 and 200×60 alike', async () => {
		for (const [columns, rows] of [
			[40, 12],
			[80, 24],
			[200, 60],
		] as const) {
			const {paints} = await runSideBySide(columns, rows, 15);
			assert.ok(paints >= 8, `${columns}×${rows}: only ${paints} of 15 seconds were painted`);
		}
	});

	test('through a resize, narrower and back: never a cell painted where the new frame has something else', async () => {
		await runSideBySide(120, 40, 12, {resizeTo: {columns: 70, rows: 20, atSecond: 4}});
		await runSideBySide(70, 20, 12, {resizeTo: {columns: 150, rows: 45, atSecond: 6}});
	});

	test('without colours (--no-color, NO_COLOR) alike', async () => {
		const {paints} = await runSideBySide(120, 40, 20, {noColor: true});
		assert.ok(paints >= 12, `only ${paints} of 20 seconds were painted`);
	});

	test('without a painter (tests, no terminal) every change is a frame, as before', () => {
		let asked = 0;
		const painter = new LivePainter();
		painter.offer({text: 'x', painted: false}, 'y', () => asked++);
		assert.equal(asked, 1);
		assert.equal(painter.enabled, false);
	});
});
