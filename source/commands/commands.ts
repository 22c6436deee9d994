/**
 * The plain commands for scripts: no full screen, one result per line, errors as one line on
 * stderr (the caller maps them to exit codes). Tokens are printed only by `token`.
 */
import type {Account} from '../services/account.js';
import {accessExpiresAt, accessTokenOf, identityOf, isUsable, needsNoAuth} from '../services/account.js';
import {ServiceError, describeError, exitCodeFor, exitCodes, isServiceError} from '../services/errors.js';
// The network side (got, the keyring's native addon) is imported where it is used, so that
// `tokentop token NAME` with a still-valid token loads none of it.
const refreshModule = () => import('../services/refresh.js');
const sessionsModule = () => import('../services/sessions.js');
import type {TokenStore} from '../services/store/token-store.js';
import {type ParsedArgs, booleanFlag, parseArgs, stringFlag} from './args.js';
import {formatDuration} from './format.js';
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
	});
	const [service, ...rest] = args.positionals;
	if (service === 'bluesky') return loginBlueskyCommand(context, args, rest);
	if (service === 'zettelstore') return loginZettelstoreCommand(context, args, rest);
	throw new ServiceError('usage', service ? `Unknown service "${service}": use bluesky or zettelstore` : 'Which service? tokentop login bluesky IDENTIFIER | tokentop login zettelstore URL USER');
}

async function loginBlueskyCommand(context: CommandContext, args: ParsedArgs, rest: string[]): Promise<number> {
	if (rest.length !== 1) throw new ServiceError('usage', 'Usage: tokentop login bluesky IDENTIFIER [--service URL] [--name NAME] [--password-stdin] [--auth-factor CODE]');
	if (args.flags.has('remember-password')) throw new ServiceError('usage', '--remember-password is for Zettelstore accounts (Bluesky refresh tokens live for months)');
	const identifier = rest[0]!;
	const password = await askPassword(context, args, `Password for ${identifier}: `);
	const request = {
		url: stringFlag(args, 'service'),
		identifier,
		password,
		name: stringFlag(args, 'name'),
		authFactorToken: stringFlag(args, 'auth-factor'),
		insecure: context.insecure,
	};
	let account;
	try {
		account = await (await sessionsModule()).loginBluesky(context.store, request);
	} catch (error) {
		// Email 2FA: ask for the code on a terminal, else tell the script how to pass it.
		if (!isServiceError(error) || error.kind !== 'auth-factor-required' || request.authFactorToken || !context.stdin.isTTY || booleanFlag(args, 'password-stdin')) throw error;
		line(context.stderr, error.message);
		const code = await promptHidden('Sign-in code from the email: ', context.stdin);
		account = await (await sessionsModule()).loginBluesky(context.store, {...request, authFactorToken: code.trim()});
	}
	line(context.stdout, `Logged in as ${account.handle} (${account.did}) — saved as "${account.name}", access token valid ${formatDuration(account.accessExpiresAt - context.clock())}`);
	return exitCodes.ok;
}

async function loginZettelstoreCommand(context: CommandContext, args: ParsedArgs, rest: string[]): Promise<number> {
	if (rest.length !== 2) throw new ServiceError('usage', 'Usage: tokentop login zettelstore URL USER [--name NAME] [--password-stdin] [--remember-password keyring|plaintext]');
	if (args.flags.has('service') || args.flags.has('auth-factor')) throw new ServiceError('usage', '--service and --auth-factor are for Bluesky accounts');
	const [url, user] = rest as [string, string];
	const remember = stringFlag(args, 'remember-password');
	if (remember !== undefined && remember !== 'keyring' && remember !== 'plaintext') {
		throw new ServiceError('usage', '--remember-password takes keyring or plaintext');
	}
	if (remember === 'keyring' && !(await (await import('../services/password-vault.js')).keyringAvailable())) {
		throw new ServiceError('usage', 'No OS keyring is reachable here; --remember-password plaintext keeps it in the 0600 config file instead (your explicit choice)');
	}
	const password = await askPassword(context, args, `Password for ${user}: `);
	const account = await (await sessionsModule()).loginZettelstore(context.store, {url, user, password, name: stringFlag(args, 'name'), rememberPassword: remember ?? 'none', insecure: context.insecure});
	const validity = account.freeAccess ? 'the server needs no authentication' : `token valid ${formatDuration(account.tokenExpiresAt - context.clock())}`;
	line(context.stdout, `Logged in to ${account.url} as ${account.user} — saved as "${account.name}", ${validity}`);
	if (account.passwordMemory === 'plaintext') line(context.stderr, `Note: the password is stored in plain text in ${context.store.path} (mode 0600)`);
	return exitCodes.ok;
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
	status: string;
}

export function listedAccount(account: Account, now: number): ListedAccount {
	const noAuth = needsNoAuth(account);
	return {
		name: account.name,
		service: account.service,
		identity: identityOf(account),
		url: account.url,
		did: account.service === 'bluesky' ? account.did : null,
		accessExpiresAt: noAuth ? null : new Date(accessExpiresAt(account)).toISOString(),
		refreshExpiresAt: account.service === 'bluesky' ? new Date(account.refreshExpiresAt).toISOString() : null,
		status: statusWord(account, now),
	};
}

function statusWord(account: Account, now: number): string {
	if (account.status === 'needs-login') return 'needs-login';
	if (needsNoAuth(account)) return 'no-auth';
	if (accessExpiresAt(account) <= now) return 'expired';
	return account.status === 'error' ? 'error' : 'ok';
}

export async function listCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {json: {}});
	if (args.positionals.length > 0) throw new ServiceError('usage', 'list takes no arguments');
	const now = context.clock();
	const accounts = sortedAccounts(context.store).map(account => listedAccount(account, now));
	if (booleanFlag(args, 'json')) {
		line(context.stdout, JSON.stringify(accounts, null, 2));
		return exitCodes.ok;
	}
	if (accounts.length === 0) {
		line(context.stdout, 'No accounts yet. Add one: tokentop login bluesky HANDLE, or tokentop login zettelstore URL USER');
		return exitCodes.ok;
	}
	const rows = accounts.map(account => [
		account.name,
		account.service,
		account.identity,
		account.status,
		account.accessExpiresAt === null ? '—' : formatDuration(Date.parse(account.accessExpiresAt) - now),
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

function findAccount(store: TokenStore, name: string): Account {
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
				const what = needsNoAuth(refreshed) ? 'no authentication needed' : `valid ${formatDuration(accessExpiresAt(refreshed) - context.clock())}`;
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
	if (!isUsable(account) && !(account.service === 'zettelstore' && account.passwordMemory !== 'none')) {
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

