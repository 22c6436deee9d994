/**
 * Bluesky OAuth through the built binary against the REAL PDS: `login bluesky --oauth` finished
 * by the loopback redirect and by a pasted address, Ctrl-C, a DPoP-signed createRecord through
 * `fetch`, `header` headers used once with curl, `token` refusing, `list --json`'s three clocks —
 * and no secret in any output.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {after, before, describe, it} from 'node:test';
import {type BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {type CliResult, cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {driveConsent} from '../support/oauth-consent.js';
import {holdsOAuthSession} from '../support/pds-oauth.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';

let pds: TestPds;
let alice: TestAccount;
const outputs: string[] = [];

before(async () => {
	pds = await startTestPds();
	alice = await pds.createAccount();
});
after(() => pds?.close());

const env = () => ({TOKENTOP_PLC_URL: pds.plcUrl});
const stored = (dir: string, name: string) => TokenStore.open({dir}).find(name) as BlueskyOAuthAccount;

async function cli(args: string[], configDir: string, input?: string): Promise<CliResult> {
	const result = await runCli(args, {configDir, env: env(), ...(input === undefined ? {} : {input})});
	outputs.push(result.stdout, result.stderr);
	return result;
}

/** A running `login --oauth`: the address it printed, what it wrote, and its end. */
function startLogin(configDir: string, ...extra: string[]) {
	const child = spawn(process.execPath, [cliPath, 'login', 'bluesky', alice.handle, '--oauth', '--no-browser', '--service', pds.url, ...extra], {
		env: {...process.env, TOKENTOP_CONFIG_DIR: configDir, NO_COLOR: '1', ...env()},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
	const exited = new Promise<CliResult>(resolve => {
		child.on('close', code => {
			outputs.push(stdout, stderr);
			resolve({code, stdout, stderr});
		});
	});
	const address = (async () => {
		const deadline = Date.now() + 20_000;
		for (;;) {
			const found = /^(http\S+\/oauth\/authorize\S*)$/m.exec(stdout);
			if (found) return found[1]!;
			if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no address printed: ${stderr}`);
			await new Promise(resolve => setTimeout(resolve, 20));
		}
	})();
	return {child, address, exited, stderr: () => stderr};
}

describe('tokentop login bluesky --oauth and its requests, on the real PDS', () => {
	it('signs in through the loopback redirect; fetch, header, token and list work as promised', {timeout: 60_000}, async t => {
		const dir = tempConfigDir(t);
		const login = startLogin(dir, '--name', 'me');
		await driveConsent(await login.address, {username: alice.handle, password: alice.password});
		const result = await login.exited;
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /Logged in as .* \(did:plc:.*saved as "me"/);
		const account = stored(dir, 'me');
		assert.equal(account.did, alice.did);

		// A DPoP-signed write: the record is then on the server.
		const record = JSON.stringify({repo: alice.did, collection: 'app.bsky.feed.post', record: {$type: 'app.bsky.feed.post', text: 'signed by tokentop', createdAt: new Date().toISOString()}});
		const created = await cli(['fetch', 'me', '/xrpc/com.atproto.repo.createRecord', '-X', 'POST', '-d', record], dir);
		assert.equal(created.code, 0, created.stderr);
		const {uri} = JSON.parse(created.stdout) as {uri: string};
		const rkey = uri.split('/').pop()!;
		const held = await fetch(`${pds.url}/xrpc/com.atproto.repo.getRecord?repo=${alice.did}&collection=app.bsky.feed.post&rkey=${rkey}`);
		assert.equal(((await held.json()) as {value: {text: string}}).value.text, 'signed by tokentop');

		// `header` gives headers for exactly one request: curl uses them once; again, they are refused.
		const url = `${pds.publicUrl}/xrpc/com.atproto.server.getSession`;
		// Its output carries the access token by design: kept out of the secret scan below, and checked to hold nothing else.
		const headers = await runCli(['header', 'me', '-X', 'GET', url], {configDir: dir, env: env()});
		for (const secret of [account.tokens.refreshToken, account.tokens.dpopKey.d]) assert.ok(!headers.stdout.includes(secret) && !headers.stderr.includes(secret));
		assert.equal(headers.code, 0, headers.stderr);
		assert.match(headers.stdout, /^Authorization: DPoP \S+\nDPoP: \S+\n$/);
		// curl runs beside this process (which serves the PDS): never synchronously.
		const curl = (input: string) =>
			new Promise<string>(resolve => {
				const child = spawn('curl', ['-s', '-m', '10', '-o', '/dev/null', '-w', '%{http_code}', '-H', '@-', url]);
				let status = '';
				child.stdout.setEncoding('utf8').on('data', chunk => (status += chunk));
				child.on('close', () => resolve(status));
				child.stdin.end(input);
			});
		assert.equal(await curl(headers.stdout), '200');
		assert.equal(await curl(headers.stdout), '401', 'a proof is single use');

		const token = await cli(['token', 'me'], dir);
		assert.equal(token.code, 2);
		assert.match(token.stderr, /bound to a private key.*tokentop fetch.*tokentop header/);
		assert.equal(token.stdout, '');

		const list = await cli(['list', '--json'], dir);
		const [listed] = JSON.parse(list.stdout) as Array<Record<string, string>>;
		assert.equal(listed?.service, 'bluesky-oauth');
		assert.equal(Date.parse(listed!.sessionEndsAt!), account.tokens.signedInAt + 14 * 24 * 3600_000);
		assert.ok(Date.parse(listed!.refreshExpiresAt!) <= Date.parse(listed!.sessionEndsAt!));
		assert.ok(!('dpopKey' in listed!) && !list.stdout.includes(account.tokens.dpopKey.d));

		const out = await cli(['logout', 'me'], dir);
		assert.equal(out.code, 0, out.stderr);
		assert.equal(holdsOAuthSession(pds, stored(dir, 'me')?.tokens.refreshToken ?? account.tokens.refreshToken), false);
		for (const secret of [account.tokens.accessToken, account.tokens.refreshToken, account.tokens.dpopKey.d, alice.password]) {
			for (const output of outputs) assert.ok(!output.includes(secret), 'a secret was printed');
		}
	});

	it('finishes from an address pasted on standard input when the redirect cannot arrive', {timeout: 60_000}, async t => {
		const dir = tempConfigDir(t);
		const login = startLogin(dir);
		const {redirectUrl} = await driveConsent(await login.address, {username: alice.handle, password: alice.password, followRedirect: false});
		login.child.stdin.write('not the address\n');
		login.child.stdin.write(`${redirectUrl}\n`);
		const result = await login.exited;
		assert.equal(result.code, 0, result.stderr);
		assert.ok(result.stderr.split('\n').filter(text => text !== '' && !text.startsWith('Open this address')).length >= 1, `the wrong paste was answered: ${result.stderr}`);
		assert.equal(stored(dir, alice.handle).did, alice.did);
		assert.ok(!result.stdout.includes(new URL(redirectUrl).searchParams.get('code')!) && !result.stderr.includes(new URL(redirectUrl).searchParams.get('code')!));
	});

	it('cancels on Ctrl-C with exit code 130 and stores nothing', {timeout: 30_000}, async t => {
		const dir = tempConfigDir(t);
		const login = startLogin(dir);
		await login.address;
		login.child.kill('SIGINT');
		const result = await login.exited;
		assert.equal(result.code, 130, result.stderr);
		assert.match(result.stderr, /cancelled/);
		assert.equal(TokenStore.open({dir}).read().length, 0);
	});
});
