/**
 * A drop-in for Ink's `Output` (ink/build/output.js), swapped in by the build
 * (esbuild-plugin.mjs in this folder).
 *
 * Ink builds a fresh width × height grid of styled cells on every frame, tokenises every text
 * again and re-serialises the grid with an allocation-heavy ANSI diff per cell: 20–30 ms per
 * frame at 120 × 40 here, for a frame whose only change is a countdown. This class keeps
 * Ink's placement and clipping rules line for line, but works per row. The common row, texts
 * side by side, is serialised straight from each text's style runs (parsed once per text and
 * kept across frames); any other row (overlaps, links, combining marks) goes cell by cell as
 * Ink does, cached across frames by its writes. Style changes come from memoised diffs. The
 * output is byte-for-byte Ink's (pinned by test/ink-patches/output.test.ts against Ink's class).
 */
import {type AnsiCode, ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, styledCharsFromTokens, tokenize} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import {sgrCodes} from './sgr-codes.js';
import stringWidth, {simpleCodeUnitWidth} from './string-width.js';

type Transformer = (line: string, index: number) => string;
type Clip = {x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined};
type Operation = {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]} | {type: 'clip'; clip: Clip} | {type: 'unclip'};

/** One terminal cell: a grapheme, its reduced styles and a key naming those styles. */
interface Cell {
	readonly value: string;
	readonly styles: readonly AnsiCode[];
	/** Equal keys ⇔ equal (code, endCode) lists, so equal keys need no escape codes between them. */
	readonly styleKey: string;
	/** Columns the grapheme takes, as Ink counts them (at least 1). */
	readonly columns: number;
}

/** A text written into a row at a column (after clipping and transformers). */
interface Placement {
	readonly x: number;
	readonly line: string;
}

/** A Map that forgets what went unused for a while: two generations, swapped when one fills. */
class GenerationalCache<V> {
	private current = new Map<string, V>();
	private previous = new Map<string, V>();
	constructor(private readonly generationSize: number) {}

	get(key: string, compute: () => V): V {
		let value = this.current.get(key);
		if (value !== undefined) return value;
		value = this.previous.get(key);
		if (value === undefined) value = compute();
		if (this.current.size >= this.generationSize) {
			this.previous = this.current;
			this.current = new Map();
		}
		this.current.set(key, value);
		return value;
	}
}

const blankCell: Cell = Object.freeze({value: ' ', styles: Object.freeze([]) as readonly AnsiCode[], styleKey: '', columns: 1});

const cellsByText = new GenerationalCache<readonly Cell[]>(4096);
const rowsByPlacements = new GenerationalCache<string>(2048);
const slicesByKey = new GenerationalCache<string>(2048);
const widthsByText = new GenerationalCache<number>(4096);
const widestLinesByText = new GenerationalCache<number>(1024);
const styleChanges = new Map<string, string>();

function styleKeyOf(styles: readonly AnsiCode[]): string {
	return styles.length === 0 ? '' : JSON.stringify(styles.map(code => [code.code, code.endCode]));
}

function cellsOf(line: string): readonly Cell[] {
	return cellsByText.get(line, () => simpleCellsOf(line) ?? tokenizedCellsOf(line));
}

/** The library's way: grapheme segmentation (Intl.Segmenter) and a token per code. */
function tokenizedCellsOf(line: string): Cell[] {
	return styledCharsFromTokens(tokenize(line)).map(character => ({
		value: character.value,
		styles: character.styles,
		styleKey: styleKeyOf(character.styles),
		columns: Math.max(1, stringWidth(character.value)),
	}));
}

type Styled = {readonly styles: readonly AnsiCode[]; readonly styleKey: string};

/** The escape codes that take the terminal from one cell's styles to the next one's. */
function styleChange(from: Styled | undefined, to: Styled): string {
	if (from?.styleKey === to.styleKey) return '';
	const key = `${from?.styleKey ?? ''}\u0000${to.styleKey}`;
	let codes = styleChanges.get(key);
	if (codes === undefined) {
		codes = from === undefined ? ansiCodesToString(to.styles as AnsiCode[]) : ansiCodesToString(diffAnsiCodes(from.styles as AnsiCode[], to.styles as AnsiCode[]));
		// Bounded by the number of style pairs the UI uses; a safety net against unbounded growth.
		if (styleChanges.size > 10_000) styleChanges.clear();
		styleChanges.set(key, codes);
	}
	return codes;
}

const noStyles = {styles: [] as readonly AnsiCode[], styleKey: ''};

/** Ink's styledCharsToString(row).trimEnd(), with memoised style changes. */
function serialise(cells: readonly Cell[]): string {
	let text = '';
	let previous: Cell | undefined;
	for (const cell of cells) {
		text += styleChange(previous, cell);
		text += cell.value;
		previous = cell;
	}
	if (previous) text += styleChange(previous, noStyles);
	return text.trimEnd();
}

// eslint-disable-next-line no-control-regex -- matching escape codes is the point
const sgrSequence = /\u001B\[[0-9;]*m/y;
const codesBySequence = new GenerationalCache<AnsiCode[]>(256);

/** A stretch of a simple line in one style: its characters as written. */
interface Run {
	readonly styles: readonly AnsiCode[];
	readonly styleKey: string;
	readonly text: string;
}

/** A line of SGR codes and simple characters as runs of one style, and the columns it takes. */
interface SimpleLine {
	readonly runs: readonly Run[];
	readonly columns: number;
}

const simpleLinesByText = new GenerationalCache<SimpleLine | null>(4096);

function simpleLineOf(line: string): SimpleLine | undefined {
	return simpleLinesByText.get(line, () => parseSimpleLine(line) ?? null) ?? undefined;
}

/** A simple line's runs, or undefined for anything else (links, other escapes, combining marks, astral characters). */
function parseSimpleLine(line: string): SimpleLine | undefined {
	const runs: Run[] = [];
	let styles: AnsiCode[] = [];
	let styleKey = '';
	let text = '';
	let columns = 0;
	let sliceStart = 0;
	let index = 0;
	const endRun = () => {
		if (text !== '') runs.push({styles, styleKey, text});
		text = '';
	};
	while (index < line.length) {
		const code = line.charCodeAt(index);
		if (code === 0x1b) {
			sgrSequence.lastIndex = index;
			const sequence = sgrSequence.exec(line)?.[0];
			if (sequence === undefined) return undefined;
			text += line.slice(sliceStart, index);
			const next = reduceAnsiCodesIncremental(styles, codesBySequence.get(sequence, () => sgrCodes(sequence)));
			const nextKey = styleKeyOf(next);
			if (nextKey !== styleKey) {
				endRun();
				styleKey = nextKey;
			}
			styles = next;
			index += sequence.length;
			sliceStart = index;
			continue;
		}
		const width = simpleCodeUnitWidth(code);
		if (width === undefined) return undefined;
		columns += Math.max(1, width);
		index++;
	}
	text += line.slice(sliceStart);
	endRun();
	return {runs, columns};
}

/**
 * The same cells for the common case, without segmenting: the runs of a simple line (SGR colour
 * codes and characters that are each a grapheme by themselves), a cell per character.
 */
function simpleCellsOf(line: string): Cell[] | undefined {
	const simple = simpleLineOf(line);
	if (simple === undefined) return undefined;
	const cells: Cell[] = [];
	for (const {styles, styleKey, text} of simple.runs) {
		for (let index = 0; index < text.length; index++) {
			cells.push({value: text.charAt(index), styles, styleKey, columns: Math.max(1, simpleCodeUnitWidth(text.charCodeAt(index))!)});
		}
	}
	return cells;
}

/**
 * The common row: writes of simple lines side by side, left to right, inside the row. Its
 * string is the runs with the style changes between them and blanks in the gaps — what the
 * cell by cell path gives, without a cell per column. Undefined for anything else.
 */
function renderRowOfRuns(cellCount: number, placements: readonly Placement[]): string | undefined {
	let text = '';
	let column = 0;
	let previous: {styles: readonly AnsiCode[]; styleKey: string} | undefined;
	for (const {x, line} of placements) {
		if (!Number.isInteger(x) || x < column) return undefined;
		const simple = simpleLineOf(line);
		if (simple === undefined || x + simple.columns > cellCount) return undefined;
		if (x > column) {
			text += styleChange(previous, blankCell) + ' '.repeat(x - column);
			previous = blankCell;
		}
		for (const run of simple.runs) {
			text += styleChange(previous, run) + run.text;
			previous = run;
		}
		column = x + simple.columns;
	}
	// Blanks up to the row's end would be trimmed below; the styles end either way.
	if (previous) text += styleChange(previous, noStyles);
	return text.trimEnd();
}

/** A row as Ink draws it: blank cells, then each write's cells in order, wide graphemes padded. */
function renderRow(cellCount: number, placements: readonly Placement[]): string {
	const row: Array<Cell | undefined> = new Array<Cell>(cellCount).fill(blankCell);
	for (const {x, line} of placements) {
		let column = x;
		for (const cell of cellsOf(line)) {
			row[column] = cell;
			for (let index = 1; index < cell.columns; index++) {
				row[column + index] = {value: '', styles: cell.styles, styleKey: cell.styleKey, columns: 1};
			}
			column += cell.columns;
		}
	}
	// A write that starts past the row's end leaves holes; Ink drops them.
	return serialise(row.length > cellCount ? (row.filter(cell => cell !== undefined) as Cell[]) : (row as Cell[]));
}

function widthOf(text: string): number {
	return widthsByText.get(text, () => stringWidth(text));
}

function widestLineOf(text: string): number {
	return widestLinesByText.get(text, () => Math.max(0, ...text.split('\n').map(widthOf)));
}

function sliced(line: string, from: number, to: number): string {
	return slicesByKey.get(`${from}\u0000${to}\u0000${line}`, () => sliceAnsi(line, from, to));
}

export default class Output {
	readonly width: number;
	readonly height: number;
	private readonly operations: Operation[] = [];

	constructor(options: {width: number; height: number}) {
		this.width = options.width;
		this.height = options.height;
	}

	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void {
		if (!text) return;
		this.operations.push({type: 'write', x, y, text, transformers: options.transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		const rows: Placement[][] = Array.from({length: Math.max(0, Math.ceil(this.height))}, () => []);
		this.place(rows);
		// As many cells per row as Ink's `for (x = 0; x < width; x++)` creates.
		const cellCount = Math.max(0, Math.ceil(this.width));
		const lines = rows.map(placements => {
			if (placements.length === 0) return '';
			const ofRuns = renderRowOfRuns(cellCount, placements);
			if (ofRuns !== undefined) return ofRuns;
			// Lengths make the key unambiguous whatever characters the lines hold.
			const key = `${cellCount}|${placements.map(({x, line}) => `${x}|${line.length}|${line}`).join('')}`;
			return rowsByPlacements.get(key, () => renderRow(cellCount, placements));
		});
		return {output: lines.join('\n'), height: rows.length};
	}

	/** Ink's clipping and line placement, unchanged, recording placements instead of cells. */
	private place(rows: Placement[][]): void {
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') {
				clips.push(operation.clip);
				continue;
			}
			if (operation.type === 'unclip') {
				clips.pop();
				continue;
			}
			const clip = clips.at(-1);
			const clipped = clip ? clipWrite(operation, clip) : {x: operation.x, y: operation.y, lines: operation.text.split('\n')};
			if (!clipped) continue;
			const {x, y, lines} = clipped;
			const {transformers} = operation;
			let offsetY = 0;
			for (let index = 0; index < lines.length; index++) {
				const row = rows[y + offsetY];
				// Ink skips a line that falls outside the output without moving on to the next row.
				if (!row) continue;
				let line = lines[index]!;
				for (const transformer of transformers) line = transformer(line, index);
				row.push({x, line});
				offsetY++;
			}
		}
	}
}

/** A write inside a clip, as Ink cuts it: its lines and where they go, or undefined when nothing is left. */
function clipWrite(operation: {x: number; y: number; text: string}, clip: Clip): {x: number; y: number; lines: string[]} | undefined {
	const {text} = operation;
	let {x, y} = operation;
	let lines = text.split('\n');
	const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
	const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
	// Entirely outside the clip: nothing to draw.
	if (clipHorizontally) {
		const width = widestLineOf(text);
		if (x + width < clip.x1! || x > clip.x2!) return undefined;
	}
	if (clipVertically) {
		if (y + lines.length < clip.y1! || y > clip.y2!) return undefined;
	}
	if (clipHorizontally) {
		lines = lines.map(line => {
			const from = x < clip.x1! ? clip.x1! - x : 0;
			const width = widthOf(line);
			const to = x + width > clip.x2! ? clip.x2! - x : width;
			return sliced(line, from, to);
		});
		if (x < clip.x1!) x = clip.x1!;
	}
	if (clipVertically) {
		const from = y < clip.y1! ? clip.y1! - y : 0;
		const height = lines.length;
		const to = y + height > clip.y2! ? clip.y2! - y : height;
		lines = lines.slice(from, to);
		if (y < clip.y1!) y = clip.y1!;
	}
	return {x, y, lines};
}
