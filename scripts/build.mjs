// Bundles cli.tsx, with its dependencies, into ES modules under dist/ (entry dist/cli.js):
// the installed bin starts without a TypeScript runner and without resolving hundreds of
// files in node_modules. Code splitting keeps each dynamic import() a chunk of its own, so
// `tokentop token NAME` loads neither React nor Ink. Options: scripts/build-options.mjs.
import {build} from 'esbuild';
import {chmodSync, readFileSync, rmSync} from 'node:fs';
import {locateCheckedPackages} from '../source/ink-patches/manifest.mjs';
import {bundleOptions} from './build-options.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The Ink patches fit only the exact versions they were checked against: one line, no bundle.
try {
	locateCheckedPackages();
} catch (error) {
	console.error(`build failed: ${error.message}`);
	process.exit(1);
}

rmSync('dist', {recursive: true, force: true});

const options = bundleOptions();
await build({
	...options,
	entryPoints: {cli: 'cli.tsx'},
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	define: {...options.define, __TOKENTOP_VERSION__: JSON.stringify(pkg.version)},
	banner: {js: `#!/usr/bin/env node\n${options.banner.js}`},
});
chmodSync('dist/cli.js', 0o755);
