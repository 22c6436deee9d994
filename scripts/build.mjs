// Bundles cli.tsx into ES modules under dist/ (entry dist/cli.js) so the installed bin starts
// without a TypeScript runner. Code splitting keeps each dynamic import() a chunk of its own:
// `tokentop token NAME` must not load React and Ink. Dependencies stay external.
import {build} from 'esbuild';
import {chmodSync, readFileSync, rmSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('dist', {recursive: true, force: true});

await build({
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	jsx: 'automatic',
	define: {
		'process.env.NODE_ENV': '"production"',
		__TOKENTOP_VERSION__: JSON.stringify(pkg.version),
	},
	banner: {js: '#!/usr/bin/env node'},
	logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
