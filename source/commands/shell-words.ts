/** Text as one word for a POSIX shell: as it is when that is safe, else in single quotes. */
export function shellWord(text: string): string {
	if (/^[\w@%+=:,./-]+$/.test(text)) return text;
	return `'${text.replaceAll("'", `'\\''`)}'`;
}
