/** The key-hint line, made from the key table: what the keys do right now, cut to the width by priority. */
import {fitByPriority, type Part} from '../lib/fit-by-priority.js';
import type {UiView} from '../store/ui-view.js';
import {contextsOf, keyTable} from './key-table.js';

export const hintSeparator = '  ';

/** The hints that apply in this view, in the table's order. */
export function hintParts(view: UiView): Part[] {
	const parts: Part[] = [];
	for (const context of contextsOf(view)) {
		for (const binding of keyTable) {
			if (binding.context !== context || !binding.hint || !(binding.when?.(view) ?? true)) continue;
			const {text, priority} = binding.hint;
			const words = typeof text === 'string' ? text : text(view);
			if (words !== undefined && !parts.some((part) => part.text === words)) parts.push({text: words, priority});
		}
	}
	return parts;
}

/** The hint line for a width: the least important hints are left out first, never cut in half. */
export function hintLine(view: UiView, width: number): string {
	return fitByPriority(hintParts(view), width, hintSeparator)
		.map((part) => part.text)
		.join(hintSeparator);
}
