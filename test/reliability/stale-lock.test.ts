/**
 * Recovery from locks a killed tokentop left behind: the next run must break them at once when
 * their holder is dead (or within the short ownerless grace when the holder died before writing
 * its pid), and must never break the lock of a live holder.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {before, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {type CliExit, runCliToEnd, runCliWithin, startCli} from '../../scripts/reliability/cli-runs.js';
import {fleetForSuite} from '../support/fleet-suite.js';

/** A pid that surely ran on this host and surely does not run any more. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', ''], {stdio: 'ignore'});
	await new Promise(resolve => child.on('exit', resolve));
	assert.ok(child.pid);
	return child.pid;
}

/** Leaves `file` as a lock (or a lock folder's owner file) held by a process that no longer runs. */
async function leaveDeadHolder(file: string): Promise<void> {
	writeFileSync(file, `${await deadPid()} ${hostname()}`, {mode: 0o600});
}

describe('a lock left by a killed process', {timeout: 120_000}, () => {
	const {fleet, binary} = fleetForSuite(2);
	/** A normal `refresh --all` over the fleet, for "promptly". */
	let baselineMs: number;
	before(async () => {
		const runs: CliExit[] = [];
		for (let index = 0; index < 3; index++) runs.push(await refreshAll());
		for (const run of runs) assert.equal(run.code, 0, run.stderr);
		baselineMs = Math.max(...runs.map(run => run.ms));
	});

	const cli = () => ({configDir: fleet().dir, cli: binary().cli});
	const refreshAll = () => runCliToEnd(['refresh', '--all'], cli());
	const accountLock = (index = 0) => path.join(fleet().dir, 'locks', `${fleet().accounts[index]!.id}.lock`);
	const configLock = () => path.join(fleet().dir, 'config.lock');
	const removeLocks = () => {
		for (const lock of [accountLock(0), accountLock(1), configLock()]) rmSync(lock, {recursive: true, force: true});
	};

	/** Runs refresh --all, expects success within `slackMs` of a normal run, and every account still accepted. */
	async function recoversWithin(slackMs: number): Promise<void> {
		// Cut off well before the 20 s lock timeout: a run stuck on the lock fails here, fast.
		const run = await runCliWithin(['refresh', '--all'], cli(), baselineMs + 2 * slackMs);
		console.log(`recovered in ${Math.round(run.ms)} ms (normal run ${Math.round(baselineMs)} ms)`);
		assert.equal(run.timedOut, false, `still waiting after ${Math.round(run.ms)} ms`);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stdout.split('\n').filter(line => line.includes(': refreshed')).length, fleet().accounts.length);
		assert.ok(run.ms < baselineMs + slackMs, `took ${Math.round(run.ms)} ms, a normal run ${Math.round(baselineMs)} ms`);
		const check = await fleet().check();
		assert.deepEqual(check.lost, []);
		assert.deepEqual(check.regressions, []);
	}

	for (const [lockName, lock] of [['an account lock (file "PID HOST")', () => accountLock()], ['config.lock', configLock]] as const) {
		it(`${lockName} of a dead process is broken at once`, async t => {
			t.after(removeLocks);
			await leaveDeadHolder(lock());
			await recoversWithin(1000);
		});
	}

	it('an account lock directory locks/<id>.lock/owner (the older style) of a dead process is broken at once', async t => {
		t.after(removeLocks);
		mkdirSync(accountLock(), {mode: 0o700});
		await leaveDeadHolder(path.join(accountLock(), 'owner'));
		await recoversWithin(1000);
	});

	it('dead holders on every lock at once', async t => {
		t.after(removeLocks);
		for (const lock of [accountLock(0), accountLock(1), configLock()]) await leaveDeadHolder(lock);
		await recoversWithin(1000);
	});

	it('an empty lock file (holder killed between creating it and writing its pid) is broken after the short ownerless grace', async t => {
		t.after(removeLocks);
		writeFileSync(configLock(), '', {mode: 0o600});
		writeFileSync(accountLock(), '', {mode: 0o600});
		await recoversWithin(3000);
	});

	it('an owner line cut short by a kill ("PID" without the host) is treated like an ownerless lock', async t => {
		t.after(removeLocks);
		writeFileSync(configLock(), `${await deadPid()}`, {mode: 0o600});
		await recoversWithin(3000);
	});

	it('a break guard (config.lock.break) left by a killed breaker does not block for long', async t => {
		t.after(() => rmSync(`${configLock()}.break`, {recursive: true, force: true}));
		t.after(removeLocks);
		mkdirSync(`${configLock()}.break`);
		await leaveDeadHolder(configLock());
		await recoversWithin(3000);
	});

	it('the lock of a live holder is respected: nothing is refreshed until it is released', async t => {
		t.after(removeLocks);
		// This test process is the live holder.
		writeFileSync(configLock(), `${process.pid} ${hostname()}`, {mode: 0o600});
		const before = fleet().serverRequests();
		const revisions = new Map(fleet().read().map(account => [account.id, account.revision]));
		const run = startCli(['refresh', '--all'], cli());
		// Bounded observation: while the lock is held, no revision may change on disk.
		const until = Date.now() + Math.max(1500, baselineMs);
		while (Date.now() < until && !run.exited) {
			for (const account of fleet().read()) assert.equal(account.revision, revisions.get(account.id), 'saved while another process held config.lock');
			await delay(50);
		}
		if (run.exited) {
			const exit = await run.done;
			assert.fail(`refresh --all ended (exit ${exit.code}) while config.lock was held by a live process: ${exit.stdout}${exit.stderr}`);
		}
		assert.ok(fleet().serverRequests() >= before);
		rmSync(configLock(), {force: true});
		const exit = await run.done;
		assert.equal(exit.code, 0, exit.stderr);
		const check = await fleet().check();
		assert.deepEqual(check.lost, []);
	});
});
