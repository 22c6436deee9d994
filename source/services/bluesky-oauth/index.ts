/**
 * Bluesky (atproto) OAuth for a command-line tool, on node:crypto: identity resolution, PAR +
 * PKCE + DPoP sign-in through a loopback redirect (or a pasted address), refresh without
 * grace, DPoP-signed resource requests, revocation, and the session's three clocks.
 * See docs/oauth.md. The callers own the store: refresh only under the account's lock, and
 * persist every returned token set before using it.
 */
export {type DpopPrivateJwk, type DpopPublicJwk, asDpopPrivateJwk, dpopAlgorithm, jwkThumbprint, publicJwkOf} from './dpop-key.js';
export {type NonceEntry, type NonceRecord, NonceBook} from './nonce-book.js';
export {defaultScope} from './loopback-client.js';
export {type ResolveOptions, type LoginTarget, resolveLoginTarget} from './login-target.js';
export {type DidDocument, type DidResolutionOptions, claimedHandleOf, defaultPlcUrl, pdsUrlOf, resolveDidDocument} from './did-document.js';
export {type AuthorizationServer} from './server-metadata.js';
export {type AuthorizationOptions, type PendingAuthorization, startAuthorization} from './authorization-request.js';
export {type LoopbackReceiver, startLoopbackReceiver} from './loopback-receiver.js';
export {parseRedirectAddress} from './redirect-answer.js';
export {finishAuthorization} from './sign-in.js';
export {type BrowserSignInOptions, signInWithBrowser} from './browser-sign-in.js';
export {type OAuthTokenSet} from './token-set.js';
export {refreshTokenSet} from './token-refresh.js';
export {type ResourceAnswer, type ResourceRequest, type SessionTokens, dpopRequest, ensureFreshNonce, headersFor, requestWithRefresh} from './resource-request.js';
export {type RevocableSession, revokeSession} from './revoke.js';
export {type SessionClocks, publicClientRefreshIdleMs, publicClientSessionLifetimeMs, sessionClocks} from './session-clocks.js';
