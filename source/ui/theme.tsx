import React, {createContext, useContext, type ReactNode} from 'react';

/** Whether colours are off (--no-color / NO_COLOR). Never changes while the app runs. */
const NoColorContext = createContext(false);

export function ThemeProvider({noColor, children}: {noColor: boolean; children: ReactNode}) {
	return <NoColorContext.Provider value={noColor}>{children}</NoColorContext.Provider>;
}

/** Maps a colour to the prop to pass: nothing at all without colours. */
export function useColor(): (color: string) => string | undefined {
	const noColor = useContext(NoColorContext);
	return noColor ? noColour : identity;
}

export function useNoColor(): boolean {
	return useContext(NoColorContext);
}

const noColour = () => undefined;
const identity = (color: string) => color;
