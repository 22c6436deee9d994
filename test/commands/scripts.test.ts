/**
 * Tokens for other programs, against a REAL PDS, run as the built binary: every `token
 * --format` parsed and its token used for a real request (curl reading `-K -`), `exec` with a
 * child that checks what it got, `fetch` with paths, bodies, 4xx and a token that expires on
 * the way. No token may appear in the argument list of any process started (read from
 * /proc/PID/cmdline while it runs).
 */
import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';

/** The argument list of a running process, as `ps` would show it. */
function commandLineOf(pid: number): string {
	return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
}

function exited(child: ChildProcess): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
	return new Promise(resolve => child.once('exit', (code, signal) => resolve({code, signal})));
}

async function pollUntil<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

describe('tokens for other programs, with a real PDS', () => {
	let pds: TestPds;
	let alice: TestAccount;
	let dir: string;
	const cleanups: Array<() => void> = [];
	before(async () => {
		pds = await startTestPds();
		alice = await pds.createAccount();
	});
	after(async () => {
		await pds.close();
		for (const cleanup of cleanups) cleanup();
	});

	const stored = () => TokenStore.open({dir}).find('me') as BlueskyAccount;
	const session = (token: string) => bluesky.getSession(stored().pdsUrl ?? stored().url, token);

	// One login for the whole suite: each test starts from the stored session.
	before(async () => {
		dir = tempConfigDir({after: cleanup => cleanups.push(cleanup)});
		const login = await runCli(['login', 'bluesky', alice.handle, '--service', pds.url, '--name', 'me', '--password-stdin'], {configDir: dir, input: alice.password});
		assert.equal(login.code, 0, login.stderr);
	});

	it('token --format curl feeds curl -K -: the token reaches the server, never an argument list', async () => {
		const token = stored().accessJwt;
		// curl waits for its config on stdin: its argument list can be read before anything is sent.
		const curl = spawn('curl', ['--silent', '--show-error', '-K', '-', `${pds.url}/xrpc/com.atproto.server.getSession`], {stdio: ['pipe', 'pipe', 'pipe']});
		let body = '';
		curl.stdout!.setEncoding('utf8').on('data', chunk => (body += chunk));
		const curlExit = exited(curl);
		assert.ok(!commandLineOf(curl.pid!).includes(token), 'not in curl’s argv');
		const tokentop = spawn(process.execPath, [cliPath, 'token', 'me', '--format', 'curl'], {env: {...process.env, TOKENTOP_CONFIG_DIR: dir}, stdio: ['ignore', 'pipe', 'inherit']});
		assert.ok(!commandLineOf(tokentop.pid!).includes(token), 'not in tokentop’s argv');
		tokentop.stdout!.pipe(curl.stdin!);
		assert.equal((await exited(tokentop)).code, 0);
		assert.equal((await curlExit).code, 0);
		const answer = JSON.parse(body) as {did: string; handle: string};
		assert.equal(answer.did, alice.did);
		assert.equal(answer.handle, alice.handle);
	});

	it('token --format json: {token, type, expiresAt, account, service, url}, and the token works', async () => {
		const result = await runCli(['token', 'me', '--format', 'json'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		const shape = JSON.parse(result.stdout) as Record<string, string>;
		assert.deepEqual(Object.keys(shape).sort(), ['account', 'expiresAt', 'service', 'token', 'type', 'url']);
		assert.equal(shape.type, 'Bearer');
		assert.equal(shape.account, 'me');
		assert.equal(shape.service, 'bluesky');
		assert.equal(shape.url, stored().pdsUrl ?? stored().url);
		assert.equal(Date.parse(shape.expiresAt!), stored().accessExpiresAt);
		assert.equal((await session(shape.token!)).did, alice.did);
	});

	it('token --format env: export lines a shell evaluates, and the token works', async () => {
		const script = `eval "$("${process.execPath}" "${cliPath}" token me --format env)" && printf '%s\\n' "$TOKENTOP_TOKEN" "$TOKENTOP_ACCOUNT" "$TOKENTOP_URL"`;
		const shell = spawn('sh', ['-c', script], {env: {...process.env, TOKENTOP_CONFIG_DIR: dir}, stdio: ['ignore', 'pipe', 'inherit']});
		let out = '';
		shell.stdout!.setEncoding('utf8').on('data', chunk => (out += chunk));
		assert.equal((await exited(shell)).code, 0);
		const [token, account, url] = out.split('\n');
		assert.equal(account, 'me');
		assert.equal(url, stored().pdsUrl ?? stored().url);
		assert.equal((await session(token!)).did, alice.did);
	});

	it('token --format exec-credential: a client.authentication.k8s.io/v1 ExecCredential with an RFC 3339 expiry', async () => {
		const result = await runCli(['token', 'me', '--format', 'exec-credential'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		const credential = JSON.parse(result.stdout) as {apiVersion: string; kind: string; status: {token: string; expirationTimestamp: string}};
		assert.equal(credential.apiVersion, 'client.authentication.k8s.io/v1');
		assert.equal(credential.kind, 'ExecCredential');
		assert.match(credential.status.expirationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		const expiry = Date.parse(credential.status.expirationTimestamp);
		assert.ok(expiry <= stored().accessExpiresAt && expiry > stored().accessExpiresAt - 1000);
		assert.equal((await session(credential.status.token)).did, alice.did);
	});

	describe('exec', () => {
		/** A child that records what it got (pid, environment), then waits for a signal or a while. */
		const child = (dir: string) => {
			const report = path.join(dir, 'child.json');
			const script = path.join(dir, 'child.mjs');
			writeFileSync(
				script,
				`import {writeFileSync} from 'node:fs';
				const report = ${JSON.stringify(report)};
				const env = {token: process.env[process.argv[2]], account: process.env.TOKENTOP_ACCOUNT, url: process.env.TOKENTOP_URL, configDir: process.env.TOKENTOP_CONFIG_DIR, pid: process.pid};
				writeFileSync(report, JSON.stringify(env));
				process.on('SIGTERM', () => { writeFileSync(report, JSON.stringify({...env, signal: 'SIGTERM'})); process.exit(7); });
				if (process.argv[3] === 'die') process.kill(process.pid, 'SIGKILL');
				setTimeout(() => process.exit(Number(process.argv[3] ?? 0)), process.argv[3] === 'wait' ? 30_000 : 0);
				`,
			);
			return {report, script};
		};

		it('puts a working token in the environment, not in an argv; a forwarded SIGTERM and the exit status', async t => {
			const scratch = tempConfigDir(t);
			const {report, script} = child(scratch);
			const tokentop = spawn(process.execPath, [cliPath, 'exec', 'me', '--', process.execPath, script, 'TOKENTOP_TOKEN', 'wait'], {
				env: {...process.env, TOKENTOP_CONFIG_DIR: dir},
				stdio: 'inherit',
			});
			const ended = exited(tokentop);
			const got = await pollUntil('the child’s report', () => readJson<{token: string; account: string; url: string; configDir: string; pid: number}>(report));
			assert.equal(got.account, 'me');
			assert.equal(got.url, stored().pdsUrl ?? stored().url);
			assert.equal(got.configDir, dir);
			assert.equal((await session(got.token)).did, alice.did);
			for (const pid of [tokentop.pid!, got.pid]) assert.ok(!commandLineOf(pid).includes(got.token), `the token is not in the argv of ${pid}`);
			tokentop.kill('SIGTERM');
			assert.deepEqual(await ended, {code: 7, signal: null}, 'the child’s status is tokentop’s');
			assert.equal(readJson<{signal: string}>(report)?.signal, 'SIGTERM', 'the child got the SIGTERM');
		});

		it('--env names the variable; a child ended by a signal gives 128 + N', async t => {
			const scratch = tempConfigDir(t);
			const {report, script} = child(scratch);
			const named = await runCli(['exec', 'me', '--env', 'BSKY_JWT', '--', process.execPath, script, 'BSKY_JWT', '3'], {configDir: dir});
			assert.equal(named.code, 3);
			assert.equal((await session(readJson<{token: string}>(report)!.token)).did, alice.did);
			const killed = await runCli(['exec', 'me', '--', process.execPath, script, 'TOKENTOP_TOKEN', 'die'], {configDir: dir});
			assert.equal(killed.code, 128 + 9);
		});
	});

	describe('fetch', () => {
		it('GETs a /PATH on the account’s own PDS with its token: the body on stdout', async () => {
			const result = await runCli(['fetch', 'me', '/xrpc/com.atproto.server.getSession'], {configDir: dir});
			assert.equal(result.code, 0, result.stderr);
			assert.equal(result.stderr, '');
			assert.equal((JSON.parse(result.stdout) as {did: string}).did, alice.did);
		});

		it('creates a record with -d, which the server then holds; -i shows the status line and headers', async () => {
			const text = `hello from tokentop fetch ${Date.now()}`;
			const record = JSON.stringify({repo: alice.did, collection: 'app.bsky.feed.post', record: {$type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString()}});
			const created = await runCli(['fetch', 'me', '/xrpc/com.atproto.repo.createRecord', '-d', record], {configDir: dir});
			assert.equal(created.code, 0, created.stderr);
			const {uri} = JSON.parse(created.stdout) as {uri: string};
			const rkey = uri.split('/').at(-1)!;
			const query = `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(alice.did)}&collection=app.bsky.feed.post&rkey=${rkey}`;
			const read = await runCli(['fetch', 'me', `${stored().pdsUrl ?? stored().url}${query}`, '-i'], {configDir: dir});
			assert.equal(read.code, 0, read.stderr);
			const [head, body] = read.stdout.split('\r\n\r\n');
			assert.match(head!, /^HTTP\/1\.1 200 OK\r\n/);
			assert.match(head!, /^content-type: application\/json/im);
			assert.equal((JSON.parse(body!) as {value: {text: string}}).value.text, text);
		});

		it('a 4xx answer is printed and exits 5', async () => {
			const result = await runCli(['fetch', 'me', `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(alice.did)}&collection=app.bsky.feed.post&rkey=nothing`], {configDir: dir});
			assert.equal(result.code, 5);
			assert.match(result.stdout, /RecordNotFound/);
			assert.match(result.stderr, /^tokentop: HTTP 400 Bad Request from /);
		});

		it('a token that expired on the way: refreshed once, the request sent again', async t => {
			const scratch = tempConfigDir(t);
			const login = await runCli(['login', 'bluesky', alice.handle, '--service', pds.url, '--name', 'late', '--password-stdin'], {configDir: scratch, input: alice.password});
			assert.equal(login.code, 0, login.stderr);
			const store = TokenStore.open({dir: scratch});
			const account = store.find('late') as BlueskyAccount;
			// The server says this token expired; the store (another clock) believes it has an hour left.
			const expired = pds.mintAccessJwt(alice.did, {expiresInSeconds: -5});
			await store.saveAccount({...account, accessJwt: expired, accessExpiresAt: Date.now() + 3_600_000, revision: account.revision + 1});
			const result = await runCli(['fetch', 'late', '/xrpc/com.atproto.server.getSession'], {configDir: scratch});
			assert.equal(result.code, 0, result.stderr);
			assert.equal((JSON.parse(result.stdout) as {did: string}).did, alice.did);
			const after = TokenStore.open({dir: scratch}).find('late') as BlueskyAccount;
			assert.notEqual(after.accessJwt, expired);
			assert.notEqual(after.refreshJwt, account.refreshJwt, 'refreshed (rotated)');
			assert.ok(!result.stdout.includes(after.accessJwt) && !result.stderr.includes(after.accessJwt));
		});

		it('refuses plain http to another host, and an Authorization of its own', async () => {
			const insecure = await runCli(['fetch', 'me', 'http://example.com/xrpc/x'], {configDir: dir});
			assert.equal(insecure.code, 2);
			assert.match(insecure.stderr, /Refusing to send me's token over plain http to example\.com/);
			const own = await runCli(['fetch', 'me', '/x', '-H', 'Authorization: Bearer mine'], {configDir: dir});
			assert.equal(own.code, 2);
			assert.match(own.stderr, /sets Authorization from the account/);
		});
	});
});
