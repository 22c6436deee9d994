// Runs every test file under test/ with node's test runner (Node 20's --test takes no globs).
// Extra arguments narrow the run to files whose path contains one of them.
// The runner also writes TAP to a file, read afterwards for skipped tests: in CI (CI=true) a
// skipped test fails the run, since it means a check that never ran.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

function testFiles(dir) {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return testFiles(full);
		return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

/** The skipped tests in node's TAP output: full name (suites › test) and reason. */
function skippedTests(tap) {
	const names = [];
	const skipped = [];
	for (const line of tap.split('\n')) {
		const subtest = /^( *)# Subtest: (.*)$/.exec(line);
		if (subtest) {
			names.length = subtest[1].length / 4;
			names.push(subtest[2]);
			continue;
		}
		const result = /^( *)(?:not )?ok \d+ - (.*?) # SKIP(?: (.*))?$/.exec(line);
		if (result) skipped.push({name: [...names.slice(0, result[1].length / 4), result[2]].join(' › '), reason: result[3] ?? 'no reason given'});
	}
	return skipped;
}

const filters = process.argv.slice(2);
const files = testFiles('test')
	.filter(file => filters.length === 0 || filters.some(filter => file.includes(filter)))
	.sort();
const tapFolder = mkdtempSync(path.join(tmpdir(), 'tokentop-tap-'));
const tapFile = path.join(tapFolder, 'results.tap');
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...reporters, ...files], {stdio: 'inherit'});
let skipped = [];
try {
	skipped = skippedTests(readFileSync(tapFile, 'utf8'));
} catch {
	// No TAP file: the runner itself failed, and its status says so.
} finally {
	rmSync(tapFolder, {recursive: true, force: true});
}

let status = result.status ?? 1;
if (skipped.length > 0) {
	const inCi = /^(true|1)$/i.test(process.env.CI ?? '');
	console.error(`\n${skipped.length} test(s) skipped${inCi ? ' — CI=true, so the run fails' : ''}:`);
	for (const test of skipped) console.error(`  SKIPPED ${test.name}: ${test.reason}`);
	if (inCi && status === 0) status = 1;
}
process.exit(status);
