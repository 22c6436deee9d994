/**
 * `tokentop refresh NAME… | --all`: refreshes (or renews) access tokens now, a few at a time.
 * A batch ends with a summary line; the exit code is the worst failure's.
 */
import {runPool} from '../services/worker-pool.js';
import {type Account, accessExpiresAt, accessIssuedAt, accessTokenOf, needsNoAuth} from '../services/account.js';
import {ServiceError, describeError, exitCodeFor, exitCodes} from '../services/errors.js';
import {type RefreshOutcome, refreshSummary, shortReason} from '../rules/refresh-summary.js';
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
	// In the accounts' order, whatever order they finish in.
	const outcomes: RefreshOutcome[] = [];
	let worst: number = exitCodes.ok;
	try {
		await runPool(accounts, concurrency, async (account, index) => {
			try {
				const refreshed = await coordinator.refresh(account.id);
				const outcome = outcomeOf(account, refreshed);
				outcomes[index] = {name: account.name, result: outcome};
				report(`${account.name}: refreshed${resultText(outcome, refreshed, context.clock())}`);
			} catch (error) {
				outcomes[index] = {name: account.name, result: 'failed', reason: shortReason(error)};
				say(context.stderr, `${account.name}: ${describeError(error)}`);
				worst = Math.max(worst, exitCodeFor(error));
			}
		});
	} finally {
		flushOut();
	}
	if (all || accounts.length > 1) say(worst === exitCodes.ok ? context.stdout : context.stderr, refreshSummary(outcomes));
	// Every result is in the fsync'd journal already; it is folded into config.json when it
	// outgrows it, not rewritten after every run.
	return worst;
}

/**
 * Whether the server renewed the token or handed back the same still-young one (a Zettelstore
 * token in the first quarter of its life): the same token with the same issue time.
 */
function outcomeOf(before: Account, after: Account): 'refreshed' | 'unchanged' | 'no-auth' {
	if (needsNoAuth(after)) return 'no-auth';
	return accessTokenOf(after) === accessTokenOf(before) && accessIssuedAt(after) === accessIssuedAt(before) ? 'unchanged' : 'refreshed';
}

function resultText(outcome: 'refreshed' | 'unchanged' | 'no-auth', account: Account, now: number): string {
	if (outcome === 'no-auth') return ', no authentication needed';
	const left = formatCountdown(accessExpiresAt(account) - now);
	return outcome === 'unchanged' ? `: still valid, unchanged (${left} left)` : `, valid ${left}`;
}
