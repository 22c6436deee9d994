/**
 * Lines a person pastes into the app, as the AsyncIterable a browser sign-in reads (the
 * commands read standard input through readline instead). Ends when the sign-in is over.
 */
export class PastedLines implements AsyncIterable<string> {
	private readonly queued: string[] = [];
	private waiting?: (result: IteratorResult<string>) => void;
	private ended = false;

	push(line: string): void {
		if (this.ended) return;
		if (this.waiting) {
			const wake = this.waiting;
			this.waiting = undefined;
			wake({value: line, done: false});
		} else {
			this.queued.push(line);
		}
	}

	end(): void {
		this.ended = true;
		this.queued.length = 0;
		this.waiting?.({value: undefined, done: true});
		this.waiting = undefined;
	}

	[Symbol.asyncIterator](): AsyncIterator<string> {
		return {
			next: () => {
				const line = this.queued.shift();
				if (line !== undefined) return Promise.resolve({value: line, done: false});
				if (this.ended) return Promise.resolve({value: undefined, done: true});
				return new Promise((resolve) => (this.waiting = resolve));
			},
		};
	}
}
