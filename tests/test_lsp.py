"""`mcplint server` driven by a real LSP client: a separate process, spoken to over its real
stdin/stdout pipes with Content-Length framed JSON-RPC 2.0 (the client below is written from
the LSP specification, independently of the server's own framing code)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
BROKEN = (
    "{\n"
    '  "mcpServers": {\n'
    '    "fs": {\n'
    '      "command": "npx",\n'
    '      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],\n'
    f'      "env": {{"GITHUB_TOKEN": "{TOKEN}"}},\n'
    "    }\n"
    "  }\n"
    "}\n"
)
TRAILING_LINE = 5  # 0-based line of the trailing comma


class Client:
    """A minimal LSP client over a child process's pipes."""

    def __init__(self, home: Path) -> None:
        env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mcplint", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []  # every message read, in order
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def write_raw(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def frame(self, message: dict[str, Any]) -> bytes:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        return b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body

    def notify(self, method: str, params: Any) -> None:
        self.write_raw(self.frame({"method": method, "params": params}))

    def send_request(self, method: str, params: Any) -> int:
        id_ = self.next_id
        self.next_id += 1
        self.write_raw(self.frame({"id": id_, "method": method, "params": params}))
        return id_

    def wait(self, pred: Any, timeout: float = 10.0) -> dict[str, Any]:
        for m in self.seen:
            if pred(m):
                self.seen.remove(m)
                return m
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such message in {timeout}s; seen {self.seen}")
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if pred(m):
                return m
            self.seen.append(m)

    def response(self, id_: int) -> dict[str, Any]:
        return self.wait(lambda m: m.get("id") == id_ and "method" not in m)

    def request(self, method: str, params: Any) -> Any:
        reply = self.response(self.send_request(method, params))
        assert "error" not in reply, reply
        return reply["result"]

    def diagnostics(self, uri: str, version: int | None = None) -> dict[str, Any]:
        def pred(m: dict[str, Any]) -> bool:
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            params = m["params"]
            return bool(params["uri"] == uri and (version is None or params["version"] == version))

        return dict(self.wait(pred)["params"])

    def initialize(self, encodings: list[str] | None = None) -> dict[str, Any]:
        caps: dict[str, Any] = {}
        if encodings is not None:
            caps["general"] = {"positionEncodings": encodings}
        result = self.request("initialize", {"processId": None, "capabilities": caps})
        self.notify("initialized", {})
        return dict(result)

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.as_uri()
        item = {"uri": uri, "languageId": "json", "version": version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        return uri

    def close(self) -> int:
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None)
                self.notify("exit", None)
            except (AssertionError, BrokenPipeError):
                pass
        try:
            return self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()


@pytest.fixture
def client(tmp_path: Path) -> Any:
    (tmp_path / "home").mkdir()
    c = Client(tmp_path / "home")
    yield c
    c.close()


def _project(tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    folder.mkdir(exist_ok=True)
    return folder / ".mcp.json"


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP TextEdits (UTF-16 positions) the way an editor does."""

    def offset(pos: dict[str, int]) -> int:
        lines = text.split("\n")
        before = sum(len(line) + 1 for line in lines[: pos["line"]])
        line = lines[pos["line"]]
        units = 0
        for i, ch in enumerate(line):
            if units >= pos["character"]:
                return before + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return before + len(line)

    spans = sorted((offset(e["range"]["start"]), offset(e["range"]["end"]), e) for e in edits)
    for start, end, e in reversed(spans):
        text = text[:start] + e["newText"] + text[end:]
    return text


def test_lifecycle_and_default_encoding(client: Client) -> None:
    result = client.initialize()
    caps = result["capabilities"]
    assert caps["positionEncoding"] == "utf-16"
    assert caps["textDocumentSync"]["change"] == 2
    assert caps["codeActionProvider"]["codeActionKinds"] == ["quickfix", "source.fixAll.mcplint"]
    assert caps["hoverProvider"] is True
    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.proc.wait(timeout=10) == 0


def test_exit_without_shutdown_is_exit_code_1(client: Client) -> None:
    client.initialize()
    client.notify("exit", None)
    assert client.proc.wait(timeout=10) == 1


def test_diagnostics_for_a_broken_mcp_json_masked_and_cleared_on_close(
    client: Client, tmp_path: Path
) -> None:
    client.initialize()
    uri = client.open(_project(tmp_path), BROKEN)
    published = client.diagnostics(uri)
    assert published["version"] == 1
    by_rule = {d["data"]["rule"]: d for d in published["diagnostics"]}
    comma = by_rule["trailing-comma"]
    assert comma["range"]["start"] == {"line": TRAILING_LINE, "character": 73}
    assert comma["severity"] == 1 and comma["code"] == "MCP002" and comma["source"] == "mcplint"
    assert comma["codeDescription"]["href"].startswith("http")
    assert "ghp_****" in by_rule["hardcoded-secret"]["message"]
    assert TOKEN not in json.dumps(published)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri)["diagnostics"] == []


def test_other_json_files_get_no_diagnostics(client: Client, tmp_path: Path) -> None:
    client.initialize()
    other = client.open(tmp_path / "package.json", BROKEN)
    uri = client.open(_project(tmp_path), BROKEN)
    client.diagnostics(uri)
    time.sleep(0.5)
    client.request(
        "textDocument/hover",
        {"textDocument": {"uri": other}, "position": {"line": 3, "character": 5}},
    )
    assert not [m for m in client.seen if m.get("params", {}).get("uri") == other]
    assert (
        client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": other},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
                "context": {"diagnostics": []},
            },
        )
        == []
    )


def _code_actions(client: Client, uri: str, line: int, only: list[str] | None = None) -> Any:
    context: dict[str, Any] = {"diagnostics": []}
    if only is not None:
        context["only"] = only
    rng = {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 200}}
    return client.request(
        "textDocument/codeAction", {"textDocument": {"uri": uri}, "range": rng, "context": context}
    )


def test_quick_fix_in_range_then_incremental_change_relints(client: Client, tmp_path: Path) -> None:
    client.initialize()
    uri = client.open(_project(tmp_path), BROKEN)
    client.diagnostics(uri, 1)
    assert _code_actions(client, uri, 0, only=["quickfix"]) == []  # nothing to fix on line 1
    actions = _code_actions(client, uri, TRAILING_LINE, only=["quickfix"])
    comma = [a for a in actions if "trailing-comma" in a["title"]]
    assert len(comma) == 1 and comma[0]["kind"] == "quickfix" and comma[0]["isPreferred"]
    assert comma[0]["diagnostics"][0]["code"] == "MCP002"
    edits = comma[0]["edit"]["changes"][uri]
    fixed = _apply(BROKEN, edits)
    assert fixed == BROKEN.replace("},\n    }", "}\n    }")
    # Send the fix as the editor would: incremental edits at their ranges.
    change = [{"range": e["range"], "text": e["newText"]} for e in edits]
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": change},
    )
    rules = {d["data"]["rule"] for d in client.diagnostics(uri, 2)["diagnostics"]}
    assert "trailing-comma" not in rules and "hardcoded-secret" in rules


def test_fix_all_safe_problems_source_action(client: Client, tmp_path: Path) -> None:
    client.initialize()
    text = BROKEN.replace('"/tmp"]', '"/tmp",]')  # a second trailing comma
    uri = client.open(_project(tmp_path), text)
    client.diagnostics(uri)
    actions = _code_actions(client, uri, 0, only=["source.fixAll"])
    assert [a["kind"] for a in actions] == ["source.fixAll.mcplint"]
    assert actions[0]["title"] == "Fix all safe problems (mcplint)"
    fixed = _apply(text, actions[0]["edit"]["changes"][uri])
    assert fixed == BROKEN.replace("},\n    }", "}\n    }")  # the token stays: unsafe fix
    assert TOKEN in fixed


def test_utf8_negotiation_and_positions_after_an_emoji(client: Client, tmp_path: Path) -> None:
    result = client.initialize(["utf-8", "utf-16"])
    assert result["capabilities"]["positionEncoding"] == "utf-8"
    text = BROKEN.replace('"/tmp"]', '"/tmp/\U0001f600é"]')
    uri = client.open(_project(tmp_path), text)
    diags = client.diagnostics(uri)["diagnostics"]
    assert any(d["data"]["rule"] == "trailing-comma" for d in diags)
    # An incremental edit after the emoji, at a position in UTF-8 bytes, must land right.
    args_line = text.split("\n")[4]
    after = args_line.index("]")
    character = len(args_line[:after].encode("utf-8"))
    change = {
        "range": {
            "start": {"line": 4, "character": character},
            "end": {"line": 4, "character": character},
        },
        "text": ',"x"',
    }
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]},
    )
    client.diagnostics(uri, 2)
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 8}},
    )
    assert "`x`" in hover["contents"]["value"]  # the new argument is where it was typed


def test_utf16_position_of_a_problem_after_an_emoji(client: Client, tmp_path: Path) -> None:
    client.initialize()
    text = '{"mcpServers": {"\U0001f600": {"command": "npx", "args": ["a",]}}}\n'
    uri = client.open(_project(tmp_path), text)
    diags = client.diagnostics(uri)["diagnostics"]
    comma = next(d for d in diags if d["data"]["rule"] == "trailing-comma")
    prefix = text[: text.index(",]")]
    assert comma["range"]["start"] == {"line": 0, "character": len(prefix) + 1}


def test_hover_shows_the_launch_with_secrets_masked(client: Client, tmp_path: Path) -> None:
    client.initialize()
    uri = client.open(_project(tmp_path), BROKEN)
    client.diagnostics(uri)
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 9}},
    )
    value = hover["contents"]["value"]
    assert "**fs**" in value and "npx" in value
    assert "@modelcontextprotocol/server-filesystem" in value
    assert "ghp_****" in value and TOKEN not in json.dumps(hover)
    assert hover["range"]["start"]["line"] == 2
    outside = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
    )
    assert outside is None


def test_never_dies_on_malformed_or_unknown_messages(client: Client, tmp_path: Path) -> None:
    early = client.send_request("textDocument/hover", {})
    assert client.response(early)["error"]["code"] == -32002  # not initialized
    client.initialize()
    client.write_raw(b"Content-Length: 9\r\n\r\n{not json")
    assert client.wait(lambda m: m.get("id") is None and "error" in m)["error"]["code"] == -32700
    client.write_raw(b"X-Nothing: 1\r\n\r\n")  # a frame with no Content-Length
    client.write_raw(client.frame({"id": 77, "method": "workspace/unknownThing", "params": {}}))
    assert client.response(77)["error"]["code"] == -32601
    client.write_raw(client.frame({"id": 78, "method": "textDocument/codeAction", "params": 5}))
    assert client.response(78)["error"]["code"] == -32602
    client.write_raw(b"Content-Length: 7\r\n\r\n[1,2,3]")
    assert client.wait(lambda m: "error" in m and m["error"]["code"] == -32600)
    client.notify("textDocument/didChange", {"bogus": True})
    client.notify("$/setTrace", {"value": "off"})
    client.notify("workspace/didChangeConfiguration", {"settings": {}})
    uri = client.open(_project(tmp_path), BROKEN)
    assert client.diagnostics(uri)["diagnostics"]  # still serving
    assert client.proc.poll() is None


def test_cancel_request(client: Client, tmp_path: Path) -> None:
    client.initialize()
    uri = client.open(_project(tmp_path), BROKEN)
    params = {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 9}}
    both = client.frame({"method": "$/cancelRequest", "params": {"id": 99}}) + client.frame(
        {"id": 99, "method": "textDocument/hover", "params": params}
    )
    client.write_raw(both)
    assert client.response(99)["error"]["code"] == -32800
    assert client.request("textDocument/hover", params) is not None  # only that one


def test_stale_versions_are_dropped(client: Client, tmp_path: Path) -> None:
    client.initialize()
    path = _project(tmp_path)
    uri = path.as_uri()
    good = BROKEN.replace("},\n    }", "}\n    }")
    item = {"uri": uri, "languageId": "json", "version": 1, "text": BROKEN}
    frames = client.frame({"method": "textDocument/didOpen", "params": {"textDocument": item}})
    for version, text in ((2, good), (3, BROKEN), (4, good)):
        change = {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}],
        }
        frames += client.frame({"method": "textDocument/didChange", "params": change})
    client.write_raw(frames)
    last = client.diagnostics(uri, 4)
    assert "trailing-comma" not in {d["data"]["rule"] for d in last["diagnostics"]}
    time.sleep(0.5)
    client.request("shutdown", None)
    versions = [
        m["params"]["version"]
        for m in client.seen
        if m.get("method") == "textDocument/publishDiagnostics"
    ]
    assert 2 not in versions and 3 not in versions  # debounced away, never published
    assert all(v < 4 for v in versions)


def test_a_big_claude_json_does_not_block_other_requests(client: Client, tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        from claude_json import make
    finally:
        sys.path.pop(0)
    home = tmp_path / "home"
    big = make(projects=2000)
    assert len(big) > 1_000_000
    client.initialize()
    small = client.open(_project(tmp_path), BROKEN)
    client.diagnostics(small)
    big_uri = client.open(home / ".claude.json", big)
    started = time.monotonic()
    params = {"textDocument": {"uri": small}, "position": {"line": 3, "character": 9}}
    client.request("textDocument/hover", params)
    answered = time.monotonic() - started
    client.diagnostics(big_uri)
    linted = time.monotonic() - started
    assert answered < linted
