/**
 * A browser that is no browser, for the Bluesky stand-in's OAuth side (which approves at once):
 * the address to open is requested, and the stand-in's redirect is "pasted" back. Used by the
 * demo and the bench to sign in for real without a person.
 */
import {get} from 'node:http';
import type {InteractiveLoginIo} from '../services/kind.js';

export function approvedAtOnce(): InteractiveLoginIo {
	let paste: (line: string) => void = () => undefined;
	const redirect = new Promise<string>(resolve => (paste = resolve));
	return {
		showAddress: url =>
			new Promise<void>((resolve, reject) => {
				get(url, answer => {
					answer.resume();
					const location = answer.headers.location;
					if (location === undefined) reject(new Error(`the stand-in did not approve (HTTP ${answer.statusCode})`));
					else resolve(paste(location));
				}).on('error', reject);
			}),
		pastedLines: (async function* () {
			yield await redirect;
		})(),
	};
}
