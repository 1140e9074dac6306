#!/usr/bin/env bash
# House style: formats the Swift tree with swift-format (config: .swift-format), or, with --check,
# fails when a file is not as swift-format leaves it, breaks one of its rules, or has a line over
# 120 columns (swift-format cannot break long string literals; split them by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Sources Tests Benchmarks Package.swift)
if command -v swift-format >/dev/null 2>&1; then
    format=(swift-format)
elif command -v swift >/dev/null 2>&1; then
    format=(swift format)
else
    echo "format: swift-format not found; it ships with the Swift toolchain (install Swift 6, put its usr/bin on PATH)" >&2
    exit 69
fi
if [ "${1:-}" != "--check" ]; then
    "${format[@]}" format --in-place --recursive --parallel "${paths[@]}"
    exit 0
fi
status=0
if ! "${format[@]}" lint --strict --recursive --parallel "${paths[@]}"; then
    echo "format: the findings above break the house style; scripts/format.sh fixes the layout ones" >&2
    status=1
fi
long=$(find "${paths[@]}" -name '*.swift' -print0 | xargs -0 python3 -c 'import sys
for p in sys.argv[1:]:
    for n, l in enumerate(open(p, encoding="utf-8").read().split("\n"), 1):
        if len(l) > 120: print(f"{p}:{n}: {len(l)} columns")')
if [ -n "$long" ]; then
    echo "$long" >&2
    echo "format: lines over 120 columns; split them (string literals: concatenate or use a multi-line literal)" >&2
    status=1
fi
exit $status
