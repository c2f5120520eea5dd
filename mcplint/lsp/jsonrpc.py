"""JSON-RPC 2.0 over a byte stream with LSP's `Content-Length` framing (standard library only).

`read_message` returns one message body (parsed JSON), a `Malformed` for a frame whose body is
not JSON (the caller answers ParseError), or None at the end of the stream. A frame without a
usable `Content-Length` header is skipped with a note: the reader never raises on bad input.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any, BinaryIO

# Error codes (JSON-RPC 2.0 and LSP).
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SERVER_NOT_INITIALIZED = -32002
REQUEST_CANCELLED = -32800

MAX_HEADER_LINE = 8192
MAX_BODY = 256 * 1024 * 1024  # a frame announcing more is refused (and skipped)


@dataclass(frozen=True)
class Malformed:
    """A frame that was read but is no JSON-RPC message: why, for the log and the error reply."""

    why: str


def read_message(stream: BinaryIO) -> Any | Malformed | None:
    """The next message of `stream`: its parsed body, `Malformed`, or None at end of stream."""
    length: int | None = None
    bad_header = ""
    saw_header = False
    while True:
        line = stream.readline(MAX_HEADER_LINE)
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            if not saw_header:
                continue  # stray blank lines between frames
            break
        saw_header = True
        name, sep, value = line.decode("ascii", "replace").partition(":")
        if not sep:
            bad_header = f"header line without ':': {line[:60]!r}"
            continue
        if name.strip().lower() == "content-length":
            try:
                length = int(value.strip())
            except ValueError:
                bad_header = f"bad Content-Length: {value.strip()[:40]!r}"
    if length is None or length < 0 or length > MAX_BODY:
        return Malformed(bad_header or "frame without a valid Content-Length header")
    body = _read_exactly(stream, length)
    if body is None:
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return Malformed(f"body is not JSON: {exc}")


def _read_exactly(stream: BinaryIO, length: int) -> bytes | None:
    """`length` bytes (a raw, unbuffered stream may return fewer per read); None at the end."""
    chunks: list[bytes] = []
    left = length
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Writer:
    """Writes framed messages; safe to call from several threads."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        # ASCII with \u escapes: valid UTF-8 whatever the text holds (lone surrogates too).
        body = json.dumps(message, separators=(",", ":")).encode("ascii")
        frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self._lock:
            try:
                self._stream.write(frame)
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass  # the client went away: nothing to tell it

    def response(self, id_: Any, result: Any) -> None:
        self.send({"jsonrpc": "2.0", "id": id_, "result": result})

    def error(self, id_: Any, code: int, message: str) -> None:
        self.send({"jsonrpc": "2.0", "id": id_, "error": {"code": code, "message": message}})

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})
