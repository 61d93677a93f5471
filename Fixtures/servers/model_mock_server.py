#!/usr/bin/env python3
"""Loopback mock of the Claude Messages API and OpenAI-compatible chat completions, for the
AuraProviders tests (never reaches the internet; stdlib only). Wire shapes: docs PROVIDERS.md.

Binds 127.0.0.1 on a free port, prints the port on the first stdout line, and serves until its
stdin closes (so it dies with the test process that started it). Tests control it over stdin,
one command per line, each answered with one stdout line:
  SCRIPT {"steps": [...], "expect_key": ...}   -> OK        (as POST /_mock/script)
  REQUESTS                                     -> JSON list (as GET /_mock/requests)

API routes:
  POST /v1/messages           Claude: JSON or SSE (when the request has "stream": true)
  POST /v1/chat/completions   OpenAI-compatible: JSON or SSE (when the request has "stream": true)
Control routes:
  POST /_mock/script    {"steps": [STEP, ...], "expect_key": "KEY"?}  replaces the queue, clears the log
  GET  /_mock/requests  every API request since the last script: {path, headers, body, time}

Each API request takes the next STEP (any route); when none is left the answer is a 400
invalid_request_error "mock: no scripted response". A STEP is one object:
  {"fix": INPUT, "stop_reason"?: S, "usage"?: {...}, "text"?: T, "via"?: "content"|"tool_calls",
   "line_ending"?: "\\r\\n"|"\\r", "ping"?: true, "chunk"?: N}
      success: INPUT becomes the propose_fix tool input (Claude) or the JSON answer (OpenAI);
      SSE options: line endings, pings/comments/unknown events, writes split every N bytes
  {"status": N, "error_type"?: T, "message"?: M, "headers"?: {...}, "raw_body"?: TEXT}
      an error response in the API's error shape (or a raw, non-JSON body)
  {"fault": "reset"}               read the request, then close the socket with RST
  {"fault": "sleep", "seconds": S} wait S seconds before answering 500 (client timeouts)
  {"fault": "truncate", "fix": INPUT}      the body/stream stops early (SSE: no message_stop;
                                           OpenAI: no finish_reason, usage or [DONE])
  {"fault": "stream_error", "fix": INPUT}  SSE: an error mid-stream (Claude: `event: error`
                                           overloaded; OpenAI: a `data: {"error": ...}` chunk)
A multi-turn conversation is one request per turn: script one step per expected request, then
read the requests back (each body holds the whole conversation sent).
  {"fault": "malformed"}           200 with a body (or SSE data) that is not JSON
  {"fault": "huge", "bytes": N}    200 with an N-byte body
"""
import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"steps": [], "log": [], "expect_key": None}

CLAUDE_ERRORS = {400: "invalid_request_error", 401: "authentication_error", 402: "billing_error",
                 403: "permission_error", 404: "not_found_error", 413: "request_too_large",
                 429: "rate_limit_error", 500: "api_error", 504: "timeout_error", 529: "overloaded_error"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/_mock/requests":
            with LOCK:
                body = json.dumps(STATE["log"]).encode()
            self.send_body(200, body, "application/json")
        else:
            self.send_body(404, b"no such route", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path == "/_mock/script":
            script = json.loads(raw)
            with LOCK:
                STATE["steps"] = list(script.get("steps", []))
                STATE["expect_key"] = script.get("expect_key")
                STATE["log"] = []
            self.send_body(200, b"{}", "application/json")
            return
        claude = self.path == "/v1/messages"
        if not claude and self.path != "/v1/chat/completions":
            self.send_body(404, b"no such route", "text/plain")
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with LOCK:
            STATE["log"].append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                 "body": body if body is not None else raw.decode("utf-8", "replace"), "time": time.time()})
            step = STATE["steps"].pop(0) if STATE["steps"] else None
            expect_key = STATE["expect_key"]
        problem = self.check_request(claude, body, expect_key)
        if problem:
            self.api_error(claude, problem[0], problem[1], {})
        elif step is None:
            self.api_error(claude, 400, "mock: no scripted response", {})
        else:
            self.answer(claude, body, step)

    def check_request(self, claude, body, expect_key):
        if claude:
            key = self.headers.get("x-api-key")
            if not key or (expect_key and key != expect_key):
                return (401, "invalid x-api-key")
            if self.headers.get("anthropic-version") != "2023-06-01":
                return (400, "anthropic-version: header is required")
            if not isinstance(body, dict):
                return (400, "the request body is not valid JSON")
            for field in ("model", "max_tokens", "messages"):
                if field not in body:
                    return (400, f"{field}: Field required")
        else:
            if expect_key and self.headers.get("Authorization") != "Bearer " + expect_key:
                return (401, "Incorrect API key provided")
            if not isinstance(body, dict) or "messages" not in body:
                return (400, "messages: Field required")
        return None

    def answer(self, claude, request, step):
        fault = step.get("fault")
        if fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if fault == "sleep":
            time.sleep(float(step.get("seconds", 3)))
            self.api_error(claude, 500, "mock: slept", {})
            return
        if fault == "malformed" and not request.get("stream"):
            self.send_body(200, b'{"id": "msg_01", "type": "message", "content": [', "application/json")
            return
        if fault == "huge":
            size = int(step.get("bytes", 8 << 20))
            self.send_body(200, b'{"padding": "' + b"a" * size + b'"}', "application/json")
            return
        if "status" in step:
            if "raw_body" in step:
                self.send_body(step["status"], step["raw_body"].encode(), "text/html", step.get("headers", {}))
            else:
                self.api_error(claude, step["status"], step.get("message", "mock error"), step.get("headers", {}),
                               step.get("error_type"))
            return
        if claude and request.get("stream"):
            self.claude_stream(request, step)
        elif claude:
            message = claude_message(request, step)
            body = json.dumps(message).encode()
            if fault == "truncate":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.send_body(200, body, "application/json", {"request-id": "req_mock"})
        elif request.get("stream"):
            self.openai_stream(request, step)
        else:
            self.send_body(200, json.dumps(openai_completion(request, step)).encode(), "application/json")

    def openai_stream(self, request, step):
        fault = step.get("fault")
        ending = step.get("line_ending", "\n")
        frames = [f"data: {json.dumps(chunk)}{ending}{ending}" for chunk in openai_chunks(request, step)]
        frames.append(f"data: [DONE]{ending}{ending}")
        if step.get("ping"):
            frames.insert(1, f": keep-alive comment{ending}{ending}")
        if fault == "malformed":
            frames.insert(2, f"data: {{not json{ending}{ending}")
        if fault == "truncate":
            frames = frames[:-3]
        if fault == "stream_error":
            frames = frames[:-3] + [f"data: " + json.dumps({"error": {"message": "Overloaded", "type": "server_error"}}) + f"{ending}{ending}"]
        self.send_chunked("".join(frames).encode(), step)

    def claude_stream(self, request, step):
        fault = step.get("fault")
        ending = step.get("line_ending", "\n")
        frames = []
        for name, data in claude_events(request, step):
            text = data if isinstance(data, str) else json.dumps(data)
            frames.append(f"event: {name}{ending}data: {text}{ending}{ending}")
            if step.get("ping") and name == "content_block_start":
                frames.append(f": keep-alive comment{ending}event: ping{ending}data: {{\"type\": \"ping\"}}{ending}{ending}")
                frames.append(f"event: future_event{ending}data: {{\"type\": \"future_event\"}}{ending}{ending}")
        if fault == "malformed":
            frames.insert(2, f"event: content_block_delta{ending}data: {{not json{ending}{ending}")
        if fault == "truncate":
            frames = frames[:-3]
        if fault == "stream_error":
            frames = frames[:-3] + [f"event: error{ending}data: " + json.dumps(
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}) + f"{ending}{ending}"]
        self.send_chunked("".join(frames).encode(), step)

    def send_chunked(self, payload, step):
        size = int(step.get("chunk", 0)) or len(payload) or 1
        chunks = [payload[i:i + size] for i in range(0, len(payload), size)]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("request-id", "req_mock")
        self.end_headers()
        try:
            for chunk in chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def api_error(self, claude, status, message, headers, error_type=None):
        if claude:
            kind = error_type or CLAUDE_ERRORS.get(status, "api_error")
            body = {"type": "error", "error": {"type": kind, "message": message}, "request_id": "req_mock"}
        else:
            kind = error_type or ("unavailable_error" if status == 503 else "invalid_request_error")
            body = {"error": {"message": message, "type": kind, "code": status}}
        self.send_body(status, json.dumps(body).encode(), "application/json", headers)

    def send_body(self, code, body, content_type, headers=None):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def claude_message(request, step):
    content = []
    if step.get("text"):
        content.append({"type": "text", "text": step["text"]})
    content.append({"type": "tool_use", "id": "toolu_mock", "name": "propose_fix", "input": step.get("fix", {})})
    return {"id": "msg_mock", "type": "message", "role": "assistant", "model": request.get("model", "") + "-20250929",
            "content": content, "stop_reason": step.get("stop_reason", "tool_use"), "stop_sequence": None,
            "usage": step.get("usage", {"input_tokens": 812, "output_tokens": 140}), "container": None}


def claude_events(request, step):
    usage = step.get("usage", {"input_tokens": 812, "output_tokens": 140})
    message = claude_message(request, step)
    yield "message_start", {"type": "message_start", "message": dict(message, content=[], stop_reason=None,
                                                                       usage={"input_tokens": usage["input_tokens"], "output_tokens": 1})}
    index = 0
    if step.get("text"):
        yield "content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
        yield "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": step["text"]}}
        yield "content_block_stop", {"type": "content_block_stop", "index": 0}
        index = 1
    yield "content_block_start", {"type": "content_block_start", "index": index,
                                  "content_block": {"type": "tool_use", "id": "toolu_mock", "name": "propose_fix", "input": {}}}
    text = json.dumps(step.get("fix", {}))
    for start in range(0, len(text), 17):
        yield "content_block_delta", {"type": "content_block_delta", "index": index,
                                      "delta": {"type": "input_json_delta", "partial_json": text[start:start + 17]}}
    yield "content_block_stop", {"type": "content_block_stop", "index": index}
    yield "message_delta", {"type": "message_delta", "delta": {"stop_reason": step.get("stop_reason", "tool_use"), "stop_sequence": None},
                            "usage": {"output_tokens": usage["output_tokens"]}}
    yield "message_stop", {"type": "message_stop"}


def openai_completion(request, step):
    arguments = json.dumps(step.get("fix", {}))
    if step.get("via") == "tool_calls":
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_mock", "type": "function", "function": {"name": "propose_fix", "arguments": arguments}}]}
        reason = "tool_calls"
    else:
        message = {"role": "assistant", "content": arguments}
        reason = "stop"
    return {"id": "chatcmpl-mock", "object": "chat.completion", "created": int(time.time()), "model": request.get("model"),
            "choices": [{"index": 0, "message": message, "finish_reason": step.get("stop_reason", reason)}],
            "usage": {"prompt_tokens": 700, "completion_tokens": 90, "total_tokens": 790}}


def openai_chunks(request, step):
    """chat.completion.chunk objects: the role, the answer in 17-character pieces (as content or
    tool-call arguments), the finish_reason, then the usage (stream_options.include_usage)."""
    base = {"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": int(time.time()), "model": request.get("model")}
    text = json.dumps(step.get("fix", {}))
    tool = step.get("via") == "tool_calls"
    yield dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": None if tool else ""}, "finish_reason": None}])
    for start in range(0, len(text), 17):
        piece = text[start:start + 17]
        if tool:
            delta = {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
            if start == 0:
                delta["tool_calls"][0].update({"id": "call_mock", "type": "function"})
                delta["tool_calls"][0]["function"]["name"] = "propose_fix"
        else:
            delta = {"content": piece}
        yield dict(base, choices=[{"index": 0, "delta": delta, "finish_reason": None}])
    reason = step.get("stop_reason", "tool_calls" if tool else "stop")
    yield dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": reason}])
    if (request.get("stream_options") or {}).get("include_usage"):
        yield dict(base, choices=[], usage={"prompt_tokens": 700, "completion_tokens": 90, "total_tokens": 790})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    for line in sys.stdin:  # ends at EOF: the parent test process has gone
        command, _, argument = line.strip().partition(" ")
        with LOCK:
            if command == "SCRIPT":
                script = json.loads(argument)
                STATE["steps"] = list(script.get("steps", []))
                STATE["expect_key"] = script.get("expect_key")
                STATE["log"] = []
                reply = "OK"
            elif command == "REQUESTS":
                reply = json.dumps(STATE["log"])
            else:
                reply = "ERROR unknown command"
        print(reply, flush=True)


if __name__ == "__main__":
    main()
