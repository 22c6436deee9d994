/**
 * An alert command for the keep-alive's hooks that records each run: it writes its whole
 * environment to a new file in a folder, which the test then reads back.
 */
import {mkdirSync, readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';

/** The shell command: one `env` dump per run, named after the account. */
export function recordingHook(folder: string): string {
	mkdirSync(folder, {recursive: true});
	return `env > "${folder}/$TOKENTOP_ACCOUNT-$(date +%s%N)-$$.env"`;
}

/** Every run's environment, oldest first. */
export function recorded(folder: string): Array<Record<string, string>> {
	return readdirSync(folder)
		.sort()
		.map(name => Object.fromEntries(readFileSync(path.join(folder, name), 'utf8').split('\n').filter(Boolean).map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])));
}
