/** Throw-away config folders and stores, removed when the test ends. */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {TokenStore} from '../../source/services/store/token-store.js';

export function tempConfigDir(t: {after: (fn: () => void) => void}): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'tokentop-test-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

export function openTempStore(t: {after: (fn: () => void) => void}): TokenStore {
	return TokenStore.open({dir: tempConfigDir(t)});
}
