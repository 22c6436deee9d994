import {useStdin} from 'ink';
import {memo, useEffect} from 'react';
import {useUiStore} from '../store/use-ui.js';

/**
 * Draws nothing; holds the app's ONE keyboard listener, mounted for the whole run (a listener
 * that mounted with its mode would miss the keys typed right after the switch). It hears Ink's
 * input events themselves (as useInput does inside), because useInput reports Backspace and
 * Delete alike and hides the paste markers.
 */
export const KeyboardListener = memo(function KeyboardListener() {
	const store = useUiStore();
	const {setRawMode, internal_eventEmitter: events} = useStdin();
	useEffect(() => {
		setRawMode(true);
		return () => setRawMode(false);
	}, [setRawMode]);
	useEffect(() => {
		events.on('input', store.input);
		return () => {
			events.off('input', store.input);
		};
	}, [events, store]);
	return null;
});
