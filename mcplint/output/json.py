"""JSON output: an array of diagnostics. Lines and columns are 1-based, columns in characters;
offsets are 0-based code-point indexes into the decoded text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mcplint.diagnostics import Diagnostic
from mcplint.engine import FileResult
from mcplint.source import UNDECODABLE


def to_dict(result: FileResult, d: Diagnostic) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        lines = result.lines
        fix = {
            "applicability": d.fix.applicability.value,
            "message": d.fix.message,
            "edits": [
                {
                    "start": lines.position(e.start).to_json(),
                    "end": lines.position(e.end).to_json(),
                    "content": e.content,
                }
                for e in d.fix.edits
            ],
        }
    return {
        "rule": d.rule,
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "path": d.path,
        "start": d.start.to_json(),
        "end": d.end.to_json(),
        "fix": fix,
    }


# Undecodable bytes (lone surrogates) are written as `\udcXX` escapes, which `json.loads` turns
# back into the same strings.


def render(results: Sequence[FileResult]) -> str:
    items = [to_dict(r, d) for r in results for d in r.diagnostics]
    text = json.dumps(items, indent=2, ensure_ascii=False)
    return UNDECODABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
