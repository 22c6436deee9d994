/**
 * Every plain command, as light metadata: its name, what it does, its usage and options (from
 * which the parser, `tokentop help`, `COMMAND --help` and the shell completion are made), and
 * how to load it. A command's code is imported only when it runs, so `tokentop token NAME`
 * loads the token command and nothing else.
 */
import type {CommandContext} from './context.js';
import {loginUsages} from './login-usage.js';
import {tokenFormats} from './token-formats.js';
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
	/** Works on stored accounts: without a store folder it says so (only a login makes one). */
	needsStore?: boolean;
	load(): Promise<CommandModule>;
}

/** Options every command takes, before or after its name. */
export const globalOptions: OptionSpecs = {
	'config-dir': {type: 'string', value: 'DIR', description: 'where tokens are stored (or TOKENTOP_CONFIG_DIR)'},
	insecure: {type: 'boolean', description: 'allow plain http to a non-loopback host (credentials in clear!)'},
	'no-color': {type: 'boolean', description: 'no colours (also NO_COLOR=1)'},
	'no-auto-refresh': {type: 'boolean', description: 'the app without auto-refresh for this run (A toggles it and remembers the choice)'},
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
			return {run: (context, line) => runDemo({noColor: context.noColor, noAutoRefresh: line.values['no-auto-refresh'] === true, args: line.positionals})};
		},
	},
	{
		name: 'login',
		summary: 'log in to an account, or log an existing one in again',
		operands: 'KIND …',
		completes: 'login',
		usage: () => [...loginUsages(), 'login NAME [--password-stdin] [--auth-factor CODE] [--no-browser] [--scope S] [--timeout SECONDS]'],
		details: [
			'Asks for the password without echo (or reads one line from standard input with --password-stdin).',
			'Logging in to an account that is stored already (same kind, server and identity; for OAuth the DID) logs it in again in place: it keeps its name and place. `tokentop login NAME` does the same by name (an OAuth account signs in again in the browser, with the scope it had unless --scope says otherwise).',
			'A URL without a scheme means https (http for localhost and 127.x).',
			'--oauth signs a Bluesky account in in a browser: the address is printed on its own line; tokentop waits for the browser to come back, or for the address the browser ended on to be pasted (over SSH). HANDLE, DID or a server URL; did:plc is resolved through TOKENTOP_PLC_URL (default https://plc.directory). App passwords suit bots; OAuth sessions end 14 days after sign-in.',
		].join('\n'),
		options: {
			service: {type: 'string', value: 'URL', description: 'the server to log in to, when the kind has a default'},
			name: {type: 'string', value: 'NAME', description: 'the name to save it under (default: the handle, or USER@HOST)'},
			'password-stdin': {type: 'boolean', description: 'read the password from standard input'},
			'auth-factor': {type: 'string', value: 'CODE', description: 'the sign-in code the server emailed'},
			'remember-password': {type: 'string', value: 'WHERE', choices: ['keyring', 'plaintext'], description: 'keep the password for unattended re-login'},
			oauth: {type: 'boolean', description: 'Bluesky: sign in in a browser (OAuth) instead of with an app password'},
			'no-browser': {type: 'boolean', description: 'OAuth: only print the address, open no browser'},
			scope: {type: 'string', value: 'S', description: 'OAuth: the scopes to ask for (default "atproto transition:generic")'},
			timeout: {type: 'string', value: 'SECONDS', description: 'OAuth: how long to wait for the browser (default 600)'},
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
		name: 'status',
		summary: 'health of each account, from the store alone; exit 0 fine, 3 needs login, 4 failing',
		operands: '[NAME…]',
		completes: 'accounts',
		details: 'One line per account: state, time left, when the refresh token or session ends, the last failure; then whether a keep-alive looks after the store. --quiet prints nothing, for `if tokentop status --quiet; then …`.',
		options: {
			json: {type: 'boolean', description: 'JSON for scripts'},
			quiet: {type: 'boolean', short: 'q', description: 'print nothing; the exit code says it'},
		},
		needsStore: true,
		load: () => import('./status.js'),
	},
	{
		name: 'keep-alive',
		summary: 'keep every account alive with no screen, until SIGTERM or SIGINT',
		operands: '',
		completes: 'none',
		details: 'One per store; one line per event on stderr (refreshed, failed, needs login, picked up, removed), never a token. See contrib/ for a systemd user unit and a launchd agent.',
		options: {
			json: {type: 'boolean', description: 'one JSON object per event line'},
			concurrency: {type: 'string', value: 'N', description: 'refreshes at once (default 4)'},
			'write-token': {type: 'string', multiple: true, value: 'NAME=PATH', description: 'keep PATH holding NAME’s current access token (0600, rewritten atomically, emptied when it needs a login)'},
			'on-needs-login': {type: 'string', value: 'CMD', description: 'run CMD once each time an account turns “needs login” (TOKENTOP_ACCOUNT, _SERVICE, _STATE, _MESSAGE in its environment, never a token)'},
			'on-session-ending': {type: 'string', value: 'CMD', description: 'run CMD when a refresh token or session ends within --session-warning-days'},
			'session-warning-days': {type: 'string', value: 'N', description: 'days before a session’s end to warn (default 7)'},
			notify: {type: 'boolean', description: 'also a desktop notification (notify-send) where there is one'},
		},
		load: () => import('./keep-alive.js'),
	},
	{
		name: 'refresh',
		needsStore: true,
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
		needsStore: true,
		summary: 'print an account’s access token, refreshed first when needed',
		operands: '[NAME]',
		completes: 'account',
		details: [
			'NAME defaults to the default account (tokentop use). Never prints a token the server rejected or one that has expired (exit 3); an account whose server needs no authentication has no token (exit 1). A --min-valid beyond what the server grants prints the freshest token with a warning.',
			'Formats: raw (the token alone); json ({token, type, expiresAt, account, service, url}); curl (a curl config line for `curl -K -`, so the token stays out of argument lists); env (export lines for eval); exec-credential (a client.authentication.k8s.io/v1 ExecCredential).',
		].join('\n'),
		options: {
			'min-valid': minValid,
			format: {type: 'string', value: 'FORMAT', choices: tokenFormats, description: 'how to print it (default raw)'},
		},
		load: () => import('./token.js'),
	},
	{
		name: 'exec',
		needsStore: true,
		summary: 'run a command with a fresh access token in its environment',
		operands: '[NAME] -- COMMAND [ARGS…]',
		completes: 'account',
		usage: () => ['exec [NAME] [--env VAR] [--min-valid SECONDS] -- COMMAND [ARGS…]'],
		details: [
			'The token is in $TOKENTOP_TOKEN (or --env VAR), never in an argument list; TOKENTOP_ACCOUNT, TOKENTOP_URL (the account’s own server) and TOKENTOP_CONFIG_DIR are set too. The command’s exit status is tokentop’s (128 + N when signal N ended it); SIGINT, SIGTERM and SIGHUP are passed on to it.',
			'A token lives on its own clock: a command that runs longer than it can ask for a new one with `tokentop token`.',
		].join('\n'),
		options: {
			env: {type: 'string', value: 'VAR', description: 'the variable for the token (default TOKENTOP_TOKEN)'},
			'min-valid': minValid,
		},
		passesOn: true,
		load: () => import('./exec.js'),
	},
	{
		name: 'fetch',
		needsStore: true,
		summary: 'make an HTTP request with an account’s access token',
		operands: '[NAME] URL|/PATH',
		completes: 'account',
		details: [
			'A /PATH goes to the account’s own server (a Bluesky account’s PDS, a Zettelstore server). The token is refreshed first when needed; when the server says it expired meanwhile, it is refreshed once and the request sent once more. Redirects are not followed.',
			'The body goes to stdout as it comes; -d @FILE sends a file, -d @- standard input; a body that is JSON goes as application/json unless -H says otherwise. Exit 0 for HTTP below 400, 5 for 400 and above (the body is printed too), 4 when no answer came.',
		].join('\n'),
		options: {
			request: {type: 'string', short: 'X', value: 'METHOD', description: 'the method (default GET, or POST with -d)'},
			header: {type: 'string', short: 'H', multiple: true, value: "'NAME: VALUE'", description: 'a header to send'},
			data: {type: 'string', short: 'd', value: 'DATA', description: 'the body: DATA, @FILE or @- (standard input)'},
			include: {type: 'boolean', short: 'i', description: 'print the status line and headers first'},
			'min-valid': minValid,
		},
		load: () => import('./fetch.js'),
	},
	{
		name: 'header',
		needsStore: true,
		summary: 'print the headers for exactly one request (OAuth: Authorization: DPoP …, DPoP: …)',
		operands: '[NAME] URL',
		completes: 'account',
		details: 'For accounts whose tokens are bound to a key: a proof is single use, so the headers serve one request. tokentop header me -X GET URL | curl -H @- URL',
		options: {request: {type: 'string', short: 'X', value: 'METHOD', description: 'the method the headers are for (default GET)'}},
		load: () => import('./signed-requests.js'),
	},
	{
		name: 'logout',
		needsStore: true,
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
		name: 'use',
		summary: 'choose the default account, or say which it is and why',
		operands: '[NAME]',
		completes: 'account',
		usage: () => ['use NAME', 'use', 'use --clear'],
		details: 'token, exec and fetch work on the default account when no NAME is given: TOKENTOP_ACCOUNT when set (for a shell or a folder, e.g. with direnv), else the one chosen with tokentop use NAME (kept in the file default-account in the config folder).',
		options: {
			clear: {type: 'boolean', description: 'forget the stored default'},
		},
		load: () => import('./use.js'),
	},
	{
		name: 'completion',
		summary: 'print a shell completion script (bash, zsh or fish)',
		operands: 'SHELL',
		completes: 'shell',
		usage: () => ['completion bash|zsh|fish'],
		details: 'bash: source <(tokentop completion bash) in ~/.bashrc. zsh: source <(tokentop completion zsh) after compinit. fish: tokentop completion fish | source, or save it in ~/.config/fish/completions/tokentop.fish. Account names come from the store, without network.',
		options: {},
		load: () => import('./completion.js'),
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
