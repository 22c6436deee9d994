/**
 * A fast path in front of Ink's sanitize-ansi (ink/build/sanitize-ansi.js), put there by the
 * build (esbuild-plugin.mjs). Ink runs it on every Text's squashed content at every nesting
 * level, for the layout pass and again for the drawing pass, tokenising the whole string each
 * time. What the app draws holds only colour codes (SGR: ESC [ digits ; : m), which Ink keeps
 * as they are, so such a string comes back unchanged; anything else goes to Ink's own
 * function. Pinned to it by test/ink-patches/sanitize-ansi.test.ts.
 */

/** Only text, plain SGR sequences and no C1 controls (U+0080–U+009F) — what Ink leaves untouched. */
// eslint-disable-next-line no-control-regex -- matching escape codes is the point
const onlyColourCodes = /^(?:[^\u001B\u0080-\u009F]|\u001B\[[\d:;]*m)*$/;

const c1Control = /[\u0080-\u009F]/;

/** Whether Ink's sanitizeAnsi gives this text back unchanged, decided without tokenising it. */
export function isLeftAsIs(text: string): boolean {
	if (!text.includes('\u001B') && !c1Control.test(text)) return true;
	return onlyColourCodes.test(text);
}

/** Ink's function with the fast path in front. */
export function sanitizeAnsiWith(inkSanitizeAnsi: (text: string) => string): (text: string) => string {
	return text => (isLeftAsIs(text) ? text : inkSanitizeAnsi(text));
}
