/**
 * `tokentop use [NAME | --clear]`: chooses the default account for `token`, `exec` and `fetch`
 * run without NAME, or says which one it is and by which rule.
 */
import {clearStoredDefault, defaultAccountChoice, defaultAccountVariable, describeDefaultChoice, storeDefault} from '../services/default-account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {type CommandContext, findAccount, say} from './context.js';
import {CommandFailure} from './failure.js';
import {type ParsedLine, flag} from './parse.js';

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const [name, ...extra] = line.positionals;
	const clear = flag(line, 'clear');
	if (extra.length > 0 || (clear && name !== undefined)) throw new ServiceError('usage', 'Usage: tokentop use [NAME | --clear]');
	const dir = context.store.dir;
	const overridden = context.env[defaultAccountVariable];
	if (clear) {
		clearStoredDefault(dir);
		say(context.stdout, 'No stored default account any more');
	} else if (name !== undefined) {
		const account = findAccount(context.store, name);
		storeDefault(dir, account.name);
		say(context.stdout, `Default account: ${account.name} (for token, exec and fetch without a NAME)`);
	} else {
		return showDefault(context);
	}
	if (overridden) say(context.stderr, `tokentop: note: ${defaultAccountVariable}=${overridden} overrides the stored default where it is set`);
	return exitCodes.ok;
}

function showDefault(context: CommandContext): number {
	const choice = defaultAccountChoice(context.store.dir, context.env);
	if (!choice) throw new CommandFailure(`No default account: choose one with tokentop use NAME, or set ${defaultAccountVariable}`, exitCodes.other);
	const missing = context.store.find(choice.name) ? '' : ' — no account has that name now (see tokentop list)';
	say(context.stdout, `${describeDefaultChoice(choice)}${missing}`);
	return exitCodes.ok;
}
