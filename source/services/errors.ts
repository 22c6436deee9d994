/**
 * Typed failures of the services. Every message is one line and never contains a
 * token or a password: callers may print `message` as it is.
 */
import {codeInWords} from './system-errors.js';

export type FailureKind =
	/** The server refused the login (wrong identifier or password; OAuth: consent refused, another account). */
	| 'bad-credentials'
	/** Bluesky email 2FA: the server sent a sign-in code, ask for it. */
	| 'auth-factor-required'
	/** The stored credential was rejected (expired, revoked, invalid): log in again. */
	| 'needs-login'
	| 'account-takedown'
	/** The account's DID now names another server, or its server says it is not active: log in where it lives now. */
	| 'identity-drift'
	| 'rate-limited'
	/** Timeout, refused connection, DNS failure, reset. Tokens are kept. */
	| 'network'
	/** 5xx or an unexpected status. Tokens are kept. */
	| 'server'
	/** The server answered 2xx but with something we cannot read. */
	| 'bad-answer'
	/** Refused locally: plain http to a non-loopback host without --insecure, bad URL. */
	| 'refused'
	/** A user mistake: unknown account, bad argument. */
	| 'usage'
	/** No usable system keyring: none reachable, locked, or it did not keep the password. */
	| 'keyring'
	/** config.json cannot be used as it is (not JSON, breaks the format, from a newer tokentop); left untouched. */
	| 'config'
	/** The file system refused the store: read-only, no permission, disk full. Nothing saved before is lost. */
	| 'storage'
	/** The config folder does not exist: only a login creates one. */
	| 'no-store'
	/** Another tokentop process held a lock for too long. */
	| 'lock-timeout'
	/** Another tokentop wrote a newer revision of the account, or removed it, meanwhile. */
	| 'changed-elsewhere';

export class ServiceError extends Error {
	override readonly name = 'ServiceError';
	constructor(
		readonly kind: FailureKind,
		message: string,
		readonly details: {
			status?: number;
			errorName?: string;
			/** The server's own words for a refusal (e.g. OAuth "Session expired"), cleaned for display. */
			reason?: string;
			resetAt?: number;
			credentialRejected?: boolean;
			backupPath?: string;
		} = {},
	) {
		super(message);
	}
}

export function isServiceError(error: unknown): error is ServiceError {
	return error instanceof ServiceError;
}

/** Whether the server clearly rejected the credential, so it may be marked as unusable. */
export function rejectsCredential(error: unknown): boolean {
	return isServiceError(error) && (error.kind === 'needs-login' || error.kind === 'account-takedown' || error.kind === 'identity-drift');
}

/** Documented exit codes of the plain commands. */
export const exitCodes = {
	ok: 0,
	other: 1,
	usage: 2,
	needsLogin: 3,
	network: 4,
	/** `fetch`: the server answered HTTP 400 or more. */
	httpError: 5,
	/** Ctrl-C at a prompt, as after SIGINT. */
	cancelled: 130,
} as const;

export function exitCodeFor(error: unknown): number {
	if (!isServiceError(error)) return exitCodes.other;
	switch (error.kind) {
		case 'usage':
		case 'refused':
		case 'no-store':
			return exitCodes.usage;
		case 'bad-credentials':
		case 'auth-factor-required':
		case 'needs-login':
		case 'account-takedown':
		case 'identity-drift':
			return exitCodes.needsLogin;
		case 'network':
		case 'server':
		case 'rate-limited':
		case 'bad-answer':
			return exitCodes.network;
		case 'keyring':
		case 'config':
		case 'storage':
		case 'lock-timeout':
		case 'changed-elsewhere':
			return exitCodes.other;
	}
}

/** One line for the user; never a stack trace, never a secret. */
export function describeError(error: unknown): string {
	if (isServiceError(error)) return error.message;
	const system = systemError(error);
	if (system) {
		const said = codeInWords(system.code);
		return `${said === system.code ? `System error ${said}` : `${said[0]!.toUpperCase()}${said.slice(1)}`}${system.path ? ` on ${system.path}` : ''}`;
	}
	return `Unexpected error${error instanceof Error ? ` (${error.name})` : ''}`;
}

/**
 * A file system refusal as a typed 'storage' failure: "`doing`: read-only file system (EROFS)",
 * then `after`. Anything that is not a system error (a typed failure, a bug) passes through.
 */
export function asStorageFailure(error: unknown, doing: string, after = ''): unknown {
	const system = systemError(error);
	return system ? new ServiceError('storage', `${doing}: ${codeInWords(system.code)}${after}`) : error;
}

/** Why a system call failed, in words with the code in parentheses: "the disk is full (ENOSPC)". */
export function systemFailureReason(error: unknown): string {
	const system = systemError(error);
	return system ? codeInWords(system.code) : 'an unexpected error';
}

function systemError(error: unknown): {code: string; path?: string} | undefined {
	const {code, path} = (error ?? {}) as {code?: unknown; path?: unknown};
	if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
	return {code, path: typeof path === 'string' ? path : undefined};
}
