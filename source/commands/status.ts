/**
 * `tokentop status [NAME…] [--json] [--quiet]`, like `gh auth status`: one line per account
 * (state, time left, when the refresh token or session ends, the last failure) read from the
 * store alone — no network — and an exit code a script can test: 0 when every account is fine,
 * 3 when any needs a login (that wins: a person must act), 4 when any is failing for network or
 * server reasons. `--quiet` prints nothing.
 */
import type {Account} from '../services/account.js';
import {accessExpiresAt, canReloginUnattended, identityOf, needsNoAuth, sessionEndsAt} from '../services/account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {defaultAccountChoice, describeDefaultChoice} from '../services/default-account.js';
import {runningKeepAlive} from '../services/keep-alive-lock.js';
import {kindOf} from '../services/kinds.js';
import {displayStateOf, stateLooks} from '../rules/account-state.js';
import {formatCountdown, formatLocalTime} from '../rules/time-format.js';
import {type CommandContext, findAccount} from './context.js';
import {type ParsedLine, flag} from './parse.js';

export const statusUsage = 'Usage: tokentop status [NAME…] [--json] [--quiet]';

/** What a script needs to know of one account's health. */
export type Health = 'fine' | 'needs-login' | 'failing';

export interface StatusEntry {
	name: string;
	service: string;
	identity: string;
	/** The state's stable id, as the app and `list --json` show it. */
	state: string;
	health: Health;
	accessExpiresAt: string | null;
	/** When the refresh token (or session) ends, where the kind has one. */
	refreshExpiresAt: string | null;
	/** When the whole session ends (OAuth: 14 days after sign-in); only for kinds that have such an end. */
	sessionEndsAt?: string;
	lastFailure: {at: string; message: string} | null;
}

/**
 * Needs a login: the server refused the credential, or nothing is left to renew it with (the
 * refresh credential — for a kind without one, the token itself — has expired and no password
 * is kept). Failing: the last refresh failed for a network or server reason.
 */
export function healthOf(account: Account, now: number): Health {
	if (needsNoAuth(account)) return 'fine';
	if (account.status === 'needs-login') return 'needs-login';
	const refreshEnds = kindOf(account).refreshExpiresAt(account) ?? accessExpiresAt(account);
	if (refreshEnds <= now && !canReloginUnattended(account)) return 'needs-login';
	if (account.status === 'error') return 'failing';
	return 'fine';
}

export function statusEntry(account: Account, now: number): StatusEntry {
	const refreshExpiresAt = kindOf(account).refreshExpiresAt(account);
	const failure = lastFailureOf(account);
	return {
		name: account.name,
		service: account.service,
		identity: identityOf(account),
		state: stateLooks[displayStateOf({account, refreshing: false}, now)].id,
		health: healthOf(account, now),
		accessExpiresAt: needsNoAuth(account) ? null : new Date(accessExpiresAt(account)).toISOString(),
		refreshExpiresAt: refreshExpiresAt === undefined ? null : new Date(refreshExpiresAt).toISOString(),
		...sessionEnd(account),
		lastFailure: failure ? {at: new Date(failure.at).toISOString(), message: failure.message} : null,
	};
}

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const values = {json: flag(line, 'json'), quiet: flag(line, 'quiet')};
	const positionals = line.positionals;
	if (values.json && values.quiet) throw new ServiceError('usage', `--json and --quiet do not go together (${statusUsage})`);
	const now = context.clock();
	const accounts = chosenAccounts(context, positionals);
	const healths = accounts.map(account => healthOf(account, now));
	const code = healths.includes('needs-login') ? exitCodes.needsLogin : healths.includes('failing') ? exitCodes.network : exitCodes.ok;
	if (values.quiet) return code;
	const keeper = runningKeepAlive(context.store.dir);
	// Which account token, exec and fetch take without NAME, and by which rule.
	const defaultChoice = defaultAccountChoice(context.store.dir, context.env);
	if (values.json) {
		const keepAlive = keeper ? {pid: keeper.pid, host: keeper.host, startedAt: new Date(keeper.startedAt).toISOString()} : null;
		const defaultAccount = defaultChoice ? {name: defaultChoice.name, rule: defaultChoice.rule, ...(defaultChoice.overrides === undefined ? {} : {overrides: defaultChoice.overrides})} : null;
		context.stdout.write(`${JSON.stringify({keepAlive, defaultAccount, accounts: accounts.map(account => statusEntry(account, now))}, null, 2)}\n`);
		return code;
	}
	if (accounts.length === 0) {
		context.stdout.write('No accounts yet (tokentop login …)\n');
		return code;
	}
	const rows = accounts.map(account => statusRow(account, now));
	for (const row of table([['NAME', 'STATE', 'LEFT', 'REFRESH/SESSION', 'LAST FAILURE'], ...rows])) context.stdout.write(`${row}\n`);
	if (defaultChoice) context.stdout.write(`default account: ${describeDefaultChoice(defaultChoice)}\n`);
	context.stdout.write(`${keeper ? `kept alive by pid ${keeper.pid} (tokentop keep-alive, since ${formatLocalTime(keeper.startedAt)})` : 'no keep-alive runs for this store (tokentop keep-alive)'}\n`);
	return code;
}

function chosenAccounts(context: CommandContext, names: string[]): Account[] {
	if (names.length === 0) return context.store.read().sort((a, b) => a.name.localeCompare(b.name));
	return names.map(name => {
		const account = findAccount(context.store, name);
		return account;
	});
}

function statusRow(account: Account, now: number): string[] {
	const look = stateLooks[displayStateOf({account, refreshing: false}, now)];
	const health = healthOf(account, now);
	const refreshEnds = kindOf(account).refreshExpiresAt(account);
	const failure = lastFailureOf(account);
	let note = failure ? `${formatLocalTime(failure.at)} ${failure.message}` : '';
	if (health === 'needs-login' && account.status !== 'needs-login') note = 'nothing left to renew it with: log in again';
	return [
		account.name,
		`${look.symbol} ${look.word}`,
		needsNoAuth(account) ? '—' : formatCountdown(accessExpiresAt(account) - now),
		refreshEnds === undefined ? '—' : refreshEnds > now ? `ends in ${formatCountdown(refreshEnds - now)}` : 'ended',
		note,
	];
}

/** The last refresh that failed (time and reason), or the reason the account needs a login. */
function lastFailureOf(account: Account): {at: number; message: string} | undefined {
	const last = account.lastRefresh;
	if (last && !last.ok) return {at: last.at, message: last.message ?? account.statusMessage ?? 'refresh failed'};
	if (account.status !== 'ok' && account.statusMessage) return {at: last?.at ?? account.createdAt, message: account.statusMessage};
	return undefined;
}

function table(rows: string[][]): string[] {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => [...row[column]!].length)));
	return rows.map(row => row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join('  ').trimEnd());
}

function sessionEnd(account: Account): {sessionEndsAt?: string} {
	const endsAt = sessionEndsAt(account);
	return endsAt === undefined ? {} : {sessionEndsAt: new Date(endsAt).toISOString()};
}
