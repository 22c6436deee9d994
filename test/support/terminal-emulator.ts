/**
 * A real terminal for in-process tests: @xterm/headless (xterm.js's parser and screen, no DOM)
 * behind a stream that Ink takes for a TTY. Ink then draws as in a terminal (log-update,
 * throttle, erase and rewrite), not in ink-testing-library's debug mode, and a test reads the
 * screen cell by cell: characters and their styles. A line feed also returns the carriage, as a
 * terminal device does (onlcr) for the programs that write to it.
 *
 * Import './real-ink-frames.js' before ink in the test file: Ink draws no frames in CI otherwise.
 */
import {EventEmitter} from 'node:events';
import xterm from '@xterm/headless';

export class EmulatedTerminal extends EventEmitter {
	readonly isTTY = true;
	readonly terminal: xterm.Terminal;
	private pending = 0;

	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
		this.terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true, convertEol: true});
	}

	write = (data: string | Uint8Array): boolean => {
		this.pending++;
		this.terminal.write(data, () => this.pending--);
		return true;
	};

	/** Whether everything written so far has been parsed onto the screen. */
	get settled(): boolean {
		return this.pending === 0;
	}

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.terminal.resize(columns, rows);
		this.emit('resize');
	}

	/** Every cell: its characters and the styles it shows them in, one string per row. */
	screen(): string[] {
		const buffer = this.terminal.buffer.active;
		const cell = buffer.getNullCell();
		const rows: string[] = [];
		for (let y = 0; y < this.rows; y++) {
			const line = buffer.getLine(buffer.viewportY + y);
			let row = '';
			for (let x = 0; x < this.columns; x++) {
				line?.getCell(x, cell);
				const style = [cell.getFgColorMode(), cell.getFgColor(), cell.getBgColorMode(), cell.getBgColor(), cell.isBold(), cell.isDim(), cell.isItalic(), cell.isUnderline(), cell.isInverse(), cell.isStrikethrough()].join(',');
				row += `${cell.getChars() || ' '}[${style}]`;
			}
			rows.push(row);
		}
		return rows;
	}

	/** The screen as plain text, one string per row. */
	text(): string[] {
		const buffer = this.terminal.buffer.active;
		return Array.from({length: this.rows}, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
	}
}

/** A keyboard Ink accepts as a TTY's stdin (nothing is typed). */
export class QuietKeyboard extends EventEmitter {
	readonly isTTY = true;
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read(): null {
		return null;
	}
}
