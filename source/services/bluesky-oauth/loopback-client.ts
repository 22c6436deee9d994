/**
 * tokentop as an atproto OAuth *loopback client*: no client metadata to host; the client_id is
 * `http://localhost` with the scope and redirect URI in its query. The redirect must name
 * 127.0.0.1 (servers refuse `localhost` there); its port is not matched, so each login may
 * listen on a fresh random port.
 */

/** Enough to read the profile and write records; `atproto` alone cannot write (403 ScopeMissingError). */
export const defaultScope = 'atproto transition:generic';

export const callbackPath = '/callback';

export function loopbackRedirectUri(port: number): string {
	return `http://127.0.0.1:${port}${callbackPath}`;
}

export function loopbackClientId(scope: string, redirectUri: string): string {
	return `http://localhost?${new URLSearchParams({scope, redirect_uri: redirectUri})}`;
}
