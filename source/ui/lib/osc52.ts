/**
 * OSC 52 asks the terminal to put text on the system clipboard. It works over ssh and in
 * tmux (with set-clipboard on) and never shows the text on the screen.
 */
export function clipboardSequence(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
