"""Language server benchmarks (`python bench/lsp.py`): the server in-process, spoken to over
real pipes with framed JSON-RPC, as an editor does. Not part of the test suite.

Targets (issue 13): a 200-line `.mcp.json`, didChange -> publishDiagnostics median <= 20 ms
(the debounce excluded: it is set to 0 here); server start to first diagnostics <= 300 ms; a
6 MB `~/.claude.json` being linted does not block other requests (hover and code actions on
another document are answered while it is linted).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import claude_json

from mcplint.env import Environment
from mcplint.lsp.jsonrpc import read_message
from mcplint.lsp.server import Server


def config_of_lines(lines: int) -> str:
    """A `.mcp.json` of about `lines` lines (8 lines per server), with one trailing comma."""
    servers = []
    for i in range(max(1, (lines - 3) // 8)):
        servers.append(
            f'    "server-{i}": {{\n'
            f'      "command": "npx",\n'
            f'      "args": ["-y", "@example/mcp-server-{i}", "--stdio"],\n'
            f'      "env": {{\n'
            f'        "API_KEY": "${{EXAMPLE_API_KEY}}",\n'
            f'        "LOG_LEVEL": "info"\n'
            f"      }}\n"
            f"    }}"
        )
    return '{\n  "mcpServers": {\n' + ",\n".join(servers) + ",\n  }\n}\n"


class Session:
    """A server in a thread of this process and a client on the other ends of two pipes."""

    def __init__(self, env: Environment, debounce: float) -> None:
        to_server_r, self._to_server_w = os.pipe()
        from_server_r, from_server_w = os.pipe()
        self._in: BinaryIO = os.fdopen(to_server_r, "rb", buffering=0)
        self._out: BinaryIO = os.fdopen(from_server_w, "wb")
        self._reader: BinaryIO = os.fdopen(from_server_r, "rb")
        self.server = Server(self._in, self._out, env, debounce=debounce)
        self.messages: queue.Queue[Any] = queue.Queue()
        self.next_id = 1
        self._thread = threading.Thread(target=self.server.serve, daemon=True)
        self._thread.start()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            message = read_message(self._reader)
            if message is None:
                return
            self.messages.put(message)

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        os.write(self._to_server_w, b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> int:
        id_ = self.next_id
        self.next_id += 1
        self.send({"id": id_, "method": method, "params": params})
        return id_

    def wait(self, pred: Any, timeout: float = 60.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.001, deadline - time.monotonic()))
            if pred(message):
                return message

    def diagnostics(self, uri: str, version: int) -> Any:
        return self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"]["version"] == version
            )
        )

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self._thread.join(10)
        os.close(self._to_server_w)


def _open(session: Session, path: Path, text: str) -> str:
    uri = path.as_uri()
    item = {"uri": uri, "languageId": "json", "version": 1, "text": text}
    session.notify("textDocument/didOpen", {"textDocument": item})
    return uri


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--big-mb", type=float, default=6.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        (home / "proj").mkdir()
        env = Environment(home=str(home), cwd=str(home / "proj"))
        text = config_of_lines(200)
        small_path = home / "proj" / ".mcp.json"

        # 1. Start to first diagnostics (a new server each time; the imports are warm).
        starts = []
        for _ in range(max(5, args.runs // 5)):
            t0 = time.perf_counter()
            s = Session(env, debounce=0.0)
            s.request("initialize", {"capabilities": {}})
            s.notify("initialized", {})
            uri = _open(s, small_path, text)
            s.diagnostics(uri, 1)
            starts.append((time.perf_counter() - t0) * 1000)
            s.close()

        # 2. didChange -> publishDiagnostics, incremental edits, no debounce.
        s = Session(env, debounce=0.0)
        s.request("initialize", {"capabilities": {}})
        uri = _open(s, small_path, text)
        s.diagnostics(uri, 1)
        changes = []
        line = text.split("\n").index('      "command": "npx",')
        for version in range(2, args.runs + 2):
            value = "npx" if version % 2 else "uvx"
            rng = {
                "start": {"line": line, "character": 18},
                "end": {"line": line, "character": 21},
            }
            t0 = time.perf_counter()
            s.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": rng, "text": value}],
                },
            )
            s.diagnostics(uri, version)
            changes.append((time.perf_counter() - t0) * 1000)

        # The same lint without the server, to tell its overhead from the engine's time.
        from mcplint.engine import check_text

        engine = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            check_text(text, str(small_path), env)
            engine.append((time.perf_counter() - t0) * 1000)

        # 3. A big ~/.claude.json being linted: requests on the small file still answered.
        projects = 2000
        big = claude_json.make(projects=projects)
        while len(big) < args.big_mb * 1_000_000:
            projects = int(projects * args.big_mb * 1_000_000 / len(big)) + 1
            big = claude_json.make(projects=projects)
        t0 = time.perf_counter()
        big_uri = _open(s, home / ".claude.json", big)
        answers = []
        position = {"line": 3, "character": 9}
        for _ in range(5):
            t1 = time.perf_counter()
            id_ = s.request(
                "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
            )
            s.wait(lambda m, i=id_: m.get("id") == i)
            answers.append((time.perf_counter() - t1) * 1000)
        answered = (time.perf_counter() - t0) * 1000
        s.diagnostics(big_uri, 1)
        big_ms = (time.perf_counter() - t0) * 1000
        s.close()

    print(f"start -> first diagnostics (200 lines): median {statistics.median(starts):.1f} ms")
    print(
        f"didChange -> publishDiagnostics (200 lines): median {statistics.median(changes):.1f} ms"
        f" (the engine's lint alone: median {statistics.median(engine):.1f} ms)"
    )
    print(
        f"{len(big) / 1e6:.1f} MB ~/.claude.json: diagnostics after {big_ms:.0f} ms; meanwhile 5 "
        f"hovers on the small file answered within {answered:.0f} ms "
        f"(each {min(answers):.1f}-{max(answers):.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
