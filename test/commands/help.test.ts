/**
 * Help as a user asks for it, from the built binary: the general listing, `help COMMAND` and
 * `COMMAND --help` for every command of the registry, and options named as options.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {commands} from '../../source/commands/registry.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {runCli, tempConfigDir} from '../support/cli.js';

describe('help', () => {
	it('lists every command with its summary', async t => {
		const result = await runCli(['--help'], {configDir: tempConfigDir(t)});
		assert.equal(result.code, 0);
		for (const command of commands) assert.match(result.stdout, new RegExp(`^  ${command.name} +${escape(command.summary)}$`, 'm'));
		assert.match(result.stdout, /--config-dir DIR/);
		assert.match(result.stdout, /Exit codes/);
	});

	for (const command of commands) {
		it(`help ${command.name} and ${command.name} --help show its usage and every option`, async t => {
			const dir = tempConfigDir(t);
			const viaHelp = await runCli(['help', command.name], {configDir: dir});
			const viaFlag = await runCli([command.name, '--help'], {configDir: dir});
			assert.equal(viaHelp.code, 0, viaHelp.stderr);
			assert.equal(viaFlag.code, 0, viaFlag.stderr);
			assert.equal(viaHelp.stdout, viaFlag.stdout);
			assert.match(viaHelp.stdout, new RegExp(`^Usage: tokentop ${command.name}\\b`, 'm'));
			for (const [name, option] of Object.entries(command.options)) {
				if (option.hidden) assert.doesNotMatch(viaHelp.stdout, new RegExp(`--${name}\\b`));
				else assert.match(viaHelp.stdout, new RegExp(`^  (-\\w, )?--${name}\\b`, 'm'), `--${name} listed`);
			}
		});
	}

	it('names an unknown option as an option of its command, exit 2, one line', async t => {
		const dir = tempConfigDir(t);
		for (const [args, message] of [
			[['list', '--bogus'], /^tokentop: unknown option --bogus for tokentop list/],
			[['token', 'me', '-q'], /^tokentop: unknown option -q for tokentop token/],
			[['--bogus', 'list'], /^tokentop: unknown option --bogus for tokentop /],
			[['token', 'me', '--min-valid'], /^tokentop: --min-valid needs a value/],
			[['list', '--json=yes'], /^tokentop: --json takes no value/],
			[['help', 'nothing'], /^tokentop: Unknown command "nothing"/],
		] as const) {
			const result = await runCli([...args], {configDir: dir});
			assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
			assert.match(result.stderr, message);
			assert.equal(result.stderr.trim().split('\n').length, 1);
		}
	});

	it('takes global options before and after the command', async t => {
		const dir = tempConfigDir(t);
		await TokenStore.open({dir}).update(() => [zettelstoreRecord({name: 'here'})]);
		const elsewhere = tempConfigDir(t);
		for (const args of [['--config-dir', dir, 'list', '--json'], ['list', '--json', '--config-dir', dir], ['list', `--config-dir=${dir}`, '--json']]) {
			const result = await runCli(args, {configDir: elsewhere});
			assert.equal(result.code, 0, result.stderr);
			assert.deepEqual(JSON.parse(result.stdout).map((account: {name: string}) => account.name), ['here']);
		}
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
