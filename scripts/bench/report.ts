/** The bench's one table: a fixed-width version for the terminal and a markdown one for readme.md. */
import type {PairedTimes} from './run.js';
import {median, ms, ratio} from './stats.js';

export interface BenchLine {
	what: string;
	/** The figure compared with the target, e.g. "2.10×". */
	measured: string;
	target: string;
	/** undefined: could not be measured (the error is in `detail`). */
	pass: boolean | undefined;
	/** Absolute numbers behind the figure, e.g. "312 ms vs node -e 0 149 ms". */
	detail: string;
}

export function verdict(line: BenchLine): string {
	if (line.pass === undefined) return 'ERROR';
	return line.pass ? 'pass' : 'FAIL';
}

const headings = ['what', 'measured', 'target', 'result', 'details'];

function cells(line: BenchLine): string[] {
	return [line.what, line.measured, line.target, verdict(line), line.detail];
}

export function plainTable(lines: readonly BenchLine[]): string {
	const rows = [headings, ...lines.map(cells)];
	const widths = headings.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	const render = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
	const rule = widths.map(width => '-'.repeat(width)).join('  ');
	return [render(headings), rule, ...lines.map(line => render(cells(line)))].join('\n');
}

export function markdownTable(lines: readonly BenchLine[]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	const render = (row: string[]) => `| ${row.map(escape).join(' | ')} |`;
	const rule = `| ${headings.map(() => '---').join(' | ')} |`;
	return [render(headings), rule, ...lines.map(line => render(cells(line).map((cell, column) => (column === 3 && cell !== 'pass' ? `**${cell}**` : cell))))].join('\n');
}

/** A line whose figure is the median of the measured runs over the median of the baseline's runs. */
export function ratioLine(what: string, times: PairedTimes, limit: number, baseline: string, how: string): BenchLine {
	const value = median(times.measured) / median(times.baseline);
	return {
		what,
		measured: ratio(value),
		target: `≤ ${limit}× ${baseline}`,
		pass: value <= limit,
		detail: `median of ${times.measured.length}: ${ms(median(times.measured))} vs ${baseline} ${ms(median(times.baseline))} (${how})`,
	};
}
