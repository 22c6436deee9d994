import type {Key} from 'ink';
import type {UiActions} from '../state/ui-contexts.js';

/** What one mode does with one key. Plain functions: the keyboard router calls the owner's. */
export type KeyHandler = (input: string, key: Key, actions: UiActions) => void;
