// Runs every test file under test/ with node's test runner (Node 20's --test takes no globs).
// Extra arguments narrow the run to files whose path contains one of them.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';

function testFiles(dir) {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return testFiles(full);
		return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

const filters = process.argv.slice(2);
const files = testFiles('test')
	.filter(file => filters.length === 0 || filters.some(filter => file.includes(filter)))
	.sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {stdio: 'inherit'});
process.exit(result.status ?? 1);
