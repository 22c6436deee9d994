// Bundles cli.tsx, with its dependencies, into ES modules under dist/ (entry dist/cli.js):
// the installed bin starts without a TypeScript runner and without resolving hundreds of
// files in node_modules. Code splitting keeps each dynamic import() a chunk of its own, so
// `tokentop token NAME` loads neither React nor Ink. React is built for production.
import {build} from 'esbuild';
import {chmodSync, readFileSync, rmSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('dist', {recursive: true, force: true});

await build({
	entryPoints: {cli: 'cli.tsx'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	// Native addon (loaded by path at run time) and an optional dev-only import of Ink.
	external: ['@napi-rs/keyring', 'react-devtools-core'],
	jsx: 'automatic',
	define: {
		'process.env.NODE_ENV': '"production"',
		__TOKENTOP_VERSION__: JSON.stringify(pkg.version),
	},
	// CommonJS dependencies inside an ES module bundle still call require().
	banner: {js: "#!/usr/bin/env node\nimport {createRequire as __ttCreateRequire} from 'node:module';const require=__ttCreateRequire(import.meta.url);"},
	logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
