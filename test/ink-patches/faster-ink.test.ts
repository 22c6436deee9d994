/**
 * The build patches Ink's dependencies (source/ink-patches/esbuild-plugin.mjs, through scripts/build-options.mjs): lazy grapheme segmenters,
 * a lazy emoji regex in string-width, our Output, sanitize-ansi and string-width. A bundle
 * built with those options must measure, slice and tokenise text exactly as the packages do.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {tokenize} from '@alcalzone/ansi-tokenize';
import {build} from 'esbuild';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {bundleOptions} from '../../scripts/build-options.mjs';

const samples = ['plain', '✓ ok', '中文', '👍🏽', '👨‍👩‍👧', '1️⃣', 'e\u0301', 'ｶﾞ', '한', '\u001B[31mred\u001B[39m ✓', 'क्ष', '🇩🇪 flag', 'a\u200Db', '\u001B]8;;https://x.test\u0007link\u001B]8;;\u0007'];

// Inside the repo, so the bundle's external imports resolve to its node_modules.
const dir = mkdtempSync(path.join(import.meta.dirname, '..', '..', '.tmp-faster-ink-'));
after(() => rmSync(dir, {recursive: true, force: true}));

test('the patched, bundled packages give the packages\' own answers', async () => {
	const entry = path.join(dir, 'entry.ts');
	writeFileSync(
		entry,
		`import stringWidth from 'string-width';
import sliceAnsi from 'slice-ansi';
import {tokenize} from '@alcalzone/ansi-tokenize';
const samples = ${JSON.stringify(samples)};
process.stdout.write(JSON.stringify(samples.map(text => [stringWidth(text), sliceAnsi(text, 1, 3), tokenize(text)])));
`,
	);
	await build({...bundleOptions(), entryPoints: {entry}, outdir: dir, splitting: true, logLevel: 'error'});
	const bundled = JSON.parse(execFileSync(process.execPath, [path.join(dir, 'entry.js')], {encoding: 'utf8'})) as unknown[];
	const expected = samples.map((text) => [stringWidth(text), sliceAnsi(text, 1, 3), tokenize(text)]);
	assert.deepEqual(bundled, JSON.parse(JSON.stringify(expected)));
});
