/**
 * What every hostile case does: seed a throw-away store with one account whose URL points at a
 * hostile server, run the built binary (refresh or token) with a short request deadline, then
 * check what the user sees (exit code, one line on stderr, no token or password anywhere in the
 * output), how long it took, and what the store holds afterwards.
 */
import assert from 'node:assert/strict';
import {createHmac, randomBytes} from 'node:crypto';
import {it, type TestContext} from 'node:test';
import type {Account} from '../../source/services/account.js';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {accessTokenOf} from '../../source/services/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {spawn} from 'node:child_process';
import {cliPath, tempConfigDir, type CliResult} from '../support/cli.js';
import {mintJwt, refusedUrl, startHostileServer, type BehaviourName, type BehaviourOptions, type HostileServer} from '../support/hostile-server.js';

export const timeoutMs = 1500;
/**
 * A generous margin over the request deadline. It is measured from the moment the request reached
 * the server, so the start-up of the process (seconds on a loaded machine) does not count.
 */
export const wallMarginMs = 5000;
/** Without a server (DNS failure, refused port) the whole run is measured: start-up is allowed this much more. */
export const startupAllowanceMs = 10_000;
export const accountName = 'victim';
/** Kept in the store (plain-text memory) for Zettelstore accounts: it must never be printed. */
export const storedPassword = 'hunter2-password-marker-7f3a';

export type Command = 'refresh' | 'token';

/** Registers a token the server hands out, so the scan looks for it in the output too. */
export type Issue = (token: string) => string;

export interface HostileCase {
	title: string;
	/** Where the account points: the hostile server (default), a name that does not resolve, or a closed port. */
	target?: 'server' | 'dns' | 'refused';
	behaviour?: BehaviourName;
	options?: BehaviourOptions | ((issue: Issue) => BehaviourOptions);
	expect: {
		code: number;
		/** The one stderr line must match this (ignored when code is 0). */
		message?: RegExp;
		/** Whether the stored credential must stay exactly as it was (false: it must change). */
		kept: boolean;
		/** The account's status afterwards (not checked when left out). */
		status?: Account['status'];
	};
	/** Changes to the seeded account record (e.g. a remembered password). */
	seed?: Partial<BlueskyAccount> & Partial<ZettelstoreAccount>;
	/** Extra checks on the result and the account afterwards. */
	check?: (result: CaseResult) => void;
	commands?: Command[];
	/** After a needs-login outcome, also run `token NAME` and check it neither prints the kept token nor asks the server. */
	followUp?: boolean;
	/** A known production bug: the case runs but is reported as todo. */
	todo?: string | Partial<Record<Command, string>>;
}

export interface CaseResult extends TimedResult {
	command: Command;
	/** The config folder of the case, for follow-up commands. */
	dir: string;
	wallMs: number;
	before: Account;
	after: Account;
	secrets: string[];
	server?: HostileServer;
}

/** A Zettelstore v0.13+ token: base64url of the claim s-expression, a dot, base64url of an HMAC-SHA384. */
export function zettelstoreToken(options: {issued?: number; expires?: number; user?: string} = {}): string {
	const now = Math.floor(Date.now() / 1000);
	const claim = `(1 "${options.user ?? 'owner'}" ${options.issued ?? now} ${options.expires ?? now + 600} 20260101000001)`;
	const digest = createHmac('sha384', randomBytes(16)).update(claim).digest('base64url');
	return `${Buffer.from(claim).toString('base64url')}.${digest}`;
}

/** What every hostile case's account starts as: named accountName, a day old, ok, at revision 3. */
function victimBase(idPrefix: string, now: number) {
	return {id: `${idPrefix}${randomBytes(6).toString('hex')}`, name: accountName, createdAt: now - 86_400_000, status: 'ok' as const, revision: 3};
}

export function blueskyRecord(url: string, overrides: Partial<BlueskyAccount> = {}): BlueskyAccount {
	const now = Date.now();
	const seconds = Math.floor(now / 1000);
	return {
		...victimBase('bs', now),
		service: 'bluesky',
		url,
		identifier: 'victim.test',
		handle: 'victim.test',
		did: 'did:plc:hostile0000000000000000',
		// Ten seconds left: `token` (default --min-valid 60) has to refresh.
		accessJwt: mintJwt('access', {iat: seconds - 7190, exp: seconds + 10}),
		refreshJwt: mintJwt('refresh', {iat: seconds - 7190, exp: seconds + 90 * 86_400}),
		accessIssuedAt: now - 7_190_000,
		accessExpiresAt: now + 10_000,
		refreshExpiresAt: now + 90 * 86_400_000,
		scope: 'com.atproto.access',
		...overrides,
	};
}

export function zettelstoreRecord(url: string, overrides: Partial<ZettelstoreAccount> = {}): ZettelstoreAccount {
	const now = Date.now();
	return {
		...victimBase('zs', now),
		service: 'zettelstore',
		url,
		user: 'owner',
		token: zettelstoreToken({issued: Math.floor(now / 1000) - 590, expires: Math.floor(now / 1000) + 10}),
		tokenReceivedAt: now - 590_000,
		// Ten seconds left: `token` (default --min-valid 60) has to renew.
		tokenExpiresAt: now + 10_000,
		reportedLifetime: 600,
		freeAccess: false,
		era: 'sexpr',
		passwordMemory: 'none',
		...overrides,
	};
}

export function credentialOf(account: Account): string[] {
	if (account.service === 'bluesky') return [account.accessJwt, account.refreshJwt];
	if (account.service === 'bluesky-oauth') return [account.tokens.accessToken, account.tokens.refreshToken, account.tokens.dpopKey.d];
	return [account.token];
}

/** Every part of a secret worth looking for: the whole of it, and each long dot-separated piece. */
export function secretPieces(secrets: string[]): string[] {
	const pieces = new Set<string>();
	for (const secret of secrets) {
		pieces.add(secret);
		for (const part of secret.split('.')) if (part.length >= 16 && !isCommonJwtHeader(part)) pieces.add(part);
	}
	return [...pieces];
}

/** The base64url JWT headers are the same for every token of a kind: not secret on their own. */
function isCommonJwtHeader(part: string): boolean {
	try {
		const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
		return typeof value === 'object' && value !== null && 'alg' in value;
	} catch {
		return false;
	}
}

export function assertNoSecret(text: string, secrets: string[], what: string): void {
	for (const piece of secretPieces(secrets)) {
		assert.ok(!text.includes(piece), `${what} contains a secret (${piece.slice(0, 6)}…)`);
	}
}

/** C0 and C1 control characters (ESC starts terminal escape sequences), other than the final newline. */
export function hasControlCharacter(text: string): boolean {
	return [...text].some(char => {
		const code = char.charCodeAt(0);
		return code < 0x20 || (code >= 0x7f && code <= 0x9f);
	});
}

/** stderr is exactly one line, starting with "NAME: " or "tokentop: ", without a stack trace. */
export function assertOneLine(stderr: string): string {
	assert.match(stderr, /\n$/, `stderr ends with a newline: ${JSON.stringify(stderr)}`);
	const lines = stderr.slice(0, -1).split('\n');
	assert.equal(lines.length, 1, `stderr is one line: ${JSON.stringify(stderr)}`);
	const [only] = lines as [string];
	assert.match(only, new RegExp(`^(${accountName}|tokentop): \\S`), `stderr starts with the account name or tokentop: ${JSON.stringify(only)}`);
	assert.doesNotMatch(only, /\bat .+:\d+:\d+\)?$|\b(Error|TypeError|RangeError|SyntaxError|ReferenceError|RequestError|HTTPError|ParseError|TimeoutError|AbortError): |\[object |undefined|NaN/, `no stack trace or raw error: ${only}`);
	assert.ok(only.length < 400, `the message is short: ${only.length} characters`);
	assert.ok(!hasControlCharacter(only), `no control characters reach the terminal: ${JSON.stringify(only)}`);
	return only;
}

function todoFor(testCase: HostileCase, command: Command): string | undefined {
	if (typeof testCase.todo === 'string') return testCase.todo;
	return testCase.todo?.[command];
}

/**
 * A test per case and command: everything runCase checks, then `check`, the kind's own look at
 * what reached the server. Each process start costs most of a second: one command per case,
 * alternating, unless a case asks for both.
 */
export function itRunsEveryCase(service: Account['service'], cases: HostileCase[], check: (result: CaseResult, testCase: HostileCase) => void): void {
	for (const [index, testCase] of cases.entries()) {
		for (const command of testCase.commands ?? [index % 2 === 0 ? 'refresh' : 'token']) {
			const todo = todoFor(testCase, command);
			it(`${command}: ${testCase.title}`, todo ? {todo} : {}, async t => {
				check(await runCase(t, service, testCase, command), testCase);
			});
		}
	}
}

/** Runs one case for one command and checks everything common to all cases. */
export async function runCase(t: TestContext, service: Account['service'], testCase: HostileCase, command: Command): Promise<CaseResult> {
	const secrets: string[] = [storedPassword];
	const issue: Issue = token => {
		secrets.push(token);
		return token;
	};
	let server: HostileServer | undefined;
	let url: string;
	if (testCase.target === 'dns') url = 'https://nonexistent.invalid';
	else if (testCase.target === 'refused') url = await refusedUrl();
	else {
		server = await startHostileServer();
		t.after(() => server!.close());
		const options = typeof testCase.options === 'function' ? testCase.options(issue) : testCase.options;
		server.setBehaviour(testCase.behaviour ?? 'answer', options);
		url = server.url;
	}
	const dir = tempConfigDir(t);
	const store = TokenStore.open({dir});
	const seeded = service === 'bluesky' ? blueskyRecord(url, testCase.seed as Partial<BlueskyAccount>) : zettelstoreRecord(url, testCase.seed as Partial<ZettelstoreAccount>);
	await store.update(() => [seeded]);
	secrets.push(...credentialOf(seeded));
	const before = store.find(accountName);
	assert.ok(before, 'the seeded account is in the store');

	const result = await runTimed([command, accountName], dir);
	const {wallMs} = result;

	const sinceRequest = server?.requests[0] ? ` (${Math.round(result.endedAt - server.requests[0].receivedAt)} ms after the request)` : '';
	t.diagnostic(`exit ${result.code} in ${Math.round(wallMs)} ms${sinceRequest}: ${result.stderr.trim() || '(nothing on stderr)'}`);
	const after = TokenStore.open({dir}).find(accountName);
	assert.ok(after, 'the account is still in the store, and the store still opens');
	const outcome: CaseResult = {...result, command, dir, wallMs, before, after, secrets, server};

	const {expect} = testCase;
	assertNoHang(outcome);
	assert.equal(result.code, expect.code, `exit code (stderr: ${result.stderr.trim()})`);
	assertNoSecret(result.stderr, secrets, 'stderr');
	if (command === 'token' && expect.code === 0) {
		// The one thing `token` may print: the (new) access token, alone on its line.
		const printed = accessTokenOf(after);
		assert.equal(result.stdout, `${printed}\n`, 'stdout is the access token and a newline');
		assertNoSecret(result.stdout, secrets.filter(secret => secret !== printed), 'stdout');
	} else {
		assertNoSecret(result.stdout, secrets, 'stdout');
	}
	if (expect.code === 0) {
		assert.equal(result.stderr, '', 'nothing on stderr');
	} else {
		const message = assertOneLine(result.stderr);
		if (command === 'token') assert.equal(result.stdout, '', 'no token is printed after a failure');
		if (expect.message) assert.match(message, expect.message);
	}
	if (expect.kept) assert.deepEqual(credentialOf(after), credentialOf(before), 'the stored credential did not change');
	else assert.notDeepEqual(credentialOf(after), credentialOf(before), 'the stored credential was replaced');
	if (after.statusMessage) assertNoSecret(after.statusMessage, secrets, 'the stored status message');
	testCase.check?.(outcome);
	// What a rejection must lead to, as the user sees it, before how the store records it.
	if (testCase.followUp) await assertNeverHandedOut(outcome);
	if (expect.status) assert.equal(after.status, expect.status, `status afterwards (${after.statusMessage ?? ''})`);
	return outcome;
}

/** After a rejection, `token` neither prints the kept token nor asks the server again. */
export async function assertNeverHandedOut(result: CaseResult): Promise<void> {
	const asked = result.server?.requests.length;
	const again = await runTimed(['token', accountName, '--min-valid', '0'], result.dir);
	assert.equal(again.code, 3, `token after a rejection exits 3 (stderr: ${again.stderr.trim()})`);
	assert.equal(again.stdout, '', 'the rejected token is not printed');
	assertOneLine(again.stderr);
	assertNoSecret(again.stderr, result.secrets, 'stderr');
	assert.equal(result.server?.requests.length, asked, 'no request to the server');
}

/**
 * No call outlives its deadline: the server's connection is closed, and the process has exited,
 * within the deadline plus a margin after the request arrived; without a server, the whole run
 * (start-up included) stays within deadline + margin + start-up allowance.
 */
export function assertNoHang(result: CaseResult): void {
	const first = result.server?.requests[0];
	if (!first) {
		const limit = timeoutMs + wallMarginMs + startupAllowanceMs;
		assert.ok(result.wallMs < limit, `took ${Math.round(result.wallMs)} ms, more than ${limit} ms`);
		return;
	}
	const limit = timeoutMs + wallMarginMs;
	const toExit = result.endedAt - first.receivedAt;
	assert.ok(toExit < limit, `exited ${Math.round(toExit)} ms after its request arrived: more than the ${timeoutMs} ms deadline + ${wallMarginMs} ms`);
	const open = (first.closedAt ?? result.endedAt) - first.receivedAt;
	assert.ok(open < limit, `kept the connection ${Math.round(open)} ms after its request arrived`);
}

export interface TimedResult extends CliResult {
	wallMs: number;
	/** performance.now() when the process had exited. */
	endedAt: number;
}

/** Runs the built binary with the short deadline; measures its wall time; kills it after 30 s. */
export function runTimed(args: string[], configDir: string): Promise<TimedResult> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, [cliPath, ...args], {
			env: {...process.env, TOKENTOP_CONFIG_DIR: configDir, NO_COLOR: '1', TOKENTOP_HTTP_TIMEOUT_MS: String(timeoutMs)},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			const endedAt = performance.now();
			resolve({code, stdout, stderr, wallMs: endedAt - started, endedAt});
		});
	});
}

/** The reset time shows in the message as a clock time (local or UTC) or as a wait of about `seconds`. */
export function mentionsResetTime(message: string, resetAt: number): boolean {
	const seconds = Math.round((resetAt - Date.now()) / 1000);
	const renderings: string[] = [];
	for (const shift of [-60_000, 0, 60_000]) {
		const date = new Date(resetAt + shift);
		const pad = (value: number) => String(value).padStart(2, '0');
		renderings.push(`${pad(date.getHours())}:${pad(date.getMinutes())}`, `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`);
	}
	const minutes = Math.round(seconds / 60);
	for (const value of [minutes - 1, minutes, minutes + 1]) renderings.push(`${value}m`, `${value} min`);
	for (const value of [seconds - 2, seconds - 1, seconds]) renderings.push(`${value} s`, `${value}s`);
	return renderings.some(rendering => message.includes(rendering));
}

/** The timeout cases mostly wait: four at a time keep two cores busy without starving the deadlines. */
export const describeOptions = {concurrency: 4};
