/** The terminal sizes the layout is checked at, in the app and in a real terminal: the smallest supported, common ones, a large one. */
export const terminalSizes = [
	[40, 12],
	[60, 20],
	[80, 24],
	[200, 60],
] as const;
