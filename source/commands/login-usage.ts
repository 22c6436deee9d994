/** How `tokentop login` is called for each kind of account: for usage lines, help and hints. */
import type {Account} from '../services/account.js';
import type {AccountKind} from '../services/kind.js';
import {kinds} from '../services/kinds.js';

export function loginUsage(kind: AccountKind<Account>): string {
	const form = kind.login;
	const flags = form.method === 'browser' ? ['[--name NAME]', '[--no-browser]', '[--scope S]', '[--timeout SECONDS]'] : ['[--name NAME]', '[--password-stdin]'];
	if (!form.commandArguments.includes('URL')) flags.unshift('[--service URL]');
	if (form.asksForSignInCode) flags.push('[--auth-factor CODE]');
	if (form.remembersPassword) flags.push('[--remember-password keyring|plaintext]');
	const selector = form.selectedBy ? ` --${form.selectedBy.flag}` : '';
	return `login ${form.selectedBy?.command ?? kind.id} ${form.commandArguments.join(' ')}${selector} ${flags.join(' ')}`;
}

export function loginUsages(): string[] {
	return kinds.map(kind => loginUsage(kind as unknown as AccountKind<Account>));
}

export function loginExamples(): string[] {
	return kinds.map(kind => `tokentop login ${kind.login.selectedBy?.command ?? kind.id} ${kind.login.commandArguments.join(' ')}${kind.login.selectedBy ? ` --${kind.login.selectedBy.flag}` : ''}`);
}
