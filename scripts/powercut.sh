#!/usr/bin/env bash
# On demand: a power cut in the middle of a send, simulated with LazyFS (github.com/dsrhaslab/lazyfs),
# a FUSE file system that keeps written data in its own cache until it is synced, and drops what
# was never synced on the command `lazyfs::clear-cache`, the way Jepsen tests databases for power
# loss. The list lives on a LazyFS mount; a send to 400 readers through the test SMTP server
# (Tests/TestSupport/Fixtures/smtpd.py, 15 ms a message, 2 connections) is killed with SIGKILL
# after 150 messages were accepted, LazyFS drops every unsynced write, and a second send finishes
# the job. It prints how many readers were reached and how many got a second copy, and fails if
# anyone was missed or more than 2 (the connections) got two.
#
# Usage: LAZYFS=/path/to/lazyfs/lazyfs/build/lazyfs scripts/powercut.sh [ROUNDS]   (default 3 rounds)
#        NEWSLETTER_BINARY=path/to/newsletter ...   (skip the release build)
# Build LazyFS first as its README says (it needs g++, cmake, libfuse3-dev, fuse3, and fetches
# toml11 and spdlog); run as root, or with user_allow_other in /etc/fuse.conf.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}" python3-aiosmtpd fuse3
lazyfs="${LAZYFS:-}"
if [ -z "$lazyfs" ] || [ ! -x "$lazyfs" ]; then
    echo "powercut: set LAZYFS to a built LazyFS binary (github.com/dsrhaslab/lazyfs: libs/libpcache/build.sh, then lazyfs/build.sh)" >&2
    exit 69
fi
binary="${NEWSLETTER_BINARY:-}"
if [ -z "$binary" ]; then
    swift build -c release --static-swift-stdlib --product newsletter >&2 || exit 1
    binary=$PWD/.build/release/newsletter
fi
binary=$(realpath "$binary")
smtpd=$PWD/Tests/TestSupport/Fixtures/smtpd.py
rounds=${1:-3}
work=$(mktemp -d /tmp/powercut.XXXXXX)
cleanup() {
    fusermount3 -u "$work/mnt" 2>/dev/null || true
    if [ -n "${smtpd_pid:-}" ]; then kill "$smtpd_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
failed=0
for round in $(seq 1 "$rounds"); do
    fusermount3 -u "$work/mnt" 2>/dev/null || true
    rm -rf "$work"/* && mkdir -p "$work/root" "$work/mnt" "$work/spool"
    cat >"$work/config.toml" <<CFG
[faults]
fifo_path="$work/faults.fifo"
[cache]
apply_eviction=false
[cache.simple]
custom_size="256mb"
blocks_per_page=1
[filesystem]
log_all_operations=false
logfile=""
CFG
    "$lazyfs" "$work/mnt" --config-path "$work/config.toml" -o allow_other -o modules=subdir \
        -o subdir="$work/root" >"$work/lazyfs.log" 2>&1 &
    for _ in $(seq 1 300); do grep -q "running LazyFS" "$work/lazyfs.log" 2>/dev/null && break; sleep 0.1; done
    mount | grep -q "$work/mnt" || { echo "powercut: LazyFS did not mount: $(tail -3 "$work/lazyfs.log")" >&2; exit 69; }
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    (cd "$work/mnt" && "$binary" init >/dev/null) || exit 1
    # The list as it stood before the send is on the disk, as a real one long is: written and synced.
    (cd "$work/mnt" && /usr/bin/python3 - "$port" <<'PY'
import json, os, sys
config = json.load(open("newsletter.json"))
config["smtp"].update({"url": f"smtp://127.0.0.1:{sys.argv[1]}", "connections": 2, "maxAttempts": 2})
config.pop("subscribe", None)
json.dump(config, open("newsletter.json", "w"), indent=1)
with open("subscribers.csv", "w") as csv:
    csv.write("email,name,topics\n" + "".join(f"reader{index}@example.net,,\n" for index in range(400)))
for root, dirs, files in os.walk("."):
    for name in files + dirs + ["."]:
        descriptor = os.open(os.path.join(root, name), os.O_RDONLY)
        os.fsync(descriptor)
        os.close(descriptor)
PY
    ) || exit 1
    echo '{"delay_ms": 15}' >"$work/faults.json"
    /usr/bin/python3 "$smtpd" --spool "$work/spool" --faults "$work/faults.json" --port "$port" --pipelining \
        >"$work/smtpd.out" 2>&1 &
    smtpd_pid=$!
    for _ in $(seq 1 100); do grep -q READY "$work/smtpd.out" && break; sleep 0.1; done
    export NEWSLETTER_SECRET=$(cat "$work/mnt/secret.key")
    (cd "$work/mnt" && exec "$binary" send --quiet) &
    send_pid=$!
    while [ "$(ls "$work/spool" | grep -c 'eml$')" -lt 150 ]; do sleep 0.02; done
    kill -9 "$send_pid"
    wait "$send_pid" 2>/dev/null || true
    echo "lazyfs::clear-cache" >"$work/faults.fifo"  # the power cut: every unsynced write is gone
    sleep 1
    before=$(ls "$work/spool" | grep -c 'eml$')
    echo '{}' >"$work/faults.json"
    (cd "$work/mnt" && "$binary" send --quiet) || echo "powercut: the rerun exited $?" >&2
    kill "$smtpd_pid"
    smtpd_pid=""
    /usr/bin/python3 - "$work/spool" "$before" "$round" <<'PY' || failed=1
import collections, os, sys
copies = collections.Counter(name.split("-", 1)[1] for name in os.listdir(sys.argv[1]) if name.endswith(".eml"))
second = sum(1 for count in copies.values() if count > 1)
print(f"round {sys.argv[3]}: {sys.argv[2]} accepted before the cut; {len(copies)} of 400 readers reached; "
      f"{second} second copies (at most 2 allowed)")
sys.exit(0 if len(copies) == 400 and second <= 2 else 1)
PY
done
exit "$failed"
