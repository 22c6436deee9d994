/** How `tokentop login` is called for each kind of account: for usage lines, help and hints. */
import type {Account} from '../services/account.js';
import type {AccountKind} from '../services/kind.js';
import {kinds} from '../services/kinds.js';

export function loginUsage(kind: AccountKind<Account>): string {
	const form = kind.login;
	const flags = ['[--name NAME]', '[--password-stdin]'];
	if (!form.commandArguments.includes('URL')) flags.unshift('[--service URL]');
	if (form.asksForSignInCode) flags.push('[--auth-factor CODE]');
	if (form.remembersPassword) flags.push('[--remember-password keyring|plaintext]');
	return `login ${kind.id} ${form.commandArguments.join(' ')} ${flags.join(' ')}`;
}

export function loginUsages(): string[] {
	return kinds.map(kind => loginUsage(kind as unknown as AccountKind<Account>));
}

export function loginExamples(): string[] {
	return kinds.map(kind => `tokentop login ${kind.id} ${kind.login.commandArguments.join(' ')}`);
}
