/** Small statistics and number formatting for the bench report. */

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0–100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function ms(value: number): string {
	return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function ratio(value: number): string {
	return `${value.toFixed(2)}×`;
}

export function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function percent(value: number): string {
	return value >= 10 ? `${value.toFixed(0)} %` : `${value.toFixed(2)} %`;
}

export function sleep(milliseconds: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, milliseconds));
}
