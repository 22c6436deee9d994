/**
 * The newest DPoP-Nonce each server sent, by origin. Servers refuse a proof without a recent
 * nonce (use_dpop_nonce); keeping the book in the store lets a one-shot process (`fetch`,
 * `header`) start with a nonce instead of paying a refused request first. Nonces are not
 * secrets: they are public values the server hands to anyone.
 */

export interface NonceEntry {
	nonce: string;
	/** Local time the server sent it (epoch ms). */
	seenAt: number;
}

export type NonceRecord = Record<string, NonceEntry>;

/** Servers rotate every 60 s and accept a nonce for 2–3 min: older ones only cost a retry. */
const nonceFreshForMs = 2 * 60 * 1000;

export class NonceBook {
	private readonly entries = new Map<string, NonceEntry>();
	private changed = false;

	/** A book from what the store kept; malformed entries are dropped. */
	static from(record: unknown): NonceBook {
		const book = new NonceBook();
		if (typeof record !== 'object' || record === null) return book;
		for (const [origin, entry] of Object.entries(record as Record<string, unknown>)) {
			const {nonce, seenAt} = (entry ?? {}) as Partial<NonceEntry>;
			if (typeof nonce === 'string' && nonce !== '' && typeof seenAt === 'number' && Number.isFinite(seenAt)) {
				book.entries.set(origin, {nonce, seenAt});
			}
		}
		return book;
	}

	/** The nonce to put into the next proof for this URL's server, if one is known. */
	nonceFor(url: string): string | undefined {
		return this.entries.get(originOf(url))?.nonce;
	}

	/** Whether the book holds a nonce for this server young enough to be accepted. */
	hasFreshNonce(url: string, now = Date.now()): boolean {
		const entry = this.entries.get(originOf(url));
		return entry !== undefined && now - entry.seenAt < nonceFreshForMs;
	}

	/** Keeps the nonce of an answer's DPoP-Nonce header; gives it back (undefined when none). */
	remember(url: string, headers: Record<string, string | string[] | undefined>, seenAt = Date.now()): string | undefined {
		const header = headers['dpop-nonce'];
		const nonce = Array.isArray(header) ? header[0] : header;
		if (typeof nonce !== 'string' || nonce === '') return undefined;
		const origin = originOf(url);
		if (this.entries.get(origin)?.nonce !== nonce) this.changed = true;
		this.entries.set(origin, {nonce, seenAt});
		return nonce;
	}

	/** Whether a nonce arrived since the last `markSaved`: the store should keep the book. */
	get hasChanges(): boolean {
		return this.changed;
	}

	markSaved(): void {
		this.changed = false;
	}

	toJSON(): NonceRecord {
		return Object.fromEntries(this.entries);
	}
}

function originOf(url: string): string {
	return new URL(url).origin;
}
