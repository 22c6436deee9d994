/**
 * `tokentop demo`: the app on throw-away accounts. Starts stand-in servers on 127.0.0.1 with
 * short token lifetimes, logs in to them for real into a throw-away config folder, opens the
 * app, and on every way out stops the servers and removes the folder.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {ServiceError} from '../services/errors.js';
import {login} from '../services/sessions.js';
import {TokenStore} from '../services/store/token-store.js';
import {closeServers, demoOAuthSessionSeconds, demoPassword, startDemoFleet, type DemoServer} from '../standins/demo-fleet.js';

export type {DemoServer} from '../standins/demo-fleet.js';

/** The throw-away folders start with this, in os.tmpdir(). */
export const demoFolderPrefix = 'tokentop-demo-';

export interface Demo {
	configDir: string;
	store: TokenStore;
	servers: DemoServer[];
	/** How to try the add form: a stand-in account the demo did not log in to. */
	addAccount: string;
	/** The same for a browser sign-in. */
	signIn: string;
	/** Stops the servers and removes the folder. Safe to call more than once. */
	stop(): Promise<void>;
}

/** Starts the servers and seeds a fresh folder with real logins to them. */
export async function startDemo(options: {loginDelayMs?: number} = {}): Promise<Demo> {
	const configDir = mkdtempSync(path.join(tmpdir(), demoFolderPrefix));
	// Whatever happens from here on (a crash, process.exit on a signal), the folder goes.
	const removeFolder = () => rmSync(configDir, {recursive: true, force: true});
	process.on('exit', removeFolder);
	let servers: DemoServer[] = [];
	let stopped: Promise<void> | undefined;
	const stop = async () => {
		stopped ??= (async () => {
			await closeServers(servers);
			removeFolder();
			process.off('exit', removeFolder);
		})();
		return stopped;
	};
	try {
		const store = TokenStore.open({dir: configDir});
		// Before the demo's own sign-in: its server ends OAuth sessions after minutes, not 14 days, and the clocks should say so.
		process.env.TOKENTOP_OAUTH_SESSION_SECONDS = String(demoOAuthSessionSeconds);
		const fleet = await startDemoFleet(options);
		servers = fleet.servers;
		for (const {io, ...request} of fleet.logins) await login(store, request, io);
		const addAccount = `add bluesky ${fleet.spare.identifier} at ${fleet.spare.url}`;
		const signIn = `sign in as ${fleet.spare.identifier}, server ${fleet.spare.url}; its server approves at once (open the address, or paste where it redirects)`;
		// The stand-in is the demo's DID directory too: a sign-in from the app resolves there, and nothing leaves the machine.
		process.env.TOKENTOP_PLC_URL = fleet.spare.url;
		return {configDir, store, servers, addAccount, signIn, stop};
	} catch (error) {
		await stop();
		throw error;
	}
}

export async function runDemo(options: {noColor: boolean; noAutoRefresh?: boolean; args: string[]}): Promise<number> {
	if (options.args.length > 0) {
		throw new ServiceError('usage', `demo takes no arguments, got "${options.args[0]}" (usage: tokentop demo [--no-color])`);
	}
	const releaseSignals = exitOnSignals();
	try {
		const demo = await startDemo();
		try {
			const count = demo.store.read().length;
			process.stderr.write(`tokentop demo: ${count} accounts on local stand-in servers; nothing leaves this machine\n`);
			process.stderr.write(`tokentop demo: throw-away config in ${demo.configDir}, removed when you leave\n`);
			process.stderr.write(`tokentop demo: every demo account's password is ${demoPassword}\n`);
			// Loaded only now: React and Ink are the heavy part.
			const {runApp} = await import('./app.js');
			return await runApp({store: demo.store, noColor: options.noColor, noAutoRefresh: options.noAutoRefresh, insecure: false, onExit: demo.stop, demo: {password: demoPassword, addAccount: demo.addAccount, signIn: demo.signIn}});
		} finally {
			// runApp refuses without a terminal and then never calls onExit: stop here too.
			await demo.stop();
			process.stderr.write('tokentop demo: servers stopped, throw-away config removed\n');
		}
	} finally {
		releaseSignals();
	}
}

/**
 * A signal would end the process without running 'exit' handlers; exiting explicitly runs them
 * (folder removed, terminal restored). Ctrl-C inside the app is a key, not a signal.
 */
function exitOnSignals(): () => void {
	const signals = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;
	const handlers = Object.entries(signals).map(([signal, code]) => {
		const handler = () => process.exit(code);
		process.on(signal, handler);
		return () => process.off(signal, handler);
	});
	return () => {
		for (const release of handlers) release();
	};
}
