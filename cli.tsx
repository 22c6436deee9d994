/**
 * tokentop's entry point: global options, then either the full-screen app or a plain command.
 * Heavy modules (React, Ink, the services) are imported only by the path that needs them, so
 * `tokentop token NAME` starts fast.
 */
import {ServiceError, describeError, exitCodeFor, exitCodes} from './source/services/errors.js';

declare const __TOKENTOP_VERSION__: string;
const version = typeof __TOKENTOP_VERSION__ === 'string' ? __TOKENTOP_VERSION__ : 'dev';

interface GlobalOptions {
	configDir?: string;
	insecure: boolean;
	noColor: boolean;
	help: boolean;
	version: boolean;
}

/** Takes the global options out of argv wherever they stand; the rest belongs to the command. */
function splitGlobalOptions(argv: string[]): {options: GlobalOptions; rest: string[]} {
	const options: GlobalOptions = {insecure: false, noColor: false, help: false, version: false};
	const rest: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--config-dir') {
			const value = argv[++index];
			if (value === undefined) throw usageError('--config-dir needs a folder');
			options.configDir = value;
		} else if (arg.startsWith('--config-dir=')) options.configDir = arg.slice('--config-dir='.length);
		else if (arg === '--insecure') options.insecure = true;
		else if (arg === '--no-color') options.noColor = true;
		else if (arg === '--help' || arg === '-h') options.help = true;
		else if (arg === '--version' || arg === '-v') options.version = true;
		else rest.push(arg);
	}
	return {options, rest};
}

function usageError(message: string): ServiceError {
	return new ServiceError('usage', message);
}

/**
 * Ink draws only a final frame when it believes it runs in CI (CI=true). A terminal is a
 * terminal: the full-screen app renders live whenever it has one. Must run before Ink loads.
 */
function allowLiveRendering(): void {
	if (!process.stdout.isTTY) return;
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
}

async function main(argv: string[]): Promise<number> {
	const {options, rest} = splitGlobalOptions(argv);
	if (options.version) {
		process.stdout.write(`${version}\n`);
		return exitCodes.ok;
	}
	const [command, ...commandArgs] = rest;
	if (options.help || command === 'help') {
		const {usage} = await import('./source/commands/help.js');
		process.stdout.write(usage);
		return exitCodes.ok;
	}
	const noColor = options.noColor || Boolean(process.env.NO_COLOR);
	if (command === undefined || command === 'demo') allowLiveRendering();
	if (command === 'demo') {
		const {runDemo} = await import('./source/commands/demo.js');
		return runDemo({noColor, args: commandArgs});
	}
	const [{TokenStore}, {resolveConfigDir}] = await Promise.all([import('./source/services/store/token-store.js'), import('./source/services/config-dir.js')]);
	const store = TokenStore.open({dir: resolveConfigDir(options.configDir)});
	// Only a login makes the store's folder (the app's add form is one), and it finds a store it could not write before signing in.
	if (command === 'list' || command === 'refresh' || command === 'token' || command === 'logout' || command === 'fetch' || command === 'header') store.requireExisting();
	for (const notice of store.notices) process.stderr.write(`tokentop: ${notice}\n`);
	if (options.insecure) process.stderr.write('tokentop: warning: --insecure lets credentials travel over plain http\n');
	if (command === undefined) {
		const {runApp} = await import('./source/commands/app.js');
		return runApp({store, noColor, insecure: options.insecure});
	}
	const commands = await import('./source/commands/commands.js');
	const context = {store, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, clock: Date.now, insecure: options.insecure};
	switch (command) {
		case 'login':
			return commands.loginCommand(context, commandArgs);
		case 'list':
			return commands.listCommand(context, commandArgs);
		case 'refresh':
			return commands.refreshCommand(context, commandArgs);
		case 'token':
			return commands.tokenCommand(context, commandArgs);
		case 'logout':
			return commands.logoutCommand(context, commandArgs);
		case 'fetch':
			return (await import('./source/commands/request-commands.js')).fetchCommand(context, commandArgs);
		case 'header':
			return (await import('./source/commands/request-commands.js')).headerCommand(context, commandArgs);
		default:
			throw usageError(`Unknown command "${command}" (see tokentop --help)`);
	}
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`tokentop: ${describeError(error)}\n`);
		// For bug reports: where an unexpected error came from (stack frames hold no secrets).
		if (process.env.TOKENTOP_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack.replace(/^[^\n]*\n/, '')}\n`);
		process.exitCode = exitCodeFor(error);
	},
);
