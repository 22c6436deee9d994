/**
 * `fetch` and `token --format json` with Zettelstore accounts (the stand-in), and what `fetch`
 * does with bytes, headers, redirects and servers that are not there, against a small echo
 * server. Run as the built binary.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import {type IncomingHttpHeaders, createServer, request} from 'node:http';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {listenOnLoopback} from '../../source/standins/listen.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {refusedUrl} from '../support/hostile-server.js';

const password = 'correct horse';

/** Runs the binary keeping stdout as bytes. */
function runForBytes(args: string[], configDir: string): Promise<{code: number | null; stdout: Buffer; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: {...process.env, TOKENTOP_CONFIG_DIR: configDir}, stdio: ['ignore', 'pipe', 'pipe']});
		const chunks: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout: Buffer.concat(chunks), stderr}));
	});
}

describe('fetch and token formats with Zettelstore', () => {
	let server: ZettelstoreStandIn;
	let free: ZettelstoreStandIn;
	before(async () => {
		server = await startZettelstoreStandIn({users: {owner: password, other: password}, loginDelayMs: 0});
		free = await startZettelstoreStandIn({authDisabled: true});
	});
	after(async () => {
		await server.close();
		await free.close();
	});

	async function loggedIn(t: {after: (fn: () => void) => void}, user = 'owner'): Promise<{dir: string; account: ZettelstoreAccount}> {
		const dir = tempConfigDir(t);
		const result = await runCli(['login', 'zettelstore', server.url, user, '--name', 'zs', '--password-stdin'], {configDir: dir, input: password});
		assert.equal(result.code, 0, result.stderr);
		return {dir, account: TokenStore.open({dir}).find('zs') as ZettelstoreAccount};
	}

	const zidOf = (account: ZettelstoreAccount) => account.claims!.zid!;

	it('reads the user’s own zettel, which only that user may read; another user’s is 403: exit 5', async t => {
		const {dir, account} = await loggedIn(t);
		const own = await runCli(['fetch', 'zs', `/z/${zidOf(account)}`], {configDir: dir});
		assert.equal(own.code, 0, own.stderr);
		assert.match(own.stdout, /^user-id: owner$/m);
		const {account: other} = await loggedIn(t, 'other');
		const foreign = await runCli(['fetch', 'zs', `/z/${zidOf(other)}`], {configDir: dir});
		assert.equal(foreign.code, 5);
		assert.equal(foreign.stdout, 'Forbidden\n');
		assert.match(foreign.stderr, /^tokentop: HTTP 403 Forbidden from 127\.0\.0\.1:\d+$/m);
	});

	it('renews a token about to end before the request', async t => {
		const {dir, account} = await loggedIn(t);
		// Ten seconds left in the store's eyes: fetch renews first (the stand-in's clock is moved on, so it hands out a new token).
		await TokenStore.open({dir}).saveAccount({...account, tokenExpiresAt: Date.now() + 10_000, revision: account.revision + 1});
		server.setClockOffset(200_000);
		t.after(() => server.setClockOffset(0));
		const renewals = server.counters.renewalsNewToken;
		const result = await runCli(['fetch', 'zs', `/z/${zidOf(account)}`], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(server.counters.renewalsNewToken, renewals + 1);
		assert.notEqual((TokenStore.open({dir}).find('zs') as ZettelstoreAccount).token, account.token);
	});

	it('token --format json gives what another program needs to make the request itself', async t => {
		const {dir, account} = await loggedIn(t);
		const result = await runCli(['token', 'zs', '--format', 'json'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		const {token, type, url} = JSON.parse(result.stdout) as {token: string; type: string; url: string};
		const status = await new Promise<number>((resolve, reject) => {
			request(`${url}/z/${zidOf(account)}`, {headers: {authorization: `${type} ${token}`}}, response => {
				response.resume();
				resolve(response.statusCode!);
			})
				.on('error', reject)
				.end();
		});
		assert.equal(status, 200);
	});

	it('an account whose server needs no authentication: fetch works, exec sets no token', async t => {
		const dir = tempConfigDir(t);
		assert.equal((await runCli(['login', 'zettelstore', free.url, 'anyone', '--name', 'open', '--password-stdin'], {configDir: dir, input: 'x'})).code, 0);
		const fetched = await runCli(['fetch', 'open', '/z/20260101000001'], {configDir: dir});
		assert.equal(fetched.code, 0, fetched.stderr);
		assert.match(fetched.stdout, /^user-id: owner$/m);
		const ran = await runCli(['exec', 'open', '--', 'sh', '-c', 'printf "%s|%s" "${TOKENTOP_TOKEN-unset}" "$TOKENTOP_URL"'], {configDir: dir, env: {TOKENTOP_TOKEN: 'inherited'}});
		assert.equal(ran.code, 0, ran.stderr);
		assert.equal(ran.stdout, `unset|${free.url}`);
		assert.match(ran.stderr, /needs no authentication; TOKENTOP_TOKEN is not set/);
	});
});

describe('fetch, byte for byte', () => {
	let echo: ReturnType<typeof createServer>;
	let url: string;
	const seen: Array<{method: string; url: string; headers: IncomingHttpHeaders; body: Buffer}> = [];
	before(async () => {
		echo = createServer((incoming, response) => {
			const chunks: Buffer[] = [];
			incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
			incoming.on('end', () => {
				const body = Buffer.concat(chunks);
				seen.push({method: incoming.method!, url: incoming.url!, headers: incoming.headers, body});
				if (incoming.url === '/base/moved') {
					response.writeHead(302, {location: 'https://elsewhere.example/steal'}).end();
					return;
				}
				response.writeHead(200, {'content-type': 'application/octet-stream', 'x-echo': 'yes'}).end(body);
			});
		});
		url = await listenOnLoopback(echo);
	});
	after(() => new Promise(resolve => echo.close(resolve)));

	async function storeFor(t: {after: (fn: () => void) => void}, accountUrl: string): Promise<{dir: string; token: string}> {
		const dir = tempConfigDir(t);
		const account = zettelstoreRecord({name: 'zs', url: `${accountUrl}/base`});
		await TokenStore.open({dir}).update(() => [account]);
		return {dir, token: account.token};
	}

	it('sends -d @FILE as bytes with the token and a path under the server’s base, and prints the answer’s bytes', async t => {
		const {dir, token} = await storeFor(t, url);
		const bytes = Buffer.concat([randomBytes(4096), Buffer.from([0, 0xff, 0xfe, 0x0a, 0x0d])]);
		const file = path.join(dir, 'payload.bin');
		writeFileSync(file, bytes);
		const result = await runForBytes(['fetch', 'zs', '/upload?x=1', '-X', 'put', '-d', `@${file}`, '-H', 'X-Extra: one', '-H', 'X-Extra: two'], dir);
		assert.equal(result.code, 0, result.stderr);
		assert.ok(result.stdout.equals(bytes), 'stdout holds exactly the bytes sent back');
		const request = seen.at(-1)!;
		assert.equal(request.method, 'PUT');
		assert.equal(request.url, '/base/upload?x=1');
		assert.equal(request.headers.authorization, `Bearer ${token}`);
		assert.equal(request.headers['content-type'], 'application/octet-stream');
		assert.equal(request.headers['x-extra'], 'one, two');
		assert.ok(request.body.equals(bytes));
	});

	it('-d with JSON is sent as application/json with POST; -d @- reads standard input', async t => {
		const {dir} = await storeFor(t, url);
		assert.equal((await runCli(['fetch', 'zs', '/json', '-d', '{"a": 1}'], {configDir: dir})).code, 0);
		assert.equal(seen.at(-1)!.method, 'POST');
		assert.equal(seen.at(-1)!.headers['content-type'], 'application/json');
		const piped = await runCli(['fetch', 'zs', '/stdin', '-d', '@-', '-H', 'Content-Type: text/plain'], {configDir: dir, input: 'from standard input'});
		assert.equal(piped.code, 0, piped.stderr);
		assert.equal(piped.stdout, 'from standard input');
		assert.equal(seen.at(-1)!.headers['content-type'], 'text/plain');
	});

	it('sends no Authorization for an account whose server needs none', async t => {
		const dir = tempConfigDir(t);
		await TokenStore.open({dir}).update(() => [zettelstoreRecord({name: 'open', url, freeAccess: true, token: 'freeaccess'})]);
		const result = await runCli(['fetch', 'open', '/plain'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(seen.at(-1)!.url, '/plain');
		assert.equal(seen.at(-1)!.headers.authorization, undefined);
	});

	it('does not follow a redirect: the token goes only where it was sent', async t => {
		const {dir} = await storeFor(t, url);
		const before = seen.length;
		const result = await runCli(['fetch', 'zs', '/moved', '-i'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^HTTP\/1\.1 302 Found\r\n/);
		assert.match(result.stderr, /redirected to https:\/\/elsewhere\.example\/steal \(not followed/);
		assert.equal(seen.length, before + 1);
	});

	it('no answer at all: exit 4, the reason in words', async t => {
		const {dir} = await storeFor(t, await refusedUrl());
		const result = await runCli(['fetch', 'zs', '/anything'], {configDir: dir});
		assert.equal(result.code, 4);
		assert.match(result.stderr, /^tokentop: 127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\)$/m);
		assert.equal(result.stdout, '');
	});
});
