// The built bin and the tests that need no native addon and no real PDS, on Node 22 and Node 24
// (the machine's own Node runs everything through scripts/test.mjs). Each Node comes from the
// npm registry's `node` package, installed once into ~/.cache/tokentop-node/MAJOR
// ($TOKENTOP_NODE_CACHE moves it); it is a tool of this script, not a dependency of tokentop.
// When a Node cannot be installed the run says SKIPPED loudly, and fails when CI is set.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const cacheRoot = process.env.TOKENTOP_NODE_CACHE ?? path.join(homedir(), '.cache', 'tokentop-node');
const majors = ['22', '24'];
const inCi = Boolean(process.env.CI) && !['false', '0'].includes(process.env.CI.toLowerCase());
const {version} = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const cli = path.join(repoRoot, 'dist', 'cli.js');

/** The bin against the Zettelstore stand-in (login, refresh, token, list --json), the demo's seeding, store, UI and Ink patches. */
const smokeTests = [
	'test/commands/zettelstore-commands.test.ts',
	'test/commands/demo.test.ts',
	'test/services/sexpr.test.ts',
	'test/services/store.test.ts',
	'test/services/refresh.test.ts',
	'test/ui/app.test.tsx',
	'test/ui/fit-column.test.tsx',
	'test/ink-patches/output.test.ts',
	'test/ink-patches/sanitize-ansi.test.ts',
	'test/ink-patches/one-width.test.tsx',
	'test/ink-patches/faster-ink.test.ts',
];

const say = line => console.log(`node-versions: ${line}`);

function versionOf(node) {
	if (!existsSync(node)) return undefined;
	const run = spawnSync(node, ['--version'], {encoding: 'utf8'});
	return run.status === 0 ? run.stdout.trim() : undefined;
}

/** This major's Node from the cache, installed first when missing: {node} or {skipped: reason}. */
function nodeOf(major) {
	const dir = path.join(cacheRoot, major);
	const node = path.join(dir, 'node_modules', 'node', 'bin', 'node');
	if (versionOf(node)?.startsWith(`v${major}.`)) return {node};
	say(`installing node@${major} into ${dir} from the npm registry`);
	mkdirSync(dir, {recursive: true});
	const install = spawnSync('npm', ['install', '--prefix', dir, `node@${major}`, '--no-audit', '--no-fund', '--prefer-offline'], {encoding: 'utf8', timeout: 300_000});
	if (install.status !== 0) {
		const npmErrors = install.stderr.split('\n').filter(line => line.startsWith('npm error') && !/complete log|npm help|proxy/.test(line));
		const reason = install.error?.message ?? npmErrors.slice(0, 3).map(line => line.replace(/^npm error\s*/, '')).join('; ');
		return {skipped: `npm install node@${major} failed: ${reason || `exit ${install.status}`}`};
	}
	const installed = versionOf(node);
	if (!installed?.startsWith(`v${major}.`)) return {skipped: `npm install node@${major} left ${installed ?? 'no runnable node'} at ${node}`};
	return {node};
}

/** Failures as lines; an empty list when the bin and the smoke tests pass on this Node. */
function smoke(node) {
	const failures = [];
	const printed = spawnSync(node, [cli, '--version'], {encoding: 'utf8'});
	if (printed.status !== 0 || printed.stdout.trim() !== version) failures.push(`tokentop --version: exit ${printed.status}, printed ${JSON.stringify(printed.stdout.trim())}, ${printed.stderr.trim()}`);
	// A runner of its own, not a child reporting to a parent (which NODE_TEST_CONTEXT would make it).
	const env = {...process.env};
	delete env.NODE_TEST_CONTEXT;
	const started = Date.now();
	const run = spawnSync(node, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=tap', ...smokeTests], {cwd: repoRoot, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024});
	const count = label => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? Number.NaN);
	const [passed, failed, skipped] = ['pass', 'fail', 'skipped'].map(count);
	if (run.status !== 0 || failed !== 0 || skipped !== 0 || !(passed > 0)) {
		failures.push(`smoke tests: exit ${run.status}, ${passed} passed, ${failed} failed, ${skipped} skipped`, run.stdout, run.stderr);
	}
	return {failures, summary: `tokentop --version ${printed.stdout.trim()}, ${passed} tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s`};
}

if (!existsSync(cli)) {
	say('dist/cli.js is missing: run `npm run build` first (npm test does)');
	process.exit(1);
}

let failed = false;
let skipped = false;
for (const major of majors) {
	const found = nodeOf(major);
	if ('skipped' in found) {
		skipped = true;
		console.log(`\n*** SKIPPED: the Node ${major} smoke tests did not run: ${found.skipped} ***\n`);
		continue;
	}
	const {failures, summary} = smoke(found.node);
	if (failures.length > 0) {
		failed = true;
		say(`Node ${versionOf(found.node)} FAILED`);
		for (const failure of failures) console.log(failure);
		continue;
	}
	say(`Node ${versionOf(found.node)}: ${summary}`);
}
if (skipped && inCi) say('CI is set: skipped Node versions fail the run');
process.exit(failed || (skipped && inCi) ? 1 : 0);
