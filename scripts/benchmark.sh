#!/usr/bin/env bash
# On-demand benchmark: `newsletter send` against Postfix's smtp-sink on 127.0.0.1, next to
# smtp-source (the loopback ceiling) and Python's smtplib, for 10,000 and 40,000 subscribers over
# 1 and 4 connections, 5 interleaved rounds; plus composing alone (compose-benchmark, 100,000
# messages); then ours and smtp-source through scripts/latency_proxy.py at 5 ms and 25 ms of round
# trip, 1 and 4 connections, and our peak RSS at 10,000 and 100,000 subscribers; then ours and
# smtp-source into a real Postfix (private config_directory, CHUNKING on, discarding), plain, and
# ours with STARTTLS and AUTH through Dovecot SASL. Prints tables of medians and names a JSON file
# with every run's raw numbers.
#
# Usage: scripts/benchmark.sh [--quick]   (--quick: 2,000 and 8,000 subscribers, 3 rounds)
#        scripts/benchmark.sh --dkim [--quick]   (the cost of DKIM signing: scripts/benchmark-dkim.py)
# Other options go to scripts/benchmark.py (--rounds R, --sizes A,B, --latency MS,MS, --memory-sizes A,B,
# --postfix-sizes A, --json PATH); see its top.
#
# Installs what it needs: the build packages, /usr/bin/python3, GNU time (for peak RSS) and
# Debian's postfix preseeded to "No configuration", of which only /usr/sbin/smtp-sink and
# /usr/sbin/smtp-source are used: no mail daemon is started or enabled. On 2 cores it takes about
# 2 minutes (--quick) or 15-20 minutes (full), plus the first release build; run it on an
# otherwise idle machine (it warns when it is not).
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
use_example_secret

need_packages "${BUILD_PACKAGES[@]}" python3 time openssl dovecot-core
need_postfix_tools
if /usr/sbin/postfix status >/dev/null 2>&1; then
    echo "benchmark: note: a Postfix mail system is running on this machine (not started by this script); it is left alone but takes CPU" >&2
fi

# The Swift runtime and Foundation linked statically, as for deployment: fewer pages to map and
# relocate, so a smaller resident set and cheaper calls into the standard library.
echo "building release (newsletter, compose-benchmark) ..." >&2
swift build -c release --static-swift-stdlib --product newsletter >&2
# Composing alone is measured only when this product exists; without it the table says so.
compose="$PWD/.build/release/compose-benchmark"
swift build -c release --static-swift-stdlib --product compose-benchmark >&2 || {
    echo "benchmark: compose-benchmark did not build; composing alone will not be measured" >&2
    compose=""
}

# --dkim: signing's cost instead (unsigned, Ed25519, RSA, both; see scripts/benchmark-dkim.py).
script=scripts/benchmark.py
if [ "${1:-}" = "--dkim" ]; then shift; script=scripts/benchmark-dkim.py; fi
exec /usr/bin/python3 "$script" \
    --newsletter "$PWD/.build/release/newsletter" \
    --compose-benchmark "$compose" "$@"
