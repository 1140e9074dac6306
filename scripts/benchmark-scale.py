"""The scale benchmark's driver (scripts/benchmark-scale.sh runs it): one send per size, with
`serve` taking one-click unsubscribes on the same state database meanwhile."""

import datetime, http.client, json, os, random, sqlite3, statistics, subprocess, sys
import threading, time

import benchmark_support
from benchmark_support import free_port

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def wait_for_port(port, process, what):
    benchmark_support.wait_for_port(port, process, what, name="benchmark-scale")


def iso_seconds(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").timestamp()


def one_size(binary, readers):
    sink_port, serve_port = free_port(), free_port()
    work, config_path, config = benchmark_support.starter_list(binary, readers, "benchmark-scale", sink_port, 4)
    config.pop("subscribe", None)
    json.dump(config, open(config_path, "w"), indent=2)
    state = os.path.join(work, config["state"])

    sink = subprocess.Popen(["/usr/sbin/smtp-sink", "-u", "nobody", "-c", f"127.0.0.1:{sink_port}", "1024"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    serve = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{serve_port}", "--config", config_path],
                             cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(sink_port, sink, "smtp-sink")
        wait_for_port(serve_port, serve, "serve")
        latencies, moments, statuses, running = [], [], [], threading.Event()
        running.set()

        def unsubscribe():
            database = None
            while running.is_set():
                started = time.time()
                try:
                    if database is None and os.path.exists(state):
                        database = sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=1)
                    # fetchall: a cursor left open would hold a read transaction, and the send's
                    # checkpoints could never reset the write-ahead log.
                    rows = database.execute(
                        "SELECT token FROM readerToken WHERE token >= ? ORDER BY token LIMIT 1",
                        ("".join(random.choice(ALPHABET) for _ in range(3)),)).fetchall() if database else []
                    row = rows[0] if rows else None
                except sqlite3.Error:
                    row = None
                if row:
                    connection = http.client.HTTPConnection("127.0.0.1", serve_port, timeout=30)
                    begun = time.time()
                    connection.request("POST", f"/unsubscribe/{row[0]}", body="List-Unsubscribe=One-Click",
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})
                    answer = connection.getresponse()
                    answer.read()
                    latencies.append((time.time() - begun) * 1000)
                    moments.append(begun)
                    statuses.append(answer.status)
                    connection.close()
                time.sleep(max(0, 0.05 - (time.time() - started)))

        poster = threading.Thread(target=unsubscribe)
        poster.start()
        begun = time.time()
        send = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "send", "--quiet", "--config", config_path],
                              cwd=work, capture_output=True, text=True)
        wall = time.time() - begun
        running.clear()
        poster.join()
        if send.returncode != 0:
            sys.exit(f"benchmark-scale: send failed ({send.returncode}): {send.stderr[-2000:]}")
        peak_kb = int(send.stderr.strip().splitlines()[-1])
        database = sqlite3.connect(state)
        created, recorded = database.execute("SELECT createdAt, recordedAt FROM mailing WHERE number = 1").fetchone()
        sent = database.execute("SELECT COUNT(*) FROM delivery WHERE state = 'sent'").fetchone()[0]
        # What one issue costs the state file per reader: the delivery rows and their indexes, read
        # page by page (dbstat), and the reader tokens, which are written once per reader, not per issue.
        pages = dict(database.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
        indexes = [name for (name,) in database.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'delivery'")]
        deliveries = database.execute("SELECT COUNT(*) FROM delivery").fetchone()[0]
        delivery_table = pages.get("delivery", 0) / max(deliveries, 1)
        delivery_indexes = sum(pages.get(name, 0) for name in indexes) / max(deliveries, 1)
        token_bytes = sum(size for name, size in pages.items() if name.startswith("readerToken")
                          or name.startswith("sqlite_autoindex_readerToken")) / max(readers, 1)
        database.close()
        sizes = {name: os.path.getsize(os.path.join(work, name))
                 for name in os.listdir(work) if name.startswith(config["state"])}
        status_begun = time.time()
        subprocess.run([binary, "status", "--config", config_path], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        status_time = time.time() - status_begun
        ordered = sorted(latencies) or [0]
        # The answers while the mailing was being recorded, apart: that is when the send writes most.
        recorded_at = iso_seconds(recorded) + 1
        during = sorted(latency for latency, moment in zip(latencies, moments) if moment < recorded_at) or [0]
        return {
            "readers": readers, "record_s": iso_seconds(recorded) - iso_seconds(created), "wall_s": wall,
            "sent": sent, "rate": sent / wall, "peak_rss_mb": peak_kb / 1024,
            "state_mb": sizes.get(config["state"], 0) / 1e6,
            "wal_mb": sizes.get(config["state"] + "-wal", 0) / 1e6,
            "bytes_per_reader": sizes.get(config["state"], 0) / max(readers, 1),
            "delivery_row_bytes": delivery_table, "delivery_index_bytes": delivery_indexes,
            "token_bytes_per_reader": token_bytes,
            "status_s": status_time, "posts": len(latencies),
            "p50_ms": statistics.median(ordered), "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "max_ms": ordered[-1], "non_200": sum(1 for status in statuses if status != 200),
            "recording_posts": len(during) if during != [0] else 0,
            "recording_p99_ms": during[min(len(during) - 1, int(len(during) * 0.99))],
        }
    finally:
        for process in (serve, sink):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(["rm", "-rf", work])


def main():
    binary, sizes = sys.argv[1], [int(size) for size in sys.argv[2:]]
    rows = []
    for readers in sizes:
        print(f"sending to {readers:,} readers ...", file=sys.stderr)
        rows.append(one_size(binary, readers))
    print("| readers | record (s) | send (s) | msg/s | peak RSS (MB) | state (MB) | WAL (MB) | bytes/reader "
          "| status (s) | POSTs | p50 (ms) | p99 (ms) | max (ms) | non-200 | p99 while recording (ms) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['readers']:,} | {row['record_s']:.0f} | {row['wall_s']:.1f} | {row['rate']:,.0f} "
              f"| {row['peak_rss_mb']:.1f} | {row['state_mb']:.1f} | {row['wal_mb']:.1f} "
              f"| {row['bytes_per_reader']:.0f} | {row['status_s']:.2f} | {row['posts']} | {row['p50_ms']:.1f} "
              f"| {row['p99_ms']:.1f} | {row['max_ms']:.1f} | {row['non_200']} "
              f"| {row['recording_p99_ms']:.1f} ({row['recording_posts']} POSTs) |")
    print()
    print("| readers | delivery row (B) | its indexes (B) | per reader per issue (B) | reader token, once (B) |")
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        per_issue = row["delivery_row_bytes"] + row["delivery_index_bytes"]
        print(f"| {row['readers']:,} | {row['delivery_row_bytes']:.0f} | {row['delivery_index_bytes']:.0f} "
              f"| {per_issue:.0f} | {row['token_bytes_per_reader']:.0f} |")
    print(json.dumps(rows), file=sys.stderr)


if __name__ == "__main__":
    main()
