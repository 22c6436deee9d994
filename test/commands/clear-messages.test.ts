/**
 * The commands say what happened, in words, with the documented exit codes: logout's way out
 * (--force), tokens that are never handed out dead, a server that grants shorter tokens than
 * asked for, honest refresh counts, URLs without a scheme, system and TLS errors in words.
 * Run as the built binary against the Zettelstore stand-in and local servers.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:https';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {accessTokenOf} from '../../source/services/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {listenOnLoopback} from '../../source/standins/listen.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {blueskyRecord} from '../hostile/harness.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {runCli, tempConfigDir} from '../support/cli.js';
import {refusedUrl} from '../support/hostile-server.js';

const password = 'correct horse';

describe('clear messages from the commands', () => {
	let server: ZettelstoreStandIn;
	let free: ZettelstoreStandIn;
	before(async () => {
		server = await startZettelstoreStandIn({users: {owner: password, second: password}, loginDelayMs: 0, tokenLifetimeSeconds: 600});
		free = await startZettelstoreStandIn({authDisabled: true});
	});
	after(async () => {
		await server.close();
		await free.close();
	});

	const login = async (dir: string, name: string, user = 'owner') => {
		const result = await runCli(['login', 'zettelstore', server.url, user, '--name', name, '--password-stdin'], {configDir: dir, input: password});
		assert.equal(result.code, 0, result.stderr);
	};

	it('logout of an unreachable server keeps the account and names --force, which removes it', async t => {
		const dir = tempConfigDir(t);
		const gone = blueskyRecord(await refusedUrl(), {name: 'gone'});
		await TokenStore.open({dir}).update(() => [gone]);
		const failed = await runCli(['logout', 'gone'], {configDir: dir});
		assert.equal(failed.code, 4);
		assert.match(failed.stderr, /^tokentop: 127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\); "gone" is kept — tokentop logout gone --force removes it here anyway/);
		assert.equal(failed.stderr.trim().split('\n').length, 1);
		assert.ok(TokenStore.open({dir}).find('gone'));
		const forced = await runCli(['logout', 'gone', '--force'], {configDir: dir});
		assert.equal(forced.code, 0, forced.stderr);
		assert.match(forced.stdout, /Logged out "gone" \(could not end the session on the server/);
		assert.equal(TokenStore.open({dir}).find('gone'), undefined);
	});

	it('token refuses an expired token the server no longer renews: exit 3, the reason, nothing printed', async t => {
		const dir = tempConfigDir(t);
		const now = Date.now();
		// Expired two minutes ago: the server refuses to renew it (400).
		await TokenStore.open({dir}).update(() => [zettelstoreRecord({name: 'old', url: server.url, tokenReceivedAt: now - 720_000, tokenExpiresAt: now - 120_000})]);
		const result = await runCli(['token', 'old', '--min-valid', '0'], {configDir: dir});
		assert.equal(result.code, 3);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /^tokentop: old's access token expired 2m 0\ds ago and could not be refreshed: .*log in again/);
		// From now on it is known to be rejected: refused at once, with the way back.
		const again = await runCli(['token', 'old'], {configDir: dir});
		assert.equal(again.code, 3);
		assert.match(again.stderr, /^tokentop: old needs a new login: .* — tokentop login old$/m);
	});

	it('token of an account whose server needs no authentication says there is no token: exit 1', async t => {
		const dir = tempConfigDir(t);
		const loggedIn = await runCli(['login', 'zettelstore', free.url, 'anyone', '--name', 'open', '--password-stdin'], {configDir: dir, input: 'x'});
		assert.equal(loggedIn.code, 0, loggedIn.stderr);
		const result = await runCli(['token', 'open'], {configDir: dir});
		assert.equal(result.code, 1);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /^tokentop: open has no token: its server 127\.0\.0\.1:\d+ needs no authentication/);
	});

	it('token --min-valid beyond what the server grants prints the freshest token and says the real lifetime', async t => {
		const dir = tempConfigDir(t);
		await login(dir, 'zs');
		const result = await runCli(['token', 'zs', '--min-valid', '3600'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, `${accessTokenOf(TokenStore.open({dir}).find('zs')!)}\n`);
		assert.match(result.stderr, /^tokentop: warning: 127\.0\.0\.1:\d+ grants tokens for 10m 00s only; printed the freshest it gives \(9m \d\ds left\)\n$/);
	});

	it('refresh --all ends with counts and names, and exits with the worst failure', async t => {
		const dir = tempConfigDir(t);
		await login(dir, 'a-one');
		await login(dir, 'b-two', 'second');
		const added = [zettelstoreRecord({name: 'c-rejected', url: server.url, token: 'not-a-token-of-this-server'}), zettelstoreRecord({name: 'd-gone', url: await refusedUrl()})];
		await TokenStore.open({dir}).update(accounts => [...accounts, ...added]);
		// Past the first quarter of their lives: the server hands out new tokens.
		server.setClockOffset(200_000);
		t.after(() => server.setClockOffset(0));
		const result = await runCli(['refresh', '--all'], {configDir: dir});
		assert.equal(result.code, 4, 'network (4) is worse than needs login (3)');
		assert.match(result.stdout, /^a-one: refreshed, valid 9m \d\ds\nb-two: refreshed, valid 9m \d\ds\n$/);
		const lines = result.stderr.trim().split('\n');
		assert.equal(lines.length, 3, result.stderr);
		assert.equal(lines.at(-1), 'refreshed 2, failed 2 (c-rejected: needs login; d-gone: server unreachable)');
	});

	it('a renewal that returned the same still-young token says so', async t => {
		const dir = tempConfigDir(t);
		await login(dir, 'zs');
		const before = TokenStore.open({dir}).find('zs')!;
		const result = await runCli(['refresh', 'zs'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^zs: refreshed: still valid, unchanged \(9m \d\ds left\)\n$/);
		assert.equal(accessTokenOf(TokenStore.open({dir}).find('zs')!), accessTokenOf(before));
		const all = await runCli(['refresh', '--all'], {configDir: dir});
		assert.match(all.stdout, /^refreshed 0, unchanged 1 \(still valid\)$/m);
	});

	it('a URL without a scheme: a loopback host means http, any other https; messages name the kind’s example', async t => {
		const dir = tempConfigDir(t);
		const bare = server.url.replace('http://', '');
		const local = await runCli(['login', 'zettelstore', bare, 'owner', '--password-stdin'], {configDir: dir, input: password});
		assert.equal(local.code, 0, local.stderr);
		assert.equal(TokenStore.open({dir}).read()[0]!.url, server.url);
		const remote = await runCli(['login', 'bluesky', 'someone', '--service', 'pds.nonexistent.invalid', '--password-stdin'], {
			configDir: dir,
			input: 'pw',
			env: {TOKENTOP_HTTP_TIMEOUT_MS: '5000'},
		});
		assert.equal(remote.code, 4);
		assert.match(remote.stderr, /^tokentop: pds\.nonexistent\.invalid: host name not found \(ENOTFOUND\)$/m);
		const zettelstoreUrl = await runCli(['login', 'zettelstore', 'http://[::1', 'owner', '--password-stdin'], {configDir: dir, input: 'pw'});
		assert.equal(zettelstoreUrl.code, 2);
		assert.match(zettelstoreUrl.stderr, /Not a URL: .* \(expected e\.g\. http:\/\/127\.0\.0\.1:23123\)/);
		const blueskyUrl = await runCli(['login', 'bluesky', 'someone', '--service', 'gopher://pds.example', '--password-stdin'], {configDir: dir, input: 'pw'});
		assert.equal(blueskyUrl.code, 2);
		assert.match(blueskyUrl.stderr, /Unsupported URL scheme gopher: \(expected e\.g\. https:\/\/bsky\.social\)/);
	});

	it('a TLS certificate that is not trusted is said in words, with its code', async t => {
		const dir = tempConfigDir(t);
		const {key, cert} = selfSignedCertificate(dir);
		const tls = createServer({key, cert}, (_request, response) => response.end('("Bearer" "x" 600)'));
		const url = (await listenOnLoopback(tls)).replace('http://', 'https://');
		t.after(() => new Promise(resolve => tls.close(resolve)));
		const result = await runCli(['login', 'zettelstore', url, 'owner', '--password-stdin'], {configDir: dir, input: password});
		assert.equal(result.code, 4);
		assert.match(result.stderr, /^tokentop: 127\.0\.0\.1:\d+: its TLS certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/m);
	});
});

/** A throw-away self-signed certificate for 127.0.0.1, made with openssl (installed by .ci/run). */
function selfSignedCertificate(dir: string): {key: string; cert: string} {
	const keyFile = path.join(dir, 'key.pem');
	const certFile = path.join(dir, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1'], {stdio: 'ignore'});
	return {key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8')};
}
