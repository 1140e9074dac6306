#!/usr/bin/env bash
# On-demand benchmark of `newsletter serve`: 50 concurrent clients (wrk) POST one-click
# unsubscribes with valid tokens while a `newsletter send` of the next issue runs on the same
# state file. Prints wrk's requests/s and latency percentiles, and serve's peak RSS (VmHWM).
#
# Usage: scripts/benchmark-serve.sh [SUBSCRIBERS] [SECONDS]   (default 20000 subscribers, 20 s)
#        NEWSLETTER_BINARY=path/to/newsletter scripts/benchmark-serve.sh   (skip the release build)
#
# Builds release, installs wrk, runs the SMTP test server (Tests/TestSupport/Fixtures/smtpd.py,
# Debian's aiosmtpd) on a free loopback port, sends issue 1 to hand out the tokens, then starts
# issue 2's send and the load at once. Targets: >= 1,000 requests/s, p99 < 50 ms, RSS < 40 MB.
# The figures are only meaningful on an otherwise idle machine.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}" python3-aiosmtpd wrk
subscribers=${1:-20000}
seconds=${2:-20}

# NEWSLETTER_BINARY: an already built release binary to measure instead of building one.
binary=${NEWSLETTER_BINARY:-}
if [ -z "$binary" ]; then
    swift build -c release --static-swift-stdlib --product newsletter >&2
    binary="$PWD/.build/release/newsletter"
fi
work=$(mktemp -d /tmp/newsletter-serve-bench.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
smtp_port=$(free_port)
/usr/bin/python3 Tests/TestSupport/Fixtures/smtpd.py --port "$smtp_port" > "$work/smtpd.out" 2>&1 < /dev/zero &
pids+=($!)

cp -r Templates Examples/items "$work/"
/usr/bin/python3 - "$work" "$subscribers" "$smtp_port" <<'PY'
import json, sys
work, count, port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(f"{work}/subscribers.csv", "w") as f:
    f.write("email,name,topics\n")
    for i in range(count):
        f.write(f"reader{i:06d}@example.org,Reader {i},\n")
json.dump({
    "name": "Benchmark Weekly", "from": "Benchmark Weekly <news@example.org>",
    "items": "items", "subscribers": "subscribers.csv", "state": "state.sqlite", "templates": "Templates",
    "archiveURL": "https://example.org/newsletter/{{number}}.html",
    "unsubscribe": {"mailto": "unsubscribe@example.org", "url": "https://example.org/unsubscribe",
                    "secretEnv": "BENCH_SECRET"},
    "smtp": {"url": f"smtp://127.0.0.1:{port}", "tls": "none", "connections": 4, "maxAttempts": 1},
}, open(f"{work}/newsletter.json", "w"))
PY
export BENCH_SECRET=$(openssl rand -base64 48)
sleep 1
echo "issue 1 to $subscribers subscribers (hands out the tokens) ..." >&2
"$binary" send --quiet --config "$work/newsletter.json"
/usr/bin/python3 -c 'import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("SELECT token FROM readerToken")]' \
    "$work/state.sqlite" > "$work/tokens.txt"

port=$(free_port)
"$binary" serve --listen "127.0.0.1:$port" --config "$work/newsletter.json" 2> "$work/serve.log" &
serve_pid=$!
pids+=($serve_pid)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

cat > "$work/items/zz-benchmark.md" <<'MD'
---
topic: Online safety
title: A benchmark item
date: 2026-11-30
links:
  - label: Read it
    title: A benchmark item
    url: https://example.org/benchmark
---
An item that makes the second issue.
MD
echo "issue 2's send and $seconds s of 50 clients POSTing one-click unsubscribes ..." >&2
"$binary" send --quiet --config "$work/newsletter.json" > "$work/send.out" 2>&1 &
send_pid=$!
TOKENS="$work/tokens.txt" wrk -t 2 -c 50 -d "${seconds}s" --latency -s scripts/benchmark-serve.lua "http://127.0.0.1:$port"
send_running="no"; kill -0 "$send_pid" 2>/dev/null && send_running="yes"
echo "send still running when the load ended: $send_running"
echo "serve peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$serve_pid/status)"
kill -TERM "$serve_pid"; wait "$serve_pid"; echo "serve exit status after SIGTERM: $?"
wait "$send_pid" || true
echo "send: $(cat "$work/send.out")"
echo "requests logged by serve: $(grep -c ' POST ' "$work/serve.log"); 5xx: $(grep -cE ' 5[0-9][0-9] ' "$work/serve.log" || true)"
/usr/bin/python3 -c 'import sqlite3,sys; print("web unsubscribes recorded:", sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM suppression WHERE kind=\"web\"").fetchone()[0])' "$work/state.sqlite"
load=$(cut -d' ' -f1 /proc/loadavg); echo "load average (1 min) at the end: $load on $(nproc) CPUs"
