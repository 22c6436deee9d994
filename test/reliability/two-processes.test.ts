/**
 * Two tokentops on the same config at once, over 50 accounts (half Bluesky, whose refresh
 * tokens rotate), 20 rounds each: two `refresh --all`; and a refresher (the app's code path,
 * TokenManager.refreshAll, or `refresh --all`) racing a loop of `tokentop token NAME
 * --min-valid 99999`. After every round: nothing lost, every stored credential accepted by its
 * server, no stored refresh token one the server had rotated already, revisions only up — by
 * exactly the number of refreshes that ran — and no refresh ever presented a rotated token
 * (that would burn the other process's session but for the 2 h grace).
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {setTimeout as pause} from 'node:timers/promises';
import type {Account} from '../../source/services/account.js';
import {accessTokenOf} from '../../source/services/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {TokenManager} from '../../source/services/token-manager.js';
import {type CliExit, runCliToEnd, startCli} from '../../scripts/reliability/cli-runs.js';
import {fleetForSuite} from '../support/fleet-suite.js';
import {seededRandom} from '../../scripts/reliability/seeded-random.js';

const rounds = 20;
/** Reads by a third process that saw an account's revision go down, over both tests. */
let staleReadsSeen = 0;
let readsDone = 0;

interface Figures {
	rounds: number;
	refreshes: number;
	accountsChecked: number;
	lost: number;
	/** A read of the store (by a third process) saw an account's revision lower than an earlier read. */
	staleReads: number;
	reads: number;
}

function summary(name: string, figures: Figures): string {
	return `${name}: rounds: ${figures.rounds}, refreshes: ${figures.refreshes}, accounts checked: ${figures.accountsChecked}, lost: ${figures.lost}, store reads during the rounds: ${figures.reads}, reads that went back in time: ${figures.staleReads}`;
}

function refreshedNames(exit: CliExit): Set<string> {
	return new Set(exit.stdout.split('\n').flatMap(line => /^(.+): refreshed/.exec(line)?.[1] ?? []));
}

describe('two processes on the same config', {timeout: 240_000}, () => {
	const {fleet, binary} = fleetForSuite(50);
	const cli = () => ({configDir: fleet().dir, cli: binary().cli});

	/** Reads the store (as the app does while it runs) until `done`, counting reads that see a revision go down. */
	async function watchStore(done: () => boolean, figures: Figures): Promise<void> {
		const reader = TokenStore.open({dir: fleet().dir});
		const highest = new Map<string, number>();
		while (!done()) {
			for (const account of reader.read()) {
				if (account.revision < (highest.get(account.id) ?? -1)) {
					figures.staleReads++;
					staleReadsSeen++;
				}
				highest.set(account.id, Math.max(highest.get(account.id) ?? -1, account.revision));
			}
			figures.reads++;
			readsDone++;
			// A polling interval, not a synchronisation: leave the CPU to the processes under test.
			await pause(2);
		}
	}

	/** The check after a round: `expected` is how many refreshes each account had; every one of them must have reached the store. */
	async function checkRound(label: string, before: Map<string, number>, expected: Map<string, number>, figures: Figures): Promise<void> {
		const check = await fleet().check();
		figures.accountsChecked += check.checked;
		figures.lost += check.lost.length;
		assert.equal(check.unreadable, undefined, `${label}: config unreadable`);
		assert.deepEqual(check.lost, [], `${label}: lost`);
		assert.deepEqual(check.regressions, [], `${label}: a revision went down`);
		assert.deepEqual(check.inGrace, [], `${label}: a stored refresh token is one the server had rotated already (an older session won)`);
		const stored = new Map(fleet().read().map(account => [account.id, account]));
		for (const account of fleet().accounts) {
			const gained = stored.get(account.id)!.revision - before.get(account.id)!;
			assert.equal(gained, expected.get(account.id) ?? 0, `${label}: ${account.name} gained ${gained} revisions, ${expected.get(account.id) ?? 0} refreshes ran`);
		}
		assert.equal(fleet().graceReuses(), 0, `${label}: a refresh presented a refresh token the server had rotated already`);
	}

	const revisions = () => new Map(fleet().read().map(account => [account.id, account.revision]));

	it('two refresh --all at once', async () => {
		const figures: Figures = {rounds: 0, refreshes: 0, accountsChecked: 0, lost: 0, staleReads: 0, reads: 0};
		for (let round = 1; round <= rounds; round++) {
			fleet().beforeRound(round);
			const before = revisions();
			const runs = [startCli(['refresh', '--all'], cli()), startCli(['refresh', '--all'], cli())];
			await watchStore(() => runs.every(run => run.exited), figures);
			const exits = await Promise.all(runs.map(run => run.done));
			for (const exit of exits) {
				assert.equal(exit.code, 0, `round ${round}: ${exit.stderr}`);
				assert.equal(refreshedNames(exit).size, fleet().accounts.length);
			}
			figures.refreshes += 2 * fleet().accounts.length;
			await checkRound(`round ${round}`, before, new Map(fleet().accounts.map(account => [account.id, 2])), figures);
			figures.rounds++;
		}
		console.log(summary('two refresh --all', figures));
		assert.equal(figures.lost, 0);
	});

	it('a refresher (the app\'s TokenManager, or refresh --all) racing a `token NAME --min-valid 99999` loop', async () => {
		const figures: Figures = {rounds: 0, refreshes: 0, accountsChecked: 0, lost: 0, staleReads: 0, reads: 0};
		const random = seededRandom(20_260_101);
		let tokensHandedOut = 0;
		for (let round = 1; round <= rounds; round++) {
			fleet().beforeRound(round);
			const before = revisions();
			const expected = new Map(fleet().accounts.map(account => [account.id, 1]));
			const app = round % 2 === 1;
			let refresherDone = false;
			let failed = 0;
			const refresher = (async () => {
				if (app) {
					// The app's path: its own store handle and manager in this process.
					const manager = new TokenManager(TokenStore.open({dir: fleet().dir}));
					const unsubscribe = manager.subscribe(() => {
						const bulk = manager.getSnapshot().bulk;
						if (bulk) failed = bulk.failed;
					});
					await manager.refreshAll();
					unsubscribe();
					manager.stop();
				} else {
					const exit = await runCliToEnd(['refresh', '--all'], cli());
					assert.equal(exit.code, 0, exit.stderr);
					assert.equal(refreshedNames(exit).size, fleet().accounts.length);
				}
			})().finally(() => {
				refresherDone = true;
			});
			// `token` calls one after another for as long as the refresher runs (at least two).
			const tokenLoop = (async () => {
				for (let calls = 0; calls < 2 || !refresherDone; calls++) {
					const account: Account = fleet().accounts[Math.floor(random() * fleet().accounts.length)]!;
					const exit = await runCliToEnd(['token', account.name, '--min-valid', '99999'], cli());
					assert.equal(exit.code, 0, `token ${account.name}: ${exit.stderr}`);
					const token = exit.stdout.trim();
					const verdict = await fleet().verifyAccess(account, token);
					assert.ok(verdict.ok, `token ${account.name} printed a token the server refuses: ${verdict.reason}`);
					expected.set(account.id, expected.get(account.id)! + 1);
					tokensHandedOut++;
				}
			})();
			await Promise.all([refresher, tokenLoop, watchStore(() => refresherDone, figures)]);
			assert.equal(failed, 0, `round ${round}: the app's refresh-all had failures`);
			figures.refreshes += [...expected.values()].reduce((sum, count) => sum + count, 0);
			await checkRound(`round ${round} (${app ? 'app' : 'refresh --all'})`, before, expected, figures);
			figures.rounds++;
		}
		console.log(`${summary('refresher vs token loop', figures)}, tokens handed out: ${tokensHandedOut}`);
		assert.equal(figures.lost, 0);
		// And the stored access tokens are what the servers accept.
		for (const account of fleet().read()) assert.ok((await fleet().verifyAccess(account, accessTokenOf(account))).ok, account.name);
	});

	it(
		'no read of the store during those rounds (as the app reads it while others write) ever went back in time',
		() => {
			assert.ok(readsDone > 0);
			assert.equal(staleReadsSeen, 0, `${staleReadsSeen} of ${readsDone} reads saw an older revision than an earlier read`);
		},
	);
});
