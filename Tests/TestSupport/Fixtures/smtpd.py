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
       "rcpt": {"pattern": code},        reply `code` to RCPT TO (a code, or a whole reply line)
       "data": {"pattern": code},        final reply after DATA (any recipient)
       "close_in_data": ["pattern"],     drop the connection after DATA, no reply
       "close_on_reuse": true,           drop the connection at the 2nd+ MAIL
                                         of a connection, no reply
       "delay_ms": 0}                    wait this long before the final reply
       "data_command": {"pattern": code}, reply `code` to the DATA command itself
      Patterns are fnmatch patterns, matched case-insensitively. Any 421 reply
      (from a fault or otherwise) closes the connection after it is sent.
  --pipelining            offer PIPELINING (RFC 2920)
  --chunking              offer CHUNKING (RFC 3030) and take BDAT
  --dsn                   offer DSN (RFC 3461) and take its MAIL/RCPT parameters
  --smtputf8              offer SMTPUTF8 (RFC 6531)
  --size N                offer SIZE N (default 33554432; 0 withholds SIZE, no limit)
  With --spool, DIR/commands.log gets one line per MAIL, RCPT, DATA, BDAT,
  RSET and QUIT received: "<connection>\t<p>\t<command line>", where <p> is 1 when more
  input was already waiting (the client pipelined), else 0.
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
        """The fault for `address`: a code (550), or a whole reply line ("550 5.7.26 ...")."""
        for pattern, code in (table or {}).items():
            if fnmatch.fnmatch(address.lower(), pattern.lower()):
                return code if isinstance(code, str) else int(code)
        return None

    @staticmethod
    def reply(code, what):
        if isinstance(code, str):
            return code
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

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        extra = [f"250-{name}" for name, wanted in (
            ("PIPELINING", server.offer_pipelining), ("CHUNKING", server.offer_chunking),
            ("DSN", server.offer_dsn), ("ENHANCEDSTATUSCODES", True)) if wanted]
        return responses[:-1] + extra + responses[-1:]

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
                with open(os.path.join(self.spool, name + ".sender"), "w") as file:
                    file.write(envelope.mail_from or "")
                # When the transaction began (MAIL FROM, Unix time) and its recipient, one line each.
                with open(os.path.join(self.spool, "received.log"), "a", encoding="utf-8") as log:
                    log.write(f"{getattr(session, 'mail_time', 0):.6f}\t{rcpt}\n")
        return "250 OK message accepted"


class TestSMTP(SMTP):
    """aiosmtpd's server with PIPELINING, CHUNKING and DSN offered on request, and a command log."""

    def __init__(self, handler, options, connection, **kwargs):
        super().__init__(handler, **kwargs)
        self.offer_pipelining = options.pipelining
        self.offer_chunking = options.chunking
        self.offer_dsn = options.dsn
        self.spool = options.spool
        self.connection = connection

    def log_command(self, line):
        if not self.spool:
            return
        waiting = 1 if self._reader is not None and len(self._reader._buffer) > 0 else 0
        with open(os.path.join(self.spool, "commands.log"), "a", encoding="utf-8") as file:
            file.write(f"{self.connection}\t{waiting}\t{line}\n")

    async def push(self, status):
        await super().push(status)
        text = status if isinstance(status, str) else status.decode("utf-8", "replace")
        if text.startswith("421") and self.transport is not None:
            self.transport.close()

    def strip_parameters(self, arg, names):
        """Removes DSN parameters, which aiosmtpd does not know, when DSN is offered."""
        if not self.offer_dsn or not arg:
            return arg
        words = arg.split(" ")
        return " ".join(w for w in words if w.split("=", 1)[0].upper() not in names)

    async def smtp_MAIL(self, arg):
        self.log_command(f"MAIL {arg}")
        await super().smtp_MAIL(self.strip_parameters(arg, ("RET", "ENVID")))

    async def smtp_RCPT(self, arg):
        self.log_command(f"RCPT {arg}")
        await super().smtp_RCPT(self.strip_parameters(arg, ("NOTIFY", "ORCPT")))

    async def smtp_RSET(self, arg):
        self.log_command("RSET")
        if self.session is not None:
            self.session.chunks = b""
        await super().smtp_RSET(arg)

    async def smtp_QUIT(self, arg):
        self.log_command("QUIT")
        await super().smtp_QUIT(arg)

    async def smtp_DATA(self, arg):
        self.log_command("DATA")
        faults = getattr(self.session, "faults", {})
        for rcpt in self.envelope.rcpt_tos:
            code = Handler.code_for(faults.get("data_command"), rcpt)
            if code:
                await self.push(Handler.reply(code, "DATA command"))
                return
        await super().smtp_DATA(arg)

    async def smtp_BDAT(self, arg):
        if not self.offer_chunking:
            self.log_command(f"BDAT {arg}")
            await self.push("500 Error: command \"BDAT\" not recognized")
            return
        words = (arg or "").split()
        if not words or not words[0].isdigit() or len(words) > 2 or (len(words) == 2 and words[1].upper() != "LAST"):
            await self.push("501 Syntax: BDAT size [LAST]")
            return
        chunk = await self._reader.readexactly(int(words[0]))
        self.log_command(f"BDAT {arg}")  # after its chunk: only what follows the chunk counts as pipelined
        if not self.envelope.mail_from:
            await self.push("503 5.5.1 Error: need MAIL command")
            return
        if not self.envelope.rcpt_tos:
            await self.push("554 5.5.1 Error: no valid recipients")
            return
        self.session.chunks = getattr(self.session, "chunks", b"") + chunk
        if len(words) == 1:
            await self.push(f"250 2.0.0 {len(chunk)} octets received")
            return
        self.envelope.original_content = self.session.chunks
        self.envelope.content = self.session.chunks
        self.session.chunks = b""
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push(status)


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
    parser.add_argument("--pipelining", action="store_true")
    parser.add_argument("--chunking", action="store_true")
    parser.add_argument("--dsn", action="store_true")
    parser.add_argument("--smtputf8", action="store_true")
    parser.add_argument("--size", type=int, default=33554432)
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

    connections = [0]

    def new_connection():
        connections[0] += 1
        if arguments.spool:
            with open(os.path.join(arguments.spool, "connections.log"), "a") as file:
                file.write("connection\n")
        return TestSMTP(
            handler, arguments, connections[0],
            data_size_limit=arguments.size or None,
            enable_SMTPUTF8=arguments.smtputf8,
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
