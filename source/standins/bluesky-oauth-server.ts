/**
 * The Bluesky stand-in's OAuth side, mounted on the same server (bluesky-server.ts hands it
 * every request first): an authorization server that APPROVES AT ONCE (GET /oauth/authorize
 * redirects straight back with a code: no browser, no password), its metadata and the PDS's
 * protected-resource metadata, PAR, token (authorization_code and refresh_token), revocation,
 * and DPoP-bound XRPC (getSession, createRecord). Answers as the atproto reference server
 * (PDS 0.4.217) was measured to — status, error codes and words, headers, JSON keys — so the
 * contract suite runs against both: DPoP checks (signature, htm, htu, jti replay, ath), the
 * nonce dance at the token endpoint (400 use_dpop_nonce) and at XRPC (401 WWW-Authenticate),
 * refresh rotation with NO grace (a replay deletes the session), and a public client's
 * session end. Lifetimes are configurable (the demo uses seconds and minutes, not weeks).
 *
 * So that a sign-in can resolve identities without the internet, it also answers
 * com.atproto.identity.resolveHandle and, at its root, as a PLC directory (GET /did:plc:…).
 */
import {createHash, createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import {type IncomingMessage} from 'node:http';
import {DpopError, DpopVerifier} from './dpop-verifier.js';

export interface OAuthStandInAccount {
	did: string;
	handle: string;
}

/** What the OAuth side needs to know of the stand-in's accounts. */
export interface OAuthAccountDirectory {
	/** By handle or DID. */
	find(identifier: string): OAuthStandInAccount | undefined;
	list(): OAuthStandInAccount[];
	didDocument(did: string): Record<string, unknown> | undefined;
}

export interface BlueskyOAuthOptions {
	/** Access-token life. Default 3600 s, as the reference server. */
	accessLifetimeSeconds?: number;
	/** A public client's session end after the first sign-in. Default 14 days. */
	sessionLifetimeSeconds?: number;
	/** A refresh token unused this long is refused. Default 14 days. */
	refreshIdleSeconds?: number;
	/** DPoP nonce rotation. Default 60 s; a nonce is accepted for 2–3 rotations. */
	nonceRotationSeconds?: number;
}

export interface BlueskyOAuthCounters {
	pushedRequests: number;
	codeGrants: number;
	/** refresh_token grants that got past the DPoP checks, and those answered 200. */
	refreshes: number;
	refreshesOk: number;
	/** Refreshes refused as "Refresh token replayed" (each one deleted a session). */
	replays: number;
	revocations: number;
	/** Requests refused for a missing or stale nonce, at the token endpoints and at XRPC. */
	nonceRefusals: number;
	/** DPoP-authenticated XRPC requests (any outcome). */
	resourceRequests: number;
}

export interface BlueskyOAuthControl {
	counters: BlueskyOAuthCounters;
	/** The next authorization is refused, as a user pressing "Deny" (access_denied). */
	refuseNextConsent(): void;
	/** Open OAuth sessions of the account. */
	sessionCount(did: string): number;
	/** Records created through OAuth sessions, newest last. */
	records(did: string): Array<{uri: string; collection: string; record: unknown}>;
	setAccessLifetimeSeconds(seconds: number): void;
	/** Moves the session of this refresh token into the past (first sign-in, last refresh), as a test would age the PDS's token row. */
	ageSession(refreshToken: string, ago: {createdMs: number; updatedMs: number}): void;
}

export interface OAuthAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export interface BlueskyOAuthServer extends BlueskyOAuthControl {
	/** The answer to a request this side owns, or undefined to let the session endpoints answer. */
	handle(request: IncomingMessage, body: Buffer): OAuthAnswer | undefined;
}

interface OAuthContext {
	/** http://127.0.0.1:PORT: issuer, PDS and PLC directory at once. */
	origin(): string;
	/** The stand-in's clock (epoch ms). */
	now(): number;
	/** HS256 key of the access tokens. */
	jwtSecret: string;
	/** The audience of the access tokens (the PDS's service DID). */
	serviceDid: string;
	accounts: OAuthAccountDirectory;
}

interface PushedRequest {
	clientId: string;
	redirectUri: string;
	scope: string;
	state?: string;
	codeChallenge: string;
	loginHint?: string;
	/** When the PAR was DPoP-signed: the key the tokens must be bound to. */
	jkt?: string;
	expiresAt: number;
}

interface IssuedCode {
	request: PushedRequest;
	did: string;
	expiresAt: number;
}

interface Session {
	id: string;
	did: string;
	clientId: string;
	jkt: string;
	scope: string;
	createdAt: number;
	updatedAt: number;
	refreshToken: string;
	/** The jti of the one access token that still works. */
	tokenId: string;
	code: string;
}

const day = 24 * 60 * 60;
const parLifetimeSeconds = 299;
const codeLifetimeMs = 60_000;
const jsonUtf8 = 'application/json; charset=utf-8';
const requestUriPrefix = 'urn:ietf:params:oauth:request_uri:';
const corsHeaders = {
	'access-control-max-age': '86400',
	'access-control-allow-origin': '*',
	'access-control-allow-methods': '*',
	'access-control-allow-headers': 'Content-Type,DPoP',
};

/** An OAuth error answer (token endpoints: `{error, error_description}`). */
class OAuthFailure extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		description: string,
	) {
		super(description);
	}
}

const invalidGrant = (description: string) => new OAuthFailure(400, 'invalid_grant', description);

export function createBlueskyOAuthServer(context: OAuthContext, options: BlueskyOAuthOptions = {}): BlueskyOAuthServer {
	const {now, accounts} = context;
	let accessLifetimeMs = (options.accessLifetimeSeconds ?? 3600) * 1000;
	const sessionLifetimeMs = (options.sessionLifetimeSeconds ?? 14 * day) * 1000;
	const refreshIdleMs = (options.refreshIdleSeconds ?? 14 * day) * 1000;
	const dpop = new DpopVerifier(now, (options.nonceRotationSeconds ?? 60) * 1000);
	const pushed = new Map<string, PushedRequest>();
	const codes = new Map<string, IssuedCode>();
	const sessions = new Map<string, Session>();
	/** Every refresh token ever issued → its session: an old one coming back is a replay. */
	const refreshTokens = new Map<string, string>();
	/** Every code ever used → its session: a code used twice ends that session. */
	const usedCodes = new Map<string, string>();
	const records: Array<{did: string; uri: string; collection: string; record: unknown}> = [];
	let refuseNext = false;
	const counters: BlueskyOAuthCounters = {
		pushedRequests: 0,
		codeGrants: 0,
		refreshes: 0,
		refreshesOk: 0,
		replays: 0,
		revocations: 0,
		nonceRefusals: 0,
		resourceRequests: 0,
	};

	// ---- the token-endpoint family: PAR, token, revoke ----

	function oauthEndpoint(status: number, build: () => unknown): OAuthAnswer {
		const headers: Record<string, string> = {
			...corsHeaders,
			'cache-control': 'no-store',
			pragma: 'no-cache',
			'dpop-nonce': dpop.currentNonce(),
			'access-control-expose-headers': 'DPoP-Nonce',
			'content-type': 'application/json',
		};
		try {
			return {status, headers, body: JSON.stringify(build())};
		} catch (error) {
			const failure = asOAuthFailure(error);
			if (failure.error === 'use_dpop_nonce') counters.nonceRefusals++;
			if (failure.status === 401) {
				headers['www-authenticate'] = wwwAuthenticate(failure.error, failure.message);
				headers['access-control-expose-headers'] = 'DPoP-Nonce, WWW-Authenticate';
			}
			return {status: failure.status, headers, body: JSON.stringify({error: failure.error, error_description: failure.message})};
		}
	}

	/** The DPoP proof of a token-endpoint request (no access token, so no ath). */
	function proofOf(request: IncomingMessage, path: string): {jkt: string} | null {
		try {
			return dpop.check(request.method ?? 'POST', `${context.origin()}${path}`, request.headers.dpop);
		} catch (error) {
			if (error instanceof DpopError) throw new OAuthFailure(error.error === 'use_dpop_nonce' ? 400 : 401, error.error, error.message);
			throw error;
		}
	}

	function handlePar(request: IncomingMessage, body: Buffer): OAuthAnswer {
		return oauthEndpoint(201, () => {
			const input = formOf(request, body);
			const clientId = input.client_id;
			if (!clientId) throw new OAuthFailure(400, 'invalid_client', 'Client credentials missing: String must contain at least 1 character(s) at body.client_id');
			const client = loopbackClientOf(clientId);
			if (input.response_type !== 'code') throw new OAuthFailure(400, 'unsupported_response_type', `Unsupported response_type "${input.response_type ?? ''}"`);
			const redirectUri = input.redirect_uri ?? '';
			if (/^http:\/\/localhost[:/]/.test(redirectUri)) {
				throw new OAuthFailure(400, 'invalid_request', 'Invalid authorization request: Use of "localhost" hostname is not allowed (RFC 8252), use a loopback IP such as "127.0.0.1" instead at body.redirect_uri');
			}
			const proof = proofOf(request, '/oauth/par');
			if (!input.code_challenge) throw new OAuthFailure(400, 'invalid_request', 'Use of PKCE is required');
			if (input.code_challenge_method !== 'S256') throw new OAuthFailure(400, 'invalid_request', 'atproto requires use of "S256" code_challenge_method');
			if (!client.redirectPaths.includes(redirectPathOf(redirectUri))) throw new OAuthFailure(400, 'invalid_request', `Invalid redirect_uri ${redirectUri}`);
			const scope = input.scope ?? client.scope;
			const undeclared = scope.split(' ').find((part) => !client.scope.split(' ').includes(part));
			if (undeclared !== undefined) throw new OAuthFailure(400, 'invalid_scope', `Scope "${undeclared}" is not declared in the client metadata`);
			if (!scope.split(' ').includes('atproto')) throw new OAuthFailure(400, 'invalid_scope', 'The "atproto" scope is required');
			counters.pushedRequests++;
			const requestUri = `${requestUriPrefix}req-${randomBytes(16).toString('hex')}`;
			pushed.set(requestUri, {
				clientId,
				redirectUri,
				scope,
				codeChallenge: input.code_challenge,
				...(input.state === undefined ? {} : {state: input.state}),
				...(input.login_hint === undefined ? {} : {loginHint: input.login_hint}),
				...(proof === null ? {} : {jkt: proof.jkt}),
				expiresAt: now() + parLifetimeSeconds * 1000,
			});
			return {request_uri: requestUri, expires_in: parLifetimeSeconds};
		});
	}

	function handleToken(request: IncomingMessage, body: Buffer): OAuthAnswer {
		return oauthEndpoint(200, () => {
			const input = formOf(request, body);
			const clientId = input.client_id;
			if (!clientId) throw invalidGrant('Client credentials missing: Required at body.client_id');
			const grant = input.grant_type;
			if (grant !== 'authorization_code' && grant !== 'refresh_token') throw invalidGrant(`Invalid request payload: Invalid grant_type "${grant ?? ''}" at body.grant_type`);
			if (grant === 'authorization_code' && (input.code_verifier ?? '').length < 43) {
				throw invalidGrant('Invalid request payload: String must contain at least 43 character(s) at body.code_verifier');
			}
			const proof = proofOf(request, '/oauth/token');
			// A loopback client's tokens are always DPoP-bound.
			if (proof === null) throw new OAuthFailure(401, 'invalid_dpop_proof', 'DPoP proof required');
			return grant === 'authorization_code' ? codeGrant(input, clientId, proof.jkt) : refreshGrant(input, clientId, proof.jkt);
		});
	}

	function codeGrant(input: Record<string, string>, clientId: string, jkt: string): unknown {
		const code = input.code ?? '';
		if (!/^cod-[0-9a-f]{64}$/.test(code)) throw invalidGrant('Invalid code: String must contain exactly 68 character(s) at code; Invalid code format at code');
		const issued = codes.get(code);
		if (issued === undefined || issued.expiresAt < now()) {
			// A code coming back ends the session it made.
			const replayed = usedCodes.get(code);
			if (replayed !== undefined) deleteSession(replayed);
			throw invalidGrant('Invalid code');
		}
		codes.delete(code);
		const {request} = issued;
		if (request.clientId !== clientId) throw invalidGrant('Token was not issued to this client');
		if (request.jkt !== undefined && request.jkt !== jkt) throw invalidGrant('DPoP proof does not match the expected JKT');
		if (request.redirectUri !== input.redirect_uri) throw invalidGrant('The redirect_uri parameter must match the one used in the authorization request');
		if (createHash('sha256').update(input.code_verifier ?? '').digest('base64url') !== request.codeChallenge) throw invalidGrant('Invalid code_verifier');
		counters.codeGrants++;
		const current = now();
		const session: Session = {
			id: randomBytes(8).toString('hex'),
			did: issued.did,
			clientId,
			jkt,
			scope: request.scope,
			createdAt: current,
			updatedAt: current,
			refreshToken: newRefreshToken(),
			tokenId: newTokenId(),
			code,
		};
		sessions.set(session.id, session);
		refreshTokens.set(session.refreshToken, session.id);
		usedCodes.set(code, session.id);
		return tokenAnswer(session);
	}

	function refreshGrant(input: Record<string, string>, clientId: string, jkt: string): unknown {
		const token = input.refresh_token ?? '';
		if (!/^ref-[0-9a-f]{64}$/.test(token)) throw invalidGrant('Invalid refresh token: String must contain exactly 68 character(s) at refresh_token');
		counters.refreshes++;
		const session = sessions.get(refreshTokens.get(token) ?? '');
		if (session === undefined) throw invalidGrant('Invalid refresh token');
		if (session.refreshToken !== token) {
			// No grace: a used refresh token coming back ends the whole session.
			counters.replays++;
			deleteSession(session.id);
			throw invalidGrant('Refresh token replayed');
		}
		const refusal =
			session.clientId !== clientId
				? 'Token was not issued to this client'
				: session.jkt !== jkt
					? 'DPoP proof does not match the expected JKT'
					: now() - session.createdAt > sessionLifetimeMs
						? 'Session expired'
						: now() - session.updatedAt > refreshIdleMs
							? 'Refresh token expired'
							: undefined;
		if (refusal !== undefined) {
			deleteSession(session.id);
			throw invalidGrant(refusal);
		}
		session.refreshToken = newRefreshToken();
		session.tokenId = newTokenId();
		session.updatedAt = now();
		refreshTokens.set(session.refreshToken, session.id);
		counters.refreshesOk++;
		return tokenAnswer(session);
	}

	function tokenAnswer(session: Session): unknown {
		const issuedAt = session.updatedAt;
		const expiresAt = issuedAt + accessLifetimeMs;
		const accessToken = signAccessToken({
			jti: session.tokenId,
			sub: session.did,
			iat: Math.floor(issuedAt / 1000),
			exp: Math.floor(expiresAt / 1000),
			aud: context.serviceDid,
			cnf: {jkt: session.jkt},
			client_id: session.clientId,
		});
		return {
			access_token: accessToken,
			token_type: 'DPoP',
			refresh_token: session.refreshToken,
			scope: session.scope,
			expires_in: Math.floor((expiresAt - now()) / 1000),
			sub: session.did,
		};
	}

	function handleRevoke(request: IncomingMessage, body: Buffer): OAuthAnswer {
		return oauthEndpoint(200, () => {
			const input = formOf(request, body);
			if (!input.client_id) throw new OAuthFailure(400, 'invalid_request', 'Client credentials missing: Required at body.client_id');
			if (!input.token) throw new OAuthFailure(400, 'invalid_request', 'Invalid request payload: Required at body.token');
			const proof = proofOf(request, '/oauth/revoke');
			const session = sessionOfToken(input.token);
			// RFC 7009: unknown tokens and refused checks still answer 200. Without DPoP nothing is revoked.
			if (session !== undefined && proof !== null && session.clientId === input.client_id && session.jkt === proof.jkt) {
				counters.revocations++;
				deleteSession(session.id);
			}
			return {};
		});
	}

	function sessionOfToken(token: string): Session | undefined {
		const byRefresh = sessions.get(refreshTokens.get(token) ?? '');
		if (byRefresh !== undefined) return byRefresh.refreshToken === token ? byRefresh : undefined;
		const byCode = sessions.get(usedCodes.get(token) ?? '');
		if (byCode !== undefined) return byCode;
		const claims = verifiedAccessClaims(token);
		return [...sessions.values()].find((session) => session.tokenId === claims?.jti);
	}

	function deleteSession(id: string): void {
		sessions.delete(id);
	}

	// ---- the browser leg: approve at once ----

	function handleAuthorize(url: URL): OAuthAnswer {
		const requestUri = url.searchParams.get('request_uri') ?? '';
		const request = pushed.get(requestUri);
		if (request === undefined || request.expiresAt < now() || request.clientId !== url.searchParams.get('client_id')) {
			return {status: 400, headers: {'content-type': 'text/html; charset=utf-8'}, body: '<!DOCTYPE html>\n<html><body><p>Invalid authorization request</p></body></html>\n'};
		}
		pushed.delete(requestUri);
		const back = new URL(request.redirectUri);
		// The reference server's order: state, iss, then code or error.
		if (request.state !== undefined) back.searchParams.set('state', request.state);
		back.searchParams.set('iss', context.origin());
		const account = request.loginHint === undefined ? soleAccount() : accounts.find(request.loginHint);
		if (refuseNext) {
			refuseNext = false;
			back.searchParams.set('error', 'access_denied');
			back.searchParams.set('error_description', 'The user rejected the request');
		} else if (account === undefined) {
			back.searchParams.set('error', 'account_selection_required');
			back.searchParams.set('error_description', 'The stand-in approves at once only when it knows the account (a login_hint, or a single account)');
		} else {
			const code = `cod-${randomBytes(32).toString('hex')}`;
			codes.set(code, {request, did: account.did, expiresAt: now() + codeLifetimeMs});
			back.searchParams.set('code', code);
		}
		return {status: 303, headers: {location: back.href, 'cache-control': 'no-store'}, body: ''};
	}

	function soleAccount(): OAuthStandInAccount | undefined {
		const all = accounts.list();
		return all.length === 1 ? all[0] : undefined;
	}

	// ---- the resource side: DPoP-bound XRPC ----

	function handleResource(request: IncomingMessage, body: Buffer, nsid: string, authorization: string): OAuthAnswer {
		counters.resourceRequests++;
		const headers: Record<string, string> = {
			'cache-control': 'private',
			'dpop-nonce': dpop.currentNonce(),
			'access-control-expose-headers': 'DPoP-Nonce',
			'content-type': jsonUtf8,
		};
		const xrpcError = (status: number, error: string, message: string): OAuthAnswer => ({status, headers, body: JSON.stringify({error, message})});
		const method = request.method ?? 'GET';
		const token = authorization.slice('DPoP '.length);
		let session: Session;
		try {
			session = authenticate(request, method, token);
		} catch (error) {
			const failure = asOAuthFailure(error);
			if (failure.error === 'use_dpop_nonce') counters.nonceRefusals++;
			headers['www-authenticate'] = wwwAuthenticate(failure.error, failure.message);
			headers['access-control-expose-headers'] = 'DPoP-Nonce, WWW-Authenticate';
			return xrpcError(401, failure.error, failure.message);
		}
		const account = accounts.find(session.did);
		if (account === undefined) return xrpcError(403, 'AccountNotFound', 'Account not found');
		if (nsid === 'com.atproto.server.getSession') {
			if (method !== 'GET') return xrpcError(400, 'InvalidRequest', `No service configured for ${nsid}`);
			return {status: 200, headers, body: JSON.stringify({did: account.did, didDoc: accounts.didDocument(account.did), handle: account.handle, active: true})};
		}
		if (nsid === 'com.atproto.repo.createRecord' && method === 'POST') return createRecord(session, account, body, headers, xrpcError);
		return xrpcError(400, 'InvalidRequest', `No service configured for ${nsid}`);
	}

	/** The reference server's order: the proof first, then the token, then its binding to the proof. */
	function authenticate(request: IncomingMessage, method: string, token: string): Session {
		const url = `${context.origin()}${(request.url ?? '/').split('?')[0]}`;
		let proof: {jkt: string} | null;
		try {
			proof = dpop.check(method, url, request.headers.dpop, token);
		} catch (error) {
			if (error instanceof DpopError) throw new OAuthFailure(401, error.error, error.message);
			throw error;
		}
		if (token.split('.').length !== 3) throw new OAuthFailure(401, 'invalid_token', 'Malformed token');
		const claims = verifiedAccessClaims(token);
		if (claims === undefined) throw new OAuthFailure(401, 'invalid_token', 'signature verification failed');
		if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now()) throw new OAuthFailure(401, 'invalid_token', '"exp" claim timestamp check failed');
		if (proof === null) throw new OAuthFailure(401, 'invalid_dpop_proof', 'DPoP proof required');
		if ((claims.cnf as {jkt?: unknown} | undefined)?.jkt !== proof.jkt) throw new OAuthFailure(401, 'invalid_token', 'Invalid DPoP key binding');
		const session = [...sessions.values()].find((candidate) => candidate.tokenId === claims.jti);
		if (session === undefined) throw new OAuthFailure(401, 'invalid_token', 'Invalid token');
		return session;
	}

	function createRecord(
		session: Session,
		account: OAuthStandInAccount,
		body: Buffer,
		headers: Record<string, string>,
		xrpcError: (status: number, error: string, message: string) => OAuthAnswer,
	): OAuthAnswer {
		let input: {repo?: unknown; collection?: unknown; record?: unknown};
		try {
			input = JSON.parse(body.toString('utf8')) as typeof input;
		} catch {
			return xrpcError(400, 'InvalidRequest', 'Request body is not JSON');
		}
		const collection = typeof input.collection === 'string' ? input.collection : '';
		if (!session.scope.split(' ').includes('transition:generic')) {
			return xrpcError(403, 'ScopeMissingError', `Missing required scope "repo:${collection}?action=create"`);
		}
		if (input.repo !== account.did && input.repo !== account.handle) return xrpcError(400, 'InvalidRequest', 'Invalid repo');
		if (collection === '' || typeof input.record !== 'object' || input.record === null) return xrpcError(400, 'InvalidRequest', 'Input must have the properties "collection" and "record"');
		const uri = `at://${account.did}/${collection}/${recordKey()}`;
		records.push({did: account.did, uri, collection, record: input.record});
		const cid = () => `bafyrei${randomBase32(52)}`;
		return {status: 200, headers, body: JSON.stringify({uri, cid: cid(), commit: {cid: cid(), rev: recordKey()}, validationStatus: 'valid'})};
	}

	// ---- identity: resolveHandle and a PLC directory ----

	function handleResolveHandle(url: URL): OAuthAnswer {
		const handle = url.searchParams.get('handle');
		const headers = {'content-type': jsonUtf8};
		if (handle === null) return {status: 400, headers, body: JSON.stringify({error: 'InvalidRequest', message: 'Params must have the property "handle"'})};
		const account = accounts.find(handle);
		if (account === undefined || account.handle !== handle.toLowerCase()) return {status: 400, headers, body: JSON.stringify({error: 'InvalidRequest', message: 'Unable to resolve handle'})};
		return {status: 200, headers, body: JSON.stringify({did: account.did})};
	}

	function handlePlc(did: string): OAuthAnswer {
		const document = accounts.didDocument(did);
		if (document === undefined) return {status: 404, headers: {'content-type': jsonUtf8}, body: JSON.stringify({message: `DID not registered: ${did}`})};
		return {status: 200, headers: {'content-type': 'application/did+ld+json; charset=utf-8'}, body: JSON.stringify(document)};
	}

	function metadataAnswer(document: unknown, headers: Record<string, string>): OAuthAnswer {
		return {status: 200, headers, body: JSON.stringify(document)};
	}

	function serverMetadata(): unknown {
		const issuer = context.origin();
		return {
			issuer,
			request_parameter_supported: false,
			request_uri_parameter_supported: true,
			require_request_uri_registration: true,
			scopes_supported: ['atproto', 'transition:email', 'transition:generic', 'transition:chat.bsky'],
			subject_types_supported: ['public'],
			response_types_supported: ['code'],
			response_modes_supported: ['query'],
			grant_types_supported: ['authorization_code', 'refresh_token'],
			code_challenge_methods_supported: ['S256'],
			authorization_response_iss_parameter_supported: true,
			authorization_endpoint: `${issuer}/oauth/authorize`,
			token_endpoint: `${issuer}/oauth/token`,
			token_endpoint_auth_methods_supported: ['none'],
			revocation_endpoint: `${issuer}/oauth/revoke`,
			pushed_authorization_request_endpoint: `${issuer}/oauth/par`,
			require_pushed_authorization_requests: true,
			dpop_signing_alg_values_supported: ['ES256'],
			protected_resources: [issuer],
			client_id_metadata_document_supported: false,
		};
	}

	// ---- tokens ----

	function signAccessToken(claims: Record<string, unknown>): string {
		const input = `${base64urlJson({typ: 'at+jwt', alg: 'HS256'})}.${base64urlJson(claims)}`;
		return `${input}.${createHmac('sha256', context.jwtSecret).update(input).digest('base64url')}`;
	}

	/** The claims of an access token this server signed (expired or not), else undefined. */
	function verifiedAccessClaims(token: string): Record<string, unknown> | undefined {
		const parts = token.split('.');
		if (parts.length !== 3) return undefined;
		const expected = createHmac('sha256', context.jwtSecret).update(`${parts[0]}.${parts[1]}`).digest();
		const given = Buffer.from(parts[2]!, 'base64url');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
		try {
			const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
			return typeof claims === 'object' && claims !== null && 'cnf' in claims ? (claims as Record<string, unknown>) : undefined;
		} catch {
			return undefined;
		}
	}

	// ---- routing ----

	function handle(request: IncomingMessage, body: Buffer): OAuthAnswer | undefined {
		const url = new URL(request.url ?? '/', context.origin());
		const path = url.pathname;
		const method = request.method ?? 'GET';
		if (path === '/.well-known/oauth-protected-resource' && method === 'GET') {
			const origin = context.origin();
			return metadataAnswer(
				{resource: origin, authorization_servers: [origin], scopes_supported: [], bearer_methods_supported: ['header'], resource_documentation: 'https://atproto.com'},
				{'access-control-allow-origin': '*', 'access-control-allow-method': '*', 'access-control-allow-headers': '*', 'content-type': jsonUtf8},
			);
		}
		if (path === '/.well-known/oauth-authorization-server' && method === 'GET') {
			return metadataAnswer(serverMetadata(), {...corsHeaders, 'cache-control': 'max-age=300', 'content-type': 'application/json'});
		}
		if (path === '/oauth/authorize' && method === 'GET') return handleAuthorize(url);
		const endpoints: Record<string, (request: IncomingMessage, body: Buffer) => OAuthAnswer> = {'/oauth/par': handlePar, '/oauth/token': handleToken, '/oauth/revoke': handleRevoke};
		const endpoint = endpoints[path];
		if (endpoint !== undefined) return method === 'POST' ? endpoint(request, body) : {status: 405, headers: {}, body: ''};
		if (path.startsWith('/did:plc:') && method === 'GET') return handlePlc(decodeURIComponent(path.slice(1)));
		if (!path.startsWith('/xrpc/')) return undefined;
		const nsid = path.slice('/xrpc/'.length);
		if (nsid === 'com.atproto.identity.resolveHandle' && method === 'GET') return handleResolveHandle(url);
		const authorization = request.headers.authorization ?? '';
		if (/^DPoP /i.test(authorization)) return handleResource(request, body, nsid, authorization);
		// An OAuth token sent as a Bearer token: refused as the reference server does.
		if (/^Bearer /i.test(authorization) && verifiedAccessClaims(authorization.slice('Bearer '.length)) !== undefined) {
			return {status: 400, headers: {'cache-control': 'private', 'content-type': jsonUtf8}, body: JSON.stringify({error: 'InvalidToken', message: 'Malformed token'})};
		}
		return undefined;
	}

	return {
		handle,
		counters,
		refuseNextConsent() {
			refuseNext = true;
		},
		sessionCount(did) {
			return [...sessions.values()].filter((session) => session.did === did).length;
		},
		records(did) {
			return records.filter((entry) => entry.did === did).map(({uri, collection, record}) => ({uri, collection, record}));
		},
		setAccessLifetimeSeconds(seconds) {
			accessLifetimeMs = seconds * 1000;
		},
		ageSession(refreshToken, ago) {
			const session = sessions.get(refreshTokens.get(refreshToken) ?? '');
			if (session === undefined || session.refreshToken !== refreshToken) throw new Error('no such OAuth session to age');
			session.createdAt = now() - ago.createdMs;
			session.updatedAt = now() - ago.updatedMs;
		},
	};
}

interface LoopbackClient {
	scope: string;
	/** Paths a redirect_uri may have (the port is not matched for loopback clients). */
	redirectPaths: string[];
}

/** `http://localhost?scope=…&redirect_uri=…`: the only kind of client this stand-in knows. */
function loopbackClientOf(clientId: string): LoopbackClient {
	const match = /^http:\/\/localhost\/?(?:\?(.*))?$/.exec(clientId);
	if (match === null) throw new OAuthFailure(400, 'invalid_client_metadata', `Invalid client ID "${clientId}"`);
	const query = new URLSearchParams(match[1] ?? '');
	const redirects = query.getAll('redirect_uri');
	return {
		scope: query.get('scope') ?? 'atproto',
		redirectPaths: (redirects.length > 0 ? redirects : ['http://127.0.0.1/']).map(redirectPathOf),
	};
}

function redirectPathOf(uri: string): string {
	try {
		const url = new URL(uri);
		return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]') ? url.pathname : `not loopback: ${uri}`;
	} catch {
		return `not a URL: ${uri}`;
	}
}

/** The request's form (or JSON) fields; the reference server takes both. */
function formOf(request: IncomingMessage, body: Buffer): Record<string, string> {
	const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
	const text = body.toString('utf8');
	if (type === 'application/json') {
		try {
			const value: unknown = JSON.parse(text);
			if (typeof value !== 'object' || value === null) return {};
			return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
		} catch {
			throw new OAuthFailure(400, 'invalid_request', 'Invalid JSON');
		}
	}
	return Object.fromEntries(new URLSearchParams(text));
}

function asOAuthFailure(error: unknown): OAuthFailure {
	if (error instanceof OAuthFailure) return error;
	return new OAuthFailure(500, 'server_error', 'Server error');
}

/** `DPoP algs=…, error=…, error_description=…`; like the reference server, a description with a quote is left out. */
function wwwAuthenticate(error: string, description: string): string {
	return `DPoP algs="ES256", error="${error}"${description.includes('"') ? '' : `, error_description="${description}"`}`;
}

function newRefreshToken(): string {
	return `ref-${randomBytes(32).toString('hex')}`;
}

function newTokenId(): string {
	return `tok-${randomBytes(16).toString('hex')}`;
}

/** A record key as atproto's TIDs: microseconds since the epoch and a 10-bit clock id, in sortable base32. */
function recordKey(): string {
	const alphabet = '234567abcdefghijklmnopqrstuvwxyz';
	let micros = ((BigInt(Date.now()) * 1000n) << 10n) | BigInt(randomBytes(2).readUInt16BE() & 0x3ff);
	let key = '';
	for (let index = 0; index < 13; index++) {
		key = alphabet[Number(micros & 31n)]! + key;
		micros >>= 5n;
	}
	return key;
}

function randomBase32(length: number): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	return [...randomBytes(length)].map((byte) => alphabet[byte % 32]).join('');
}

function base64urlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}
