/**
 * Group commit: requests that arrive together are handled as one batch (for the store: one
 * lock, one append, one fsync) instead of one after another. A request waits one turn of the
 * event loop first, so answers that arrived together join; one made while a batch is being
 * committed goes into the next.
 */
interface Pending<Item, Result> {
	item: Item;
	resolve: (result: Result) => void;
	reject: (error: unknown) => void;
}

export class GroupCommit<Item, Result> {
	private pending: Array<Pending<Item, Result>> = [];
	private flushing?: Promise<void>;

	/** `commit` answers one result per item, in order; when it throws, every item of the batch fails. */
	constructor(private readonly commit: (items: Item[]) => Promise<Result[]>) {}

	submit(item: Item): Promise<Result> {
		return new Promise((resolve, reject) => {
			this.pending.push({item, resolve, reject});
			this.schedule();
		});
	}

	private schedule(): void {
		if (this.flushing) return;
		this.flushing = new Promise<void>(resolve => setImmediate(resolve))
			.then(() => this.flush())
			.finally(() => {
				this.flushing = undefined;
				// A request made while the last batch was being resolved.
				if (this.pending.length > 0) this.schedule();
			});
	}

	private async flush(): Promise<void> {
		while (this.pending.length > 0) {
			const batch = this.pending.splice(0);
			try {
				const results = await this.commit(batch.map(entry => entry.item));
				batch.forEach((entry, index) => entry.resolve(results[index]!));
			} catch (error) {
				for (const entry of batch) entry.reject(error);
			}
		}
	}
}
