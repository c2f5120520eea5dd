"""What a rule is, and what it sees.

A rule is a plain function `check(ctx) -> Iterable[Finding]` whose docstring is its documentation
(four sections: What it does / Why is this bad? / Example / Fix safety), wrapped in a `Rule` that
gives it a stable name, a code, a default severity and its fix availability. Rules report offsets;
the engine turns findings into `Diagnostic`s with lines and columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from mcplint.diagnostics import Applicability, Fix, Severity
from mcplint.env import Environment
from mcplint.parser import ParseResult
from mcplint.source import Source
from mcplint.text import LineIndex, TextEdit

if TYPE_CHECKING:
    from mcplint.clients.base import FileKind

Dialect = Literal["json", "jsonc", "json5", "toml"]
FixAvailability = Literal["safe", "unsafe", "sometimes", "none"]


@dataclass(frozen=True)
class Finding:
    """One problem a rule found: offsets into the text, a message, maybe a fix."""

    start: int
    end: int
    message: str
    fix: Fix | None = None
    severity: Severity | None = None  # None: the rule's default
    related: tuple[tuple[str, int, int], ...] = ()  # (message, start, end)
    json_path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    fix: FixAvailability
    check: Callable[[Context], Iterable[Finding]]
    enabled_by_default: bool = True
    on_broken: bool = False  # also runs when the file has syntax errors (the syntax rules)

    @property
    def doc(self) -> str:
        return _dedent_doc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence of the doc's "What it does" section."""
        lines = [line.strip() for line in self.doc.splitlines()]
        try:
            start = lines.index("## What it does") + 1
        except ValueError:
            start = 0
        text = " ".join(line for line in lines[start:] if line and not line.startswith("#"))
        return re.split(r"(?<!e\.g)(?<!i\.e)\. ", text)[0].rstrip(".") + "."


def _dedent_doc(doc: str) -> str:
    lines = doc.expandtabs().splitlines()
    if not lines:
        return ""
    indents = [len(x) - len(x.lstrip()) for x in lines[1:] if x.strip()]
    cut = min(indents) if indents else 0
    return "\n".join([lines[0].strip()] + [x[cut:] for x in lines[1:]]).strip() + "\n"


@dataclass
class Context:
    """Everything a rule may look at for one file."""

    path: str
    source: Source
    parsed: ParseResult
    dialect: Dialect
    env: Environment
    kind: FileKind | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.parsed.text

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.parsed.text)

    @property
    def strict_json(self) -> bool:
        return self.dialect == "json"


def safe_fix(message: str, *edits: TextEdit, encoding: str | None = None) -> Fix:
    return Fix(Applicability.SAFE, message, tuple(edits), encoding)


def unsafe_fix(message: str, *edits: TextEdit) -> Fix:
    return Fix(Applicability.UNSAFE, message, tuple(edits))
