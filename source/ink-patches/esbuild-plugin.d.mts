import type {Plugin} from 'esbuild';

export declare const fasterInk: Plugin;
