export const usage = `tokentop — top for access tokens (Bluesky and Zettelstore)

Usage
  tokentop                       open the full-screen app
  tokentop demo                  try it: local stand-in servers, throw-away accounts
  tokentop login bluesky IDENTIFIER [--service URL] [--name NAME]
                                 [--password-stdin] [--auth-factor CODE]
  tokentop login bluesky HANDLE|DID|URL --oauth [--no-browser] [--scope S]
                                 [--service URL] [--name NAME] [--timeout SECONDS]
                                 sign in in a browser (OAuth; over SSH paste the
                                 address the browser ends on); app passwords suit bots
  tokentop login zettelstore URL USER [--name NAME] [--password-stdin]
                                 [--remember-password keyring|plaintext]
  tokentop list [--json]         accounts, their state and time left (never a token)
  tokentop refresh NAME… | --all refresh (Bluesky) or renew (Zettelstore) now
  tokentop token NAME [--min-valid SECONDS]
                                 print only the access token, refreshed first when
                                 fewer than SECONDS (default 60) remain
  tokentop logout NAME [--force] end the session on the server, then forget it
  tokentop fetch NAME /xrpc/… [-X METHOD] [-d BODY|@-] [-H "Name: value"]
                                 one request signed for an OAuth account, body printed
  tokentop header NAME -X METHOD URL
                                 the two headers for exactly one OAuth request
                                 (tokentop header me -X GET URL | curl -H @- URL)

Options
  --config-dir DIR   where tokens are stored (or TOKENTOP_CONFIG_DIR)
  --insecure         allow plain http to a non-loopback host (credentials in clear!)
  --no-color         no colours (also NO_COLOR=1)
  TOKENTOP_PLC_URL   the DID directory for did:plc (default https://plc.directory)
  -h, --help         this help
  -v, --version      the version

Exit codes
  0 ok, 1 anything else, 2 usage, 3 needs login (login refused, refresh refused,
  2FA code needed), 4 network or server failure

Example
  curl -H "Authorization: Bearer $(tokentop token me)" https://bsky.social/xrpc/...
`;
