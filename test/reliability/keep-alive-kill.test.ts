/**
 * `tokentop keep-alive` (the built binary) SIGKILLed at random moments — most while it refreshes,
 * some in its start-up — over a fleet of 40 Zettelstore and Bluesky accounts on the kill test's stand-ins (every account made
 * due before each round). After every kill the config parses, every stored credential is
 * accepted by its server, no revision went back; the next keep-alive starts at once despite the
 * dead one's pid file and carries on to the end.
 */
import assert from 'node:assert/strict';
import {setTimeout as pause} from 'node:timers/promises';
import {describe, it} from 'node:test';
import type {Account} from '../../source/services/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {startKeepAlive} from '../support/keep-alive-process.js';
import {fleetForSuite} from '../support/fleet-suite.js';
import {seededRandom} from '../../scripts/reliability/seeded-random.js';

const kills = Number(process.env.TOKENTOP_KEEPALIVE_KILLS ?? 30);

/** The account as if 60 % of its token's life had passed: due for every planner. */
function madeDue(account: Account): Account {
	if (account.service === 'zettelstore') {
		const shift = 0.6 * (account.tokenExpiresAt - account.tokenReceivedAt);
		return {...account, tokenReceivedAt: account.tokenReceivedAt - shift, tokenExpiresAt: account.tokenExpiresAt - shift};
	}
	if (account.service !== 'bluesky') throw new Error(`no due-making for ${account.service} here`);
	const shift = 0.6 * (account.accessExpiresAt - account.accessIssuedAt);
	return {...account, accessIssuedAt: account.accessIssuedAt - shift, accessExpiresAt: account.accessExpiresAt - shift};
}

describe(`kill -9 the keep-alive ${kills} times while it refreshes`, {timeout: 240_000}, () => {
	const {fleet, binary} = fleetForSuite(40);

	const makeAllDue = () => TokenStore.open({dir: fleet().dir}).update(accounts => accounts.map(madeDue));
	const refreshedNames = (lines: string[]) => new Set(lines.flatMap(line => /^\S+ \S+ (.+?): (?:refreshed|still valid, unchanged), valid/.exec(line)?.[1] ?? []));

	/** A keep-alive left to refresh everything, then stopped: how long its start-up and its refreshing took. */
	async function uncutRound(label: string): Promise<{startup: number; refreshing: number}> {
		await makeAllDue();
		const spawned = performance.now();
		const keepAlive = startKeepAlive(fleet().dir, [], {cli: binary().cli});
		try {
			await keepAlive.waitForLine(/looks after/);
			const started = performance.now();
			while (refreshedNames(keepAlive.lines).size < fleet().accounts.length) {
				if (keepAlive.exited) assert.fail(`${label}: the keep-alive ended: ${keepAlive.lines.join('\n')}`);
				if (performance.now() - started > 30_000) assert.fail(`${label}: not everything refreshed in 30 s:\n${keepAlive.lines.join('\n')}`);
				await pause(20);
			}
			const times = {startup: started - spawned, refreshing: performance.now() - started};
			assert.equal(await keepAlive.stop(), 0, `${label}: exit code`);
			return times;
		} finally {
			keepAlive.signal('SIGKILL');
		}
	}

	it('loses nothing, and the next start carries on', async () => {
		const random = seededRandom(20_261_129);
		const [first, second] = [await uncutRound('measure 1'), await uncutRound('measure 2')];
		const startup = Math.max(first.startup, second.startup);
		const refreshing = Math.max(first.refreshing, second.refreshing);
		let round = 0;
		let killsDuringWork = 0;
		let checked = 0;
		for (let kill = 1; kill <= kills; kill++) {
			fleet().beforeRound(++round);
			await makeAllDue();
			const requestsBefore = fleet().serverRequests();
			const keepAlive = startKeepAlive(fleet().dir, [], {cli: binary().cli});
			// One kill in four anywhere in the start-up (the pid file, the first read), the others while it refreshes.
			if (kill % 4 === 0) await pause(random() * startup);
			else {
				await keepAlive.waitForLine(/looks after/);
				await pause(random() * refreshing);
			}
			keepAlive.signal('SIGKILL');
			await keepAlive.exit;
			if (fleet().serverRequests() > requestsBefore) killsDuringWork++;
			const check = await fleet().check();
			checked += check.checked;
			assert.equal(check.unreadable, undefined, `kill ${kill}: config unreadable`);
			assert.deepEqual(check.lost, [], `kill ${kill}: lost`);
			assert.deepEqual(check.regressions, [], `kill ${kill}: a revision went back`);
		}
		fleet().beforeRound(++round);
		const recovery = await uncutRound('after the last kill');
		const final = await fleet().check({consume: true});
		console.log(`keep-alive kill test: start-up ${Math.round(startup)} ms, refreshing ${Math.round(refreshing)} ms, ${kills} kills (${killsDuringWork} while refreshing), ${checked} accounts checked after kills, lost 0; the run after the last kill: start-up ${Math.round(recovery.startup)} ms, refreshing ${Math.round(recovery.refreshing)} ms; final server check: ${final.checked} checked, ${final.lost.length} lost`);
		assert.ok(killsDuringWork >= kills / 3, `only ${killsDuringWork} kills landed while refreshing`);
		assert.deepEqual(final.lost, []);
		assert.equal(final.checked, fleet().accounts.length);
	});
});
