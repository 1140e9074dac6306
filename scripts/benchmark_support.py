"""What the on-demand benchmark drivers share: a free loopback port, and waiting for a server on it."""

import json, os, socket, subprocess, sys, tempfile, time


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


def starter_list(binary, readers, prefix, sink_port, connections):
    """A folder made by `newsletter init` with `readers` generated readers and its relay at
    127.0.0.1:`sink_port`; returns the folder, the config's path and the config."""
    work = tempfile.mkdtemp(prefix=f"{prefix}-{readers}.")
    subprocess.run([binary, "init"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(work, "subscribers.csv"), "w") as csv:
        csv.write("email,name,topics\n")
        for index in range(readers):
            csv.write(f"reader{index}@example.net,Reader {index},\n")
    config_path = os.path.join(work, "newsletter.json")
    config = json.load(open(config_path))
    config["smtp"] = {"url": f"smtp://127.0.0.1:{sink_port}", "tls": "none", "connections": connections,
                      "timeoutSeconds": 30, "maxAttempts": 3}
    return work, config_path, config
