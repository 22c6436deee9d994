/**
 * Servers (or anything else with a close) that the tests of one describe block share: started
 * before its first test, closed after its last. Call inside the describe callback; read the
 * value inside a test or hook, where it has been started.
 */
import {after, before} from 'node:test';
import {startZettelstoreStandIn, type ZettelstoreStandIn, type ZettelstoreStandInOptions} from '../../source/standins/zettelstore-server.js';

export function sharedBySuite<T extends {close(): unknown}>(start: () => Promise<T>): () => T {
	let value: T | undefined;
	before(async () => {
		value = await start();
	});
	after(async () => {
		await value?.close();
	});
	return () => {
		if (value === undefined) throw new Error('read a suite server inside a test or hook, after it started');
		return value;
	};
}

/** The stand-in most suites need: one user, owner/pw, answering at once, with 10-minute tokens. */
export const ownerStandIn: ZettelstoreStandInOptions = {users: {owner: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 600};

export function zettelstoreForSuite(options: ZettelstoreStandInOptions = ownerStandIn): () => ZettelstoreStandIn {
	return sharedBySuite(() => startZettelstoreStandIn(options));
}
