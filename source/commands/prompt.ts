/** Reading a secret: hidden from the terminal, or one line from standard input for scripts. */
import {ServiceError, exitCodes} from '../services/errors.js';
import {CommandFailure} from './failure.js';

/** Everything a stream gives until it ends, as bytes. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	return Buffer.concat(chunks);
}

export async function readSecretFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
	const text = (await readAll(stdin)).toString('utf8');
	// Only the line ending goes: a password may end in spaces.
	const secret = text.replace(/\r?\n$/, '');
	if (!secret) throw new ServiceError('usage', 'Standard input was empty: nothing to use as the password');
	return secret;
}

/** Asks on the terminal without echo. Ctrl-C cancels (exit code 130). */
export async function promptHidden(question: string, stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): Promise<string> {
	if (!stdin.isTTY) {
		throw new ServiceError('usage', 'No terminal to ask for the password on: use --password-stdin');
	}
	stderr.write(question);
	stdin.setRawMode(true);
	stdin.resume();
	stdin.setEncoding('utf8');
	return new Promise<string>((resolve, reject) => {
		let answer = '';
		const finish = (error?: Error) => {
			stdin.setRawMode(false);
			stdin.pause();
			stdin.off('data', onData);
			stderr.write('\n');
			if (error) reject(error);
			else resolve(answer);
		};
		const onData = (data: string) => {
			for (const char of data) {
				if (char === '\r' || char === '\n') return finish();
				if (char === '\u0003') return finish(new CommandFailure('cancelled', exitCodes.cancelled));
				if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
				else if (char >= ' ') answer += char;
			}
		};
		stdin.on('data', onData);
	});
}
