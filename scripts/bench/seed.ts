/**
 * Stores for the bench, written straight to config.json (format version 1, as the store writes it:
 * tab-indented JSON, 0600 in a 0700 folder). Account records take their shape from one real
 * login to the stand-in; each account then gets its own user and a token the stand-in issued,
 * so a refresh of any of them is a real, accepted renewal.
 */
import {randomBytes} from 'node:crypto';
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {Account} from '../../source/services/account.js';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import type {BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import {NonceBook} from '../../source/services/bluesky-oauth/nonce-book.js';
import {blueskyOAuthOperations} from '../../source/services/bluesky-oauth/operations.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {blueskyAccountFromSession} from '../../source/services/bluesky/credentials.js';
import {zettelstoreAccountFromAnswer} from '../../source/services/zettelstore/credentials.js';
import {storeVersion} from '../../source/services/store/store-schema.js';
import * as zettelstore from '../../source/services/zettelstore/api.js';
import {decodeZettelstoreToken} from '../../source/services/zettelstore/token-claims.js';
import type {BlueskyStandIn} from '../../source/standins/bluesky-server.js';
import type {ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {approvedAtOnce} from '../../source/standins/approve-at-once.js';
import type {PlannedRequest} from './got-loop.js';
import type {RefreshSetup} from './measure-refresh.js';

export const userPassword = 'bench-password';

/** A template record exactly as a login writes it (serverVersion, claims, era, …). */
export async function zettelstoreTemplate(server: ZettelstoreStandIn): Promise<ZettelstoreAccount> {
	server.setUser('template', userPassword);
	const answer = await zettelstore.authenticate(server.url, 'template', userPassword);
	const serverVersion = await zettelstore.fetchServerVersion(server.url);
	return zettelstoreAccountFromAnswer(answer, {name: 'template', url: server.url, user: 'template', passwordMemory: 'none', serverVersion});
}

/** `count` Zettelstore accounts named `${prefix}-00001`…, each with its own user and fresh token. */
export function zettelstoreAccounts(server: ZettelstoreStandIn, template: ZettelstoreAccount, count: number, prefix = 'zs'): ZettelstoreAccount[] {
	const now = Date.now();
	return Array.from({length: count}, (_, index) => {
		const user = `${prefix}user${index + 1}`;
		server.setUser(user, userPassword);
		const token = server.issueToken(user);
		const lifetime = template.reportedLifetime;
		return {
			...template,
			id: randomBytes(8).toString('hex'),
			name: `${prefix}-${String(index + 1).padStart(5, '0')}`,
			user,
			token,
			claims: decodeZettelstoreToken(token),
			createdAt: now,
			tokenReceivedAt: now,
			tokenExpiresAt: now + lifetime * 1000,
			lastRefresh: {at: now, ok: true},
		};
	});
}

/** `count` Bluesky accounts named `${prefix}-00001`…, each a real login (createSession) to the stand-in. */
export async function blueskyAccounts(server: BlueskyStandIn, count: number, prefix = 'bsky'): Promise<BlueskyAccount[]> {
	const accounts: BlueskyAccount[] = [];
	const loginOne = async (index: number) => {
		const handle = `${prefix}${index + 1}.test`;
		server.createAccount(handle, userPassword);
		const session = await bluesky.createSession(server.url, {identifier: handle, password: userPassword});
		accounts[index] = blueskyAccountFromSession(session, {name: `${prefix}-${String(index + 1).padStart(5, '0')}`, url: server.url, identifier: handle});
	};
	for (let start = 0; start < count; start += 16) {
		await Promise.all(Array.from({length: Math.min(16, count - start)}, (_, offset) => loginOne(start + offset)));
	}
	return accounts;
}

/** `count` users on the stand-in, `${prefix}1.test`…, for blueskyOAuthAccounts; returns their handles. */
export function createStandInUsers(server: BlueskyStandIn, count: number, prefix: string): string[] {
	return Array.from({length: count}, (_, index) => server.createAccount(`${prefix}${index + 1}.test`, userPassword).handle);
}

/**
 * One Bluesky OAuth account per handle, named `${prefix}-00001`…, each a real sign-in to the
 * stand-in's authorization server (PAR, approval, code exchange) stored as `login --oauth`
 * stores it. A refresh token works once: every run that refreshes needs a fresh sign-in.
 */
export async function blueskyOAuthAccounts(server: BlueskyStandIn, handles: readonly string[], prefix = 'oauth'): Promise<BlueskyOAuthAccount[]> {
	const accounts: BlueskyOAuthAccount[] = [];
	const signInOne = async (index: number) => {
		const request = {service: 'bluesky-oauth', url: server.url, identifier: handles[index]!, password: '', didDirectoryUrl: server.url};
		const origin = {id: randomBytes(8).toString('hex'), name: `${prefix}-${String(index + 1).padStart(5, '0')}`, url: server.url};
		accounts[index] = await blueskyOAuthOperations.interactiveLogin!(request, approvedAtOnce(), origin);
	};
	for (let start = 0; start < handles.length; start += 16) {
		await Promise.all(Array.from({length: Math.min(16, handles.length - start)}, (_, offset) => signInOne(start + offset)));
	}
	return accounts;
}

/** What the bare loop sends to refresh the account: a fixed request, or an OAuth grant it signs per send (DPoP). */
export function refreshRequestOf(account: Account): PlannedRequest {
	if (account.service === 'zettelstore') return {method: 'PUT', url: `${account.url}/a`, headers: {authorization: `Bearer ${account.token}`}};
	if (account.service === 'bluesky-oauth') {
		const {tokens} = account;
		const form = {grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: tokens.clientId};
		const nonce = NonceBook.from(account.nonces).nonceFor(tokens.tokenEndpoint);
		return {method: 'POST', url: tokens.tokenEndpoint, headers: {accept: 'application/json'}, form, dpop: {key: tokens.dpopKey, ...(nonce === undefined ? {} : {nonce})}};
	}
	const base = account.pdsUrl ?? account.url;
	return {method: 'POST', url: `${base}/xrpc/com.atproto.server.refreshSession`, headers: {accept: 'application/json', authorization: `Bearer ${account.refreshJwt}`}};
}

/** Writes config.json as the store would; returns its size in bytes. */
export function writeStore(dir: string, accounts: readonly Account[]): number {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	const text = JSON.stringify({version: storeVersion, accounts}, undefined, '\t');
	writeFileSync(path.join(dir, 'config.json'), text, {mode: 0o600});
	return Buffer.byteLength(text);
}

/** A fresh folder holding a copy of another store's config.json (no journal, no locks). */
export function copyStore(fromDir: string, parent: string): string {
	const dir = mkdtempSync(path.join(parent, 'store-'));
	const file = path.join(dir, 'config.json');
	copyFileSync(path.join(fromDir, 'config.json'), file);
	chmodSync(file, 0o600);
	return dir;
}

export function newStoreDir(parent: string, label: string): string {
	return mkdtempSync(path.join(parent, `${label}-`));
}

/** A store of these accounts and the file of the requests their refresh makes (for the bare loop). */
export function refreshSetupOf(parent: string, accounts: readonly Account[], label: string): RefreshSetup {
	const seedDir = newStoreDir(parent, 'seed-refresh');
	const requestsFile = path.join(parent, `${path.basename(seedDir)}-requests.json`);
	// It holds the accounts' refresh tokens (and OAuth keys), like the store beside it.
	writeFileSync(requestsFile, JSON.stringify(accounts.map(refreshRequestOf)), {mode: 0o600});
	return {seedDir, accounts: accounts.length, configBytes: writeStore(seedDir, accounts), requestsFile, label};
}
