/**
 * One kind of account (Bluesky app-password session, Zettelstore login, …) as the rest of the
 * program sees it. Everything that differs between kinds lives behind this interface in the
 * kind's own folder; the registry (kinds.ts) lists the kinds. Nothing outside those folders
 * asks which kind an account is.
 *
 * The descriptive part is light (it is loaded by `tokentop token` and the first frame); the
 * network side comes from `operations()`, loaded on first use.
 */
import type {AccountBase, PasswordMemory} from './account.js';
import type {SchemaNode} from './store/schema-check.js';

/** What a login needs, from the command line or the app's add form. */
export interface LoginRequest {
	/** The kind's id, e.g. "bluesky". */
	service: string;
	url: string;
	/** Bluesky identifier (handle, email, DID) or Zettelstore user. */
	identifier: string;
	password: string;
	/** A sign-in code the server asked for (Bluesky email 2FA). */
	authFactorToken?: string;
	name?: string;
	/** Keep the password for re-login after expiry (kinds whose form offers it). */
	rememberPassword?: PasswordMemory;
	/** Allow plain http to non-loopback hosts (--insecure). */
	insecure?: boolean;
	/** What a browser sign-in asks for (e.g. OAuth scopes); the kind's default when absent. */
	scope?: string;
	/** Where did:plc documents are read (a browser sign-in); default TOKENTOP_PLC_URL, else the public directory. */
	didDirectoryUrl?: string;
}

/** How a browser sign-in talks to the person: the address to open, what they paste, cancel. */
export interface InteractiveLoginIo {
	/** The address to open: show it on a line of its own (and open a browser where one is). */
	showAddress(url: string): void | Promise<void>;
	/** What the person pastes (the address the browser ended on), line by line. */
	pastedLines?: AsyncIterable<string>;
	/** A pasted line was refused; the wait goes on. */
	onPasteRefused?(message: string): void;
	signal?: AbortSignal;
	timeoutMs?: number;
}

/** One labelled line of the detail pane: a text, or a local time with its live countdown. */
export type DetailRow = {label: string; text: string} | {label: string; countdownTo: number};

/** The kind's lines of the detail pane, by where they go (see source/ui/detail/detail-lines.tsx). */
export interface AccountDetail {
	/** After "service": who the account is (handle and DID, or user). */
	identity: DetailRow[];
	/** After the access token's times: other credentials (refresh token, scope). */
	credential: DetailRow[];
	/** After "last refresh": the server and the credential's own description. */
	server: DetailRow[];
}

/** How the add form and `tokentop login KIND …` ask for this kind. */
export interface LoginForm {
	/** password: the identifier and password are sent; browser: the person signs in in a browser (interactiveLogin). */
	method: 'password' | 'browser';
	/** The URL offered in the add form (and used by the command when none is given). */
	defaultUrl: string;
	/** How the add form's service chooser names the kind, when not by its id. */
	choice?: string;
	identifierLabel: string;
	passwordLabel: string;
	/** The form's message when the identifier is empty. */
	missingIdentifier: string;
	/** The kind can keep a password for unattended re-login (asks "remember password"). */
	remembersPassword: boolean;
	/** The server may ask for an emailed sign-in code. */
	asksForSignInCode: boolean;
	/** What a browser sign-in asks for unless the person changes it (the add form's scope field); none: the kind asks for no scope. */
	defaultScope?: string;
	/** Also chosen as `tokentop login COMMAND … --FLAG` (e.g. bluesky --oauth). */
	selectedBy?: {command: string; flag: string};
	/** The command's positional arguments after the kind, e.g. ["URL", "USER"]; the URL one is optional when absent. */
	commandArguments: readonly ('URL' | 'IDENTIFIER' | 'USER')[];
	/**
	 * The name a new account will get when none is given, as far as it is known before logging in
	 * (a clash is then refused before any password is asked for); undefined when only the server's
	 * answer can tell.
	 */
	defaultName(login: LoginTarget): string | undefined;
}

/** Who logs in where: a checked service URL (see checkServiceUrl) and the identifier typed. */
export interface LoginTarget {
	url: string;
	identifier: string;
}

/**
 * An account whose identity (its DID) now lives elsewhere: its DID document names another server
 * (moved), or its server says the account is not active (inactive: deactivated, taken down…).
 * Either way it needs a login where it lives now; the words are in rules/failure-words.ts.
 */
export interface IdentityDrift {
	state: 'moved' | 'inactive';
	/** The server the words name: where the account moved to, or the one that says it is inactive. */
	host: string;
	/** moved: the new server's URL, where a re-login goes. */
	serverUrl?: string;
	/** inactive: the server's own status word (deactivated, takendown, suspended…). */
	status?: string;
}

export interface RefreshContext<A extends AccountBase> {
	/** Saves the account durably before the refresh goes on (re-login attempts record themselves first). */
	persist(account: A): Promise<void>;
}

/** A request a script asks tokentop to sign and send (`tokentop fetch`). */
export interface SignedRequest {
	method: string;
	/** An absolute URL or a path on the account's server. */
	url: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

export interface SignedAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** Who a login is for: a new account's id and name, or (`previous`) the stored account a browser sign-in logs in again. */
export interface LoginOrigin<A extends AccountBase> {
	id: string;
	name?: string;
	url: string;
	/** The stored account this sign-in replaces in place (what it knew, e.g. its handle and scope, may carry over). */
	previous?: A;
}

export interface KindOperations<A extends AccountBase> {
	/** Logs in; the result is not stored yet (the caller stores it, and on failure calls discardLogin). */
	login(request: LoginRequest, origin: LoginOrigin<A>): Promise<A>;
	/** Signs in through a browser (kinds whose login.method is 'browser'); the result is not stored yet. */
	interactiveLogin?(request: LoginRequest, io: InteractiveLoginIo, origin: LoginOrigin<A>): Promise<A>;
	/** Ends a session that is not kept (a fresh one that could not be stored, or the one a sign-in replaced), so none stays open unseen. */
	discardLogin(account: A): Promise<void>;
	/** Refreshes / renews the access credential of the stored account (read under its lock). */
	refresh(account: A, context: RefreshContext<A>): Promise<A>;
	/**
	 * Logs an existing account in again with a password a person typed; keeps its id and name.
	 * `context.persist` records what the attempt learnt (e.g. that the account moved) before it fails.
	 */
	relogin(account: A, password: string, authFactorToken?: string, context?: RefreshContext<A>): Promise<A>;
	/**
	 * Sends one request with the account's credential, signed per request (kinds whose tokens are
	 * bound to a key). `refresh` is the locked refresh; the account given back carries what changed
	 * meanwhile (e.g. the newest server nonces) for the caller to keep, and is the very account
	 * handed in when nothing changed (nothing to save).
	 */
	signedRequest?(account: A, request: SignedRequest, refresh: () => Promise<A>): Promise<{answer: SignedAnswer; account: A}>;
	/** The headers for exactly one request (`tokentop header`); the account as with signedRequest. */
	headersForOneRequest?(account: A, method: string, url: string): Promise<{headers: Record<string, string>; account: A}>;
	/** Ends the session on the server where there is one; says what happened, in words. `force`: a failure is reported, not thrown. */
	logout(account: A, options: {force?: boolean}): Promise<string>;
}

export interface AccountKind<A extends AccountBase = AccountBase> {
	id: A['service'];
	/** The schema of this kind's own fields in config.json (the common ones are in store-schema.ts). */
	schema: SchemaNode;
	login: LoginForm;
	/** The identity shown in lists. */
	identity(account: A): string;
	/** Whether a login to `target` is for this stored account (same server, same identity): it is then logged in again in place. */
	isLoginOf(account: A, target: LoginTarget): boolean;
	/** The DID (or another stable identity), where the kind has one. */
	did(account: A): string | undefined;
	accessToken(account: A): string;
	/** The scheme the access token goes with in an Authorization header, e.g. "Bearer". */
	tokenType(account: A): string;
	/** Where the account's own API is (a path given to `tokentop fetch` resolves against it). */
	resourceBaseUrl(account: A): string;
	/** Whether an API answer says the access token expired meanwhile: refresh it and retry once. */
	isExpiredTokenAnswer(answer: {status: number; body: string}): boolean;
	accessIssuedAt(account: A): number;
	accessExpiresAt(account: A): number;
	/** When the refresh credential ends, where there is one. */
	refreshExpiresAt(account: A): number | undefined;
	/** The server needs no authentication: nothing expires, nothing to renew. */
	needsNoAuth(account: A): boolean;
	/** A refresh may log in again without a person (a remembered password). */
	canReloginUnattended(account: A): boolean;
	/** When the whole session ends whatever refreshing does, where the kind has such an end. */
	sessionEndsAt?(account: A): number;
	/** Each request needs a fresh signature (a key-bound token): `fetch` sends through operations().signedRequest. */
	signsEachRequest?: boolean;
	/** Why `tokentop token` cannot print a usable token for this kind (a sentence), where it cannot. */
	tokenRefusal?: string;
	/** Why the account needs a login when its identity drifted (moved, deactivated), for kinds that check. */
	identityDrift?(account: A): IdentityDrift | undefined;
	/** When auto-refresh should renew the access credential, before jitter and back-off. */
	refreshDueAt(account: A): number;
	detail(account: A): AccountDetail;
	operations(): Promise<KindOperations<A>>;
}
