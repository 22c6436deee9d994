/**
 * System and TLS error codes in words, for one-line messages: "connection refused
 * (ECONNREFUSED)". The code follows in parentheses, for searching and bug reports.
 */
const words: Record<string, string> = {
	// Network
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection closed by the other side',
	ECONNABORTED: 'connection aborted',
	EPIPE: 'connection closed while sending',
	ETIMEDOUT: 'timed out',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'the DNS lookup failed for now',
	EHOSTUNREACH: 'no route to the host',
	EHOSTDOWN: 'the host is down',
	ENETUNREACH: 'the network is unreachable',
	ENETDOWN: 'the network is down',
	EADDRNOTAVAIL: 'address not available here',
	EPROTO: 'protocol error (TLS handshake failed)',
	ERR_SSL_WRONG_VERSION_NUMBER: 'no TLS on the other side (an http server at an https URL?)',
	// TLS certificates
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
	CERT_NOT_YET_VALID: 'its TLS certificate is not valid yet (check the clock)',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
	SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain has a self-signed certificate that is not trusted here',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified (incomplete chain?)',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of its TLS certificate is not trusted here',
	UNABLE_TO_GET_ISSUER_CERT: 'the issuer of its TLS certificate is unknown',
	CERT_UNTRUSTED: 'its TLS certificate is not trusted',
	CERT_REVOKED: 'its TLS certificate has been revoked',
	CERT_SIGNATURE_FAILURE: 'its TLS certificate has a bad signature',
	ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
	// Files
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'the disk is full',
	EDQUOT: 'the disk quota is used up',
	ENOENT: 'no such file or folder',
	EEXIST: 'exists already',
	EISDIR: 'it is a folder',
	ENOTDIR: 'a part of the path is not a folder',
	ENOTEMPTY: 'folder not empty',
	EMFILE: 'too many open files',
	ENFILE: 'too many open files in the system',
	ENAMETOOLONG: 'the name is too long',
	ELOOP: 'too many symbolic links',
	EBUSY: 'busy',
	EIO: 'input/output error',
};

/** "connection refused (ECONNREFUSED)"; an unknown code as it is. */
export function codeInWords(code: string): string {
	const said = words[code];
	return said ? `${said} (${code})` : code;
}
