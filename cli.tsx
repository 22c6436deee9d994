/**
 * tokentop's entry point: global options, then either the full-screen app or a plain command
 * from the registry (source/commands/registry.ts). Heavy modules (React, Ink, the services)
 * are imported only by the path that needs them, so `tokentop token NAME` starts fast.
 */
import type {CommandContext} from './source/commands/context.js';
import {type ParsedLine, parseLine} from './source/commands/parse.js';
import {CommandFailure} from './source/commands/failure.js';
import {type CommandSpec, commandNamed, globalOptions} from './source/commands/registry.js';
import {ServiceError, describeError, exitCodeFor, exitCodes} from './source/services/errors.js';
import type {TokenStore} from './source/services/store/token-store.js';

declare const __TOKENTOP_VERSION__: string;
const version = typeof __TOKENTOP_VERSION__ === 'string' ? __TOKENTOP_VERSION__ : 'dev';

interface CommandLine {
	/** The global options given before the command (or alone). */
	globals: ParsedLine;
	/** The command's name and everything after it. */
	command?: {name: string; args: string[]};
}

/**
 * Splits argv at the command's name: global options may stand before it (and after it, where
 * the command's own parser takes them too).
 */
function splitAtCommand(argv: string[]): CommandLine {
	let index = 0;
	while (index < argv.length) {
		const arg = argv[index]!;
		if (arg === '--' || !arg.startsWith('-') || arg === '-') break;
		// A global option's value is not the command: `--config-dir DIR list`.
		const takesValue = !arg.includes('=') && globalOptions[arg.replace(/^--/, '')]?.type === 'string';
		index += takesValue ? 2 : 1;
	}
	const globals = parseLine(argv.slice(0, Math.min(index, argv.length)), globalOptions, 'tokentop', 'tokentop --help');
	const at = argv[index] === '--' ? index + 1 : index;
	const name = argv[at];
	return {globals, ...(name === undefined ? {} : {command: {name, args: argv.slice(at + 1)}})};
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

/** Opens the store on first use and says once what it noticed (e.g. a mode it tightened). */
async function storeOpener(dir: string): Promise<() => TokenStore> {
	const {TokenStore} = await import('./source/services/store/token-store.js');
	let store: TokenStore | undefined;
	return () => {
		if (!store) {
			store = TokenStore.open({dir});
			for (const notice of store.notices) process.stderr.write(`tokentop: ${notice}\n`);
		}
		return store;
	};
}

async function main(argv: string[]): Promise<number> {
	const {globals, command} = splitAtCommand(argv);
	const spec: CommandSpec | undefined = command && commandNamed(command.name);
	if (command && !spec) throw new ServiceError('usage', `Unknown command "${command.name}" (see tokentop --help)`);
	const line = spec && command ? parseLine(command.args, {...spec.options, ...globalOptions}, `tokentop ${spec.name}`, `tokentop help ${spec.name}`, spec.passesOn) : undefined;
	const values = {...globals.values, ...line?.values};
	if (values.version) return printVersion();
	if (values.help) {
		const help = await import('./source/commands/help.js');
		process.stdout.write(spec ? help.commandHelp(spec) : help.generalHelp());
		return exitCodes.ok;
	}
	const noColor = values['no-color'] === true || Boolean(process.env.NO_COLOR);
	const insecure = values.insecure === true;
	const {resolveConfigDir} = await import('./source/services/config-dir.js');
	const configDir = resolveConfigDir(typeof values['config-dir'] === 'string' ? values['config-dir'] : undefined);
	if (!spec || spec.fullScreen) allowLiveRendering();
	if (insecure) process.stderr.write('tokentop: warning: --insecure lets credentials travel over plain http\n');
	if (!spec || !line) {
		const [openStore, {runApp}] = await Promise.all([storeOpener(configDir), import('./source/commands/app.js')]);
		return runApp({store: openStore(), noColor, insecure, noAutoRefresh: values['no-auto-refresh'] === true});
	}
	const [openStore, module] = await Promise.all([storeOpener(configDir), spec.load()]);
	if (spec.needsStore) openStore().requireExisting();
	const context: CommandContext = {
		get store() {
			return openStore();
		},
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		env: process.env,
		clock: Date.now,
		configDir,
		insecure,
		noColor,
	};
	return module.run(context, line);
}

function printVersion(): number {
	process.stdout.write(`${version}\n`);
	return exitCodes.ok;
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		if (error instanceof CommandFailure) {
			process.stderr.write(`tokentop: ${error.message}\n`);
			process.exitCode = error.exitCode;
			return;
		}
		process.stderr.write(`tokentop: ${describeError(error)}\n`);
		// For bug reports: where an unexpected error came from (stack frames hold no secrets).
		if (process.env.TOKENTOP_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack.replace(/^[^\n]*\n/, '')}\n`);
		process.exitCode = exitCodeFor(error);
	},
);
