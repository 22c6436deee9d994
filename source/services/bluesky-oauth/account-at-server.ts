/**
 * What the account's own server says of it now (com.atproto.server.getSession, DPoP-signed):
 * its current handle and whether it is active. For the identity check; a request that fails
 * says nothing, so it never marks an account.
 */
import {isServiceError} from '../errors.js';
import {optionalString, parseJsonObject} from './answers.js';
import type {AccountStatusAnswer} from './identity-drift.js';
import {type NonceBook} from './nonce-book.js';
import {dpopRequest, type SessionTokens} from './resource-request.js';

export interface AccountAtServer extends AccountStatusAnswer {
	handle?: string;
}

export async function accountAtServer(tokens: SessionTokens & {sub: string}, nonces: NonceBook): Promise<AccountAtServer> {
	let answer;
	try {
		answer = await dpopRequest(tokens, nonces, {method: 'GET', url: '/xrpc/com.atproto.server.getSession'});
	} catch (error) {
		if (isServiceError(error)) return {};
		throw error;
	}
	const body = answer.status === 200 ? parseJsonObject(answer.body) : undefined;
	if (body === undefined || body.did !== tokens.sub) return {};
	const handle = optionalString(body, 'handle');
	return {
		// As the server says, handle.invalid included (a handle that no longer points back to the DID).
		...(handle === undefined ? {} : {handle: handle.toLowerCase()}),
		...(typeof body.active === 'boolean' ? {active: body.active} : {}),
		...(typeof body.status === 'string' ? {status: body.status} : {}),
	};
}
