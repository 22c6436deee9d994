/** `tokentop token NAME`: prints the access token, refreshed first when it is about to end. */
import {accessTokenOf, needsNoAuth} from '../services/account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {type CommandContext, findAccount, say} from './context.js';
import {CommandFailure} from './failure.js';
import {describeShortfall, freshAccount} from './fresh-token.js';
import {type ParsedLine, secondsOption} from './parse.js';

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length !== 1) throw new ServiceError('usage', 'Usage: tokentop token NAME [--min-valid SECONDS]');
	const minValid = secondsOption(line, 'min-valid', 60);
	const account = findAccount(context.store, line.positionals[0]!);
	if (needsNoAuth(account)) {
		throw new CommandFailure(`${account.name} has no token: its server ${new URL(account.url).host} needs no authentication (send requests without one)`, exitCodes.other);
	}
	const {account: fresh, shortfall} = await freshAccount(context, account, minValid);
	if (shortfall) say(context.stderr, `tokentop: warning: ${describeShortfall(shortfall, 'printed')}`);
	context.stdout.write(`${accessTokenOf(fresh)}\n`);
	return exitCodes.ok;
}
