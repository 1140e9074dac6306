"""On-demand benchmark of DKIM signing: `newsletter send` unsigned, Ed25519, RSA and both.

Against Postfix's `smtp-sink` on 127.0.0.1 (the same harness as scripts/benchmark.py, whose
functions this script reuses), for N subscribers (10,000; --quick: 4,000) and C connections (1
and 4), each round runs `newsletter send --quiet` (fresh state file, checked to say N sent) once
per signing mode, interleaved:

    unsigned   no `dkim` key in the config
    ed25519    one Ed25519 key (ed25519-sha256)
    rsa        one 2048-bit RSA key (rsa-sha256)
    both       the RSA and the Ed25519 key: two signatures a message

The keys are made by `newsletter dkim keygen`. Composing alone (compose-benchmark, no network)
is also timed once per mode and round. The table gives medians of messages/second, each mode's
rate divided by the unsigned rate of the same N and C, and client CPU µs per message. The issue's
bar: Ed25519 alone keeps at least 0.9 of the unsigned rate.

Usage (normally through `scripts/benchmark.sh --dkim`, which installs postfix and builds release):
    /usr/bin/python3 scripts/benchmark-dkim.py [--quick] [--rounds R] [--sizes 10000]
                                                [--newsletter PATH] [--compose-benchmark PATH] [--json PATH]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark as base  # noqa: E402  (the harness: sink, measured runs, configs, reporting helpers)

MODES = ("unsigned", "ed25519", "rsa", "both")
FULL = {"sizes": (10_000,), "rounds": 5}
QUICK = {"sizes": (4_000,), "rounds": 3}
COMPOSE_COUNT = 20_000


def make_keys(newsletter, folder):
    """Config `dkim` entries per mode, with keys made by `newsletter dkim keygen`."""
    entries = {}
    for algorithm, selector in (("ed25519", "bench-e"), ("rsa", "bench-r")):
        key_file = os.path.join(folder, f"{selector}.pem")
        base.run_checked([newsletter, "dkim", "keygen", "--algorithm", algorithm, "--selector", selector,
                          "--domain", "example.org", "--out", key_file], 120, "newsletter dkim keygen")
        entries[algorithm] = {"domain": "example.org", "selector": selector, "algorithm": algorithm,
                              "keyFile": key_file}
    return {"unsigned": [], "ed25519": [entries["ed25519"]], "rsa": [entries["rsa"]],
            "both": [entries["rsa"], entries["ed25519"]]}


def write_mode_config(folder, count, connections, port, mode, dkim):
    path, state = base.write_config(folder, count, connections, port)
    with open(path, encoding="utf-8") as file:
        config = json.load(file)
    if dkim:
        config["dkim"] = dkim
    state = state.replace(".sqlite", f"-{mode}.sqlite")
    config["state"] = state
    mode_path = path.replace(".json", f"-{mode}.json")
    with open(mode_path, "w", encoding="utf-8") as file:
        json.dump(config, file, indent=2)
    return mode_path, state


def compose_rate(compose_binary, config, folder):
    """Messages/s of compose-benchmark for COMPOSE_COUNT messages, or None."""
    if not compose_binary or not os.access(compose_binary, os.X_OK):
        return None
    done = subprocess.run([compose_binary, config, str(COMPOSE_COUNT)], capture_output=True, timeout=600,
                          stdin=subprocess.DEVNULL)
    text = done.stdout.decode(errors="replace")
    match = base.re.search(r"(\d+) messages/s", text)
    return int(match.group(1)) if done.returncode == 0 and match else None


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="4,000 subscribers, 3 rounds")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--sizes", help="comma-separated subscriber counts (default 10000)")
    parser.add_argument("--newsletter", default=os.path.join(base.REPO, ".build/release/newsletter"))
    parser.add_argument("--compose-benchmark", default=os.path.join(base.REPO, ".build/release/compose-benchmark"))
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    preset = QUICK if args.quick else FULL
    args.sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else preset["sizes"]
    args.rounds = args.rounds or preset["rounds"]
    return args


def run(args, folder):
    base.check_prerequisites(args)
    runs, compose, background = [], {mode: [] for mode in MODES}, []
    keys = make_keys(args.newsletter, folder)
    with base.SmtpSink(folder) as sink:
        base.log(f"smtp-sink listening on {base.HOST}:{sink.port}")
        configs = {}
        for count in args.sizes:
            base.write_subscribers(os.path.join(folder, f"subscribers-{count}.csv"), count)
            for connections in base.CONNECTIONS:
                for mode in MODES:
                    configs[count, connections, mode] = write_mode_config(folder, count, connections, sink.port,
                                                                          mode, keys[mode])
        for round_number in range(1, args.rounds + 1):
            background.append(base.background_load())
            base.log(f"round {round_number}: background load {background[-1]:.2f} CPUs")
            for count in args.sizes:
                for connections in base.CONNECTIONS:
                    for mode in MODES:
                        config, state = configs[count, connections, mode]
                        result = base.measure(sink, mode, count,
                                              lambda: base.run_ours(args.newsletter, config, state, count, folder))
                        result.update(round=round_number, c=connections, mode=mode)
                        runs.append(result)
                        base.log(base.progress_line(result))
            for mode in MODES:
                rate = compose_rate(args.compose_benchmark, configs[args.sizes[0], 1, mode][0], folder)
                if rate:
                    compose[mode].append(rate)
                    base.log(f"round {round_number} composing alone, {mode}: {rate} msg/s")
    return runs, compose, background


def report(runs, sizes, compose):
    header = ["N", "C", "mode", "msg/s", "× unsigned", "CPU µs/msg"]
    rows = []
    for count in sizes:
        for connections in base.CONNECTIONS:
            group = {mode: [r for r in runs if r["n"] == count and r["c"] == connections and r["mode"] == mode]
                     for mode in MODES}
            unsigned = base.median_of(group["unsigned"], base.rate)
            for mode in MODES:
                rate = base.median_of(group[mode], base.rate)
                ratio = rate / unsigned if rate and unsigned else None
                rows.append([str(count), str(connections), mode, base.fmt(rate, ",.0f"), base.fmt(ratio, ".2f"),
                             base.fmt(base.median_of(group[mode], base.cpu_us), ",.0f")])
    base.print_table(header, rows)
    if any(compose.values()):
        unsigned = base.statistics.median(compose["unsigned"]) if compose["unsigned"] else None
        print()
        base.print_table(["composing alone", "msg/s", "× unsigned"], [
            [mode, base.fmt(base.statistics.median(rates) if rates else None, ",.0f"),
             base.fmt(base.statistics.median(rates) / unsigned if rates and unsigned else None, ".2f")]
            for mode, rates in compose.items()])


def main(argv):
    args = parse_arguments(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)
    json_path = args.json or os.path.join(tempfile.gettempdir(),
                                          time.strftime("newsletter-benchmark-dkim-%Y%m%d-%H%M%S.json"))
    try:
        with tempfile.TemporaryDirectory(prefix="newsletter-benchmark-dkim-") as folder:
            runs, compose, background = run(args, folder)
    except base.Failure as failure:
        base.log(f"benchmark: {failure}" + (f"\n  hint: {failure.hint}" if failure.hint else ""))
        return 69
    except KeyboardInterrupt:
        base.log("benchmark: interrupted; the sink and every client were stopped")
        return 130
    report(runs, args.sizes, compose)
    warning = base.busy_warning(background)
    if warning:
        print(warning)
    with open(json_path, "w", encoding="utf-8") as file:
        json.dump({"sizes": args.sizes, "rounds": args.rounds, "runs": runs, "compose_only": compose,
                   "background_cpus_per_round": background}, file, indent=1)
    print(f"raw numbers: {json_path}")
    return 1 if any("problem" in r for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
