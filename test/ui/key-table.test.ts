import assert from 'node:assert/strict';
import {test} from 'node:test';
import {anyCharacter, contextTitles, keyTable} from '../../source/ui/keys/key-table.js';

test('in each context a key has one meaning (a later binding only where an earlier one has a condition)', () => {
	for (const context of Object.keys(contextTitles)) {
		const unconditional = new Map<string, string>();
		for (const binding of keyTable.filter((candidate) => candidate.context === context)) {
			for (const key of binding.keys) {
				assert.ok(!unconditional.has(key), `${key} in ${context}: "${binding.help}" is shadowed by "${unconditional.get(key)}"`);
				if (!binding.when) unconditional.set(key, binding.help);
			}
		}
	}
});

test('every binding is explained, and every hint is short', () => {
	for (const binding of keyTable) {
		assert.ok(binding.keys.length > 0 && binding.help.length > 3, binding.help);
		if (binding.hint && typeof binding.hint.text === 'string') assert.ok(binding.hint.text.length <= 24, binding.hint.text);
	}
	assert.ok(keyTable.some((binding) => binding.keys.includes(anyCharacter)), 'text fields take typed characters');
});

test('? help and q quit are never the first hints to go', () => {
	const priorities = keyTable.filter((binding) => binding.context === 'list' && binding.hint).map((binding) => binding.hint!.priority);
	const kept = keyTable.filter((binding) => binding.context === 'list' && ['?', 'q'].includes(binding.keys[0]!)).map((binding) => binding.hint!.priority);
	for (const priority of kept) assert.equal(priority, Math.max(...priorities));
});
