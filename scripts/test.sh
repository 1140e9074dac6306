#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden files, and end-to-end tests against a real SMTP
# server (Debian's aiosmtpd, started by the tests themselves) and Python's email parser.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}" python3-aiosmtpd openssl python3 python3-dkim python3-nacl dovecot-imapd dovecot-pop3d chromium chromium-driver python3-selenium python3-pil iproute2 strace
# Postfix's smtp-sink (a second SMTP server for the PIPELINING tests), without the mail system:
# preseeded to "No configuration"; the service the package enables is disabled and stopped again.
if [ ! -x /usr/sbin/smtp-sink ]; then
    _sudo=""; [ "$(id -u)" -eq 0 ] || _sudo="sudo"
    echo "postfix postfix/main_mailer_type select No configuration" | $_sudo debconf-set-selections
    need_packages postfix
    $_sudo systemctl disable --now postfix >/dev/null 2>&1 || true
fi
# axe-core for the accessibility checks of the readers' pages: PyPI's axe-core-python carries axe 4.4.
if [ ! -s .build/axe/axe.min.js ]; then
    mkdir -p .build/axe
    if ! python3 -m pip download --quiet --no-deps --dest .build/axe axe-core-python==0.1.0; then
        echo "test: cannot download axe-core-python from PyPI (python3 -m pip); the browser tests need its axe.min.js" >&2
        exit 69
    fi
    python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("axe_core_python/axe.min.js"))' \
        .build/axe/axe_core_python-0.1.0-py3-none-any.whl .build/axe/axe.min.js
fi
# The public flufl.bounce corpus (GNU Mailman's bounce samples) for the bounce reader's corpus test.
if [ ! -s .build/flufl-bounce/tests/test_detectors.py ]; then
    mkdir -p .build/flufl-bounce
    if ! python3 -m pip download --quiet --no-deps --no-binary :all: --dest .build/flufl-bounce flufl.bounce==6.0.0; then
        echo "test: cannot download flufl.bounce 6.0.0's source from PyPI (python3 -m pip); the bounce corpus test needs it" >&2
        exit 69
    fi
    tar -xzf .build/flufl-bounce/flufl_bounce-6.0.0.tar.gz -C .build/flufl-bounce --strip-components=1
fi
# House style first: a formatting slip fails in seconds, not after the build (scripts/format.sh fixes the layout).
scripts/format.sh --check
# The checkers on throwaway trees first, so a broken checker fails loudly instead of passing everything.
scripts/check-layers.sh --self-test
scripts/check-doc-links.sh --self-test
# Imports and layers before the build: SwiftPM on Linux builds an undeclared import, so only this catches it.
scripts/check-layers.sh
# DocC links before the build: a renamed symbol leaves stale links that neither swift build nor the tests see.
scripts/check-doc-links.sh
swift build --build-tests
swift test --skip-build "$@"
# Every fuzz target builds, and its corpus and the inputs that once crashed it run clean once.
scripts/fuzz.sh --replay
