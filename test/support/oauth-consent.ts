/**
 * Signs in and approves (or refuses) an OAuth authorization on the real PDS without a browser,
 * as protocols.md §3 describes: five plain node:http requests (Node's fetch sends
 * `sec-fetch-mode: cors`, which the sign-in API refuses). (1) GET the authorization page as a
 * navigation → device cookies and the CSRF token; (2) POST ~api/sign-in; (3) POST ~api/consent
 * (or ~api/reject) → the URL of the redirect page; (4) GET it → 303 to the client's loopback
 * redirect; (5) optionally follow that redirect, as the browser would.
 */
import {type IncomingHttpHeaders, request as httpRequest} from 'node:http';

export interface ConsentOptions {
	/** Handle or email, and password, as typed into the sign-in page. */
	username: string;
	password: string;
	/** Default approve; reject = the user refuses consent (access_denied). */
	decision?: 'approve' | 'reject';
	/** Default true: GET the loopback redirect as the browser would. False: the redirect fails (e.g. over SSH). */
	followRedirect?: boolean;
}

export interface ConsentOutcome {
	/** The address the browser is sent to: http://127.0.0.1:PORT/callback?… */
	redirectUrl: string;
	/** What the loopback receiver answered, when the redirect was followed. */
	callbackAnswer?: Reply;
}

interface Reply {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

const apiPrefix = '/@atproto/oauth-provider/~api';

export async function driveConsent(authorizationUrl: string, options: ConsentOptions): Promise<ConsentOutcome> {
	const issuer = new URL(authorizationUrl).origin;
	const cookies = new Map<string, string>();
	const navigate = {'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'sec-fetch-site': 'none'};

	// (1) The authorization page, opened as a top-level navigation.
	const page = await send('GET', authorizationUrl, navigate, cookies);
	if (page.status !== 200) throw new Error(`authorization page: HTTP ${page.status} ${page.body.slice(0, 200)}`);
	const csrf = cookies.get('csrf-token');
	if (csrf === undefined) throw new Error('authorization page set no csrf-token cookie');
	const api = {
		'sec-fetch-mode': 'same-origin',
		'sec-fetch-site': 'same-origin',
		'sec-fetch-dest': 'empty',
		origin: issuer,
		referer: authorizationUrl,
		'x-csrf-token': csrf,
		'content-type': 'application/json',
	};

	let next: string;
	if ((options.decision ?? 'approve') === 'approve') {
		// (2) Sign in; the session cookie rotates.
		const signIn = await send('POST', `${issuer}${apiPrefix}/sign-in`, api, cookies, {locale: 'en', username: options.username, password: options.password});
		if (signIn.status !== 200) throw new Error(`sign-in: HTTP ${signIn.status} ${signIn.body.slice(0, 200)}`);
		const signedIn = JSON.parse(signIn.body) as {account: {sub: string}; ephemeralToken?: string};
		// (3) Consent for the account just signed in.
		const consent = await send(
			'POST',
			`${issuer}${apiPrefix}/consent`,
			{...api, ...(signedIn.ephemeralToken === undefined ? {} : {authorization: `Bearer ${signedIn.ephemeralToken}`})},
			cookies,
			{sub: signedIn.account.sub},
		);
		next = urlOf(consent, 'consent');
	} else {
		// (2′–3′) Refuse without signing in, as the page's "Deny" button does.
		next = urlOf(await send('POST', `${issuer}${apiPrefix}/reject`, api, cookies, {}), 'reject');
	}

	// (4) The redirect page answers 303 to the client's redirect_uri.
	const redirect = await send('GET', next, {...navigate, 'sec-fetch-site': 'same-origin', referer: authorizationUrl}, cookies);
	const location = redirect.headers.location;
	if (redirect.status !== 303 || typeof location !== 'string') throw new Error(`redirect page: HTTP ${redirect.status} ${redirect.body.slice(0, 200)}`);
	if (options.followRedirect === false) return {redirectUrl: location};
	// (5) The browser arrives at the loopback receiver.
	return {redirectUrl: location, callbackAnswer: await send('GET', location, navigate, new Map())};
}

function urlOf(reply: Reply, step: string): string {
	const body = JSON.parse(reply.body) as {url?: string};
	if (reply.status !== 200 || typeof body.url !== 'string') throw new Error(`${step}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
	return body.url;
}

function send(method: string, url: string, headers: Record<string, string>, cookies: Map<string, string>, json?: unknown): Promise<Reply> {
	const body = json === undefined ? undefined : JSON.stringify(json);
	const cookieHeader = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	return new Promise((resolve, reject) => {
		const outgoing = httpRequest(
			url,
			{
				method,
				headers: {
					...headers,
					...(cookieHeader === '' ? {} : {cookie: cookieHeader}),
					...(body === undefined ? {} : {'content-length': Buffer.byteLength(body)}),
				},
			},
			(response) => {
				for (const line of response.headers['set-cookie'] ?? []) {
					const [pair] = line.split(';');
					const at = pair!.indexOf('=');
					if (at > 0) cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
				}
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (text += chunk));
				response.on('end', () => resolve({status: response.statusCode ?? 0, headers: response.headers, body: text}));
			},
		);
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}
