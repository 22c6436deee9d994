/** `tokentop login KIND …`: logs in to a new account and stores it. */
import type {Account} from '../services/account.js';
import {accessExpiresAt, canReloginUnattended, identityOf, needsNoAuth} from '../services/account.js';
import {ServiceError, exitCodes, isServiceError} from '../services/errors.js';
import type {AccountKind, LoginRequest} from '../services/kind.js';
import {isKindId, kindById, kindIds, kindOf, kinds} from '../services/kinds.js';
import {formatCountdown} from '../rules/time-format.js';
import {type CommandContext, say} from './context.js';
import {loginExamples, loginUsage} from './login-usage.js';
import {type ParsedLine, flag, stringOption} from './parse.js';
import {promptHidden, readSecretFromStdin} from './prompt.js';

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const [service, ...rest] = line.positionals;
	if (service === undefined || !isKindId(service)) {
		throw new ServiceError('usage', service ? `Unknown service "${service}": use ${kindIds.join(' or ')}` : `Which service? ${loginExamples().join(' | ')}`);
	}
	const kind = kindById(service);
	const form = kind.login;
	if (rest.length !== form.commandArguments.length) throw new ServiceError('usage', `Usage: tokentop ${loginUsage(kind)}`);
	checkLoginFlags(line, kind);
	const positional = Object.fromEntries(form.commandArguments.map((name, index) => [name, rest[index]!]));
	const identifier = positional.IDENTIFIER ?? positional.USER!;
	const remember = stringOption(line, 'remember-password') as 'keyring' | 'plaintext' | undefined;
	if (remember === 'keyring' && !(await (await import('../services/password-vault.js')).keyringAvailable())) {
		throw new ServiceError('usage', 'No OS keyring is reachable here; --remember-password plaintext keeps it in the 0600 config file instead (your explicit choice)');
	}
	const password = await askPassword(context, line, `Password for ${identifier}: `);
	const request: LoginRequest = {
		service,
		url: positional.URL ?? stringOption(line, 'service') ?? form.defaultUrl,
		identifier,
		password,
		name: stringOption(line, 'name'),
		authFactorToken: stringOption(line, 'auth-factor'),
		...(form.remembersPassword ? {rememberPassword: remember ?? 'none'} : {}),
		insecure: context.insecure,
	};
	const {login} = await import('../services/sessions.js');
	let account;
	try {
		account = await login(context.store, request);
	} catch (error) {
		// Email 2FA: ask for the code on a terminal, else tell the script how to pass it.
		if (!isServiceError(error) || error.kind !== 'auth-factor-required' || request.authFactorToken || !context.stdin.isTTY || flag(line, 'password-stdin')) throw error;
		say(context.stderr, error.message);
		const code = await promptHidden('Sign-in code from the email: ', context.stdin);
		account = await login(context.store, {...request, authFactorToken: code.trim()});
	}
	const did = kindOf(account).did(account);
	const validity = needsNoAuth(account) ? 'the server needs no authentication' : `access token valid ${formatCountdown(accessExpiresAt(account) - context.clock())}`;
	say(context.stdout, `Logged in as ${identityOf(account)}${did ? ` (${did})` : ''} at ${account.url} — saved as "${account.name}", ${validity}`);
	if (request.rememberPassword === 'plaintext' && canReloginUnattended(account)) say(context.stderr, `Note: the password is stored in plain text in ${context.store.path} (mode 0600)`);
	return exitCodes.ok;
}

/** Options that mean nothing for this kind are refused, naming the kinds they are for. */
function checkLoginFlags(line: ParsedLine, kind: AccountKind<Account>): void {
	const refuse = (option: string, fits: (candidate: AccountKind<Account>) => boolean) => {
		if (line.values[option] === undefined || fits(kind)) return;
		const forKinds = kinds.filter(candidate => fits(candidate as unknown as AccountKind<Account>)).map(candidate => candidate.id);
		throw new ServiceError('usage', `--${option} is for ${forKinds.join(' and ')} accounts, not ${kind.id}`);
	};
	refuse('service', candidate => !candidate.login.commandArguments.includes('URL'));
	refuse('auth-factor', candidate => candidate.login.asksForSignInCode);
	refuse('remember-password', candidate => candidate.login.remembersPassword);
}

async function askPassword(context: CommandContext, line: ParsedLine, question: string): Promise<string> {
	if (flag(line, 'password-stdin')) return readSecretFromStdin(context.stdin);
	return promptHidden(question, context.stdin);
}
