/**
 * Which authorization server speaks for a PDS, and what it offers: the PDS's
 * /.well-known/oauth-protected-resource names the issuer; the issuer's
 * /.well-known/oauth-authorization-server describes it. tokentop needs PAR, PKCE S256, DPoP
 * with ES256 and the issuer to be exactly who it says; anything less is refused here, before
 * the user is sent to a browser.
 */
import {ServiceError} from '../errors.js';
import {hostOf, httpRequest, isInsecureUrl} from '../http.js';
import {jsonBodyOf, optionalString} from './answers.js';
import {dpopAlgorithm} from './dpop-key.js';

export interface AuthorizationServer {
	issuer: string;
	authorizationEndpoint: string;
	tokenEndpoint: string;
	parEndpoint: string;
	/** Absent when the server offers no revocation (logout then only forgets locally). */
	revocationEndpoint?: string;
	/** RFC 9207: the redirect carries `iss`, which must then be checked. */
	issParameterSupported: boolean;
}

/** The issuer that speaks for this PDS, or undefined when the server publishes no OAuth metadata. */
export async function issuerOfResource(resourceUrl: string): Promise<string | undefined> {
	const host = hostOf(resourceUrl);
	const answer = await httpRequest(`${origin(resourceUrl)}/.well-known/oauth-protected-resource`, {method: 'GET', headers: {accept: 'application/json'}});
	if (answer.status === 404) return undefined;
	if (answer.status !== 200) throw unexpectedStatus(host, answer.status, 'its protected-resource metadata');
	const body = jsonBodyOf(answer, host, 'protected-resource metadata');
	const servers = body.authorization_servers;
	const issuer = Array.isArray(servers) && typeof servers[0] === 'string' ? servers[0] : undefined;
	if (issuer === undefined) throw new ServiceError('bad-answer', `${host} names no authorization server in its protected-resource metadata`);
	return checkedUrl(issuer, host, 'authorization server');
}

/** Like issuerOfResource, but a server without OAuth is the user's dead end: say so. */
export async function requireIssuerOfResource(resourceUrl: string): Promise<string> {
	const issuer = await issuerOfResource(resourceUrl);
	if (issuer === undefined) throw withoutOAuth(hostOf(resourceUrl));
	return issuer;
}

export async function fetchAuthorizationServer(issuer: string): Promise<AuthorizationServer> {
	const host = hostOf(issuer);
	const answer = await httpRequest(`${origin(issuer)}/.well-known/oauth-authorization-server`, {method: 'GET', headers: {accept: 'application/json'}});
	if (answer.status === 404) throw withoutOAuth(host);
	if (answer.status !== 200) throw unexpectedStatus(host, answer.status, 'its authorization-server metadata');
	const body = jsonBodyOf(answer, host, 'authorization-server metadata');
	if (body.issuer !== issuer) {
		throw new ServiceError('bad-answer', `${host} calls itself ${JSON.stringify(body.issuer)} in its metadata, not ${issuer}: refusing to sign in there`);
	}
	const endpoint = (field: string) => {
		const value = optionalString(body, field);
		if (value === undefined) throw new ServiceError('bad-answer', `${host}'s OAuth metadata has no ${field}`);
		return checkedUrl(value, host, field);
	};
	const algorithms = body.dpop_signing_alg_values_supported;
	if (!Array.isArray(algorithms) || !algorithms.includes(dpopAlgorithm)) {
		throw new ServiceError('usage', `${host} does not offer DPoP with ${dpopAlgorithm}, which tokentop signs with`);
	}
	const challenges = body.code_challenge_methods_supported;
	if (Array.isArray(challenges) && !challenges.includes('S256')) throw new ServiceError('usage', `${host} does not offer PKCE with S256`);
	const revocation = optionalString(body, 'revocation_endpoint');
	return {
		issuer,
		authorizationEndpoint: endpoint('authorization_endpoint'),
		tokenEndpoint: endpoint('token_endpoint'),
		// atproto makes PAR mandatory; a server without it is not an atproto authorization server.
		parEndpoint: endpoint('pushed_authorization_request_endpoint'),
		...(revocation === undefined ? {} : {revocationEndpoint: checkedUrl(revocation, host, 'revocation_endpoint')}),
		issParameterSupported: body.authorization_response_iss_parameter_supported === true,
	};
}

function withoutOAuth(host: string): ServiceError {
	return new ServiceError('usage', `${host} does not offer OAuth sign-in (no OAuth metadata): log in with an app password instead`);
}

function unexpectedStatus(host: string, status: number, what: string): ServiceError {
	return new ServiceError(status >= 500 ? 'server' : 'bad-answer', `${host} answered HTTP ${status} for ${what}`, {status});
}

/** A URL from metadata: https, or http on this machine; never with credentials. */
function checkedUrl(value: string, host: string, what: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new ServiceError('bad-answer', `${host} named an invalid ${what} URL`);
	}
	if ((url.protocol !== 'https:' && url.protocol !== 'http:') || isInsecureUrl(value) || url.username || url.password) {
		throw new ServiceError('refused', `${host} named ${what} ${url.origin}, which is not https: refusing to send credentials there`);
	}
	return value;
}

function origin(url: string): string {
	return new URL(url).origin;
}
