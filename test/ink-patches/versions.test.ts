/**
 * The Ink patches fit only the exact versions they were checked against: the installed tree has
 * them, package.json pins them, MANIFEST.md names them, and the build refuses anything else in
 * one line.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {appRoot, checkedVersions, locateCheckedPackages, locatePackage, patchesDir} from '../../source/ink-patches/manifest.mjs';
import {tempConfigDir} from '../support/temp-store.js';

const packageJson = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as {
	devDependencies: Record<string, string>;
	dependencies: Record<string, string>;
	overrides: Record<string, Record<string, string>>;
};

test('the installed packages are the checked ones, found from Ink\'s own tree', () => {
	const located = locateCheckedPackages();
	assert.deepEqual(Object.keys(located), Object.keys(checkedVersions));
	for (const [chain, {version}] of Object.entries(located)) assert.equal(version, checkedVersions[chain], chain);
	// wrap-ansi's string-width is its own, not the one Ink and the patches use.
	assert.notEqual(located['ink > wrap-ansi > string-width']!.dir, located['ink > string-width']!.dir);
});

test('package.json pins every checked package exactly: direct ones as devDependencies, the rest by overrides', () => {
	for (const [chain, version] of Object.entries(checkedVersions)) {
		const names = chain.split(' > ');
		const name = names.at(-1)!;
		const pinnedDirectly = locatePackage(name)?.dir === locatePackage(chain)?.dir;
		if (pinnedDirectly) {
			assert.equal(packageJson.devDependencies[name], version, `${chain}: devDependencies pin`);
			continue;
		}
		const parent = locatePackage(names.slice(0, -1).join(' > '))!;
		const parentName = names.at(-2)!;
		assert.equal(packageJson.overrides[`${parentName}@${parent.version}`]?.[name], version, `${chain}: overrides pin`);
	}
	assert.deepEqual(Object.keys(packageJson.dependencies), ['@napi-rs/keyring'], 'everything else is bundled');
});

test('MANIFEST.md names every checked package at its version', () => {
	const manifest = readFileSync(path.join(patchesDir, 'MANIFEST.md'), 'utf8');
	for (const [chain, version] of Object.entries(checkedVersions)) {
		assert.ok(manifest.includes(`| \`${chain}\` | ${chain.split(' > ').at(-1)}@${version} |`), `${chain} at ${version}`);
	}
});

/**
 * A copy of the build script and the manifest next to a node_modules where `packages` are fake
 * package.json files and esbuild is the real one; runs the build there.
 */
function buildWith(t: {after: (fn: () => void) => void}, packages: Record<string, string>) {
	const root = tempConfigDir(t);
	for (const file of ['package.json', 'scripts/build.mjs', 'scripts/build-options.mjs', 'source/ink-patches/manifest.mjs', 'source/ink-patches/esbuild-plugin.mjs']) {
		cpSync(path.join(appRoot, file), path.join(root, file));
	}
	mkdirSync(path.join(root, 'node_modules'));
	symlinkSync(locatePackage('esbuild')!.dir, path.join(root, 'node_modules', 'esbuild'));
	for (const [folder, version] of Object.entries(packages)) {
		mkdirSync(path.join(root, 'node_modules', folder), {recursive: true});
		writeFileSync(path.join(root, 'node_modules', folder, 'package.json'), JSON.stringify({name: folder.split('/node_modules/').at(-1), version}));
	}
	const run = spawnSync(process.execPath, ['scripts/build.mjs'], {cwd: root, encoding: 'utf8'});
	return {...run, built: existsSync(path.join(root, 'dist'))};
}

const checkedTree = () => ({
	ink: checkedVersions['ink']!,
	'ink/node_modules/string-width': checkedVersions['ink > string-width']!,
	'ink/node_modules/string-width/node_modules/get-east-asian-width': checkedVersions['ink > string-width > get-east-asian-width']!,
	'ink/node_modules/string-width/node_modules/strip-ansi': checkedVersions['ink > string-width > strip-ansi']!,
	'slice-ansi': checkedVersions['ink > slice-ansi']!,
	'@alcalzone/ansi-tokenize': checkedVersions['ink > @alcalzone/ansi-tokenize']!,
	'@alcalzone/ansi-tokenize/node_modules/ansi-styles': checkedVersions['ink > @alcalzone/ansi-tokenize > ansi-styles']!,
	'yoga-layout': checkedVersions['ink > yoga-layout']!,
	'wrap-ansi': '9.0.2',
	'wrap-ansi/node_modules/string-width': checkedVersions['ink > wrap-ansi > string-width']!,
});

test('the build stops with one line when Ink is not the checked version', t => {
	const run = buildWith(t, {...checkedTree(), ink: '6.9.0'});
	assert.equal(run.status, 1);
	assert.equal(run.stderr, `build failed: Ink patches: installed ink is 6.9.0, but the patches were checked against ${checkedVersions['ink']}; install ${checkedVersions['ink']} (npm ci) or re-check the patches and update source/ink-patches/manifest.mjs and MANIFEST.md\n`);
	assert.equal(run.stdout, '');
	assert.equal(run.built, false);
});

test('the build stops with one line when a package Ink imports is another version or missing, wherever npm put it', t => {
	// A newer string-width nested under Ink: the one Ink would load, so the one that counts.
	const nested = buildWith(t, {...checkedTree(), 'ink/node_modules/string-width': '8.4.0'});
	assert.equal(nested.status, 1);
	assert.match(nested.stderr, /^build failed: Ink patches: installed ink > string-width is 8\.4\.0, but the patches were checked against 8\.3\.0; [^\n]*\n$/);
	const wrapped = buildWith(t, {...checkedTree(), 'wrap-ansi/node_modules/string-width': '7.2.1'});
	assert.match(wrapped.stderr, /^build failed: Ink patches: installed ink > wrap-ansi > string-width is 7\.2\.1, but [^\n]*\n$/);
	const {'yoga-layout': _, ...withoutYoga} = checkedTree();
	const missing = buildWith(t, withoutYoga);
	assert.equal(missing.status, 1);
	assert.match(missing.stderr, /^build failed: Ink patches: ink > yoga-layout is not installed \(run npm install\); the patches were checked against 3\.2\.1\n$/);
});
