/**
 * Handle → DID, the atproto ways: a given service's com.atproto.identity.resolveHandle first
 * (`--service`), then the DNS TXT record `_atproto.HANDLE` ("did=…"), then
 * `https://HANDLE/.well-known/atproto-did`. An unknown handle is a usage failure; a resolver
 * that could not be reached is a network failure, so "not found" is only said when it is true.
 */
import {Resolver, lookup} from 'node:dns/promises';
import {ServiceError, isServiceError} from '../errors.js';
import {hostOf, httpRequest} from '../http.js';
import {optionalString, parseJsonObject} from './answers.js';

export interface HandleResolutionOptions {
	/** Asked first: a PDS or entryway URL (`--service`). */
	serviceUrl?: string;
	/** The DNS resolver to ask (tests); the system's by default. */
	dns?: Pick<Resolver, 'resolveTxt'>;
}

/** atproto handle syntax: dot-separated labels, a letter-first last label. */
const handlePattern = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const didPattern = /^did:[a-z]+:[a-zA-Z0-9._:%-]{1,2048}$/;

export function isDid(value: string): boolean {
	return didPattern.test(value);
}

/** A typed handle as atproto compares it: without a leading @, in lower case. */
export function normaliseHandle(input: string): string | undefined {
	const handle = input.trim().replace(/^@/, '').toLowerCase();
	return handle.length <= 253 && handlePattern.test(handle) ? handle : undefined;
}

export async function resolveHandle(handle: string, options: HandleResolutionOptions = {}): Promise<string> {
	const unreachable: string[] = [];
	const attempts: Array<() => Promise<string | undefined>> = [
		...(options.serviceUrl === undefined ? [] : [() => viaService(handle, options.serviceUrl!)]),
		() => viaDns(handle, options.dns ?? new Resolver()),
		() => viaWellKnown(handle),
	];
	for (const attempt of attempts) {
		try {
			const did = await attempt();
			if (did !== undefined) return did;
		} catch (error) {
			if (!isServiceError(error) || error.kind !== 'network') throw error;
			unreachable.push(error.message);
		}
	}
	if (unreachable.length > 0) throw new ServiceError('network', `Could not resolve the handle ${handle}: ${unreachable.join('; ')}`);
	throw new ServiceError('usage', `Unknown handle ${handle}: no server, DNS record (_atproto.${handle}) or https://${handle}/.well-known/atproto-did names its DID`);
}

async function viaService(handle: string, serviceUrl: string): Promise<string | undefined> {
	const url = `${serviceUrl.replace(/\/+$/, '')}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`;
	const answer = await httpRequest(url, {method: 'GET', headers: {accept: 'application/json'}});
	if (answer.status >= 500) throw new ServiceError('network', `${hostOf(serviceUrl)} failed to resolve it (HTTP ${answer.status})`);
	const did = answer.status === 200 ? optionalString(parseJsonObject(answer.body) ?? {}, 'did') : undefined;
	return did !== undefined && isDid(did) ? did : undefined;
}

async function viaDns(handle: string, dns: Pick<Resolver, 'resolveTxt'>): Promise<string | undefined> {
	let records: string[][];
	try {
		records = await dns.resolveTxt(`_atproto.${handle}`);
	} catch (error) {
		const code = (error as {code?: string}).code;
		if (code === 'ENOTFOUND' || code === 'ENODATA') return undefined;
		throw new ServiceError('network', `DNS lookup of _atproto.${handle} failed (${code ?? 'unknown error'})`);
	}
	// A record may come in several strings; more than one DID is ambiguous and counts as none.
	const dids = records.map((chunks) => chunks.join('')).filter((text) => text.startsWith('did=')).map((text) => text.slice(4));
	return dids.length === 1 && isDid(dids[0]!) ? dids[0] : undefined;
}

async function viaWellKnown(handle: string): Promise<string | undefined> {
	// No such host is an answer ("not this handle"); a host that does not answer is a network failure.
	if (!(await hostExists(handle))) return undefined;
	const answer = await httpRequest(`https://${handle}/.well-known/atproto-did`, {method: 'GET'});
	const did = answer.body.trim();
	return answer.status === 200 && isDid(did) ? did : undefined;
}

async function hostExists(host: string): Promise<boolean> {
	try {
		await lookup(host);
		return true;
	} catch (error) {
		const code = (error as {code?: string}).code;
		if (code === 'ENOTFOUND' || code === 'ENODATA') return false;
		throw new ServiceError('network', `DNS lookup of ${host} failed (${code ?? 'unknown error'})`);
	}
}
