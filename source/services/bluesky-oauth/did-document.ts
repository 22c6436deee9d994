/**
 * DID → DID document → the account's PDS and claimed handle. did:plc is read from the PLC
 * directory (https://plc.directory, or TOKENTOP_PLC_URL for private networks and tests);
 * did:web from the host's /.well-known/did.json. Only https endpoints are trusted, or plain
 * http to this machine, as for every credential tokentop sends.
 */
import {ServiceError} from '../errors.js';
import {hostOf, httpRequest, isInsecureUrl} from '../http.js';
import {jsonBodyOf} from './answers.js';

export interface DidResolutionOptions {
	/** The PLC directory; default TOKENTOP_PLC_URL, else https://plc.directory. */
	plcUrl?: string;
}

export interface DidDocument {
	id: string;
	alsoKnownAs?: unknown;
	service?: unknown;
	[key: string]: unknown;
}

export function defaultPlcUrl(): string {
	return (process.env.TOKENTOP_PLC_URL || 'https://plc.directory').replace(/\/+$/, '');
}

export async function resolveDidDocument(did: string, options: DidResolutionOptions = {}): Promise<DidDocument> {
	const url = didDocumentUrl(did, options);
	const host = hostOf(url);
	const answer = await httpRequest(url, {method: 'GET', headers: {accept: 'application/json, application/did+ld+json'}});
	if (answer.status === 404 || answer.status === 410) {
		throw new ServiceError('usage', `${host} does not know ${did}${answer.status === 410 ? ' any more (deactivated)' : ''}`, {status: answer.status});
	}
	if (answer.status !== 200) throw new ServiceError(answer.status >= 500 ? 'server' : 'bad-answer', `${host} answered HTTP ${answer.status} for ${did}`, {status: answer.status});
	const document = jsonBodyOf(answer, host, 'a DID document');
	if (document.id !== did) throw new ServiceError('bad-answer', `${host} sent the DID document of another DID for ${did}`);
	return document as DidDocument;
}

function didDocumentUrl(did: string, options: DidResolutionOptions): string {
	if (did.startsWith('did:plc:')) return `${(options.plcUrl ?? defaultPlcUrl()).replace(/\/+$/, '')}/${did}`;
	if (did.startsWith('did:web:')) {
		// atproto uses host-only did:web; a port comes percent-encoded (did:web:localhost%3A2583).
		const host = decodeURIComponent(did.slice('did:web:'.length));
		if (host.includes(':') && !/^[^:/]+:\d+$/.test(host)) throw new ServiceError('usage', `Unsupported did:web (atproto allows a host name only): ${did}`);
		const scheme = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https';
		return `${scheme}://${host}/.well-known/did.json`;
	}
	throw new ServiceError('usage', `Unsupported DID method (atproto uses did:plc and did:web): ${did}`);
}

/** The #atproto_pds service endpoint, if the document names a usable one. */
export function pdsUrlOf(document: DidDocument): string | undefined {
	if (!Array.isArray(document.service)) return undefined;
	for (const entry of document.service as unknown[]) {
		if (typeof entry !== 'object' || entry === null) continue;
		const {id, type, serviceEndpoint} = entry as Record<string, unknown>;
		if (id !== '#atproto_pds' && id !== `${document.id}#atproto_pds`) continue;
		if (type !== 'AtprotoPersonalDataServer' || typeof serviceEndpoint !== 'string') return undefined;
		return safeEndpoint(serviceEndpoint);
	}
	return undefined;
}

/** The handle the document claims (first at:// alias); only trusted once it resolves back to this DID. */
export function claimedHandleOf(document: DidDocument): string | undefined {
	if (!Array.isArray(document.alsoKnownAs)) return undefined;
	const alias = (document.alsoKnownAs as unknown[]).find((value) => typeof value === 'string' && value.startsWith('at://'));
	return typeof alias === 'string' ? alias.slice('at://'.length).toLowerCase() : undefined;
}

/** The account's PDS, or a failure naming the DID. */
export function requirePdsUrl(document: DidDocument): string {
	const pds = pdsUrlOf(document);
	if (pds === undefined) throw new ServiceError('bad-answer', `The DID document of ${document.id} names no usable PDS (https, or http on this machine)`);
	return pds;
}

function safeEndpoint(endpoint: string): string | undefined {
	try {
		const url = new URL(endpoint);
		if ((url.protocol !== 'https:' && url.protocol !== 'http:') || isInsecureUrl(endpoint) || url.username || url.password) return undefined;
		return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
	} catch {
		return undefined;
	}
}
