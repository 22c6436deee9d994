import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cutMiddle} from '../../source/ui/lib/cut-middle.js';
import {displayWidth} from '../../source/ui/lib/fit-column.js';
import {statusText} from '../../source/ui/lib/status-text.js';

test('what fits is left alone', () => {
	assert.equal(cutMiddle('https://bsky.social', 40), 'https://bsky.social');
});

test('a URL keeps its scheme and host, and as much of its end as fits', () => {
	const cut = cutMiddle('https://pds.example.org/xrpc/com.atproto.server.getSession/and/more', 40);
	assert.equal(displayWidth(cut), 40);
	assert.match(cut, /^https:\/\/pds\.example\.org…/);
	assert.match(cut, /and\/more$/);
});

test('a path keeps its last segment and what follows it', () => {
	const cut = cutMiddle('/home/someone/.config/tokentop/config.json (mode 0600)', 40);
	assert.equal(displayWidth(cut), 40);
	assert.match(cut, /^\/home\/[^…]*…\/config\.json \(mode 0600\)$/);
});

test('otherwise both halves; wide characters are measured as drawn', () => {
	assert.equal(cutMiddle('abcdefghijklmnopqrstuvwxyz', 9), 'abcd…wxyz');
	const wide = cutMiddle('日本語のアカウント名前です', 9);
	assert.ok(displayWidth(wide) <= 9, wide);
	assert.equal(cutMiddle('abc', 1), '…');
	assert.equal(cutMiddle('abc', 0), '');
});

test('a status line keeps its key words whole and cuts its detail first', () => {
	const status = {text: 'refresh of alice failed', detail: 'connect ETIMEDOUT 203.0.113.7:443', tone: 'error' as const};
	assert.equal(statusText(status, 80), '✗ refresh of alice failed: connect ETIMEDOUT 203.0.113.7:443');
	assert.equal(statusText(status, 40), '✗ refresh of alice failed: connect ETIM…');
	assert.equal(statusText(status, 30), '✗ refresh of alice failed', 'a detail too short to say anything is left out');
	assert.equal(statusText(status, 16), '✗ refres… failed', 'when even the key words do not fit, their middle goes');
	assert.equal(statusText({text: 'refreshed 6, failed 2', detail: '(alice: needs login)', joiner: ' ', tone: 'error'}, 80), '✗ refreshed 6, failed 2 (alice: needs login)');
});
