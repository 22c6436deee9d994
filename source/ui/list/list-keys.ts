import type {Key} from 'ink';
import type {KeyHandler} from '../keyboard/key-handler.js';
import type {Movement} from '../lib/visible-window.js';
import type {UiActions} from '../store/ui-actions.js';

/** Which movement a key means in the list, if any. */
export function movementFor(input: string, key: Key): Movement | undefined {
	if (key.upArrow || input === 'k') return 'up';
	if (key.downArrow || input === 'j') return 'down';
	if (key.pageUp) return 'page-up';
	if (key.pageDown) return 'page-down';
	if (key.home || input === 'g') return 'first';
	if (key.end || input === 'G') return 'last';
	return undefined;
}

/** Single-key commands of the list; every one of them is listed in the help overlay. */
export const listCommands: Record<string, (actions: UiActions) => void> = {
	r: (actions) => actions.refreshSelected(),
	R: (actions) => actions.refreshAll(),
	A: (actions) => actions.toggleAutoRefresh(),
	a: (actions) => actions.openAddForm(),
	d: (actions) => actions.askRemove(),
	'/': (actions) => actions.startFilter(),
	'?': (actions) => actions.showHelp(),
	v: (actions) => actions.toggleReveal(),
	c: (actions) => actions.copySelected(),
	q: (actions) => actions.quit(),
};

/** The list's keys: movements, Esc (clears a kept filter) and the single-key commands. */
export const listKeys: KeyHandler = (input, key, actions) => {
	const movement = movementFor(input, key);
	if (movement) {
		actions.move(movement);
		return;
	}
	if (key.escape) {
		actions.clearFilter();
		return;
	}
	if (key.return) {
		actions.loginSelected();
		return;
	}
	if (key.ctrl || key.meta || !Object.hasOwn(listCommands, input)) return;
	listCommands[input]?.(actions);
};
