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
	return formatCountdown(durationMs);
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
