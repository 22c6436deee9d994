/**
 * `tokentop login bluesky HANDLE --oauth` (and `tokentop login NAME` of such an account): a
 * sign-in in a browser. The address is printed on a line of its own (and a browser opened when
 * this machine has a display); tokentop then waits for the browser to come back to its
 * loopback address, or for the person to paste the address the browser ended on (over SSH
 * the redirect cannot reach this machine) — from a terminal or a pipe. Ctrl-C cancels (exit
 * 130); a timeout ends the wait.
 */
import {createInterface} from 'node:readline';
import {ServiceError} from '../services/errors.js';
import type {InteractiveLoginIo, LoginRequest} from '../services/kind.js';
import {openBrowser} from '../services/open-browser.js';
import type {BrowserSignIn} from '../services/sessions.js';
import {type CommandContext, say} from './context.js';
import {type ParsedLine, flag, stringOption} from './parse.js';

/**
 * What to sign in to: an identity typed on the command line (`stored`: the id of the stored
 * account it names, logged in again in place), or (`again`) a stored account by itself.
 */
export type BrowserLoginTarget = {service: string; url: string; identifier: string; stored?: string} | {again: string};

/** The stored account (and whether it was logged in again), or undefined when the person cancelled (Ctrl-C). */
export async function browserLogin(context: CommandContext, line: ParsedLine, target: BrowserLoginTarget): Promise<BrowserSignIn | undefined> {
	const timeoutText = stringOption(line, 'timeout');
	const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText) * 1000;
	if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)) throw new ServiceError('usage', '--timeout takes a whole number of seconds');
	const cancel = new AbortController();
	const onInterrupt = () => cancel.abort();
	process.once('SIGINT', onInterrupt);
	const pasted = createInterface({input: context.stdin, terminal: false});
	const sessions = await import('../services/sessions.js');
	const scope = stringOption(line, 'scope');
	const io: InteractiveLoginIo = {
		showAddress(url) {
			context.stderr.write('Open this address in a browser and sign in (or paste here the address the browser ends on):\n');
			context.stdout.write(`${url}\n`);
			if (!flag(line, 'no-browser')) openBrowser(url);
		},
		pastedLines: pasted,
		onPasteRefused: message => context.stderr.write(`${message}\n`),
		signal: cancel.signal,
		...(timeoutMs === undefined ? {} : {timeoutMs}),
	};
	try {
		if ('again' in target) {
			return {account: await sessions.reloginInBrowser(context.store, target.again, io, {scope, insecure: context.insecure}), again: true};
		}
		const {stored, ...typed} = target;
		const request: LoginRequest = {...typed, password: '', name: stringOption(line, 'name'), scope, insecure: context.insecure};
		return await sessions.signInInBrowser(context.store, request, io, stored);
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
