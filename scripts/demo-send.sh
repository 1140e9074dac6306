#!/usr/bin/env bash
# A walk-through of the weekly send: starts a local SMTP server (aiosmtpd, storing what it accepts),
# sends the bundled example bulletin to the example list, shows the ledger, and sends again to show
# that nothing goes out twice. Everything stays on 127.0.0.1 and in a temporary folder.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
use_example_secret
need_packages "${BUILD_PACKAGES[@]}" python3-aiosmtpd
swift build --product newsletter >&2
newsletter="$PWD/.build/debug/newsletter"

work=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
mkdir "$work/spool"

# The test suite's SMTP server: prints "READY <port>" once it listens on a free loopback port.
/usr/bin/python3 Tests/TestSupport/Fixtures/smtpd.py --spool "$work/spool" > "$work/smtpd.out" 2> "$work/smtpd.err" &
server=$!
for _ in $(seq 100); do grep -q READY "$work/smtpd.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/READY/ {print $2}' "$work/smtpd.out")
[ -n "$port" ] || { echo "the local SMTP server did not start: $(cat "$work/smtpd.err")" >&2; exit 69; }

# The example config, pointed at the local server without TLS or AUTH (fine on loopback only).
sed -e "s|\"url\": \"smtp://127.0.0.1:2525\"|\"url\": \"smtp://127.0.0.1:$port\"|" \
    -e 's|"tls": "starttls"|"tls": "none"|' -e '/"username"/d' -e '/"passwordEnv"/d' \
    -e "s|\"Examples/|\"$PWD/Examples/|" -e "s|\"Templates\"|\"$PWD/Templates\"|" \
    config.example.json > "$work/newsletter.json"

set -x
"$newsletter" send --config "$work/newsletter.json"
"$newsletter" status --config "$work/newsletter.json"
"$newsletter" send --config "$work/newsletter.json"
set +x
echo "the server stored $(ls "$work/spool"/*.eml | wc -l) messages:"
ls "$work/spool" | grep '\.eml$'
