/** `tokentop logout NAME [--force]`: ends the session on the server, then forgets the account. */
import {ServiceError, exitCodes, isServiceError} from '../services/errors.js';
import {type CommandContext, findAccount, say} from './context.js';
import {type ParsedLine, flag} from './parse.js';
import {shellWord} from './shell-words.js';

/** Failures of the server or the way to it: the account is kept, and --force is the way out. */
const unreachable = new Set(['network', 'server', 'rate-limited', 'bad-answer']);

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length !== 1) throw new ServiceError('usage', 'Usage: tokentop logout NAME [--force]');
	const account = findAccount(context.store, line.positionals[0]!);
	const {logout} = await import('../services/sessions.js');
	try {
		const {serverMessage} = await logout(context.store, account.id, {force: flag(line, 'force')});
		say(context.stdout, `Logged out "${account.name}" (${serverMessage})`);
		return exitCodes.ok;
	} catch (error) {
		if (!isServiceError(error) || !unreachable.has(error.kind)) throw error;
		throw new ServiceError(
			error.kind,
			`${error.message}; "${account.name}" is kept — tokentop logout ${shellWord(account.name)} --force removes it here anyway (its session may stay open on the server until it expires)`,
			error.details,
		);
	}
}
