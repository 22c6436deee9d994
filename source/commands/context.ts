/**
 * What every plain command gets: the store (opened on first use), the streams, the
 * environment and the clock, plus the few lookups they share.
 */
import type {Account} from '../services/account.js';
import {ServiceError} from '../services/errors.js';
import type {TokenStore} from '../services/store.js';

export interface CommandContext {
	/** Opened on first use: commands that never read accounts never touch the config. */
	readonly store: TokenStore;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	env: NodeJS.ProcessEnv;
	clock: () => number;
	insecure: boolean;
	noColor: boolean;
}

export function say(stream: NodeJS.WritableStream, text: string): void {
	stream.write(`${text}\n`);
}

export function findAccount(store: TokenStore, name: string): Account {
	const account = store.find(name);
	if (!account) throw new ServiceError('usage', `No account named "${name}" (see tokentop list)`);
	return account;
}

/** Accounts by name, as `list` shows them. */
export function accountsByName(store: TokenStore): Account[] {
	const byName = new Intl.Collator().compare;
	return store.read().sort((a, b) => byName(a.name, b.name));
}
