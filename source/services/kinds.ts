/**
 * The registry of account kinds. Adding a kind: a folder under source/services/ with its
 * account shape and an AccountKind, plus one line here.
 */
import {blueskyKind} from './bluesky/kind.js';
import {blueskyOAuthKind} from './bluesky-oauth/kind.js';
import type {AccountKind} from './kind.js';
import {zettelstoreKind} from './zettelstore/kind.js';

export const kinds = [blueskyKind, zettelstoreKind, blueskyOAuthKind] as const;

type KindAccount<K> = K extends AccountKind<infer A> ? A : never;

/** Any stored account: the union of every kind's account shape. */
export type Account = KindAccount<(typeof kinds)[number]>;
export type ServiceKind = Account['service'];

const byId = new Map<string, AccountKind<Account>>(kinds.map(kind => [kind.id, kind as unknown as AccountKind<Account>]));

export const kindIds: readonly ServiceKind[] = kinds.map(kind => kind.id);

/** The kind an account belongs to (its `service`). */
export function kindOf<A extends Account>(account: A): AccountKind<A> {
	return kindById(account.service) as unknown as AccountKind<A>;
}

export function kindById(id: string): AccountKind<Account> {
	const kind = byId.get(id);
	if (!kind) throw new Error(`Unknown kind of account: ${id}`);
	return kind;
}

export function isKindId(id: string): id is ServiceKind {
	return byId.has(id);
}
