/** keep-alive.pid: one keep-alive per store; a leftover of a dead (or unrelated) process is taken over, never one of a live keep-alive. */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readFileSync, statSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {describe, it} from 'node:test';
import {acquireKeepAliveLock, keepAlivePidPath, runningKeepAlive} from '../../source/services/keep-alive-lock.js';
import {tempConfigDir} from '../support/temp-store.js';

function leftover(dir: string, pid: number): void {
	writeFileSync(keepAlivePidPath(dir), `${JSON.stringify({pid, host: hostname(), startedAt: Date.now() - 3_600_000})}\n`, {mode: 0o600});
}

/** Takes the lock and gives it back: it was free to take. */
async function assertTakeable(dir: string): Promise<void> {
	const lock = await acquireKeepAliveLock(dir);
	assert.ok(lock.ok);
	lock.release();
}

describe('keep-alive lock', () => {
	it('names its holder in a 0600 pid file, refuses a second holder, and goes on release', async t => {
		const dir = tempConfigDir(t);
		const lock = await acquireKeepAliveLock(dir);
		assert.ok(lock.ok);
		assert.equal(JSON.parse(readFileSync(keepAlivePidPath(dir), 'utf8')).pid, process.pid);
		assert.equal(statSync(keepAlivePidPath(dir)).mode & 0o777, 0o600);
		assert.equal(runningKeepAlive(dir)?.pid, process.pid);
		const second = await acquireKeepAliveLock(dir);
		assert.ok(!second.ok && second.heldBy.pid === process.pid);
		lock.release();
		assert.equal(runningKeepAlive(dir), undefined);
		await assertTakeable(dir);
	});

	it('takes over the pid file of a process that is gone', async t => {
		const dir = tempConfigDir(t);
		const dead = spawn(process.execPath, ['-e', '0']);
		await new Promise(resolve => dead.on('close', resolve));
		leftover(dir, dead.pid!);
		assert.equal(runningKeepAlive(dir), undefined);
		await assertTakeable(dir);
	});

	it('takes over a pid file whose pid now belongs to another program, or that is not one of ours', async t => {
		const dir = tempConfigDir(t);
		const other = spawn('sleep', ['30']);
		t.after(() => other.kill());
		leftover(dir, other.pid!);
		assert.equal(runningKeepAlive(dir), undefined, 'sleep is no keep-alive');
		await assertTakeable(dir);
		writeFileSync(keepAlivePidPath(dir), 'garbage');
		await assertTakeable(dir);
	});
});
