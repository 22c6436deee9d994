/**
 * Picks up changes another tokentop wrote to the store (a login, a refresh, a removal): every
 * interval, two stat calls compare the files' stamps with those last seen; only a change
 * costs a read. The same tick serves the callers' other cheap checks (a wall-clock jump, the
 * keep-alive's pid file).
 */
import type {AutoRefresher} from './auto-refresh.js';
import type {TokenStore} from './store/token-store.js';

export interface StoreWatchOptions {
	/** Called when the store changed since it was last seen. */
	onChange: () => void;
	/** Called on every tick, after onChange. */
	onTick?: () => void;
	/** Default 1000 ms: a change shows within about a second. */
	intervalMs?: number;
}

export class StoreWatcher {
	private stamp: string;
	private timer?: NodeJS.Timeout;

	constructor(
		private readonly store: Pick<TokenStore, 'changeStamp'>,
		private readonly options: StoreWatchOptions,
	) {
		this.stamp = store.changeStamp();
	}

	start(): void {
		this.timer ??= setInterval(() => this.check(), this.options.intervalMs ?? 1000);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	/** Remembers the store as it is now: call right before reading it, so only later writes count as changes. */
	seen(): void {
		this.stamp = this.store.changeStamp();
	}

	/** One tick: onChange when the files changed, then onTick. */
	check(): void {
		const stamp = this.store.changeStamp();
		if (stamp !== this.stamp) {
			this.stamp = stamp;
			this.options.onChange();
		}
		this.options.onTick?.();
	}
}

/**
 * The watcher a refresh loop (the app's manager, the keep-alive) runs: a change re-reads the
 * store and re-plans the renewals; every tick first checks for a wall-clock jump.
 */
export function watchStoreForRefreshes(
	store: Pick<TokenStore, 'changeStamp'>,
	auto: Pick<AutoRefresher, 'replan' | 'checkClock'>,
	options: {reload: () => void; onTick: () => void; intervalMs?: number},
): StoreWatcher {
	return new StoreWatcher(store, {
		intervalMs: options.intervalMs,
		onChange: () => {
			options.reload();
			auto.replan();
		},
		onTick: () => {
			auto.checkClock();
			options.onTick();
		},
	});
}
