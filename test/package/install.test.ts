/**
 * The package as people get it: `npm pack`, then `npm install -g` of the tarball into a
 * throw-away prefix. It carries the bundle (dist/, built by `npm test` before this runs) and
 * only the dependency that cannot be bundled, installs in seconds with no build and no
 * install-script warning, and the installed `tokentop` works.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {bundleOptions} from '../../scripts/build-options.mjs';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {TmuxSession} from '../support/tmux.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string; dependencies: Record<string, string>};

/** Bytes of a folder's files, counted as `du --apparent-size` does (symlinks by their own size). */
function sizeOf(dir: string): number {
	return readdirSync(dir, {withFileTypes: true}).reduce((total, entry) => {
		const full = path.join(dir, entry.name);
		return total + (entry.isDirectory() ? sizeOf(full) : lstatSync(full).size);
	}, 0);
}

/** Runs npm to the end; its output, status and how long it took. */
function npm(args: string[], cwd: string): Promise<{code: number | null; stdout: string; stderr: string; ms: number}> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn('npm', args, {cwd, env: {...process.env, npm_config_update_notifier: 'false'}});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr, ms: performance.now() - started}));
	});
}

describe('the packed package, installed globally', () => {
	const work = mkdtempSync(path.join(tmpdir(), 'tokentop-package-'));
	const prefix = path.join(work, 'prefix');
	const bin = path.join(prefix, 'bin', 'tokentop');
	// The installed bin runs on the Node that runs this test (its shebang asks PATH for `node`).
	const env = {PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`};
	let install: Awaited<ReturnType<typeof npm>>;
	let packedFiles: string[];

	before(async () => {
		assert.ok(existsSync(cliPath), 'dist/cli.js is missing: run `npm run build` (npm test does) first');
		// dist/ as built; --ignore-scripts because prepack would rebuild it under the other tests' feet.
		const pack = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
		assert.equal(pack.code, 0, pack.stderr);
		const [packed] = JSON.parse(pack.stdout) as Array<{filename: string; files: Array<{path: string}>}>;
		packedFiles = packed!.files.map(file => file.path).sort();
		install = await npm(['install', '--global', '--prefix', prefix, path.join(work, packed!.filename), '--prefer-offline', '--no-audit', '--no-fund'], work);
		assert.equal(install.code, 0, install.stderr);
	});
	after(() => rmSync(work, {recursive: true, force: true}));

	it('packs the bundle, not the sources', () => {
		assert.ok(packedFiles.includes('dist/cli.js'), packedFiles.join(', '));
		assert.ok(packedFiles.includes('package.json'));
		assert.deepEqual(packedFiles.filter(file => !file.startsWith('dist/') && !['package.json', 'readme.md'].includes(file)), []);
	});

	it('installs in seconds, small, with no build and no install-script warning', () => {
		assert.ok(install.ms <= 15_000, `install took ${Math.round(install.ms)} ms`);
		const megabytes = sizeOf(prefix) / 1e6;
		assert.ok(megabytes <= 10, `installed size ${megabytes.toFixed(1)} MB`);
		assert.doesNotMatch(install.stderr, /install.?script|allowScripts/i);
		assert.doesNotMatch(`${install.stdout}${install.stderr}`, /build\.mjs|esbuild|prepare/);
		console.log(`# install: ${Math.round(install.ms)} ms, ${megabytes.toFixed(1)} MB`);
	});

	it('brings along only what cannot be bundled, and that resolves from the bundle', () => {
		// What the bundle leaves out: the keyring (a native addon) and Ink's dev-only devtools, never loaded.
		const external = bundleOptions().external ?? [];
		assert.deepEqual(Object.keys(packageJson.dependencies), external.filter(name => name !== 'react-devtools-core'));
		const installedPackage = path.join(prefix, 'lib', 'node_modules', 'tokentop');
		const installed = path.join(installedPackage, 'node_modules');
		const top = readdirSync(installed).flatMap(name => (name.startsWith('@') ? readdirSync(path.join(installed, name)).map(scoped => `${name}/${scoped}`) : [name]));
		// The keyring and its addon for this platform, nothing else.
		assert.deepEqual(top.filter(name => !name.startsWith('@napi-rs/keyring')), [], top.join(', '));
		const loaded = execFileSync(process.execPath, ['--input-type=module', '-e', "const {Entry} = await import('@napi-rs/keyring'); process.stdout.write(typeof Entry)"], {cwd: path.join(installedPackage, 'dist'), encoding: 'utf8'});
		assert.equal(loaded, 'function');
	});

	it('tokentop --version', async t => {
		const result = await runCli(['--version'], {configDir: tempConfigDir(t), command: [bin], env});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout.trim(), packageJson.version);
	});

	describe('login and token against a Zettelstore stand-in', () => {
		let server: ZettelstoreStandIn;
		before(async () => {
			server = await startZettelstoreStandIn({users: {owner: 'installed secret'}, loginDelayMs: 20, tokenLifetimeSeconds: 600, secret: 'package test'});
		});
		after(() => server.close());

		it('logs in, and token prints the access token the server accepts', async t => {
			const configDir = tempConfigDir(t);
			const login = await runCli(['login', 'zettelstore', server.url, 'owner', '--password-stdin', '--name', 'notes'], {configDir, input: 'installed secret\n', command: [bin], env});
			assert.equal(login.code, 0, login.stderr);
			const token = await runCli(['token', 'notes'], {configDir, command: [bin], env});
			assert.equal(token.code, 0, token.stderr);
			const stored = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as {accounts: Array<{token: string}>};
			assert.equal(token.stdout.trim(), stored.accounts[0]!.token);
			const renewed = await fetch(new URL('/a', server.url), {method: 'PUT', headers: {authorization: `Bearer ${token.stdout.trim()}`}});
			assert.equal(renewed.status, 200, 'the server accepts the printed token');
		});
	});

	it('tokentop demo refuses without a terminal in one line, and runs in one', async t => {
		const refused = await runCli(['demo'], {configDir: tempConfigDir(t), command: [bin], env});
		assert.equal(refused.code, 2);
		assert.match(refused.stderr, /^tokentop: the app needs a terminal; for scripts use the plain commands/m);
		assert.match(refused.stderr, /servers stopped, throw-away config removed/);

		const demo = new TmuxSession(`${bin} demo`, {columns: 120, rows: 30, env: {...env, NO_COLOR: '1'}});
		t.after(() => demo.kill());
		await demo.waitForText(/tokentop +8 accounts/);
		await demo.waitForText('alice.test');
		demo.press('q');
		await demo.waitFor(() => demo.exited(), 'the demo to exit');
		assert.match(execFileSync('tmux', ['capture-pane', '-p', '-S', '-50', '-t', demo.name], {encoding: 'utf8'}), /servers stopped, throw-away config removed/);
	});
});
