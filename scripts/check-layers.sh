#!/usr/bin/env bash
# Fails when a target imports a module Package.swift does not declare for it, declares a project
# target it never imports, or when Package.swift and ARCHITECTURE.md's layer table disagree or a
# target depends on a higher layer (scripts/check-layers.py says what it guarantees and what not).
# On Linux SwiftPM lets a target import its dependencies' dependencies, so the build alone does not.
# Usage: scripts/check-layers.sh [--self-test]
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
if ! command -v python3 >/dev/null 2>&1; then
    echo "check-layers: python3 is missing; install it: apt-get install python3" >&2
    exit 69
fi
exec python3 scripts/check-layers.py "$@"
