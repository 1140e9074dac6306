#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden files, and end-to-end tests against a real SMTP
# server (Debian's aiosmtpd, started by the tests themselves) and Python's email parser.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}" python3-aiosmtpd openssl python3 python3-dkim python3-nacl dovecot-imapd dovecot-pop3d chromium python3-pil iproute2
# Postfix's smtp-sink (a second SMTP server for the PIPELINING tests), without the mail system:
# preseeded to "No configuration"; the service the package enables is disabled and stopped again.
if [ ! -x /usr/sbin/smtp-sink ]; then
    _sudo=""; [ "$(id -u)" -eq 0 ] || _sudo="sudo"
    echo "postfix postfix/main_mailer_type select No configuration" | $_sudo debconf-set-selections
    need_packages postfix
    $_sudo systemctl disable --now postfix >/dev/null 2>&1 || true
fi
# House style first: a formatting slip fails in seconds, not after the build (scripts/format.sh fixes the layout).
scripts/format.sh --check
swift build --build-tests
swift test --skip-build "$@"
# Every fuzz target builds, and its corpus and the inputs that once crashed it run clean once.
scripts/fuzz.sh --replay
