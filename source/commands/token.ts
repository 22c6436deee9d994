/**
 * `tokentop token [NAME] [--format F]`: prints the access token, refreshed first when it is
 * about to end, bare or in a shape another program reads (see token-formats.ts).
 */
import {type Account, accessExpiresAt, accessTokenOf, needsNoAuth} from '../services/account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {kindOf} from '../services/kinds.js';
import {type CommandContext, chosenAccount, say} from './context.js';
import {CommandFailure} from './failure.js';
import {describeShortfall, freshAccount} from './fresh-token.js';
import {type ParsedLine, secondsOption, stringOption} from './parse.js';
import {type TokenFacts, type TokenFormat, formatToken} from './token-formats.js';

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length > 1) throw new ServiceError('usage', 'Usage: tokentop token [NAME] [--min-valid SECONDS] [--format FORMAT]');
	const minValid = secondsOption(line, 'min-valid', 60);
	const format = (stringOption(line, 'format') ?? 'raw') as TokenFormat;
	const account = chosenAccount(context, line.positionals[0], 'token');
	refuseWithoutToken(account);
	const {account: fresh, shortfall} = await freshAccount(context, account, minValid);
	if (shortfall) say(context.stderr, `tokentop: warning: ${describeShortfall(shortfall, 'printed')}`);
	context.stdout.write(formatToken(format, tokenFacts(fresh)));
	return exitCodes.ok;
}

/** An account whose server needs no authentication has no token to hand out. */
export function refuseWithoutToken(account: Account): void {
	const refusal = kindOf(account).tokenRefusal;
	if (refusal !== undefined) throw new ServiceError('usage', `${account.name}: ${refusal}`);
	if (!needsNoAuth(account)) return;
	throw new CommandFailure(`${account.name} has no token: its server ${new URL(account.url).host} needs no authentication (send requests without one)`, exitCodes.other);
}

export function tokenFacts(account: Account): TokenFacts {
	const kind = kindOf(account);
	return {
		token: accessTokenOf(account),
		type: kind.tokenType(account),
		expiresAt: accessExpiresAt(account),
		account: account.name,
		service: account.service,
		url: kind.resourceBaseUrl(account),
	};
}
