/** The `?` help's lines, made from the key table (a heading per context, then its keys) and the state table. */
import {stateLooks} from '../../rules/account-state.js';
import {keyLabel} from './key-press.js';
import {contextTitles, keyTable, type KeyBinding, type KeyContext} from './key-table.js';

export type HelpLine = {kind: 'heading'; text: string} | {kind: 'entry'; keys: string; text: string};

/** How a binding's keys are written: `↑ k`, `Home Ctrl-A`. */
export function keysText(binding: KeyBinding): string {
	return binding.keys.map(keyLabel).join(' ');
}

function build(): HelpLine[] {
	const lines: HelpLine[] = [];
	for (const context of Object.keys(contextTitles) as KeyContext[]) {
		const bindings = keyTable.filter((binding) => binding.context === context);
		if (bindings.length === 0) continue;
		lines.push({kind: 'heading', text: contextTitles[context]});
		for (const binding of bindings) lines.push({kind: 'entry', keys: keysText(binding), text: binding.help});
	}
	lines.push({kind: 'heading', text: 'states'});
	for (const look of Object.values(stateLooks)) lines.push({kind: 'entry', keys: `${look.symbol} ${look.word}`, text: look.meaning});
	return lines;
}

export const helpLines: readonly HelpLine[] = build();
