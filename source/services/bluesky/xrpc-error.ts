/** The error name and message of an XRPC error body (`{"error", "message"}`), when it is one. Pure: no HTTP here. */
export function xrpcErrorOf(body: string): {name?: string; message?: string} {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return {};
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
	const {error, message} = parsed as Record<string, unknown>;
	return {
		name: typeof error === 'string' ? error : undefined,
		message: typeof message === 'string' ? message : undefined,
	};
}
