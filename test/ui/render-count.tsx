/** Renders components under a test clock, each in a Profiler that counts React's commits in it. */
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import React, {Profiler, type ReactElement} from 'react';
import {ClockProvider} from '../../source/ui/clock/clock-context.js';
import {createClockStore} from '../../source/ui/clock/clock-store.js';
import {ThemeProvider} from '../../source/ui/theme.js';
import {nextTick, stripAnsi, waitForContent} from '../support/ink.js';
import {testEpoch} from '../support/fake-manager.js';

export function renderCounted(elements: Record<string, ReactElement>, {noColor = false} = {}) {
	let time = testEpoch;
	const clock = createClockStore(() => time);
	const commits = new Map<string, number>();
	const view = render(
		<ThemeProvider noColor={noColor}>
			<ClockProvider clock={clock}>
				<Box flexDirection="column">
					{Object.entries(elements).map(([id, element]) => (
						<Profiler key={id} id={id} onRender={() => commits.set(id, (commits.get(id) ?? 0) + 1)}>
							{element}
						</Profiler>
					))}
				</Box>
			</ClockProvider>
		</ThemeProvider>,
	);
	const text = () => stripAnsi(view.lastFrame() ?? '');
	const tick = (ms: number) => {
		time += ms;
		clock.tick();
	};
	return {
		...view,
		text,
		waitFor: (expected: string | ((frame: string) => boolean)) => waitForContent(text, expected),
		/** Moves the time and ticks the clock, as the App's interval would. */
		tick,
		/** A tick, then React commits what it scheduled (its updates flush in a microtask). */
		async tickAndSettle(ms: number) {
			tick(ms);
			await nextTick();
		},
		commitsOf: (id: string) => commits.get(id) ?? 0,
	};
}
