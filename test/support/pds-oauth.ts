/**
 * Test knobs for the real PDS's OAuth provider (protocols.md §3): a shorter access-token life
 * (in-process), and the `token` rows of <dataDirectory>/account.sqlite — how many sessions an
 * account has, and moving a session's dates into the past to reach its 14-day limits.
 */
import {createRequire} from 'node:module';
import path from 'node:path';
import type {TestPds} from './pds.js';

/** The part of better-sqlite3 used here (it comes with the PDS; it has no types installed). */
interface SqliteDatabase {
	prepare(sql: string): {run(...parameters: unknown[]): {changes: number}; get(...parameters: unknown[]): unknown};
	pragma(text: string): unknown;
	close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => SqliteDatabase;

/** Access tokens issued from now on live this long (ms); the PDS's default is an hour. */
export function setAccessTokenMaxAge(pds: TestPds, ms: number): void {
	const provider = pds.pds.ctx.oauthProvider;
	if (provider === undefined) throw new Error('the PDS runs without its OAuth provider');
	(provider.tokenManager as unknown as {tokenMaxAge: number}).tokenMaxAge = ms;
}

export const defaultAccessTokenMaxAgeMs = 60 * 60 * 1000;

function withAccountDb<T>(pds: TestPds, use: (db: SqliteDatabase) => T): T {
	const db = new Database(path.join(pds.dataDirectory, 'account.sqlite'));
	try {
		// The PDS writes to the same file from its own connection.
		db.pragma('busy_timeout = 2000');
		return use(db);
	} finally {
		db.close();
	}
}

/** The OAuth sessions (token rows) the server holds for this account. */
export function oauthSessionCount(pds: TestPds, did: string): number {
	return withAccountDb(pds, (db) => (db.prepare('SELECT count(*) AS n FROM token WHERE did = ?').get(did) as {n: number}).n);
}

/** Whether the server still holds the session whose current refresh token this is. */
export function holdsOAuthSession(pds: TestPds, refreshToken: string): boolean {
	return withAccountDb(pds, (db) => db.prepare('SELECT 1 FROM token WHERE currentRefreshToken = ?').get(refreshToken) !== undefined);
}

/** Moves one session into the past: created (first sign-in) and updated (last refresh) that long ago. */
export function ageOAuthSession(pds: TestPds, refreshToken: string, ago: {createdMs: number; updatedMs: number}): void {
	const changed = withAccountDb(pds, (db) =>
		db
			.prepare('UPDATE token SET createdAt = ?, updatedAt = ? WHERE currentRefreshToken = ?')
			.run(new Date(Date.now() - ago.createdMs).toISOString(), new Date(Date.now() - ago.updatedMs).toISOString(), refreshToken).changes,
	);
	if (changed !== 1) throw new Error('no such OAuth session to age');
}
