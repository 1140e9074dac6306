"""What the on-demand benchmark drivers share: a free loopback port, and waiting for a server on it."""

import socket, sys, time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, what, name="benchmark", seconds=60):
    """Waits until something listens on 127.0.0.1:`port`; exits with a message naming `what` when
    `process` ends first or `seconds` pass."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name}: {what} ended at once")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{name}: {what} did not listen within {seconds} s")
