#!/usr/bin/env python3
"""Diagnostics latency of `bearing lsp`: after a one-character edit in one file of a
large plan, how long until the new diagnostics of that file arrive.

Drives the server over stdio as an editor does: initialize, open one plan file, wait
for its first diagnostics (the whole plan read and checked), then EDITS times: change
one character (incremental sync), wait for the diagnostics of that version, and pause
so that each edit stands alone. Prints the median, p90 and worst latencies and the
server's peak resident memory (VmHWM, Linux), and exits 1 when the median is over
--median-ms or the memory over --memory-mib.

Usage: benches/lsp_latency.py BEARING WORKLOAD [--edits N] [--file plans/x.yaml]
       [--key id | --after 'contributes_to: [KR-']
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import queue
import urllib.parse


def uri(path: str) -> str:
    return "file://" + urllib.parse.quote(os.path.abspath(path))


class Server:
    def __init__(self, command: list[str], cwd: str):
        self.proc = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(os.environ.get('LSP_STDERR', os.devnull), 'w')
        )
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, message: dict) -> float:
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method: str, params) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params):
        self.next_id += 1
        ident = self.next_id
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)[1]

    def wait(self, want, timeout: float = 120.0):
        end = time.perf_counter() + timeout
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                sys.exit(f"lsp_latency: no answer within {timeout} s")
            item = self.messages.get(timeout=left)
            if item is None:
                sys.exit("lsp_latency: the server closed its output")
            at, message = item
            if "id" in message and "method" in message:
                # A request of the server (registration): answer it.
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if want(message):
                return at, message

    def peak_kib(self) -> int | None:
        try:
            with open(f"/proc/{self.proc.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bearing", help="the bearing binary (a release build)")
    parser.add_argument("workload", help="a plan repository (bearing.yaml and plans/)")
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--file", help="the plan file to edit (default: the middle one)")
    parser.add_argument("--key", default="title", help="edit the value of the first KEY: (title: a value; id: the plan's shape changes)")
    parser.add_argument("--after", help="edit right after the first TEXT instead (e.g. 'contributes_to: [KR-': a reference)")
    parser.add_argument("--as-of", default="2026-10-01")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between edits")
    parser.add_argument("--median-ms", type=float, default=150.0)
    parser.add_argument("--memory-mib", type=float, default=300.0)
    args = parser.parse_args()

    root = os.path.abspath(args.workload)
    if args.file:
        target = os.path.join(root, args.file)
    else:
        files = sorted(
            os.path.join(d, f)
            for d, _, names in os.walk(os.path.join(root, "plans"))
            for f in names
            if f.endswith((".yaml", ".yml"))
        )
        if not files:
            sys.exit(f"lsp_latency: no plan files under {root}/plans")
        target = files[len(files) // 2]
    with open(target, encoding="utf-8") as f:
        text = f.read()
    # The edit: one character at the start of the first top-level KEY's value, typed
    # then deleted.
    if args.after:
        at = text.find(args.after)
        if at < 0:
            sys.exit(f"lsp_latency: no {args.after!r} in {target}")
        at += len(args.after)
        line = text[:at].count("\n")
        column = at - (text.rfind("\n", 0, at) + 1)
    else:
        at = text.find(f"\n{args.key}: ")
        if at < 0:
            sys.exit(f"lsp_latency: no `{args.key}:` in {target}")
        line = text[: at + 1].count("\n")
        column = len(f"{args.key}: ")

    server = Server([os.path.abspath(args.bearing), "lsp", "--as-of", args.as_of], root)
    started = time.perf_counter()
    server.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": uri(root), "capabilities": {}},
    )
    server.notify("initialized", {})
    doc = uri(target)
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": doc, "languageId": "yaml", "version": 1, "text": text}},
    )

    def diagnostics_of(version: int):
        return lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == doc
            and m["params"].get("version") == version
        )

    first_at, first = server.wait(diagnostics_of(1))
    print(
        f"first diagnostics {1000 * (first_at - started):.0f} ms after start "
        f"({len(first['params']['diagnostics'])} in {os.path.relpath(target, root)})"
    )

    latencies = []
    for i in range(args.edits):
        version = i + 2
        if i % 2 == 0:
            change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "x"}
        else:
            change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 1}}, "text": ""}
        sent = server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": doc, "version": version}, "contentChanges": [change]},
        )
        got, _ = server.wait(diagnostics_of(version))
        latencies.append(1000 * (got - sent))
        time.sleep(args.pause)

    peak = server.peak_kib()
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=30)

    latencies.sort()
    median = statistics.median(latencies)
    p90 = latencies[int(0.9 * (len(latencies) - 1))]
    print(
        f"diagnostics after a one-character edit, {len(latencies)} edits: "
        f"median {median:.0f} ms, p90 {p90:.0f} ms, best {latencies[0]:.0f} ms, worst {latencies[-1]:.0f} ms"
    )
    ok = median <= args.median_ms
    if peak is not None:
        mib = peak / 1024
        print(f"peak resident memory {mib:.0f} MiB")
        ok = ok and mib <= args.memory_mib
    print(f"targets: median <= {args.median_ms:.0f} ms, memory <= {args.memory_mib:.0f} MiB: {'met' if ok else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
