"""A small HTTP server for the feed tests: serves a folder of feeds with ETag and Last-Modified,
and a few misbehaving paths. Prints "READY <port>" once it listens on 127.0.0.1; stops when its
stdin closes. With --tls-cert and --tls-key it speaks HTTPS. Every request is appended to --log as one JSON line (path and conditional headers).

Paths:
  /FILE                  the file from --root, with ETag and Last-Modified; 304 when either matches
  /etag/FILE             the file with an ETag only
  /lastmod/FILE          the file with Last-Modified only
  /gzip/FILE             the file gzip-compressed when the client accepts it
  /status/500            HTTP 500
  /stall                 headers, then nothing for 60 s
  /huge                  6 MB of XML, chunked (no Content-Length)
  /loop/N                redirects to /loop/N+1, forever
  /redirect/FILE         one redirect to /FILE
  /slow/FILE             the file, after 4 s
"""
import argparse
import email.utils
import gzip
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--root", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--tls-cert")
parser.add_argument("--tls-key")
args = parser.parse_args()
log_lock = threading.Lock()
MODIFIED = email.utils.formatdate(time.time() - 3600, usegmt=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def record(self):
        entry = {"path": self.path, "if-none-match": self.headers.get("If-None-Match"),
                 "if-modified-since": self.headers.get("If-Modified-Since"),
                 "accept-encoding": self.headers.get("Accept-Encoding")}
        with log_lock, open(args.log, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def send_body(self, status, body, content_type="application/xml", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.record()
        path = self.path
        if path == "/status/500":
            return self.send_body(500, b"server error", "text/plain")
        if path == "/stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")
            self.wfile.flush()
            time.sleep(60)
            return
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<?xml version='1.0'?><rss version='2.0'><channel>" + b" " * 65000
            try:
                for _ in range(100):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path.startswith("/loop/"):
            number = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/loop/%d" % (number + 1))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.startswith("/redirect/"):
            self.send_response(301)
            self.send_header("Location", path[len("/redirect"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.startswith("/slow/"):
            time.sleep(4)
            path = path[len("/slow"):]
        mode = "both"
        for prefix in ("etag", "lastmod", "gzip"):
            if path.startswith("/%s/" % prefix):
                mode, path = prefix, path[len(prefix) + 1:]
        name = os.path.basename(path)
        file = os.path.join(args.root, name)
        if not name or not os.path.isfile(file):
            return self.send_body(404, b"not found", "text/plain")
        body = open(file, "rb").read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        headers = []
        if mode in ("both", "etag", "gzip"):
            headers.append(("ETag", etag))
        if mode in ("both", "lastmod"):
            headers.append(("Last-Modified", MODIFIED))
        if mode != "lastmod" and self.headers.get("If-None-Match") == etag:
            return self.send_body(304, b"", extra=headers)
        if mode == "lastmod" and self.headers.get("If-Modified-Since") == MODIFIED:
            return self.send_body(304, b"", extra=headers)
        content_type = "application/feed+json" if name.endswith(".json") else "application/xml"
        if mode == "gzip" and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        return self.send_body(200, body, content_type, headers)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if args.tls_cert:
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("READY %d" % server.server_address[1], flush=True)
sys.stdin.read()
server.shutdown()
