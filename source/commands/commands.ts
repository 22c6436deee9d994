/**
 * The plain commands for scripts: no full screen, one result per line, errors as one line on
 * stderr (the caller maps them to exit codes). Tokens are printed only by `token`.
 */
import type {Account, ServiceKind} from '../services/account.js';
import {accessExpiresAt, accessTokenOf, canReloginUnattended, identityOf, isUsable, needsNoAuth} from '../services/account.js';
import type {AccountKind, LoginRequest} from '../services/kind.js';
import {isKindId, kindById, kindIds, kindOf, kinds} from '../services/kinds.js';
import {type DisplayState, displayStateOf, stateLooks} from '../rules/account-state.js';
import {ServiceError, describeError, exitCodeFor, exitCodes, isServiceError} from '../services/errors.js';
// The network side (got, the keyring's native addon) is imported where it is used, so that
// `tokentop token NAME` with a still-valid token loads none of it.
const refreshModule = () => import('../services/refresh.js');
const sessionsModule = () => import('../services/sessions.js');
import type {TokenStore} from '../services/store/token-store.js';
import {type ParsedArgs, booleanFlag, parseArgs, stringFlag} from './args.js';
import {formatCountdown} from '../rules/time-format.js';
import {promptHidden, readSecretFromStdin} from './prompt.js';

export interface CommandContext {
	store: TokenStore;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadStream;
	clock: () => number;
	insecure: boolean;
}

const line = (stream: NodeJS.WritableStream, text: string) => stream.write(`${text}\n`);

export async function loginCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {
		service: {value: true},
		name: {value: true},
		'password-stdin': {},
		'auth-factor': {value: true},
		'remember-password': {value: true},
		...Object.fromEntries(selectorFlags().map(flag => [flag, {}])),
		'no-browser': {},
		scope: {value: true},
		timeout: {value: true},
	});
	const [named, ...rest] = args.positionals;
	const service = kindIdForLogin(named, args);
	const kind = kindById(service);
	const form = kind.login;
	if (rest.length !== form.commandArguments.length) throw new ServiceError('usage', `Usage: ${loginUsage(kind)}`);
	checkLoginFlags(args, kind);
	const positional = Object.fromEntries(form.commandArguments.map((name, index) => [name, rest[index]!]));
	const identifier = positional.IDENTIFIER ?? positional.USER!;
	const remember = stringFlag(args, 'remember-password');
	if (remember !== undefined && remember !== 'keyring' && remember !== 'plaintext') {
		throw new ServiceError('usage', '--remember-password takes keyring or plaintext');
	}
	// Checked before the password is asked for; the store checks again when it writes.
	const keyringProblem = remember === 'keyring' ? await (await import('../services/password-vault.js')).keyringProblem() : undefined;
	if (keyringProblem) {
		throw new ServiceError('keyring', `No usable system keyring (${keyringProblem}), nothing was stored: --remember-password plaintext keeps the password in the 0600 config file, or leave the flag out to type it again when the token expires`);
	}
	if (form.method === 'browser') return (await import('./browser-login.js')).browserLogin(context, args, {service, identifier});
	const password = await askPassword(context, args, `Password for ${identifier}: `);
	const request: LoginRequest = {
		service,
		url: positional.URL ?? stringFlag(args, 'service') ?? form.defaultUrl,
		identifier,
		password,
		name: stringFlag(args, 'name'),
		authFactorToken: stringFlag(args, 'auth-factor'),
		...(form.remembersPassword ? {rememberPassword: remember ?? 'none'} : {}),
		insecure: context.insecure,
	};
	const {login} = await sessionsModule();
	let account;
	try {
		account = await login(context.store, request);
	} catch (error) {
		// Email 2FA: ask for the code on a terminal, else tell the script how to pass it.
		if (!isServiceError(error) || error.kind !== 'auth-factor-required' || request.authFactorToken || !context.stdin.isTTY || booleanFlag(args, 'password-stdin')) throw error;
		line(context.stderr, error.message);
		const code = await promptHidden('Sign-in code from the email: ', context.stdin);
		account = await login(context.store, {...request, authFactorToken: code.trim()});
	}
	reportLogin(context, account);
	if (request.rememberPassword === 'plaintext' && canReloginUnattended(account)) line(context.stderr, `Note: the password is stored in plain text in ${context.store.path} (mode 0600)`);
	return exitCodes.ok;
}

/** The line a successful login prints. */
export function reportLogin(context: CommandContext, account: Account): void {
	const did = kindOf(account).did(account);
	const validity = needsNoAuth(account) ? 'the server needs no authentication' : `access token valid ${formatCountdown(accessExpiresAt(account) - context.clock())}`;
	line(context.stdout, `Logged in as ${identityOf(account)}${did ? ` (${did})` : ''} at ${account.url} — saved as "${account.name}", ${validity}`);
}

function loginExamples(): string[] {
	return kinds.map(kind => `tokentop login ${kind.login.selectedBy?.command ?? kind.id} ${kind.login.commandArguments.join(' ')}${kind.login.selectedBy ? ` --${kind.login.selectedBy.flag}` : ''}`);
}

/** Flags that choose another kind for a command's service (e.g. bluesky --oauth). */
function selectorFlags(): string[] {
	return kinds.flatMap(kind => (kind.login.selectedBy ? [kind.login.selectedBy.flag] : []));
}

/** The kind `login SERVICE …` means: the one a selector flag picks, else the service named. */
function kindIdForLogin(named: string | undefined, args: ParsedArgs): ServiceKind {
	if (named === undefined) throw new ServiceError('usage', `Which service? ${loginExamples().join(' | ')}`);
	const selected = kinds.find(kind => kind.login.selectedBy?.command === named && args.flags.has(kind.login.selectedBy.flag));
	if (selected) return selected.id;
	if (!isKindId(named)) throw new ServiceError('usage', `Unknown service "${named}": use ${kindIds.join(' or ')}`);
	return named;
}

function loginUsage(kind: AccountKind<Account>): string {
	const form = kind.login;
	const flags = form.method === 'browser' ? ['[--name NAME]', '[--no-browser]', '[--scope S]', '[--timeout SECONDS]'] : ['[--name NAME]', '[--password-stdin]'];
	if (!form.commandArguments.includes('URL')) flags.unshift('[--service URL]');
	if (form.asksForSignInCode) flags.push('[--auth-factor CODE]');
	if (form.remembersPassword) flags.push('[--remember-password keyring|plaintext]');
	const selector = form.selectedBy ? ` --${form.selectedBy.flag}` : '';
	return `tokentop login ${form.selectedBy?.command ?? kind.id} ${form.commandArguments.join(' ')}${selector} ${flags.join(' ')}`;
}

/** Flags that mean nothing for this kind are refused, naming the kinds they are for. */
function checkLoginFlags(args: ParsedArgs, kind: AccountKind<Account>): void {
	const refuse = (flag: string, fits: (candidate: AccountKind<Account>) => boolean) => {
		if (!args.flags.has(flag) || fits(kind)) return;
		const forKinds = kinds.filter(candidate => fits(candidate as unknown as AccountKind<Account>)).map(candidate => candidate.id);
		throw new ServiceError('usage', `--${flag} is for ${forKinds.join(' and ')} accounts, not ${kind.id}`);
	};
	refuse('service', candidate => !candidate.login.commandArguments.includes('URL'));
	refuse('auth-factor', candidate => candidate.login.asksForSignInCode);
	refuse('remember-password', candidate => candidate.login.remembersPassword);
	const browser = (candidate: AccountKind<Account>) => candidate.login.method === 'browser';
	for (const flag of ['no-browser', 'scope', 'timeout']) refuse(flag, browser);
	refuse('password-stdin', candidate => !browser(candidate));
	for (const flag of selectorFlags()) refuse(flag, candidate => candidate.login.selectedBy?.flag === flag);
}

async function askPassword(context: CommandContext, args: ParsedArgs, question: string): Promise<string> {
	if (booleanFlag(args, 'password-stdin')) return readSecretFromStdin(context.stdin);
	return promptHidden(question, context.stdin);
}

export interface ListedAccount {
	name: string;
	service: string;
	identity: string;
	url: string;
	did: string | null;
	accessExpiresAt: string | null;
	refreshExpiresAt: string | null;
	/** Only for kinds whose sessions end whatever refreshing does (null when not yet known). */
	sessionEndsAt?: string | null;
	status: string;
}

/** One account for `list --json`; `status` is the state's stable id (the same state the app shows). */
export function listedAccount(account: Account, now: number): ListedAccount {
	const kind = kindOf(account);
	const refreshExpiresAt = kind.refreshExpiresAt(account);
	return {
		name: account.name,
		service: account.service,
		identity: identityOf(account),
		url: account.url,
		did: kind.did(account) ?? null,
		accessExpiresAt: needsNoAuth(account) ? null : new Date(accessExpiresAt(account)).toISOString(),
		refreshExpiresAt: refreshExpiresAt === undefined ? null : new Date(refreshExpiresAt).toISOString(),
		...(kind.sessionEndsAt === undefined ? {} : {sessionEndsAt: new Date(kind.sessionEndsAt(account)).toISOString()}),
		status: stateLooks[stateOf(account, now)].id,
	};
}

function stateOf(account: Account, now: number): DisplayState {
	return displayStateOf({account, refreshing: false}, now);
}

export async function listCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {json: {}});
	if (args.positionals.length > 0) throw new ServiceError('usage', 'list takes no arguments');
	const now = context.clock();
	const accounts = sortedAccounts(context.store);
	if (booleanFlag(args, 'json')) {
		line(context.stdout, JSON.stringify(accounts.map(account => listedAccount(account, now)), null, 2));
		return exitCodes.ok;
	}
	if (accounts.length === 0) {
		line(context.stdout, `No accounts yet. Add one: ${loginExamples().join(', or ')}`);
		return exitCodes.ok;
	}
	const rows = accounts.map(account => [
		account.name,
		account.service,
		identityOf(account),
		stateLooks[stateOf(account, now)].word,
		needsNoAuth(account) ? '—' : formatCountdown(accessExpiresAt(account) - now),
	]);
	for (const row of table([['NAME', 'SERVICE', 'IDENTITY', 'STATUS', 'TIME LEFT'], ...rows])) line(context.stdout, row);
	return exitCodes.ok;
}

function table(rows: string[][]): string[] {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

function sortedAccounts(store: TokenStore): Account[] {
	return store.read().sort((a, b) => a.name.localeCompare(b.name));
}

export function findAccount(store: TokenStore, name: string): Account {
	const account = store.find(name);
	if (!account) throw new ServiceError('usage', `No account named "${name}" (see tokentop list)`);
	return account;
}

export async function refreshCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {all: {}, concurrency: {value: true}});
	const all = booleanFlag(args, 'all');
	if (all === (args.positionals.length > 0)) throw new ServiceError('usage', 'Usage: tokentop refresh NAME… | --all');
	const concurrency = Number(stringFlag(args, 'concurrency') ?? 8);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ServiceError('usage', '--concurrency takes a whole number from 1 to 64');
	// By name, as `list` shows them (the collator compares as localeCompare does, set up once).
	const byName = new Intl.Collator().compare;
	const accounts = all ? context.store.read().sort((a, b) => byName(a.name, b.name)) : args.positionals.map(name => findAccount(context.store, name));
	const {RefreshCoordinator} = await refreshModule();
	const coordinator = new RefreshCoordinator(context.store, context.clock);
	// Result lines go out together once per turn of the event loop instead of one write each.
	// Each is queued only after its refresh settled, i.e. after the new credential was fsynced.
	let pendingOut = '';
	const flushOut = () => {
		if (pendingOut) context.stdout.write(pendingOut);
		pendingOut = '';
	};
	const report = (text: string) => {
		if (!pendingOut) setImmediate(flushOut);
		pendingOut += `${text}\n`;
	};
	let worst: number = exitCodes.ok;
	let next = 0;
	const worker = async () => {
		while (next < accounts.length) {
			const account = accounts[next++]!;
			try {
				const refreshed = await coordinator.refresh(account.id);
				const what = needsNoAuth(refreshed) ? 'no authentication needed' : `valid ${formatCountdown(accessExpiresAt(refreshed) - context.clock())}`;
				report(`${account.name}: refreshed, ${what}`);
			} catch (error) {
				line(context.stderr, `${account.name}: ${describeError(error)}`);
				worst = Math.max(worst, exitCodeFor(error));
			}
		}
	};
	try {
		await Promise.all(Array.from({length: Math.min(concurrency, accounts.length)}, worker));
	} finally {
		flushOut();
	}
	// Every result is in the fsync'd journal already; it is folded into config.json when it
	// outgrows it (and when the app closes), not rewritten after every run.
	return worst;
}

export async function tokenCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {'min-valid': {value: true}});
	if (args.positionals.length !== 1) throw new ServiceError('usage', 'Usage: tokentop token NAME [--min-valid SECONDS]');
	const minValidText = stringFlag(args, 'min-valid') ?? '60';
	const minValid = Number(minValidText);
	if (!/^\d+$/.test(minValidText) || !Number.isSafeInteger(minValid)) throw new ServiceError('usage', '--min-valid takes a whole number of seconds');
	const account = findAccount(context.store, args.positionals[0]!);
	const refusal = kindOf(account).tokenRefusal;
	if (refusal !== undefined) throw new ServiceError('usage', `${account.name}: ${refusal}`);
	if (!isUsable(account) && !canReloginUnattended(account)) {
		// The stored token was rejected: never hand it out as valid, unless a remembered password can log in again.
		throw new ServiceError('needs-login', `${account.name} needs a new login: ${account.statusMessage ?? 'the server rejected its token'}`);
	}
	const stillValid = isUsable(account) && (needsNoAuth(account) || accessExpiresAt(account) - context.clock() >= minValid * 1000);
	// Fast path: a valid token is printed without loading the network code at all.
	const fresh = stillValid ? account : await new (await refreshModule()).RefreshCoordinator(context.store, context.clock).refresh(account.id, {minValidMs: minValid * 1000});
	if (!needsNoAuth(fresh) && accessExpiresAt(fresh) <= context.clock()) {
		throw new ServiceError('bad-answer', `${new URL(fresh.url).host} issued an access token that has expired already (check the server's clock)`);
	}
	context.stdout.write(`${accessTokenOf(fresh)}\n`);
	return exitCodes.ok;
}

export async function logoutCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {force: {}});
	if (args.positionals.length !== 1) throw new ServiceError('usage', 'Usage: tokentop logout NAME [--force]');
	const account = findAccount(context.store, args.positionals[0]!);
	const {serverMessage} = await (await sessionsModule()).logout(context.store, account.id, {force: booleanFlag(args, 'force')});
	line(context.stdout, `Logged out "${account.name}" (${serverMessage})`);
	return exitCodes.ok;
}

