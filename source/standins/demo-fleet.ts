/**
 * The demo's stand-in servers and the accounts on them: one Bluesky auth server whose accounts
 * have access tokens of 60–120 s, and four Zettelstore servers (three token lifetimes and eras,
 * one with authentication disabled). All on 127.0.0.1; nothing leaves the machine. Every demo
 * account has the same known password, so a person can log in again, remove and add accounts.
 */
import type {ServiceKind} from '../services/account.js';
import type {InteractiveLoginIo, LoginRequest} from '../services/kind.js';
import {approvedAtOnce} from './approve-at-once.js';
import {startBlueskyStandIn} from './bluesky-server.js';
import {startZettelstoreStandIn, type ZettelstoreEra} from './zettelstore-server.js';

export interface DemoServer {
	service: ServiceKind;
	/** http://127.0.0.1:PORT */
	url: string;
	close(): Promise<void>;
}

/** What the demo logs in with: a real login against a stand-in, as a user would type it. */
export type DemoLogin = LoginRequest & {name: string; io?: InteractiveLoginIo};

export interface DemoFleet {
	servers: DemoServer[];
	logins: DemoLogin[];
	/** An account on the Bluesky stand-in that the demo does not log in to: for trying the add form. */
	spare: {url: string; identifier: string};
}

/** The password of every demo account (shown by the demo: these accounts are throw-away). */
export const demoPassword = 'demo-password';

const spareHandle = 'erin.test';

/** Bluesky handles and their access-token lifetimes: varied, so they expire one after another. */
const blueskyAccounts = [
	{handle: 'alice.test', seconds: 60},
	{handle: 'bob.test', seconds: 75},
	{handle: 'carol.test', seconds: 90},
] as const;

/** One Zettelstore server per account: the token lifetime is a server setting. */
const zettelstoreAccounts: ReadonlyArray<{name: string; user: string; seconds: number; era: ZettelstoreEra; authDisabled?: boolean; remember?: boolean}> = [
	{name: 'owner@notes', user: 'owner', seconds: 60, era: 'sexpr'},
	{name: 'writer@archive', user: 'writer', seconds: 90, era: 'json'},
	// No remembered password: once its token has expired, r asks for the password (a re-login to try).
	{name: 'reader@wiki', user: 'reader', seconds: 120, era: 'v0.12', remember: false},
	{name: 'guest@open', user: 'guest', seconds: 120, era: 'sexpr', authDisabled: true},
];

/** Starts every server and creates the accounts on them. Closes what started if any start fails. */
export async function startDemoFleet(options: {loginDelayMs?: number} = {}): Promise<DemoFleet> {
	const loginDelayMs = options.loginDelayMs ?? 20;
	const fleet: DemoFleet = {servers: [], logins: [], spare: {url: '', identifier: spareHandle}};
	try {
		await startBluesky(fleet, loginDelayMs);
		for (const account of zettelstoreAccounts) await startZettelstore(fleet, account, loginDelayMs);
	} catch (error) {
		await closeServers(fleet.servers);
		throw error;
	}
	return fleet;
}

export async function closeServers(servers: DemoServer[]): Promise<void> {
	await Promise.allSettled(servers.map(server => server.close()));
}

async function startBluesky(fleet: DemoFleet, loginDelayMs: number): Promise<void> {
	// Its OAuth side approves at once; short lives so the three clocks move visibly.
	const server = await startBlueskyStandIn({accessLifetimeSeconds: 90, loginDelayMs, oauth: {accessLifetimeSeconds: 90, sessionLifetimeSeconds: demoOAuthSessionSeconds}});
	fleet.servers.push({service: 'bluesky', url: server.url, close: () => server.close()});
	for (const {handle, seconds} of blueskyAccounts) {
		const created = server.createAccount(handle, demoPassword, {accessLifetimeSeconds: seconds});
		fleet.logins.push({service: 'bluesky', name: created.handle, url: server.url, identifier: created.handle, password: created.password});
	}
	server.createAccount(spareHandle, demoPassword, {accessLifetimeSeconds: 90});
	fleet.spare = {url: server.url, identifier: spareHandle};
	const oauthUser = server.createAccount(oauthHandle, demoPassword);
	// The stand-in is its own DID directory too: nothing leaves the machine.
	fleet.logins.push({service: 'bluesky-oauth', name: oauthUser.handle, url: server.url, identifier: oauthUser.handle, password: '', didDirectoryUrl: server.url, io: approvedAtOnce()});
}

const oauthHandle = 'dave.test';
/** The demo's OAuth sessions end after 10 minutes (tokentop is told so: TOKENTOP_OAUTH_SESSION_SECONDS). */
export const demoOAuthSessionSeconds = 600;

async function startZettelstore(fleet: DemoFleet, account: (typeof zettelstoreAccounts)[number], loginDelayMs: number): Promise<void> {
	const password = demoPassword;
	const server = await startZettelstoreStandIn({
		users: {[account.user]: password},
		era: account.era,
		authDisabled: account.authDisabled ?? false,
		tokenLifetimeSeconds: account.seconds,
		loginDelayMs,
	});
	fleet.servers.push({service: 'zettelstore', url: server.url, close: () => server.close()});
	// Password kept (plain text, in the throw-away folder) so `r` brings an expired token back.
	const rememberPassword = account.remember === false ? 'none' : 'plaintext';
	fleet.logins.push({service: 'zettelstore', name: account.name, url: server.url, identifier: account.user, password, rememberPassword});
}
