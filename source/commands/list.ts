/** `tokentop list [--json]`: accounts, their state and time left; never a token. */
import {existsSync} from 'node:fs';
import type {Account} from '../services/account.js';
import {accessExpiresAt, identityDriftOf, identityOf, needsNoAuth, sessionEndsAt} from '../services/account.js';
import {kindOf} from '../services/kinds.js';
import {type DisplayState, displayStateOf, stateLooks} from '../rules/account-state.js';
import {identityDriftWords} from '../rules/failure-words.js';
import {formatCountdown} from '../rules/time-format.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {type CommandContext, accountsByName, say} from './context.js';
import {loginExamples} from './login-usage.js';
import {type ParsedLine, flag} from './parse.js';

export interface ListedAccount {
	name: string;
	service: string;
	identity: string;
	url: string;
	did: string | null;
	accessExpiresAt: string | null;
	refreshExpiresAt: string | null;
	/** When the whole session ends (OAuth: 14 days after sign-in); only for kinds that have such an end. */
	sessionEndsAt?: string;
	status: string;
	/** Why a moved or inactive account needs a login: "moved to HOST — log in again". */
	reason?: string;
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
		...sessionEnd(account),
		status: stateLooks[stateOf(account, now)].id,
		...driftReason(account),
	};
}

function driftReason(account: Account): {reason?: string} {
	const drift = identityDriftOf(account);
	return drift === undefined ? {} : {reason: identityDriftWords(drift)};
}

function stateOf(account: Account, now: number): DisplayState {
	return displayStateOf({account, refreshing: false}, now);
}

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length > 0) throw new ServiceError('usage', 'list takes no arguments');
	if (flag(line, 'names')) {
		// For shell completion: the store only, no clock, no network, and no store made where there is none.
		if (existsSync(context.configDir)) for (const account of accountsByName(context.store)) say(context.stdout, account.name);
		return exitCodes.ok;
	}
	context.store.requireExisting();
	const accounts = accountsByName(context.store);
	const now = context.clock();
	if (flag(line, 'json')) {
		say(context.stdout, JSON.stringify(accounts.map(account => listedAccount(account, now)), null, 2));
		return exitCodes.ok;
	}
	if (accounts.length === 0) {
		say(context.stdout, `No accounts yet. Add one: ${loginExamples().join(', or ')}`);
		return exitCodes.ok;
	}
	const rows = accounts.map(account => [
		account.name,
		account.service,
		identityOf(account),
		driftReason(account).reason ?? stateLooks[stateOf(account, now)].word,
		needsNoAuth(account) ? '—' : formatCountdown(accessExpiresAt(account) - now),
	]);
	for (const row of table([['NAME', 'SERVICE', 'IDENTITY', 'STATUS', 'TIME LEFT'], ...rows])) say(context.stdout, row);
	return exitCodes.ok;
}

function table(rows: string[][]): string[] {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

function sessionEnd(account: Account): {sessionEndsAt?: string} {
	const endsAt = sessionEndsAt(account);
	return endsAt === undefined ? {} : {sessionEndsAt: new Date(endsAt).toISOString()};
}
