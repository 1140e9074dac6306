#!/usr/bin/env bash
# Fails when a DocC symbol link (``Type/member(label:)``) in a doc comment under Sources/ or in the
# Markdown files (top level, docs/) names nothing declared in Sources/ (scripts/check-doc-links.py
# says how leniently it resolves). --lenient also lists the links DocC itself would not resolve.
# Usage: scripts/check-doc-links.sh [--lenient] [--self-test]
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null 2>&1; then
    echo "check-doc-links: python3 is missing; install it: apt-get install python3" >&2
    exit 69
fi
exec python3 scripts/check-doc-links.py "$@"
