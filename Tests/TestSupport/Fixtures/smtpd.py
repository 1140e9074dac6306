#!/usr/bin/python3
"""A small SMTP server for the Mailer tests (Debian's python3-aiosmtpd 1.4).

Binds 127.0.0.1 (port 0 = any free port unless --port is given), prints
"READY <port>" on stdout once listening, and stops on SIGTERM, SIGINT or EOF
on stdin.

  --spool DIR             store each accepted message as DIR/<seq>-<rcpt>.eml
                          (raw bytes as received, rcpt percent-encoded) and
                          append one line per connection to DIR/connections.log
  --tls-cert F --tls-key F  offer STARTTLS with this certificate
  --implicit-tls          TLS from the first byte (smtps) instead of STARTTLS
  --require-tls           refuse MAIL before STARTTLS (530)
  --auth USER:PASS        offer AUTH PLAIN/LOGIN and require it (535 if wrong)
  --faults FILE           JSON, re-read at every transaction (MAIL FROM):
      {"mail": {"pattern": code},        reply `code` to MAIL FROM (sender)
       "rcpt": {"pattern": code},        reply `code` to RCPT TO
       "data": {"pattern": code},        final reply after DATA (any recipient)
       "close_in_data": ["pattern"],     drop the connection after DATA, no reply
       "close_on_reuse": true,           drop the connection at the 2nd+ MAIL
                                         of a connection, no reply
       "delay_ms": 0}                    wait this long before the final reply
      Patterns are fnmatch patterns, matched case-insensitively.
"""

import argparse
import asyncio
import fnmatch
import json
import os
import signal
import ssl
import sys
import time
import urllib.parse
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    """Applies the faults file and stores accepted messages."""

    def __init__(self, spool, faults_path):
        self.spool = spool
        self.faults_path = faults_path
        self.sequence = 0

    def load_faults(self):
        if not self.faults_path:
            return {}
        try:
            with open(self.faults_path, encoding="utf-8") as file:
                return json.load(file) or {}
        except (OSError, ValueError) as error:
            print(f"smtpd: ignoring faults file: {error}", file=sys.stderr)
            return {}

    @staticmethod
    def code_for(table, address):
        for pattern, code in (table or {}).items():
            if fnmatch.fnmatch(address.lower(), pattern.lower()):
                return int(code)
        return None

    @staticmethod
    def reply(code, what):
        return f"{code} {'4.0.0' if code < 500 else '5.0.0'} {what} refused by test fault"

    async def handle_MAIL(self, server, session, envelope, address, options):
        session.faults = self.load_faults()
        session.mail_time = time.time()
        session.transactions = getattr(session, "transactions", 0) + 1
        if session.faults.get("close_on_reuse") and session.transactions > 1:
            server.transport.abort()
            return "421 closing"  # never reaches the client
        code = self.code_for(session.faults.get("mail"), address)
        if code:
            return self.reply(code, "sender")
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        code = self.code_for(getattr(session, "faults", {}).get("rcpt"), address)
        if code:
            return self.reply(code, "recipient")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        faults = getattr(session, "faults", {})
        close = faults.get("close_in_data") or []
        if any(fnmatch.fnmatch(r.lower(), p.lower()) for r in envelope.rcpt_tos for p in close):
            server.transport.abort()
            return "421 closing"  # never reaches the client
        await asyncio.sleep(float(faults.get("delay_ms", 0)) / 1000)
        for rcpt in envelope.rcpt_tos:
            code = self.code_for(faults.get("data"), rcpt)
            if code:
                return self.reply(code, "message")
        if self.spool:
            for rcpt in envelope.rcpt_tos:
                self.sequence += 1
                name = f"{self.sequence:06d}-{urllib.parse.quote(rcpt, safe='@.+-_')}.eml"
                temporary = os.path.join(self.spool, f".{name}.tmp")
                with open(temporary, "wb") as file:
                    file.write(envelope.original_content)
                os.rename(temporary, os.path.join(self.spool, name))
                # When the transaction began (MAIL FROM, Unix time) and its recipient, one line each.
                with open(os.path.join(self.spool, "received.log"), "a", encoding="utf-8") as log:
                    log.write(f"{getattr(session, 'mail_time', 0):.6f}\t{rcpt}\n")
        return "250 OK message accepted"


def parse_arguments():
    parser = argparse.ArgumentParser(description="SMTP test server")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--spool")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--faults")
    arguments = parser.parse_args()
    if bool(arguments.tls_cert) != bool(arguments.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if (arguments.implicit_tls or arguments.require_tls) and not arguments.tls_cert:
        parser.error("--implicit-tls and --require-tls need --tls-cert and --tls-key")
    if arguments.auth and ":" not in arguments.auth:
        parser.error("--auth takes USER:PASS")
    return arguments


async def serve(arguments):
    loop = asyncio.get_running_loop()
    handler = Handler(arguments.spool, arguments.faults)

    context = None
    if arguments.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.tls_cert, arguments.tls_key)

    authenticator = None
    if arguments.auth:
        user, password = arguments.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            valid = (isinstance(data, LoginPassword)
                     and data.login == user.encode() and data.password == password.encode())
            # handled=False: aiosmtpd then sends 235, or 535 itself.
            return AuthResult(success=valid, handled=False)

    def new_connection():
        if arguments.spool:
            with open(os.path.join(arguments.spool, "connections.log"), "a") as file:
                file.write("connection\n")
        return SMTP(
            handler,
            hostname="smtpd.test",
            tls_context=None if arguments.implicit_tls else context,
            require_starttls=arguments.require_tls,
            authenticator=authenticator,
            auth_required=authenticator is not None,
            # Without --auth, offer no AUTH on a plain connection at all.
            auth_require_tls=authenticator is None,
        )

    server = await loop.create_server(
        new_connection, host="127.0.0.1", port=arguments.port,
        ssl=context if arguments.implicit_tls else None, reuse_address=True)
    port = server.sockets[0].getsockname()[1]

    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)

    def stdin_readable():
        if not os.read(sys.stdin.fileno(), 4096):
            stop.set()
    try:
        loop.add_reader(sys.stdin.fileno(), stdin_readable)
    except (OSError, ValueError):
        pass  # stdin is a file or closed: rely on signals

    print(f"READY {port}", flush=True)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    # Plain-text AUTH is what the tests want; aiosmtpd warns about it.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    asyncio.run(serve(parse_arguments()))
