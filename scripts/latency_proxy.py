"""A loopback TCP relay that delays each direction by half a round-trip time (the kernel has no netem).

    python3 scripts/latency_proxy.py --target-port PORT --rtt-ms 25 [--port 0]

Listens on 127.0.0.1 (a free port unless --port is given), prints "READY <port>" once listening,
and relays every connection to 127.0.0.1:TARGET. Each chunk read from one side is written to the
other side RTT/2 later, in order, so a request-and-reply exchange costs one RTT more than on
loopback, while a stream keeps its throughput (pipelined writes are not serialised by the
delay). Stops on SIGTERM, SIGINT or EOF on stdin. Only the Python standard library is used.
"""

import argparse
import asyncio
import os
import signal
import sys
import time


async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk delivered `delay` seconds after it arrived."""
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, chunk = await queue.get()
            if chunk is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(chunk)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    sender = asyncio.ensure_future(deliver())
    try:
        while True:
            chunk = await reader.read(65536)
            queue.put_nowait((time.monotonic() + delay, chunk or None))
            if not chunk:
                break
        await sender
    except (ConnectionError, asyncio.CancelledError):
        sender.cancel()
    finally:
        writer.close()


async def serve(arguments):
    delay = arguments.rtt_ms / 2000.0

    async def relay(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", arguments.target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, server_writer, delay), pump(server_reader, client_writer, delay),
                             return_exceptions=True)

    server = await asyncio.start_server(relay, "127.0.0.1", arguments.port, backlog=256)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    try:
        loop.add_reader(sys.stdin.fileno(), lambda: os.read(sys.stdin.fileno(), 4096) or stop.set())
    except (OSError, ValueError):
        pass
    await stop.wait()
    server.close()


def main():
    parser = argparse.ArgumentParser(description="loopback TCP relay with a fixed delay each way")
    parser.add_argument("--target-port", type=int, required=True)
    parser.add_argument("--rtt-ms", type=float, required=True)
    parser.add_argument("--port", type=int, default=0)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
