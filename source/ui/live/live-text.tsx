import React from 'react';
import {useLiveText} from './use-live-text.js';

/**
 * A countdown or other text that changes with every tick, drawn the way Ink's `<Text>` draws an
 * unstyled text (inside another Text it is part of that Text's line). It is Ink's host element
 * itself, not `<Text>`, because the live painter needs the element (Ink's Text takes no ref).
 */
export function LiveText({select, wrap = 'wrap'}: {select: (now: number) => string; wrap?: 'wrap' | 'truncate-end'}) {
	const {text, key, ref} = useLiveText(select);
	return React.createElement(
		'ink-text',
		{
			key,
			ref,
			style: {
				flexGrow: 0,
				flexShrink: 1,
				flexDirection: 'row',
				textWrap: wrap,
			},
		},
		text,
	);
}
