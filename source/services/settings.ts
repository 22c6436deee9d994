/**
 * Preferences kept with the store: `settings.json` in the store's folder (0600, rewritten
 * atomically), apart from config.json so that a preference never rewrites the accounts' file.
 * A missing file means the defaults; a broken one is reported and read as the defaults (a
 * preference must never stop tokentop), and is only replaced when a setting is changed.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {writeFileAtomically} from './atomic-file.js';
import {withFileLock} from './file-lock.js';

export interface Settings {
	/** Auto-refresh in the app (default on; `A` changes it). */
	autoRefresh?: boolean;
	/** A shell command the keep-alive runs when an account turns "needs login". */
	onNeedsLogin?: string;
	/** A shell command the keep-alive runs when an account's refresh token or session ends soon. */
	onSessionEnding?: string;
	/** How many days before that end the keep-alive warns (default 7). */
	sessionWarningDays?: number;
}

/** Auto-refresh is on unless someone turned it off. */
export const autoRefreshDefault = true;
export const sessionWarningDaysDefault = 7;

export function settingsPath(dir: string): string {
	return path.join(dir, 'settings.json');
}

export interface SettingsRead {
	settings: Settings;
	/** Why the file could not be used (it was then read as the defaults). */
	problem?: string;
}

export function readSettings(dir: string): SettingsRead {
	const file = settingsPath(dir);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {settings: {}};
		return {settings: {}, problem: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); using the defaults`};
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return {settings: {}, problem: `${file} is not valid JSON; using the defaults`};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return {settings: {}, problem: `${file} is not a JSON object; using the defaults`};
	const problem = settingsProblem(value as Record<string, unknown>);
	if (problem) return {settings: {}, problem: `${file}: ${problem}; using the defaults`};
	return {settings: value as Settings};
}

/** Changes some settings (undefined removes one), keeping the others and any unknown keys. */
export async function updateSettings(dir: string, change: Partial<Settings>): Promise<Settings> {
	return withFileLock(path.join(dir, 'settings.lock'), async () => {
		const file = settingsPath(dir);
		let current: Record<string, unknown> = {};
		try {
			const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
			if (typeof value === 'object' && value !== null && !Array.isArray(value)) current = value as Record<string, unknown>;
		} catch {
			// Missing or broken: start from the defaults.
		}
		const next: Record<string, unknown> = {...current, ...change};
		for (const key of Object.keys(change)) if (next[key] === undefined) delete next[key];
		const problem = settingsProblem(next);
		if (problem) throw new TypeError(`Not writing ${file}: ${problem}`);
		writeFileAtomically(file, `${JSON.stringify(next, undefined, '\t')}\n`);
		return next as Settings;
	});
}

function settingsProblem(value: Record<string, unknown>): string | undefined {
	if (value.autoRefresh !== undefined && typeof value.autoRefresh !== 'boolean') return '"autoRefresh" must be true or false';
	for (const key of ['onNeedsLogin', 'onSessionEnding'] as const) {
		if (value[key] !== undefined && typeof value[key] !== 'string') return `"${key}" must be a shell command (a string)`;
	}
	const days = value.sessionWarningDays;
	if (days !== undefined && (typeof days !== 'number' || !Number.isFinite(days) || days < 0)) return '"sessionWarningDays" must be a number of days, 0 or more';
	return undefined;
}
