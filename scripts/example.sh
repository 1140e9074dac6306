#!/usr/bin/env bash
# Builds newsletter and previews the bundled example bulletin.
# Extra arguments go to `newsletter preview`, e.g. --format html or --format eml.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}"
use_example_secret
swift build --product newsletter >&2
exec .build/debug/newsletter preview --config config.example.json "$@"
