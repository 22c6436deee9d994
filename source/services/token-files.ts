/**
 * Token files for programs that read a credential from a file (`keep-alive --write-token
 * NAME=PATH`): PATH holds the account's current access token — exactly the token, no newline —
 * rewritten atomically with mode 0600 whenever it changes, and emptied when there is no token
 * to hand out (the account needs a login, was removed, or its token expired).
 */
import type {Account} from './account.js';
import {accessExpiresAt, accessTokenOf, isUsable, needsNoAuth} from './account.js';
import {writeFileAtomically} from './atomic-file.js';
import {describeError} from './errors.js';

export interface TokenFile {
	/** The account's name. */
	name: string;
	/** Absolute path. */
	path: string;
}

export class TokenFiles {
	/** What each file holds now, as far as this process wrote it. */
	private readonly written = new Map<string, string>();
	/** The last failure per file, so that one is told once. */
	private readonly failures = new Map<string, string>();
	private byName = new Map<string, Account>();

	constructor(
		private readonly files: readonly TokenFile[],
		private readonly onFailure: (file: TokenFile, message: string) => void,
	) {}

	/** Brings every file up to date with the accounts as just read. */
	update(accounts: readonly Account[], now: number): void {
		if (this.files.length === 0) return;
		this.byName = new Map(accounts.map(account => [account.name, account]));
		this.refresh(now);
	}

	/** Empties the files whose token has expired meanwhile (call at nextExpiry, and now and then). */
	refresh(now: number): void {
		for (const file of this.files) {
			const content = tokenToHandOut(this.byName.get(file.name), now);
			if (this.written.get(file.path) === content) continue;
			try {
				writeFileAtomically(file.path, content);
				this.written.set(file.path, content);
				this.failures.delete(file.path);
			} catch (error) {
				const message = describeError(error);
				if (this.failures.get(file.path) !== message) this.onFailure(file, message);
				this.failures.set(file.path, message);
			}
		}
	}

	/** When the next file's token expires after `now` (it must be emptied then), if any will. */
	nextExpiry(now: number): number | undefined {
		let next: number | undefined;
		for (const file of this.files) {
			const account = this.byName.get(file.name);
			if (!account || !isUsable(account) || needsNoAuth(account)) continue;
			const expiresAt = accessExpiresAt(account);
			if (expiresAt > now && (next === undefined || expiresAt < next)) next = expiresAt;
		}
		return next;
	}
}

/** The access token when it may be used now; '' otherwise. */
function tokenToHandOut(account: Account | undefined, now: number): string {
	if (!account || !isUsable(account)) return '';
	if (!needsNoAuth(account) && accessExpiresAt(account) <= now) return '';
	return accessTokenOf(account);
}
