/**
 * How times read, in the app and in every command alike. Pure: the caller passes the times.
 */

/** Countdown text for a remaining time: `1h 59m`, `9m 05s`, `42s`, `expired` (days for refresh tokens). */
export function formatCountdown(remainingMs: number): string {
	if (!Number.isFinite(remainingMs)) return '—';
	if (remainingMs <= 0) return 'expired';
	const totalSeconds = Math.floor(remainingMs / 1000);
	if (totalSeconds < 60) return `${totalSeconds}s`;
	const totalMinutes = Math.floor(totalSeconds / 60);
	if (totalMinutes < 60) return `${totalMinutes}m ${twoDigits(totalSeconds % 60)}s`;
	const totalHours = Math.floor(totalMinutes / 60);
	if (totalHours < 24) return `${totalHours}h ${twoDigits(totalMinutes % 60)}m`;
	return `${Math.floor(totalHours / 24)}d ${twoDigits(totalHours % 24)}h`;
}

/** A plain duration such as a server-reported lifetime; same units as the countdown but never "expired". */
export function formatDuration(durationMs: number): string {
	if (durationMs <= 0) return '0s';
	if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
	return formatCountdown(durationMs);
}

/**
 * A countdown that shows seconds at any length, for the one that ticks every second (the detail
 * pane's): `1:59:42` from an hour up (`1d 02:03:04` from a day), `9m 05s` and `42s` below.
 */
export function formatPreciseCountdown(remainingMs: number): string {
	if (!Number.isFinite(remainingMs)) return '—';
	if (remainingMs < 3_600_000) return formatCountdown(remainingMs);
	const totalSeconds = Math.floor(remainingMs / 1000);
	const clock = `${twoDigits(Math.floor(totalSeconds / 60) % 60)}:${twoDigits(totalSeconds % 60)}`;
	const totalHours = Math.floor(totalSeconds / 3600);
	if (totalHours < 24) return `${totalHours}:${clock}`;
	return `${Math.floor(totalHours / 24)}d ${twoDigits(totalHours % 24)}:${clock}`;
}

/** A duration to the minute (`1h 02m`, `9m`), or to the second under a minute (`42s`). */
export function formatRoughly(durationMs: number): string {
	const totalSeconds = Math.max(0, Math.floor(durationMs / 1000));
	if (totalSeconds < 60) return `${totalSeconds}s`;
	const totalMinutes = Math.floor(totalSeconds / 60);
	if (totalMinutes < 60) return `${totalMinutes}m`;
	return formatCountdown(durationMs);
}

/** How long ago, to the minute: `7m ago`, `1h 02m ago`, `just now` under a minute. */
export function formatAgo(elapsedMs: number): string {
	return elapsedMs < 60_000 ? 'just now' : `${formatRoughly(elapsedMs)} ago`;
}

function twoDigits(value: number): string {
	return String(value).padStart(2, '0');
}

/** Local wall-clock time as `2025-01-31 14:05:09`: stable width, no locale surprises. */
export function formatLocalTime(epochMs: number): string {
	if (!Number.isFinite(epochMs)) return '—';
	const date = new Date(epochMs);
	const day = `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
	return `${day} ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}`;
}
