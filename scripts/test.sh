#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden files, and end-to-end tests against a real SMTP
# server (Debian's aiosmtpd, started by the tests themselves) and Python's email parser.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}" python3-aiosmtpd openssl chromium
swift build --build-tests
swift test --skip-build "$@"
