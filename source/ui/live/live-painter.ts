/**
 * Paints clock-driven text (countdowns) straight onto the terminal, without React or Ink.
 *
 * Why: the app must tick a countdown every second, and a React render plus an Ink frame costs
 * ~20 ms of CPU per second on a quiet virtual machine (its memory has gone cold after a second
 * asleep; measured: a minimal Ink app redrawing one line each second uses ~2 % of a core there,
 * the same app writing the line itself ~0.3 %). A countdown changes its characters, never its
 * size, so its cells can be rewritten in place: the painter sets the text in Ink's tree (so every
 * later frame draws it too) and writes those cells, once per tick, in one write.
 *
 * It paints only when the result is provably the frame Ink would draw: the text keeps its number
 * of lines and its widest line (Yoga's layout cannot change), fits its box (Ink would not cut or
 * wrap it), sits in no clipping box and inside the frame, and the screen shows the latest layout
 * (no frame pending after a commit, no resize since the last frame). Anything else goes to
 * React, which draws a full frame as before. Disabled (tests, no terminal), everything goes to React.
 *
 * Ink internals relied on (ink@6.8.0, see source/ink-patches/MANIFEST.md): the DOM node shape
 * (nodeName, nodeValue, childNodes, parentNode, yogaNode, style, internal_transform), how
 * render-node-to-output.js and squash-text-nodes.js draw an ink-text (squashed, transformers
 * per line, innermost first), the frame starting at the top-left cell of the alternate screen,
 * `rootNode.onRender` being called after every commit and the render option `onRender` after
 * every frame.
 */
import stringWidth from '../../ink-patches/string-width.js';

/** The parts of an Ink DOM node (ink/build/dom.js) the painter reads. */
export interface InkNode {
	nodeName: string;
	nodeValue?: string;
	childNodes?: InkNode[];
	parentNode?: InkNode;
	yogaNode?: {
		getComputedLeft(): number;
		getComputedTop(): number;
		getComputedWidth(): number;
		getComputedPadding(edge: number): number;
		getComputedBorder(edge: number): number;
		getDisplay(): number;
	};
	style?: {overflow?: string; overflowX?: string; overflowY?: string};
	internal_transform?: (text: string, index: number) => string;
	onRender?: () => void;
}

/** One live text: the host element that holds it as its only child, and the text it shows. */
export interface LiveRegion {
	element?: InkNode;
	/** What the element holds now (set by React's render and by a paint). */
	text: string;
	/** Painted since React last rendered it: React's copy of the text is then stale. */
	painted: boolean;
}

/** Where and how Ink drew an outer ink-text in the last frame: painting keeps all of it. */
interface Geometry {
	x: number;
	y: number;
	/** Cells for text (Ink's getMaxWidth). */
	width: number;
	lineCount: number;
	widest: number;
	transformers: Array<(text: string, index: number) => string>;
}

interface Offer {
	region: LiveRegion;
	text: string;
	/** Hands the new text to React instead (a full frame). */
	toReact: () => void;
}

// Yoga's edge and display constants (yoga-layout 3).
const edgeLeft = 0;
const edgeRight = 2;
const displayNone = 1;

const beginSynchronizedUpdate = '\x1b[?2026h';
const endSynchronizedUpdate = '\x1b[?2026l';
const saveCursor = '\x1b7';
const restoreCursor = '\x1b8';
const resetStyle = '\x1b[0m';

const wrappedRoots = new WeakSet<InkNode>();

export class LivePainter {
	private offers: Offer[] = [];
	private framePending = false;
	private layoutStale = true;
	/** Terminal rows the frame may use (it starts at the top; Ink draws at most rows − 1 lines). */
	private rows = 0;
	private columns = 0;
	/** Per frame: the outer element of each region's element (undefined: not paintable) and its geometry. */
	private readonly outerOf = new Map<InkNode, InkNode | undefined>();
	private readonly geometryOf = new Map<InkNode, Geometry | undefined>();

	/** `write` undefined: never paints (tests, no terminal), every change goes to React. */
	constructor(private readonly write?: (data: string) => void) {}

	get enabled(): boolean {
		return this.write !== undefined;
	}

	/** Ink drew a full frame (its render option `onRender`): the screen shows the tree's layout. */
	noteFrame(columns: number, rows: number): void {
		this.framePending = false;
		this.layoutStale = false;
		this.columns = columns;
		this.rows = rows;
		this.outerOf.clear();
		this.geometryOf.clear();
	}

	/** The terminal changed size: nothing is painted until the next full frame. */
	noteResize(): void {
		this.layoutStale = true;
	}

	/** A live text's element was mounted: from now on every commit is seen (before the first paint, too). */
	adopt(element: InkNode): void {
		if (!this.write) return;
		let root: InkNode | undefined = element;
		while (root?.parentNode) root = root.parentNode;
		if (root?.nodeName === 'ink-root') this.watchCommits(root);
	}

	/** A new text for a region, painted at the next flush() or, if it cannot be, handed to React. */
	offer(region: LiveRegion, text: string, toReact: () => void): void {
		if (!this.write) {
			toReact();
			return;
		}
		this.offers.push({region, text, toReact});
	}

	/** Paints what was offered since the last flush, in one write; the rest goes to React. */
	flush(): void {
		const offers = this.offers;
		if (offers.length === 0) return;
		this.offers = [];
		const byElement = new Map<InkNode, Offer[]>();
		const refused: Offer[] = [];
		for (const offer of offers) {
			const outer = this.paintable(offer.region.element);
			if (!outer) {
				refused.push(offer);
				continue;
			}
			const group = byElement.get(outer);
			if (group) group.push(offer);
			else byElement.set(outer, [offer]);
		}
		let output = '';
		for (const [outer, group] of byElement) {
			const cells = this.repaint(outer, group);
			if (cells === undefined) refused.push(...group);
			else output += cells;
		}
		if (output !== '') this.write!(`${beginSynchronizedUpdate}${saveCursor}${output}${restoreCursor}${endSynchronizedUpdate}`);
		for (const offer of refused) offer.toReact();
	}

	/** The outermost ink-text holding the region's element, when the screen shows it as laid out; else undefined. */
	private paintable(element: InkNode | undefined): InkNode | undefined {
		if (this.framePending || this.layoutStale || !element) return undefined;
		if (this.outerOf.has(element)) return this.outerOf.get(element);
		const outer = this.findOuter(element);
		this.outerOf.set(element, outer);
		return outer;
	}

	private findOuter(element: InkNode): InkNode | undefined {
		const child = element.childNodes?.[0];
		if (element.childNodes?.length !== 1 || child?.nodeName !== '#text') return undefined;
		let outer = element;
		while (outer.parentNode && (outer.parentNode.nodeName === 'ink-text' || outer.parentNode.nodeName === 'ink-virtual-text')) outer = outer.parentNode;
		if (outer.nodeName !== 'ink-text') return undefined;
		for (let node: InkNode | undefined = outer.parentNode; node; node = node.parentNode) {
			const {style} = node;
			if (style && (style.overflow === 'hidden' || style.overflowX === 'hidden' || style.overflowY === 'hidden')) return undefined;
			if (node.yogaNode?.getDisplay() === displayNone) return undefined;
			if (node.nodeName === 'ink-root') {
				this.watchCommits(node);
				return outer;
			}
		}
		// Not (or no longer) in the tree.
		return undefined;
	}

	/** Every commit calls the root's onRender, which draws (or, throttled, will draw) a frame: until it is drawn, nothing is painted. */
	private watchCommits(root: InkNode): void {
		if (wrappedRoots.has(root) || typeof root.onRender !== 'function') return;
		wrappedRoots.add(root);
		const render = root.onRender;
		root.onRender = () => {
			this.framePending = true;
			render();
		};
	}

	/**
	 * Sets the group's texts in Ink's tree and returns the escape sequences that rewrite the outer
	 * element's cells, or puts the texts back and returns undefined when the element's size would
	 * change or it would not be drawn whole.
	 */
	private repaint(outer: InkNode, group: Offer[]): string | undefined {
		if (!this.geometryOf.has(outer)) this.geometryOf.set(outer, this.measure(outer));
		const geometry = this.geometryOf.get(outer);
		if (!geometry) return undefined;
		const previous = group.map(({region}) => region.element!.childNodes![0]!.nodeValue ?? '');
		group.forEach(({region, text}) => (region.element!.childNodes![0]!.nodeValue = text));
		const after = squash(outer);
		const lines = after.split('\n');
		if (!onlyStyleCodes(after) || lines.length !== geometry.lineCount || widestLine(lines) !== geometry.widest) {
			group.forEach(({region}, index) => (region.element!.childNodes![0]!.nodeValue = previous[index]));
			return undefined;
		}
		for (const {region, text} of group) {
			region.text = text;
			region.painted = true;
		}
		let cells = '';
		lines.forEach((line, index) => {
			let styled = line;
			for (const transform of geometry.transformers) styled = transform(styled, index);
			// Cells of the box right of the text are blank in a full frame too.
			const blank = ' '.repeat(Math.max(0, geometry.width - stringWidth(line)));
			cells += `\x1b[${geometry.y + index + 1};${geometry.x + 1}H${resetStyle}${styled}${resetStyle}${blank}`;
		});
		return cells;
	}

	/** The element as the last frame drew it, when Ink drew it whole and unwrapped inside the frame; else undefined. */
	private measure(outer: InkNode): Geometry | undefined {
		const position = this.positionOf(outer);
		const yoga = outer.yogaNode;
		if (!position || !yoga) return undefined;
		const text = squash(outer);
		const lines = text.split('\n');
		const width =
			yoga.getComputedWidth() - yoga.getComputedPadding(edgeLeft) - yoga.getComputedPadding(edgeRight) - yoga.getComputedBorder(edgeLeft) - yoga.getComputedBorder(edgeRight);
		const widest = widestLine(lines);
		const whole = onlyStyleCodes(text) && widest <= width && position.x + width <= this.columns && position.y + lines.length <= this.rows - 1;
		return whole ? {...position, width, lineCount: lines.length, widest, transformers: transformersOf(outer)} : undefined;
	}

	/** Where Ink puts the element: its Yoga offsets added up to the root (the frame's top-left cell is the screen's). */
	private positionOf(outer: InkNode): {x: number; y: number} | undefined {
		let x = 0;
		let y = 0;
		for (let node: InkNode | undefined = outer; node; node = node.parentNode) {
			if (!node.yogaNode) return undefined;
			x += node.yogaNode.getComputedLeft();
			y += node.yogaNode.getComputedTop();
		}
		return {x, y};
	}
}

/** Ink's squashTextNodes: the element's text, each nested Text's transform applied to its own part. */
export function squash(node: InkNode): string {
	let text = '';
	(node.childNodes ?? []).forEach((child, index) => {
		if (child.nodeName === '#text') {
			text += child.nodeValue ?? '';
			return;
		}
		let part = child.nodeName === 'ink-text' || child.nodeName === 'ink-virtual-text' ? squash(child) : '';
		if (part.length > 0 && typeof child.internal_transform === 'function') part = child.internal_transform(part, index);
		text += part;
	});
	return text;
}

/** The transforms Ink applies to each line of the element: its own first, then its ancestors'. */
function transformersOf(outer: InkNode): Array<(text: string, index: number) => string> {
	const transformers: Array<(text: string, index: number) => string> = [];
	for (let node: InkNode | undefined = outer; node; node = node.parentNode) {
		if (typeof node.internal_transform === 'function') transformers.push(node.internal_transform);
	}
	return transformers;
}

/** Text with no control characters but SGR styles and line breaks: what Ink's sanitizer leaves as it is. */
function onlyStyleCodes(text: string): boolean {
	// eslint-disable-next-line no-control-regex -- control characters are what this looks for
	return !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text.replace(/\u001b\[[\d;]*m/g, ''));
}

function widestLine(lines: readonly string[]): number {
	let widest = 0;
	for (const line of lines) widest = Math.max(widest, stringWidth(line));
	return widest;
}
