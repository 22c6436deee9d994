/**
 * A real atproto PDS (@atproto/pds 0.4.217) running inside the test process, with an
 * in-memory PLC directory, on 127.0.0.1 only. Tests talk to it over real HTTP, so what they
 * assert is what a user of bsky.social-like servers would see.
 */
import {createHmac, randomBytes} from 'node:crypto';
import {mkdtemp, rm} from 'node:fs/promises';
import {type Server, createServer} from 'node:http';
import {type AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PDS, envToCfg, envToSecrets, readEnv} from '@atproto/pds';
import {PlcServer, Database as PlcDatabase} from '@did-plc/server';
import {sharedBySuite} from './suite-servers.js';

export interface TestPdsOptions {
	/** The PDS's own rate limits (in memory), as on bsky.social. Off by default. */
	rateLimitsEnabled?: boolean;
	/** Send the account's didDoc with createSession/refreshSession, as bsky.social does. On by default. */
	didDocWithSession?: boolean;
}

export interface TestAccount {
	did: string;
	handle: string;
	password: string;
	email: string;
}

export interface TestPds {
	/** http://127.0.0.1:PORT, no trailing slash. */
	url: string;
	/** The PDS's `publicUrl` (http://localhost:PORT): what its didDocs name as #atproto_pds. */
	publicUrl: string;
	/** The audience of the PDS's tokens: did:web:localhost. */
	serviceDid: string;
	/** The in-memory PLC directory the PDS registers its DIDs in (for TOKENTOP_PLC_URL / plcUrl). */
	plcUrl: string;
	/** The PDS's data folder (account.sqlite holds the OAuth token rows). */
	dataDirectory: string;
	/** The running PDS, for in-process knobs such as ctx.oauthProvider.tokenManager.tokenMaxAge. */
	pds: PDS;
	jwtSecret: string;
	createAccount(handle?: string, password?: string): Promise<TestAccount>;
	/** An access token the PDS accepts until it expires, e.g. one already expired (negative seconds). */
	mintAccessJwt(did: string, options: {expiresInSeconds: number; issuedAt?: number}): string;
	close(): Promise<void>;
}

const loopback = '127.0.0.1';
let accountCounter = 0;

export async function startTestPds(options: TestPdsOptions = {}): Promise<TestPds> {
	const dataDirectory = await mkdtemp(path.join(tmpdir(), 'tokentop-pds-'));
	let plc: PlcServer | undefined;
	let pds: PDS | undefined;
	try {
		// Port 0: the PLC's own URL appears nowhere, so the system may pick any free port.
		plc = PlcServer.create({db: PlcDatabase.mock(), port: 0});
		const plcServer = await startOnLoopback(plc);
		const plcUrl = `http://${loopback}:${(plcServer.address() as AddressInfo).port}`;

		const jwtSecret = randomBytes(16).toString('hex');
		// The port is fixed before start because the PDS writes it into its public URL and didDocs.
		const {pds: started, port} = await startPdsOnFreePort(async (port) => {
			const env = {
				...emptyEnv(),
				devMode: true,
				port,
				hostname: 'localhost',
				dataDirectory,
				blobstoreDiskLocation: path.join(dataDirectory, 'blobs'),
				didPlcUrl: plcUrl,
				jwtSecret,
				adminPassword: randomBytes(16).toString('hex'),
				plcRotationKeyK256PrivateKeyHex: randomBytes(32).toString('hex'),
				serviceHandleDomains: ['.test'],
				inviteRequired: false,
				rateLimitsEnabled: options.rateLimitsEnabled ?? false,
				enableDidDocWithSession: options.didDocWithSession ?? true,
				// No crawlers, app view or moderation service: nothing outside this process.
				bskyAppViewUrl: undefined,
				bskyAppViewDid: undefined,
				modServiceUrl: undefined,
				modServiceDid: undefined,
				crawlers: [],
			};
			return PDS.create(envToCfg(env), envToSecrets(env));
		});
		pds = started;
		const url = `http://${loopback}:${port}`;
		const serviceDid = 'did:web:localhost';
		const closingPlc = plc;
		const closingPds = pds;
		let closed = false;
		return {
			url,
			publicUrl: `http://localhost:${port}`,
			serviceDid,
			plcUrl,
			dataDirectory,
			pds: closingPds,
			jwtSecret,
			createAccount: (handle, password) => createAccount(url, handle, password),
			mintAccessJwt: (did, mint) => mintAccessJwt(jwtSecret, serviceDid, did, mint),
			async close() {
				if (closed) return;
				closed = true;
				await closingPds.destroy();
				await closingPlc.destroy();
				await rm(dataDirectory, {recursive: true, force: true});
			},
		};
	} catch (error) {
		await pds?.destroy().catch(() => undefined);
		await plc?.destroy().catch(() => undefined);
		await rm(dataDirectory, {recursive: true, force: true});
		throw error;
	}
}

/** Every key of the PDS's environment reader, unset: the config comes from us, not from process.env. */
function emptyEnv(): ReturnType<typeof readEnv> {
	const saved = process.env;
	process.env = {};
	try {
		return readEnv();
	} finally {
		process.env = saved;
	}
}

/**
 * Picks a free port and starts the PDS on it, bound to 127.0.0.1 only. Another process may take
 * the port between the probe and the start: then try a new one.
 */
async function startPdsOnFreePort(create: (port: number) => Promise<PDS>): Promise<{pds: PDS; port: number}> {
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const pds = await create(port);
		try {
			await startOnLoopback(pds);
			return {pds, port};
		} catch (error) {
			await pds.destroy().catch(() => undefined);
			if ((error as {code?: string}).code !== 'EADDRINUSE' || attempt >= 5) throw error;
		}
	}
}

/** The part of an express app used here (@types/express is not installed). */
interface ListeningApp {
	listen(port: number, host?: string): Server;
}

/**
 * PDS.start() and PlcServer.start() call express's app.listen(port), which binds every
 * interface; this runs their start() with the listen bound to loopback. It also turns a
 * failed listen into a rejection: start() waits only for 'listening', so it would hang.
 */
async function startOnLoopback(service: {app: ListeningApp; start(): Promise<Server>}): Promise<Server> {
	const app = service.app;
	const listen = app.listen.bind(app);
	let listenFailed: (error: Error) => void = () => undefined;
	const failure = new Promise<never>((_resolve, reject) => {
		listenFailed = reject;
	});
	app.listen = (port: number) => {
		const server = listen(port, loopback);
		server.once('error', listenFailed);
		server.once('listening', () => server.off('error', listenFailed));
		return server;
	};
	return Promise.race([service.start(), failure]);
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, loopback, () => {
			const {port} = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

async function createAccount(url: string, handle?: string, password?: string): Promise<TestAccount> {
	accountCounter++;
	const name = handle ?? `user${accountCounter}-${randomBytes(3).toString('hex')}.test`;
	const account = {
		handle: name,
		email: `${name.split('.')[0]}@example.com`,
		password: password ?? `pw-${randomBytes(8).toString('hex')}`,
	};
	const response = await fetch(`${url}/xrpc/com.atproto.server.createAccount`, {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: JSON.stringify(account),
	});
	const body = (await response.json()) as {did?: string; handle?: string; error?: string; message?: string};
	if (!response.ok || typeof body.did !== 'string') {
		throw new Error(`createAccount ${name}: ${response.status} ${body.error ?? ''} ${body.message ?? ''}`);
	}
	return {did: body.did, handle: body.handle ?? name, password: account.password, email: account.email};
}

/** HS256 with the PDS's secret, with the header and claims (in order) of the PDS's own access tokens. */
export function mintAccessJwt(
	jwtSecret: string,
	serviceDid: string,
	did: string,
	options: {expiresInSeconds: number; issuedAt?: number; scope?: string},
): string {
	const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
	const header = {typ: 'at+jwt', alg: 'HS256'};
	const payload = {scope: options.scope ?? 'com.atproto.access', aud: serviceDid, sub: did, iat, exp: iat + options.expiresInSeconds};
	const signingInput = `${base64url(header)}.${base64url(payload)}`;
	const signature = createHmac('sha256', jwtSecret).update(signingInput).digest('base64url');
	return `${signingInput}.${signature}`;
}

function base64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A real PDS with one account on it, shared by the tests of one describe block. */
export function pdsWithAccountForSuite(): {pds: () => TestPds; account: () => TestAccount} {
	const suite = sharedBySuite(async () => {
		const pds = await startTestPds();
		return {pds, account: await pds.createAccount(), close: () => pds.close()};
	});
	return {pds: () => suite().pds, account: () => suite().account};
}
