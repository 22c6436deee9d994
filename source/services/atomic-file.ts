/**
 * Whole-file writes that a reader never sees half done: the text goes to a temp file beside
 * the target (same folder, so the rename stays on one file system), is fsync'd, and is
 * renamed over the target. The file has `mode` from its first byte (0600: it may hold a token).
 */
import {randomBytes} from 'node:crypto';
import {closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs';
import path from 'node:path';

export function writeFileAtomically(file: string, text: string, mode = 0o600): void {
	const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
	try {
		const fd = openSync(temp, 'wx', mode);
		try {
			const data = Buffer.from(text, 'utf8');
			for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(temp, file);
	} catch (error) {
		rmSync(temp, {force: true});
		throw error;
	}
}
