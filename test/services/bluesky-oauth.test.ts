/**
 * The OAuth client (source/services/bluesky-oauth/) against the real PDS of the suite: its
 * OAuth provider is driven without a browser (test/support/oauth-consent.ts). Sign-in through
 * the loopback redirect and from a pasted address, DPoP-signed requests, refresh without
 * grace, expiry, the session's end, revocation — each checked by what the server then
 * accepts or holds. Every failure message is scanned for every secret the tests saw.
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {createServer, request as rawRequest} from 'node:http';
import {type AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {calculateJwkThumbprint, EmbeddedJWK, jwtVerify} from 'jose';
import {type FailureKind, ServiceError} from '../../source/services/errors.js';
import {expectFailure} from '../support/failures.js';
import {
	type OAuthTokenSet,
	NonceBook,
	dpopRequest,
	ensureFreshNonce,
	finishAuthorization,
	headersFor,
	jwkThumbprint,
	parseRedirectAddress,
	publicJwkOf,
	refreshTokenSet,
	requestWithRefresh,
	resolveLoginTarget,
	signInWithBrowser,
	revokeSession,
	sessionClocks,
	startAuthorization,
	startLoopbackReceiver,
} from '../../source/services/bluesky-oauth/index.js';
import {createDpopProof} from '../../source/services/bluesky-oauth/dpop-proof.js';
import {generateDpopKey} from '../../source/services/bluesky-oauth/dpop-key.js';
import {dpopChallengeOf} from '../../source/services/bluesky-oauth/resource-request.js';
import {httpRequest} from '../../source/services/http.js';
import {startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {listenOnLoopback} from '../../source/standins/listen.js';
import {startHostileServer} from '../support/hostile-server.js';
import {driveConsent} from '../support/oauth-consent.js';
import {ageOAuthSession, defaultAccessTokenMaxAgeMs, holdsOAuthSession, oauthSessionCount, setAccessTokenMaxAge} from '../support/pds-oauth.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';

const day = 24 * 60 * 60 * 1000;
const getSession = '/xrpc/com.atproto.server.getSession';

let pds: TestPds;
/** The account most tests sign in as; sessions are told apart by their refresh tokens. */
let alice: TestAccount;
const nonces = new NonceBook();

/** Every secret the tests saw, and every failure message: none may contain one. */
const secrets = new Set<string>();
const messages: string[] = [];

before(async () => {
	pds = await startTestPds();
	alice = await newAccount();
});
after(async () => {
	await pds?.close();
	// The scan runs last, over every message any test produced.
	assert.ok(messages.length >= 8, `only ${messages.length} failure messages were collected`);
	for (const message of messages) {
		for (const secret of secrets) assert.ok(!message.includes(secret), `a secret leaked into: ${message}`);
		assert.doesNotMatch(message, /eyJ|ref-[0-9a-f]{8}|cod-[0-9a-f]{8}/, `a token-shaped value in: ${message}`);
	}
});

function keep(tokens: OAuthTokenSet): OAuthTokenSet {
	for (const secret of [tokens.accessToken, tokens.refreshToken, tokens.dpopKey.d]) secrets.add(secret);
	return tokens;
}

async function newAccount(): Promise<TestAccount> {
	const account = await pds.createAccount();
	secrets.add(account.password);
	return account;
}

const failure = (promise: Promise<unknown>, kind: FailureKind) => expectFailure(promise, kind, messages);

const resolveOptions = () => ({serviceUrl: pds.url, plcUrl: pds.plcUrl});

/** A whole sign-in through the loopback receiver, consent given as `signInAs`. */
async function signIn(account: TestAccount, options: {input?: string; signInAs?: TestAccount; scope?: string} = {}): Promise<OAuthTokenSet> {
	const target = await resolveLoginTarget(options.input ?? account.handle, resolveOptions());
	const receiver = await startLoopbackReceiver();
	try {
		const pending = await startAuthorization(target, nonces, {redirectUri: receiver.redirectUri, ...(options.scope === undefined ? {} : {scope: options.scope})});
		secrets.add(pending.codeVerifier);
		secrets.add(pending.dpopKey.d);
		const redirected = receiver.waitForRedirect(pending.state);
		const signInAs = options.signInAs ?? account;
		const outcome = await driveConsent(pending.authorizationUrl, {username: signInAs.handle, password: signInAs.password});
		const params = await redirected;
		secrets.add(params.get('code') ?? '');
		assert.equal(outcome.callbackAnswer?.status, 200);
		return keep(await finishAuthorization(pending, params, nonces, {plcUrl: pds.plcUrl}));
	} finally {
		await receiver.close();
	}
}

/** Resolves when the server refuses the token as expired: polled, never slept. */
async function untilRefused(tokens: OAuthTokenSet, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const answer = await dpopRequest(tokens, nonces, {method: 'GET', url: getSession});
		if (answer.tokenRejected !== undefined) return;
		if (Date.now() > deadline) assert.fail('the access token was never refused');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

// Each test has its own accounts: they run side by side (most of a sign-in is the server's padding).
describe('Bluesky OAuth against the real PDS', {concurrency: true}, () => {
	describe('sign-in', {concurrency: true}, () => {
		it('signs in through the loopback redirect: DPoP-bound tokens for the named account, on its PDS', async () => {
			const account = alice;
			const startedAt = Date.now();
			const tokens = await signIn(account);
			assert.equal(tokens.sub, account.did);
			assert.equal(tokens.handle, account.handle);
			assert.equal(tokens.issuer, pds.publicUrl);
			assert.equal(tokens.pdsUrl, pds.publicUrl);
			assert.equal(tokens.tokenEndpoint, `${pds.publicUrl}/oauth/token`);
			assert.equal(tokens.revocationEndpoint, `${pds.publicUrl}/oauth/revoke`);
			assert.equal(tokens.scope, 'atproto transition:generic');
			assert.match(tokens.clientId, /^http:\/\/localhost\?scope=atproto\+transition%3Ageneric&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback$/);
			assert.match(tokens.refreshToken, /^ref-/);
			assert.ok(tokens.signedInAt >= startedAt && tokens.signedInAt <= Date.now());
			assert.equal(tokens.refreshedAt, tokens.signedInAt);
			// expires_in (3599 or 3600) counted from the local receive time.
			const lifetime = tokens.accessExpiresAt - tokens.signedInAt;
			assert.ok(lifetime > 3590_000 && lifetime <= 3601_000, `${lifetime} ms`);
			// The server bound the access token to our key: its cnf.jkt is our key's thumbprint.
			const claims = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString()) as {cnf: {jkt: string}};
			assert.equal(claims.cnf.jkt, jwkThumbprint(publicJwkOf(tokens.dpopKey)));
			const answer = await dpopRequest(tokens, nonces, {method: 'GET', url: getSession});
			assert.equal(answer.status, 200);
			assert.equal(JSON.parse(answer.body).did, account.did);
			assert.ok(holdsOAuthSession(pds, tokens.refreshToken));
		});

		it('signs in from a DID, and from the PDS URL (the account picked in the browser)', async () => {
			const account = alice;
			const byDid = await signIn(account, {input: account.did});
			assert.equal(byDid.sub, account.did);
			assert.equal(byDid.handle, undefined, 'a handle is only kept when it was resolved and verified');
			const byUrl = await signIn(account, {input: pds.url});
			assert.equal(byUrl.sub, account.did);
			assert.equal(byUrl.pdsUrl, pds.publicUrl);
			assert.ok(holdsOAuthSession(pds, byDid.refreshToken) && holdsOAuthSession(pds, byUrl.refreshToken));
		});

		it('finishes from a pasted redirect address when the loopback port cannot be reached', async () => {
			const account = alice;
			const target = await resolveLoginTarget(account.handle, resolveOptions());
			// The receiver is gone before the browser comes back: as over SSH, the redirect fails.
			const receiver = await startLoopbackReceiver();
			await receiver.close();
			const pending = await startAuthorization(target, nonces, {redirectUri: receiver.redirectUri});
			secrets.add(pending.codeVerifier);
			const {redirectUrl} = await driveConsent(pending.authorizationUrl, {username: account.handle, password: account.password, followRedirect: false});
			secrets.add(new URL(redirectUrl).searchParams.get('code')!);
			assert.equal(new URL(redirectUrl).port, String(receiver.port));
			assert.equal(await connectionError(redirectUrl), 'ECONNREFUSED');

			// What the user pastes: quoted, with the line break of the terminal.
			const pasted = parseRedirectAddress(` "${redirectUrl}"\n`);
			await failure(finishAuthorization({...pending, state: 'another sign-in'}, pasted, nonces, {plcUrl: pds.plcUrl}), 'usage');
			const tokens = keep(await finishAuthorization(pending, pasted, nonces, {plcUrl: pds.plcUrl}));
			assert.equal(tokens.sub, account.did);
			assert.equal((await dpopRequest(tokens, nonces, {method: 'GET', url: getSession})).status, 200);
			// The same address again: the code is spent, and the server ends the session it made.
			const again = await failure(finishAuthorization(pending, pasted, nonces, {plcUrl: pds.plcUrl}), 'bad-credentials');
			assert.equal(again.details.reason, 'Invalid code');
			assert.equal(holdsOAuthSession(pds, tokens.refreshToken), false);
		});

		it('signs in with one call: the browser comes back to the loopback receiver', async () => {
			const shown: string[] = [];
			const tokens = keep(
				await signInWithBrowser(alice.handle, {
					...resolveOptions(),
					nonces,
					onAuthorizationUrl(url, target) {
						shown.push(url);
						assert.equal(target.did, alice.did);
						// The browser, somewhere else: it signs in and follows the redirect.
						void driveConsent(url, {username: alice.handle, password: alice.password});
					},
				}),
			);
			assert.equal(shown.length, 1);
			assert.match(shown[0]!, new RegExp(`^${pds.publicUrl}/oauth/authorize\\?client_id=.+&request_uri=urn%3Aietf`));
			assert.equal(tokens.sub, alice.did);
			assert.ok(holdsOAuthSession(pds, tokens.refreshToken));
		});

		it('signs in with one call from pasted lines, saying what was wrong with the lines before', async () => {
			let redirectUrl: string | undefined;
			let arrived: () => void = () => undefined;
			const consentDone = new Promise<void>((resolve) => (arrived = resolve));
			async function* typed(): AsyncGenerator<string> {
				yield '';
				yield 'where do I paste this?';
				await consentDone;
				const foreign = new URL(redirectUrl!);
				foreign.searchParams.set('state', 'another');
				yield foreign.href;
				yield `  ${redirectUrl!}  `;
			}
			const refusals: string[] = [];
			const tokens = keep(
				await signInWithBrowser(alice.did, {
					...resolveOptions(),
					nonces,
					async onAuthorizationUrl(url) {
						// The browser's redirect to 127.0.0.1 fails (over SSH): only the address bar is left.
						redirectUrl = (await driveConsent(url, {username: alice.handle, password: alice.password, followRedirect: false})).redirectUrl;
						secrets.add(new URL(redirectUrl).searchParams.get('code')!);
						arrived();
					},
					pastedLines: typed(),
					onPasteRefused: (message) => refusals.push(message),
				}),
			);
			assert.equal(tokens.sub, alice.did);
			assert.deepEqual(refusals, [
				'That is not the address the browser ended on: it should contain state= and code= (copy it from the address bar)',
				'That address belongs to another sign-in: paste the one this sign-in ended on',
			]);
			messages.push(...refusals);
		});

		it('gives up when cancelled or when nothing comes back in time', async () => {
			const controller = new AbortController();
			const cancelled = signInWithBrowser(alice.handle, {...resolveOptions(), nonces, signal: controller.signal, onAuthorizationUrl: () => controller.abort()});
			assert.equal((await failure(cancelled, 'usage')).message, 'The sign-in was cancelled');
			const late = signInWithBrowser(alice.handle, {...resolveOptions(), nonces, timeoutMs: 300, onAuthorizationUrl: () => undefined});
			assert.match((await failure(late, 'usage')).message, /^No sign-in came back within 300 ms: start it again$/);
		});

		it('refuses a pasted text that is not the redirect address', async () => {
			for (const text of ['', 'hello', 'http://127.0.0.1:1234/callback', 'http://127.0.0.1:1234/callback?code=x']) {
				assert.throws(
					() => parseRedirectAddress(text),
					(error: unknown) => error instanceof ServiceError && error.kind === 'usage' && /state= and code=/.test(error.message) && messages.push(error.message) > 0,
				);
			}
		});

		it('says so when the user refuses consent, and stores nothing', async () => {
			const account = alice;
			const target = await resolveLoginTarget(account.handle, resolveOptions());
			const receiver = await startLoopbackReceiver();
			try {
				const pending = await startAuthorization(target, nonces, {redirectUri: receiver.redirectUri});
				const redirected = receiver.waitForRedirect(pending.state);
				const outcome = await driveConsent(pending.authorizationUrl, {username: account.handle, password: account.password, decision: 'reject'});
				assert.match(outcome.callbackAnswer!.body, /access_denied/);
				const refused = await failure(finishAuthorization(pending, await redirected, nonces), 'bad-credentials');
				assert.match(refused.message, /sign-in at localhost:\d+ was refused \(access_denied: The user rejected the request\)/);
			} finally {
				await receiver.close();
			}
		});

		it('refuses a sign-in as another account than the one named, and ends that session', async () => {
			const named = alice;
			// Its own account: the check is that it holds no session at all afterwards.
			const other = await newAccount();
			const wrong = await failure(signIn(named, {signInAs: other}), 'bad-credentials');
			assert.ok(wrong.message.includes(other.did) && wrong.message.includes(named.handle) && wrong.message.includes(named.did), wrong.message);
			assert.equal(oauthSessionCount(pds, other.did), 0, 'the unwanted session was revoked');
		});

		it('says clearly when a handle is unknown or a server offers no OAuth', async () => {
			const noDns = {resolveTxt: () => Promise.reject(Object.assign(new Error('not found'), {code: 'ENOTFOUND'}))};
			const unknown = await failure(resolveLoginTarget('nobody-here.test', {...resolveOptions(), dns: noDns}), 'usage');
			assert.match(unknown.message, /^Unknown handle nobody-here\.test/);
			await failure(resolveLoginTarget('not a handle!', resolveOptions()), 'usage');
			const unknownDid = await failure(resolveLoginTarget('did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', resolveOptions()), 'usage');
			assert.match(unknownDid.message, /does not know did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/);
			// A server that is no atproto PDS: 404 for every path.
			const plain = await startHostileServer();
			try {
				const noOAuth = await failure(resolveLoginTarget(plain.url, resolveOptions()), 'usage');
				assert.match(noOAuth.message, /does not offer OAuth sign-in .*app password/);
			} finally {
				await plain.close();
			}
		});

		it('resolves a handle through its DNS TXT record when no service is named', async () => {
			const account = alice;
			const asked: string[] = [];
			const dns = {
				resolveTxt: async (name: string) => {
					asked.push(name);
					return [['did=', account.did]];
				},
			};
			const target = await resolveLoginTarget(`@${account.handle.toUpperCase()}`, {plcUrl: pds.plcUrl, dns});
			assert.deepEqual(asked, [`_atproto.${account.handle}`]);
			assert.equal(target.did, account.did);
			assert.equal(target.handle, account.handle);
			assert.equal(target.server.issuer, pds.publicUrl);
		});

		it('resolves a did:web from the host’s /.well-known/did.json', async () => {
			const server = createServer((request, response) => {
				const port = (server.address() as AddressInfo).port;
				const document = {id: `did:web:localhost%3A${port}`, service: [{id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: pds.publicUrl}]};
				response.writeHead(request.url === '/.well-known/did.json' ? 200 : 404, {'content-type': 'application/json'});
				response.end(JSON.stringify(document));
			});
			const url = await listenOnLoopback(server);
			try {
				const did = `did:web:localhost%3A${new URL(url).port}`;
				const target = await resolveLoginTarget(did, resolveOptions());
				assert.equal(target.did, did);
				assert.equal(target.pdsUrl, pds.publicUrl);
				assert.equal(target.server.issuer, pds.publicUrl);
			} finally {
				await new Promise((resolve) => server.close(resolve));
			}
		});

		it('refuses a redirect from another issuer, or without the iss it promised', async () => {
			const target = await resolveLoginTarget(alice.did, resolveOptions());
			const pending = await startAuthorization(target, nonces, {redirectUri: 'http://127.0.0.1:9/callback'});
			const code = `cod-${'0'.repeat(64)}`;
			const foreign = await failure(finishAuthorization(pending, new URLSearchParams({state: pending.state, iss: 'https://evil.example', code}), nonces), 'bad-answer');
			assert.match(foreign.message, /came back from "https:\/\/evil\.example", not from http:\/\/localhost:\d+/);
			await failure(finishAuthorization(pending, new URLSearchParams({state: pending.state, code}), nonces), 'bad-answer');
		});
	});

	describe('with a session', {concurrency: true}, () => {
		it('writes a record with a DPoP-signed createRecord, which the PDS then holds', async () => {
			const account = alice;
			const tokens = await signIn(account);
			const text = `hello from tokentop ${Date.now()}`;
			const created = await dpopRequest(tokens, nonces, {
				method: 'POST',
				url: '/xrpc/com.atproto.repo.createRecord',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({repo: tokens.sub, collection: 'app.bsky.feed.post', record: {$type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString()}}),
			});
			assert.equal(created.status, 200, created.body);
			const {uri} = JSON.parse(created.body) as {uri: string};
			const rkey = uri.split('/').pop()!;
			const stored = await httpRequest(`${pds.url}/xrpc/com.atproto.repo.getRecord?repo=${account.did}&collection=app.bsky.feed.post&rkey=${rkey}`, {method: 'GET'});
			assert.equal(JSON.parse(stored.body).value.text, text);
		});

		it('gives the two headers of exactly one request, for curl', async () => {
			const tokens = await signIn(alice);
			const fresh = new NonceBook();
			await ensureFreshNonce(tokens, fresh);
			assert.ok(fresh.hasFreshNonce(tokens.pdsUrl));
			const url = `${tokens.pdsUrl}${getSession}`;
			const headers = headersFor(tokens, fresh, 'GET', url);
			assert.equal(headers.authorization, `DPoP ${tokens.accessToken}`);
			const first = await httpRequest(url, {method: 'GET', headers: {...headers}});
			assert.equal(first.status, 200, first.body);
			// A proof is single use: the same headers again are refused as a replay.
			const second = await httpRequest(url, {method: 'GET', headers: {...headers}});
			assert.equal(second.status, 401);
			assert.deepEqual(dpopChallengeOf(second), {error: 'invalid_dpop_proof', description: 'DPoP proof replayed'});
		});

		it('refreshes: new tokens, the old access token refused at once, the session start kept', async () => {
			const tokens = await signIn(alice);
			const refreshed = keep(await refreshTokenSet(tokens, nonces));
			assert.notEqual(refreshed.accessToken, tokens.accessToken);
			assert.notEqual(refreshed.refreshToken, tokens.refreshToken);
			assert.equal(refreshed.signedInAt, tokens.signedInAt);
			assert.ok(refreshed.refreshedAt > tokens.refreshedAt);
			assert.deepEqual(refreshed.dpopKey, tokens.dpopKey);
			const old = await dpopRequest(tokens, nonces, {method: 'GET', url: getSession});
			assert.equal(old.status, 401);
			assert.deepEqual(old.tokenRejected, {error: 'invalid_token', description: 'Invalid token'});
			assert.equal((await dpopRequest(refreshed, nonces, {method: 'GET', url: getSession})).status, 200);
		});

		it('a replayed refresh token ends the whole session: needs login, with the server’s reason', async () => {
			const tokens = await signIn(alice);
			const refreshed = keep(await refreshTokenSet(tokens, nonces));
			const replay = await failure(refreshTokenSet(tokens, nonces), 'needs-login');
			assert.equal(replay.details.errorName, 'invalid_grant');
			assert.equal(replay.details.reason, 'Refresh token replayed');
			assert.match(replay.message, /already used refresh token.*ended the whole session; sign in again/);
			// Nothing of the session is left: not even the newest tokens work.
			assert.equal(holdsOAuthSession(pds, refreshed.refreshToken), false);
			assert.ok((await dpopRequest(refreshed, nonces, {method: 'GET', url: getSession})).tokenRejected);
			const gone = await failure(refreshTokenSet(refreshed, nonces), 'needs-login');
			assert.equal(gone.details.reason, 'Invalid refresh token');
		});

		it('a refresh signed with another key ends the session too', async () => {
			const tokens = await signIn(alice);
			const stolen = await failure(refreshTokenSet({...tokens, dpopKey: generateDpopKey()}, nonces), 'needs-login');
			assert.equal(stolen.details.reason, 'DPoP proof does not match the expected JKT');
			assert.equal(holdsOAuthSession(pds, tokens.refreshToken), false);
		});

		it('the session ends 14 days after sign-in, however often it was refreshed; an unused refresh token after 14 days', async () => {
			const tokens = await signIn(alice);
			const clocks = sessionClocks(tokens);
			assert.equal(clocks.sessionEndsAt, tokens.signedInAt + 14 * day);
			assert.equal(clocks.refreshExpiresAt, tokens.refreshedAt + 14 * day);
			assert.equal(clocks.accessExpiresAt, tokens.accessExpiresAt);

			ageOAuthSession(pds, tokens.refreshToken, {createdMs: 14 * day + 60_000, updatedMs: 60_000});
			const ended = await failure(refreshTokenSet(tokens, nonces), 'needs-login');
			assert.equal(ended.details.reason, 'Session expired');
			assert.match(ended.message, /refused the refresh \(invalid_grant: Session expired\): the session reached its end \(14 days after sign-in; refreshing does not extend it\); sign in again/);
			assert.equal(holdsOAuthSession(pds, tokens.refreshToken), false);

			const idle = await signIn(alice);
			ageOAuthSession(pds, idle.refreshToken, {createdMs: 10 * day, updatedMs: 14 * day + 60_000});
			const unused = await failure(refreshTokenSet(idle, nonces), 'needs-login');
			assert.equal(unused.details.reason, 'Refresh token expired');
		});

		it('revokes with DPoP: both tokens are refused afterwards', async () => {
			const tokens = await signIn(alice);
			assert.equal(await revokeSession(tokens, nonces), true);
			assert.equal(holdsOAuthSession(pds, tokens.refreshToken), false);
			const answer = await dpopRequest(tokens, nonces, {method: 'GET', url: getSession});
			assert.deepEqual(answer.tokenRejected, {error: 'invalid_token', description: 'Invalid token'});
			const refused = await failure(refreshTokenSet(tokens, nonces), 'needs-login');
			assert.equal(refused.details.reason, 'Invalid refresh token');
		});

		it('keeps the newest nonce per server, and a stored book spares the first refusal', async () => {
			const tokens = await signIn(alice);
			const record = JSON.parse(JSON.stringify(nonces)) as Record<string, {nonce: string; seenAt: number}>;
			assert.deepEqual(Object.keys(record), [pds.publicUrl]);
			// A one-shot process starts from the stored book: its first request is accepted as it is.
			const restored = NonceBook.from(record);
			const proof = createDpopProof(tokens.dpopKey, {method: 'GET', url: `${tokens.pdsUrl}${getSession}`, nonce: restored.nonceFor(tokens.pdsUrl)!, accessToken: tokens.accessToken});
			const answer = await httpRequest(`${tokens.pdsUrl}${getSession}`, {method: 'GET', headers: {authorization: `DPoP ${tokens.accessToken}`, dpop: proof}});
			assert.equal(answer.status, 200);
		});
	});
});

// Alone: the access-token lifetime is a server-wide knob.
describe('Bluesky OAuth against the real PDS: short access tokens', () => {
	it('refreshes and retries once when the access token expired in between', async () => {
		const account = alice;
		setAccessTokenMaxAge(pds, 2000);
		try {
			const short = await signIn(account);
			assert.ok(short.accessExpiresAt - Date.now() <= 2000);
			await untilRefused(short);
			let refreshes = 0;
			const {answer, tokens} = await requestWithRefresh(short, nonces, {method: 'GET', url: getSession}, async (refused) => {
				refreshes++;
				setAccessTokenMaxAge(pds, defaultAccessTokenMaxAgeMs);
				return keep(await refreshTokenSet(refused, nonces));
			});
			assert.equal(refreshes, 1);
			assert.equal(answer.status, 200);
			assert.equal(JSON.parse(answer.body).did, account.did);
			assert.notEqual(tokens.accessToken, short.accessToken);
		} finally {
			setAccessTokenMaxAge(pds, defaultAccessTokenMaxAgeMs);
		}
	});
});

describe('Bluesky OAuth building blocks', () => {
	it('signs DPoP proofs that an independent JOSE library verifies, with the claims RFC 9449 asks for', async () => {
		const key = generateDpopKey();
		const accessToken = 'an access token';
		const proof = createDpopProof(key, {method: 'post', url: 'https://pds.example/xrpc/x.y?z=1#f', nonce: 'n-1', accessToken});
		const {payload, protectedHeader} = await jwtVerify(proof, EmbeddedJWK, {typ: 'dpop+jwt'});
		assert.equal(protectedHeader.alg, 'ES256');
		assert.deepEqual(protectedHeader.jwk, publicJwkOf(key));
		assert.equal(payload.htm, 'POST');
		assert.equal(payload.htu, 'https://pds.example/xrpc/x.y');
		assert.equal(payload.nonce, 'n-1');
		assert.equal(payload.ath, createHash('sha256').update(accessToken).digest('base64url'));
		assert.match(String(payload.jti), /^[\w-]{22}$/);
		assert.ok(Math.abs(Number(payload.iat) - Date.now() / 1000) < 2);
		assert.equal(jwkThumbprint(publicJwkOf(key)), await calculateJwkThumbprint(publicJwkOf(key), 'sha256'));
		const second = createDpopProof(key, {method: 'GET', url: 'https://pds.example/'});
		const claims = (await jwtVerify(second, EmbeddedJWK)).payload;
		assert.notEqual(claims.jti, payload.jti);
		assert.equal('nonce' in claims || 'ath' in claims, false);
	});

	it('keeps nonces per origin, round-trips through the store, and drops what it cannot read', () => {
		const book = new NonceBook();
		assert.equal(book.remember('https://a.example/oauth/token', {'dpop-nonce': 'n1'}, 1000), 'n1');
		assert.equal(book.remember('https://a.example/xrpc/x', {}, 2000), undefined);
		book.remember('https://b.example:8443/x', {'dpop-nonce': 'n2'}, 3000);
		assert.equal(book.nonceFor('https://a.example/anything'), 'n1');
		assert.ok(book.hasChanges);
		book.markSaved();
		book.remember('https://a.example/', {'dpop-nonce': 'n1'}, 4000);
		assert.equal(book.hasChanges, false, 'the same nonce again is no change');
		const restored = NonceBook.from({...JSON.parse(JSON.stringify(book)), 'https://c.example': {nonce: 7}, junk: null});
		assert.deepEqual(restored.toJSON(), {'https://a.example': {nonce: 'n1', seenAt: 4000}, 'https://b.example:8443': {nonce: 'n2', seenAt: 3000}});
		assert.ok(restored.hasFreshNonce('https://a.example/', 4000 + 60_000));
		assert.equal(restored.hasFreshNonce('https://a.example/', 4000 + 3 * 60_000), false);
		assert.deepEqual(NonceBook.from('nonsense').toJSON(), {});
	});

	it('reads the DPoP challenge of WWW-Authenticate', () => {
		const answer = (header: string) => ({status: 401, headers: {'www-authenticate': header}, contentType: '', body: '', receivedAt: 0});
		assert.deepEqual(dpopChallengeOf(answer('DPoP algs="ES256 RS256", error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"')), {
			error: 'use_dpop_nonce',
			description: 'Resource server requires nonce in DPoP proof',
		});
		assert.deepEqual(dpopChallengeOf(answer('Bearer realm="x", DPoP error="invalid_token"')), {error: 'invalid_token'});
		assert.deepEqual(dpopChallengeOf(answer('Bearer error="invalid_token"')), {});
	});
});

/** The error code of a request that cannot connect (the closed loopback port). */
function connectionError(url: string): Promise<string> {
	return new Promise((resolve) => {
		const request = rawRequest(url, (response) => {
			response.resume();
			resolve(`HTTP ${response.statusCode}`);
		});
		request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
		request.end();
	});
}

describe('Bluesky OAuth: what it checks and never retries blindly', () => {
	for (const secret of ['access-token', 'ref-token', 'fresh-token']) secrets.add(secret);

	function sessionAt(url: string): OAuthTokenSet {
		return {
			accessToken: 'access-token',
			refreshToken: 'ref-token',
			scope: 'atproto transition:generic',
			sub: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa',
			issuer: url,
			clientId: 'http://localhost',
			tokenEndpoint: `${url}/oauth/token`,
			revocationEndpoint: `${url}/oauth/revoke`,
			pdsUrl: url,
			dpopKey: generateDpopKey(),
			signedInAt: Date.now(),
			refreshedAt: Date.now(),
			accessExpiresAt: Date.now() + 60_000,
		};
	}

	it('sends a refused refresh again once for a new nonce, never more, and never after a failure', async () => {
		const server = await startHostileServer();
		try {
			let counter = 0;
			server.setBehaviour('answer', {respond: () => ({status: 400, headers: {'content-type': 'application/json', 'dpop-nonce': `nonce-${++counter}`}, body: '{"error":"use_dpop_nonce"}'})});
			const book = new NonceBook();
			const endless = await failure(refreshTokenSet(sessionAt(server.url), book), 'server');
			assert.match(endless.message, /refused the refresh \(HTTP 400 use_dpop_nonce\)/);
			assert.equal(server.requests.length, 2);
			const proofs = server.requests.map((request) => JSON.parse(Buffer.from(String(request.headers.dpop).split('.')[1]!, 'base64url').toString()) as {nonce?: string});
			assert.deepEqual(proofs.map((proof) => proof.nonce), [undefined, 'nonce-1']);
			assert.equal(book.nonceFor(server.url), 'nonce-2');

			server.requests.length = 0;
			server.setBehaviour('answer', {answer: {status: 503, headers: {'content-type': 'application/json'}, body: '{"error":"server_error"}'}});
			await failure(refreshTokenSet(sessionAt(server.url), book), 'server');
			assert.equal(server.requests.length, 1, 'a failed refresh is never sent again');
			server.setBehaviour('reset');
			await failure(refreshTokenSet(sessionAt(server.url), book), 'network');
			assert.equal(server.requests.length, 2, 'nor one whose connection broke');
		} finally {
			await server.close();
		}
	});

	it('refuses token answers that are not DPoP-bound atproto tokens', async () => {
		const server = await startHostileServer();
		try {
			const answer = (body: Record<string, unknown>) => ({status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify(body)});
			const good = {access_token: 'a', token_type: 'DPoP', refresh_token: 'r', scope: 'atproto', expires_in: 60, sub: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa'};
			const cases: Array<[Record<string, unknown>, RegExp]> = [
				[{...good, token_type: 'Bearer'}, /issued Bearer tokens, not DPoP-bound ones/],
				[{...good, sub: 'alice'}, /sub is not a DID/],
				[{...good, scope: 'transition:generic'}, /granted no atproto scope/],
				[{...good, expires_in: 'soon'}, /without a usable expires_in/],
				[{...good, sub: 'did:plc:bbbbbbbbbbbbbbbbbbbbbbbb'}, /answered a refresh of did:plc:a+ with tokens for did:plc:b+/],
			];
			for (const [body, message] of cases) {
				server.setBehaviour('answer', {answer: answer(body)});
				const refused = await failure(refreshTokenSet(sessionAt(server.url), new NonceBook()), 'bad-answer');
				assert.match(refused.message, message);
			}
			server.setBehaviour('answer', {answer: answer(good)});
			const accepted = await refreshTokenSet(sessionAt(server.url), new NonceBook());
			assert.ok(Math.abs(accepted.accessExpiresAt - (Date.now() + 60_000)) < 1000);
		} finally {
			await server.close();
		}
	});

	it('retries a resource request once for a nonce, and refreshes once for a refused token', async () => {
		const server = await startHostileServer();
		try {
			const challenge = (error: string) => ({status: 401, headers: {'www-authenticate': `DPoP error="${error}"`, 'dpop-nonce': `n-${server.requests.length}`}, body: '{}'});
			server.setBehaviour('answer', {respond: () => challenge('use_dpop_nonce')});
			const tokens = sessionAt(server.url);
			const endless = await dpopRequest(tokens, new NonceBook(), {method: 'GET', url: '/xrpc/x'});
			assert.equal(endless.status, 401);
			assert.equal(endless.tokenRejected, undefined);
			assert.equal(server.requests.length, 2);

			server.requests.length = 0;
			server.setBehaviour('answer', {respond: () => challenge('invalid_token')});
			let refreshes = 0;
			const {answer} = await requestWithRefresh(tokens, new NonceBook(), {method: 'GET', url: '/xrpc/x'}, async (refused) => {
				refreshes++;
				return {...refused, accessToken: 'fresh-token'};
			});
			assert.equal(refreshes, 1);
			assert.equal(server.requests.length, 2);
			assert.deepEqual(answer.tokenRejected, {error: 'invalid_token'});
			assert.deepEqual(
				server.requests.map((request) => request.headers.authorization),
				['DPoP access-token', 'DPoP fresh-token'],
			);
		} finally {
			await server.close();
		}
	});

	it('refuses to send a token over plain http to another machine', async () => {
		const tokens = sessionAt('http://pds.example');
		await failure(dpopRequest(tokens, new NonceBook(), {method: 'GET', url: '/xrpc/x'}), 'refused');
		assert.throws(() => headersFor(tokens, new NonceBook(), 'GET', 'http://pds.example/xrpc/x'), /Refusing to send the session's token over plain http to pds\.example/);
	});

	it('refuses a session whose account lives on a PDS that trusts another authorization server', async () => {
		// The same DID on two stand-ins: B's directory says it lives on B, yet A signs it in.
		const a = await startBlueskyStandIn({loginDelayMs: 0});
		const b = await startBlueskyStandIn({loginDelayMs: 0});
		try {
			const {did} = b.createAccount('mallory.test');
			a.createAccount('mallory.test', undefined, {did});
			const book = new NonceBook();
			const target = await resolveLoginTarget(a.url, {});
			const pending = await startAuthorization(target, book, {redirectUri: 'http://127.0.0.1:9/callback'});
			const back = await httpRequest(pending.authorizationUrl, {method: 'GET'});
			const params = new URL(String(back.headers.location)).searchParams;
			const refused = await failure(finishAuthorization(pending, params, book, {plcUrl: b.url}), 'bad-answer');
			assert.match(refused.message, /signed in did:plc:\w+, but that account's PDS \(127\.0\.0\.1:\d+\) trusts http:\/\/127\.0\.0\.1:\d+: refusing the session/);
			assert.equal(a.oauth.sessionCount(did), 0, 'the session it made was revoked');
			assert.equal(a.oauth.counters.revocations, 1);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('the loopback receiver answers only its own sign-in, and gives up when cancelled', async () => {
		const receiver = await startLoopbackReceiver();
		try {
			const controller = new AbortController();
			const waiting = receiver.waitForRedirect('the-state', controller.signal);
			const other = await httpRequest(`http://127.0.0.1:${receiver.port}/elsewhere`, {method: 'GET'});
			assert.equal(other.status, 404);
			const foreign = await httpRequest(`${receiver.redirectUri}?state=another&code=x`, {method: 'GET'});
			assert.equal(foreign.status, 400);
			const hostile = await httpRequest(`${receiver.redirectUri}?state=the-state&error=${encodeURIComponent('<script>x</script>')}`, {method: 'GET'});
			assert.equal(hostile.status, 200);
			assert.equal(hostile.headers['cache-control'], 'no-store');
			assert.ok(!hostile.body.includes('<script>'), 'server words are escaped');
			assert.equal((await waiting).get('error'), '<script>x</script>');
			const cancelled = receiver.waitForRedirect('later', controller.signal);
			controller.abort();
			assert.match((await failure(cancelled, 'usage')).message, /cancelled/);
			await failure(receiver.waitForRedirect('later', controller.signal), 'usage');
		} finally {
			await receiver.close();
		}
	});
});
