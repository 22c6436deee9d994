/**
 * What every plain command gets: the store (opened on first use), the streams, the
 * environment and the clock, plus the few lookups they share.
 */
import type {Account} from '../services/account.js';
import {defaultAccountChoice, defaultAccountVariable, describeDefaultRule} from '../services/default-account.js';
import {ServiceError} from '../services/errors.js';
import type {TokenStore} from '../services/store/token-store.js';

export interface CommandContext {
	/** Opened on first use: commands that never read accounts never touch the config. */
	readonly store: TokenStore;
	/** The store's folder, known without opening (and so creating) it. */
	configDir: string;
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

/**
 * The account a command works on: the NAME given, else the default account (TOKENTOP_ACCOUNT,
 * then `tokentop use`). `command` completes the hint when there is none.
 */
export function chosenAccount(context: CommandContext, name: string | undefined, command: string): Account {
	if (name !== undefined) return findAccount(context.store, name);
	const choice = defaultAccountChoice(context.store.dir, context.env);
	if (!choice) {
		throw new ServiceError('usage', `Which account? Name one (tokentop ${command} NAME), or choose a default with tokentop use NAME or ${defaultAccountVariable}`);
	}
	const account = context.store.find(choice.name);
	if (!account) throw new ServiceError('usage', `No account named "${choice.name}" (the default, ${describeDefaultRule(choice.rule)}; see tokentop list)`);
	return account;
}

/** Accounts by name, as `list` shows them. */
export function accountsByName(store: TokenStore): Account[] {
	const byName = new Intl.Collator().compare;
	return store.read().sort((a, b) => byName(a.name, b.name));
}
