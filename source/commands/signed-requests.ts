/**
 * Requests with credentials that are signed per request (tokens bound to a key, e.g. DPoP):
 * `fetch` hands such an account here; `header` prints the headers for exactly one request
 * (`tokentop header me -X GET URL | curl -H @- URL`). Every refresh goes through the
 * coordinator (the account's lock, persisted first); the newest server nonces are kept unless
 * another process changed the account meanwhile (the store refuses an older revision).
 */
import {type Account, isUsable} from '../services/account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {kindOf} from '../services/kinds.js';
import {RefreshCoordinator} from '../services/refresh.js';
import {type CommandContext, chosenAccount} from './context.js';
import {type ParsedLine, stringOption} from './parse.js';

/** A refresh is due when less than this is left: a request must not race the token's end. */
const minValidMs = 60_000;

export interface SignedFetch {
	method: string;
	url: string;
	headers: Array<[string, string]>;
	body?: Buffer;
	include: boolean;
}

export async function fetchSigned(context: CommandContext, stored: Account, request: SignedFetch): Promise<number> {
	const {account, coordinator, operations} = await prepare(context, stored);
	if (operations.signedRequest === undefined) throw notSigned(account);
	const {answer, account: after} = await operations.signedRequest(
		account,
		{method: request.method, url: request.url, headers: Object.fromEntries(request.headers), ...(request.body === undefined ? {} : {body: request.body})},
		async () => coordinator.refresh(account.id),
	);
	// An fsync'd journal line only when something changed (a new nonce; a refresh saved itself).
	if (after !== account) await context.store.saveAccount(after);
	if (request.include) {
		const lines = [`HTTP ${answer.status}`, ...Object.entries(answer.headers).flatMap(([key, value]) => (value === undefined ? [] : [value].flat().map(one => `${key}: ${one}`)))];
		context.stdout.write(`${lines.join('\r\n')}\r\n\r\n`);
	}
	context.stdout.write(answer.body);
	return answer.status >= 400 ? exitCodes.httpError : exitCodes.ok;
}

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length < 1 || line.positionals.length > 2) throw new ServiceError('usage', 'Usage: tokentop header [NAME] -X METHOD URL');
	const [name, url] = line.positionals.length === 2 ? line.positionals : [undefined, line.positionals[0]!];
	const method = (stringOption(line, 'request') ?? 'GET').toUpperCase();
	const {account, operations} = await prepare(context, chosenAccount(context, name, 'header'));
	if (operations.headersForOneRequest === undefined) throw notSigned(account);
	const {headers, account: after} = await operations.headersForOneRequest(account, method, url!);
	if (after !== account) await context.store.saveAccount(after);
	context.stdout.write(Object.entries(headers).map(([key, value]) => `${key}: ${value}\n`).join(''));
	return exitCodes.ok;
}

/** The account with an access token that lives at least another minute (refreshed under its lock when not). */
async function prepare(context: CommandContext, stored: Account) {
	if (!isUsable(stored)) throw new ServiceError('needs-login', `${stored.name} needs a new login: ${stored.statusMessage ?? 'the server rejected its token'}`);
	const coordinator = new RefreshCoordinator(context.store, context.clock);
	const account = await coordinator.refresh(stored.id, {minValidMs});
	return {account, coordinator, operations: await kindOf(account).operations()};
}

function notSigned(account: Account): ServiceError {
	return new ServiceError('usage', `${account.name}'s token is not signed per request: use \`tokentop token ${account.name}\` or \`tokentop fetch\``);
}
