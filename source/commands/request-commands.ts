/**
 * Requests for scripts with credentials that are signed per request (tokens bound to a key):
 * `fetch` sends one and prints the answer's body; `header` prints the headers for exactly one
 * request (`tokentop header me -X GET URL | curl -H @- URL`). Every refresh goes through the
 * coordinator (the account's lock, persisted first); the newest server nonces are kept when no
 * other process changed the account meanwhile.
 */
import {type Account, isUsable} from '../services/account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {kindOf} from '../services/kinds.js';
import {RefreshCoordinator} from '../services/refresh.js';
import {parseArgs, stringFlag} from './args.js';
import {type CommandContext, findAccount} from './commands.js';

/** A refresh is due when less than this is left: a request must not race the token's end. */
const minValidMs = 60_000;

export async function fetchCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {method: {value: true}, X: {value: true}, data: {value: true}, d: {value: true}, header: {value: true}, H: {value: true}});
	if (args.positionals.length !== 2) throw new ServiceError('usage', 'Usage: tokentop fetch NAME /xrpc/METHOD [-X METHOD] [-d BODY|@-] [-H "Name: value"]');
	const [name, url] = args.positionals as [string, string];
	const data = stringFlag(args, 'd') ?? stringFlag(args, 'data');
	const body = data === '@-' ? await readAll(context.stdin) : data;
	const method = (stringFlag(args, 'X') ?? stringFlag(args, 'method') ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
	const headerText = stringFlag(args, 'H') ?? stringFlag(args, 'header');
	const headers: Record<string, string> = body === undefined ? {} : {'content-type': 'application/json'};
	if (headerText !== undefined) {
		const at = headerText.indexOf(':');
		if (at < 1) throw new ServiceError('usage', '-H takes "Name: value"');
		headers[headerText.slice(0, at).trim().toLowerCase()] = headerText.slice(at + 1).trim();
	}
	const {account, coordinator, operations} = await prepare(context, name);
	if (operations.signedRequest === undefined) throw notSigned(account);
	const {answer, account: after} = await operations.signedRequest(account, {method, url, headers, ...(body === undefined ? {} : {body})}, async () => coordinator.refresh(account.id));
	await keepNonces(context, after);
	context.stdout.write(answer.body.endsWith('\n') || answer.body === '' ? answer.body : `${answer.body}\n`);
	if (answer.status >= 400) {
		context.stderr.write(`${name}: the server answered HTTP ${answer.status}\n`);
		return answer.status === 401 || answer.status === 403 ? exitCodes.needsLogin : exitCodes.network;
	}
	return exitCodes.ok;
}

export async function headerCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseArgs(argv, {X: {value: true}, method: {value: true}});
	if (args.positionals.length !== 2) throw new ServiceError('usage', 'Usage: tokentop header NAME -X METHOD URL');
	const [name, url] = args.positionals as [string, string];
	const method = (stringFlag(args, 'X') ?? stringFlag(args, 'method') ?? 'GET').toUpperCase();
	const {account, operations} = await prepare(context, name);
	if (operations.headersForOneRequest === undefined) throw notSigned(account);
	const {headers, account: after} = await operations.headersForOneRequest(account, method, url);
	await keepNonces(context, after);
	context.stdout.write(Object.entries(headers).map(([key, value]) => `${key}: ${value}\n`).join(''));
	return exitCodes.ok;
}

/** The account with an access token that lives at least another minute (refreshed under its lock when not). */
async function prepare(context: CommandContext, name: string) {
	const stored = findAccount(context.store, name);
	if (!isUsable(stored)) throw new ServiceError('needs-login', `${stored.name} needs a new login: ${stored.statusMessage ?? 'the server rejected its token'}`);
	const coordinator = new RefreshCoordinator(context.store, context.clock);
	const account = await coordinator.refresh(stored.id, {minValidMs});
	return {account, coordinator, operations: await kindOf(account).operations()};
}

function notSigned(account: Account): ServiceError {
	return new ServiceError('usage', `${account.name} is a ${account.service} account: its token is not signed per request, use \`tokentop token ${account.name}\``);
}

/** The newest server nonces, unless another process changed the account meanwhile (its save wins). */
async function keepNonces(context: CommandContext, account: Account): Promise<void> {
	await context.store.saveAccount(account);
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
