/** Drives a program in a real terminal (tmux): type keys, read the screen, poll until it shows something. */
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export class TmuxSession {
	readonly name = `tokentop-e2e-${randomBytes(4).toString('hex')}`;

	constructor(command: string, options: {columns?: number; rows?: number; env?: Record<string, string>} = {}) {
		const environment = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		tmux('new-session', '-d', '-s', this.name, '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), ...environment, command);
		// Keep the pane after the program ends, so the screen it leaves behind can be read.
		tmux('set-option', '-t', this.name, 'remain-on-exit', 'on');
	}

	screen(): string {
		return tmux('capture-pane', '-p', '-t', this.name);
	}

	/** Whether the pane is on the alternate screen. */
	alternateScreen(): boolean {
		return tmux('display-message', '-p', '-t', this.name, '#{alternate_on}').trim() === '1';
	}

	exited(): boolean {
		return tmux('display-message', '-p', '-t', this.name, '#{pane_dead}').trim() === '1';
	}

	press(...keys: string[]): void {
		tmux('send-keys', '-t', this.name, ...keys);
	}

	type(text: string): void {
		tmux('send-keys', '-t', this.name, '-l', text);
	}

	/**
	 * Pastes text as a terminal does: bracketed (`paste-buffer -p`: wrapped in the paste markers
	 * when the program asked for bracketed paste) or not (the text as if typed in one go).
	 * Line feeds become carriage returns, as in a terminal.
	 */
	paste(text: string, options: {bracketed: boolean}): void {
		const buffer = `${this.name}-paste`;
		tmux('set-buffer', '-b', buffer, text);
		tmux('paste-buffer', '-d', ...(options.bracketed ? ['-p'] : []), '-b', buffer, '-t', this.name);
	}

	/** The process the pane runs (the shell of a shell command line). */
	panePid(): number {
		return Number(tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim());
	}

	resize(columns: number, rows: number): void {
		tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
	}

	async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.screen();
			if (predicate(screen)) return screen;
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		throw new Error(`Timed out waiting for ${what}. Screen:\n${screen}`);
	}

	async waitForText(text: string | RegExp, timeoutMs?: number): Promise<string> {
		return this.waitFor(screen => (typeof text === 'string' ? screen.includes(text) : text.test(screen)), String(text), timeoutMs);
	}

	kill(): void {
		try {
			tmux('kill-session', '-t', this.name);
		} catch {
			// Already gone.
		}
	}
}

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}
