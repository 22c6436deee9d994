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

/** Bundles `entry` (relative to scripts/bench) and returns the path of its .js entry file. */
export async function bundleHelper(entry: string): Promise<string> {
	const name = path.basename(entry).replace(/\.tsx?$/, '');
	// Split like the bin: Ink's dev-only devtools import stays a chunk that is never loaded.
	const outdir = path.join(bundleDir, name);
	mkdirSync(outdir, {recursive: true});
	await build({...bundleOptions(), entryPoints: {[name]: path.join(import.meta.dirname, entry)}, outdir, splitting: true});
	return path.join(outdir, `${name}.js`);
}
