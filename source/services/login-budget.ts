/**
 * The login budget a server grants per identifier (protocols.md §4: a PDS allows 30 logins per
 * 5 minutes and 300 per day per identifier + IP, failures included; the bsky.social entryway
 * 100 per day), read from the `ratelimit-*` headers of every login answer and kept with the
 * account. A person is shown it when it runs low; automatic re-logins stop when fewer than a
 * fifth remain, so tokentop never burns the logins a person will need.
 */
import {formatLocalTime} from '../rules/time-format.js';
import type {SchemaNode} from './store/schema-check.js';

export interface LoginBudget {
	/** Logins allowed in the window (ratelimit-limit). */
	limit: number;
	/** Logins left in it (ratelimit-remaining). */
	remaining: number;
	/** When the window resets (epoch ms), if the server said. */
	resetAt?: number;
	/** The server's policy, e.g. "30;w=300" (30 per 300 s). */
	policy?: string;
	/** When the server said so (epoch ms). */
	seenAt: number;
}

export const loginBudgetSchema: SchemaNode = {
	type: 'object',
	required: ['limit', 'remaining', 'seenAt'],
	properties: {limit: {type: 'number'}, remaining: {type: 'number'}, resetAt: {type: 'number'}, policy: {type: 'string'}, seenAt: {type: 'number'}},
};

type Headers = Record<string, string | string[] | undefined>;

/** The budget a login answer announced, if it carried ratelimit-limit and ratelimit-remaining. */
export function loginBudgetOf(headers: Headers, receivedAt: number): LoginBudget | undefined {
	const limit = wholeNumber(header(headers, 'ratelimit-limit'));
	const remaining = wholeNumber(header(headers, 'ratelimit-remaining'));
	if (limit === undefined || remaining === undefined || limit <= 0) return undefined;
	const reset = wholeNumber(header(headers, 'ratelimit-reset'));
	const policy = header(headers, 'ratelimit-policy');
	return {
		limit,
		remaining: Math.min(remaining, limit),
		// The PDS sends epoch seconds; the IETF draft, seconds from now. A small number is the latter.
		...(reset === undefined ? {} : {resetAt: reset > 1_000_000_000 ? reset * 1000 : receivedAt + reset * 1000}),
		...(policy && /^[\w;=., -]{1,60}$/.test(policy) ? {policy} : {}),
		seenAt: receivedAt,
	};
}

/** Whether the window the budget was counted in still runs (unknown end: it does). */
function stillCounts(budget: LoginBudget, now: number): boolean {
	return budget.resetAt === undefined || budget.resetAt > now;
}

/** Fewer than a fifth left: no automatic re-login may spend one. */
export function loginBudgetTooLow(budget: LoginBudget | undefined, now: number): boolean {
	return budget !== undefined && stillCounts(budget, now) && budget.remaining * 5 < budget.limit;
}

/** Half or less left: worth showing a person. */
export function loginBudgetRunsLow(budget: LoginBudget | undefined, now: number): boolean {
	return budget !== undefined && stillCounts(budget, now) && budget.remaining * 2 <= budget.limit;
}

/** "4 of 30 logins left until 14:05:00 (30;w=300)". */
export function loginBudgetText(budget: LoginBudget): string {
	const until = budget.resetAt === undefined ? '' : ` until ${formatLocalTime(budget.resetAt)}`;
	return `${budget.remaining} of ${budget.limit} logins left${until}${budget.policy ? ` (${budget.policy})` : ''}`;
}

function header(headers: Headers, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function wholeNumber(text: string | undefined): number | undefined {
	if (text === undefined || !/^\s*\d{1,12}\s*$/.test(text)) return undefined;
	return Number(text);
}
