/**
 * One set of OAuth contract cases, run against the real PDS (@atproto/pds 0.4.217 in-process,
 * its provider driven without a browser) and against the stand-in's OAuth side
 * (source/standins/bluesky-oauth-server.ts): metadata, PAR, the browser redirect, token (both
 * grants), revocation, the DPoP nonce dance at the token endpoint and at XRPC, and the error
 * answers — status, error codes and descriptions, headers present, JSON keys. Not compared:
 * exact lifetimes and nonce values (the stand-in's are configurable and its own).
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {ServiceError} from '../../source/services/errors.js';
import {
	type OAuthTokenSet,
	type PendingAuthorization,
	NonceBook,
	dpopRequest,
	finishAuthorization,
	refreshTokenSet,
	resolveLoginTarget,
	startAuthorization,
} from '../../source/services/bluesky-oauth/index.js';
import {type DpopPrivateJwk, generateDpopKey} from '../../source/services/bluesky-oauth/dpop-key.js';
import {createDpopProof} from '../../source/services/bluesky-oauth/dpop-proof.js';
import {type HttpAnswer, httpRequest} from '../../source/services/http.js';
import {startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {driveConsent} from '../support/oauth-consent.js';
import {ageOAuthSession, defaultAccessTokenMaxAgeMs, setAccessTokenMaxAge} from '../support/pds-oauth.js';
import {startTestPds} from '../support/pds.js';

interface Account {
	did: string;
	handle: string;
	password: string;
}

interface Target {
	/** The public origin: issuer, PDS, and the origin every htu names. */
	origin: string;
	/** Where handles resolve (com.atproto.identity.resolveHandle). */
	serviceUrl: string;
	plcUrl: string;
	createAccount(): Promise<Account>;
	/** The browser's part: from the authorization address to the address it is sent back to. */
	authorize(authorizationUrl: string, account: Account, decision: 'approve' | 'reject'): Promise<string>;
	/** Access tokens issued from now on live this long. */
	setAccessLifetime(ms: number): void;
	ageSession(refreshToken: string, ago: {createdMs: number; updatedMs: number}): void;
	close(): Promise<void>;
}

const targets: Record<string, () => Promise<Target>> = {
	'real PDS': async () => {
		const pds = await startTestPds();
		return {
			origin: pds.publicUrl,
			serviceUrl: pds.url,
			plcUrl: pds.plcUrl,
			createAccount: () => pds.createAccount(),
			authorize: async (url, account, decision) => (await driveConsent(url, {username: account.handle, password: account.password, decision, followRedirect: false})).redirectUrl,
			setAccessLifetime: (ms) => setAccessTokenMaxAge(pds, ms),
			ageSession: (refreshToken, ago) => ageOAuthSession(pds, refreshToken, ago),
			close: () => pds.close(),
		};
	},
	'stand-in': async () => {
		const standIn = await startBlueskyStandIn({loginDelayMs: 0});
		return {
			origin: standIn.url,
			serviceUrl: standIn.url,
			plcUrl: standIn.url,
			createAccount: async () => standIn.createAccount(),
			authorize: async (url, _account, decision) => {
				if (decision === 'reject') standIn.oauth.refuseNextConsent();
				const answer = await httpRequest(url, {method: 'GET'});
				assert.equal(answer.status, 303);
				return String(answer.headers.location);
			},
			setAccessLifetime: (ms) => standIn.oauth.setAccessLifetimeSeconds(ms / 1000),
			ageSession: (refreshToken, ago) => standIn.oauth.ageSession(refreshToken, ago),
			close: () => standIn.close(),
		};
	},
};

const day = 24 * 60 * 60 * 1000;
const oauthJson = 'application/json';
const xrpcJson = 'application/json; charset=utf-8';

for (const [name, start] of Object.entries(targets)) {
	describe(`Bluesky OAuth contract: ${name}`, () => {
		let target: Target;
		let account: Account;
		const nonces = new NonceBook();
		const endpoint = (path: string) => `${target.origin}${path}`;

		before(async () => {
			target = await start();
			account = await target.createAccount();
		});
		after(() => target?.close());

		/** A DPoP proof for this request; the newest nonce unless told otherwise. */
		function proof(key: DpopPrivateJwk, method: string, url: string, options: {nonce?: string | null; accessToken?: string} = {}): string {
			const nonce = options.nonce === null ? undefined : (options.nonce ?? nonces.nonceFor(url));
			return createDpopProof(key, {method, url, ...(nonce === undefined ? {} : {nonce}), ...(options.accessToken === undefined ? {} : {accessToken: options.accessToken})});
		}

		async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
			const answer = await httpRequest(endpoint(path), {method: 'POST', form, headers});
			nonces.remember(endpoint(path), answer.headers);
			return answer;
		}

		async function xrpc(nsid: string, tokens: {accessToken: string}, headers: Record<string, string>, init: {method?: string; json?: unknown} = {}): Promise<HttpAnswer> {
			const method = init.method ?? 'GET';
			const answer = await httpRequest(endpoint(`/xrpc/${nsid}`), {
				method: method as 'GET',
				headers: {authorization: `DPoP ${tokens.accessToken}`, ...headers},
				...(init.json === undefined ? {} : {json: init.json}),
			});
			nonces.remember(endpoint('/'), answer.headers);
			return answer;
		}

		/** A token-endpoint error: status, body, and the headers every such answer carries. */
		function assertOAuthError(answer: HttpAnswer, status: number, error: string, description: string | RegExp): void {
			assert.equal(answer.status, status, answer.body);
			assert.equal(answer.contentType, oauthJson);
			const body = JSON.parse(answer.body) as Record<string, string>;
			assert.deepEqual(Object.keys(body), ['error', 'error_description']);
			assert.equal(body.error, error);
			if (typeof description === 'string') assert.equal(body.error_description, description);
			else assert.match(body.error_description!, description);
			assert.equal(answer.headers['cache-control'], 'no-store');
			assert.equal(answer.headers.pragma, 'no-cache');
			assert.ok(answer.headers['dpop-nonce'], 'a DPoP-Nonce with every answer');
			assertChallenge(answer, status === 401 ? error : undefined);
		}

		/** An XRPC refusal of a DPoP request: 401, a WWW-Authenticate DPoP challenge, and the XRPC error body. */
		function assertXrpcRefusal(answer: HttpAnswer, error: string, message: string | RegExp): void {
			assert.equal(answer.status, 401, answer.body);
			assert.equal(answer.contentType, xrpcJson);
			const body = JSON.parse(answer.body) as Record<string, unknown>;
			assert.deepEqual(Object.keys(body).sort(), ['error', 'message']);
			assert.equal(body.error, error);
			if (typeof message === 'string') assert.equal(body.message, message);
			else assert.match(String(body.message), message);
			assert.ok(answer.headers['dpop-nonce']);
			assertChallenge(answer, error);
		}

		/** WWW-Authenticate: `DPoP … error="…"`, with the description unless it holds a quote. */
		function assertChallenge(answer: HttpAnswer, error: string | undefined): void {
			const header = answer.headers['www-authenticate'];
			if (error === undefined) return assert.equal(header, undefined);
			assert.match(String(header), new RegExp(`^DPoP algs="[^"]*ES256[^"]*", error="${error}"`));
			const description = (JSON.parse(answer.body) as {error_description?: string; message?: string});
			const words = description.error_description ?? description.message ?? '';
			assert.equal(String(header).includes('error_description='), !words.includes('"'));
			assert.ok(String(answer.headers['access-control-expose-headers']).includes('WWW-Authenticate'));
		}

		async function pendingFor(scope?: string): Promise<PendingAuthorization> {
			const loginTarget = await resolveLoginTarget(account.handle, {serviceUrl: target.serviceUrl, plcUrl: target.plcUrl});
			// The redirect is never followed here: the port only has to look like one.
			return startAuthorization(loginTarget, nonces, {redirectUri: 'http://127.0.0.1:9/callback', ...(scope === undefined ? {} : {scope})});
		}

		/** A pushed authorization request's form for a pending authorization (its own PKCE challenge aside: RFC 7636's example). */
		function parForm(pending: PendingAuthorization, extra: Record<string, string> = {}): Record<string, string> {
			return {
				client_id: pending.clientId,
				response_type: 'code',
				redirect_uri: pending.redirectUri,
				scope: 'atproto transition:generic',
				...extra,
				code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
				code_challenge_method: 'S256',
			};
		}

		/** An approved authorization: its pending half and the code grant's form. */
		async function approved(scope?: string): Promise<{pending: PendingAuthorization; params: URLSearchParams; form: Record<string, string>}> {
			const pending = await pendingFor(scope);
			const params = new URL(await target.authorize(pending.authorizationUrl, account, 'approve')).searchParams;
			const form = {grant_type: 'authorization_code', code: params.get('code')!, redirect_uri: pending.redirectUri, code_verifier: pending.codeVerifier, client_id: pending.clientId};
			return {pending, params, form};
		}

		async function signedIn(scope?: string): Promise<OAuthTokenSet> {
			const {pending, params} = await approved(scope);
			return finishAuthorization(pending, params, nonces, {plcUrl: target.plcUrl});
		}

		function refreshForm(tokens: OAuthTokenSet): Record<string, string> {
			return {grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: tokens.clientId};
		}

		// Every case has its own sessions of the one account: they run side by side.
		describe('endpoints', {concurrency: true}, () => {
			describe('metadata', () => {
				it('names the authorization server for the PDS, and describes it as tokentop needs it', async () => {
					const resource = await httpRequest(endpoint('/.well-known/oauth-protected-resource'), {method: 'GET'});
					assert.equal(resource.status, 200);
					assert.equal(resource.contentType, xrpcJson);
					assert.deepEqual(JSON.parse(resource.body), {
						resource: target.origin,
						authorization_servers: [target.origin],
						scopes_supported: [],
						bearer_methods_supported: ['header'],
						resource_documentation: 'https://atproto.com',
					});
					const server = await httpRequest(endpoint('/.well-known/oauth-authorization-server'), {method: 'GET'});
					assert.equal(server.status, 200);
					assert.equal(server.contentType, oauthJson);
					assert.equal(server.headers['cache-control'], 'max-age=300');
					const metadata = JSON.parse(server.body) as Record<string, unknown>;
					assert.equal(metadata.issuer, target.origin);
					for (const [key, path] of Object.entries({
						authorization_endpoint: '/oauth/authorize',
						token_endpoint: '/oauth/token',
						revocation_endpoint: '/oauth/revoke',
						pushed_authorization_request_endpoint: '/oauth/par',
					})) {
						assert.equal(metadata[key], endpoint(path));
					}
					assert.equal(metadata.require_pushed_authorization_requests, true);
					assert.equal(metadata.authorization_response_iss_parameter_supported, true);
					assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
					assert.deepEqual(metadata.grant_types_supported, ['authorization_code', 'refresh_token']);
					assert.ok((metadata.dpop_signing_alg_values_supported as string[]).includes('ES256'));
					assert.ok((metadata.token_endpoint_auth_methods_supported as string[]).includes('none'));
					assert.ok((metadata.scopes_supported as string[]).includes('transition:generic'));
				});

				it('resolves the account: handle → DID, DID → document naming this PDS', async () => {
					const resolved = await httpRequest(`${target.serviceUrl}/xrpc/com.atproto.identity.resolveHandle?handle=${account.handle}`, {method: 'GET'});
					assert.deepEqual(JSON.parse(resolved.body), {did: account.did});
					const unknown = await httpRequest(`${target.serviceUrl}/xrpc/com.atproto.identity.resolveHandle?handle=nobody.test`, {method: 'GET'});
					assert.equal(unknown.status, 400);
					assert.deepEqual(JSON.parse(unknown.body), {error: 'InvalidRequest', message: 'Unable to resolve handle'});
					const document = await httpRequest(`${target.plcUrl}/${account.did}`, {method: 'GET'});
					assert.equal(document.status, 200);
					assert.equal(document.contentType, 'application/did+ld+json; charset=utf-8');
					const service = (JSON.parse(document.body) as {service: Array<{id: string; serviceEndpoint: string}>}).service;
					assert.deepEqual(service.find((entry) => entry.id === '#atproto_pds')?.serviceEndpoint, target.origin);
					const missing = await httpRequest(`${target.plcUrl}/did:plc:aaaaaaaaaaaaaaaaaaaaaaaa`, {method: 'GET'});
					assert.equal(missing.status, 404);
					assert.deepEqual(JSON.parse(missing.body), {message: 'DID not registered: did:plc:aaaaaaaaaaaaaaaaaaaaaaaa'});
				});
			});

			describe('pushed authorization request', () => {
				it('asks for a nonce first, then answers 201 with a request_uri', async () => {
					const pending = await pendingFor();
					const key = generateDpopKey();
					const form = parForm(pending, {state: 'state-1'});
					const refused = await post('/oauth/par', form, {dpop: proof(key, 'POST', endpoint('/oauth/par'), {nonce: null})});
					assertOAuthError(refused, 400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof');
					assertOAuthError(await post('/oauth/par', form, {dpop: proof(key, 'POST', endpoint('/oauth/par'), {nonce: 'stale'})}), 400, 'use_dpop_nonce', 'DPoP "nonce" mismatch');
					const accepted = await post('/oauth/par', form, {dpop: proof(key, 'POST', endpoint('/oauth/par'))});
					assert.equal(accepted.status, 201, accepted.body);
					assert.equal(accepted.headers['cache-control'], 'no-store');
					assert.ok(accepted.headers['dpop-nonce']);
					const body = JSON.parse(accepted.body) as {request_uri: string; expires_in: number};
					assert.deepEqual(Object.keys(body), ['request_uri', 'expires_in']);
					assert.match(body.request_uri, /^urn:ietf:params:oauth:request_uri:req-[0-9a-f]{32}$/);
					assert.ok(body.expires_in > 0 && body.expires_in <= 300);
					// DPoP is optional at PAR (the tokens are bound at the token endpoint then).
					assert.equal((await post('/oauth/par', form)).status, 201);
					assert.equal((await httpRequest(endpoint('/oauth/par'), {method: 'GET'})).status, 405);
				});

				it('refuses requests atproto does not allow', async () => {
					const pending = await pendingFor();
					const key = generateDpopKey();
					const form = parForm(pending);
					const par = (changes: Record<string, string | undefined>) => {
						const changed = Object.fromEntries(Object.entries({...form, ...changes}).filter((entry): entry is [string, string] => entry[1] !== undefined));
						return post('/oauth/par', changed, {dpop: proof(key, 'POST', endpoint('/oauth/par'))});
					};
					await par({});
					assertOAuthError(await par({code_challenge: undefined, code_challenge_method: undefined}), 400, 'invalid_request', 'Use of PKCE is required');
					assertOAuthError(await par({code_challenge_method: 'plain'}), 400, 'invalid_request', 'atproto requires use of "S256" code_challenge_method');
					assertOAuthError(await par({scope: 'transition:generic'}), 400, 'invalid_scope', 'The "atproto" scope is required');
					assertOAuthError(await par({scope: 'atproto bogus'}), 400, 'invalid_scope', 'Scope "bogus" is not declared in the client metadata');
					assertOAuthError(await par({redirect_uri: 'http://127.0.0.1:5/other'}), 400, 'invalid_request', 'Invalid redirect_uri http://127.0.0.1:5/other');
					assertOAuthError(await par({redirect_uri: 'http://localhost:5/callback'}), 400, 'invalid_request', /^Invalid authorization request: Use of "localhost" hostname is not allowed \(RFC 8252\)/);
					assertOAuthError(await par({client_id: 'http://localhost/path'}), 400, 'invalid_client_metadata', 'Invalid client ID "http://localhost/path"');
				});
			});

			describe('authorization', () => {
				it('sends the browser back with state, iss and a code — or with access_denied', async () => {
					const {pending, params} = await approved();
					assert.deepEqual([...params.keys()], ['state', 'iss', 'code']);
					assert.equal(params.get('iss'), target.origin);
					assert.equal(params.get('state'), pending.state);
					assert.match(params.get('code')!, /^cod-[0-9a-f]{64}$/);

					const refused = await pendingFor();
					const back = new URL(await target.authorize(refused.authorizationUrl, account, 'reject'));
					assert.equal(`${back.origin}${back.pathname}`, 'http://127.0.0.1:9/callback');
					assert.deepEqual([...back.searchParams], [
						['state', refused.state],
						['iss', target.origin],
						['error', 'access_denied'],
						['error_description', 'The user rejected the request'],
					]);
				});
			});

			describe('token: authorization_code', () => {
				it('wants a proof and a nonce, then issues DPoP tokens; the code is single use and its replay ends the session', async () => {
					const {pending, form} = await approved();
					assertOAuthError(await post('/oauth/token', form), 401, 'invalid_dpop_proof', 'DPoP proof required');
					const tokenUrl = endpoint('/oauth/token');
					assertOAuthError(await post('/oauth/token', form, {dpop: proof(pending.dpopKey, 'POST', tokenUrl, {nonce: null})}), 400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof');
					const issued = await post('/oauth/token', form, {dpop: proof(pending.dpopKey, 'POST', tokenUrl)});
					assert.equal(issued.status, 200, issued.body);
					assert.equal(issued.contentType, oauthJson);
					assert.equal(issued.headers['cache-control'], 'no-store');
					const tokens = JSON.parse(issued.body) as Record<string, unknown>;
					assert.deepEqual(Object.keys(tokens), ['access_token', 'token_type', 'refresh_token', 'scope', 'expires_in', 'sub']);
					assert.equal(tokens.token_type, 'DPoP');
					assert.equal(tokens.sub, account.did);
					assert.equal(tokens.scope, 'atproto transition:generic');
					assert.match(String(tokens.refresh_token), /^ref-[0-9a-f]{64}$/);
					assert.ok(Number(tokens.expires_in) > 0);

					assertOAuthError(await post('/oauth/token', form, {dpop: proof(pending.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Invalid code');
					const afterReplay = await post('/oauth/token', {grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: pending.clientId}, {dpop: proof(pending.dpopKey, 'POST', tokenUrl)});
					assertOAuthError(afterReplay, 400, 'invalid_grant', 'Invalid refresh token');
				});

				it('refuses a wrong verifier, redirect, key or proof, in the reference server’s words', async () => {
					const tokenUrl = endpoint('/oauth/token');
					const wrongVerifier = await approved();
					assertOAuthError(
						await post('/oauth/token', {...wrongVerifier.form, code_verifier: 'x'.repeat(43)}, {dpop: proof(wrongVerifier.pending.dpopKey, 'POST', tokenUrl)}),
						400,
						'invalid_grant',
						'Invalid code_verifier',
					);
					const wrongRedirect = await approved();
					assertOAuthError(
						await post('/oauth/token', {...wrongRedirect.form, redirect_uri: 'http://127.0.0.1:10/callback'}, {dpop: proof(wrongRedirect.pending.dpopKey, 'POST', tokenUrl)}),
						400,
						'invalid_grant',
						'The redirect_uri parameter must match the one used in the authorization request',
					);
					const otherKey = await approved();
					const {form, pending} = otherKey;
					assertOAuthError(await post('/oauth/token', form, {dpop: proof(generateDpopKey(), 'POST', tokenUrl)}), 400, 'invalid_grant', 'DPoP proof does not match the expected JKT');
					const signed = proof(pending.dpopKey, 'POST', tokenUrl);
					assertOAuthError(await post('/oauth/token', form, {dpop: `${signed.slice(0, -8)}AAAAAAAA`}), 401, 'invalid_dpop_proof', 'Failed to verify DPoP proof: signature verification failed');
					assertOAuthError(await post('/oauth/token', form, {dpop: proof(pending.dpopKey, 'POST', endpoint('/oauth/other'))}), 401, 'invalid_dpop_proof', 'DPoP "htu" mismatch');
					assertOAuthError(await post('/oauth/token', form, {dpop: proof(pending.dpopKey, 'GET', tokenUrl)}), 401, 'invalid_dpop_proof', 'DPoP "htm" mismatch');
					assertOAuthError(await post('/oauth/token', {...form, code: 'garbage'}, {dpop: proof(pending.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', /^Invalid code: /);
					assertOAuthError(await post('/oauth/token', {...form, code_verifier: ''}, {dpop: proof(pending.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', /^Invalid request payload: /);
					const {client_id: _clientId, ...withoutClient} = form;
					assertOAuthError(await post('/oauth/token', withoutClient, {dpop: proof(pending.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', /^Client credentials missing: /);
				});
			});

			describe('token: refresh_token', () => {
				it('rotates both tokens; the old access token dies at once; a replay ends the session', async () => {
					const tokens = await signedIn();
					const tokenUrl = endpoint('/oauth/token');
					assertOAuthError(await post('/oauth/token', refreshForm(tokens)), 401, 'invalid_dpop_proof', 'DPoP proof required');
					const rotated = await post('/oauth/token', refreshForm(tokens), {dpop: proof(tokens.dpopKey, 'POST', tokenUrl)});
					assert.equal(rotated.status, 200, rotated.body);
					const next = JSON.parse(rotated.body) as Record<string, string>;
					assert.deepEqual(Object.keys(next), ['access_token', 'token_type', 'refresh_token', 'scope', 'expires_in', 'sub']);
					assert.notEqual(next.refresh_token, tokens.refreshToken);
					assert.notEqual(next.access_token, tokens.accessToken);
					const getSession = (token: string) => xrpc('com.atproto.server.getSession', {accessToken: token}, {dpop: proof(tokens.dpopKey, 'GET', endpoint('/xrpc/com.atproto.server.getSession'), {accessToken: token})});
					assertXrpcRefusal(await getSession(tokens.accessToken), 'invalid_token', 'Invalid token');
					assert.equal((await getSession(next.access_token!)).status, 200);

					assertOAuthError(await post('/oauth/token', refreshForm(tokens), {dpop: proof(tokens.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Refresh token replayed');
					assertOAuthError(await post('/oauth/token', {...refreshForm(tokens), refresh_token: next.refresh_token!}, {dpop: proof(tokens.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Invalid refresh token');
					assertXrpcRefusal(await getSession(next.access_token!), 'invalid_token', 'Invalid token');
				});

				it('ends the session on another key or client; refuses unknown tokens, an ended session and an idle refresh token', async () => {
					const tokenUrl = endpoint('/oauth/token');
					const stolen = await signedIn();
					assertOAuthError(await post('/oauth/token', refreshForm(stolen), {dpop: proof(generateDpopKey(), 'POST', tokenUrl)}), 400, 'invalid_grant', 'DPoP proof does not match the expected JKT');
					assertOAuthError(await post('/oauth/token', refreshForm(stolen), {dpop: proof(stolen.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Invalid refresh token');

					const otherClient = await signedIn();
					const foreign = {...refreshForm(otherClient), client_id: otherClient.clientId.replace(/%3A\d+%2F/, '%3A1%2F')};
					assertOAuthError(await post('/oauth/token', foreign, {dpop: proof(otherClient.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Token was not issued to this client');
					assertOAuthError(await post('/oauth/token', refreshForm(otherClient), {dpop: proof(otherClient.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Invalid refresh token');

					const unknown = {...refreshForm(otherClient), refresh_token: `ref-${'a'.repeat(64)}`};
					assertOAuthError(await post('/oauth/token', unknown, {dpop: proof(otherClient.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Invalid refresh token');
					assertOAuthError(await post('/oauth/token', {...unknown, refresh_token: 'ref-00'}, {dpop: proof(otherClient.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', /^Invalid refresh token: /);

					const ended = await signedIn();
					target.ageSession(ended.refreshToken, {createdMs: 14 * day + 60_000, updatedMs: 60_000});
					assertOAuthError(await post('/oauth/token', refreshForm(ended), {dpop: proof(ended.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Session expired');
					const idle = await signedIn();
					target.ageSession(idle.refreshToken, {createdMs: 10 * day, updatedMs: 14 * day + 60_000});
					assertOAuthError(await post('/oauth/token', refreshForm(idle), {dpop: proof(idle.dpopKey, 'POST', tokenUrl)}), 400, 'invalid_grant', 'Refresh token expired');
				});
			});

			describe('revocation', () => {
				it('revokes nothing without DPoP, the whole session with it; answers 200 {} either way', async () => {
					const tokens = await signedIn();
					const revokeUrl = endpoint('/oauth/revoke');
					const form = {client_id: tokens.clientId, token: tokens.refreshToken};
					const unsigned = await post('/oauth/revoke', form);
					assert.equal(unsigned.status, 200);
					assert.equal(unsigned.body, '{}');
					const getSession = () =>
						xrpc('com.atproto.server.getSession', tokens, {dpop: proof(tokens.dpopKey, 'GET', endpoint('/xrpc/com.atproto.server.getSession'), {accessToken: tokens.accessToken})});
					assert.equal((await getSession()).status, 200, 'an unsigned revocation revokes nothing');

					assertOAuthError(await post('/oauth/revoke', form, {dpop: proof(tokens.dpopKey, 'POST', revokeUrl, {nonce: null})}), 400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof');
					assertOAuthError(await post('/oauth/revoke', {client_id: tokens.clientId}, {dpop: proof(tokens.dpopKey, 'POST', revokeUrl)}), 400, 'invalid_request', /^Invalid request payload: /);
					const signed = await post('/oauth/revoke', form, {dpop: proof(tokens.dpopKey, 'POST', revokeUrl)});
					assert.equal(signed.status, 200);
					assert.equal(signed.body, '{}');
					assert.equal(signed.headers['cache-control'], 'no-store');
					assertXrpcRefusal(await getSession(), 'invalid_token', 'Invalid token');
					assertOAuthError(await post('/oauth/token', refreshForm(tokens), {dpop: proof(tokens.dpopKey, 'POST', endpoint('/oauth/token'))}), 400, 'invalid_grant', 'Invalid refresh token');
					// Unknown tokens are no error (RFC 7009).
					assert.equal((await post('/oauth/revoke', {...form, token: 'garbage'}, {dpop: proof(tokens.dpopKey, 'POST', revokeUrl)})).status, 200);
				});
			});

			describe('XRPC with DPoP', () => {
				it('asks for a nonce in WWW-Authenticate, then answers; every proof problem is a 401 challenge', async () => {
					const tokens = await signedIn();
					const url = endpoint('/xrpc/com.atproto.server.getSession');
					const get = (dpop: string | undefined, token = tokens.accessToken) => xrpc('com.atproto.server.getSession', {accessToken: token}, dpop === undefined ? {} : {dpop});
					const signed = (options: {nonce?: string | null; accessToken?: string; key?: DpopPrivateJwk; url?: string} = {}) =>
						proof(options.key ?? tokens.dpopKey, 'GET', options.url ?? url, {accessToken: options.accessToken ?? tokens.accessToken, ...(options.nonce === undefined ? {} : {nonce: options.nonce})});

					assertXrpcRefusal(await get(signed({nonce: null})), 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof');
					assertXrpcRefusal(await get(signed({nonce: 'stale'})), 'use_dpop_nonce', 'DPoP "nonce" mismatch');
					const once = signed();
					const answer = await get(once);
					assert.equal(answer.status, 200, answer.body);
					assert.equal(answer.contentType, xrpcJson);
					assert.equal(answer.headers['cache-control'], 'private');
					assert.ok(answer.headers['dpop-nonce']);
					const session = JSON.parse(answer.body) as Record<string, unknown>;
					assert.deepEqual(Object.keys(session), ['did', 'didDoc', 'handle', 'active']);
					assert.deepEqual([session.did, session.handle, session.active], [account.did, account.handle, true]);

					assertXrpcRefusal(await get(once), 'invalid_dpop_proof', 'DPoP proof replayed');
					assertXrpcRefusal(await get(undefined), 'invalid_dpop_proof', 'DPoP proof required');
					assertXrpcRefusal(await get(signed({accessToken: 'another token'})), 'invalid_dpop_proof', 'DPoP "ath" mismatch');
					assertXrpcRefusal(await get(signed({url: endpoint('/xrpc/com.atproto.server.other')})), 'invalid_dpop_proof', 'DPoP "htu" mismatch');
					assertXrpcRefusal(await get(signed({key: generateDpopKey()})), 'invalid_token', 'Invalid DPoP key binding');
					assertXrpcRefusal(await get(signed({accessToken: 'garbage'}), 'garbage'), 'invalid_token', 'Malformed token');

					const bearer = await httpRequest(url, {method: 'GET', headers: {authorization: `Bearer ${tokens.accessToken}`}});
					assert.equal(bearer.status, 400);
					assert.deepEqual(JSON.parse(bearer.body), {error: 'InvalidToken', message: 'Malformed token'});
				});

				it('writes records with transition:generic; refuses with atproto alone', async () => {
					const url = endpoint('/xrpc/com.atproto.repo.createRecord');
					const create = (tokens: OAuthTokenSet) =>
						xrpc(
							'com.atproto.repo.createRecord',
							tokens,
							{dpop: proof(tokens.dpopKey, 'POST', url, {accessToken: tokens.accessToken})},
							{method: 'POST', json: {repo: tokens.sub, collection: 'app.bsky.feed.post', record: {$type: 'app.bsky.feed.post', text: 'contract', createdAt: new Date().toISOString()}}},
						);
					const written = await create(await signedIn());
					assert.equal(written.status, 200, written.body);
					const record = JSON.parse(written.body) as {uri: string; commit: Record<string, unknown>};
					assert.deepEqual(Object.keys(record), ['uri', 'cid', 'commit', 'validationStatus']);
					assert.match(record.uri, new RegExp(`^at://${account.did}/app\\.bsky\\.feed\\.post/[2-7a-z]{13}$`));
					assert.deepEqual(Object.keys(record.commit), ['cid', 'rev']);

					const narrow = await create(await signedIn('atproto'));
					assert.equal(narrow.status, 403);
					assert.deepEqual(JSON.parse(narrow.body), {error: 'ScopeMissingError', message: 'Missing required scope "repo:app.bsky.feed.post?action=create"'});
				});
			});
		});

		// Alone, after the rest: the access-token lifetime is a server-wide knob.
		describe('expiry', () => {
			it('refuses an expired access token as invalid_token', async () => {
				target.setAccessLifetime(2000);
				let tokens: OAuthTokenSet;
				try {
					tokens = await signedIn();
				} finally {
					target.setAccessLifetime(defaultAccessTokenMaxAgeMs);
				}
				const url = endpoint('/xrpc/com.atproto.server.getSession');
				const deadline = Date.now() + 10_000;
				let answer: HttpAnswer;
				// Polled until the server says so, never slept.
				do {
					answer = await xrpc('com.atproto.server.getSession', tokens, {dpop: proof(tokens.dpopKey, 'GET', url, {accessToken: tokens.accessToken})});
					if (answer.status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
				} while (answer.status === 200 && Date.now() < deadline);
				// The PDS says it one of two ways, by which of its checks sees the expiry first (jose's, or its own a moment later).
				assertXrpcRefusal(answer, 'invalid_token', /^(?:"exp" claim timestamp check failed|Token expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$/);
			});
		});
	});
}

/** What the stand-in does beyond the reference server: the demo's short lifetimes, fast nonce rotation, counters. */
describe('Bluesky OAuth stand-in: beyond the contract', () => {
	async function signInAtOnce(standIn: Awaited<ReturnType<typeof startBlueskyStandIn>>, nonces: NonceBook): Promise<OAuthTokenSet> {
		const loginTarget = await resolveLoginTarget(standIn.url, {});
		const pending = await startAuthorization(loginTarget, nonces, {redirectUri: 'http://127.0.0.1:9/callback'});
		const back = await httpRequest(pending.authorizationUrl, {method: 'GET'});
		return finishAuthorization(pending, new URL(String(back.headers.location)).searchParams, nonces, {plcUrl: standIn.url});
	}

	it('issues the configured lifetimes: the demo’s 90-second tokens and a session that ends by itself', async () => {
		const standIn = await startBlueskyStandIn({loginDelayMs: 0, oauth: {accessLifetimeSeconds: 90, sessionLifetimeSeconds: 1}});
		try {
			const account = standIn.createAccount('demo.test');
			const nonces = new NonceBook();
			let tokens = await signInAtOnce(standIn, nonces);
			assert.equal(tokens.sub, account.did);
			const left = tokens.accessExpiresAt - Date.now();
			assert.ok(left > 85_000 && left <= 90_000, `${left} ms`);
			// Refreshing does not extend the session: it ends a second after the sign-in.
			const deadline = Date.now() + 10_000;
			let ended: unknown;
			while (ended === undefined && Date.now() < deadline) {
				try {
					tokens = await refreshTokenSet(tokens, nonces);
					await new Promise((resolve) => setTimeout(resolve, 100));
				} catch (error) {
					ended = error;
				}
			}
			assert.ok(ended instanceof ServiceError && ended.kind === 'needs-login' && ended.details.reason === 'Session expired', String(ended));
			assert.equal(standIn.oauth.sessionCount(account.did), 0);
			const {counters} = standIn.oauth;
			assert.equal(counters.pushedRequests, 1);
			assert.equal(counters.codeGrants, 1);
			assert.equal(counters.refreshes, counters.refreshesOk + 1);
			assert.equal(counters.replays, 0);
		} finally {
			await standIn.close();
		}
	});

	it('rotates its nonces: a stale one is refused, and the client recovers with a single retry', async () => {
		const standIn = await startBlueskyStandIn({loginDelayMs: 0, oauth: {nonceRotationSeconds: 1}});
		try {
			standIn.createAccount('rotating.test');
			const nonces = new NonceBook();
			const tokens = await signInAtOnce(standIn, nonces);
			const url = `${standIn.url}/xrpc/com.atproto.server.getSession`;
			const stale = nonces.nonceFor(url)!;
			// Polled until the server no longer takes the nonce (2–3 rotations), never slept.
			const deadline = Date.now() + 10_000;
			for (;;) {
				const proof = createDpopProof(tokens.dpopKey, {method: 'GET', url, nonce: stale, accessToken: tokens.accessToken});
				const answer = await httpRequest(url, {method: 'GET', headers: {authorization: `DPoP ${tokens.accessToken}`, dpop: proof}});
				if (answer.status === 401) break;
				assert.ok(Date.now() < deadline, 'the nonce never went stale');
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			const refusalsBefore = standIn.oauth.counters.nonceRefusals;
			const answer = await dpopRequest(tokens, nonces, {method: 'GET', url: '/xrpc/com.atproto.server.getSession'});
			assert.equal(answer.status, 200);
			assert.equal(standIn.oauth.counters.nonceRefusals, refusalsBefore + 1);
			assert.notEqual(nonces.nonceFor(url), stale);
			const replaced = await refreshTokenSet(tokens, nonces);
			await assert.rejects(refreshTokenSet(tokens, nonces), (error: unknown) => error instanceof ServiceError && error.details.reason === 'Refresh token replayed');
			assert.equal(standIn.oauth.counters.replays, 1);
			assert.ok((await dpopRequest(replaced, nonces, {method: 'GET', url: '/xrpc/com.atproto.server.getSession'})).tokenRejected);
		} finally {
			await standIn.close();
		}
	});
});
