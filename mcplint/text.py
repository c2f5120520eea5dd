"""Positions in text and text edits.

Offsets everywhere in mcplint are indexes into the decoded `str` (code points). Lines and columns
are derived for people (1-based, columns counted in characters, a UTF-8 BOM not counted, as
editors show it) and for the LSP (0-based, UTF-16 code units by default).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

_NEWLINE = re.compile(r"\r\n?|\n")


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a text: 1-based line and column (in characters), 0-based offset."""

    line: int
    column: int
    offset: int

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace text[start:end] with `content` (an insertion when start == end)."""

    start: int
    end: int
    content: str


class OverlappingEditsError(ValueError):
    pass


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """Apply non-overlapping edits whose offsets refer to the original `text`."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    last = 0
    for edit in ordered:
        if edit.start < last or edit.end < edit.start or edit.end > len(text):
            raise OverlappingEditsError(f"overlapping or out-of-range edit at {edit.start}")
        out.append(text[last : edit.start])
        out.append(edit.content)
        last = edit.end
    out.append(text[last:])
    return "".join(out)


class LineIndex:
    """Offset <-> line/column conversions for one text, built once (bisect over line starts).

    Lines end at LF, CRLF or CR, as in editors and the LSP. U+2028/U+2029 do not end a line:
    the LSP counts only those three, and the clients' JSONC readers end a `//` comment only at
    CR or LF (the parser agrees).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        self._bom = text.startswith("\ufeff")

    def line_of(self, offset: int) -> int:
        """0-based line number of `offset`."""
        return bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line0 = self.line_of(offset)
        column0 = offset - self.line_starts[line0]
        if line0 == 0 and self._bom and offset > 0:
            column0 -= 1  # editors do not show the BOM: it has no column of its own
        return Position(line0 + 1, column0 + 1, offset)

    def line_text(self, line0: int) -> str:
        """The text of the 0-based line, without its line ending."""
        start = self.line_starts[line0]
        end = self.line_starts[line0 + 1] if line0 + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # -- LSP ---------------------------------------------------------------------------------
    def lsp_position(self, offset: int, encoding: str = "utf-16") -> dict[str, int]:
        """0-based {line, character} with `character` in the negotiated encoding's units."""
        offset = max(0, min(offset, len(self.text)))
        line0 = self.line_of(offset)
        prefix = self.text[self.line_starts[line0] : offset]
        return {"line": line0, "character": _units(prefix, encoding)}

    def offset_of(self, line0: int, character: int, encoding: str = "utf-16") -> int:
        """The offset of an LSP position; positions past a line's end clamp to its end."""
        if line0 < 0:
            return 0
        if line0 >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line0]
        line = self.line_text(line0)
        if encoding == "utf-32":
            return start + min(character, len(line))
        units = 0
        for i, ch in enumerate(line):
            if units >= character:
                return start + i
            units += _units(ch, encoding)
        return start + len(line)


def _units(s: str, encoding: str) -> int:
    if encoding == "utf-32":
        return len(s)
    if encoding == "utf-8":
        return len(s.encode("utf-8", "surrogatepass"))
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)
