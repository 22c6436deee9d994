/**
 * The store holds access tokens: its folders are 0700 and its files 0600. A looser existing
 * one is tightened, with a notice for the user. Whether the store can be written is checked
 * before anything is sent to a server, so a read-only store fails before a token is rotated.
 */
import {accessSync, chmodSync, constants, existsSync, mkdirSync, statSync} from 'node:fs';
import {asStorageFailure, systemFailureReason} from '../errors.js';

export const privateFolderMode = 0o700;
export const privateFileMode = 0o600;

/** Makes the folder (and missing parents), 0700, unless it is there. */
export function createPrivateFolder(dir: string): void {
	if (existsSync(dir)) return;
	try {
		mkdirSync(dir, {recursive: true, mode: privateFolderMode});
	} catch (error) {
		throw asStorageFailure(error, `Cannot create ${dir}`);
	}
}

/** Takes group and other permissions away from an existing file or folder; says so in `notices`. */
export function tighten(target: string, notices: string[]): void {
	let stats;
	try {
		stats = statSync(target, {throwIfNoEntry: false});
	} catch {
		// Not even visible to us: reading the store will say why.
		return;
	}
	if (!stats) return;
	const mode = stats.mode & 0o777;
	if (!(mode & 0o077)) return;
	// A shared folder such as /tmp (sticky bit) is not ours to close: say so instead.
	if (stats.isDirectory() && stats.mode & 0o1000) {
		notices.push(`${target} is a shared folder (0${(stats.mode & 0o7777).toString(8)}): tokens kept there are only as safe as its files; use a folder of your own`);
		return;
	}
	const wanted = stats.isDirectory() ? privateFolderMode : privateFileMode;
	const from = `0${mode.toString(8)}`;
	const to = `0${wanted.toString(8)}`;
	try {
		chmodSync(target, wanted);
		notices.push(`Tightened ${target} from ${from} to ${to} (it holds access tokens)`);
	} catch (error) {
		notices.push(`${target} is ${from}, open to others, and could not be tightened to ${to}: ${systemFailureReason(error)}`);
	}
}

/** Throws a 'storage' failure naming the first of `targets` that exists and cannot be written. */
export function checkWritable(targets: string[]): void {
	for (const target of targets) {
		if (!existsSync(target)) continue;
		try {
			accessSync(target, constants.W_OK);
		} catch (error) {
			throw asStorageFailure(error, `Cannot write to ${target}`);
		}
	}
}
