#!/usr/bin/env bash
# On demand: the classes `newsletter bounces --dry-run --explain` gives, tallied by kind and by the
# rule that decided, over the project's own report fixtures (Tests/BounceReportsTests/Fixtures,
# placeholders filled in) and the public flufl.bounce corpus (.build/flufl-bounce, which
# scripts/test.sh downloads). What the closing notes of the bounce work quote.
# Usage: scripts/bounce-classes.sh
#        NEWSLETTER_BINARY=path/to/newsletter scripts/bounce-classes.sh   (skip the build)
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
use_example_secret
need_packages "${BUILD_PACKAGES[@]}"
binary="${NEWSLETTER_BINARY:-}"
if [ -z "$binary" ]; then
    swift build --product newsletter >&2 || exit 1
    binary=.build/debug/newsletter
fi
if [ ! -s .build/flufl-bounce/tests/test_detectors.py ]; then
    echo "bounce-classes: no flufl.bounce corpus in .build/flufl-bounce: run scripts/test.sh once, which downloads it" >&2
    exit 69
fi
work=$(mktemp -d /tmp/bounce-classes.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fixtures" "$work/list"
for fixture in Tests/BounceReportsTests/Fixtures/*.eml; do
    sed -e 's/{{to}}/bounces+42-00112233445566778899@example.org/g' -e 's/{{recipient}}/sam.reader@reader.example/g' \
        -e 's/{{messageID}}/<m1@example.org>/g' -e 's/{{token}}/Qk7x2Lw9TzA4mN0pR5sV1a/g' \
        "$fixture" >"$work/fixtures/$(basename "$fixture")"
done
(cd "$work/list" && "$OLDPWD/$binary" init >/dev/null) || exit 1
tally() {
    (cd "$work/list" && "$OLDPWD/$binary" bounces --dry-run --explain "$@") | /usr/bin/python3 -c '
import collections, sys
kinds, rules = collections.Counter(), collections.Counter()
for line in sys.stdin:
    fields = line.rstrip("\n").split("\t")
    kinds[fields[0]] += 1
    rules[(fields[0], fields[-1].split(":")[0].split(" ")[0])] += 1
print("  findings by class: " + ", ".join(f"{k} {kinds[k]}" for k in ("hard", "soft", "blocked", "complaint", "unsubscribe", "ignored")))
for (kind, rule), count in sorted(rules.items(), key=lambda item: (-item[1], item[0])):
    print(f"    {count:4d}  {kind:<11} {rule}")
'
}
echo "Project fixtures ($(ls "$work/fixtures" | wc -l) reports):"
tally "$work"/fixtures/*.eml
echo "flufl.bounce corpus ($(ls .build/flufl-bounce/tests/data/*.txt | wc -l) reports):"
tally "$PWD"/.build/flufl-bounce/tests/data/*.txt
