// The packages the Ink patches (this folder, see MANIFEST.md) were checked against, found the
// way Node finds them: Ink from the app, every other package from the package that imports it.
// Plain JavaScript: the build reads it without a TypeScript runner.
import {existsSync, readFileSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const patchesDir = path.dirname(fileURLToPath(import.meta.url));
/** The app's folder (the one with package.json and node_modules). */
export const appRoot = path.resolve(patchesDir, '..', '..');

/**
 * Each package by its chain of importers (`ink > string-width` is the string-width Ink
 * imports) and the exact version the patches and their tests were checked against.
 */
export const checkedVersions = {
	ink: '6.8.0',
	'ink > string-width': '8.3.0',
	'ink > string-width > get-east-asian-width': '1.7.0',
	'ink > string-width > strip-ansi': '7.2.0',
	'ink > slice-ansi': '8.0.0',
	'ink > @alcalzone/ansi-tokenize': '0.2.5',
	'ink > @alcalzone/ansi-tokenize > ansi-styles': '6.2.3',
	'ink > yoga-layout': '3.2.1',
	'ink > wrap-ansi > string-width': '7.2.0',
};

/**
 * The folder of package `name` as a module in `fromDir` imports it: the first
 * node_modules/NAME going up from there (Node's lookup; exports maps do not matter here).
 */
export function findPackageDir(name, fromDir) {
	for (let dir = fromDir; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'node_modules', name);
		if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
		if (path.dirname(dir) === dir) return undefined;
	}
}

/** A package named by its chain of importers, looked up from the app at `root`: its folder and version, or undefined. */
export function locatePackage(chain, root = appRoot) {
	let dir = root;
	for (const name of chain.split(' > ')) {
		dir = findPackageDir(name, dir);
		if (dir === undefined) return undefined;
	}
	const {version} = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
	return {dir, version};
}

/**
 * Every checked package, located from `root`; throws one line naming the first that is missing
 * or not at its checked version (the bundle would then patch code nobody checked).
 */
export function locateCheckedPackages(root = appRoot) {
	const located = {};
	for (const [chain, version] of Object.entries(checkedVersions)) {
		const found = locatePackage(chain, root);
		if (found === undefined) throw new Error(`Ink patches: ${chain} is not installed (run npm install); the patches were checked against ${version}`);
		if (found.version !== version) {
			throw new Error(
				`Ink patches: installed ${chain} is ${found.version}, but the patches were checked against ${version}; install ${version} (npm ci) or re-check the patches and update source/ink-patches/manifest.mjs and MANIFEST.md`,
			);
		}
		located[chain] = found;
	}
	return located;
}

/** The absolute path of a file inside Ink's package, e.g. `build/output.js` (its exports map hides these from imports). */
export function inkFile(relativePath, root = appRoot) {
	const ink = locatePackage('ink', root);
	if (ink === undefined) throw new Error('Ink patches: ink is not installed');
	return path.join(ink.dir, relativePath);
}
