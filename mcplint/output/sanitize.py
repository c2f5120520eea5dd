"""Text from a file made safe to print: no credential whole (see `mcplint.secrets`), no control
character raw (a cloned repo's config must not drive the terminal with ESC or OSC sequences, nor
reorder what is shown with bidi controls), no undecodable byte that a UTF-8 stream rejects."""

from __future__ import annotations

import re

from mcplint.secrets import redact
from mcplint.source import UNDECODABLE

# C0 except tab and newline, a CR not ending a line, DEL, C1, and the bidi embedding, override
# and isolate controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` with control characters written as escapes (`\\x1b`, `\\u202e`)."""
    return _CONTROL.sub(_escape, text)


def printable(text: str) -> str:
    """`text` with undecodable bytes shown as U+FFFD (one column, as the byte had), so that it
    can be written to any UTF-8 stream."""
    return UNDECODABLE.sub("\ufffd", text)


def safe(text: str) -> str:
    """A message, note or path as it may be printed: credentials masked, controls escaped."""
    return printable(escape_controls(redact(text)))


def json_safe(document: str) -> str:
    """A JSON document (from `json.dumps(..., ensure_ascii=False)`, which escapes C0 only) with
    C1, DEL and bidi controls and undecodable bytes escaped too (`\\u009b`; `json.loads` reads
    them back as the same characters)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
