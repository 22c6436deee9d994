/** Where the store lives: --config-dir, then TOKENTOP_CONFIG_DIR, then the per-user config folder. */
import {homedir} from 'node:os';
import path from 'node:path';

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
	// The folders env-paths picks for projectName "tokentop" with no suffix (where tokentop kept its store when `conf` wrote it).
	const home = homedir();
	if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'tokentop');
	if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'tokentop', 'Config');
	return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'tokentop');
}

export function resolveConfigDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
	const chosen = flag ?? env.TOKENTOP_CONFIG_DIR;
	return chosen ? path.resolve(chosen) : defaultConfigDir(env);
}
