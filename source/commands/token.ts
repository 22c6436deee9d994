/** `tokentop token NAME`: prints the access token, refreshed first when it is about to end. */
import {accessExpiresAt, accessTokenOf, canReloginUnattended, isUsable, needsNoAuth} from '../services/account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {type CommandContext, findAccount} from './context.js';
import {type ParsedLine, secondsOption} from './parse.js';

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length !== 1) throw new ServiceError('usage', 'Usage: tokentop token NAME [--min-valid SECONDS]');
	const minValid = secondsOption(line, 'min-valid', 60);
	const account = findAccount(context.store, line.positionals[0]!);
	if (!isUsable(account) && !canReloginUnattended(account)) {
		// The stored token was rejected: never hand it out as valid, unless a remembered password can log in again.
		throw new ServiceError('needs-login', `${account.name} needs a new login: ${account.statusMessage ?? 'the server rejected its token'}`);
	}
	const stillValid = isUsable(account) && (needsNoAuth(account) || accessExpiresAt(account) - context.clock() >= minValid * 1000);
	// Fast path: a valid token is printed without loading the network code at all.
	const fresh = stillValid ? account : await new (await import('../services/refresh.js')).RefreshCoordinator(context.store, context.clock).refresh(account.id, {minValidMs: minValid * 1000});
	if (!needsNoAuth(fresh) && accessExpiresAt(fresh) <= context.clock()) {
		throw new ServiceError('bad-answer', `${new URL(fresh.url).host} issued an access token that has expired already (check the server's clock)`);
	}
	context.stdout.write(`${accessTokenOf(fresh)}\n`);
	return exitCodes.ok;
}
