/** What a user types as a server, and how system and TLS failures read. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ServiceError, describeError} from '../../source/services/errors.js';
import {checkServiceUrl, networkError} from '../../source/services/http.js';

describe('checkServiceUrl', () => {
	it('gives a bare host https, and a loopback host http', () => {
		for (const [typed, url] of [
			['bsky.social', 'https://bsky.social'],
			['bsky.social/', 'https://bsky.social'],
			['  pds.example.com:8443/base/ ', 'https://pds.example.com:8443/base'],
			['localhost:23123', 'http://localhost:23123'],
			['127.0.0.1:8080/zs/', 'http://127.0.0.1:8080/zs'],
			['[::1]:9', 'http://[::1]:9'],
			['HTTPS://Example.COM', 'https://example.com'],
			['http://127.0.0.1:23123', 'http://127.0.0.1:23123'],
		]) {
			assert.equal(checkServiceUrl(typed!), url, typed);
		}
	});

	it('refuses what it cannot use, naming an example of the right kind', () => {
		const refusal = (typed: string, options: Parameters<typeof checkServiceUrl>[1] = {}) => {
			try {
				checkServiceUrl(typed, options);
			} catch (error) {
				assert.ok(error instanceof ServiceError);
				return error;
			}
			assert.fail(`${typed} was accepted`);
		};
		assert.match(refusal('ftp://x', {example: 'http://127.0.0.1:23123'}).message, /Unsupported URL scheme ftp: \(expected e\.g\. http:\/\/127\.0\.0\.1:23123\)/);
		assert.match(refusal('http://[::1', {example: 'https://bsky.social'}).message, /Not a URL: .*expected e\.g\. https:\/\/bsky\.social/);
		assert.equal(refusal('http://zettel.example').kind, 'refused');
		assert.equal(checkServiceUrl('http://zettel.example', {insecure: true}), 'http://zettel.example');
		assert.match(refusal('https://user:pw@pds.example').message, /not in the URL/);
	});
});

describe('failures in words', () => {
	it('says network and TLS codes in words, the code in parentheses', () => {
		for (const [code, words] of [
			['ECONNREFUSED', 'h:1 refused the connection (ECONNREFUSED)'],
			['ENOTFOUND', 'h:1: host name not found (ENOTFOUND)'],
			['ECONNRESET', 'h:1 closed the connection (ECONNRESET)'],
			['EHOSTUNREACH', 'h:1: no route to the host (EHOSTUNREACH)'],
			['CERT_HAS_EXPIRED', 'h:1: its TLS certificate has expired (CERT_HAS_EXPIRED)'],
			['DEPTH_ZERO_SELF_SIGNED_CERT', 'h:1: its TLS certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)'],
			['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'h:1: its TLS certificate cannot be verified (incomplete chain?) (UNABLE_TO_VERIFY_LEAF_SIGNATURE)'],
			['ERR_TLS_CERT_ALTNAME_INVALID', 'h:1: its TLS certificate is for another host name (ERR_TLS_CERT_ALTNAME_INVALID)'],
			['EWHATEVER', 'h:1: EWHATEVER'],
		]) {
			const error = networkError('h:1', Object.assign(new Error('x'), {code}), 1000);
			assert.equal(error.kind, 'network');
			assert.equal(error.message, words);
		}
		assert.equal(networkError('h:1', Object.assign(new Error('x'), {code: 'ETIMEDOUT'}), 15_000).message, 'h:1 did not answer within 15 s');
	});

	it('says file system codes in words', () => {
		assert.equal(describeError(Object.assign(new Error('x'), {code: 'EACCES', path: '/etc/tokentop'})), 'Permission denied (EACCES) on /etc/tokentop');
		assert.equal(describeError(Object.assign(new Error('x'), {code: 'ENOSPC'})), 'The disk is full (ENOSPC)');
		assert.equal(describeError(Object.assign(new Error('x'), {code: 'EWEIRD'})), 'System error EWEIRD');
	});
});
