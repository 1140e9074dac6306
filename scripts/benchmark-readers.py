"""The readers' desk benchmark's driver (scripts/benchmark-readers.sh runs it): for each size of
subscriber file, `serve`'s sign-up and reader's-page latency, and one-click unsubscribe latency
while a client floods the sign-up form with refused posts."""

import http.client, json, os, re, statistics, subprocess, sys, threading, time, urllib.parse

import benchmark_support
from benchmark_support import free_port

STAMP = re.compile(r'name="stamp" value="([A-Za-z0-9_-]+)"')
PAGE = re.compile(r'(/subscribe/manage/[A-Za-z0-9_-]{44,46})')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def wait_for_port(port, process, what):
    benchmark_support.wait_for_port(port, process, what, name="benchmark-readers", seconds=120)


def percentiles(samples):
    ordered = sorted(samples) or [0.0]
    return {"p50": statistics.median(ordered), "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "max": ordered[-1], "n": len(samples)}


def timed(connection, method, path, body=None, headers=None):
    begun = time.perf_counter()
    connection.request(method, path, body=body, headers=headers or {})
    answer = connection.getresponse()
    content = answer.read()
    return (time.perf_counter() - begun) * 1000, answer.status, content.decode(errors="replace")


def one_size(binary, rows, flood_rate, flood_seconds):
    sink_port, serve_port = free_port(), free_port()
    work, config_path, config = benchmark_support.starter_list(binary, rows, "benchmark-readers", sink_port, 2)
    # The limits out of the way: this measures the desk's cost, not its refusals.
    config["subscribe"].update({"perHour": 1_000_000, "perClientPerHour": 10_000, "perNetworkPerHour": 1_000_000,
                                "trustedProxies": ["127.0.0.1"]})
    json.dump(config, open(config_path, "w"), indent=2)
    sink = subprocess.Popen(["/usr/sbin/smtp-sink", "-u", "nobody", "-c", f"127.0.0.1:{sink_port}", "1024"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    serve = None
    try:
        wait_for_port(sink_port, sink, "smtp-sink")
        last = f"reader{rows - 1}@example.net"
        preview = subprocess.run([binary, "preview", "--to", last, "--config", config_path], cwd=work,
                                 capture_output=True, text=True, check=True)
        page = PAGE.search(preview.stdout).group(1)
        started = time.perf_counter()
        serve = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{serve_port}", "--config", config_path],
                                 cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(serve_port, serve, "serve")
        connection = http.client.HTTPConnection("127.0.0.1", serve_port, timeout=60)
        first, status, _ = timed(connection, "GET", page)
        ready = time.perf_counter() - started
        assert status == 200, f"the last reader's page answered {status}"
        views = [timed(connection, "GET", page)[0] for _ in range(300)]

        stamps = [STAMP.search(timed(connection, "GET", "/subscribe")[2]).group(1) for _ in range(300)]
        time.sleep(2.2)
        signups = []
        for index, stamp in enumerate(stamps):
            body = urllib.parse.urlencode({"email": f"new{index}@example.org", "name": "", "stamp": stamp,
                                           "website": ""})
            headers = dict(FORM, **{"X-Forwarded-For": f"10.9.{index // 250}.{index % 250}"})
            latency, status, _ = timed(connection, "POST", "/subscribe", body, headers)
            assert status == 200, status
            signups.append(latency)
        connection.close()
        with open(f"/proc/{serve.pid}/status") as status:
            peak_kb = int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
        return {"rows": rows, "ready_s": ready, "first_view_ms": first, "view": percentiles(views),
                "signup": percentiles(signups), "peak_rss_mb": peak_kb / 1024}, (work, config_path, serve_port, serve,
                                                                                sink)
    except BaseException:
        for process in (serve, sink):
            if process:
                process.kill()
        subprocess.run(["rm", "-rf", work])
        raise


def unsubscribes_under_flood(binary, work, config_path, serve_port, flood_rate, seconds):
    """One-click unsubscribes every 20 ms while another client posts `flood_rate` refused forms a second."""
    # The send hands out the unsubscribe tokens.
    subprocess.run([binary, "send", "--quiet", "--config", config_path], cwd=work, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import sqlite3
    state = os.path.join(work, json.load(open(config_path))["state"])
    database = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    tokens = [token for (token,) in database.execute("SELECT token FROM readerToken LIMIT 2000").fetchall()]
    database.close()

    def measure(flooding):
        running = threading.Event()
        running.set()
        sent = [0]

        def flood():
            connection = http.client.HTTPConnection("127.0.0.1", serve_port, timeout=30)
            body = urllib.parse.urlencode({"email": "bot@example.org", "stamp": "x", "website": "spam"})
            begun = time.perf_counter()
            while running.is_set():
                connection.request("POST", "/subscribe", body=body, headers=FORM)
                connection.getresponse().read()
                sent[0] += 1
                pause = begun + sent[0] / flood_rate - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)

        flooder = threading.Thread(target=flood) if flooding else None
        if flooder:
            flooder.start()
        time.sleep(0.5)
        connection = http.client.HTTPConnection("127.0.0.1", serve_port, timeout=30)
        latencies, begun = [], time.perf_counter()
        index = 0
        while time.perf_counter() - begun < seconds:
            token = tokens[index % len(tokens)]
            index += 1
            latency, status, _ = timed(connection, "POST", f"/unsubscribe/{token}", "List-Unsubscribe=One-Click",
                                       FORM)
            assert status == 200, status
            latencies.append(latency)
            time.sleep(0.02)
        running.clear()
        if flooder:
            flooder.join()
        elapsed = time.perf_counter() - begun
        return dict(percentiles(latencies), flood_per_s=sent[0] / (elapsed + 0.5) if flooding else 0)

    return {"quiet": measure(False), "flooded": measure(True)}


def main():
    binary = sys.argv[1]
    sizes = [int(size) for size in sys.argv[2:]] or [1_000, 1_000_000]
    results = []
    flood = None
    for rows in sizes:
        print(f"{rows:,} subscriber rows ...", file=sys.stderr)
        result, (work, config_path, port, serve, sink) = one_size(binary, rows, 500, 10)
        try:
            if flood is None:
                print("one-click unsubscribes under a flood of refused sign-ups ...", file=sys.stderr)
                flood = unsubscribes_under_flood(binary, work, config_path, port, 500, 10)
            results.append(result)
        finally:
            for process in (serve, sink):
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            subprocess.run(["rm", "-rf", work])
    print("| subscriber rows | serve ready + first page view (s) | page view p50 / p99 (ms) "
          "| sign-up p50 / p99 (ms) | serve peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for row in results:
        print(f"| {row['rows']:,} | {row['ready_s']:.2f} | {row['view']['p50']:.2f} / {row['view']['p99']:.2f} "
              f"| {row['signup']['p50']:.2f} / {row['signup']['p99']:.2f} | {row['peak_rss_mb']:.1f} |")
    print()
    print("| one-click unsubscribe | refused sign-ups / s | p50 (ms) | p99 (ms) | max (ms) | requests |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, row in flood.items():
        print(f"| {name} | {row['flood_per_s']:.0f} | {row['p50']:.2f} | {row['p99']:.2f} | {row['max']:.2f} "
              f"| {row['n']} |")
    print(json.dumps({"sizes": results, "unsubscribe": flood}), file=sys.stderr)


if __name__ == "__main__":
    main()
