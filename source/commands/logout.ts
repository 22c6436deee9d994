/** `tokentop logout NAME [--force]`: ends the session on the server, then forgets the account. */
import {ServiceError, exitCodes} from '../services/errors.js';
import {type CommandContext, findAccount, say} from './context.js';
import {type ParsedLine, flag} from './parse.js';

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length !== 1) throw new ServiceError('usage', 'Usage: tokentop logout NAME [--force]');
	const account = findAccount(context.store, line.positionals[0]!);
	const {logout} = await import('../services/sessions.js');
	const {serverMessage} = await logout(context.store, account.id, {force: flag(line, 'force')});
	say(context.stdout, `Logged out "${account.name}" (${serverMessage})`);
	return exitCodes.ok;
}
