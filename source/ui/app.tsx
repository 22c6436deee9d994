import React, {useMemo} from 'react';
import type {ManagerApi} from '../services/manager-api.js';
import {ClockProvider} from './clock/clock-context.js';
import {useClock} from './clock/use-clock.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {KeyboardRouter} from './keyboard/keyboard-router.js';
import {computeLayout} from './lib/layout.js';
import {Screen} from './screen.js';
import {UiProvider} from './state/ui-provider.js';
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
}

/** tokentop's full-screen UI: the one clock, the theme, the UI state, the one keyboard listener, the screen. */
export function App({manager, now = Date.now, tickMs = 1000, noColor = false, onExit, writeRaw}: AppProps) {
	const clock = useClock(now, tickMs);
	const {columns, rows} = useTerminalSize();
	const layout = useMemo(() => computeLayout(columns, rows), [columns, rows]);
	return (
		<ThemeProvider noColor={noColor}>
			<ClockProvider clock={clock}>
				<UiProvider manager={manager} layout={layout} writeRaw={writeRaw} onExit={onExit}>
					<KeyboardRouter />
					<Screen />
				</UiProvider>
			</ClockProvider>
		</ThemeProvider>
	);
}
