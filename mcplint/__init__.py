"""mcplint: find and fix what is wrong in MCP client configuration files.

Library use::

    import mcplint
    for d in mcplint.lint_text(text, path=".mcp.json"):
        print(d.start.line, d.start.column, d.rule, d.message)
    new_text, applied = mcplint.fix_text(text, path=".mcp.json")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from mcplint.diagnostics import Applicability, Diagnostic, Fix, Related, Severity
from mcplint.env import Environment, FakeEnvironment
from mcplint.text import Position, TextEdit

__version__ = "0.1.0"

__all__ = [
    "Applicability",
    "Diagnostic",
    "Environment",
    "FakeEnvironment",
    "Fix",
    "FixResult",
    "Position",
    "Related",
    "Severity",
    "TextEdit",
    "__version__",
    "fix_text",
    "lint_paths",
    "lint_text",
]


class FixResult(NamedTuple):
    text: str  # the fixed text (the input when nothing applied)
    applied: list[Diagnostic]  # the diagnostics whose fixes were applied, pass by pass


def lint_text(
    text: str | bytes,
    path: str = "<text>",
    *,
    client: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    env: Environment | None = None,
) -> list[Diagnostic]:
    """Lint a config file's content. `path` decides the client and dialect (`client` overrides);
    `text` may be bytes to check the encoding too."""
    from mcplint.engine import Options, check_bytes, check_text

    options = Options(tuple(select or ()), tuple(ignore or ()), client)
    if isinstance(text, bytes):
        return check_bytes(text, path, env or Environment.real(), options).diagnostics
    return check_text(text, path, env or Environment.real(), options).diagnostics


def lint_paths(
    paths: Iterable[str],
    *,
    client: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    env: Environment | None = None,
) -> list[Diagnostic]:
    """Lint files (a folder: the config files found in it). An unreadable path is a
    diagnostic (`io-error`), never an exception."""
    from mcplint.engine import Options
    from mcplint.runner import lint_files

    options = Options(tuple(select or ()), tuple(ignore or ()), client)
    results = lint_files(list(paths), env or Environment.real(), options)
    return [d for r in results for d in r.diagnostics]


def fix_text(
    text: str,
    path: str = "<text>",
    *,
    unsafe: bool = False,
    client: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    env: Environment | None = None,
) -> FixResult:
    """Apply the fixes (safe ones; unsafe ones too with `unsafe=True`) in passes until nothing
    applies. Returns the new text and the diagnostics that were fixed."""
    from mcplint.engine import Options, fix_source
    from mcplint.source import Source

    options = Options(tuple(select or ()), tuple(ignore or ()), client, unsafe)
    result = fix_source(Source(text, "utf-8"), path, env or Environment.real(), options)
    return FixResult(result.text if result.fixed else text, result.fixed)
