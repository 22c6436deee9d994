/**
 * A command's own outcome with its own exit code, beyond the services' failures (errors.ts):
 * Ctrl-C at a prompt (130), an account that has no token to hand out (1).
 */
export class CommandFailure extends Error {
	override readonly name = 'CommandFailure';
	constructor(
		message: string,
		readonly exitCode: number,
	) {
		super(message);
	}
}
