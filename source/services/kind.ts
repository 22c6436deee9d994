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
	/** The URL offered in the add form (and used by the command when none is given). */
	defaultUrl: string;
	identifierLabel: string;
	passwordLabel: string;
	/** The form's message when the identifier is empty. */
	missingIdentifier: string;
	/** The kind can keep a password for unattended re-login (asks "remember password"). */
	remembersPassword: boolean;
	/** The server may ask for an emailed sign-in code. */
	asksForSignInCode: boolean;
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

export interface RefreshContext<A extends AccountBase> {
	/** Saves the account durably before the refresh goes on (re-login attempts record themselves first). */
	persist(account: A): Promise<void>;
}

export interface KindOperations<A extends AccountBase> {
	/** Logs in; the result is not stored yet (the caller stores it, and on failure calls discardLogin). */
	login(request: LoginRequest, origin: {id: string; name?: string; url: string}): Promise<A>;
	/** Ends a fresh session that could not be stored, so none stays open unseen. */
	discardLogin(account: A): Promise<void>;
	/** Refreshes / renews the access credential of the stored account (read under its lock). */
	refresh(account: A, context: RefreshContext<A>): Promise<A>;
	/** Logs an existing account in again with a password a person typed; keeps its id and name. */
	relogin(account: A, password: string, authFactorToken?: string): Promise<A>;
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
	/** When auto-refresh should renew the access credential, before jitter and back-off. */
	refreshDueAt(account: A): number;
	detail(account: A): AccountDetail;
	operations(): Promise<KindOperations<A>>;
}
