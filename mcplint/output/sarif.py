"""SARIF 2.1.0 output (for GitHub code scanning and other SARIF viewers).

One run: `tool.driver` (name, version, informationUri, and `rules`: every rule, id = its code,
with name, short and full description, `helpUri` = `Rule.url`, default level), and one result
per diagnostic: `ruleId`, `ruleIndex`, level, message, a `physicalLocation` with a 1-based
region (startLine, startColumn, endLine, endColumn exclusive, and the snippet), the related
places, `fixes` where a fix exists, and `partialFingerprints` (`mcplintFingerprint/v1`: the rule,
the file, the JSON path and the flagged text, not the line) so that code scanning tracks a
finding across commits. Columns count Unicode code points (`columnKind: unicodeCodePoints`).

Credentials are masked in messages and snippets; a fix whose text would hold a credential is
left out (a SARIF consumer applying masked text would lose it). Control characters are
escaped."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from mcplint import __version__
from mcplint.diagnostics import Diagnostic, Fix, Severity
from mcplint.engine import INTERNAL_ERROR, FileResult
from mcplint.output.options import RenderOptions
from mcplint.output.sanitize import json_safe
from mcplint.secrets import redact
from mcplint.text import LineIndex

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mcplint/mcplint"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MAX_SNIPPET = 2000  # characters of a region's text quoted (a whole-file region is not copied)
_AROUND = 3  # lines redacted with a snippet, so that a key and its value on the next line pair


def artifact_uri(path: str) -> str:
    """A relative path stays relative (to the repository: what code scanning expects)."""
    if path.startswith("/"):
        return "file://" + quote(path)
    if len(path) > 2 and path[1] == ":" and path[2] in "\\/":  # C:\ on Windows
        return "file:///" + quote(path.replace("\\", "/"))
    return quote(path.replace("\\", "/"))


def rule_descriptors() -> list[dict[str, Any]]:
    from mcplint.rules import ALL_RULES

    return [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc.strip()},
            "helpUri": r.url,
            "help": {"text": f"{r.summary} See {r.url}", "markdown": r.doc.strip()},
            "defaultConfiguration": {
                "level": LEVELS[r.severity],
                "enabled": r.enabled_by_default,
            },
            "properties": {"tags": list(r.tags), "fix": r.fix},
        }
        for r in ALL_RULES
    ]


def _snippet(lines: LineIndex, start: int, end: int) -> str:
    """The text of [start, end) with credentials masked (the lines around it redacted with it)."""
    if end - start > MAX_SNIPPET:
        end = start + MAX_SNIPPET
    line0, line1 = lines.line_of(start), lines.line_of(end)
    lo = lines.line_starts[max(0, line0 - _AROUND)]
    hi_line = line1 + _AROUND + 1
    hi = lines.line_starts[hi_line] if hi_line < len(lines.line_starts) else len(lines.text)
    if hi - lo > 4 * MAX_SNIPPET:
        lo, hi = max(lo, start - MAX_SNIPPET), min(hi, end + MAX_SNIPPET)
    block = redact(lines.text[lo:hi], keep_length=True)
    return block[start - lo : end - lo]


def _context(lines: LineIndex, start: int, end: int) -> dict[str, Any] | None:
    """The whole lines of [start, end) (at most six) as a `contextRegion`, when short enough."""
    line0 = lines.line_of(start)
    line1 = min(lines.line_of(end), line0 + 5)
    lo = lines.line_starts[line0]
    hi = lines.line_starts[line1] + len(lines.line_text(line1))
    if hi - lo > MAX_SNIPPET:
        return None
    return {
        "startLine": line0 + 1,
        "endLine": line1 + 1,
        "snippet": {"text": _snippet(lines, lo, hi)},
    }


def _region(lines: LineIndex | None, d_start: Any, d_end: Any) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": d_start.line,
        "startColumn": d_start.column,
        "endLine": d_end.line,
        "endColumn": d_end.column,
    }
    if lines is not None and lines.text and d_end.offset - d_start.offset <= MAX_SNIPPET:
        region["snippet"] = {"text": _snippet(lines, d_start.offset, d_end.offset)}
    return region


def _fix(result: FileResult, d: Diagnostic, fix: Fix) -> dict[str, Any] | None:
    if fix.encoding is not None or any(redact(e.content) != e.content for e in fix.edits):
        return None
    lines = result.lines
    replacements = []
    for e in fix.edits:
        start, end = lines.position(e.start), lines.position(e.end)
        replacements.append(
            {
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": {"text": e.content},
            }
        )
    return {
        "description": {"text": redact(fix.message)},
        "artifactChanges": [
            {"artifactLocation": {"uri": artifact_uri(d.path)}, "replacements": replacements}
        ],
    }


def fingerprint(result: FileResult, d: Diagnostic, seen: dict[str, int]) -> str:
    """Stable across commits that move the finding: no line or column in it. The n-th equal
    finding in a file gets its own (`seen` counts them)."""
    flagged = ""
    if result.text and d.end.offset - d.start.offset <= MAX_SNIPPET:
        flagged = _snippet(result.lines, d.start.offset, d.end.offset)
    key = json.dumps([d.code, d.path, [str(p) for p in d.json_path], flagged], sort_keys=True)
    digest = hashlib.sha256(redact(key).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def result_item(
    result: FileResult, d: Diagnostic, index: dict[str, int], seen: dict[str, int]
) -> dict[str, Any]:
    lines = result.lines if result.text else None
    item: dict[str, Any] = {
        "ruleId": d.code,
        "level": LEVELS[d.severity],
        "message": {"text": redact(d.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(d.path)},
                    "region": _region(lines, d.start, d.end),
                }
            }
        ],
        "partialFingerprints": {"mcplintFingerprint/v1": fingerprint(result, d, seen)},
        "properties": {"name": d.rule},
    }
    if d.code in index:
        item["ruleIndex"] = index[d.code]
    context = _context(lines, d.start.offset, d.end.offset) if lines is not None else None
    if context is not None:
        item["locations"][0]["physicalLocation"]["contextRegion"] = context
    related = []
    for i, rel in enumerate(d.related):
        path = rel.path if rel.path is not None else d.path
        related.append(
            {
                "id": i,
                "message": {"text": redact(rel.message)},
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(path)},
                    "region": _region(lines if path == d.path else None, rel.start, rel.end),
                },
            }
        )
    if related:
        item["relatedLocations"] = related
    if d.fix is not None:
        fix = _fix(result, d, d.fix)
        if fix is not None:
            item["fixes"] = [fix]
    return item


def document(results: Sequence[FileResult], options: RenderOptions) -> dict[str, Any]:
    rules = rule_descriptors()
    index = {r["id"]: i for i, r in enumerate(rules)}
    out: list[dict[str, Any]] = []
    for r in results:
        seen: dict[str, int] = {}
        out.extend(result_item(r, d, index, seen) for d in r.diagnostics)
    failed = any(d.rule == INTERNAL_ERROR for r in results for d in r.diagnostics)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mcplint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [{"executionSuccessful": not failed}],
                "columnKind": "unicodeCodePoints",
                "results": out,
            }
        ],
    }


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    text = json.dumps(document(results, options), indent=2, ensure_ascii=False)
    return json_safe(text) + "\n"
