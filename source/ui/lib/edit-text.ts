/**
 * One line of editable text with a cursor, and the edits a text field knows. Pure: the store
 * applies them (to a secret kept outside React, or to a field in the UI state). Positions
 * count code points, so an emoji is one step of the cursor.
 */

export interface TextState {
	text: string;
	/** Code points before the cursor: 0 … length. */
	cursor: number;
}

export type TextEdit =
	| {type: 'insert'; text: string}
	| {type: 'backspace'}
	| {type: 'delete'}
	| {type: 'left'}
	| {type: 'right'}
	| {type: 'start'}
	| {type: 'end'}
	| {type: 'delete-to-start'}
	| {type: 'delete-word'};

export const emptyText: TextState = {text: '', cursor: 0};

/** A text with the cursor at its end. */
export function textAtEnd(text: string): TextState {
	return {text, cursor: Array.from(text).length};
}

/** The edited text; the same object when the edit changes nothing. */
export function editText(state: TextState, edit: TextEdit): TextState {
	const characters = Array.from(state.text);
	const cursor = Math.min(Math.max(state.cursor, 0), characters.length);
	const before = characters.slice(0, cursor);
	const after = characters.slice(cursor);
	const next = (left: string[], right: string[]): TextState => {
		const text = left.join('') + right.join('');
		if (text === state.text && left.length === state.cursor) return state;
		return {text, cursor: left.length};
	};
	switch (edit.type) {
		case 'insert':
			return next([...before, ...Array.from(singleLine(edit.text))], after);
		case 'backspace':
			return next(before.slice(0, -1), after);
		case 'delete':
			return next(before, after.slice(1));
		case 'left':
			return next(before.slice(0, -1), [...before.slice(-1), ...after]);
		case 'right':
			return next([...before, ...after.slice(0, 1)], after.slice(1));
		case 'start':
			return next([], characters);
		case 'end':
			return next(characters, []);
		case 'delete-to-start':
			return next([], after);
		case 'delete-word':
			return next(before.slice(0, wordStart(before)), after);
	}
}

/** Where the word before the cursor starts, after skipping the spaces right before it (like a shell's Ctrl-W). */
function wordStart(before: string[]): number {
	let index = before.length;
	while (index > 0 && /\s/u.test(before[index - 1]!)) index--;
	while (index > 0 && !/\s/u.test(before[index - 1]!)) index--;
	return index;
}

/**
 * Text for a one-line field: line breaks inside become one space (at the ends they go), tabs
 * become spaces, other control characters go. A pasted line break never reaches a key handler.
 */
export function singleLine(text: string): string {
	return (
		text
			// eslint-disable-next-line no-control-regex
			.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '')
			.replace(/^[\r\n]+|[\r\n]+$/g, '')
			.replace(/[\r\n]+/g, ' ')
			.replace(/\t/g, ' ')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u001F\u007F-\u009F]/g, '')
	);
}

/** What may be shown of a secret being typed: how long it is and where the cursor is, never the text. */
export interface MaskedText {
	length: number;
	cursor: number;
}

export const emptyMask: MaskedText = {length: 0, cursor: 0};

export function maskOf(state: TextState): MaskedText {
	return {length: Array.from(state.text).length, cursor: state.cursor};
}
