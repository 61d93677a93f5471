#!/usr/bin/env python3
"""Loopback HTTP server for the AuraHTTP and AuraVM tests (never reaches the internet).

Binds 127.0.0.1 on a free port, prints the port on the first stdout line, and serves
until its stdin closes (so it dies with the test process that started it).

Routes (any method):
  /echo               200, JSON {method, path, headers (lower-cased names), body}
  /status/N           status N, body "status N"
  /sleep/SECONDS      waits, then 200 "slept"
  /bytes/N            N bytes of "a" with Content-Length
  /chunked-bytes/N    N bytes of "a" chunked (no Content-Length)
  /stream?chunks=N&delay=MS   chunked SSE-like frames "data: i\\n\\n", flushed one by one
  /redirect           302 to /echo
  /cookies            two Set-Cookie headers
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        url = urlparse(self.path)
        parts = url.path.strip("/").split("/")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        route = parts[0]
        if route == "echo":
            payload = {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            }
            self.send_body(200, json.dumps(payload).encode(), [("Content-Type", "application/json"), ("X-Echo", "yes")])
        elif route == "status":
            code = int(parts[1])
            self.send_body(code, f"status {code}".encode(), [("Content-Type", "text/plain")])
        elif route == "sleep":
            time.sleep(float(parts[1]))
            self.send_body(200, b"slept", [])
        elif route == "bytes":
            self.send_body(200, b"a" * int(parts[1]), [])
        elif route == "chunked-bytes":
            self.send_chunks([b"a" * 1024] * (int(parts[1]) // 1024) + [b"a" * (int(parts[1]) % 1024)], 0)
        elif route == "stream":
            query = parse_qs(url.query)
            chunks = int(query.get("chunks", ["3"])[0])
            delay = int(query.get("delay", ["50"])[0]) / 1000
            self.send_chunks([f"data: {i}\n\n".encode() for i in range(chunks)], delay)
        elif route == "redirect":
            self.send_body(302, b"", [("Location", "/echo")])
        elif route == "cookies":
            self.send_body(200, b"ok", [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
        else:
            self.send_body(404, b"no such route", [])

    def send_body(self, code, body, headers):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_chunks(self, chunks, delay):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in chunks:
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                if delay:
                    time.sleep(delay)
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cancelled: expected in the cancellation tests

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # returns at EOF: the parent test process has gone


if __name__ == "__main__":
    main()
