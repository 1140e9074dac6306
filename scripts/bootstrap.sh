# Sourced by the other scripts: finds Swift and installs the Debian packages a step needs.
# Usage: . scripts/bootstrap.sh; need_packages libcurl4-openssl-dev ...

set -euo pipefail

# Swift: on PATH, or the toolchain's usual place.
if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    else
        echo "newsletter: Swift 6 is missing: install a Swift 6 toolchain (https://www.swift.org/install/linux/) and put its usr/bin on PATH" >&2
        exit 69
    fi
fi

_apt_updated=0

# Installs every named Debian package that is not installed yet (needs root or sudo).
need_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "newsletter: missing Debian packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
            exit 69
        fi
    fi
    echo "installing ${missing[*]} ..." >&2
    if [ $_apt_updated -eq 0 ]; then
        $sudo apt-get update -qq >&2 || { echo "newsletter: apt-get update failed; check the network or the apt sources" >&2; exit 69; }
        _apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2 || {
        echo "newsletter: could not install ${missing[*]}; install them by hand: apt-get install ${missing[*]}" >&2
        exit 69
    }
}

# The packages every build needs: libcurl (OpenSSL flavour), cmark, SQLite and pkg-config.
BUILD_PACKAGES=(libcurl4-openssl-dev libcmark-dev libsqlite3-dev pkg-config)

# The bundled example signs its unsubscribe links (config.example.json: unsubscribe.secretEnv
# NEWSLETTER_SECRET). Its scripts use this throwaway secret unless NEWSLETTER_SECRET is set already;
# never use it for a real list: make one with `openssl rand -base64 48`.
use_example_secret() {
    export NEWSLETTER_SECRET="${NEWSLETTER_SECRET:-example-only-secret-never-use-it-for-a-real-list}"
}

# Postfix's test programs, without the mail system: preseeded so the install asks nothing and
# writes no main.cf; the service the package enables is disabled again and stopped if it runs.
need_postfix_tools() {
    [ -x /usr/sbin/smtp-sink ] && [ -x /usr/sbin/smtp-source ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; then
        echo "${0##*/}: smtp-sink and smtp-source are missing: install postfix as root (preseeded to 'No configuration'): echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections; apt-get install -y postfix" >&2
        exit 69
    fi
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
    need_packages postfix
    $sudo systemctl disable postfix >/dev/null 2>&1 || $sudo deb-systemd-helper disable postfix.service >/dev/null 2>&1 || true
    if $sudo postfix status >/dev/null 2>&1; then $sudo postfix stop >&2 || true; fi
    [ -x /usr/sbin/smtp-sink ] && [ -x /usr/sbin/smtp-source ] || {
        echo "${0##*/}: postfix is installed but /usr/sbin/smtp-sink or /usr/sbin/smtp-source is missing; reinstall it: apt-get install --reinstall postfix" >&2
        exit 69
    }
}
