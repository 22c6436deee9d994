/** The reliability suites' fleet of accounts and the snapshot of the built binary they run on it. */
import {snapshotCli} from '../../scripts/reliability/cli-runs.js';
import {Fleet} from '../../scripts/reliability/fleet.js';
import {sharedBySuite} from './suite-servers.js';

/** A fleet of `accounts` on the kill test's stand-ins and a copy of dist/ (a rebuild meanwhile cannot change it), for one describe block. */
export function fleetForSuite(accounts: number): {fleet: () => Fleet; binary: () => ReturnType<typeof snapshotCli>} {
	const suite = sharedBySuite(async () => {
		const binary = snapshotCli();
		const fleet = await Fleet.start({accounts});
		return {
			fleet,
			binary,
			async close() {
				await fleet.close();
				binary.remove();
			},
		};
	});
	return {fleet: () => suite().fleet, binary: () => suite().binary};
}
