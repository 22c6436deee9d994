/**
 * The demo's seeding: stand-in servers on 127.0.0.1, real logins into a throw-away folder,
 * and a stop() that leaves nothing behind.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import {request} from 'node:http';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {accessExpiresAt, accessIssuedAt, type Account} from '../../source/services/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import * as zettelstore from '../../source/services/zettelstore/api.js';
import {runDemo, startDemo, type Demo} from '../../source/commands/demo.js';
import {ServiceError} from '../../source/services/errors.js';

const demoModule = path.resolve(import.meta.dirname, '../../source/commands/demo.ts');

describe('the demo', () => {
	let demo: Demo;
	let accounts: Account[];
	before(async () => {
		demo = await startDemo({loginDelayMs: 0});
		accounts = demo.store.read();
	});
	after(() => demo.stop());

	it('seeds 6–8 accounts across the three kinds', () => {
		assert.ok(accounts.length >= 6 && accounts.length <= 8, `${accounts.length} accounts`);
		const services = new Set(accounts.map(account => account.service));
		assert.deepEqual([...services].sort(), ['bluesky', 'bluesky-oauth', 'zettelstore']);
		assert.equal(new Set(accounts.map(account => account.name)).size, accounts.length, 'names are unique');
	});

	it('keeps the config in a private throw-away folder', () => {
		assert.equal(statSync(demo.configDir).mode & 0o777, 0o700);
		assert.equal(demo.store.dir, demo.configDir);
	});

	it('gives tokens that expire within 60–120 s, not all at once', () => {
		const lifetimes = accounts.filter(account => !isFreeAccess(account)).map(account => (accessExpiresAt(account) - accessIssuedAt(account)) / 1000);
		assert.ok(lifetimes.length >= 5, `${lifetimes.length} accounts with an expiry`);
		for (const seconds of lifetimes) assert.ok(seconds >= 59 && seconds <= 121, `lifetime ${seconds} s`);
		assert.ok(new Set(lifetimes.map(Math.round)).size >= 3, `varied lifetimes: ${lifetimes.join(', ')}`);
	});

	it('includes a JSON-era and an auth-disabled Zettelstore', () => {
		const zettelstores = accounts.filter(account => account.service === 'zettelstore');
		assert.ok(zettelstores.some(account => account.era === 'json'), 'a JSON-era server');
		assert.ok(zettelstores.some(account => account.freeAccess), 'an auth-disabled server');
	});

	it('stores credentials each server accepts', async () => {
		for (const account of accounts) {
			if (account.service === 'bluesky') {
				const session = await bluesky.getSession(account.pdsUrl ?? account.url, account.accessJwt);
				assert.equal(session.handle, account.handle);
			} else if (account.service === 'zettelstore') {
				const answer = await zettelstore.renew(account.url, account.token);
				assert.ok(answer.lifetimeSeconds > 0, `${account.name} renewed`);
			}
		}
	});

	it('serves only on loopback', () => {
		for (const server of demo.servers) assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
	});
});

describe('stopping the demo', () => {
	it('closes every server and removes the folder, and may be called twice', async () => {
		const demo = await startDemo({loginDelayMs: 0});
		const urls = demo.servers.map(server => server.url);
		assert.ok(urls.length >= 2);
		await demo.stop();
		await demo.stop();
		assert.equal(existsSync(demo.configDir), false, 'folder removed');
		for (const url of urls) assert.equal(await connects(url), false, `${url} refuses connections`);
	});
});

describe('a crash', () => {
	it('still removes the folder', async () => {
		// A separate process: startDemo, print the folder, then an uncaught error.
		const script = `
			const {startDemo} = await import(${JSON.stringify(demoModule)});
			const demo = await startDemo({loginDelayMs: 0});
			process.stdout.write(demo.configDir + '\\n');
			setTimeout(() => { throw new Error('boom'); }, 10);
		`;
		const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {encoding: 'utf8', timeout: 30_000});
		assert.notEqual(result.status, 0, 'the process crashed');
		assert.match(result.stderr, /boom/);
		const configDir = result.stdout.trim();
		assert.ok(configDir.includes('tokentop-demo-'), `printed its folder: ${configDir}`);
		assert.equal(existsSync(configDir), false, 'folder removed');
	});
});

describe('demo arguments', () => {
	it('refuses any argument with a usage error, before starting anything', async () => {
		await assert.rejects(runDemo({noColor: true, args: ['--bogus']}), (error: unknown) => error instanceof ServiceError && error.kind === 'usage');
	});
});

function isFreeAccess(account: Account): boolean {
	return account.service === 'zettelstore' && account.freeAccess;
}

/** Whether anything answers an HTTP request at url. */
function connects(url: string): Promise<boolean> {
	return new Promise(resolve => {
		const probe = request(url, {method: 'GET', timeout: 2000, agent: false}, response => {
			response.resume();
			resolve(true);
		});
		probe.on('error', () => resolve(false));
		probe.on('timeout', () => {
			probe.destroy();
			resolve(false);
		});
		probe.end();
	});
}
