/**
 * The build patches Ink's dependencies (source/ink-patches/esbuild-plugin.mjs, through
 * scripts/build-options.mjs): lazy grapheme segmenters, a lazy emoji regex in string-width,
 * our Output, sanitize-ansi and string-width. A bundle built with those options must measure,
 * slice, wrap and tokenise text exactly as the packages do, and loading it must make no
 * segmenter.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {tokenize} from '@alcalzone/ansi-tokenize';
import {build} from 'esbuild';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {bundleOptions} from '../../scripts/build-options.mjs';
import {locatePackage} from '../../source/ink-patches/manifest.mjs';

type WrapAnsi = (text: string, columns: number, options: {hard: boolean; trim: boolean}) => string;
// Ink's wrap-ansi, which measures with its own string-width 7.
const {default: wrapAnsi} = (await import(pathToFileURL(path.join(locatePackage('ink > wrap-ansi')!.dir, 'index.js')).href)) as {default: WrapAnsi};

const samples = ['plain', '✓ ok', '中文', '👍🏽', '👨‍👩‍👧', '1️⃣', 'e\u0301', 'ｶﾞ', '한', '\u001B[31mred\u001B[39m ✓', 'क्ष', '🇩🇪 flag', 'a\u200Db', '\u001B]8;;https://x.test\u0007link\u001B]8;;\u0007'];

// Inside the repo (git-ignored .tmp), so the bundle's external imports resolve to its node_modules.
const tmp = path.join(import.meta.dirname, '..', '..', '.tmp');
mkdirSync(tmp, {recursive: true});
const dir = mkdtempSync(path.join(tmp, 'faster-ink-'));
after(() => rmSync(dir, {recursive: true, force: true}));

test('the patched, bundled packages give the packages\' own answers', async () => {
	const entry = path.join(dir, 'entry.ts');
	writeFileSync(
		entry,
		`import stringWidth from 'string-width';
import sliceAnsi from 'slice-ansi';
import {tokenize} from '@alcalzone/ansi-tokenize';
import wrapAnsi from 'wrap-ansi';
const samples = ${JSON.stringify(samples)};
process.stdout.write(JSON.stringify(samples.map(text => [stringWidth(text), sliceAnsi(text, 1, 3), tokenize(text), wrapAnsi(text + ' ©©', 3, {hard: true, trim: false})])));
`,
	);
	await build({...bundleOptions(), entryPoints: {entry}, outdir: dir, splitting: true, logLevel: 'error'});
	const bundled = JSON.parse(execFileSync(process.execPath, [path.join(dir, 'entry.js')], {encoding: 'utf8'})) as unknown[];
	const expected = samples.map((text) => [stringWidth(text), sliceAnsi(text, 1, 3), tokenize(text), wrapAnsi(`${text} ©©`, 3, {hard: true, trim: false})]);
	assert.deepEqual(bundled, JSON.parse(JSON.stringify(expected)));
});

test('loading the bundled Ink makes no grapheme segmenter', async () => {
	const counter = path.join(dir, 'count-segmenters.mjs');
	writeFileSync(
		counter,
		`const Segmenter = Intl.Segmenter;
globalThis.segmentersMade = 0;
Intl.Segmenter = class extends Segmenter { constructor(...options) { super(...options); globalThis.segmentersMade++; } };
`,
	);
	const entry = path.join(dir, 'load-ink.ts');
	writeFileSync(entry, `import {render, Text} from 'ink';\nprocess.stdout.write(String([typeof render, typeof Text, (globalThis as {segmentersMade?: number}).segmentersMade]));\n`);
	await build({...bundleOptions(), entryPoints: {'load-ink': entry}, outdir: dir, splitting: true, logLevel: 'error'});
	const printed = execFileSync(process.execPath, ['--import', pathToFileURL(counter).href, path.join(dir, 'load-ink.js')], {encoding: 'utf8'});
	assert.equal(printed, 'function,function,0');
});
