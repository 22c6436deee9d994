/**
 * `tokentop login KIND …` logs in to a new account and stores it; when the account is stored
 * already (same kind, server and identity) it is logged in again in place, keeping its name,
 * id and place. `tokentop login NAME` does the same by name. Everything that can be refused
 * (a name taken by another account, an option that does not apply) is refused before any
 * password is asked for or any request made.
 */
import type {Account} from '../services/account.js';
import {accessExpiresAt, canReloginUnattended, identityOf, needsNoAuth} from '../services/account.js';
import {ServiceError, exitCodes, isServiceError} from '../services/errors.js';
import type {AccountKind, LoginRequest} from '../services/kind.js';
import {isKindId, kindById, kindOf, kinds} from '../services/kinds.js';
import {formatCountdown} from '../rules/time-format.js';
import {type CommandContext, say} from './context.js';
import {loginExamples, loginUsage} from './login-usage.js';
import {type ParsedLine, flag, stringOption} from './parse.js';
import {promptHidden, readSecretFromStdin} from './prompt.js';
import {shellWord} from './shell-words.js';

const sessionsModule = () => import('../services/sessions.js');

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const [first, ...rest] = line.positionals;
	if (first === undefined) throw new ServiceError('usage', `Which service? ${loginExamples().join(' | ')} | tokentop login NAME`);
	const named = rest.length === 0 ? context.store.find(first) : undefined;
	if (named) return loginAgain(context, line, named, {byName: true});
	const selected = kinds.find(kind => kind.login.selectedBy?.command === first && line.values[kind.login.selectedBy.flag] !== undefined);
	if (selected) return loginToKind(context, line, selected as unknown as AccountKind<Account>, rest);
	if (!isKindId(first)) {
		throw new ServiceError('usage', `Unknown service or account "${first}": use ${kinds.filter(kind => kind.login.selectedBy === undefined).map(kind => kind.id).join(' or ')}, or the name of a stored account (see tokentop list)`);
	}
	return loginToKind(context, line, kindById(first), rest);
}

async function loginToKind(context: CommandContext, line: ParsedLine, kind: AccountKind<Account>, operands: string[]): Promise<number> {
	const form = kind.login;
	if (operands.length !== form.commandArguments.length) throw new ServiceError('usage', `Usage: tokentop ${loginUsage(kind)}`);
	checkLoginFlags(line, kind);
	const positional = Object.fromEntries(form.commandArguments.map((name, index) => [name, operands[index]!]));
	const identifier = positional.IDENTIFIER ?? positional.USER!;
	const sessions = await sessionsModule();
	if (form.method === 'browser') return loginInBrowser(context, line, kind, identifier);
	const url = sessions.loginUrl({service: kind.id, url: positional.URL ?? stringOption(line, 'service'), insecure: context.insecure});
	const name = stringOption(line, 'name');
	const stored = sessions.storedAccountFor(context.store, kind.id, {url, identifier});
	if (stored) {
		if (name !== undefined && name !== stored.name) {
			throw new ServiceError('usage', `${identifier} at ${url} is stored already as "${stored.name}": tokentop login ${shellWord(stored.name)} logs it in again (it keeps its name)`);
		}
		return loginAgain(context, line, stored, {byName: false});
	}
	const likelyName = form.defaultName({url, identifier});
	if (name !== undefined) sessions.checkNewName(context.store, name);
	else if (likelyName !== undefined) sessions.checkNameFree(context.store, likelyName);
	const remember = stringOption(line, 'remember-password') as 'keyring' | 'plaintext' | undefined;
	// Checked before the password is asked for; the store checks again when it writes.
	const keyringProblem = remember === 'keyring' ? await (await import('../services/password-vault.js')).keyringProblem() : undefined;
	if (keyringProblem) {
		throw new ServiceError('keyring', `No usable system keyring (${keyringProblem}), nothing was stored: --remember-password plaintext keeps the password in the 0600 config file, or leave the flag out to type it again when the token expires`);
	}
	const password = await askPassword(context, line, `Password for ${identifier}: `);
	const request: LoginRequest = {
		service: kind.id,
		url,
		identifier,
		password,
		name,
		authFactorToken: stringOption(line, 'auth-factor'),
		...(form.remembersPassword ? {rememberPassword: remember ?? 'none'} : {}),
		insecure: context.insecure,
	};
	const account = await withSignInCode(context, line, request.authFactorToken, code => sessions.login(context.store, {...request, authFactorToken: code}));
	sayLoggedIn(context, account, false);
	if (request.rememberPassword === 'plaintext' && canReloginUnattended(account)) say(context.stderr, `Note: the password is stored in plain text in ${context.store.path} (mode 0600)`);
	return exitCodes.ok;
}

/**
 * A sign-in in a browser (OAuth): no password here; the server is found from the identity. An
 * identity stored already (its handle or DID, same kind) is logged in again in place.
 */
async function loginInBrowser(context: CommandContext, line: ParsedLine, kind: AccountKind<Account>, identifier: string): Promise<number> {
	const sessions = await sessionsModule();
	const service = stringOption(line, 'service');
	const url = service === undefined ? '' : sessions.loginUrl({service: kind.id, url: service, insecure: context.insecure});
	const name = stringOption(line, 'name');
	const stored = sessions.storedAccountFor(context.store, kind.id, {url, identifier});
	if (stored) {
		if (name !== undefined && name !== stored.name) {
			throw new ServiceError('usage', `${identifier} is stored already as "${stored.name}": tokentop login ${shellWord(stored.name)} logs it in again (it keeps its name)`);
		}
	} else {
		const likelyName = kind.login.defaultName({url, identifier});
		if (name !== undefined) sessions.checkNewName(context.store, name);
		else if (likelyName !== undefined) sessions.checkNameFree(context.store, likelyName);
	}
	const signedIn = await (await import('./browser-login.js')).browserLogin(context, line, {service: kind.id, url, identifier, stored: stored?.id});
	if (signedIn === undefined) return exitCodes.cancelled;
	sayLoggedIn(context, signedIn.account, signedIn.again);
	return exitCodes.ok;
}

/** Logs a stored account in again (a password typed now, or a browser sign-in); it keeps its name, id and place. */
async function loginAgain(context: CommandContext, line: ParsedLine, account: Account, how: {byName: boolean}): Promise<number> {
	const kind = kindOf(account);
	const browser = kind.login.method === 'browser';
	const notHere = ['remember-password', ...(how.byName ? ['service', 'name'] : [])].filter(option => line.values[option] !== undefined);
	if (notHere.length > 0) {
		const why = notHere[0] === 'remember-password' ? 'a re-login keeps how the password is kept; log out and log in anew to change it' : 'it is stored already';
		throw new ServiceError('usage', `--${notHere[0]} does not apply to logging "${account.name}" in again: ${why}`);
	}
	if (line.values['auth-factor'] !== undefined && !kind.login.asksForSignInCode) throw new ServiceError('usage', `--auth-factor is not for ${kind.id} accounts`);
	const notForKind = (browser ? ['password-stdin'] : ['no-browser', 'scope', 'timeout']).find(option => line.values[option] !== undefined);
	if (notForKind !== undefined) throw new ServiceError('usage', `--${notForKind} is not for ${kind.id} accounts`);
	if (browser) {
		const signedIn = await (await import('./browser-login.js')).browserLogin(context, line, {again: account.id});
		if (signedIn === undefined) return exitCodes.cancelled;
		sayLoggedIn(context, signedIn.account, true);
		return exitCodes.ok;
	}
	const password = await askPassword(context, line, `Password for ${identityOf(account)} ("${account.name}"): `);
	const {relogin} = await sessionsModule();
	const again = await withSignInCode(context, line, stringOption(line, 'auth-factor'), code => relogin(context.store, account.id, password, code));
	sayLoggedIn(context, again, true);
	return exitCodes.ok;
}

function sayLoggedIn(context: CommandContext, account: Account, again: boolean): void {
	if (again) say(context.stdout, `Logged in again as ${who(account)} at ${account.url} — "${account.name}" keeps its name and place, ${validity(context, account)}`);
	else say(context.stdout, `Logged in as ${who(account)} at ${account.url} — saved as "${account.name}", ${validity(context, account)}`);
}

/**
 * Runs a login; when the server emails a sign-in code, asks for it on a terminal and tries once
 * more, else lets the failure tell the script how to pass it (--auth-factor).
 */
async function withSignInCode(context: CommandContext, line: ParsedLine, given: string | undefined, attempt: (code: string | undefined) => Promise<Account>): Promise<Account> {
	try {
		return await attempt(given);
	} catch (error) {
		if (!isServiceError(error) || error.kind !== 'auth-factor-required' || given || !context.stdin.isTTY || flag(line, 'password-stdin')) throw error;
		say(context.stderr, error.message);
		const code = await promptHidden('Sign-in code from the email: ', context.stdin);
		return attempt(code.trim());
	}
}

function who(account: Account): string {
	const did = kindOf(account).did(account);
	return `${identityOf(account)}${did ? ` (${did})` : ''}`;
}

function validity(context: CommandContext, account: Account): string {
	return needsNoAuth(account) ? 'the server needs no authentication' : `access token valid ${formatCountdown(accessExpiresAt(account) - context.clock())}`;
}

/** Options that mean nothing for this kind are refused, naming the kinds they are for. */
function checkLoginFlags(line: ParsedLine, kind: AccountKind<Account>): void {
	const refuse = (option: string, fits: (candidate: AccountKind<Account>) => boolean) => {
		if (line.values[option] === undefined || fits(kind)) return;
		const forKinds = kinds.filter(candidate => fits(candidate as unknown as AccountKind<Account>)).map(candidate => candidate.id);
		throw new ServiceError('usage', `--${option} is for ${forKinds.join(' and ')} accounts, not ${kind.id}`);
	};
	refuse('service', candidate => !candidate.login.commandArguments.includes('URL'));
	refuse('auth-factor', candidate => candidate.login.asksForSignInCode);
	refuse('remember-password', candidate => candidate.login.remembersPassword);
	const browser = (candidate: AccountKind<Account>) => candidate.login.method === 'browser';
	for (const option of ['no-browser', 'scope', 'timeout']) refuse(option, browser);
	refuse('password-stdin', candidate => !browser(candidate));
	for (const candidate of kinds) {
		const selector = candidate.login.selectedBy?.flag;
		if (selector !== undefined) refuse(selector, other => other.id === candidate.id);
	}
}

async function askPassword(context: CommandContext, line: ParsedLine, question: string): Promise<string> {
	if (flag(line, 'password-stdin')) return readSecretFromStdin(context.stdin);
	return promptHidden(question, context.stdin);
}
