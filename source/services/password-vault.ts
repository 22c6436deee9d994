/**
 * Remembering a Zettelstore password in the system keyring (opt-in; the caller asks first and
 * handles any plaintext fallback). Uses @napi-rs/keyring's async calls, which run off the main
 * thread and are raced against a deadline: a keyring daemon that never answers (D-Bus without a
 * Secret Service, a locked collection waiting for a prompt) must not hang the app.
 *
 * Trap: with no Secret Service on Linux, an Entry silently falls back to the kernel keyring,
 * which may accept the write and forget it at logout or reboot. findCredentials never falls back,
 * so on Linux it is the test for a real keyring, before a write and again to read the write back.
 * Elsewhere an Entry has no fallback, and findCredentials (which reads every tokentop item, one
 * Keychain access each on macOS) is not needed: a fresh Entry reads the write back.
 */
import {AsyncEntry, type Credential, findCredentialsAsync} from '@napi-rs/keyring';
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

/** The keyring user name of an account's entry. */
function keyringUser(accountId: string): string {
	return `zettelstore:${accountId}`;
}

function entryFor(accountId: string): AsyncEntry {
	return new AsyncEntry(keyringService, keyringUser(accountId));
}

/** Only there does an Entry quietly fall back (to the kernel keyring) instead of failing. */
const entriesMayFallBack = process.platform === 'linux';

/** tokentop's entries in the real keyring; throws when none is reachable, locked or silent. */
function storedCredentials(): Promise<Credential[]> {
	return withDeadline(signal => findCredentialsAsync(keyringService, undefined, signal));
}

/** Why no real keyring can be used here (one line), or undefined when one answers. */
export async function keyringProblem(): Promise<string | undefined> {
	if (!entriesMayFallBack) return undefined;
	try {
		await storedCredentials();
		return undefined;
	} catch (error) {
		return reasonOf(error);
	}
}

function keyringFailure(reason: string): ServiceError {
	return new ServiceError('keyring', `Could not store the password in the system keyring (${reason}), nothing was stored: keep it in plain text in the 0600 config file instead, or do not remember it`);
}

/**
 * Stores the password and proves it reached the real keyring; throws a 'keyring' ServiceError
 * (without the password) otherwise, leaving nothing behind.
 */
export async function saveToKeyring(accountId: string, password: string): Promise<void> {
	const problem = await keyringProblem();
	if (problem) throw keyringFailure(problem);
	try {
		await withDeadline(signal => entryFor(accountId).setPassword(password, signal));
	} catch (error) {
		throw keyringFailure(reasonOf(error));
	}
	if (await readsBack(accountId, password)) return;
	// The write landed somewhere else (the keyring went away meanwhile): take it back.
	await deleteFromKeyring(accountId);
	throw keyringFailure('the password could not be read back from it');
}

/** Whether the real keyring now holds exactly this password for the account. */
async function readsBack(accountId: string, password: string): Promise<boolean> {
	try {
		if (!entriesMayFallBack) return (await withDeadline(signal => entryFor(accountId).getPassword(signal))) === password;
		const stored = await storedCredentials();
		return stored.some(credential => credential.account === keyringUser(accountId) && credential.password === password);
	} catch {
		return false;
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
