import {Text} from 'ink';
import React from 'react';
import {useColor} from './theme.js';

/** The y/n question before `d` removes an account (keys: keyboard/overlay-keys.ts). */
export function ConfirmRemove({name}: {name: string}) {
	const color = useColor();
	return (
		<Text wrap="truncate-end" color={color('yellow')}>
			Remove {name}? This logs out on the server and forgets the account. (y/n)
		</Text>
	);
}
