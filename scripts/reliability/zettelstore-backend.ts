import type {Account} from '../../source/services/account.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {zettelstoreAccountFromAnswer} from '../../source/services/zettelstore/credentials.js';
import * as zettelstore from '../../source/services/zettelstore/api.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import type {ServiceBackend, Verdict} from './backend.js';

/**
 * One stand-in, one user per account. Token life 1 h; between runs the server clock steps
 * through +0 s, +1000 s, +2000 s, so a renewal often finds a token past the first quarter of its
 * life and hands out a new one (a young token comes back unchanged). No stored token can expire
 * during a test of less than ~25 minutes; the old token is not revoked by a renewal anyway.
 */
export async function zettelstoreBackend(): Promise<ServiceBackend> {
	const server: ZettelstoreStandIn = await startZettelstoreStandIn({users: {}, loginDelayMs: 0, tokenLifetimeSeconds: 3600, secret: 'reliability'});
	const password = (user: string) => `pw-${user}`;
	/** PUT /a: 200 = accepted (a renewal revokes nothing, so asking is harmless). */
	const verifyAccess = async (token: string): Promise<Verdict> => {
		const response = await fetch(`${server.url}/a`, {method: 'PUT', headers: {authorization: `Bearer ${token}`}});
		await response.text();
		return response.status === 200 ? {ok: true} : {ok: false, reason: `Zettelstore PUT /a answered ${response.status}`};
	};
	return {
		service: 'zettelstore',
		async login(count, prefix) {
			const accounts: Account[] = [];
			for (let index = 0; index < count; index++) {
				const user = `user${String(index).padStart(2, '0')}`;
				server.setUser(user, password(user));
				const answer = await zettelstore.authenticate(server.url, user, password(user));
				accounts.push(zettelstoreAccountFromAnswer(answer, {name: `${prefix}-${String(index).padStart(2, '0')}`, url: server.url, user, passwordMemory: 'none'}));
			}
			return accounts;
		},
		verify: account => verifyAccess((account as ZettelstoreAccount).token),
		verifyAccess,
		graceReuses: () => 0,
		beforeRound(round) {
			server.setClockOffset((round % 3) * 1_000_000);
		},
		requests: () => server.counters.requests,
		close: () => server.close(),
	};
}
