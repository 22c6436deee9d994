/**
 * A drop-in for Ink's sanitize-ansi (ink/build/sanitize-ansi.js), swapped in by the build.
 * Ink runs it on every Text's squashed content at every nesting level, for the layout pass
 * and again for the drawing pass, tokenising the whole string each time. What the app draws
 * holds only colour codes (SGR: ESC [ digits ; : m), which Ink keeps as they are, so such a
 * string comes back unchanged; anything else goes to Ink's own function. Pinned to it by
 * test/ui/render/sanitize-ansi.test.ts.
 */
import inkSanitizeAnsi from '../../../node_modules/ink/build/sanitize-ansi.js';

/** Only text, plain SGR sequences and no C1 controls (U+0080–U+009F) — what Ink leaves untouched. */
// eslint-disable-next-line no-control-regex -- matching escape codes is the point
const onlyColourCodes = /^(?:[^\u001B\u0080-\u009F]|\u001B\[[\d:;]*m)*$/;

const c1Control = /[\u0080-\u009F]/;

export default function sanitizeAnsi(text: string): string {
	if (!text.includes('\u001B') && !c1Control.test(text)) return text;
	return onlyColourCodes.test(text) ? text : inkSanitizeAnsi(text);
}
