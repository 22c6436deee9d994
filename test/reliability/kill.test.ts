/**
 * The kill test, short (the full one is `npm run test:kill`, 200 kills): `tokentop refresh --all`,
 * the built binary, over 50 Zettelstore and Bluesky accounts on local stand-ins, SIGKILLed at
 * uniformly random moments of a full run. After every kill the config must parse and every
 * stored credential must still be accepted by its server.
 */
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {type KillReport, formatKillReport, runKillTest} from '../../scripts/reliability/kill-test-engine.js';

const kills = Number(process.env.TOKENTOP_KILL_ROUNDS ?? 20);
const seed = process.env.TOKENTOP_KILL_SEED === undefined ? undefined : Number(process.env.TOKENTOP_KILL_SEED);

describe(`kill test: refresh --all SIGKILLed ${kills} times at random moments`, {timeout: 180_000}, () => {
	let report: KillReport;
	before(async () => {
		report = await runKillTest({kills, seed, measureRuns: 5, recoveryEvery: 10});
		console.log(formatKillReport(report));
	});

	it('delivers the kills, spread over the whole run', () => {
		assert.equal(report.kills, kills);
		assert.ok(report.killsDuringWork > 0, 'some kills must land while refreshing, not only at start-up');
	});

	it('never loses an account: every stored credential is accepted by its server after every kill', () => {
		assert.equal(report.lost, 0, report.lostDetails.join('\n'));
		assert.equal(report.accountsChecked, (kills + report.finishedBeforeKill + 5 + report.recovery.runs) * report.accounts);
		assert.equal(report.finalServerCheck.checked, report.accounts);
		assert.deepEqual(report.finalServerCheck.lost, []);
	});

	it('always leaves a config a fresh process can read', () => {
		assert.equal(report.unreadableConfigs, 0);
	});

	it('never lets an older session overwrite a newer one', () => {
		assert.deepEqual(report.regressions, []);
	});

	it('never makes a later run wait out a lock left by a killed process', () => {
		assert.equal(report.lockTimeouts, 0);
		assert.deepEqual([...report.recovery.failures, ...report.runErrors], []);
	});
});
