#!/usr/bin/env python3
"""Language-server latency: time from a keystroke (`textDocument/didChange`) to the diagnostics
of that version (`textDocument/publishDiagnostics`), on a generated 10,000-line file, through
`aura lsp` as an editor drives it (stdio, LSP framing). Also hover right after an edit (the
request waits for the re-check). Prints medians and the slowest; never asserts."""
import json, os, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib.util
spec = importlib.util.spec_from_file_location("gen_project", os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen-project.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

aura = sys.argv[1]
lines_wanted = int(os.environ.get("LSP_LINES", "10000"))
edits = int(os.environ.get("LSP_EDITS", "40"))

root = tempfile.mkdtemp(prefix="aura-bench-lsp-")
text = gen.module(0, lines_wanted)
path = os.path.join(root, "big.aura")
with open(path, "w") as f:
    f.write(text)
uri = "file://" + path
lines = text.split("\n")

server = subprocess.Popen([aura, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)

def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()

def receive():
    length = 0
    while True:
        line = server.stdout.readline()
        if not line:
            raise SystemExit("aura lsp exited")
        line = line.strip()
        if not line:
            break
        name, value = line.decode().split(":", 1)
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(server.stdout.read(length))

def wait(predicate):
    while True:
        message = receive()
        if predicate(message):
            return message

send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file://" + root, "capabilities": {}}})
wait(lambda m: m.get("id") == 1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "aura", "version": 1, "text": text}}})
wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 1)

# Edit a line in the middle: a digit typed and deleted again, alternately (the file stays valid).
target = next(i for i in range(len(lines) // 2, len(lines)) if "* 2" in lines[i] or "+ 1" in lines[i] or "price" in lines[i])
column = len(lines[target])
diagnostics, hovers = [], []
for version in range(2, edits + 2):
    typed = version % 2 == 0
    change = {"range": {"start": {"line": target, "character": column}, "end": {"line": target, "character": column if typed else column + 2}},
              "text": " #" if typed else ""}
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
    wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version)
    diagnostics.append((time.perf_counter() - start) * 1000)

for number in range(10):
    version = edits + 2 + number
    typed = number % 2 == 0
    change = {"range": {"start": {"line": target, "character": column}, "end": {"line": target, "character": column if typed else column + 2}},
              "text": " #" if typed else ""}
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
    send({"jsonrpc": "2.0", "id": 100 + number, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": target, "character": 2}}})
    wait(lambda m: m.get("id") == 100 + number)
    hovers.append((time.perf_counter() - start) * 1000)

send({"jsonrpc": "2.0", "id": 999, "method": "shutdown", "params": None})
wait(lambda m: m.get("id") == 999)
send({"jsonrpc": "2.0", "method": "exit", "params": None})
server.wait()

def summary(values):
    values = sorted(values)
    return f"median {statistics.median(values):6.1f} ms   p90 {values[int(len(values) * 0.9) - 1]:6.1f} ms   max {values[-1]:6.1f} ms"

print(f"aura lsp on a {len(lines):,}-line file ({edits} edits, debounce included):")
print(f"  edit -> diagnostics of that version   {summary(diagnostics)}")
print(f"  edit -> hover answered                {summary(hovers)}")
print("  target: diagnostics < 100 ms after an edit")
