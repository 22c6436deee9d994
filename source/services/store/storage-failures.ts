/** The messages of a store the file system refuses: one line naming the place and the reason. */
import path from 'node:path';
import {asStorageFailure} from '../errors.js';

/** A failed write of `file`: names its folder, and says that nothing saved before is lost (every write is atomic or cut back). */
export function cannotWrite(file: string, error: unknown): unknown {
	return asStorageFailure(error, `Cannot write to ${path.dirname(file)}`, '; what was saved before is kept');
}

export function cannotRead(file: string, error: unknown): unknown {
	return asStorageFailure(error, `Cannot read ${file}`);
}
