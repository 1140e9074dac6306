#!/usr/bin/env bash
# On demand: how fast `newsletter bounces --dry-run` classifies an mbox of mixed reports, and its
# peak memory. Generates mboxes of 10,000 and 40,000 reports (every fixture format, each report
# its own addresses) in a temporary folder, builds release, and runs each size once after a warm-up.
# Usage: scripts/bounce-benchmark.sh [COUNT...]   (default: 10000 40000)
#        NEWSLETTER_BINARY=path/to/newsletter scripts/bounce-benchmark.sh   (skip the release build)
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
use_example_secret
need_packages "${BUILD_PACKAGES[@]}" time
# NEWSLETTER_BINARY: an already built release binary to measure instead of building one.
binary="${NEWSLETTER_BINARY:-}"
if [ -z "$binary" ]; then
    swift build -c release --static-swift-stdlib --product newsletter >&2
    binary=.build/release/newsletter
fi
work=$(mktemp -d /tmp/bounce-benchmark.XXXXXX)
trap 'rm -rf "$work"' EXIT
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(10000 40000)

for count in "${counts[@]}"; do
    /usr/bin/python3 - "$count" "$work/reports-$count.mbox" <<'PY'
import glob, os, sys
count, target = int(sys.argv[1]), sys.argv[2]
fixtures = sorted(glob.glob("Tests/BounceReportsTests/Fixtures/*.eml"))
templates = [open(path, "rb").read() for path in fixtures]
with open(target, "wb") as mbox:
    for index in range(count):
        body = templates[index % len(templates)]
        for placeholder, value in ((b"{{to}}", b"news@example.org"),
                                   (b"{{recipient}}", b"reader%d@example.net" % index),
                                   (b"{{messageID}}", b"<issue4.%d@example.org>" % index),
                                   (b"{{token}}", b"Qk7x2Lw9TzA4mN0pR5sV1a")):
            body = body.replace(placeholder, value)
        body = body.replace(b"\nFrom ", b"\n>From ")
        mbox.write(b"From MAILER-DAEMON Mon Nov 23 08:02:11 2026\n" + body + b"\n")
PY
done

"$binary" bounces --dry-run --config config.example.json "$work/reports-${counts[0]}.mbox" > /dev/null  # warm-up
printf '%-10s %-10s %-12s %-12s %-14s\n' reports "MB" seconds reports/s "peak RSS (MB)"
for count in "${counts[@]}"; do
    file="$work/reports-$count.mbox"
    /usr/bin/time -v "$binary" bounces --dry-run --config config.example.json "$file" > "$work/out" 2> "$work/time"
    lines=$(wc -l < "$work/out")
    [ "$lines" -ge "$count" ] || { echo "expected at least $count findings, got $lines" >&2; exit 1; }
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time")
    size=$(du -m "$file" | cut -f1)
    printf '%-10s %-10s %-12s %-12s %-14s\n' "$count" "$size" "$elapsed" "$(awk -v c="$count" -v s="$elapsed" 'BEGIN { printf "%.0f", c / s }')" "$rss"
done
echo "findings by kind (last run):" && cut -f1 "$work/out" | sort | uniq -c
