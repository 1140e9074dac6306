#!/usr/bin/env bash
# On demand: the readers' desk at scale. For each size of subscriber file (default 1,000 and
# 1,000,000 rows), a release `newsletter serve` answers 300 views of the last listed reader's page
# and 300 sign-ups (each with a form stamp of its own); prints the time until serve answers the
# first page view (the file read and indexed), p50/p99 of each, and serve's peak RSS. On the first size it also
# sends the issue (to hand out unsubscribe tokens) into Postfix's smtp-sink and measures one-click
# unsubscribe latency for 10 s quiet and for 10 s while another client posts 500 refused sign-up
# forms a second.
#
# Usage: scripts/benchmark-readers.sh [ROWS...]
#        NEWSLETTER_BINARY=path/to/newsletter scripts/benchmark-readers.sh ...   (skip the release build)
# The figures are only meaningful on an otherwise idle machine.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
use_example_secret
need_packages "${BUILD_PACKAGES[@]}" python3
need_postfix_tools
binary="${NEWSLETTER_BINARY:-}"
if [ -z "$binary" ]; then
    echo "building release (newsletter) ..." >&2
    swift build -c release --static-swift-stdlib --product newsletter >&2 || exit 1
    binary=.build/release/newsletter
fi
exec /usr/bin/python3 scripts/benchmark-readers.py "$(realpath "$binary")" "$@"
