/**
 * Every plain command, as light metadata: its name, what it does, its usage and options (from
 * which the parser, `tokentop help`, `COMMAND --help` and the shell completion are made), and
 * how to load it. A command's code is imported only when it runs, so `tokentop token NAME`
 * loads the token command and nothing else.
 */
import type {CommandContext} from './context.js';
import {loginUsages} from './login-usage.js';
import type {OptionSpecs, ParsedLine} from './parse.js';

export interface CommandModule {
	run(context: CommandContext, line: ParsedLine): Promise<number>;
}

/** What a command's operands are, for the shell completion. */
export type Operands = 'none' | 'account' | 'accounts' | 'command' | 'login' | 'shell';

export interface CommandSpec {
	name: string;
	/** One line for the command list. */
	summary: string;
	/** The operands in usage lines, e.g. "[NAME]". */
	operands: string;
	completes: Operands;
	/** Usage lines without "tokentop "; by default the name, the operands and every option. */
	usage?: () => string[];
	/** What `tokentop help COMMAND` says after the usage: short paragraphs. */
	details?: string;
	options: OptionSpecs;
	/** The arguments after `--` are the command's own, passed on untouched (exec). */
	passesOn?: boolean;
	/** Draws the full-screen app: Ink must see the terminal as one (see cli.tsx). */
	fullScreen?: boolean;
	load(): Promise<CommandModule>;
}

/** Options every command takes, before or after its name. */
export const globalOptions: OptionSpecs = {
	'config-dir': {type: 'string', value: 'DIR', description: 'where tokens are stored (or TOKENTOP_CONFIG_DIR)'},
	insecure: {type: 'boolean', description: 'allow plain http to a non-loopback host (credentials in clear!)'},
	'no-color': {type: 'boolean', description: 'no colours (also NO_COLOR=1)'},
	help: {type: 'boolean', short: 'h', description: 'help (for a command: its usage and options)'},
	version: {type: 'boolean', short: 'v', description: 'the version'},
};

const minValid = {
	type: 'string',
	value: 'SECONDS',
	description: 'refresh first when fewer than SECONDS remain (default 60)',
} as const;

export const commands: readonly CommandSpec[] = [
	{
		name: 'demo',
		summary: 'try it: local stand-in servers, throw-away accounts',
		operands: '',
		completes: 'none',
		options: {},
		fullScreen: true,
		details: 'Opens the app on throw-away accounts at local stand-in servers whose tokens live 60–120 s. Leaving removes the servers and the folder.',
		load: async () => {
			const {runDemo} = await import('./demo.js');
			return {run: (context, line) => runDemo({noColor: context.noColor, args: line.positionals})};
		},
	},
	{
		name: 'login',
		summary: 'log in to an account, or log an existing one in again',
		operands: 'KIND …',
		completes: 'login',
		usage: () => [...loginUsages(), 'login NAME [--password-stdin] [--auth-factor CODE]'],
		details: [
			'Asks for the password without echo (or reads one line from standard input with --password-stdin).',
			'Logging in to an account that is stored already (same kind, server and identity) logs it in again in place: it keeps its name and place. `tokentop login NAME` does the same by name.',
			'A URL without a scheme means https (http for localhost and 127.x).',
		].join('\n'),
		options: {
			service: {type: 'string', value: 'URL', description: 'the server to log in to, when the kind has a default'},
			name: {type: 'string', value: 'NAME', description: 'the name to save it under (default: the handle, or USER@HOST)'},
			'password-stdin': {type: 'boolean', description: 'read the password from standard input'},
			'auth-factor': {type: 'string', value: 'CODE', description: 'the sign-in code the server emailed'},
			'remember-password': {type: 'string', value: 'WHERE', choices: ['keyring', 'plaintext'], description: 'keep the password for unattended re-login'},
		},
		load: () => import('./login.js'),
	},
	{
		name: 'list',
		summary: 'accounts, their state and time left (never a token)',
		operands: '',
		completes: 'none',
		details: '--json prints an array of {name, service, identity, url, did, accessExpiresAt, refreshExpiresAt, status}.',
		options: {
			json: {type: 'boolean', description: 'JSON for scripts'},
			names: {type: 'boolean', description: 'the names only, one a line (for shell completion)', hidden: true},
		},
		load: () => import('./list.js'),
	},
	{
		name: 'refresh',
		summary: 'refresh or renew access tokens now',
		operands: 'NAME…',
		completes: 'accounts',
		usage: () => ['refresh NAME…', 'refresh --all [--concurrency N]'],
		details: 'With --all (or several names), ends with a summary line; exits with the worst failure’s code when any failed.',
		options: {
			all: {type: 'boolean', description: 'every account'},
			concurrency: {type: 'string', value: 'N', description: 'how many at a time with --all (1–64, default 8)'},
		},
		load: () => import('./refresh.js'),
	},
	{
		name: 'token',
		summary: 'print an account’s access token, refreshed first when needed',
		operands: '[NAME]',
		completes: 'account',
		options: {
			'min-valid': minValid,
		},
		load: () => import('./token.js'),
	},
	{
		name: 'logout',
		summary: 'end the session on the server, then forget the account',
		operands: 'NAME',
		completes: 'account',
		details: 'When the server cannot be reached the account is kept; --force removes it here anyway (the session may then stay open on the server until it expires).',
		options: {
			force: {type: 'boolean', description: 'remove the account even when the server cannot be reached'},
		},
		load: () => import('./logout.js'),
	},
	{
		name: 'help',
		summary: 'how to use tokentop, or one command',
		operands: '[COMMAND]',
		completes: 'command',
		options: {},
		load: () => import('./help.js'),
	},
];

export function commandNamed(name: string): CommandSpec | undefined {
	return commands.find(command => command.name === name);
}

/** The usage lines of a command, each without "tokentop ". */
export function usageLines(spec: CommandSpec): string[] {
	if (spec.usage) return spec.usage();
	const options = Object.entries(spec.options)
		.filter(([, option]) => !option.hidden)
		.map(([name, option]) => `[--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}]`);
	return [[spec.name, spec.operands, ...options].filter(Boolean).join(' ')];
}
