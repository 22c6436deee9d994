import {memo} from 'react';
import {useKeyboard} from './use-keyboard.js';

/** Draws nothing; holds the one keyboard listener. It only reads the actions, so it never re-renders. */
export const KeyboardRouter = memo(function KeyboardRouter() {
	useKeyboard();
	return null;
});
