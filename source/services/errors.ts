/**
 * Typed failures of the services. Every message is one line and never contains a
 * token or a password: callers may print `message` as it is.
 */

export type FailureKind =
	/** The server refused the login (wrong identifier or password; OAuth: consent refused, another account). */
	| 'bad-credentials'
	/** Bluesky email 2FA: the server sent a sign-in code, ask for it. */
	| 'auth-factor-required'
	/** The stored credential was rejected (expired, revoked, invalid): log in again. */
	| 'needs-login'
	| 'account-takedown'
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
	| 'usage';

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
	return isServiceError(error) && (error.kind === 'needs-login' || error.kind === 'account-takedown');
}

/** Documented exit codes of the plain commands. */
export const exitCodes = {
	ok: 0,
	other: 1,
	usage: 2,
	needsLogin: 3,
	network: 4,
} as const;

export function exitCodeFor(error: unknown): number {
	if (!isServiceError(error)) return exitCodes.other;
	switch (error.kind) {
		case 'usage':
		case 'refused':
			return exitCodes.usage;
		case 'bad-credentials':
		case 'auth-factor-required':
		case 'needs-login':
		case 'account-takedown':
			return exitCodes.needsLogin;
		case 'network':
		case 'server':
		case 'rate-limited':
		case 'bad-answer':
			return exitCodes.network;
	}
}

/** Errors whose messages are written for the user and hold no secret. */
const userFacingErrors = new Set(['ServiceError', 'ConfigError', 'LockTimeoutError']);

/** One line for the user; never a stack trace, never a secret. */
export function describeError(error: unknown): string {
	if (error instanceof Error && userFacingErrors.has(error.name)) return error.message;
	const code = (error as {code?: unknown})?.code;
	if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `System error ${code}${(error as {path?: string}).path ? ` on ${(error as {path?: string}).path}` : ''}`;
	return `Unexpected error${error instanceof Error ? ` (${error.name})` : ''}`;
}
