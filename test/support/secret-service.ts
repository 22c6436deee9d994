/**
 * A real Secret Service for tests: gnome-keyring-daemon on a private D-Bus session bus, both
 * started here in a throw-away folder and stopped by `stop()`. Nothing touches the user's own
 * session or keyrings: the bus has no service activation (no .service files), so only the daemon
 * started here can answer as org.freedesktop.secrets.
 */
import {type ChildProcess, execFile, spawn} from 'node:child_process';
import {accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/** The Debian packages that provide the commands below (.ci/run installs them). */
export const secretServicePackages = 'dbus gnome-keyring libsecret-tools keyutils';
const requiredCommands = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool', 'keyctl'];
const startTimeoutMs = 10_000;

export interface SessionBus {
	/** The environment a child needs to use this bus (and only this bus). */
	env: {DBUS_SESSION_BUS_ADDRESS: string};
	stop(): Promise<void>;
}

export interface SecretService extends SessionBus {
	/** What `secret-tool lookup` finds for these attributes, or undefined when nothing matches. */
	lookup(attributes: Record<string, string>): Promise<string | undefined>;
	/** The user names of every item stored for this service. */
	usernames(service: string): Promise<string[]>;
	/** Locks the default collection, as a screen lock or a timeout would. */
	lock(): Promise<void>;
}

/**
 * A command prefix that runs a program in a fresh kernel session keyring: there, without a
 * Secret Service, @napi-rs/keyring's silent fallback to the kernel keyring accepts writes.
 */
export const inKernelSessionKeyring = ['keyctl', 'session', '-'];

/** Why a real Secret Service cannot be started here (a missing command), or undefined. */
export function secretServiceMissing(): string | undefined {
	const missing = requiredCommands.filter(command => !onPath(command));
	if (missing.length === 0) return undefined;
	return `${missing.join(', ')} not found: install the Debian packages ${secretServicePackages} (.ci/run does)`;
}

/** Says loudly on stderr why the keyring tests do not run; returns the reason for `skip`. */
export function announceSkip(reason: string): string {
	process.stderr.write(`\n*** SKIPPED: the keyring tests against a real Secret Service (${reason}) ***\n\n`);
	return reason;
}

/** A D-Bus session bus with nothing on it: "D-Bus works, but no keyring answers". */
export async function startSessionBus(): Promise<SessionBus> {
	const folder = mkdtempSync(path.join(tmpdir(), 'tokentop-dbus-'));
	try {
		return await startBus(folder);
	} catch (error) {
		rmSync(folder, {recursive: true, force: true});
		throw error;
	}
}

export async function startSecretService(): Promise<SecretService> {
	const folder = mkdtempSync(path.join(tmpdir(), 'tokentop-keyring-'));
	let bus: SessionBus | undefined;
	let daemon: ChildProcess | undefined;
	try {
		bus = await startBus(folder);
		const daemonEnv = {...privateEnv(folder), ...bus.env};
		// A new keyring folder each time: --unlock with a wrong password for an old keyring leaves it locked.
		daemon = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {env: daemonEnv, stdio: ['pipe', 'ignore', 'pipe']});
		const daemonErrors = collect(daemon);
		daemon.stdin!.end('throwaway keyring password');
		await pollUntil(async () => (await nameHasOwner(bus!.env, 'org.freedesktop.secrets')) || exitedEarly(daemon!, 'gnome-keyring-daemon', daemonErrors));
		const started = {bus, daemon};
		return {
			env: bus.env,
			async lookup(attributes) {
				const args = ['lookup', ...Object.entries(attributes).flat()];
				const result = await run('secret-tool', args, bus!.env);
				// secret-tool exits 1 without output when nothing matches.
				return result.code === 0 ? result.stdout : undefined;
			},
			async usernames(service) {
				const result = await run('secret-tool', ['search', '--all', 'service', service], bus!.env);
				// secret-tool prints the secrets on stdout and the attributes on stderr.
				return [...result.stderr.matchAll(/^attribute\.username = (.*)$/gm)].map(match => match[1]!);
			},
			async lock() {
				const result = await run('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'], bus!.env);
				if (result.code !== 0) throw new Error(`could not lock the test keyring: ${result.stderr}`);
			},
			async stop() {
				await stopChild(started.daemon);
				await started.bus.stop();
			},
		};
	} catch (error) {
		if (daemon) await stopChild(daemon);
		await bus?.stop();
		rmSync(folder, {recursive: true, force: true});
		throw error;
	}
}

/** Starts dbus-daemon with a session config of our own: no service activation, socket in `folder`. */
async function startBus(folder: string): Promise<SessionBus> {
	const config = path.join(folder, 'session.conf');
	writeFileSync(config, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${path.join(folder, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`);
	const daemon = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address=1'], {env: privateEnv(folder), stdio: ['ignore', 'pipe', 'pipe']});
	const errors = collect(daemon);
	// It prints its address once it listens.
	const address = await new Promise<string>((resolve, reject) => {
		let output = '';
		daemon.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
			if (output.includes('\n')) resolve(output.split('\n')[0]!.trim());
		});
		daemon.on('exit', code => reject(new Error(`dbus-daemon exited (${code}) before it listened: ${errors()}`)));
		daemon.on('error', reject);
		setTimeout(() => reject(new Error(`dbus-daemon did not listen within ${startTimeoutMs} ms: ${errors()}`)), startTimeoutMs).unref();
	});
	return {
		env: {DBUS_SESSION_BUS_ADDRESS: address},
		async stop() {
			await stopChild(daemon);
			rmSync(folder, {recursive: true, force: true});
		},
	};
}

/** Home, data and runtime folders inside `folder`, and no display: nothing may prompt or touch the real ones. */
function privateEnv(folder: string): NodeJS.ProcessEnv {
	const runtime = path.join(folder, 'run');
	mkdirSync(runtime, {recursive: true, mode: 0o700});
	const env: NodeJS.ProcessEnv = {
		...process.env,
		HOME: folder,
		XDG_DATA_HOME: path.join(folder, 'data'),
		XDG_CONFIG_HOME: path.join(folder, 'config'),
		XDG_CACHE_HOME: path.join(folder, 'cache'),
		XDG_RUNTIME_DIR: runtime,
	};
	for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS']) delete env[name];
	return env;
}

async function nameHasOwner(env: SessionBus['env'], name: string): Promise<boolean> {
	const result = await run('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`], env);
	return result.code === 0 && /boolean true/.test(result.stdout);
}

function exitedEarly(child: ChildProcess, name: string, errors: () => string): false {
	if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it answered: ${errors()}`);
	return false;
}

async function pollUntil(condition: () => Promise<boolean>): Promise<void> {
	const deadline = Date.now() + startTimeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`the test keyring did not answer within ${startTimeoutMs} ms`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

function collect(child: ChildProcess): () => string {
	let text = '';
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
	return () => text.trim().slice(-500);
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise(resolve => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(command, args, {env: {...process.env, ...env}, timeout: startTimeoutMs}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({code, stdout, stderr});
		});
	});
}

function onPath(command: string): boolean {
	return (process.env.PATH ?? '').split(path.delimiter).some(folder => {
		try {
			accessSync(path.join(folder, command), constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}
