/**
 * Picks up changes another tokentop wrote to the store (a login, a refresh, a removal): every
 * interval, two stat calls compare the files' stamps with those last seen; only a change
 * costs a read. The same tick serves the callers' other cheap checks (a wall-clock jump, the
 * keep-alive's pid file). The tick runs on the process's shared timer (heartbeat.ts).
 *
 * With `watchDir` (the app and the keep-alive) the file system also tells of changes as they happen
 * (inotify): a change is then seen at once, and the interval can be long — a process that
 * wakes rarely costs next to nothing. Where the file system does not tell (some network file
 * systems), the interval still finds every change.
 */
import {type FSWatcher, watch} from 'node:fs';
import type {AutoRefresher} from './auto-refresh.js';
import {everyInterval} from './heartbeat.js';
import type {TokenStore} from './store/token-store.js';

export interface StoreWatchOptions {
	/** Called when the store changed since it was last seen. */
	onChange: () => void;
	/** Called on every tick, after onChange. */
	onTick?: () => void;
	/** Default 1000 ms: a change shows within about a second. */
	intervalMs?: number;
	/** The store's folder, to be told of changes by the file system as well. */
	watchDir?: string;
	/** The interval while the file system does tell of changes (default: intervalMs): only a safety net then. */
	watchedIntervalMs?: number;
	/**
	 * Tick on this shared beat (heartbeat.ts) and check every so many beats, instead of on a timer
	 * of its own: the app's clock beats every second anyway, so its checks cost no wake-up.
	 */
	beatMs?: number;
	/** Called after a look the file system asked for (a file in the folder changed): for checks of other files there. */
	onFolderChange?: () => void;
}

/** Changes the file system tells of come in bursts (a refresh-all appends hundreds of lines): one look per this many ms. */
const settleMs = 200;

export class StoreWatcher {
	private stamp: string;
	private stopTicking?: () => void;
	private folderWatch?: FSWatcher;
	private pendingLook?: NodeJS.Timeout;

	constructor(
		private readonly store: Pick<TokenStore, 'changeStamp'>,
		private readonly options: StoreWatchOptions,
	) {
		this.stamp = store.changeStamp();
	}

	start(): void {
		if (this.options.watchDir && !this.folderWatch) this.watchFolder(this.options.watchDir);
		this.tick();
	}

	/** Ticks at the watched interval while the folder watch works, else at the plain one. */
	private tick(): void {
		this.stopTicking?.();
		const plain = this.options.intervalMs ?? 1000;
		const interval = this.folderWatch ? (this.options.watchedIntervalMs ?? plain) : plain;
		const beat = Math.min(this.options.beatMs ?? interval, interval);
		let beats = 0;
		this.stopTicking = everyInterval(beat, () => {
			beats++;
			if (beats * beat < interval) return;
			beats = 0;
			this.check();
		});
	}

	stop(): void {
		this.stopTicking?.();
		this.stopTicking = undefined;
		this.folderWatch?.close();
		this.folderWatch = undefined;
		clearTimeout(this.pendingLook);
		this.pendingLook = undefined;
	}

	/** Remembers the store as it is now: call right before reading it, so only later writes count as changes. */
	seen(): void {
		this.stamp = this.store.changeStamp();
	}

	/** One tick: onChange when the files changed, then onTick. */
	check(): void {
		this.lookForChange();
		this.options.onTick?.();
	}

	private lookForChange(): void {
		const stamp = this.store.changeStamp();
		if (stamp === this.stamp) return;
		this.stamp = stamp;
		this.options.onChange();
	}

	private watchFolder(dir: string): void {
		try {
			this.folderWatch = watch(dir, {persistent: false}, () => {
				this.pendingLook ??= setTimeout(() => {
					this.pendingLook = undefined;
					this.lookForChange();
					this.options.onFolderChange?.();
				}, settleMs);
			});
			// The folder went away or the watch broke: the interval still finds every change, at its plain pace again.
			this.folderWatch.on('error', () => {
				this.folderWatch?.close();
				this.folderWatch = undefined;
				if (this.stopTicking) this.tick();
			});
		} catch {
			// No watch here (a file system without notifications, no more inotify watches): the interval serves.
		}
	}
}

/**
 * The watcher a refresh loop (the app's manager, the keep-alive) runs: a change re-reads the
 * store and re-plans the renewals; every tick first checks for a wall-clock jump.
 */
export function watchStoreForRefreshes(
	store: Pick<TokenStore, 'changeStamp'>,
	auto: Pick<AutoRefresher, 'replan' | 'checkClock'>,
	options: {reload: () => void; onTick: () => void; intervalMs?: number; watchedIntervalMs?: number; beatMs?: number; watchDir?: string; onFolderChange?: () => void},
): StoreWatcher {
	return new StoreWatcher(store, {
		intervalMs: options.intervalMs,
		watchDir: options.watchDir,
		watchedIntervalMs: options.watchedIntervalMs,
		beatMs: options.beatMs,
		onFolderChange: options.onFolderChange,
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
