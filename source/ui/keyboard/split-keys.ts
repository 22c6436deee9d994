/**
 * Ink hands a read chunk of plain text to useInput as ONE input ("/writ" when a person types
 * fast, pastes, or the machine is busy), and Esc followed quickly by a key as that key with
 * meta. tokentop has single-key commands and no Alt bindings, so both are split back into the
 * keys they were: each key then goes to whichever mode owns the keyboard after the key before.
 * Escape sequences (arrows, PgUp…) already arrive on their own: Ink's parser splits them out.
 */
import type {Key} from 'ink';

export interface KeyPress {
	input: string;
	key: Key;
}

export const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

const flags = [
	'upArrow',
	'downArrow',
	'leftArrow',
	'rightArrow',
	'pageDown',
	'pageUp',
	'home',
	'end',
	'return',
	'escape',
	'ctrl',
	'tab',
	'backspace',
	'delete',
	'super',
	'hyper',
] as const satisfies ReadonlyArray<keyof Key>;

/** The keys one useInput call stands for, in the order they were typed. */
export function splitKeys(input: string, key: Key): KeyPress[] {
	const named = flags.some((flag) => key[flag]);
	const characters = Array.from(input);
	if (!named && key.meta && characters.length === 1) {
		// ESC and a key in one chunk: Esc, then the key.
		return [{input: '', key: {...noKey, escape: true, meta: true}}, ...splitKeys(input, {...key, meta: false})];
	}
	if (named || key.meta || characters.length <= 1) return [{input, key}];
	return characters.map(keyOfCharacter);
}

/** One character of a text chunk as Ink would have reported it alone. */
export function keyOfCharacter(character: string): KeyPress {
	if (character === '\r' || character === '\n') return {input: '', key: {...noKey, return: true}};
	if (character === '\t') return {input: '', key: {...noKey, tab: true}};
	if (character === '\u007F' || character === '\b') return {input: '', key: {...noKey, backspace: true}};
	const code = character.codePointAt(0) ?? 0;
	if (code < 0x20) return {input: String.fromCodePoint(code + 0x60), key: {...noKey, ctrl: true}};
	return {input: character, key: {...noKey, shift: /^[A-Z]$/.test(character)}};
}
