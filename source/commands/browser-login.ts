/**
 * `tokentop login bluesky HANDLE --oauth`: a sign-in in a browser. The address is printed on
 * a line of its own (and a browser opened when this machine has a display); tokentop then
 * waits for the browser to come back to its loopback address, or for the person to paste the
 * address the browser ended on (over SSH the redirect cannot reach this machine) — from a
 * terminal or a pipe. Ctrl-C cancels (exit 130); a timeout ends the wait.
 */
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {type Account} from '../services/account.js';
import {ServiceError} from '../services/errors.js';
import {type CommandContext, say} from './context.js';
import {type ParsedLine, flag, stringOption} from './parse.js';

/** The stored account, or undefined when the person cancelled (Ctrl-C). */
export async function browserLogin(context: CommandContext, line: ParsedLine, target: {service: string; url: string; identifier: string}): Promise<Account | undefined> {
	const timeoutText = stringOption(line, 'timeout');
	const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText) * 1000;
	if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)) throw new ServiceError('usage', '--timeout takes a whole number of seconds');
	const cancel = new AbortController();
	const onInterrupt = () => cancel.abort();
	process.once('SIGINT', onInterrupt);
	const pasted = createInterface({input: context.stdin, terminal: false});
	const {login} = await import('../services/sessions.js');
	try {
		const account = await login(
			context.store,
			{
				service: target.service,
				url: target.url,
				identifier: target.identifier,
				password: '',
				name: stringOption(line, 'name'),
				scope: stringOption(line, 'scope'),
				insecure: context.insecure,
			},
			{
				showAddress(url) {
					context.stderr.write('Open this address in a browser and sign in (or paste here the address the browser ends on):\n');
					context.stdout.write(`${url}\n`);
					if (!flag(line, 'no-browser')) openBrowser(url);
				},
				pastedLines: pasted,
				onPasteRefused: message => context.stderr.write(`${message}\n`),
				signal: cancel.signal,
				...(timeoutMs === undefined ? {} : {timeoutMs}),
			},
		);
		return account;
	} catch (error) {
		if (!cancel.signal.aborted) throw error;
		say(context.stderr, 'The sign-in was cancelled');
		return undefined;
	} finally {
		process.off('SIGINT', onInterrupt);
		pasted.close();
		context.stdin.destroy();
	}
}

/** Opens the address where a browser can show it; never fails (over SSH there is none). */
function openBrowser(url: string): void {
	const program = process.platform === 'darwin' ? 'open' : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
	if (program === undefined) return;
	try {
		const child = spawn(program, [url], {detached: true, stdio: 'ignore'});
		child.on('error', () => undefined);
		child.unref();
	} catch {
		// No opener: the printed address is enough.
	}
}
