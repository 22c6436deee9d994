/**
 * Shell completion, loaded by the real shells: bash (its completion function called with
 * COMP_WORDS as bash would), zsh (its function with compadd recorded) and fish (`complete
 * -C`). Commands and options come from the registry; account names from the store.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {commands, globalOptions} from '../../source/commands/registry.js';
import {tokenFormats} from '../../source/commands/token-formats.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {cliPath, tempConfigDir} from '../support/cli.js';
import {skipLoudly} from '../support/skip.js';

const accountNames = ['alpha', 'my notes'];

/**
 * A store with two accounts and `tokentop` on PATH, as an installed one would be;
 * TOKENTOP_BASH_SCRIPT holds the bash script, printed once.
 */
async function setUp(t: {after: (fn: () => void) => void}): Promise<NodeJS.ProcessEnv> {
	const dir = tempConfigDir(t);
	await TokenStore.open({dir}).update(() => accountNames.map(name => zettelstoreRecord({name})));
	const bin = path.join(dir, 'bin');
	mkdirSync(bin);
	writeFileSync(path.join(bin, 'tokentop'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
	chmodSync(path.join(bin, 'tokentop'), 0o755);
	const script = path.join(dir, 'completion.bash');
	writeFileSync(script, spawnSync(process.execPath, [cliPath, 'completion', 'bash'], {encoding: 'utf8'}).stdout);
	return {...process.env, PATH: `${bin}:${process.env.PATH}`, TOKENTOP_CONFIG_DIR: dir, TOKENTOP_BASH_SCRIPT: script};
}

function shell(program: string, script: string, env: NodeJS.ProcessEnv): string {
	const result = spawnSync(program, ['-c', script], {env, encoding: 'utf8', timeout: 30_000});
	assert.equal(result.status, 0, `${program}: ${result.stderr}`);
	return result.stdout;
}

function available(program: string): boolean {
	return spawnSync(program, ['-c', 'true']).status === 0;
}

/** Whether the shell is there to try the script in; skipped loudly when not (.ci/run installs it). */
function installedOrSkip(t: {name: string; skip: (message?: string) => void}, shell: string): boolean {
	if (available(shell)) return true;
	skipLoudly(t, `${shell} is not installed (.ci/run installs it)`);
	return false;
}

/** Completions for the words typed so far (the last one is being completed), one per line. */
const bashCompletions = (env: NodeJS.ProcessEnv, ...words: string[]) =>
	shell(
		'bash',
		`source "$TOKENTOP_BASH_SCRIPT"
		COMP_WORDS=(${words.map(word => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE="${words.join(' ')}"
		_tokentop; printf '%s\\n' "\${COMPREPLY[@]}"`,
		env,
	)
		.split('\n')
		.filter(Boolean);

const nonHiddenOptions = (options: (typeof commands)[number]['options']) =>
	Object.entries(options)
		.filter(([, option]) => !option.hidden)
		.map(([name]) => `--${name}`);

describe('completion', () => {
	it('bash loads the script and registers it for tokentop', async t => {
		const env = await setUp(t);
		assert.equal(shell('bash', 'source <(tokentop completion bash); complete -p tokentop', env).trim(), 'complete -F _tokentop tokentop');
	});

	it('bash completes commands, each command’s options, option values and account names', async t => {
		const env = await setUp(t);
		assert.deepEqual(bashCompletions(env, 'tokentop', ''), commands.map(command => command.name));
		assert.deepEqual(bashCompletions(env, 'tokentop', 'token', ''), ['alpha', 'my\\ notes']);
		assert.deepEqual(bashCompletions(env, 'tokentop', 'token', 'my'), ['my\\ notes']);
		assert.deepEqual(bashCompletions(env, 'tokentop', 'token', 'alpha', ''), [], 'one NAME only');
		assert.deepEqual(bashCompletions(env, 'tokentop', '--config-dir', env.TOKENTOP_CONFIG_DIR!, 'exec', ''), ['alpha', 'my\\ notes']);
		assert.deepEqual(bashCompletions(env, 'tokentop', 'token', '--format', ''), [...tokenFormats]);
		assert.deepEqual(bashCompletions(env, 'tokentop', 'login', ''), ['bluesky', 'zettelstore', 'alpha', 'my\\ notes']);
		assert.deepEqual(bashCompletions(env, 'tokentop', 'completion', ''), ['bash', 'zsh', 'fish']);
		for (const command of commands) {
			const offered = bashCompletions(env, 'tokentop', command.name, '--');
			for (const option of [...nonHiddenOptions(command.options), ...nonHiddenOptions(globalOptions)]) assert.ok(offered.includes(option), `${command.name} ${option}`);
			assert.ok(!offered.includes('--names'), 'hidden options stay hidden');
		}
		assert.ok(bashCompletions(env, 'tokentop', 'exec', 'alpha', '--', 'printen').includes('printenv'), 'after --, a command to run');
	});

	it('the account names come from the store only, fast', async t => {
		const env = await setUp(t);
		const started = performance.now();
		const result = spawnSync(process.execPath, [cliPath, 'list', '--names'], {env: {...env, TOKENTOP_HTTP_TIMEOUT_MS: '1'}, encoding: 'utf8'});
		assert.equal(result.stdout, 'alpha\nmy notes\n');
		assert.ok(performance.now() - started < 5000);
		const nowhere = spawnSync(process.execPath, [cliPath, '--config-dir', path.join(env.TOKENTOP_CONFIG_DIR!, 'none'), 'list', '--names'], {encoding: 'utf8'});
		assert.equal(nowhere.status, 0);
		assert.equal(nowhere.stdout, '');
		assert.equal(spawnSync('test', ['-e', path.join(env.TOKENTOP_CONFIG_DIR!, 'none')]).status, 1, 'no store made for completion');
	});

	it('zsh runs its function: commands, option values and account names', async t => {
		if (!installedOrSkip(t, 'zsh')) return;
		const env = await setUp(t);
		const complete = (...words: string[]) =>
			shell(
				'zsh',
				`compdef() { : }; compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@" }
				source <(tokentop completion zsh)
				words=(${words.map(word => `'${word}'`).join(' ')}); CURRENT=${words.length}; _tokentop`,
				env,
			)
				.split('\n')
				.filter(Boolean);
		assert.deepEqual(complete('tokentop', ''), commands.map(command => command.name));
		assert.deepEqual(complete('tokentop', 'token', ''), accountNames);
		assert.deepEqual(complete('tokentop', 'token', '--format', ''), [...tokenFormats]);
		assert.ok(complete('tokentop', 'fetch', '-').includes('--header'));
	});

	it('fish loads the script: commands, option values and account names', async t => {
		if (!installedOrSkip(t, 'fish')) return;
		const env = await setUp(t);
		const complete = (line: string) =>
			shell('fish', `tokentop completion fish | source; complete -C '${line}'`, env)
				.split('\n')
				.filter(Boolean)
				.map(entry => entry.split('\t')[0]);
		assert.deepEqual(complete('tokentop ').sort(), commands.map(command => command.name).sort());
		assert.deepEqual(complete('tokentop token '), accountNames);
		assert.deepEqual(complete('tokentop token --format ').sort(), [...tokenFormats].sort());
	});
});
