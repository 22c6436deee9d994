/** Fitting a line of parts into a width by dropping the least important parts first (hints, header). */
import {displayWidth} from './fit-column.js';

export interface Part {
	text: string;
	/** Higher stays longer. */
	priority: number;
}

/** The parts that fit in `width` cells when joined by `separator`, in their order; the lowest priority (the later of equals) goes first. */
export function fitByPriority<P extends Part>(parts: readonly P[], width: number, separator: string): P[] {
	const kept = [...parts];
	const widthOf = () => kept.reduce((sum, part) => sum + displayWidth(part.text), 0) + displayWidth(separator) * Math.max(0, kept.length - 1);
	while (kept.length > 0 && widthOf() > width) {
		let lowest = kept.length - 1;
		for (let index = kept.length - 1; index >= 0; index--) if (kept[index]!.priority < kept[lowest]!.priority) lowest = index;
		kept.splice(lowest, 1);
	}
	return kept;
}
