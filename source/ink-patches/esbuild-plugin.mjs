// The esbuild plugin that applies the Ink patches of this folder to a bundle (MANIFEST.md says
// what each one replaces, why and how it is checked). Every file it touches is located from
// Ink's own dependency tree at the exact version in manifest.mjs; anything else fails the build.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {locateCheckedPackages, patchesDir} from './manifest.mjs';

const patchFile = name => path.join(patchesDir, name);

/** Where the patches' own imports come from: the very copies the code they stand in for uses. */
const patchImports = {
	'string-width': 'ink > string-width',
	'slice-ansi': 'ink > slice-ansi',
	'@alcalzone/ansi-tokenize': 'ink > @alcalzone/ansi-tokenize',
	'get-east-asian-width': 'ink > string-width > get-east-asian-width',
	'strip-ansi': 'ink > string-width > strip-ansi',
};

/** Stands in for `new Intl.Segmenter(...)`; the modules patched with it only call segment(). */
const lazySegmenterHelper = 'const __lazySegmenter = (...options) => { let segmenter; return {segment: text => (segmenter ??= new Intl.Segmenter(...options)).segment(text)}; };';

/** Module-level `new Intl.Segmenter(` → made on first use: the first one loads ICU's break data (~26 ms here). */
function lazySegmenter(source, file) {
	const made = source.match(/new Intl\.Segmenter\(/g)?.length ?? 0;
	if (made !== 1) throw new Error(`Ink patches: expected one Intl.Segmenter in ${file}, found ${made}`);
	return `${lazySegmenterHelper}\n${source.replace('new Intl.Segmenter(', '__lazySegmenter(')}`;
}

const rgiEmojiLiteral = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const lazyRgiEmojiRegex = "let __rgiEmoji; const rgiEmojiRegex = {test: text => (__rgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text)};";

/** string-width 8's `/^\p{RGI_Emoji}$/v` (every emoji sequence, ~35 ms to build) → built on first use. */
function lazyRgiEmoji(source, file) {
	if (!source.includes(rgiEmojiLiteral)) throw new Error(`Ink patches: ${file} no longer has ${rgiEmojiLiteral}`);
	return source.replace(rgiEmojiLiteral, () => lazyRgiEmojiRegex);
}

/** Yoga's loader without `fetch`: it decodes its inlined WebAssembly instead of loading undici to fetch its own data: URL (~35 ms). */
function yogaWithoutFetch(source, file) {
	// Only this module's own uses of the global: a shadow under a name nothing else has.
	if (!/\bfetch\b/.test(source)) throw new Error(`Ink patches: ${file} no longer mentions fetch; check how Yoga loads its WebAssembly`);
	return `const __yogaWithoutFetch = undefined;\n${source.replaceAll(/\bfetch\b/g, '__yogaWithoutFetch')}`;
}

const esToolkitThrottle = "import { throttle } from 'es-toolkit/compat';";

/** Ink's render throttle → quiet-throttle.ts: no idle timer after every frame (one wake-up a second fewer while a clock ticks). */
function quietThrottle(source, file) {
	if (!source.includes(esToolkitThrottle)) throw new Error(`Ink patches: ${file} no longer has ${esToolkitThrottle}`);
	return source.replace(esToolkitThrottle, () => `import { throttle } from ${JSON.stringify(patchFile('quiet-throttle.ts'))};`);
}

/** Files rewritten at load time: the package (by its chain of importers), the file in it, the edits. */
const rewrites = [
	{chain: 'ink > string-width', file: 'index.js', edits: [lazySegmenter, lazyRgiEmoji]},
	{chain: 'ink > wrap-ansi > string-width', file: 'index.js', edits: [lazySegmenter]},
	{chain: 'ink > slice-ansi', file: 'tokenize-ansi.js', edits: [lazySegmenter]},
	{chain: 'ink > @alcalzone/ansi-tokenize', file: 'build/tokenize.js', edits: [lazySegmenter]},
	{chain: 'ink > yoga-layout', file: 'dist/binaries/yoga-wasm-base64-esm.js', edits: [yogaWithoutFetch]},
	{chain: 'ink', file: 'build/ink.js', edits: [quietThrottle]},
];

const escapeRegExp = text => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isInside = (file, dir) => !path.relative(dir, file).startsWith('..');

/**
 * Cheaper frames and start-up for Ink, same pixels: Ink's Output and sanitize-ansi become
 * output.ts and sanitize-ansi.ts of this folder, string-width 8 (Ink's, cli-truncate's,
 * widest-line's) becomes string-width.ts, while wrap-ansi keeps the string-width 7 it was
 * written for; module-level segmenters, string-width's emoji regex and Yoga's fetch are
 * rewritten as `rewrites` says.
 */
export const fasterInk = {
	name: 'faster-ink',
	setup(build) {
		const packages = locateCheckedPackages();
		const dirOf = chain => packages[chain].dir;
		const inkOutput = path.join(dirOf('ink'), 'build', 'output.js');
		const inkSanitizeAnsi = path.join(dirOf('ink'), 'build', 'sanitize-ansi.js');
		const fromPlugin = {fasterInk: true};

		// Ink's own modules, by where the import really points.
		build.onResolve({filter: /^\.\/(output|sanitize-ansi)\.js$/}, args => {
			const target = path.join(args.resolveDir, args.path);
			if (target === inkOutput) return {path: patchFile('output.ts')};
			if (target === inkSanitizeAnsi) return {path: inkSanitizeAnsi, namespace: 'ink-patches-sanitize-ansi'};
			return undefined;
		});
		// Ink's function behind our fast path (it is the fallback, so it is imported, not replaced).
		build.onLoad({filter: /.*/, namespace: 'ink-patches-sanitize-ansi'}, () => ({
			contents: `import inkSanitizeAnsi from ${JSON.stringify(inkSanitizeAnsi)};\nimport {sanitizeAnsiWith} from ${JSON.stringify(patchFile('sanitize-ansi.ts'))};\nexport default sanitizeAnsiWith(inkSanitizeAnsi);`,
			resolveDir: patchesDir,
			loader: 'js',
		}));

		// The patches' own bare imports: from the tree of the code they stand in for.
		build.onResolve({filter: /^[^./]/, namespace: 'file'}, async args => {
			if (args.pluginData?.fasterInk || args.path.startsWith('node:') || !isInside(args.importer, patchesDir)) return undefined;
			const chain = patchImports[args.path];
			if (chain === undefined) return {errors: [{text: `Ink patches: ${path.relative(patchesDir, args.importer)} imports ${args.path}, which esbuild-plugin.mjs does not place`}]};
			const importerChain = chain.split(' > ').slice(0, -1).join(' > ');
			const resolved = await build.resolve(args.path, {kind: args.kind, resolveDir: dirOf(importerChain), pluginData: fromPlugin});
			if (resolved.errors.length > 0) return {errors: resolved.errors};
			if (!isInside(resolved.path, dirOf(chain))) return {errors: [{text: `Ink patches: ${args.path} resolved to ${resolved.path}, outside ${dirOf(chain)}`}]};
			return {path: resolved.path};
		});

		// string-width 8.3.0, wherever it is imported, becomes ours (the same answers, exhaustively
		// checked). Other versions stay: wrap-ansi measures with the string-width 7 it depends on.
		build.onResolve({filter: /^string-width$/, namespace: 'file'}, async args => {
			if (args.pluginData?.fasterInk) return undefined;
			const resolved = await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: fromPlugin});
			if (resolved.errors.length > 0) return {errors: resolved.errors};
			return {path: isInside(resolved.path, dirOf('ink > string-width')) ? patchFile('string-width.ts') : resolved.path};
		});

		const rewritesByPath = new Map(rewrites.map(rewrite => [path.join(dirOf(rewrite.chain), rewrite.file), rewrite]));
		const rewritten = new RegExp(`^(?:${[...rewritesByPath.keys()].map(escapeRegExp).join('|')})$`);
		build.onLoad({filter: rewritten}, async args => {
			const {edits} = rewritesByPath.get(args.path);
			let contents = await readFile(args.path, 'utf8');
			for (const edit of edits) contents = edit(contents, args.path);
			return {contents, loader: 'js'};
		});
	},
};
