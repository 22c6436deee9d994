import {Text, useInput} from 'ink';
import React from 'react';
import {useUiActions} from './state/ui-contexts.js';
import {useColor} from './theme.js';

/** The y/n question before `d` removes an account. */
export function ConfirmRemove({name}: {name: string}) {
	const actions = useUiActions();
	const color = useColor();
	useInput((input, key) => {
		if (actions.keyboardOwner() !== 'confirm-remove') return;
		if (input === 'y' || input === 'Y') actions.confirmRemove();
		else if (input === 'n' || input === 'N' || key.escape) actions.closeOverlay();
	});
	return (
		<Text wrap="truncate-end" color={color('yellow')}>
			Remove {name}? This logs out on the server and forgets the account. (y/n)
		</Text>
	);
}
