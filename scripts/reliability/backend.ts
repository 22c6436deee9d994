/** What the fleet needs from each kind of server behind it: log accounts in, and judge a stored credential. */
import type {Account} from '../../source/services/account.js';

export type FleetService = 'zettelstore' | 'bluesky';
export const allServices: FleetService[] = ['zettelstore', 'bluesky'];

export interface Verdict {
	ok: boolean;
	/** Why not, one line, no secret. */
	reason?: string;
	/** Accepted only thanks to the refresh-token grace: the server rotated it already (Bluesky). */
	inGrace?: boolean;
}

export interface VerifyOptions {
	/**
	 * Ask the server for real even when that uses the credential up (Bluesky refreshSession
	 * rotates the stored token): only for the very last check of a fleet.
	 */
	consume?: boolean;
}

export interface ServiceBackend {
	service: FleetService;
	/** Logs `count` accounts in; returns them ready to store. */
	login(count: number, prefix: string): Promise<Account[]>;
	/** Asks the server whether the stored credential still works. */
	verify(account: Account, options: VerifyOptions): Promise<Verdict>;
	/** Called between runs (no tokentop running): e.g. moves a server clock. */
	beforeRound(round: number): void;
	/** Requests the server has seen so far (any kind). */
	requests(): number;
	/** Asks the server whether an access token handed out (e.g. by `tokentop token`) works. */
	verifyAccess(token: string): Promise<Verdict>;
	/** Refreshes that presented a refresh token the server had rotated already (saved only by the grace). */
	graceReuses(): number;
	close(): Promise<void>;
}
