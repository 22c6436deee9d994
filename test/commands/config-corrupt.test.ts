/**
 * A config that cannot be read, run against again and again: one copy per distinct content
 * (never one per run), the same clear line each time, with the way out.
 */
import assert from 'node:assert/strict';
import {chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {nobody, runCli, tempConfigDir} from '../support/cli.js';
import {rootOrSkip} from '../support/skip.js';

const copies = (dir: string) => readdirSync(dir).filter(name => name.startsWith('config.json.bad-')).sort();

describe('a corrupted config, run after run', () => {
	it('is copied aside once per distinct content, and every run says how to recover', async t => {
		const dir = tempConfigDir(t);
		const file = path.join(dir, 'config.json');
		const broken = '{"version": 1, "accounts": [';
		writeFileSync(file, broken, {mode: 0o600});
		const lines = new Set<string>();
		for (const args of [['list'], ['list', '--json'], ['token', 'x'], ['refresh', '--all']]) {
			const result = await runCli(args, {configDir: dir});
			assert.equal(result.code, 1, result.stderr);
			assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
			assert.match(result.stderr, /is not valid JSON .*left as it is, copy kept at .*config\.json\.bad-[0-9a-f]+\. To recover: repair it, or move it away and log in again/);
			lines.add(result.stderr);
		}
		assert.equal(lines.size, 1, 'the same line every run');
		assert.equal(copies(dir).length, 1, `one copy for one content, not one per run: ${copies(dir).join(', ')}`);
		assert.equal(readFileSync(path.join(dir, copies(dir)[0]!), 'utf8'), broken);
		assert.equal(readFileSync(file, 'utf8'), broken, 'never overwritten');

		// Another content gets its own copy; the first stays.
		const newer = '{"version": 7, "accounts": []}';
		writeFileSync(file, newer);
		for (let run = 0; run < 2; run++) {
			const result = await runCli(['list'], {configDir: dir});
			assert.equal(result.code, 1);
			assert.match(result.stderr, /written by a newer tokentop \(format 7.*To recover: upgrade tokentop, or move it away and log in again/);
		}
		assert.equal(copies(dir).length, 2);
		assert.deepEqual(copies(dir).map(name => readFileSync(path.join(dir, name), 'utf8')).sort(), [newer, broken].sort());

		// Moved away as the line says: the store works again (empty, ready for a login).
		renameSync(file, path.join(dir, 'config.json.moved'));
		const moved = await runCli(['list'], {configDir: dir});
		assert.equal(moved.code, 0, moved.stderr);
		assert.match(moved.stdout, /No accounts yet/);
	});

	it('in a folder it may not write, says that no copy could be kept and why', async t => {
		if (!rootOrSkip(t)) return;
		const parent = tempConfigDir(t);
		chmodSync(parent, 0o755);
		const dir = path.join(parent, 'store');
		mkdirSync(dir, {mode: 0o500});
		const file = path.join(dir, 'config.json');
		writeFileSync(file, 'not json', {mode: 0o400});
		chownSync(file, nobody.uid, nobody.gid);
		chownSync(dir, nobody.uid, nobody.gid);
		const result = await runCli(['list'], {configDir: dir, user: nobody});
		assert.equal(result.code, 1);
		assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		assert.match(result.stderr, /is not valid JSON .*left as it is, no copy could be kept: permission denied \(EACCES\)\. To recover: /);
		assert.deepEqual(readdirSync(dir), ['config.json']);
	});
});
