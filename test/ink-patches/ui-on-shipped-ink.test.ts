/**
 * The UI tests run on stock Ink; the app ships with the patched one. This bundles a
 * representative part of the UI suite the way the bin is bundled (scripts/build-options.mjs,
 * so with the Ink patches) and runs the same assertions on it. React stays in development
 * mode: some tests count commits with its Profiler, which production React leaves out.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {build} from 'esbuild';
import {bundleOptions} from '../../scripts/build-options.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const suites = [
	'test/ui/app.test.tsx',
	'test/ui/account-list.test.tsx',
	'test/ui/account-row.test.tsx',
	'test/ui/detail-pane.test.tsx',
	'test/ui/key-hints.test.tsx',
	'test/ui/help-overlay.test.tsx',
	'test/ui/state-badge.test.tsx',
	'test/ui/time-left-column.test.tsx',
	'test/ui/fit-column.test.tsx',
	'test/ink-patches/one-width.test.tsx',
];

// Inside the repo (git-ignored .tmp), so the bundle's external imports resolve to its node_modules.
mkdirSync(path.join(repoRoot, '.tmp'), {recursive: true});
const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'ui-on-shipped-ink-'));
after(() => rmSync(dir, {recursive: true, force: true}));

test('the UI tests pass on the bundle\'s patched Ink', async () => {
	const entryPoints = Object.fromEntries(suites.map(file => [path.basename(file).replace(/\.tsx?$/, ''), path.join(repoRoot, file)]));
	const options = bundleOptions();
	const define = {...options.define, 'process.env.NODE_ENV': '"development"'};
	const {metafile} = await build({...options, define, entryPoints, outdir: dir, splitting: true, metafile: true, logLevel: 'error'});
	const inputs = Object.keys(metafile.inputs);
	// The bundle draws with the patches, not with Ink's own Output.
	assert.ok(inputs.includes('source/ink-patches/output.ts'), 'our Output is bundled');
	assert.ok(!inputs.some(input => input.endsWith('ink/build/output.js')), 'Ink\'s Output is not');

	const files = Object.keys(entryPoints).map(name => path.join(dir, `${name}.js`));
	// A runner of its own, not a child reporting to this one (which NODE_TEST_CONTEXT would make it).
	const {NODE_TEST_CONTEXT: _, ...env} = process.env;
	const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], {cwd: repoRoot, encoding: 'utf8', env});
	const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(run.stdout)?.[1]);
	assert.equal(run.status, 0, `failures on the shipped Ink:\n${run.stdout.split('\n').filter(line => /^\s*not ok|error:|expected|actual/.test(line)).slice(0, 30).join('\n')}\n${run.stderr}`);
	assert.equal(count('fail'), 0);
	assert.equal(count('skipped'), 0);
	// Every test the suites declare ran and passed: as many as the same suites pass on stock Ink.
	const stock = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...suites], {cwd: repoRoot, encoding: 'utf8', env});
	const stockPasses = Number(/^# pass (\d+)$/m.exec(stock.stdout)?.[1]);
	assert.ok(stockPasses > 0, `the suites ran on stock Ink:\n${stock.stderr}`);
	assert.equal(count('pass'), stockPasses);
});
