/**
 * Builds a bench helper (a child-process entry) the way scripts/build.mjs builds the bin:
 * one ES module with its dependencies, React in production mode, Ink's faster drawing. So a
 * helper runs our code exactly as the installed `tokentop` does, without a TS runner.
 */
import {build} from 'esbuild';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {bundleOptions} from '../build-options.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Inside the repo so external imports resolve to its node_modules; git-ignored. */
export const bundleDir = path.join(repoRoot, '.tmp', 'bench');

/** Bundles `entry` (relative to scripts/bench) and returns the path of the .js file. */
export async function bundleHelper(entry: string): Promise<string> {
	mkdirSync(bundleDir, {recursive: true});
	const outfile = path.join(bundleDir, `${path.basename(entry).replace(/\.tsx?$/, '')}.js`);
	await build({...bundleOptions(), entryPoints: [path.join(import.meta.dirname, entry)], outfile});
	return outfile;
}
