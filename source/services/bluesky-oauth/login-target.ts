/**
 * What `login --oauth HANDLE|DID|URL` signs into: from a handle or DID, the account's DID, its
 * PDS (from the DID document) and the authorization server that speaks for that PDS; from a
 * URL (a PDS or an entryway such as bsky.social), that server's authorization server, and the
 * account is whichever the user picks in the browser.
 */
import {ServiceError} from '../errors.js';
import {checkServiceUrl} from '../http.js';
import {type DidResolutionOptions, claimedHandleOf, requirePdsUrl, resolveDidDocument} from './did-document.js';
import {type HandleResolutionOptions, isDid, normaliseHandle, resolveHandle} from './handle-resolution.js';
import {type AuthorizationServer, fetchAuthorizationServer, issuerOfResource, requireIssuerOfResource} from './server-metadata.js';

export type ResolveOptions = HandleResolutionOptions & DidResolutionOptions;

export interface LoginTarget {
	/** The account the user named (from a handle or DID): the sign-in must end as this DID. */
	did?: string;
	/** The handle, when its DID document claims it back. */
	handle?: string;
	/** The account's PDS (from its DID document). */
	pdsUrl?: string;
	/** Pre-fills the account on the server's sign-in page. */
	loginHint?: string;
	server: AuthorizationServer;
}

export async function resolveLoginTarget(input: string, options: ResolveOptions = {}): Promise<LoginTarget> {
	const text = input.trim();
	if (/^https?:\/\//i.test(text)) return targetOfServer(checkServiceUrl(text));
	if (text.startsWith('did:')) {
		if (!isDid(text)) throw new ServiceError('usage', `Not a DID: ${JSON.stringify(text)}`);
		return (await targetOfDid(text, text, options)).target;
	}
	const handle = normaliseHandle(text);
	if (handle === undefined) throw new ServiceError('usage', `Not a handle, DID or URL: ${JSON.stringify(text)} (expected e.g. alice.bsky.social)`);
	const did = await resolveHandle(handle, options);
	const {target, claimedHandle} = await targetOfDid(did, handle, options);
	// A handle is the account's only when its DID document claims it back.
	return claimedHandle === handle ? {...target, handle} : target;
}

async function targetOfDid(did: string, loginHint: string, options: DidResolutionOptions): Promise<{target: LoginTarget; claimedHandle?: string}> {
	const document = await resolveDidDocument(did, options);
	const pdsUrl = requirePdsUrl(document);
	const server = await fetchAuthorizationServer(await requireIssuerOfResource(pdsUrl));
	return {target: {did, pdsUrl, loginHint, server}, claimedHandle: claimedHandleOf(document)};
}

/** A PDS names its authorization server; an entryway is one itself. The account is chosen in the browser. */
async function targetOfServer(url: string): Promise<LoginTarget> {
	const issuer = (await issuerOfResource(url)) ?? new URL(url).origin;
	return {server: await fetchAuthorizationServer(issuer)};
}
