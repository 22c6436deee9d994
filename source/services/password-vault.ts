/**
 * Remembering a Zettelstore password in the system keyring (opt-in; the caller asks first and
 * handles any plaintext fallback). Uses @napi-rs/keyring's AsyncEntry, whose calls run off the
 * main thread and are raced against a deadline: a keyring daemon that never answers (D-Bus
 * without a Secret Service, a locked collection waiting for a prompt) must not hang the app.
 */
import {AsyncEntry} from '@napi-rs/keyring';
import {ServiceError} from './errors.js';

export const keyringService = 'tokentop';
/** Keyring calls normally take milliseconds; past this the keyring counts as unavailable. */
export const keyringTimeoutMs = 3000;

class KeyringTimeout extends Error {
	override readonly name = 'KeyringTimeout';
}

/** Runs one keyring call with a deadline; the call is aborted when the deadline passes. */
async function withDeadline<T>(call: (signal: AbortSignal) => Promise<T>, timeoutMs = keyringTimeoutMs): Promise<T> {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			controller.abort();
			reject(new KeyringTimeout(`the keyring did not answer within ${timeoutMs / 1000} s`));
		}, timeoutMs);
		// A pending deadline alone must not keep the process alive.
		timer.unref();
	});
	try {
		return await Promise.race([call(controller.signal), deadline]);
	} finally {
		clearTimeout(timer);
	}
}

function entryFor(accountId: string): AsyncEntry {
	return new AsyncEntry(keyringService, `zettelstore:${accountId}`);
}

/** Whether a keyring is there and works: a full set/get/delete round-trip of a probe entry. */
export async function keyringAvailable(timeoutMs = keyringTimeoutMs): Promise<boolean> {
	const probeValue = `probe-${process.pid}-${Date.now()}`;
	let entry: AsyncEntry;
	try {
		entry = new AsyncEntry(keyringService, `probe-${process.pid}`);
	} catch {
		return false;
	}
	try {
		await withDeadline(signal => entry.setPassword(probeValue, signal), timeoutMs);
		// Some back-ends accept a write and keep nothing: only reading it back proves it works.
		const readBack = await withDeadline(signal => entry.getPassword(signal), timeoutMs);
		if (readBack !== probeValue) return false;
		await withDeadline(signal => entry.deleteCredential(signal), timeoutMs);
		return true;
	} catch {
		return false;
	}
}

/** Stores the password; throws an Error (without the password) when the keyring refuses. */
export async function saveToKeyring(accountId: string, password: string): Promise<void> {
	try {
		await withDeadline(signal => entryFor(accountId).setPassword(password, signal));
	} catch (error) {
		throw new ServiceError('usage', `Could not store the password in the system keyring (${reasonOf(error)}); keep it in plain text in the 0600 store instead, or not at all`);
	}
}

/** The stored password, or undefined when there is none or the keyring cannot be read. */
export async function loadFromKeyring(accountId: string): Promise<string | undefined> {
	try {
		const password = await withDeadline(signal => entryFor(accountId).getPassword(signal));
		return typeof password === 'string' ? password : undefined;
	} catch {
		return undefined;
	}
}

/** Removes the stored password; true if one was removed. Never throws. */
export async function deleteFromKeyring(accountId: string): Promise<boolean> {
	try {
		return await withDeadline(signal => entryFor(accountId).deleteCredential(signal));
	} catch {
		return false;
	}
}

/** The first line of a keyring error (its later lines are a native backtrace). */
function reasonOf(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return (text.split('\n')[0] ?? 'unknown error').replace(/^Error:\s*/, '').slice(0, 200);
}
