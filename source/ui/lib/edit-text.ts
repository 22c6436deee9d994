import type {Key} from 'ink';

/**
 * Applies a keypress to a one-line text value: the new value, or undefined when the key
 * is not an edit (Enter, Esc, Tab, arrows…) so the caller can handle it.
 */
export function editText(value: string, input: string, key: Key): string | undefined {
	if (key.backspace || key.delete) return Array.from(value).slice(0, -1).join('');
	if (key.ctrl || key.meta || key.return || key.tab || key.escape) return undefined;
	if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return undefined;
	// A paste arrives as one input; drop line breaks and other control characters.
	// eslint-disable-next-line no-control-regex
	const printable = input.replace(/[\u0000-\u001F\u007F]/g, '');
	return printable === '' ? undefined : value + printable;
}
