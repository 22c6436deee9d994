import {useApp, useStdout} from 'ink';
import React, {useEffect, useState} from 'react';
import type {ManagerApi} from '../services/manager-api.js';
import {ClockProvider} from './clock/clock-context.js';
import {useClock} from './clock/use-clock.js';
import {terminalSizeOf} from './lib/terminal-size.js';
import {KeyboardListener} from './keys/keyboard-listener.js';
import type {LivePainter} from './live/live-painter.js';
import {LivePainterContext, noPainter} from './live/use-live-text.js';
import {Screen} from './screen.js';
import {createUiStore, type DemoInfo} from './store/ui-store.js';
import {UiStoreProvider} from './store/use-ui.js';
import {ThemeProvider} from './theme.js';

export interface AppProps {
	manager: ManagerApi;
	/** Time source (epoch ms); injected by tests. */
	now?: () => number;
	/** How often the clock ticks. */
	tickMs?: number;
	/** No colour props at all (NO_COLOR, --no-color): states still read by symbol and word. */
	noColor?: boolean;
	/** Called after `q`, once Ink was asked to exit. */
	onExit?: () => void;
	/** Writes an escape sequence straight to the terminal (OSC 52 copy); defaults to stdout. */
	writeRaw?: (data: string) => void;
	/** Set by `tokentop demo`: the demo's password and how to try the add form, shown in the app. */
	demo?: DemoInfo;
	/** Paints countdowns in place between frames (the real terminal); without one, every tick that changes text is a frame. */
	painter?: LivePainter;
}

/**
 * tokentop's full-screen UI: the one clock, the theme, the one UI store, the one keyboard
 * listener, the screen. The store is made once, from the props of the first render.
 */
export function App({manager, now = Date.now, tickMs = 1000, noColor = false, onExit, writeRaw, demo, painter = noPainter}: AppProps) {
	const clock = useClock(now, tickMs, () => painter.flush());
	const {exit} = useApp();
	const {stdout} = useStdout();
	const [store] = useState(() =>
		createUiStore({
			manager,
			clock,
			...terminalSizeOf(stdout),
			writeRaw: writeRaw ?? ((data) => stdout.write(data)),
			quit() {
				exit();
				onExit?.();
			},
			demo,
		}),
	);
	useEffect(() => {
		const onResize = () => {
			painter.noteResize();
			const {columns, rows} = terminalSizeOf(stdout);
			store.resize(columns, rows);
		};
		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, store, painter]);
	return (
		<ThemeProvider noColor={noColor}>
			<ClockProvider clock={clock}>
				<LivePainterContext.Provider value={painter}>
					<UiStoreProvider store={store}>
						<KeyboardListener />
						<Screen />
					</UiStoreProvider>
				</LivePainterContext.Provider>
			</ClockProvider>
		</ThemeProvider>
	);
}
