/**
 * Reading servers' answers in this folder: JSON objects with typed fields, and server-written
 * text made safe for a one-line message (no control characters, bounded, and none of the
 * secrets we sent or anything shaped like an OAuth token).
 */
import {ServiceError} from '../errors.js';
import {type HttpAnswer} from '../http.js';

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The answer's JSON object body, or a bad-answer failure saying what was expected. */
export function jsonBodyOf(answer: HttpAnswer, host: string, what: string): Record<string, unknown> {
	const body = parseJsonObject(answer.body);
	if (body === undefined) {
		const type = answer.contentType.split(';')[0]?.trim() || 'no content type';
		throw new ServiceError('bad-answer', `${host} sent ${what} that is not a JSON object (${type})`, {status: answer.status});
	}
	return body;
}

export function stringField(body: Record<string, unknown>, field: string, host: string, what: string): string {
	const value = body[field];
	if (typeof value !== 'string' || value === '') throw new ServiceError('bad-answer', `${host} sent ${what} without "${field}"`);
	return value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** OAuth-shaped secrets: JWTs, refresh tokens (ref-…), codes (cod-…), request URIs' ids. */
const tokenShapes = /eyJ[\w-]*\.[\w-]*\.[\w-]*|\b(?:ref|cod|tok|req)-[\w-]{16,}/g;

/** A server's words fit for a one-line message: never a secret we sent, never a control character. */
export function serverWords(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let clean = text
		// eslint-disable-next-line no-control-regex -- removing control characters is the point
		.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	for (const secret of secrets) if (secret) clean = clean.split(secret).join('…');
	clean = clean.replace(tokenShapes, '…');
	return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

export function headerValue(headers: HttpAnswer['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}
