/**
 * SIGKILL at random moments while `tokentop refresh --all` (the built binary) refreshes OAuth
 * accounts on the REAL PDS (signed in without a browser). OAuth has no grace: a session whose
 * new token set the server issued but tokentop did not fsync is lost — the next refresh replays
 * the old token and the server deletes the session. The test counts the losses ("Refresh token
 * replayed" at the server) and shows that each one's kill fell inside that refresh's window
 * (sent, not yet fsync'd, with the server rotating it during the run), never anywhere else.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {type OAuthKillReport, formatOAuthKillReport, runOAuthKillTest} from '../../scripts/reliability/oauth-kill-engine.js';
import {type OAuthLedger, preciseNow, signInWithOAuth, watchOAuthRefreshes} from '../support/pds-oauth-ledger.js';
import {holdsOAuthSession} from '../support/pds-oauth.js';
import {type TestPds, startTestPds} from '../support/pds.js';

const kills = Number(process.env.TOKENTOP_KILL_ROUNDS ?? 12);
const seed = process.env.TOKENTOP_KILL_SEED === undefined ? undefined : Number(process.env.TOKENTOP_KILL_SEED);

describe(`OAuth kill test: refresh --all of OAuth accounts on the real PDS SIGKILLed ${kills} times`, {timeout: 180_000}, () => {
	let pds: TestPds;
	let ledger: OAuthLedger;
	let report: OAuthKillReport;
	before(async () => {
		pds = await startTestPds();
		ledger = watchOAuthRefreshes(pds);
		report = await runOAuthKillTest(
			{
				signIn: async (store, name) => signInWithOAuth(pds, store, await pds.createAccount(), name),
				rotations: () => ledger.rotations,
				replays: () => ledger.replays,
				holdsSession: refreshToken => holdsOAuthSession(pds, refreshToken),
				tokenRequestsInFlight: () => ledger.tokenRequestsInFlight,
			},
			{kills, accounts: 8, seed, now: preciseNow},
		);
		console.log(formatOAuthKillReport(report));
	});
	after(async () => {
		ledger?.stop();
		await pds?.close();
	});

	it('delivers the kills, some of them while refreshes are in flight', () => {
		assert.equal(report.kills, kills);
		assert.ok(report.killsMidRefresh > 0, 'some kills must land between a refresh request and its fsync');
	});

	it('loses a session only when the kill fell inside its refresh: sent, rotated by the server, not yet fsync\'d', () => {
		assert.deepEqual(report.violations, []);
		assert.equal(report.losses.length, report.sessionsLost);
	});

	it('counts every lost session at the server as exactly one replay, by the next refresh, and nothing else', () => {
		assert.equal(report.replaysAtServer, report.sessionsLost);
	});

	it('traces every refresh of the uncut runs from the answer to the fsync (the window it reports)', () => {
		assert.ok(report.answerToFsyncMs.samples >= 3 * report.accounts, `${report.answerToFsyncMs.samples} refreshes traced`);
	});
});
