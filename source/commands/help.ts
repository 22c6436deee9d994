export const usage = `tokentop — top for access tokens (Bluesky and Zettelstore)

Usage
  tokentop                       open the full-screen app
  tokentop demo                  try it: local stand-in servers, throw-away accounts
  tokentop login bluesky IDENTIFIER [--service URL] [--name NAME]
                                 [--password-stdin] [--auth-factor CODE]
  tokentop login zettelstore URL USER [--name NAME] [--password-stdin]
                                 [--remember-password keyring|plaintext]
  tokentop list [--json]         accounts, their state and time left (never a token)
  tokentop refresh NAME… | --all refresh (Bluesky) or renew (Zettelstore) now
  tokentop token NAME [--min-valid SECONDS]
                                 print only the access token, refreshed first when
                                 fewer than SECONDS (default 60) remain
  tokentop logout NAME [--force] end the session on the server, then forget it
  tokentop status [NAME…] [--json] [--quiet]
                                 health of each account (no network); exit 0 fine,
                                 3 one needs a login, 4 one fails (network/server)
  tokentop keep-alive [--json] [--concurrency N] [--write-token NAME=PATH]…
                                 keep every account alive with no screen, until
                                 SIGTERM/SIGINT; one line per event on stderr;
                                 PATH always holds NAME's current access token;
                                 [--on-needs-login CMD] [--on-session-ending CMD]
                                 [--session-warning-days N] [--notify] alert

Options
  --config-dir DIR   where tokens are stored (or TOKENTOP_CONFIG_DIR)
  --insecure         allow plain http to a non-loopback host (credentials in clear!)
  --no-color         no colours (also NO_COLOR=1)
  --no-auto-refresh  the app without auto-refresh for this run (A toggles it and
                     remembers the choice)
  -h, --help         this help
  -v, --version      the version

Exit codes
  0 ok, 1 anything else, 2 usage, 3 needs login (login refused, refresh refused,
  2FA code needed), 4 network or server failure

Example
  curl -H "Authorization: Bearer $(tokentop token me)" https://bsky.social/xrpc/...
`;
