"""The language server (`mcplint server`): diagnostics, quick fixes and hover for MCP configs.

Threads: a reader puts incoming messages on a queue (and marks `$/cancelRequest`ed ids at
once); the main loop answers them in order; each lint runs in its own timer thread after the
debounce, so a 6 MB `~/.claude.json` being linted never holds up a request. A lint's result is
published only if the document is still at the version it linted (newer versions make older
work stale: it is dropped, and a pending lint is cancelled).

Only files the engine recognises by their path (`clients.detect.kind_from_path`) get
diagnostics; other JSON files opened in the editor are left alone.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, BinaryIO, TextIO
from urllib.parse import quote, unquote, urlparse

from mcplint.diagnostics import Applicability, Diagnostic, Severity
from mcplint.env import Environment
from mcplint.lsp import jsonrpc
from mcplint.text import LineIndex, Position

DEBOUNCE_SECONDS = 0.15
# A code action on a document whose latest lint is not done lints it on the spot, unless it is
# bigger than this: the lint in the background answers (a 6 MB file must not hold up requests).
LINT_INLINE_LIMIT = 512 * 1024
FIX_ALL_KIND = "source.fixAll.mcplint"
ENCODINGS = ("utf-16", "utf-8", "utf-32")
_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}


def uri_to_path(uri: str, env: Environment) -> str | None:
    """The file path of a `file:` URI (None for `untitled:` and other schemes)."""
    parts = urlparse(uri)
    if parts.scheme != "file":
        return None
    path = unquote(parts.path)
    if env.is_windows and len(path) > 2 and path[0] == "/" and path[2] == ":":
        path = path[1:].replace("/", "\\")  # /C:/x -> C:\x
    return path


def path_to_uri(path: str) -> str:
    p = path.replace("\\", "/")
    if not p.startswith("/"):
        p = "/" + p
    return "file://" + quote(p)


def lsp_diagnostic(d: Diagnostic, lines: LineIndex, encoding: str, uri: str) -> dict[str, Any]:
    """One `Diagnostic` as an LSP Diagnostic: `Diagnostic.to_lsp()` (the one conversion; it
    masks credentials), with the rule name shown after the message as editors list it."""
    out = d.to_lsp(lines, uri=uri, encoding=encoding)
    out["message"] = f"{out['message']} ({d.rule})"
    out.setdefault("data", {})
    out["data"]["rule"] = d.rule
    out["data"]["fixable"] = d.fix is not None
    return out


def _range(lines: LineIndex, start: int, end: int, encoding: str) -> dict[str, Any]:
    return {"start": lines.lsp_position(start, encoding), "end": lines.lsp_position(end, encoding)}


def _range_elsewhere(start: Position, end: Position) -> dict[str, Any]:
    """A range in another file, whose text is not at hand: from its lines and columns (exact
    for the common case, a line without characters beyond the Basic Multilingual Plane)."""
    return {
        "start": {"line": start.line - 1, "character": start.column - 1},
        "end": {"line": end.line - 1, "character": end.column - 1},
    }


@dataclass
class Document:
    uri: str
    path: str | None
    text: str
    version: int
    recognised: bool
    # The diagnostics of `result_version` (None: not linted yet).
    diagnostics: list[Diagnostic] | None = None
    result_version: int | None = None
    timer: threading.Timer | None = None

    def change(self, changes: list[Any], version: int, encoding: str) -> None:
        text = self.text
        for change in changes:
            rng = change.get("range") if isinstance(change, dict) else None
            new = change.get("text", "") if isinstance(change, dict) else ""
            if not isinstance(new, str):
                raise ValueError("contentChanges[].text must be a string")
            if rng is None:
                text = new
            else:
                lines = LineIndex(text)
                start = lines.offset_of(rng["start"]["line"], rng["start"]["character"], encoding)
                end = lines.offset_of(rng["end"]["line"], rng["end"]["character"], encoding)
                text = text[:start] + new + text[max(start, end) :]
        self.text = text
        self.version = version


@dataclass
class _Incoming:
    message: Any


@dataclass
class Server:
    """One session with one client over `reader`/`writer` (binary streams)."""

    reader: BinaryIO
    writer: BinaryIO
    env: Environment
    log: TextIO = field(default_factory=lambda: sys.stderr)
    debounce: float = DEBOUNCE_SECONDS
    encoding: str = "utf-16"
    documents: dict[str, Document] = field(default_factory=dict)
    initialized: bool = False
    shutting_down: bool = False
    _out: jsonrpc.Writer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cancelled: set[Any] = field(default_factory=set)
    _queue: queue.Queue[_Incoming | None] = field(default_factory=queue.Queue)

    @property
    def out(self) -> jsonrpc.Writer:
        if self._out is None:
            self._out = jsonrpc.Writer(self.writer)
        return self._out

    # -- the loop ------------------------------------------------------------------------------

    def serve(self) -> int:
        """Answer messages until `exit` or the end of input. Returns the exit code (0 after a
        `shutdown`, 1 otherwise, as the LSP asks)."""
        threading.Thread(target=self._read_loop, name="mcplint-lsp-reader", daemon=True).start()
        while True:
            item = self._queue.get()
            if item is None:
                break
            message = item.message
            if isinstance(message, dict) and message.get("method") == "exit":
                break
            self._dispatch(message)
        self._stop_timers()
        return 0 if self.shutting_down else 1

    def _read_loop(self) -> None:
        while True:
            message = jsonrpc.read_message(self.reader)
            if message is None:
                self._queue.put(None)
                return
            if isinstance(message, dict) and message.get("method") == "$/cancelRequest":
                params = message.get("params")
                if isinstance(params, dict):
                    with self._lock:
                        self._cancelled.add(_id_key(params.get("id")))
            self._queue.put(_Incoming(message))

    def _note(self, text: str) -> None:
        try:
            self.log.write(f"mcplint server: {text}\n")
            self.log.flush()
        except (OSError, ValueError):
            pass

    def _dispatch(self, message: Any) -> None:
        if isinstance(message, jsonrpc.Malformed):
            self._note(message.why)
            self.out.error(None, jsonrpc.PARSE_ERROR, message.why)
            return
        if not isinstance(message, dict) or not isinstance(message.get("method"), str):
            if isinstance(message, dict) and ("result" in message or "error" in message):
                return  # a response to a request we never sent: ignore
            self._note(f"invalid message: {str(message)[:200]}")
            id_ = message.get("id") if isinstance(message, dict) else None
            self.out.error(id_, jsonrpc.INVALID_REQUEST, "not a JSON-RPC request or notification")
            return
        method: str = message["method"]
        params = message.get("params")
        if "id" in message:
            self._request(message["id"], method, params)
        else:
            self._notification(method, params)

    def _request(self, id_: Any, method: str, params: Any) -> None:
        with self._lock:
            cancelled = _id_key(id_) in self._cancelled
            self._cancelled.discard(_id_key(id_))
        if cancelled:
            self.out.error(id_, jsonrpc.REQUEST_CANCELLED, "cancelled")
            return
        if method != "initialize" and not self.initialized:
            self.out.error(id_, jsonrpc.SERVER_NOT_INITIALIZED, "initialize first")
            return
        if self.shutting_down and method != "shutdown":
            self.out.error(id_, jsonrpc.INVALID_REQUEST, "the server is shutting down")
            return
        handler = {
            "initialize": self.initialize,
            "shutdown": self.shutdown,
            "textDocument/codeAction": self.code_action,
            "textDocument/hover": self.hover,
        }.get(method)
        if handler is None:
            self.out.error(id_, jsonrpc.METHOD_NOT_FOUND, f"method not found: {method}")
            return
        try:
            result = handler(params if isinstance(params, dict) else {})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self._note(f"{method}: bad params: {exc!r}")
            self.out.error(id_, jsonrpc.INVALID_PARAMS, f"invalid params: {exc}")
            return
        except Exception as exc:  # a bug: answered, logged, and the server goes on
            self._note(f"{method}: internal error: {exc!r}")
            self.out.error(id_, jsonrpc.INTERNAL_ERROR, f"internal error: {exc}")
            return
        self.out.response(id_, result)

    def _notification(self, method: str, params: Any) -> None:
        handler = {
            "initialized": lambda p: None,
            "textDocument/didOpen": self.did_open,
            "textDocument/didChange": self.did_change,
            "textDocument/didSave": self.did_save,
            "textDocument/didClose": self.did_close,
        }.get(method)
        if handler is None:
            if not method.startswith("$/"):
                self._note(f"ignored notification {method}")
            return
        if not self.initialized or self.shutting_down:
            return
        try:
            handler(params if isinstance(params, dict) else {})
        except Exception as exc:  # bad params or a bug: logged, never fatal
            self._note(f"{method}: {exc!r}")

    # -- lifecycle -------------------------------------------------------------------------------

    def initialize(self, params: dict[str, Any]) -> dict[str, Any]:
        general = (params.get("capabilities") or {}).get("general") or {}
        offered = general.get("positionEncodings") or []
        self.encoding = next((e for e in offered if e in ENCODINGS), "utf-16")
        self.initialized = True
        from mcplint import __version__

        return {
            "capabilities": {
                "positionEncoding": self.encoding,
                "textDocumentSync": {
                    "openClose": True,
                    "change": 2,  # incremental
                    "save": {"includeText": False},
                },
                "codeActionProvider": {
                    "codeActionKinds": ["quickfix", FIX_ALL_KIND],
                },
                "hoverProvider": True,
            },
            "serverInfo": {"name": "mcplint", "version": __version__},
        }

    def shutdown(self, params: dict[str, Any]) -> None:
        self.shutting_down = True
        self._stop_timers()

    def _stop_timers(self) -> None:
        with self._lock:
            for doc in self.documents.values():
                if doc.timer is not None:
                    doc.timer.cancel()

    # -- documents -------------------------------------------------------------------------------

    def did_open(self, params: dict[str, Any]) -> None:
        item = params["textDocument"]
        uri, text = item["uri"], item["text"]
        if not isinstance(uri, str) or not isinstance(text, str):
            raise TypeError("textDocument.uri and .text must be strings")
        path = uri_to_path(uri, self.env)
        recognised = path is not None and _recognised(path, self.env)
        doc = Document(uri, path, text, int(item.get("version", 0)), recognised)
        with self._lock:
            old = self.documents.get(uri)
            if old is not None and old.timer is not None:
                old.timer.cancel()
            self.documents[uri] = doc
        self._schedule(doc, 0.0)

    def did_change(self, params: dict[str, Any]) -> None:
        ident = params["textDocument"]
        with self._lock:
            doc = self.documents.get(ident["uri"])
            if doc is None:
                return
            version = ident.get("version")
            doc.change(
                params["contentChanges"],
                version if isinstance(version, int) else doc.version + 1,
                self.encoding,
            )
        self._schedule(doc, self.debounce)

    def did_save(self, params: dict[str, Any]) -> None:
        with self._lock:
            doc = self.documents.get(params["textDocument"]["uri"])
        if doc is not None:  # files beside it may have changed too (machine rules): lint again
            self._schedule(doc, 0.0)

    def did_close(self, params: dict[str, Any]) -> None:
        uri = params["textDocument"]["uri"]
        with self._lock:
            doc = self.documents.pop(uri, None)
            if doc is not None and doc.timer is not None:
                doc.timer.cancel()
        if doc is not None and doc.recognised:
            self.out.notify("textDocument/publishDiagnostics", {"uri": uri, "diagnostics": []})

    # -- linting -------------------------------------------------------------------------------

    def _schedule(self, doc: Document, delay: float) -> None:
        if not doc.recognised:
            return
        with self._lock:
            if doc.timer is not None:
                doc.timer.cancel()  # newer version: the pending lint is stale
            timer = threading.Timer(delay, self._lint, args=(doc, doc.version))
            timer.daemon = True
            doc.timer = timer
        timer.start()

    def _current(self, doc: Document, version: int) -> bool:
        return self.documents.get(doc.uri) is doc and doc.version == version

    def _lint(self, doc: Document, version: int) -> None:
        with self._lock:
            if not self._current(doc, version) or self.shutting_down:
                return
            text, path = doc.text, doc.path
        try:
            diagnostics = self._diagnostics_of(text, path or doc.uri)
        except Exception as exc:  # a bug in a rule: logged, the session goes on
            self._note(f"linting {doc.uri} failed: {exc!r}")
            return
        lines, encoding = LineIndex(text), self.encoding  # built outside the lock: big files
        payload = {
            "uri": doc.uri,
            "version": version,
            "diagnostics": [lsp_diagnostic(d, lines, encoding, doc.uri) for d in diagnostics],
        }
        with self._lock:
            if not self._current(doc, version):
                return  # stale: a newer version is (or will be) linted
            doc.diagnostics, doc.result_version = diagnostics, version
            self.out.notify("textDocument/publishDiagnostics", payload)

    def _diagnostics_of(self, text: str, path: str) -> list[Diagnostic]:
        from mcplint.engine import check_text

        return sorted(check_text(text, path, self.env).diagnostics, key=Diagnostic.sort_key)

    def _document_state(self, uri: str) -> tuple[Document, list[Diagnostic], str] | None:
        """A document, its diagnostics for its current text, and that text (linted here when
        the latest lint is not done yet)."""
        with self._lock:
            doc = self.documents.get(uri)
            if doc is None or not doc.recognised:
                return None
            text, version, path = doc.text, doc.version, doc.path
            diagnostics = doc.diagnostics if doc.result_version == version else None
        if diagnostics is None:
            if len(text) > LINT_INLINE_LIMIT:
                return None  # being linted in the background: asked again once published
            diagnostics = self._diagnostics_of(text, path or uri)
        return doc, diagnostics, text

    # -- code actions --------------------------------------------------------------------------

    def code_action(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        uri = params["textDocument"]["uri"]
        state = self._document_state(uri)
        if state is None:
            return []
        doc, diagnostics, text = state
        lines = LineIndex(text)
        encoding = self.encoding
        rng = params["range"]
        start = lines.offset_of(rng["start"]["line"], rng["start"]["character"], encoding)
        end = lines.offset_of(rng["end"]["line"], rng["end"]["character"], encoding)
        only = (params.get("context") or {}).get("only")
        actions: list[dict[str, Any]] = []
        if _wanted("quickfix", only):
            for d in diagnostics:
                if d.fix is None or not d.fix.edits or d.fix.encoding is not None:
                    continue
                if d.end.offset < start or d.start.offset > end:
                    continue
                edits = [
                    {"range": _range(lines, e.start, e.end, encoding), "newText": e.content}
                    for e in d.fix.edits
                ]
                action: dict[str, Any] = {
                    "title": f"{d.fix.message} ({d.rule})",
                    "kind": "quickfix",
                    "diagnostics": [lsp_diagnostic(d, lines, encoding, uri)],
                    "edit": {"changes": {uri: edits}},
                }
                if d.fix.applicability is Applicability.SAFE:
                    action["isPreferred"] = True
                actions.append(action)
        if _wanted(FIX_ALL_KIND, only) and any(d.fix and d.fix.is_safe for d in diagnostics):
            fixed = self._fix_all(text, doc.path or uri)
            if fixed != text:
                actions.append(
                    {
                        "title": "Fix all safe problems (mcplint)",
                        "kind": FIX_ALL_KIND,
                        "edit": {"changes": {uri: [_minimal_edit(text, fixed, lines, encoding)]}},
                    }
                )
        return actions

    def _fix_all(self, text: str, path: str) -> str:
        from mcplint import fix_text

        return fix_text(text, path, env=self.env).text

    # -- hover -----------------------------------------------------------------------------------

    def hover(self, params: dict[str, Any]) -> dict[str, Any] | None:
        uri = params["textDocument"]["uri"]
        with self._lock:
            doc = self.documents.get(uri)
            if doc is None or not doc.recognised:
                return None
            text, path = doc.text, doc.path or uri
        lines = LineIndex(text)
        pos = params["position"]
        offset = lines.offset_of(pos["line"], pos["character"], self.encoding)
        from mcplint.lsp.hover import hover_entry

        found = hover_entry(text, path, offset, self.env)
        if found is None:
            return None
        markdown, start, end = found
        return {
            "contents": {"kind": "markdown", "value": markdown},
            "range": _range(lines, start, end, self.encoding),
        }


def _recognised(path: str, env: Environment) -> bool:
    from mcplint.clients.detect import kind_from_path

    try:
        return kind_from_path(path, env) is not None
    except (ValueError, OSError):
        return False


def _wanted(kind: str, only: Any) -> bool:
    if not isinstance(only, list) or not only:
        return True
    return any(isinstance(o, str) and (kind == o or kind.startswith(o + ".")) for o in only)


def _id_key(id_: Any) -> tuple[str, Any]:
    return (type(id_).__name__, id_)


def _minimal_edit(old: str, new: str, lines: LineIndex, encoding: str) -> dict[str, Any]:
    """One edit replacing only what differs between `old` and `new` (the common head and tail
    kept), so the editor's cursor and folds stay where they are."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return {
        "range": _range(lines, head, len(old) - tail, encoding),
        "newText": new[head : len(new) - tail],
    }


def run(stdin: BinaryIO, stdout: BinaryIO, env: Environment, log: TextIO) -> int:
    """`mcplint server`: serve one client on these streams until it exits."""
    started = time.monotonic()
    server = Server(stdin, stdout, env, log=log)
    code = server.serve()
    log.write(f"mcplint server: exit after {time.monotonic() - started:.1f}s\n")
    return code
