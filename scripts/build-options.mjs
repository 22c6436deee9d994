// esbuild options shared by the bin (scripts/build.mjs) and the bench's helpers
// (scripts/bench/bundle.ts), so what the bench measures is built the way the bin is.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ourOutput = path.join(repoRoot, 'source', 'ui', 'render', 'output.ts');
const ourStringWidth = path.join(repoRoot, 'source', 'ui', 'render', 'string-width.ts');
const ourSanitizeAnsi = path.join(repoRoot, 'source', 'ui', 'render', 'sanitize-ansi.ts');
const inkBuildDir = `${path.sep}node_modules${path.sep}ink${path.sep}build${path.sep}`;

/** Stands in for `new Intl.Segmenter(...)`; the modules patched with it only call segment(). */
const lazySegmenter = 'const __lazySegmenter = (...options) => { let segmenter; return {segment: text => (segmenter ??= new Intl.Segmenter(...options)).segment(text)}; };';

const rgiEmojiLiteral = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const lazyRgiEmoji = "let __rgiEmoji; const rgiEmojiRegex = {test: text => (__rgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text)};";

/**
 * Cheaper frames and start-up for Ink, same pixels (see each module's header and its tests):
 * Ink's Output and sanitize-ansi become source/ui/render/output.ts and sanitize-ansi.ts
 * (the latter falls back to Ink's), string-width becomes
 * source/ui/render/string-width.ts (which falls back to the real one), and Yoga's loader no
 * longer sees `fetch`, so it decodes its inlined WebAssembly directly instead of loading
 * undici to fetch its own data: URL (~35 ms of start-up here). Grapheme segmenters and
 * string-width's emoji regex are made on first use rather than at import.
 */
export const fasterInk = {
	name: 'faster-ink',
	setup(build) {
		build.onResolve({filter: /^\.\/output\.js$/}, args => (args.importer.includes(inkBuildDir) ? {path: ourOutput} : undefined));
		build.onResolve({filter: /^\.\/sanitize-ansi\.js$/}, args => (args.importer.includes(inkBuildDir) ? {path: ourSanitizeAnsi} : undefined));
		build.onResolve({filter: /^string-width$/}, args => (args.importer === ourStringWidth ? undefined : {path: ourStringWidth}));
		// These make an Intl.Segmenter when first imported; the first one made loads ICU's break
		// data (~26 ms here), and the app only needs one for unusual text. Made on first use instead.
		build.onLoad({filter: /[\\/]node_modules[\\/](string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize)\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const made = source.match(/new Intl\.Segmenter\(/g)?.length ?? 0;
			if (made !== 1) throw new Error(`faster-ink: expected one Intl.Segmenter in ${args.path}, found ${made}`);
			let contents = `${lazySegmenter}\n${source.replace('new Intl.Segmenter(', '__lazySegmenter(')}`;
			if (args.path.includes(`${path.sep}string-width${path.sep}`)) {
				// Building /^\p{RGI_Emoji}$/v (every emoji sequence) costs ~35 ms; it is only for text
				// our own string-width leaves to the original. Made on its first use.
				if (!contents.includes(rgiEmojiLiteral)) throw new Error(`faster-ink: ${args.path} no longer has ${rgiEmojiLiteral}`);
				contents = contents.replace(rgiEmojiLiteral, () => lazyRgiEmoji);
			}
			return {contents, loader: 'js'};
		});
		build.onLoad({filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			// Only this module's own uses of the global: a shadow under a name nothing else has.
			const uses = source.match(/\bfetch\b/g)?.length ?? 0;
			if (uses === 0) throw new Error(`faster-ink: ${args.path} no longer mentions fetch; check how Yoga loads its WebAssembly`);
			return {contents: `const __yogaWithoutFetch = undefined;\n${source.replaceAll(/\bfetch\b/g, '__yogaWithoutFetch')}`, loader: 'js'};
		});
	},
};

/** One ES module program with its dependencies, React in production mode. */
export function bundleOptions() {
	return {
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		minify: true,
		// Native addon (loaded by path at run time) and an optional dev-only import of Ink.
		external: ['@napi-rs/keyring', 'react-devtools-core'],
		jsx: 'automatic',
		define: {'process.env.NODE_ENV': '"production"'},
		// CommonJS dependencies inside an ES module bundle still call require().
		banner: {js: "import {createRequire as __ttCreateRequire} from 'node:module';const require=__ttCreateRequire(import.meta.url);"},
		plugins: [fasterInk],
		logLevel: 'warning',
	};
}
