/**
 * `tokentop token NAME` with a valid token is the command scripts run most: it must load only
 * what it needs. The built binary runs under a module-load recorder; no module it loads may be
 * got, React, Ink or the keyring's native addon.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {it} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {cliPath, tempConfigDir} from '../support/cli.js';

/** Marks a bundled module by a string only it contains. */
const heavy = {
	got: 'sindresorhus/got',
	React: 'react.transitional.element',
	Ink: 'Raw mode is not supported',
};

function loadedModules(dir: string, args: string[]): {stdout: string; urls: string[]} {
	const log = path.join(dir, 'loaded.txt');
	const hooks = path.join(dir, 'hooks.mjs');
	const recorder = path.join(dir, 'recorder.mjs');
	writeFileSync(hooks, `import {appendFileSync} from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`);
	writeFileSync(recorder, `import {register} from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
	writeFileSync(log, '');
	const result = spawnSync(process.execPath, ['--import', pathToFileURL(recorder).href, cliPath, ...args], {
		env: {...process.env, TOKENTOP_CONFIG_DIR: dir, NO_COLOR: '1'},
		encoding: 'utf8',
	});
	assert.equal(result.status, 0, result.stderr);
	return {stdout: result.stdout, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean)};
}

it('token NAME with a valid token loads no got, React, Ink, keyring or HTTP', async t => {
	const dir = tempConfigDir(t);
	const account = zettelstoreRecord({name: 'zs'});
	await TokenStore.open({dir}).update(() => [account]);
	const {stdout, urls} = loadedModules(dir, ['token', 'zs']);
	assert.equal(stdout, `${account.token}\n`);
	const bundled = urls.filter(url => url.startsWith('file:') && url.includes(`${path.sep}dist${path.sep}`));
	assert.ok(bundled.length > 1, `the recorder saw the bundle: ${urls.join(' ')}`);
	for (const url of bundled) {
		const code = readFileSync(fileURLToPath(url), 'utf8');
		for (const [name, marker] of Object.entries(heavy)) assert.ok(!code.includes(marker), `${name} was loaded (in ${path.basename(url)})`);
	}
	for (const unwanted of ['node:http', 'node:https', '@napi-rs']) assert.ok(!urls.some(url => url.includes(unwanted)), `${unwanted} was loaded`);
});

it('the check can fail: each marker is found in the bundle', () => {
	const chunks = path.join(path.dirname(cliPath), 'chunks');
	const code = readdirSync(chunks).map(file => readFileSync(path.join(chunks, file), 'utf8'));
	for (const [name, marker] of Object.entries(heavy)) assert.ok(code.some(text => text.includes(marker)), `no chunk holds ${name}`);
});
