/**
 * The service files in contrib/ are what their managers accept: systemd's own verifier on the
 * user unit (with ExecStart pointed at the built binary), Python's plistlib (the format launchd
 * reads) on the launchd agent. Both run `tokentop keep-alive` and stop it with SIGTERM.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {it} from 'node:test';
import {cliPath, tempConfigDir} from '../support/cli.js';

const contrib = path.resolve(import.meta.dirname, '../../contrib');

function available(command: string): boolean {
	return spawnSync(command, ['--version'], {encoding: 'utf8'}).status === 0;
}

it('the systemd user unit passes systemd-analyze verify and runs keep-alive', t => {
	const unit = readFileSync(path.join(contrib, 'systemd', 'tokentop-keep-alive.service'), 'utf8');
	assert.match(unit, /^ExecStart=\/\S+\/tokentop keep-alive$/m);
	assert.match(unit, /^KillSignal=SIGTERM$/m);
	if (!available('systemd-analyze')) {
		console.log('!!! SKIPPED: systemd-analyze is not installed here, the unit was not verified by systemd !!!');
		t.skip('no systemd-analyze');
		return;
	}
	const dir = tempConfigDir(t);
	const binary = path.join(dir, 'tokentop');
	copyFileSync(cliPath, binary);
	chmodSync(binary, 0o755);
	const copy = path.join(dir, 'tokentop-keep-alive.service');
	writeFileSync(copy, unit.replace(/^ExecStart=\S+/m, `ExecStart=${binary}`));
	const verified = spawnSync('systemd-analyze', ['verify', '--man=no', copy], {encoding: 'utf8'});
	assert.equal(verified.status, 0, verified.stderr);
	assert.equal(verified.stderr.trim(), '');
});

it('the launchd agent is a property list that runs keep-alive and restarts it only after a crash', t => {
	const file = path.join(contrib, 'launchd', 'org.tokentop.keep-alive.plist');
	if (!available('python3')) {
		console.log('!!! SKIPPED: python3 is not installed here, the property list was not parsed !!!');
		t.skip('no python3');
		return;
	}
	const parsed = spawnSync('python3', ['-c', 'import json, plistlib, sys; print(json.dumps(plistlib.load(open(sys.argv[1], "rb"))))', file], {encoding: 'utf8'});
	assert.equal(parsed.status, 0, parsed.stderr);
	const plist = JSON.parse(parsed.stdout) as {Label: string; ProgramArguments: string[]; KeepAlive: {SuccessfulExit: boolean}; StandardErrorPath: string};
	assert.equal(plist.Label, 'org.tokentop.keep-alive');
	assert.deepEqual(plist.ProgramArguments.slice(1), ['keep-alive']);
	assert.equal(plist.KeepAlive.SuccessfulExit, false);
	assert.match(plist.StandardErrorPath, /tokentop-keep-alive\.log$/);
});
