"""Human output: `path:line:col: CODE [rule-name] message`, the source line with a `^~~~` marker
under the range, related places, and the fix hint when one exists (actionlint's and ruff's style).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from mcplint.diagnostics import Diagnostic, Severity
from mcplint.engine import INTERNAL_ERROR, IO_ERROR, FileResult
from mcplint.output import diff as diff_output
from mcplint.output.options import Mode, RenderOptions
from mcplint.output.sanitize import escape_controls, printable, safe
from mcplint.secrets import redact

MAX_SNIPPET = 100  # characters of a long line shown around the marker

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text


NO_CONFIG = "No MCP client configuration found on this machine."
NO_FIXES = "No fixes to apply."


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    """What goes to standard output: the diagnostics and a summary, or with `--diff` the diff
    (the rest of `--diff`'s output, and notes, go to standard error: see `stderr`)."""
    if not results and options.discovered:
        return "" if options.quiet else NO_CONFIG + "\n"
    if not results and options.messages:  # a folder without config files: said on stderr
        return ""
    if options.mode is Mode.DIFF:
        shown = diff_output.render(results, options)
        if not shown and not _failed(results) and not options.quiet and not options.messages:
            return NO_FIXES + "\n"
        return shown
    style = _Style(options.color)
    blocks = [render_one(result, d, style) for result in results for d in result.diagnostics]
    if not options.quiet:
        blocks.append(summary(results, fixing=options.mode is Mode.FIX) + "\n")
    return "\n".join(blocks)  # a blank line between blocks, none at the end


def stderr(results: Sequence[FileResult], options: RenderOptions) -> str:
    """What the text format writes to standard error: the fix loop's notes and, with `--diff`
    (whose standard output is the diff alone), the files that could not be read or checked."""
    lines = [f"mcplint: {safe(r.path)}: {safe(note)}\n" for r in results for note in r.notes]
    if options.mode is Mode.DIFF:
        lines.extend(f"mcplint: {safe(d.path)}: {safe(d.message)}\n" for d in _failed(results))
    lines.extend(f"mcplint: {safe(m)}\n" for m in options.messages)
    return "".join(lines)


def _failed(results: Sequence[FileResult]) -> list[Diagnostic]:
    return [d for r in results for d in r.diagnostics if d.rule in (IO_ERROR, INTERNAL_ERROR)]


def render_one(result: FileResult, d: Diagnostic, style: _Style) -> str:
    head = (
        f"{style(f'{safe(d.path)}:{d.start.line}:{d.start.column}:', '1')} "
        f"{style(d.code, _COLORS[d.severity])} {style(f'[{d.rule}]', _COLORS[d.severity])} "
        f"{safe(d.message)}"
    )
    lines = [head]
    if result.text and d.start.offset <= len(result.text):
        lines.extend(snippet(result, d.start.offset, d.end.offset, style, _COLORS[d.severity]))
    for rel in d.related:
        where = f"{safe(rel.path)}:" if rel.path and rel.path != d.path else ""
        lines.append(
            f"   = note: {safe(rel.message)} at {where}{rel.start.line}:{rel.start.column}"
        )
    if d.fix is not None:
        label = "fix" if d.fix.is_safe else "unsafe fix (--unsafe-fixes)"
        lines.append(f"   = {style(label, '32')}: {safe(d.fix.message)}")
    return "\n".join(lines) + "\n"


def snippet(result: FileResult, start: int, end: int, style: _Style, color: str) -> list[str]:
    index = result.lines
    line0 = index.line_of(start)
    text = _redacted_line(result, line0, start)
    line_start = index.line_starts[line0]
    line_end = line_start + len(text)
    col = start - line_start
    if line0 == 0 and text.startswith("\ufeff"):
        text, col = text[1:], max(0, col - 1)
    width = max(1, min(end, line_end) - start) if end > start else 1
    # a window around the marker for long (minified) lines
    left = 0
    if len(text) > MAX_SNIPPET:
        left = max(0, min(col - MAX_SNIPPET // 3, len(text) - MAX_SNIPPET))
    shown = text[left : left + MAX_SNIPPET]
    prefix = "…" if left else ""
    suffix = "…" if left + MAX_SNIPPET < len(text) else ""
    rel = col - left
    before = _visible(shown[:rel])
    marked = _visible(shown[rel : rel + width])
    after = _visible(shown[rel + width :])
    pad = _display_width(before) + len(prefix)
    span = max(1, _display_width(marked))
    number = str(line0 + 1)
    gutter = " " * len(number)
    marker = "^" + "~" * (span - 1)
    return [
        f" {gutter} |",
        f" {number} | {prefix}{before}{marked}{after}{suffix}",
        f" {gutter} | {' ' * pad}{style(marker, color)}",
    ]


_AROUND = 3  # lines redacted with the line shown, so a flag and its value on the next line pair
_WINDOW = 2000  # characters redacted either side of the marker on a long (minified) line


def _redacted_line(result: FileResult, line0: int, offset: int) -> str:
    """The line's text with credentials masked by as many characters (columns stay right); the
    lines around it are redacted with it, as `"--api-key",` and its value may be on two lines.
    On a long line only a window around `offset` (more than the snippet shows) is redacted, and
    the rest is blanked."""
    index = result.lines
    line_start = index.line_starts[line0]
    line_end = line_start + len(index.line_text(line0))
    lo = max(0, line0 - _AROUND)
    hi = min(len(index.line_starts), line0 + _AROUND + 1)
    start = index.line_starts[lo]
    end = index.line_starts[hi] if hi < len(index.line_starts) else len(result.text)
    if end - start <= 4 * _WINDOW:
        block = redact(result.text[start:end], keep_length=True)
        return block[line_start - start : line_end - start]
    w0, w1 = max(line_start, offset - _WINDOW), min(line_end, offset + _WINDOW)
    window = redact(result.text[w0:w1], keep_length=True)
    return " " * (w0 - line_start) + window + " " * (line_end - w1)


def _visible(text: str) -> str:
    """A piece of a source line as shown: tabs as one space, controls escaped, undecodable
    bytes as U+FFFD (each keeps the columns its escape takes)."""
    return printable(escape_controls(text.replace("\t", " ")))


def _display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def summary(results: Sequence[FileResult], *, fixing: bool) -> str:
    diags = [d for r in results for d in r.diagnostics]
    fixed = sum(len(r.fixed) for r in results)
    counts = {s: sum(1 for d in diags if d.severity is s) for s in Severity}
    parts: list[str] = []
    if fixed:
        parts.append(f"Fixed {_plural(fixed, 'problem')}.")
    if not diags:
        checked = _plural(len(results), "file")
        parts.append(f"No problems found in {checked}." if not fixed else "No problems remain.")
        return " ".join(parts)
    detail = ", ".join(
        _plural(n, s.value if s is not Severity.INFO else "info") for s, n in counts.items() if n
    )
    parts.append(f"Found {_plural(len(diags), 'problem')} ({detail}).")
    safe = sum(1 for d in diags if d.fix is not None and d.fix.is_safe)
    unsafe = sum(1 for d in diags if d.fix is not None and not d.fix.is_safe)
    if safe and not fixing:
        parts.append(f"{safe} fixable with --fix.")
    if unsafe:
        parts.append(f"{unsafe} more fixable with --fix --unsafe-fixes.")
    return " ".join(parts)


def _plural(n: int, word: str) -> str:
    if word in ("info",):
        return f"{n} {word}"
    return f"{n} {word}{'' if n == 1 else 's'}"
