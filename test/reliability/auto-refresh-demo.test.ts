/**
 * Auto-refresh on the demo's stand-in servers (tokens of 60–120 s, the 60 s ones being the
 * test): the app's TokenManager with auto-refresh on, its accounts sampled every 200 ms for
 * more than two lifetimes of the shortest token. With healthy servers no account is ever
 * critical, expired, failing or in need of a login.
 */
import assert from 'node:assert/strict';
import {setTimeout as pause} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {accessExpiresAt, accessIssuedAt} from '../../source/services/account.js';
import {timeStateOf, displayStateOf} from '../../source/rules/account-state.js';
import {TokenManager} from '../../source/services/token-manager.js';
import {startDemo} from '../../source/commands/demo.js';

const sampleMs = 200;
const runMs = 70_000;

describe('auto-refresh keeps the demo alive', {timeout: 120_000}, () => {
	it('no account is ever critical or expired over more than two lifetimes of a 60 s token', async t => {
		const demo = await startDemo({loginDelayMs: 0});
		t.after(() => demo.stop());
		const manager = new TokenManager(demo.store, {autoRefresh: true, pollMs: sampleMs});
		manager.start();
		t.after(() => manager.stop());
		const start = manager.getSnapshot().entries.map(entry => ({id: entry.account.id, name: entry.account.name, revision: entry.account.revision, lifetime: accessExpiresAt(entry.account) - accessIssuedAt(entry.account)}));
		assert.ok(start.some(account => Math.round(account.lifetime / 1000) === 60), 'the demo has 60 s tokens');
		const problems: string[] = [];
		const seen = new Map<string, Set<string>>();
		let samples = 0;
		let leastShareLeft = 1;
		const deadline = Date.now() + runMs;
		while (Date.now() < deadline) {
			const now = Date.now();
			for (const {account, refreshing} of manager.getSnapshot().entries) {
				const shown = displayStateOf({account, refreshing}, now);
				// Under "refreshing…" the token's own clock still counts.
				const time = shown === 'free' ? 'ok' : timeStateOf(accessExpiresAt(account), accessIssuedAt(account), now);
				if (!seen.has(account.name)) seen.set(account.name, new Set());
				seen.get(account.name)!.add(shown);
				if (['critical', 'expired', 'error', 'needs-login'].includes(shown) || time === 'critical' || time === 'expired') {
					problems.push(`${account.name} at +${now - (deadline - runMs)} ms: ${shown} (${time}), ${accessExpiresAt(account) - now} ms left`);
				}
				if (shown !== 'free') leastShareLeft = Math.min(leastShareLeft, (accessExpiresAt(account) - now) / (accessExpiresAt(account) - accessIssuedAt(account)));
			}
			samples++;
			await pause(sampleMs);
		}
		const after = new Map(manager.getSnapshot().entries.map(entry => [entry.account.id, entry.account.revision]));
		const shortOnes = start.filter(account => Math.round(account.lifetime / 1000) === 60);
		const renewals = shortOnes.map(account => `${account.name}: ${after.get(account.id)! - account.revision}`);
		console.log(`${samples} samples of ${start.length} accounts over ${runMs / 1000} s; least share of a lifetime left: ${leastShareLeft.toFixed(2)}; renewals of the 60 s tokens: ${renewals.join(', ')}`);
		assert.deepEqual(problems, []);
		assert.ok(samples >= runMs / sampleMs / 2, `${samples} samples`);
		// Over 70 s a 60 s token renewed at 40–50 % of its life is renewed at least twice.
		for (const account of shortOnes) assert.ok(after.get(account.id)! - account.revision >= 2, `${account.name} renewed ${after.get(account.id)! - account.revision} times`);
		// It never even turned yellow: renewed long before a quarter of its life was left.
		assert.ok(leastShareLeft > 0.25, `least share left ${leastShareLeft}`);
	});
});
