/**
 * Child process of the bench: the baseline of `refresh --all`. A bare loop doing the same
 * renewals with got, with the options source/services/http.ts uses and the same number of
 * workers, and nothing else (no store, no locks, no journal). An OAuth grant is signed per
 * send with node:crypto (a DPoP proof: ES256 over a JWT naming method, URL, a fresh jti and
 * the account's stored nonce) and, like tokentop, sent once more only when the server refused
 * the nonce (400 use_dpop_nonce with a new DPoP-Nonce).
 *
 * argv: REQUESTS_JSON_FILE CONCURRENCY. The file holds [PlannedRequest].
 */
import got, {type Method} from 'got';
import {createPrivateKey, randomBytes, sign} from 'node:crypto';
import {readFileSync} from 'node:fs';

export interface PlannedRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	/** Sent as application/x-www-form-urlencoded. */
	form?: Record<string, string>;
	/** Sign each send with this P-256 private JWK, with this nonce first. */
	dpop?: {key: {kty: string; crv: string; x: string; y: string; d: string}; nonce?: string};
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function dpopProof(dpop: NonNullable<PlannedRequest['dpop']>, method: string, url: string, nonce: string | undefined): string {
	const {kty, crv, x, y} = dpop.key;
	const claims = {jti: randomBytes(16).toString('base64url'), htm: method, htu: url, iat: Math.floor(Date.now() / 1000), ...(nonce === undefined ? {} : {nonce})};
	const input = `${base64url({typ: 'dpop+jwt', alg: 'ES256', jwk: {kty, crv, x, y}})}.${base64url(claims)}`;
	const key = createPrivateKey({key: dpop.key, format: 'jwk'});
	return `${input}.${sign('sha256', Buffer.from(input), {key, dsaEncoding: 'ieee-p1363'}).toString('base64url')}`;
}

async function send(request: PlannedRequest): Promise<number> {
	const once = (nonce: string | undefined) =>
		got(request.url, {
			method: request.method as Method,
			headers: {'user-agent': 'tokentop', ...request.headers, ...(request.dpop ? {dpop: dpopProof(request.dpop, request.method, request.url, nonce)} : {})},
			...(request.form ? {form: request.form} : {}),
			timeout: {request: 15_000},
			retry: {limit: 0},
			followRedirect: false,
			throwHttpErrors: false,
			responseType: 'text',
		});
	const first = await once(request.dpop?.nonce);
	const offered = first.headers['dpop-nonce'];
	if (request.dpop && first.statusCode === 400 && typeof offered === 'string' && offered !== request.dpop.nonce && first.body.includes('"use_dpop_nonce"')) {
		return (await once(offered)).statusCode;
	}
	return first.statusCode;
}

async function main(): Promise<void> {
	const [file, concurrencyText = '8'] = process.argv.slice(2);
	if (!file) throw new Error('usage: got-loop REQUESTS_JSON_FILE [CONCURRENCY]');
	const requests = JSON.parse(readFileSync(file, 'utf8')) as PlannedRequest[];
	let next = 0;
	let failed = 0;
	const worker = async () => {
		while (next < requests.length) {
			if ((await send(requests[next++]!)) !== 200) failed++;
		}
	};
	await Promise.all(Array.from({length: Math.min(Number(concurrencyText), requests.length)}, worker));
	process.stdout.write(`${JSON.stringify({requests: requests.length, failed})}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`got-loop: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
