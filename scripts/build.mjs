// Bundles cli.tsx into one ES module (dist/cli.js) so the installed bin starts without a
// TypeScript runner. Dependencies stay external: node_modules resolves them at run time.
import {build} from 'esbuild';
import {chmodSync, readFileSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/cli.js',
	bundle: true,
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
