/**
 * Identity changes on the real PDS, as a user or a migration makes them: a new handle
 * (com.atproto.identity.updateHandle), a deactivated account (com.atproto.server.deactivateAccount),
 * and a DID document that names another server (a PLC operation signed by the PDS through
 * com.atproto.identity.signPlcOperation, with the emailed token read in-process, then sent to the
 * suite's PLC directory as a migration's last step does).
 */
import type {TestAccount, TestPds} from './pds.js';

async function xrpc(pds: TestPds, nsid: string, options: {accessJwt?: string; body?: unknown} = {}): Promise<Record<string, unknown>> {
	const response = await fetch(`${pds.url}/xrpc/${nsid}`, {
		method: options.body === undefined ? 'GET' : 'POST',
		headers: {
			...(options.body === undefined ? {} : {'content-type': 'application/json'}),
			...(options.accessJwt === undefined ? {} : {authorization: `Bearer ${options.accessJwt}`}),
		},
		...(options.body === undefined ? {} : {body: JSON.stringify(options.body)}),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${nsid}: HTTP ${response.status} ${text}`);
	return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** An access token of a fresh session of the account (by DID: its handle may have changed). */
async function accessJwtOf(pds: TestPds, user: TestAccount): Promise<string> {
	const session = await xrpc(pds, 'com.atproto.server.createSession', {body: {identifier: user.did, password: user.password}});
	return String(session.accessJwt);
}

export async function changeHandle(pds: TestPds, user: TestAccount, handle: string): Promise<void> {
	await xrpc(pds, 'com.atproto.identity.updateHandle', {accessJwt: await accessJwtOf(pds, user), body: {handle}});
}

export async function deactivateAccount(pds: TestPds, user: TestAccount): Promise<void> {
	await xrpc(pds, 'com.atproto.server.deactivateAccount', {accessJwt: await accessJwtOf(pds, user), body: {}});
}

/** Points the account's DID document at another server, as the last step of a migration does. */
export async function pointDidAt(pds: TestPds, user: TestAccount, endpoint: string): Promise<void> {
	const accessJwt = await accessJwtOf(pds, user);
	const token = await pds.pds.ctx.accountManager.createEmailToken(user.did as `did:plc:${string}`, 'plc_operation');
	const signed = await xrpc(pds, 'com.atproto.identity.signPlcOperation', {
		accessJwt,
		body: {token, services: {atproto_pds: {type: 'AtprotoPersonalDataServer', endpoint}}},
	});
	// The PDS itself only submits operations that keep the account on it: the directory takes it directly.
	const answer = await fetch(`${pds.plcUrl}/${user.did}`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(signed.operation)});
	if (!answer.ok) throw new Error(`PLC refused the operation: HTTP ${answer.status} ${await answer.text()}`);
}
