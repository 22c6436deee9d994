/**
 * The default account, for commands run without NAME (`token`, `exec`, `fetch`): the
 * TOKENTOP_ACCOUNT environment variable (for a shell or a directory, e.g. with direnv), else
 * the name `tokentop use NAME` stored in the config folder's `default-account` file. The file
 * holds one name and a newline; it is written atomically (temp file, fsync, rename) with mode
 * 0600, apart from the store's own files.
 */
import {closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs';
import path from 'node:path';

export const defaultAccountFileName = 'default-account';
export const defaultAccountVariable = 'TOKENTOP_ACCOUNT';

export type DefaultRule = 'environment' | 'stored';

export interface DefaultChoice {
	name: string;
	rule: DefaultRule;
	/** The stored default that TOKENTOP_ACCOUNT overrides, if there is one. */
	overrides?: string;
}

export function defaultAccountFile(configDir: string): string {
	return path.join(configDir, defaultAccountFileName);
}

/** The name `tokentop use` stored, if any. */
export function storedDefault(configDir: string): string | undefined {
	try {
		return readFileSync(defaultAccountFile(configDir), 'utf8').replace(/\n$/, '') || undefined;
	} catch (error) {
		if ((error as {code?: string}).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** Which account a command without NAME works on, and by which rule; undefined when none is set. */
export function defaultAccountChoice(configDir: string, env: NodeJS.ProcessEnv): DefaultChoice | undefined {
	const stored = storedDefault(configDir);
	const fromEnvironment = env[defaultAccountVariable];
	if (fromEnvironment) return {name: fromEnvironment, rule: 'environment', ...(stored !== undefined && stored !== fromEnvironment ? {overrides: stored} : {})};
	return stored === undefined ? undefined : {name: stored, rule: 'stored'};
}

export function describeDefaultRule(rule: DefaultRule): string {
	return rule === 'environment' ? `from ${defaultAccountVariable}` : 'set with tokentop use';
}

/** "alpha (from TOKENTOP_ACCOUNT, which overrides beta set with tokentop use)". */
export function describeDefaultChoice(choice: DefaultChoice): string {
	const why = choice.overrides === undefined ? describeDefaultRule(choice.rule) : `${describeDefaultRule(choice.rule)}, which overrides ${choice.overrides} set with tokentop use`;
	return `${choice.name} (${why})`;
}

/** Stores `name` as the default: a whole new file or none, never half of one. */
export function storeDefault(configDir: string, name: string): void {
	const file = defaultAccountFile(configDir);
	const temporary = `${file}.${process.pid}.tmp`;
	rmSync(temporary, {force: true});
	const fd = openSync(temporary, 'wx', 0o600);
	try {
		writeSync(fd, `${name}\n`);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	renameSync(temporary, file);
	syncFolder(configDir);
}

export function clearStoredDefault(configDir: string): void {
	rmSync(defaultAccountFile(configDir), {force: true});
	syncFolder(configDir);
}

/** The rename (or removal) itself survives a crash only once the folder is synced. */
function syncFolder(folder: string): void {
	const fd = openSync(folder, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}
