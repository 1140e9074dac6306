#!/usr/bin/env bash
# On demand: one send at scale. A release build sends the starter newsletter to READERS readers
# (default 1,000,000) into Postfix's smtp-sink while `newsletter serve`, on the same state
# database, takes a one-click unsubscribe POST every 50 ms with valid tokens. Prints the time to
# record the mailing, the send's wall time and messages per second, its peak RSS, the state file's
# size (and its write-ahead log's), `status`'s time, and serve's p50/p99/max latency and non-200
# count during the send. Give several sizes to compare them (10000 1000000).
#
# Usage: scripts/benchmark-scale.sh [READERS...]
#        NEWSLETTER_BINARY=path/to/newsletter scripts/benchmark-scale.sh ...   (skip the release build)
# A million readers takes a few minutes on 2 cores and about 1 GB of disk in a temporary folder.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
use_example_secret
need_packages "${BUILD_PACKAGES[@]}" python3 time
need_postfix_tools
binary="${NEWSLETTER_BINARY:-}"
if [ -z "$binary" ]; then
    echo "building release (newsletter) ..." >&2
    swift build -c release --static-swift-stdlib --product newsletter >&2 || exit 1
    binary=.build/release/newsletter
fi
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000)
exec /usr/bin/python3 scripts/benchmark-scale.py "$(realpath "$binary")" "${sizes[@]}"
