// esbuild options shared by the bin (scripts/build.mjs) and the bench's helpers
// (scripts/bench/bundle.ts), so what the bench measures is built the way the bin is.
import {fasterInk} from '../source/ink-patches/esbuild-plugin.mjs';

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
