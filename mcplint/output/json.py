"""JSON output: one document per run, whatever the flags.

    {
      "version": 1,
      "mode": "check" | "fix" | "diff",
      "diagnostics": [DIAGNOSTIC, ...],   what remains (with --fix/--diff: after the fixes)
      "fixed": [FIXED, ...],              fixes applied (--fix) or that would be (--diff)
      "files": [FILE, ...],               every file checked
      "notes": [{"path": PATH or null, "message": TEXT}, ...],
      "summary": {"files", "problems", "error", "warning", "info", "fixed", "fixable",
                  "unsafe_fixable", "message"}
    }

DIAGNOSTIC: rule, code, severity, message, path, start, end, json_path (keys and indexes),
related [{message, path, start, end}], fix (null or {applicability, message, edits [{start, end,
content}]}): `Diagnostic.to_dict()`. FIXED: rule, code, severity, message, path,
start, end (in the text as it was when the fix was chosen), fix {applicability, message}.
FILE: path, client (a file-kind id or null), dialect, encoding, changed (the fixes change it);
with --diff also edits [{start, end, content}] against the original text and diff (unified diff
text); with --fix on standard input, fixed_text: the file's text after the fixes, verbatim (it is
the output, as text mode prints it on standard output).

Positions are {line, column, offset}: lines and columns 1-based, columns in characters; offsets
0-based code-point indexes into the decoded text. Credentials in messages, fix messages, edit
contents, notes and diffs are masked (see `mcplint.secrets`); `fixed_text` is not.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mcplint.diagnostics import Diagnostic, Severity
from mcplint.engine import FileResult
from mcplint.output import diff as diff_output
from mcplint.output.options import Mode, RenderOptions
from mcplint.output.sanitize import json_safe
from mcplint.secrets import redact
from mcplint.source import decode

VERSION = 1


def to_dict(result: FileResult, d: Diagnostic) -> dict[str, Any]:
    return d.to_dict(result.lines)


def fixed_to_dict(d: Diagnostic) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        fix = {"applicability": d.fix.applicability.value, "message": redact(d.fix.message)}
    return {
        "rule": d.rule,
        "code": d.code,
        "severity": d.severity.value,
        "message": redact(d.message),
        "path": d.path,
        "start": d.start.to_json(),
        "end": d.end.to_json(),
        "fix": fix,
    }


def file_to_dict(result: FileResult, options: RenderOptions) -> dict[str, Any]:
    item: dict[str, Any] = {
        "path": result.path,
        "client": result.kind_id,
        "dialect": result.dialect,
        "encoding": result.encoding,
        "changed": result.output is not None,
    }
    if options.mode is Mode.DIFF:
        diff = diff_output.file_diff(result)
        item["edits"] = diff_output.edits(diff) if diff is not None else []
        item["diff"] = diff_output.unified(diff) if diff is not None else ""
    if options.stdin and options.mode is Mode.FIX:
        data = result.output if result.output is not None else result.original
        item["fixed_text"] = decode(data).text if data is not None else result.text
    return item


def document(results: Sequence[FileResult], options: RenderOptions) -> dict[str, Any]:
    from mcplint.output.text import NO_CONFIG, NO_FIXES, summary

    diagnostics = [d for r in results for d in r.diagnostics]
    counts = {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    if not results and options.discovered:
        message = NO_CONFIG
    elif options.mode is Mode.DIFF and not any(r.output is not None for r in results):
        message = NO_FIXES
    else:
        message = summary(results, fixing=options.mode is not Mode.CHECK)
    return {
        "version": VERSION,
        "mode": options.mode.value,
        "diagnostics": [to_dict(r, d) for r in results for d in r.diagnostics],
        "fixed": [fixed_to_dict(d) for r in results for d in r.fixed],
        "files": [file_to_dict(r, options) for r in results],
        "notes": [{"path": r.path, "message": redact(n)} for r in results for n in r.notes]
        + [{"path": None, "message": redact(m)} for m in options.messages],
        "summary": {
            "files": len(results),
            "problems": len(diagnostics),
            **counts,
            "fixed": sum(len(r.fixed) for r in results),
            "fixable": sum(1 for d in diagnostics if d.fix is not None and d.fix.is_safe),
            "unsafe_fixable": sum(
                1 for d in diagnostics if d.fix is not None and not d.fix.is_safe
            ),
            "message": message,
        },
    }


# Undecodable bytes (lone surrogates) are written as `\udcXX` escapes, which `json.loads` turns
# back into the same strings; C1 and bidi controls are escaped too, never written raw.


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    text = json.dumps(document(results, options), indent=2, ensure_ascii=False)
    return json_safe(text) + "\n"
