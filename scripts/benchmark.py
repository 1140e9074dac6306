"""On-demand benchmark of `newsletter send` against Postfix's SMTP test tools, loopback only.

What it measures
    One throw-away SMTP server, Postfix's `smtp-sink` on 127.0.0.1, accepts and discards every
    message. Against it, for N subscribers (10,000 and 40,000; --quick: 2,000 and 8,000) and
    C connections (1 and 4), each round runs three clients one after the other:

      ours         `newsletter send --quiet` with a fresh state file: reads the list, records the
                   issue, composes one personalised message per subscriber, sends it over libcurl
                   and records each delivery in the SQLite ledger (checked afterwards: N sent).
      smtp-source  Postfix's load generator sending one of our messages (from `preview --format
                   eml`) N times over C reused sessions: the ceiling of the machine and the sink.
      smtplib      Python's smtplib, C processes each sending N/C copies over one connection.

    Every client is a child of this script: `os.wait4` gives its exit status and user+sys CPU,
    GNU time its true peak RSS (see run_measured for why not wait4's). Wall time runs from the
    first spawn to the last exit, so process start-up counts for everyone. The sink's counters
    (`smtp-sink -c`) confirm that each run delivered exactly N messages, and its CPU time (from
    /proc) shows whether the sink itself was the bottleneck.

    Composing alone: the `compose-benchmark` product (Benchmarks/ComposeBenchmark) composes
    100,000 personalised messages with no network and no ledger, once per round. Without that
    binary (scripts/benchmark.sh builds it) the output says that composing alone was not measured.

    Round trips: the same message through scripts/latency_proxy.py, a loopback relay that delays
    each direction by half the round-trip time, so that the sink looks 5 ms and 25 ms away; ours
    and smtp-source at 1 and 4 connections, one round each (--latency 5,25; --latency "" skips).
    smtp-source waits four round trips per message; a pipelining client about one.

    Memory: ours alone at 10,000 and 100,000 subscribers over 4 connections on loopback (peak RSS
    should stay flat; --memory-sizes to change, "" to skip).

    A real relay: Debian's Postfix with a private config_directory, queue and log in a temporary
    folder (no system mail service is started or enabled), CHUNKING on as Postfix offers it by
    default, every message queued, then discarded. Two listeners: a plain one, and one like a real
    submission relay, STARTTLS required and AUTH through a Dovecot SASL service of its own. For
    2,000 subscribers (--postfix-sizes; "" skips) at 1 and 4 connections, each round runs ours and
    smtp-source into the plain listener, and ours into the TLS+AUTH one (smtp-source has no TLS).
    Postfix's own counters are its log's "status=sent" lines.

How to read the output
    msg/s         median over rounds of N / wall seconds, per client.
    ours/source   our rate divided by smtp-source's: the share of the loopback ceiling we reach.
    CPU µs/msg    median of (user+sys) / N of the client process(es): what one message costs.
    RSS MB        our peak resident set; "RSS 40000/10000" should stay near 1 (memory must not
                  grow with the list).
    sink busy     the sink's CPU seconds / wall seconds during that client's runs: near 100 %
                  means the sink (one process, one core), not the client, set the pace.
    tls/plain     against Postfix: our rate with STARTTLS and AUTH over our rate without.
    Before each round the script idles 2 s and measures what the rest of the machine uses; above
    0.15 CPUs it prints a WARNING: the figures are then noisy (2 cores shared with other work).
    The raw numbers of every run go to a JSON file named at the end.

Usage (normally through scripts/benchmark.sh, which installs postfix and builds release):
    /usr/bin/python3 scripts/benchmark.py [--quick] [--rounds R] [--sizes 10000,40000]
                                           [--newsletter PATH] [--compose-benchmark PATH] [--json PATH]
Only the Python standard library is used. Nothing is ever sent anywhere but 127.0.0.1.
"""

import argparse
import json
import os
import platform
import re
import signal
import smtplib
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"  # the only address this script ever talks to
SMTP_SINK = "/usr/sbin/smtp-sink"
SMTP_SOURCE = "/usr/sbin/smtp-source"
GNU_TIME = "/usr/bin/time"
SENDER = "news@example.org"
RECIPIENT = "reader@example.org"
CONNECTIONS = (1, 4)
FULL = {"sizes": (10_000, 40_000), "rounds": 5}
QUICK = {"sizes": (2_000, 8_000), "rounds": 3}
COMPOSE_COUNT = 100_000
SINK_BACKLOG = 256
LATENCY_PROXY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "latency_proxy.py")
LATENCY_RTTS_MS = (5, 25)
# Messages per latency run, by RTT (ms): enough for a few seconds of smtp-source at 4 round trips each.
LATENCY_COUNTS = {"full": {5: 3000, 25: 800}, "quick": {5: 600, 25: 160}}
MEMORY_SIZES = (10_000, 100_000)
POSTFIX_SIZES = (2_000,)
POSTFIX = "/usr/sbin/postfix"
DOVECOT = "/usr/sbin/dovecot"
RELAY_USER, RELAY_PASSWORD = "news", "relay-secret"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTALL_POSTFIX = ('install postfix: echo "postfix postfix/main_mailer_type select No configuration" '
                   "| debconf-set-selections; apt-get install -y postfix (scripts/benchmark.sh does this)")


class Failure(Exception):
    """A problem that stops the benchmark: what went wrong, and a hint for fixing it."""

    def __init__(self, message, hint=None):
        super().__init__(message)
        self.hint = hint


def log(line):
    print(line, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- running and measuring children

def run_measured(commands, timeout, folder, name, stdout=subprocess.DEVNULL):
    """Starts every command at once, reaps each with os.wait4, and returns wall time and rusage.

    The result has wall_s, user_s and sys_s (os.wait4, summed over the commands), maxrss_kb (the
    largest peak RSS, see below), exit codes, timed_out and the tail of their stderr. Everything
    is killed after `timeout` seconds and on Ctrl-C.

    Peak RSS: on Linux a child's ru_maxrss also counts the address space it had before exec,
    which for a child of this script is the harness's own ~20 MB, so wait4 cannot see a child
    smaller than the harness. Each command therefore runs under GNU time (`/usr/bin/time -f %M`),
    which forks it from its own tiny address space and reports its true peak; the wait4 figure
    is kept as wait4_maxrss_kb. time's own CPU (well under a millisecond) is in user_s/sys_s.
    """
    stderr_path = os.path.join(folder, f"{name}.stderr")
    rss_paths = [os.path.join(folder, f"{name}-{index}.rss") for index in range(len(commands))]
    processes, timed_out = [], threading.Event()

    def kill_running():
        for process in processes:
            if process.returncode is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)  # time and the command under it
                except ProcessLookupError:
                    pass

    def on_timeout():
        timed_out.set()
        kill_running()

    timer = threading.Timer(timeout, on_timeout)
    result = {"wall_s": 0.0, "user_s": 0.0, "sys_s": 0.0, "wait4_maxrss_kb": 0, "exit": []}
    with open(stderr_path, "wb") as stderr_file:
        try:
            start = time.perf_counter()
            for command, rss_path in zip(commands, rss_paths):
                processes.append(subprocess.Popen([GNU_TIME, "-f", "%M", "-o", rss_path, *command],
                                                  stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr_file,
                                                  start_new_session=True))
            timer.start()
            for process in processes:
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = os.waitstatus_to_exitcode(status)
                result["user_s"] += usage.ru_utime
                result["sys_s"] += usage.ru_stime
                result["wait4_maxrss_kb"] = max(result["wait4_maxrss_kb"], usage.ru_maxrss)  # KB on Linux
                result["exit"].append(process.returncode)
            result["wall_s"] = time.perf_counter() - start
        finally:
            timer.cancel()
            kill_running()  # only after an interruption is anything still running
            for process in processes:
                if process.returncode is None:
                    process.returncode = os.waitstatus_to_exitcode(os.waitpid(process.pid, 0)[1])
    result["maxrss_kb"] = max(read_peak_rss(path) for path in rss_paths)
    result["timed_out"] = timed_out.is_set()
    result["stderr"] = tail(stderr_path)
    return result


def read_peak_rss(path):
    """GNU time's %M (KB) from its -o file: the last line (a line about the exit status may come first)."""
    try:
        with open(path) as file:
            lines = file.read().split()
        os.remove(path)
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return 0


def tail(path, size=600):
    """The last `size` bytes of a file as text, or "" without one."""
    if not path or not os.path.exists(path):
        return ""
    with open(path, "rb") as file:
        file.seek(max(os.path.getsize(path) - size, 0))
        return file.read().decode("utf-8", "replace").strip()


def run_checked(command, timeout, what):
    """Runs a short helper command; its stdout, or a Failure naming `what`."""
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise Failure(f"{what} did not finish within {timeout} s: {' '.join(command)}")
    if done.returncode != 0:
        raise Failure(f"{what} failed (exit {done.returncode}): {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def run_timeout(count):
    """Generous but bounded: assumes at least 40 messages a second, plus start-up."""
    return 60 + count / 40


# ------------------------------------------------------------------------------ the SMTP sink

def free_port():
    """A loopback port nobody listens on right now (bind port 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class SmtpSink:
    """Postfix's smtp-sink on a free loopback port, with running counters (-c) in a file.

    Use as a context manager: it is always stopped on leaving, error and Ctrl-C included.
    """

    def __init__(self, folder):
        self.counter_path = os.path.join(folder, "smtp-sink.counters")
        self.stderr_path = os.path.join(folder, "smtp-sink.stderr")
        self.process = None
        self.port = None

    def __enter__(self):
        for _ in range(3):  # the free port can be taken between our probe and the sink's bind
            self.port = free_port()
            self.start()
            if self.wait_until_accepting():
                return self
            self.stop()
        raise Failure(f"smtp-sink did not start: {tail(self.stderr_path) or 'no message'}",
                      hint=f"try it by hand: {' '.join(self.command())}")

    def __exit__(self, *_):
        self.stop()

    def command(self):
        # As root smtp-sink insists on -u (it drops to that user after binding).
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        return [SMTP_SINK, "-c", *user, f"{HOST}:{self.port}", str(SINK_BACKLOG)]

    def start(self):
        with open(self.counter_path, "wb") as counters, open(self.stderr_path, "wb") as errors:
            self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=counters,
                                            stderr=errors)

    def wait_until_accepting(self, seconds=10):
        """True once the sink answers with its 220 greeting; False if it exits or stays silent."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as probe:
                    if probe.recv(100).startswith(b"220"):
                        probe.sendall(b"QUIT\r\n")
                        return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def messages(self):
        """Messages received so far: the last `mesg=` of the -c counters."""
        counts = re.findall(rb"mesg=(\d+)\r", tail_bytes(self.counter_path))
        return int(counts[-1]) if counts else 0

    def wait_for_messages(self, expected, seconds=3):
        """The message count once it reaches `expected` (the counters lag the client's exit a little)."""
        deadline = time.monotonic() + seconds
        while (count := self.messages()) < expected and time.monotonic() < deadline:
            time.sleep(0.01)
        return count

    def cpu_seconds(self):
        """The sink's user+sys CPU so far, from /proc/PID/stat."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            self.process.poll()
            raise Failure(f"smtp-sink exited during the run (status {self.process.returncode}): "
                          f"{tail(self.stderr_path)}")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def ensure_running(self):
        if self.process.poll() is not None:
            raise Failure(f"smtp-sink exited (status {self.process.returncode}): {tail(self.stderr_path)}")


class PostfixRelay:
    """A private Postfix on two free loopback ports, plain and STARTTLS+AUTH; a context manager.

    Everything lives in `folder`/postfix: its config_directory, queue, data directory, log (via
    `postfix start-fg`, which logs to stdout), a throw-away certificate and a Dovecot that serves
    only SASL authentication. Nothing of the system's mail setup is read or touched. It offers
    what Postfix offers by default (PIPELINING, CHUNKING, SIZE, DSN, SMTPUTF8) and discards each
    message once queued. The same interface as SmtpSink for `measure`; its CPU is not measured.
    """

    def __init__(self, folder):
        self.root = os.path.join(folder, "postfix")
        self.log_path = os.path.join(self.root, "maillog")
        self.process = self.dovecot = None
        self.port = self.tls_port = None

    def __enter__(self):
        if os.geteuid() != 0:
            raise Failure("the Postfix runs need root (Postfix's daemons drop to the postfix user)",
                          hint="run scripts/benchmark.sh as root, or --postfix-sizes \"\" to skip them")
        for program in (POSTFIX, DOVECOT):
            if not os.access(program, os.X_OK):
                raise Failure(f"{program} not found", hint=INSTALL_POSTFIX + "; apt-get install dovecot-core")
        self.port, self.tls_port, sasl_port = free_port(), free_port(), free_port()
        root = self.root
        for sub in ("conf", "queue", "data", "dovecot"):
            os.makedirs(os.path.join(root, sub))
        # The daemons run as the postfix user: let it through the (private) benchmark folder.
        os.chmod(os.path.dirname(root), 0o711)
        os.chmod(root, 0o755)
        import pwd
        postfix_user = pwd.getpwnam("postfix")
        os.chown(os.path.join(root, "data"), postfix_user.pw_uid, postfix_user.pw_gid)
        run_checked(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                     "-nodes", "-keyout", f"{root}/key.pem", "-out", f"{root}/cert.pem", "-days", "2",
                     "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                    60, "openssl (the relay's certificate)")
        os.chmod(f"{root}/key.pem", 0o644)
        self.certificate = f"{root}/cert.pem"
        files = {
            "conf/main.cf": f"""compatibility_level = 3.6
queue_directory = {root}/queue
data_directory = {root}/data
mail_owner = postfix
setgid_group = postdrop
myhostname = relay.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = /dev/stdout
alias_maps =
alias_database =
default_transport = discard
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_tls_cert_file = {root}/cert.pem
smtpd_tls_key_file = {root}/key.pem
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:{sasl_port}
""",
            "conf/master.cf": "\n".join([
                f"127.0.0.1:{self.port} inet n - n - - smtpd",
                f"127.0.0.1:{self.tls_port} inet n - n - - smtpd -o smtpd_tls_security_level=encrypt "
                "-o smtpd_tls_auth_only=yes -o smtpd_sasl_auth_enable=yes "
                "-o smtpd_relay_restrictions=permit_sasl_authenticated,reject -o mynetworks=127.0.0.2/32",
                "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
                "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
                "proxymap unix - - n - - proxymap", "showq unix n - n - - showq", "error unix - - n - - error",
                "retry unix - - n - - error", "discard unix - - n - - discard", "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache", "tlsmgr unix - - n 1000? 1 tlsmgr",
                "postlog unix-dgram n - n - 1 postlogd", ""]),
            "dovecot.conf": f"""base_dir = {root}/dovecot
state_dir = {root}/dovecot/state
log_path = {root}/dovecot.log
protocols = none
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={root}
}}
service auth {{
  inet_listener sasl {{
    address = 127.0.0.1
    port = {sasl_port}
  }}
}}
""",
            "passwd": f"{RELAY_USER}:{{PLAIN}}{RELAY_PASSWORD}:65534:65534::{root}\n",
        }
        for name, text in files.items():
            with open(os.path.join(root, name), "w", encoding="utf-8") as file:
                file.write(text)
        with open(os.path.join(root, "dovecot.out"), "wb") as output:
            self.dovecot = subprocess.Popen([DOVECOT, "-F", "-c", f"{root}/dovecot.conf"], stdin=subprocess.DEVNULL,
                                            stdout=output, stderr=output)
        with open(self.log_path, "wb") as output:
            self.process = subprocess.Popen([POSTFIX, "-c", f"{root}/conf", "start-fg"], stdin=subprocess.DEVNULL,
                                            stdout=output, stderr=output)
        deadline = time.monotonic() + 15
        while b"daemon started" not in tail_bytes(self.log_path, 4096):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise Failure(f"Postfix did not start: {tail(self.log_path)}", hint=INSTALL_POSTFIX)
            time.sleep(0.05)
        return self

    def __exit__(self, *_):
        if self.process and self.process.poll() is None:
            subprocess.run([POSTFIX, "-c", f"{self.root}/conf", "stop"], capture_output=True, timeout=30)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.dovecot and self.dovecot.poll() is None:
            self.dovecot.terminate()
            self.dovecot.wait(timeout=10)

    def messages(self):
        with open(self.log_path, "rb") as file:
            return file.read().count(b" status=sent ")

    def wait_for_messages(self, expected, seconds=30):
        """The count once it reaches `expected`: Postfix discards a message after queueing it."""
        deadline = time.monotonic() + seconds
        while (count := self.messages()) < expected and time.monotonic() < deadline:
            time.sleep(0.05)
        return count

    def cpu_seconds(self):
        return 0.0

    def ensure_running(self):
        if self.process.poll() is not None:
            raise Failure(f"Postfix exited: {tail(self.log_path)}")


class LatencyProxy:
    """scripts/latency_proxy.py in front of the sink, `rtt_ms` of round trip away; a context manager."""

    def __init__(self, target_port, rtt_ms, folder):
        self.target_port, self.rtt_ms = target_port, rtt_ms
        self.stderr_path = os.path.join(folder, f"latency-proxy-{rtt_ms}.stderr")
        self.process, self.port = None, None

    def __enter__(self):
        with open(self.stderr_path, "wb") as errors:
            self.process = subprocess.Popen(
                [sys.executable, LATENCY_PROXY, "--target-port", str(self.target_port), "--rtt-ms", str(self.rtt_ms)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        line = self.process.stdout.readline().decode()
        if not line.startswith("READY "):
            self.__exit__()
            raise Failure(f"the latency proxy did not start: {tail(self.stderr_path) or 'no message'}")
        self.port = int(line.split()[1])
        return self

    def __exit__(self, *_):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def tail_bytes(path, size=256):
    with open(path, "rb") as file:
        file.seek(max(os.path.getsize(path) - size, 0))
        return file.read()


# --------------------------------------------------------------------------- the test setup

def write_subscribers(path, count):
    with open(path, "w", encoding="utf-8") as file:
        file.write("email,name,topics\n")
        for index in range(count):
            file.write(f"reader{index}@example.org,Reader Number {index},\n")


def write_config(folder, count, connections, port):
    """A config for `count` synthetic subscribers, the example items and templates, no TLS."""
    with open(os.path.join(REPO, "config.example.json"), encoding="utf-8") as file:
        config = json.load(file)
    config.update({
        "items": os.path.join(REPO, "Examples", "items"),
        "templates": os.path.join(REPO, "Templates"),
        "subscribers": os.path.join(folder, f"subscribers-{count}.csv"),
        "state": os.path.join(folder, f"state-{count}-c{connections}.sqlite"),
        "smtp": {"url": f"smtp://{HOST}:{port}", "tls": "none", "connections": connections,
                 "ratePerSecond": 0, "timeoutSeconds": 30, "maxAttempts": 1},
    })
    path = os.path.join(folder, f"config-{count}-c{connections}.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(config, file, indent=2)
    return path, config["state"]


def write_relay_config(folder, count, connections, relay, tls):
    """A config like write_config's, sending into the Postfix relay: plain, or STARTTLS with AUTH."""
    path, state = write_config(folder, count, connections, relay.tls_port if tls else relay.port)
    with open(path, encoding="utf-8") as file:
        config = json.load(file)
    if tls:
        config["smtp"].update({"tls": "starttls", "caFile": relay.certificate, "username": RELAY_USER,
                               "passwordEnv": "RELAY_PASSWORD"})
    config["state"] = state.replace(".sqlite", f"-postfix{'-tls' if tls else ''}.sqlite")
    path = path.replace(".json", f"-postfix{'-tls' if tls else ''}.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(config, file, indent=2)
    return path, config["state"]


def fresh_state(state):
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(state + suffix):
            os.remove(state + suffix)


def sample_message(newsletter, config, folder):
    """One of our real messages (CRLF, for smtplib) and an LF copy for `smtp-source -F`.

    smtp-source reads -F line by line and appends CRLF itself, so a CRLF file would go out with
    CR CR LF line ends; it also does the dot-stuffing.
    """
    crlf = run_checked([newsletter, "preview", "--config", config, "--format", "eml"], 120,
                       "newsletter preview --format eml")
    paths = {"crlf": os.path.join(folder, "message-crlf.eml"), "lf": os.path.join(folder, "message-lf.eml")}
    with open(paths["crlf"], "wb") as file:
        file.write(crlf)
    with open(paths["lf"], "wb") as file:
        file.write(crlf.replace(b"\r\n", b"\n"))
    return paths, len(crlf)


# -------------------------------------------------------------------------------- the clients

def run_ours(newsletter, config, state, count, folder):
    fresh_state(state)
    run = run_measured([[newsletter, "send", "--quiet", "--config", config]], run_timeout(count),
                       folder, "newsletter")
    run["ledger_sent"] = ledger_sent(state)
    if run["exit"] != [0] or run["ledger_sent"] != count:
        run["problem"] = (f"exit {run['exit'][0]}, ledger says {run['ledger_sent']} of {count} sent"
                          + (f", stderr: {run['stderr']}" if run["stderr"] else ""))
    return run


def ledger_sent(state):
    if not os.path.exists(state):
        return 0
    try:
        with sqlite3.connect(state, timeout=10) as db:
            return db.execute("SELECT COUNT(*) FROM delivery WHERE state='sent'").fetchone()[0]
    except sqlite3.Error as error:
        log(f"  cannot read the ledger {state}: {error}")
        return 0


def run_smtp_source(message_lf, port, count, connections, folder):
    command = [SMTP_SOURCE, "-d", "-m", str(count), "-s", str(connections), "-N", "-F", message_lf,
               "-f", SENDER, "-t", RECIPIENT, f"{HOST}:{port}"]
    run = run_measured([command], run_timeout(count), folder, "smtp-source")
    if run["exit"] != [0]:
        run["problem"] = f"exit {run['exit'][0]}: {run['stderr']}"
    return run


def run_smtplib(message_crlf, port, count, connections, folder):
    """C worker processes (this script in --smtplib-worker mode), each with one connection."""
    shares = [count // connections + (1 if index < count % connections else 0) for index in range(connections)]
    commands, first = [], 0
    for share in shares:
        commands.append([sys.executable, os.path.abspath(__file__), "--smtplib-worker", str(port),
                         str(share), str(first), message_crlf])
        first += share
    run = run_measured(commands, run_timeout(count), folder, "smtplib")
    if any(code != 0 for code in run["exit"]):
        run["problem"] = f"exit {run['exit']}: {run['stderr']}"
    return run


def smtplib_worker(port, count, first, message_path):
    """Sends `count` copies of the message over one reused connection to 127.0.0.1:port."""
    with open(message_path, "rb") as file:
        message = file.read()
    try:
        # local_hostname: without it smtplib asks the resolver for our FQDN.
        with smtplib.SMTP(HOST, port, local_hostname="localhost", timeout=30) as server:
            for index in range(first, first + count):
                server.sendmail(SENDER, [f"reader{index}@example.org"], message)
    except (smtplib.SMTPException, OSError) as error:
        print(f"smtplib worker: {error}", file=sys.stderr)
        return 1
    return 0


def measure(sink, client, count, run_client):
    """Runs one client against the sink and adds the sink's view: messages received, its CPU."""
    sink.ensure_running()
    before_messages, before_cpu = sink.messages(), sink.cpu_seconds()
    run = run_client()
    if run["timed_out"]:
        run["problem"] = f"timed out after {run_timeout(count):.0f} s; " + run.get("problem", "")
    run["sink_messages"] = sink.wait_for_messages(before_messages + count) - before_messages
    run["sink_cpu_s"] = sink.cpu_seconds() - before_cpu
    if run["sink_messages"] != count and "problem" not in run:
        run["problem"] = f"the sink received {run['sink_messages']} of {count} messages"
    run["client"], run["n"] = client, count
    return run


# ------------------------------------------------------------------------------ composing only

def compose_only(compose_binary, config, folder):
    """Messages/s for composing COMPOSE_COUNT messages without network, or None with the reason."""
    if not (compose_binary and os.access(compose_binary, os.X_OK)):
        return None, (f"not measured: no compose-benchmark binary at {compose_binary} "
                      "(swift build -c release --product compose-benchmark)")
    command = [compose_binary, config, str(COMPOSE_COUNT)]
    output_path = os.path.join(folder, "compose.stdout")
    with open(output_path, "wb") as output:
        run = run_measured([command], run_timeout(COMPOSE_COUNT), folder, "compose", stdout=output)
    text = tail(output_path, 2000)
    rate = re.search(r"(\d+) messages/s", text)
    if run["exit"] != [0] or not rate:
        return None, f"failed (exit {run['exit']}): {run['stderr'] or text}"
    run.update(rate=int(rate.group(1)), output=text, command=command)
    return run, None


# ---------------------------------------------------------------------------------- reporting

def rate(run):
    return run["n"] / run["wall_s"]


def cpu_us(run):
    return (run["user_s"] + run["sys_s"]) / run["n"] * 1e6


def median_of(runs, value):
    good = [value(run) for run in runs if "problem" not in run]
    return statistics.median(good) if good else None


def fmt(value, spec):
    """`value` formatted by `spec` (a trailing % is kept as a sign), or a dash for no value."""
    if value is None:
        return "—"
    return format(value, spec[:-1]) + "%" if spec.endswith("%") else format(value, spec)


def print_table(header, rows):
    """Right-aligned columns, a rule under the header."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    for line_number, row in enumerate([header, *rows]):
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths)).rstrip())
        if line_number == 0:
            print("  ".join("-" * width for width in widths))


def report(runs, sizes, compose, compose_problem, message_size):
    """The table on stdout: medians per N, C and client; then RSS growth, composing alone, problems."""
    def select(count, connections, client):
        return [r for r in runs if r["n"] == count and r["c"] == connections and r["client"] == client
                and not r.get("rtt_ms") and not r.get("memory") and not r.get("relay")]

    clients = ("ours", "smtp-source", "smtplib")
    print()
    print(f"newsletter send vs smtp-source vs smtplib into smtp-sink on {HOST}: {message_size:,}-byte message, "
          f"{os.cpu_count()} CPUs, medians over {max(r['round'] for r in runs)} rounds")
    header = ["N", "C", "ours msg/s", "source msg/s", "smtplib msg/s", "ours/source", "ours µs/msg",
              "source µs/msg", "smtplib µs/msg", "ours RSS MB", "sink busy ours/src/lib", "failed runs"]
    rows, rss = [], {}
    for count in sizes:
        for connections in CONNECTIONS:
            by_client = {client: select(count, connections, client) for client in clients}
            rates = {client: median_of(by_client[client], rate) for client in clients}
            cpus = {client: median_of(by_client[client], cpu_us) for client in clients}
            busy = {client: median_of(by_client[client], lambda r: r["sink_cpu_s"] / r["wall_s"] * 100)
                    for client in clients}
            rss[count, connections] = median_of(by_client["ours"], lambda r: r["maxrss_kb"] / 1024)
            ratio = rates["ours"] / rates["smtp-source"] if rates["ours"] and rates["smtp-source"] else None
            failed = "/".join(str(sum("problem" in r for r in by_client[client])) for client in clients)
            rows.append([count, connections, fmt(rates["ours"], ".0f"), fmt(rates["smtp-source"], ".0f"),
                         fmt(rates["smtplib"], ".0f"), fmt(ratio, ".2f"), fmt(cpus["ours"], ".0f"),
                         fmt(cpus["smtp-source"], ".0f"), fmt(cpus["smtplib"], ".0f"),
                         fmt(rss[count, connections], ".1f"),
                         " / ".join(fmt(busy[client], ".0f%") for client in clients),
                         "-" if failed == "0/0/0" else failed])
    print_table(header, rows)
    print("(µs/msg: client user+sys CPU per message; sink busy: smtp-sink CPU / wall time, 100% = its one core"
          " is saturated; failed runs: ours/source/smtplib, left out of the medians)")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for connections in CONNECTIONS:
            a, b = rss.get((small, connections)), rss.get((large, connections))
            growth = f"{b / a:.2f}x ({b:.1f} MB vs {a:.1f} MB)" if a and b else "not measured"
            print(f"ours peak RSS at {large} vs {small} subscribers, C={connections}: {growth}")
    latency = [r for r in runs if r.get("rtt_ms")]
    if latency:
        print()
        print("through the latency proxy (one round each):")
        rows = []
        for rtt in sorted({r["rtt_ms"] for r in latency}):
            for connections in CONNECTIONS:
                pick = {client: [r for r in latency if r["rtt_ms"] == rtt and r["c"] == connections
                                 and r["client"] == client] for client in ("ours", "smtp-source")}
                rates = {client: median_of(pick[client], rate) for client in pick}
                cpus = {client: median_of(pick[client], cpu_us) for client in pick}
                ratio = rates["ours"] / rates["smtp-source"] if rates["ours"] and rates["smtp-source"] else None
                count = (pick["ours"] or pick["smtp-source"] or [{"n": 0}])[0]["n"]
                rows.append([f"{rtt} ms", connections, count, fmt(rates["ours"], ".0f"),
                             fmt(rates["smtp-source"], ".0f"), fmt(ratio, ".2f"), fmt(cpus["ours"], ".0f"),
                             fmt(cpus["smtp-source"], ".0f")])
        print_table(["RTT", "C", "N", "ours msg/s", "source msg/s", "ours/source", "ours µs/msg", "source µs/msg"],
                    rows)
    relay = [r for r in runs if r.get("relay")]
    if relay:
        print()
        print("into a real Postfix on loopback (CHUNKING on, each message queued, then discarded), medians:")
        rows = []
        for count in sorted({r["n"] for r in relay}):
            for connections in CONNECTIONS:
                pick = {client: [r for r in relay if r["n"] == count and r["c"] == connections
                                 and r["client"] == client] for client in ("ours", "smtp-source", "ours tls+auth")}
                rates = {client: median_of(pick[client], rate) for client in pick}
                cpus = {client: median_of(pick[client], cpu_us) for client in pick}
                ratio = rates["ours"] / rates["smtp-source"] if rates["ours"] and rates["smtp-source"] else None
                tls = rates["ours tls+auth"] / rates["ours"] if rates["ours tls+auth"] and rates["ours"] else None
                failed = "/".join(str(sum("problem" in r for r in pick[client])) for client in pick)
                rows.append([count, connections, fmt(rates["ours"], ".0f"), fmt(rates["smtp-source"], ".0f"),
                             fmt(ratio, ".2f"), fmt(rates["ours tls+auth"], ".0f"), fmt(tls, ".2f"),
                             fmt(cpus["ours"], ".0f"), fmt(cpus["ours tls+auth"], ".0f"),
                             "-" if failed == "0/0/0" else failed])
        print_table(["N", "C", "ours msg/s", "source msg/s", "ours/source", "ours tls+auth msg/s", "tls/plain",
                     "ours µs/msg", "tls µs/msg", "failed runs"], rows)
    memory = [r for r in runs if r.get("memory")]
    if memory:
        print()
        print("memory (ours, C=4, loopback):")
        rows = [[r["n"], fmt(rate(r), ".0f"), fmt(cpu_us(r), ".0f"), fmt(r["maxrss_kb"] / 1024, ".1f")]
                for r in sorted(memory, key=lambda r: r["n"])]
        print_table(["N", "ours msg/s", "ours µs/msg", "ours peak RSS MB"], rows)
        if len(memory) >= 2:
            small, large = min(memory, key=lambda r: r["n"]), max(memory, key=lambda r: r["n"])
            print(f"peak RSS at {large['n']:,} vs {small['n']:,}: {large['maxrss_kb'] / max(small['maxrss_kb'], 1):.2f}x")
    if compose:
        rates = [run["rate"] for run in compose]
        print(f"composing alone ({COMPOSE_COUNT:,} messages, no network, no ledger; compose-benchmark): "
              f"{statistics.median(rates):,.0f} msg/s, median of {len(rates)} "
              f"({statistics.median(r['maxrss_kb'] for r in compose) / 1024:.1f} MB peak RSS)")
    else:
        print(f"composing-only: {compose_problem}")
    for run in (r for r in runs if "problem" in r):
        print(f"PROBLEM round {run['round']} N={run['n']} C={run['c']} {run['client']}: {run['problem']}")


def progress_line(run):
    status = "ok" if "problem" not in run else "PROBLEM: " + run["problem"]
    return (f"round {run['round']} N={run['n']:<6} C={run['c']} {run['client']:<11} {run['wall_s']:7.2f} s "
            f"{rate(run):7.0f} msg/s  cpu {cpu_us(run):5.0f} µs/msg  rss {run['maxrss_kb'] / 1024:6.1f} MB  "
            f"sink {run['sink_cpu_s'] / max(run['wall_s'], 1e-9) * 100:3.0f}%  {status}")


# -------------------------------------------------------------------------------------- main

def check_prerequisites(args):
    for program in (SMTP_SINK, SMTP_SOURCE):
        if not os.access(program, os.X_OK):
            raise Failure(f"{program} not found", hint=INSTALL_POSTFIX)
    if not os.access(GNU_TIME, os.X_OK):
        raise Failure(f"{GNU_TIME} (GNU time, for the clients' peak RSS) not found", hint="apt-get install time")
    if not os.access(args.newsletter, os.X_OK):
        raise Failure(f"{args.newsletter} not found",
                      hint="build it: swift build -c release --product newsletter (scripts/benchmark.sh does this)")
    for path in ("config.example.json", "Examples/items", "Templates"):
        if not os.path.exists(os.path.join(REPO, path)):
            raise Failure(f"{os.path.join(REPO, path)} is missing", hint="run this from a newsletter checkout")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 and 8,000 subscribers, 3 rounds")
    parser.add_argument("--rounds", type=int, help="rounds per N and C (default 5, --quick 3)")
    parser.add_argument("--sizes", help="comma-separated subscriber counts (default 10000,40000)")
    parser.add_argument("--newsletter", default=os.path.join(REPO, ".build/release/newsletter"))
    parser.add_argument("--compose-benchmark", default=os.path.join(REPO, ".build/release/compose-benchmark"))
    parser.add_argument("--json", help="where to write the raw numbers (default: a new file in /tmp)")
    parser.add_argument("--latency", default=",".join(map(str, LATENCY_RTTS_MS)),
                        help='round-trip times in ms for the latency proxy runs (default 5,25; "" skips them)')
    parser.add_argument("--postfix-sizes", default=",".join(map(str, POSTFIX_SIZES)),
                        help='subscriber counts for the runs into a real Postfix (default 2000; "" skips them)')
    parser.add_argument("--memory-sizes", default=",".join(map(str, MEMORY_SIZES)),
                        help='subscriber counts for the memory runs (default 10000,100000; "" skips them)')
    args = parser.parse_args(argv)
    preset = QUICK if args.quick else FULL
    args.sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else preset["sizes"]
    args.rounds = args.rounds or preset["rounds"]
    args.latency = tuple(float(s) if "." in s else int(s) for s in args.latency.split(",") if s.strip())
    args.memory_sizes = tuple(int(s) for s in args.memory_sizes.split(",") if s.strip())
    args.postfix_sizes = tuple(int(s) for s in args.postfix_sizes.split(",") if s.strip())
    if args.rounds < 1 or any(size < 4 for size in args.sizes):
        parser.error("--rounds must be at least 1 and every size at least 4")
    return args


def cpu_ticks():
    """(busy, total) clock ticks of all CPUs since boot, from /proc/stat (idle and iowait are not busy)."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)


def background_load(seconds=2.0):
    """How many CPUs' worth the rest of the machine uses while we do nothing (the sink idles)."""
    busy_before, total_before = cpu_ticks()
    time.sleep(seconds)
    busy_after, total_after = cpu_ticks()
    share = (busy_after - busy_before) / max(total_after - total_before, 1)
    return share * os.cpu_count()


def busy_warning(loads):
    """A warning when some idle-time sample saw other work on the machine, else None."""
    worst = max(loads)
    if worst < 0.15:
        return None
    return (f"WARNING: other processes used up to {worst:.2f} of {os.cpu_count()} CPUs while this benchmark "
            "paused between rounds: the numbers are noisy; rerun on an idle machine")


def benchmark(args, folder):
    check_prerequisites(args)
    runs, compose, background = [], [], []
    with SmtpSink(folder) as sink:
        log(f"smtp-sink listening on {HOST}:{sink.port} (pid {sink.process.pid})")
        configs = {}
        for count in args.sizes:
            write_subscribers(os.path.join(folder, f"subscribers-{count}.csv"), count)
            for connections in CONNECTIONS:
                configs[count, connections] = write_config(folder, count, connections, sink.port)
        messages, message_size = sample_message(args.newsletter, configs[args.sizes[0], 1][0], folder)
        log(f"sample message: {message_size} bytes ({messages['crlf']})")
        compose_problem = None
        for round_number in range(1, args.rounds + 1):
            background.append(background_load())
            log(f"round {round_number}: background load {background[-1]:.2f} CPUs")
            for count in args.sizes:
                for connections in CONNECTIONS:
                    config, state = configs[count, connections]
                    for client, run_client in (
                            ("ours", lambda: run_ours(args.newsletter, config, state, count, folder)),
                            ("smtp-source", lambda: run_smtp_source(messages["lf"], sink.port, count, connections, folder)),
                            ("smtplib", lambda: run_smtplib(messages["crlf"], sink.port, count, connections, folder))):
                        run = measure(sink, client, count, run_client)
                        run.update(round=round_number, c=connections)
                        runs.append(run)
                        log(progress_line(run))
            if compose_problem is None:
                run, compose_problem = compose_only(args.compose_benchmark, configs[args.sizes[0], 1][0], folder)
                if run:
                    run["round"] = round_number
                    compose.append(run)
                    log(f"round {round_number} composing alone: {run['rate']} msg/s")
        for count in sorted({*(LATENCY_COUNTS["quick" if args.quick else "full"].get(rtt, 200) for rtt in args.latency),
                             *args.memory_sizes}):
            if not os.path.exists(os.path.join(folder, f"subscribers-{count}.csv")):
                write_subscribers(os.path.join(folder, f"subscribers-{count}.csv"), count)
        for rtt in args.latency:
            count = LATENCY_COUNTS["quick" if args.quick else "full"].get(rtt, 200)
            with LatencyProxy(sink.port, rtt, folder) as proxy:
                log(f"latency proxy on {HOST}:{proxy.port}: {rtt} ms round trip to the sink")
                for connections in CONNECTIONS:
                    config, state = write_config(folder, count, connections, proxy.port)
                    for client, run_client in (
                            ("ours", lambda: run_ours(args.newsletter, config, state, count, folder)),
                            ("smtp-source", lambda: run_smtp_source(messages["lf"], proxy.port, count, connections,
                                                                    folder))):
                        run = measure(sink, client, count, run_client)
                        run.update(round=1, c=connections, rtt_ms=rtt)
                        runs.append(run)
                        log(f"{rtt} ms RTT: " + progress_line(run))
        for count in args.memory_sizes:
            config, state = write_config(folder, count, 4, sink.port)
            run = measure(sink, "ours", count, lambda: run_ours(args.newsletter, config, state, count, folder))
            run.update(round=1, c=4, memory=True)
            runs.append(run)
            log("memory: " + progress_line(run))
    if args.postfix_sizes:
        runs += into_postfix(args, folder, messages)
    return runs, compose, compose_problem, message_size, sink.port, background


def into_postfix(args, folder, messages):
    """Ours (plain and with STARTTLS and AUTH) and smtp-source into a real Postfix, interleaved."""
    runs = []
    os.environ["RELAY_PASSWORD"] = RELAY_PASSWORD
    with PostfixRelay(folder) as relay:
        log(f"Postfix listening on {HOST}:{relay.port} (plain) and {HOST}:{relay.tls_port} (STARTTLS, AUTH)")
        for count in args.postfix_sizes:
            if not os.path.exists(os.path.join(folder, f"subscribers-{count}.csv")):
                write_subscribers(os.path.join(folder, f"subscribers-{count}.csv"), count)
        for round_number in range(1, args.rounds + 1):
            for count in args.postfix_sizes:
                for connections in CONNECTIONS:
                    plain = write_relay_config(folder, count, connections, relay, tls=False)
                    tls = write_relay_config(folder, count, connections, relay, tls=True)
                    for client, run_client in (
                            ("ours", lambda: run_ours(args.newsletter, *plain, count, folder)),
                            ("smtp-source", lambda: run_smtp_source(messages["lf"], relay.port, count, connections,
                                                                    folder)),
                            ("ours tls+auth", lambda: run_ours(args.newsletter, *tls, count, folder))):
                        run = measure(relay, client, count, run_client)
                        run.update(round=round_number, c=connections, relay="postfix")
                        runs.append(run)
                        log("Postfix: " + progress_line(run))
    return runs


def main(argv):
    if argv[:1] == ["--smtplib-worker"]:
        port, count, first, message = argv[1:5]
        return smtplib_worker(int(port), int(count), int(first), message)
    args = parse_arguments(argv)
    # A TERM or HUP stops the run like Ctrl-C: the finally blocks stop every child and the sink.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    json_path = args.json or os.path.join(tempfile.gettempdir(), time.strftime("newsletter-benchmark-%Y%m%d-%H%M%S.json"))
    try:
        with tempfile.TemporaryDirectory(prefix="newsletter-benchmark-") as folder:
            runs, compose, compose_problem, message_size, port, background = benchmark(args, folder)
    except Failure as failure:
        log(f"benchmark: {failure}" + (f"\n  hint: {failure.hint}" if failure.hint else ""))
        return 69
    except KeyboardInterrupt:
        log("benchmark: interrupted; the sink and every client were stopped")
        return 130
    report(runs, args.sizes, compose, compose_problem, message_size)
    warning = busy_warning(background)
    if warning:
        print(warning)
    with open(json_path, "w", encoding="utf-8") as file:
        json.dump({"started": started, "quick": args.quick, "rounds": args.rounds,
                   "sizes": args.sizes, "connections": CONNECTIONS, "message_bytes": message_size,
                   "cpus": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version(),
                   "sink": f"{HOST}:{port}", "background_cpus_per_round": background, "runs": runs,
                   "compose_only": compose or compose_problem}, file, indent=1)
    print(f"raw numbers: {json_path}")
    return 1 if any("problem" in run for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
