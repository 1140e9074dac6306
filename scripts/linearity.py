"""On-demand benchmark: does each parser of outside input grow at most linearly with its input?

For every hostile input of issue 20 (and the ordinary growth beside it) the script writes the input
at four sizes, each double the one before, into a temporary folder, and runs the release binary on
it the way a user would: `fetch --dry-run` on a file:// feed, `bounces --dry-run` on an mbox,
`check` on items, subscribers and a config. Each run is timed by GNU time (wall seconds and peak
RSS); the best of --rounds runs is kept.

How to read the output
    seconds, MB    wall time and peak resident set at each size.
    time x         the largest size's time over the smallest's: linear growth over 8 times the
                   input reads about 8; quadratic would read 64.
    memory x       the same for (peak RSS - the run on a tiny input): the memory the input itself
                   costs. Inputs refused at a cap (nesting depth, the 50 MB mbox cap) read near 1.
    exit           the exit status at every size (65: malformed input, refused with one line).

Usage (normally through scripts/linearity.sh, which builds release):
    /usr/bin/python3 scripts/linearity.py --newsletter PATH [--rounds 3] [--only NAME,NAME]
Only the Python standard library is used.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1024 * 1024


def feed(description):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Hostile</title>\n'
        "<item><title>Hostile</title><link>https://feeds.example.org/h</link>"
        "<pubDate>Tue, 08 Apr 2025 09:00:00 GMT</pubDate><description>%s</description></item>\n"
        "</channel></rss>\n" % description
    ).encode()


def repeat_to(unit, size):
    return unit * max(1, size // len(unit))


def many_items(size):
    item = (
        "<item><title>Consultation on the duty to report, number %d</title>"
        "<link>https://feeds.example.org/items/%d</link><pubDate>Tue, 08 Apr 2025 09:00:00 GMT</pubDate>"
        "<description>A short summary of a consultation that closes at the end of the month.</description></item>\n"
    )
    body, number = [], 0
    total = 0
    while total < size:
        text = item % (number, number)
        body.append(text)
        total += len(text)
        number += 1
    return (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Many</title>\n%s</channel></rss>\n' % "".join(body)
    ).encode()


MAILER_DAEMON = b"From MAILER-DAEMON Mon Nov 23 08:02:11 2026\n"
LEGACY_BOUNCE = (
    b"From: MAILER-DAEMON@mx.example.com\nTo: news@example.org\nSubject: failure notice\n"
    b"Message-ID: <linearity-1@mx.example.com>\nContent-Type: text/plain; charset=iso-8859-1\n\n"
    b"I was not able to deliver your message to the following address.\n\n"
    b"<reader@example.net>:\nRemote host said: 550 5.1.1 no such mailbox\n\n"
)


def latin1_bounce(size):
    line = "R\xe9ponse \xe0 l'\xe9l\xe8ve; " * 6 + "\n"
    return MAILER_DAEMON + LEGACY_BOUNCE + repeat_to(line.encode("latin-1"), size)


def one_line_mbox(size):
    return MAILER_DAEMON + b"Subject: one endless line\n\n" + b"x" * size + b"\n"


def mime_parts(size):
    head = (
        b"From: MAILER-DAEMON@mx.example.com\nTo: news@example.org\nSubject: Undelivered Mail\n"
        b"Message-ID: <linearity-2@mx.example.com>\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n'
    )
    part = b"--b\nContent-Type: text/plain\n\nA part of nothing much.\n"
    return MAILER_DAEMON + head + repeat_to(part, size) + b"--b--\n"


def item(summary):
    return (
        "---\ntopic: Information sharing\ntitle: A hostile summary\nsource: Test\ndate: 2026-09-01\n"
        "links:\n  - label: Read\n    title: A hostile summary\n    url: https://example.org/h\n---\n%s\n" % summary
    ).encode()


def subscribers_rows(size):
    rows, total, number = ["email,name,topics\n"], 0, 0
    while total < size:
        row = "reader%d@example.net,Reader %d,\n" % (number, number)
        rows.append(row)
        total += len(row)
        number += 1
    return "".join(rows).encode()


def subscribers_quoted(size):
    return b'email,name,topics\nreader@example.net,"' + repeat_to(b'""', size) + b'",\n'


# Item and config files are capped at 1 MB: the largest size is just under it.
ITEM_SIZES = [MB // 8 - 512, MB // 4 - 1024, MB // 2 - 2048, MB - 4096]

# name -> (command, sizes in bytes, writer(size) -> bytes)
INPUTS = {
    "feed: elements 200 deep, repeated": (
        "fetch", [MB // 2, MB, 2 * MB, 4 * MB], lambda n: feed(repeat_to("<b>" * 200 + "x" + "</b>" * 200, n))
    ),
    "feed: '<' flood in the HTML": ("fetch", [MB // 2, MB, 2 * MB, 4 * MB], lambda n: feed(repeat_to("&lt;", n))),
    "feed: unclosed <script> in the HTML": (
        "fetch", [MB // 2, MB, 2 * MB, 4 * MB], lambda n: feed(repeat_to("&lt;script&gt;", n))
    ),
    "feed: items (ordinary growth)": ("fetch", [MB // 2, MB, 2 * MB, 4 * MB], many_items),
    "bounce: Latin-1 text": ("bounces", [6 * MB, 12 * MB, 24 * MB, 48 * MB], latin1_bounce),
    "bounce: MIME parts": ("bounces", [MB, 2 * MB, 4 * MB, 8 * MB], mime_parts),
    "mbox: one line (cap 50 MB)": ("bounces", [25 * MB, 50 * MB, 100 * MB, 200 * MB], one_line_mbox),
    "item: emphasis and brackets": ("items", ITEM_SIZES, lambda n: item(repeat_to("**[_`", n))),
    "item: one long paragraph": ("items", ITEM_SIZES, lambda n: item(repeat_to("Practitioners read this. ", n))),
    "subscribers: rows": ("subscribers", [MB, 2 * MB, 4 * MB, 8 * MB], subscribers_rows),
    "subscribers: one endless field (cap 64 KB)": (
        "subscribers", [MB, 2 * MB, 4 * MB, 8 * MB], subscribers_quoted
    ),
    "config: arrays nested in a value (depth cap)": (
        "config", ITEM_SIZES, lambda n: repeat_to(b"[", n // 2) + repeat_to(b"]", n // 2)
    ),
}
TINY = 64


class Workspace:
    """A list in a temporary folder, as `check`, `fetch` and `bounces` need it."""

    def __init__(self, root):
        self.root = root
        os.makedirs(os.path.join(root, "items"))
        shutil.copytree(os.path.join(REPOSITORY, "Templates"), os.path.join(root, "Templates"))
        shutil.copy(os.path.join(REPOSITORY, "Examples", "subscribers.csv"), os.path.join(root, "subscribers.csv"))
        self.write_config()

    def write_config(self, extra=None, raw_feeds=None):
        config = {
            "name": "Linearity Weekly", "from": "Linearity Weekly <news@example.org>",
            "subject": "{{name}} {{number}}", "archiveURL": "https://example.org/n/{{number}}.html",
            "items": "items", "subscribers": "subscribers.csv",
            "state": "state.sqlite", "templates": "Templates", "topics": ["Information sharing"],
            "unsubscribe": {
                "mailto": "unsubscribe@example.org", "url": "https://example.org/unsubscribe",
                "secretEnv": "LINEARITY_SECRET",
            },
            "smtp": {"url": "smtp://127.0.0.1:9", "tls": "none"},
            "feeds": [{"url": "file://%s/feed.xml" % self.root, "topic": "Information sharing"}],
        }
        config.update(extra or {})
        text = json.dumps(config, indent=1)
        if raw_feeds is not None:
            text = text.replace('"feeds": [', '"feeds": [%s, ' % raw_feeds.decode(), 1)
        with open(os.path.join(self.root, "newsletter.json"), "w") as file:
            file.write(text)

    def prepare(self, command, data):
        """Writes `data` where `command` reads it; returns the arguments to run."""
        config = ["--config", os.path.join(self.root, "newsletter.json")]
        if command == "fetch":
            self.write_file("feed.xml", data)
            return ["fetch", "--dry-run"] + config
        if command == "bounces":
            self.write_file("reports.mbox", data)
            return ["bounces", "--dry-run", os.path.join(self.root, "reports.mbox")] + config
        if command == "items":
            self.write_file("items/2026-09-hostile.md", data)
            return ["check"] + config
        if command == "subscribers":
            self.write_file("subscribers.csv", data)
            return ["check"] + config
        if command == "config":
            self.write_config(raw_feeds=data)
            return ["check"] + config
        raise ValueError(command)

    def write_file(self, name, data):
        with open(os.path.join(self.root, name), "wb") as file:
            file.write(data)


def measure(binary, arguments, rounds):
    """Best wall time of `rounds` runs, with that run's peak RSS in MB and exit status."""
    best = None
    for _ in range(rounds):
        with tempfile.NamedTemporaryFile("r") as report:
            process = subprocess.run(
                ["/usr/bin/time", "-f", "%e %M", "-o", report.name, binary] + arguments,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600,
            )
            seconds, kilobytes = report.read().split()[-2:]
        run = (float(seconds), int(kilobytes) / 1024, process.returncode, process.stderr.decode(errors="replace"))
        if best is None or run[0] < best[0]:
            best = run
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--newsletter", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated prefixes of input names")
    args = parser.parse_args()
    os.environ["LINEARITY_SECRET"] = os.urandom(32).hex()
    chosen = [name for name in INPUTS if not args.only or any(name.startswith(p) for p in args.only.split(","))]
    rows = []
    with tempfile.TemporaryDirectory(prefix="linearity.") as root:
        for name in chosen:
            command, sizes, writer = INPUTS[name]
            folder = os.path.join(root, str(len(rows)))
            workspace = Workspace(folder)
            tiny = measure(args.newsletter, workspace.prepare(command, writer(TINY)), args.rounds)
            results = []
            for size in sizes:
                data = writer(size)
                results.append((len(data),) + measure(args.newsletter, workspace.prepare(command, data), args.rounds))
                del data
            shutil.rmtree(folder)
            rows.append((name, tiny, results))
            print_row(name, tiny, results)
            sys.stdout.flush()
    print()
    print("time x: largest size's seconds over the smallest's, for 8 times the input (linear reads 8,")
    print("quadratic 64). memory x: the same for peak RSS above the tiny input's.")


def print_row(name, tiny, results):
    if not print_row.header_done:
        sizes = "    ".join("%8s %6s %6s" % ("MB in", "s", "RSS MB") for _ in range(4))
        print("%-46s %s  %7s %8s  %s" % ("input", sizes, "time x", "memory x", "exit"))
        print_row.header_done = True
    cells = "    ".join("%8.1f %6.2f %6.1f" % (size / MB, seconds, rss) for size, seconds, rss, _, _ in results)
    first, last = results[0], results[-1]
    time_ratio = last[1] / first[1] if first[1] > 0 else float("nan")
    grown_first, grown_last = first[2] - tiny[1], last[2] - tiny[1]
    memory_ratio = grown_last / grown_first if grown_first > 1 else float("nan")
    exits = ",".join(sorted({str(r[3]) for r in results}))
    print("%-46s %s  %7.1f %8.1f  %s" % (name, cells, time_ratio, memory_ratio, exits))
    said = last[4].strip().splitlines()
    if last[3] != 0 and said:
        print("    exit %d: %s" % (last[3], said[-1][:150]))


print_row.header_done = False

if __name__ == "__main__":
    main()
