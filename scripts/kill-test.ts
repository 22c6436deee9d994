/**
 * The kill test: `tokentop refresh --all` (the built binary) over 50 accounts on local stand-in
 * servers, SIGKILLed at uniformly random moments of a full run, N times. After every kill the
 * config must parse and every account's stored credential must still be accepted by its server.
 *
 *   npm run test:kill -- [--rounds N] [--accounts N] [--seed N] [--services zettelstore,bluesky] [--cli dist/cli.js]
 *
 * Exits 1 when any account was lost (or a config was unreadable, a revision went down, a lock
 * was waited out, or an uncut run after kills failed).
 */
import {parseArgs} from 'node:util';
import type {FleetService} from './reliability/backend.js';
import {formatKillReport, killReportPassed, runKillTest} from './reliability/kill-test-engine.js';

const {values} = parseArgs({
	options: {
		rounds: {type: 'string', default: '200'},
		accounts: {type: 'string', default: '50'},
		seed: {type: 'string'},
		services: {type: 'string'},
		cli: {type: 'string'},
	},
	strict: true,
});

function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
	if (text === undefined) return undefined;
	const value = Number(text);
	if (!Number.isSafeInteger(value) || value < min) {
		process.stderr.write(`kill-test: --${name} takes a whole number from ${min}\n`);
		process.exit(2);
	}
	return value;
}

const services = values.services?.split(',').map(name => name.trim()) as FleetService[] | undefined;
if (services?.some(name => name !== 'zettelstore' && name !== 'bluesky')) {
	process.stderr.write('kill-test: --services takes zettelstore, bluesky or both (comma-separated)\n');
	process.exit(2);
}

const report = await runKillTest({
	kills: wholeNumber('rounds', values.rounds, 1)!,
	accounts: wholeNumber('accounts', values.accounts, 1),
	seed: wholeNumber('seed', values.seed, 0),
	services,
	cli: values.cli,
	log: line => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${formatKillReport(report)}\n`);
process.exitCode = killReportPassed(report) ? 0 : 1;
