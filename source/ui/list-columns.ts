/**
 * The list's columns and their widths for a width. The name takes what is left; when it would
 * get too little, the service column goes (lowest priority), so titles never run together.
 */
import {kindIds} from '../services/kinds.js';

export interface ListColumns {
	marker: number;
	/** 0 when the column is left out. */
	service: number;
	name: number;
	state: number;
	timeLeft: number;
}

/** The service column fits the longest kind's name and a space, so it never runs into the name. */
const fixed = {marker: 2, service: Math.max(...kindIds.map(id => id.length)) + 1, state: 17, timeLeft: 8} as const;
/** A name column narrower than this makes the service column go. */
const shortestName = 14;
/** Never narrower: "NAME" and a space. */
const narrowestName = 5;

export function listColumns(width: number): ListColumns {
	const always = fixed.marker + fixed.state + fixed.timeLeft;
	const service = width - always - fixed.service >= shortestName ? fixed.service : 0;
	return {marker: fixed.marker, service, name: Math.max(narrowestName, width - always - service), state: fixed.state, timeLeft: fixed.timeLeft};
}

/** The column titles, each padded to its column. */
export function columnTitles(columns: ListColumns): string {
	const service = columns.service > 0 ? 'SERVICE'.padEnd(columns.service) : '';
	return `${' '.repeat(columns.marker)}${service}${'NAME'.padEnd(columns.name)}${'STATE'.padEnd(columns.state)}LEFT`;
}
