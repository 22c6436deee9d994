/**
 * The shapes `tokentop token --format` prints a token in. Pure text: the token goes to stdout,
 * never into an argument list (`curl -K -` reads its config from standard input).
 */
import {shellWord} from './shell-words.js';

export const tokenFormats = ['raw', 'json', 'curl', 'env', 'exec-credential'] as const;
export type TokenFormat = (typeof tokenFormats)[number];

export interface TokenFacts {
	token: string;
	/** The Authorization scheme, e.g. "Bearer". */
	type: string;
	expiresAt: number;
	/** The account's name in tokentop. */
	account: string;
	service: string;
	/** Where the token is used: the account's own API. */
	url: string;
}

/** The environment a command gets from `tokentop exec` (and `--format env`), token first. */
export function tokenEnvironment(facts: TokenFacts, tokenVariable = 'TOKENTOP_TOKEN'): Record<string, string> {
	return {[tokenVariable]: facts.token, TOKENTOP_ACCOUNT: facts.account, TOKENTOP_URL: facts.url};
}

export function formatToken(format: TokenFormat, facts: TokenFacts): string {
	switch (format) {
		case 'raw':
			return `${facts.token}\n`;
		case 'json':
			return `${JSON.stringify({token: facts.token, type: facts.type, expiresAt: new Date(facts.expiresAt).toISOString(), account: facts.account, service: facts.service, url: facts.url}, null, 2)}\n`;
		case 'curl':
			// A curl config file: one option per line, the value in double quotes with \ and " escaped.
			return `header = "${`Authorization: ${facts.type} ${facts.token}`.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"\n`;
		case 'env':
			return Object.entries(tokenEnvironment(facts))
				.map(([name, value]) => `export ${name}=${shellWord(value)}\n`)
				.join('');
		case 'exec-credential':
			return `${JSON.stringify(execCredential(facts), null, 2)}\n`;
	}
}

/** A Kubernetes client-go exec plugin answer (client.authentication.k8s.io/v1). */
function execCredential(facts: TokenFacts) {
	return {
		apiVersion: 'client.authentication.k8s.io/v1',
		kind: 'ExecCredential',
		// RFC 3339 in whole seconds, rounded down: the client renews a moment early, never late.
		status: {token: facts.token, expirationTimestamp: new Date(Math.floor(facts.expiresAt / 1000) * 1000).toISOString().replace('.000Z', 'Z')},
	};
}
