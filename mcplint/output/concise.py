"""Concise output: one line per diagnostic, `path:line:col: CODE [rule-name] message`, and the
summary line (not with `--quiet`)."""

from __future__ import annotations

from collections.abc import Sequence

from mcplint.engine import FileResult
from mcplint.output.options import Mode, RenderOptions
from mcplint.output.sanitize import safe


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    from mcplint.output.text import NO_CONFIG, summary

    if not results and options.discovered:
        return "" if options.quiet else NO_CONFIG + "\n"
    lines = [
        f"{safe(d.path)}:{d.start.line}:{d.start.column}: {d.code} [{d.rule}] "
        + safe(d.message).replace("\n", " ")
        for r in results
        for d in r.diagnostics
    ]
    if not options.quiet and results:
        lines.append(summary(results, fixing=options.mode is not Mode.CHECK))
    return "".join(line + "\n" for line in lines)
