"""The plain data every rule produces and every output format consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from mcplint.text import Position, TextEdit


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
