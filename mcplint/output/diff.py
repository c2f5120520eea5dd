"""The fixes as a unified diff (`--diff`), and as edits against the original text (the JSON
format's `files[].edits`). Credentials on the lines shown are masked (keeping each line's
length) and control characters escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mcplint.engine import FileResult
from mcplint.output.options import RenderOptions
from mcplint.output.sanitize import escape_controls, printable
from mcplint.secrets import redact
from mcplint.source import decode
from mcplint.text import LineIndex

_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")  # as diff and patch see lines: CRLF keeps its CR
CONTEXT = 3
_AROUND = 3  # lines redacted with a shown line, so a flag and its value on the next line pair up


@dataclass(frozen=True)
class FileDiff:
    path: str
    old: list[str]  # the lines, each with its line break
    new: list[str]
    opcodes: Sequence[tuple[str, int, int, int, int]]


def file_diff(result: FileResult) -> FileDiff | None:
    """What the fixes change in one file, or None when they change nothing."""
    if result.output is None or result.original is None:
        return None
    import difflib  # only a run with fixes to show needs it

    old = _LINE.findall(decode(result.original).text)
    new = _LINE.findall(decode(result.output).text)
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return FileDiff(result.path, old, new, opcodes)


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    """Every file's unified diff (`--- a/PATH`, `+++ b/PATH`, hunks), as `diff -u` prints it."""
    return "".join(unified(d) for r in results if (d := file_diff(r)) is not None)


def unified(diff: FileDiff) -> str:
    import difflib

    groups = list(
        difflib.SequenceMatcher(None, diff.old, diff.new, autojunk=False).get_grouped_opcodes(
            CONTEXT
        )
    )
    if not groups:
        return ""
    path = printable(escape_controls(diff.path))
    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    old, new = _Redacted(diff.old), _Redacted(diff.new)
    for group in groups:
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_shown(" ", old.line(i)) for i in range(i1, i2))
                continue
            if tag in ("replace", "delete"):
                out.extend(_shown("-", old.line(i)) for i in range(i1, i2))
            if tag in ("replace", "insert"):
                out.extend(_shown("+", new.line(j)) for j in range(j1, j2))
    return "".join(out)


def edits(diff: FileDiff) -> list[dict[str, Any]]:
    """The changes as edits of the original text: start and end (line, column, offset) and the
    new content (credentials in it masked, keeping their length)."""
    text = "".join(diff.old)
    index = LineIndex(text)
    new = _Redacted(diff.new)
    starts = [0]
    for line in diff.old:
        starts.append(starts[-1] + len(line))
    return [
        {
            "start": index.position(starts[i1]).to_json(),
            "end": index.position(starts[i2]).to_json(),
            "content": "".join(new.line(j) for j in range(j1, j2)),
        }
        for tag, i1, i2, j1, j2 in diff.opcodes
        if tag != "equal"
    ]


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (difflib's rules)."""
    beginning, length = start + 1, stop - start
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def _shown(sign: str, line: str) -> str:
    line = printable(escape_controls(line))
    if not line.endswith("\n"):
        line += "\n\\ No newline at end of file\n"
    return sign + line


class _Redacted:
    """Lines with credentials masked, each redacted together with the lines around it."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.cache: dict[int, str] = {}

    def line(self, i: int) -> str:
        if i not in self.cache:
            lo, hi = max(0, i - _AROUND), min(len(self.lines), i + _AROUND + 1)
            block = redact("".join(self.lines[lo:hi]), keep_length=True)
            at = sum(len(self.lines[k]) for k in range(lo, i))
            self.cache[i] = block[at : at + len(self.lines[i])]
        return self.cache[i]
