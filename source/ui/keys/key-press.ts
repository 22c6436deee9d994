/**
 * Keys from what the terminal sent. Ink's input parser hands over one event per escape
 * sequence and one per run of plain text (a chunk of fast typing, or a paste without bracketed
 * paste); this module turns each event into the keys it stands for, with names the key table
 * uses. It tells Backspace (DEL) from Delete (ESC [3~), which Ink's useInput does not.
 */

/** A key by name: a printable character is its own name ('r', 'R', '/'); others are words ('up', 'enter', 'ctrl-a'). */
export type KeyName = string;

export interface KeyPress {
	name: KeyName;
	/** What the key types into a text field, for printable keys (a space included). */
	text?: string;
	/** The key came on its own, not in a run of keys read at once (fast typing, a busy machine, a paste). */
	alone?: boolean;
}

/** The markers a terminal puts around pasted text once bracketed paste is on. */
export const pasteStart = '\u001B[200~';
export const pasteEnd = '\u001B[201~';

/** Escape sequences by what follows ESC, without modifier parameters (ESC [1;5A is ↑ too). */
const sequences: Record<string, KeyName> = {
	'[A': 'up',
	'[B': 'down',
	'[C': 'right',
	'[D': 'left',
	OA: 'up',
	OB: 'down',
	OC: 'right',
	OD: 'left',
	'[H': 'home',
	'[F': 'end',
	OH: 'home',
	OF: 'end',
	'[1~': 'home',
	'[7~': 'home',
	'[4~': 'end',
	'[8~': 'end',
	'[5~': 'pageup',
	'[6~': 'pagedown',
	'[3~': 'delete',
	'[Z': 'shift-tab',
};

/** The keys one input event stands for, in the order they were typed. Unknown sequences stand for none. */
export function keyPressesOf(event: string): KeyPress[] {
	if (event === '') return [];
	if (!event.startsWith('\u001B')) return Array.from(event, keyOfCharacter);
	if (event === '\u001B') return [{name: 'escape'}];
	const body = event.slice(1);
	if (body.startsWith('[') || (body.startsWith('O') && body.length === 2)) {
		const name = sequences[withoutModifiers(body)];
		return name ? [{name}] : [];
	}
	// ESC before a sequence (Alt-arrow in some terminals): the sequence alone.
	if (body.startsWith('\u001B')) return keyPressesOf(body);
	// ESC and a key read together: tokentop has no Alt bindings, so that is Esc, then the key.
	return [{name: 'escape'}, ...keyPressesOf(body)];
}

/** `[1;5A` → `[A`, `[5;2~` → `[5~`: modifiers are not told apart. */
function withoutModifiers(body: string): string {
	return body.replace(/^\[1;\d+([A-Z])$/, '[$1').replace(/^\[(\d+);\d+~$/, '[$1~');
}

/** One character as a key. */
export function keyOfCharacter(character: string): KeyPress {
	switch (character) {
		case '\r':
		case '\n':
			return {name: 'enter'};
		case '\t':
			return {name: 'tab'};
		case '\u007F':
		case '\b':
			return {name: 'backspace'};
		case ' ':
			return {name: 'space', text: ' '};
	}
	const code = character.codePointAt(0) ?? 0;
	if (code < 0x20) return {name: `ctrl-${String.fromCodePoint(code + 0x60)}`};
	if (code >= 0x7f && code < 0xa0) return {name: 'unknown'};
	return {name: character, text: character};
}

/**
 * Whether an event of plain text is really a paste: text with a line break in it. (Keys only,
 * such as two Enters read at once, are keys.)
 */
export function looksPasted(event: string): boolean {
	// eslint-disable-next-line no-control-regex
	return !event.startsWith('\u001B') && /[\r\n]/.test(event) && /[^\u0000-\u001F\u007F]/.test(event);
}

const labels: Record<KeyName, string> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	home: 'Home',
	end: 'End',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	enter: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
	'shift-tab': 'Shift-Tab',
	backspace: 'Backspace',
	delete: 'Delete',
	space: 'Space',
	character: 'any character',
};

/** How a key is written for people: ↑, PgUp, Ctrl-W, r. */
export function keyLabel(name: KeyName): string {
	if (labels[name]) return labels[name];
	const control = /^ctrl-(.)$/.exec(name);
	return control ? `Ctrl-${control[1]!.toUpperCase()}` : name;
}
