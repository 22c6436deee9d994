/** Wording for the detail pane: pure, so it is tested without rendering. */
import type {PasswordMemory, ZettelstoreTokenClaims} from '../../services/account.js';

export function passwordMemoryText(memory: PasswordMemory): string {
	switch (memory) {
		case 'keyring':
			return 'password in keyring';
		case 'plaintext':
			return 'password stored in plain text';
		case 'none':
			return 'password not kept (asked when needed)';
	}
}

export function tokenKindText(claims: ZettelstoreTokenClaims | undefined): string {
	if (!claims) return 'unknown';
	const kind = claims.kind === 1 ? 'API token' : claims.kind === 2 ? 'web UI token' : claims.kind === undefined ? 'token' : `kind ${claims.kind}`;
	const format = {sexpr: 's-expression claim', jwt: 'JWT', opaque: 'opaque'}[claims.format];
	return `${kind}, ${format}`;
}

/** Splits a revealed token into lines of the pane's width, so it never wraps past the pane. */
export function chunkText(text: string, width: number): string[] {
	const size = Math.max(1, width);
	const chunks: string[] = [];
	for (let start = 0; start < text.length; start += size) chunks.push(text.slice(start, start + size));
	return chunks;
}
