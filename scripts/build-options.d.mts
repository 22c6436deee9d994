import type {BuildOptions, Plugin} from 'esbuild';

export declare const fasterInk: Plugin;
export declare function bundleOptions(): BuildOptions;
