/** Account records for tests that need a store without a server behind it. */
import type {PasswordMemory} from '../../source/services/account.js';
import {login} from '../../source/services/sessions.js';
import type {TokenStore} from '../../source/services/store/token-store.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';

export function zettelstoreRecord(overrides: Partial<ZettelstoreAccount> = {}): ZettelstoreAccount {
	const now = Date.now();
	return {
		id: `id${Math.random().toString(16).slice(2, 10)}`,
		name: 'zs',
		service: 'zettelstore',
		url: 'http://127.0.0.1:9',
		user: 'owner',
		token: 'opaque-token-for-tests',
		tokenReceivedAt: now,
		tokenExpiresAt: now + 600_000,
		reportedLifetime: 600,
		freeAccess: false,
		era: 'sexpr',
		passwordMemory: 'none',
		createdAt: now,
		status: 'ok',
		revision: 0,
		...overrides,
	};
}

/** Logs in to a Zettelstore (stand-in) through the real login path, typed as the Zettelstore account it is. */
export async function loginZettelstore(
	store: TokenStore,
	request: {url: string; user: string; password: string; name?: string; rememberPassword?: PasswordMemory},
): Promise<ZettelstoreAccount> {
	const {user, ...rest} = request;
	return (await login(store, {...rest, service: 'zettelstore', identifier: user})) as ZettelstoreAccount;
}
