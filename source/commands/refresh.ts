/** `tokentop refresh NAME… | --all`: refreshes (or renews) access tokens now, a few at a time. */
import {accessExpiresAt, needsNoAuth} from '../services/account.js';
import {ServiceError, describeError, exitCodeFor, exitCodes} from '../services/errors.js';
import {formatCountdown} from '../rules/time-format.js';
import {type CommandContext, accountsByName, findAccount, say} from './context.js';
import {type ParsedLine, flag, stringOption} from './parse.js';

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const all = flag(line, 'all');
	if (all === (line.positionals.length > 0)) throw new ServiceError('usage', 'Usage: tokentop refresh NAME… | --all');
	const concurrency = Number(stringOption(line, 'concurrency') ?? 8);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ServiceError('usage', '--concurrency takes a whole number from 1 to 64');
	const accounts = all ? accountsByName(context.store) : line.positionals.map(name => findAccount(context.store, name));
	const {RefreshCoordinator} = await import('../services/refresh.js');
	const coordinator = new RefreshCoordinator(context.store, context.clock);
	// Result lines go out together once per turn of the event loop instead of one write each.
	// Each is queued only after its refresh settled, i.e. after the new credential was fsynced.
	let pendingOut = '';
	const flushOut = () => {
		if (pendingOut) context.stdout.write(pendingOut);
		pendingOut = '';
	};
	const report = (text: string) => {
		if (!pendingOut) setImmediate(flushOut);
		pendingOut += `${text}\n`;
	};
	let worst: number = exitCodes.ok;
	let next = 0;
	const worker = async () => {
		while (next < accounts.length) {
			const account = accounts[next++]!;
			try {
				const refreshed = await coordinator.refresh(account.id);
				const what = needsNoAuth(refreshed) ? 'no authentication needed' : `valid ${formatCountdown(accessExpiresAt(refreshed) - context.clock())}`;
				report(`${account.name}: refreshed, ${what}`);
			} catch (error) {
				say(context.stderr, `${account.name}: ${describeError(error)}`);
				worst = Math.max(worst, exitCodeFor(error));
			}
		}
	};
	try {
		await Promise.all(Array.from({length: Math.min(concurrency, accounts.length)}, worker));
	} finally {
		flushOut();
	}
	// Every result is in the fsync'd journal already; it is folded into config.json when it
	// outgrows it, not rewritten after every run.
	return worst;
}
