#!/usr/bin/env bash
# Builds newsletter for release and installs the binary, the man page, shell completions (bash,
# zsh, fish) and example systemd units (a weekly send timer and a daily feed fetch timer).
#
# Usage: scripts/install.sh [--prefix /usr/local] [--destdir DIR]
#   --prefix   where it goes (default /usr/local): bin/, share/man/man1/, share/.../completions
#   --destdir  a staging root prepended to every path (for packaging); nothing is enabled
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}"

prefix=/usr/local
destdir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --destdir) destdir="$2"; shift 2 ;;
        *) echo "newsletter: install.sh: unknown argument '$1'; use --prefix DIR or --destdir DIR" >&2; exit 64 ;;
    esac
done
root="$destdir$prefix"

swift build -c release --static-swift-stdlib --product newsletter
binary="$(swift build -c release --show-bin-path)/newsletter"

install -d "$root/bin" "$root/share/man/man1" "$root/share/bash-completion/completions" \
    "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d" "$root/share/doc/newsletter/systemd"
install -m 0755 "$binary" "$root/bin/newsletter"
install -m 0644 man/newsletter.1 "$root/share/man/man1/newsletter.1"
gzip -9nf "$root/share/man/man1/newsletter.1"
"$binary" --generate-completion-script bash > "$root/share/bash-completion/completions/newsletter"
"$binary" --generate-completion-script zsh > "$root/share/zsh/site-functions/_newsletter"
"$binary" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/newsletter.fish"
for unit in scripts/systemd/*.service scripts/systemd/*.timer; do
    sed "s#/usr/local/bin/newsletter#$prefix/bin/newsletter#" "$unit" > "$root/share/doc/newsletter/systemd/$(basename "$unit")"
done
install -m 0644 config.example.json "$root/share/doc/newsletter/config.example.json"

echo "installed $root/bin/newsletter, its man page and bash, zsh and fish completions" >&2
echo "example systemd units: $root/share/doc/newsletter/systemd/ (copy to /etc/systemd/system/, then" >&2
echo "  systemctl daemon-reload && systemctl enable --now newsletter-send.timer newsletter-fetch.timer)" >&2
