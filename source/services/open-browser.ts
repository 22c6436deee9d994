/**
 * Opens an address in the user's browser where this machine has one (macOS, or a desktop
 * session with DISPLAY / WAYLAND_DISPLAY). Never fails: over SSH there is no browser here, and
 * the address shown on its own line is enough.
 */
import {spawn} from 'node:child_process';

/** Whether a browser opener was started (false: the person opens the address themselves). */
export function openBrowser(url: string): boolean {
	const program = process.platform === 'darwin' ? 'open' : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
	if (program === undefined) return false;
	try {
		const child = spawn(program, [url], {detached: true, stdio: 'ignore'});
		child.on('error', () => undefined);
		child.unref();
		return true;
	} catch {
		return false;
	}
}
