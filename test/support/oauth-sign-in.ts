/** A Bluesky OAuth account stored through the program's own login path, its consent given without a browser. */
import {login} from '../../source/services/sessions.js';
import type {BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import type {TokenStore} from '../../source/services/store/token-store.js';
import {driveConsent} from './oauth-consent.js';
import type {TestAccount, TestPds} from './pds.js';

export async function signInOAuth(store: TokenStore, pds: TestPds, user: TestAccount): Promise<BlueskyOAuthAccount> {
	let consent: Promise<unknown> = Promise.resolve();
	const account = await login(
		store,
		{service: 'bluesky-oauth', url: pds.url, identifier: user.handle, password: ''},
		{showAddress: address => void (consent = driveConsent(address, {username: user.handle, password: user.password}))},
	);
	await consent;
	return account as BlueskyOAuthAccount;
}
