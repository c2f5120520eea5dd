"""The plain data every rule produces and every output format consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from mcplint.secrets import redact
from mcplint.text import LineIndex, Position, TextEdit

# LSP `DiagnosticTag`s: 1 Unnecessary (shown faded), 2 Deprecated (shown struck through).
LSP_UNNECESSARY = 1
LSP_DEPRECATED = 2
_LSP_TAGS = {
    "deprecated-transport": LSP_DEPRECATED,
    "deprecated-package": LSP_DEPRECATED,
    "duplicate-key": LSP_UNNECESSARY,  # the earlier value is ignored by the client
    "shadowed-server": LSP_UNNECESSARY,  # the entry is never used
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Lower is more severe (the LSP's numbering: 1 error, 2 warning, 3 information)."""
        return {"error": 1, "warning": 2, "info": 3}[self.value]


class Applicability(StrEnum):
    """How sure a fix is. SAFE keeps meaning and is applied by `--fix`; UNSAFE may change
    behaviour or drop user text and needs `--unsafe-fixes`; DISPLAY_ONLY is shown (and offered
    to editors) but never applied by mcplint."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[TextEdit, ...]
    # Set when the fix changes the file's encoding rather than (or besides) its text, e.g. a
    # UTF-16 file re-encoded as UTF-8.
    encoding: str | None = None

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True)
class Related:
    """Another place that explains a diagnostic ("first defined here")."""

    message: str
    start: Position
    end: Position
    path: str | None = None


@dataclass(frozen=True)
class Diagnostic:
    rule: str  # the stable kebab-case name, e.g. "trailing-comma"
    code: str  # e.g. "MCP003"
    severity: Severity
    message: str
    path: str
    start: Position
    end: Position
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    # Where in the document the finding is, as a JSON path (("mcpServers", "fs", "command")).
    json_path: tuple[str | int, ...] = field(default=())

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start.offset, self.end.offset, self.code)

    @property
    def url(self) -> str:
        """Where the rule's documentation is published (`docs/rules/NAME.md`)."""
        from mcplint.rules.base import DOCS_URL

        return DOCS_URL.format(name=self.rule)

    def to_dict(self, lines: LineIndex | str | None = None) -> dict[str, Any]:
        """The diagnostic as plain JSON data (the `json` and `json-lines` formats' item).

        Keys: rule, code, severity, message, path, start, end ({line, column, offset}: 1-based
        line and column in characters, 0-based offset), json_path, related [{message, path,
        start, end}], fix (null or {applicability, message, edits [{start, end, content}]})
        (the rule's documentation is at `url`). The fix's edits carry offsets; with `lines`
        (the `LineIndex` of the checked text) their line and column too. Credentials in every
        string taken from the file are masked (`mcplint.secrets.redact`), so the result may be
        printed or logged as it is. `lines` may be the text itself.
        """
        lines = LineIndex(lines) if isinstance(lines, str) else lines
        fix = None
        if self.fix is not None:
            fix = {
                "applicability": self.fix.applicability.value,
                "message": redact(self.fix.message),
                "edits": [
                    {
                        "start": _edit_position(lines, e.start),
                        "end": _edit_position(lines, e.end),
                        "content": redact(e.content),
                    }
                    for e in self.fix.edits
                ],
            }
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "message": redact(self.message),
            "path": self.path,
            "start": self.start.to_json(),
            "end": self.end.to_json(),
            "json_path": [redact(p) if isinstance(p, str) else p for p in self.json_path],
            "related": [
                {
                    "message": redact(rel.message),
                    "path": rel.path if rel.path is not None else self.path,
                    "start": rel.start.to_json(),
                    "end": rel.end.to_json(),
                }
                for rel in self.related
            ],
            "fix": fix,
        }

    def to_lsp(
        self,
        lines: LineIndex | str | None = None,
        *,
        uri: str | None = None,
        encoding: str = "utf-16",
    ) -> dict[str, Any]:
        """The diagnostic as an LSP `Diagnostic` object.

        `lines` is the checked text (or its `LineIndex`): with it, `character`s are counted in
        `encoding`'s code units (the LSP's default UTF-16; "utf-8" and "utf-32" when negotiated);
        without it, in characters (right for text without characters beyond U+FFFF). `uri` is
        the document's URI (default: the `file:` URI of `path`). Severity is 1 error, 2 warning,
        3 information; `code` is the rule's code, `codeDescription.href` its documentation;
        `tags` mark deprecated or unnecessary findings. `data` holds the rule's name and its
        fix as a client can turn it into a code action: {rule, fix: null or {title,
        applicability, isPreferred, edits [{range, newText}]}} (edits only with `lines`: their
        ranges need the text). Credentials are masked: a fix
        whose text holds one has `"redacted": true` and no edits (applying masked text would
        lose the credential; ask mcplint itself to apply it).
        """
        lines = LineIndex(lines) if isinstance(lines, str) else lines
        doc_uri = uri if uri is not None else path_to_uri(self.path)

        def lsp_range(start: Position, end: Position, local: bool = True) -> dict[str, Any]:
            if lines is not None and local:
                return {
                    "start": lines.lsp_position(start.offset, encoding),
                    "end": lines.lsp_position(end.offset, encoding),
                }
            return {"start": _lsp_from(start), "end": _lsp_from(end)}

        item: dict[str, Any] = {
            "range": lsp_range(self.start, self.end),
            "severity": self.severity.rank,
            "code": self.code,
            "codeDescription": {"href": self.url},
            "source": "mcplint",
            "message": redact(self.message),
        }
        if self.related:
            item["relatedInformation"] = [
                {
                    "location": {
                        "uri": doc_uri
                        if rel.path in (None, self.path)
                        else path_to_uri(rel.path or self.path),
                        "range": lsp_range(rel.start, rel.end, rel.path in (None, self.path)),
                    },
                    "message": redact(rel.message),
                }
                for rel in self.related
            ]
        tag = _LSP_TAGS.get(self.rule)
        if tag is not None:
            item["tags"] = [tag]
        fix: dict[str, Any] | None = None
        if self.fix is not None:
            fix = {
                "title": redact(self.fix.message),
                "applicability": self.fix.applicability.value,
                "isPreferred": self.fix.is_safe,
            }
            if any(redact(e.content) != e.content for e in self.fix.edits) or lines is None:
                fix["redacted"] = lines is not None
                fix["edits"] = []
            else:
                fix["edits"] = [
                    {
                        "range": {
                            "start": lines.lsp_position(e.start, encoding),
                            "end": lines.lsp_position(e.end, encoding),
                        },
                        "newText": e.content,
                    }
                    for e in self.fix.edits
                ]
        item["data"] = {"rule": self.rule, "fix": fix}
        return item


def _edit_position(lines: LineIndex | None, offset: int) -> dict[str, int]:
    return lines.position(offset).to_json() if lines is not None else {"offset": offset}


def _lsp_from(position: Position) -> dict[str, int]:
    return {"line": max(position.line - 1, 0), "character": max(position.column - 1, 0)}


def path_to_uri(path: str, cwd: str | None = None) -> str:
    """The `file:` URI of `path` (relative paths are taken from `cwd` when given; without it a
    relative path stays a relative URI reference, percent-encoded)."""
    if path.startswith(("file:", "untitled:")):
        return path
    pure = PurePath(path)
    if not pure.is_absolute() and cwd is not None:
        pure = PurePath(cwd) / pure
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix())
