/** Shortest token of which the first and last 6 characters may be shown: less would give most of it away. */
const shortestMaskable = 24;

/** `eyJ0eX…Qssw5c`: enough to tell tokens apart, useless to anyone reading over a shoulder. */
export function maskToken(token: string): string {
	if (token.length === 0) return '(none)';
	if (token.length < shortestMaskable) return `…(${token.length} characters)`;
	return `${token.slice(0, 6)}…${token.slice(-6)}`;
}
