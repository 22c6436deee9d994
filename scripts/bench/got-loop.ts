/**
 * Child process of the bench: the baseline of `refresh --all`. A bare loop doing the same
 * renewals with got, with the options source/services/http.ts uses and the same number of
 * workers, and nothing else (no store, no locks, no journal).
 *
 * argv: REQUESTS_JSON_FILE CONCURRENCY. The file holds [{method, url, headers}].
 */
import got, {type Method} from 'got';
import {readFileSync} from 'node:fs';

interface PlannedRequest {
	method: Method;
	url: string;
	headers: Record<string, string>;
}

async function main(): Promise<void> {
	const [file, concurrencyText = '8'] = process.argv.slice(2);
	if (!file) throw new Error('usage: got-loop REQUESTS_JSON_FILE [CONCURRENCY]');
	const requests = JSON.parse(readFileSync(file, 'utf8')) as PlannedRequest[];
	let next = 0;
	let failed = 0;
	const worker = async () => {
		while (next < requests.length) {
			const request = requests[next++]!;
			const response = await got(request.url, {
				method: request.method,
				headers: {'user-agent': 'tokentop', ...request.headers},
				timeout: {request: 15_000},
				retry: {limit: 0},
				followRedirect: false,
				throwHttpErrors: false,
				responseType: 'text',
			});
			if (response.statusCode !== 200) failed++;
		}
	};
	await Promise.all(Array.from({length: Math.min(Number(concurrencyText), requests.length)}, worker));
	process.stdout.write(`${JSON.stringify({requests: requests.length, failed})}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`got-loop: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
