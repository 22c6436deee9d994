/** Local wall-clock time as `2025-01-31 14:05:09`: stable width, no locale surprises. */
export function formatLocalTime(epochMs: number): string {
	if (!Number.isFinite(epochMs)) return '—';
	const date = new Date(epochMs);
	const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
	return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function pad(value: number): string {
	return String(value).padStart(2, '0');
}
