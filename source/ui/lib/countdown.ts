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
