#!/usr/bin/env bash
# On demand: time and peak memory of every parser of outside input as its hostile input doubles
# (deep and flooded feeds, a Latin-1 bounce, an endless mbox line, MIME parts, item Markdown,
# subscriber CSV, config JSON); see scripts/linearity.py for how to read the table. About 5
# minutes on 2 cores, plus the first release build.
# Usage: scripts/linearity.sh [--rounds R] [--only PREFIX,PREFIX]
#        NEWSLETTER_BINARY=path/to/newsletter scripts/linearity.sh   (skip the release build)
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}" python3 time
binary="${NEWSLETTER_BINARY:-}"
if [ -z "$binary" ]; then
    swift build -c release --static-swift-stdlib --product newsletter >&2
    binary="$PWD/.build/release/newsletter"
fi
exec /usr/bin/python3 scripts/linearity.py --newsletter "$binary" "$@"
