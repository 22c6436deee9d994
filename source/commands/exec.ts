/**
 * `tokentop exec [NAME] [--env VAR] [--min-valid S] -- COMMAND [ARGS…]`: runs COMMAND with a
 * fresh access token in its environment (never in an argument list), and ends as it ends: its
 * exit status is ours, 128 + N when a signal N ended it. SIGINT, SIGTERM and SIGHUP sent to
 * tokentop are passed on to it. TOKENTOP_ACCOUNT and TOKENTOP_CONFIG_DIR are set too, so a
 * `tokentop token` inside COMMAND gets a fresh token of the same account later on.
 */
import {spawn} from 'node:child_process';
import {constants} from 'node:os';
import {needsNoAuth} from '../services/account.js';
import {kindOf} from '../services/kinds.js';
import {ServiceError} from '../services/errors.js';
import {type CommandContext, chosenAccount, say} from './context.js';
import {CommandFailure} from './failure.js';
import {describeShortfall, freshAccount} from './fresh-token.js';
import {type ParsedLine, secondsOption, stringOption} from './parse.js';
import {tokenEnvironment} from './token-formats.js';
import {tokenFacts} from './token.js';

const usage = 'Usage: tokentop exec [NAME] [--env VAR] [--min-valid SECONDS] -- COMMAND [ARGS…]';
const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const command = line.passedOn;
	if (!command || command.length === 0 || line.positionals.length > 1) throw new ServiceError('usage', usage);
	const variable = stringOption(line, 'env') ?? 'TOKENTOP_TOKEN';
	if (!/^[A-Za-z_]\w*$/.test(variable)) throw new ServiceError('usage', `--env takes a variable name (letters, digits, _), not ${JSON.stringify(variable)}`);
	const account = chosenAccount(context, line.positionals[0], 'exec');
	const refusal = kindOf(account).tokenRefusal;
	if (refusal !== undefined) throw new ServiceError('usage', `${account.name}: ${refusal}`);
	const environment: NodeJS.ProcessEnv = {...context.env, TOKENTOP_CONFIG_DIR: context.store.dir};
	if (needsNoAuth(account)) {
		// No token to put in: the server needs no authentication. The account and URL are set.
		Object.assign(environment, tokenEnvironment(tokenFacts(account), variable));
		delete environment[variable];
		say(context.stderr, `tokentop: note: ${account.name}'s server needs no authentication; ${variable} is not set`);
	} else {
		const {account: fresh, shortfall} = await freshAccount(context, account, secondsOption(line, 'min-valid', 60));
		if (shortfall) say(context.stderr, `tokentop: warning: ${describeShortfall(shortfall, 'used')}`);
		Object.assign(environment, tokenEnvironment(tokenFacts(fresh), variable));
	}
	return runChild(command, environment);
}

function runChild([file, ...args]: string[], env: NodeJS.ProcessEnv): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(file!, args, {stdio: 'inherit', env});
		const forward = (signal: NodeJS.Signals) => child.kill(signal);
		for (const signal of forwardedSignals) process.on(signal, forward);
		const settle = () => {
			for (const signal of forwardedSignals) process.off(signal, forward);
		};
		child.once('error', error => {
			settle();
			reject(startFailure(file!, error));
		});
		child.once('exit', (code, signal) => {
			settle();
			resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
		});
	});
}

/** Like a shell: 127 when there is no such command, 126 when it cannot be run. */
function startFailure(file: string, error: Error): Error {
	const code = (error as {code?: string}).code;
	if (code === 'ENOENT') return new CommandFailure(`no such command: ${file}`, 127);
	if (code === 'EACCES') return new CommandFailure(`cannot run ${file}: permission denied`, 126);
	return new CommandFailure(`cannot run ${file}: ${error.message}`, 126);
}
