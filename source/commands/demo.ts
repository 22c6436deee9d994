/** `tokentop demo`: placeholder until the stand-in servers land (issue 5). */
import {exitCodes} from '../services/errors.js';

export async function runDemo(_options: {noColor: boolean; args: string[]}): Promise<number> {
	process.stderr.write('tokentop: demo is not available yet\n');
	return exitCodes.other;
}
