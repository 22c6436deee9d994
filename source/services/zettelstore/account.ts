/** A Zettelstore login as the store keeps it. */
import type {AccountBase, PasswordMemory} from '../account.js';
import type {LoginBudget} from '../login-budget.js';

export interface ZettelstoreTokenClaims {
	/** 1 = API token, 2 = web-UI token; from the token itself, never trusted over the returned seconds. */
	kind?: number;
	user?: string;
	issuedAt?: number;
	expiresAt?: number;
	zid?: string;
	/** Token format: s-expression claim (v0.13+) or JWT (up to v0.12). */
	format: 'sexpr' | 'jwt' | 'opaque';
}

export interface ZettelstoreAccount extends AccountBase {
	service: 'zettelstore';
	user: string;
	token: string;
	/** Receive time of the last token answer. */
	tokenReceivedAt: number;
	/** Receive time + returned seconds. */
	tokenExpiresAt: number;
	/** Seconds the server reported with the last answer. */
	reportedLifetime: number;
	/** Server has authentication disabled ("freeaccess"): nothing to renew. */
	freeAccess: boolean;
	/** Answer format of the server: s-expression (v0.12+) or JSON (v0.2–v0.11). */
	era: 'sexpr' | 'json';
	serverVersion?: string;
	claims?: ZettelstoreTokenClaims;
	passwordMemory: PasswordMemory;
	/** Only when passwordMemory is 'plaintext' (explicit consent). */
	password?: string;
	/** Token expiry at which the last automatic re-login happened: at most one per expiry. */
	reloginForExpiry?: number;
	/** The login budget, if a login answer carried ratelimit-* headers (a proxy in front of the server). */
	loginBudget?: LoginBudget;
}
