/**
 * Everything that differs between kinds of account lives in the kind's own folder
 * (source/services/KIND/). Outside those folders no code names a kind or asks which kind an
 * account is: a new kind is one folder plus one registry line.
 */
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {it} from 'node:test';
import {kindIds} from '../../source/services/kinds.js';

/** Stand-in servers are one per kind of server by design; they are not the product's branches. */
const exempt = [...kindIds.map(id => path.join('source', 'services', id) + path.sep), path.join('source', 'standins') + path.sep];

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

/** Code only: comments may mention a service by name. */
function withoutComments(text: string): string {
	return text.replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

it('names no kind of account and asks no account its kind outside the kinds’ folders', () => {
	const files = [...sourceFiles('source'), 'cli.tsx'].filter(file => !exempt.some(prefix => file.startsWith(prefix)));
	assert.ok(files.length > 50, 'the scan found the source tree');
	const offences: string[] = [];
	for (const file of files) {
		const lines = withoutComments(readFileSync(file, 'utf8')).split('\n');
		lines.forEach((text, index) => {
			const namesAKind = kindIds.some(id => new RegExp(`(['"\`])${id}\\1`).test(text));
			const asksTheKind = /\.service\s*[!=]==|[!=]==\s*[\w.]+\.service\b/.test(text);
			if (namesAKind || asksTheKind) offences.push(`${file}:${index + 1}: ${text.trim()}`);
		});
	}
	assert.deepEqual(offences, []);
});

it('catches a branch on the service name (the check itself can fail)', () => {
	const sample = "if (account.service === 'bluesky') return 1;";
	assert.ok(kindIds.some(id => new RegExp(`(['"\`])${id}\\1`).test(sample)));
	assert.ok(/\.service\s*[!=]==/.test(sample));
});
