"""mcplint: find and fix what is wrong in MCP client configuration files.

Library use::

    import mcplint
    for d in mcplint.lint_text(text, path=".mcp.json"):
        print(d.start.line, d.start.column, d.rule, d.message)
    new_text, applied = mcplint.fix_text(text, path=".mcp.json")

Ordinary misuse is met with what the caller obviously means or a clear error, never a silent
surprise: one path (`str` or `os.PathLike`) where a list is expected is that one path; `path=`
may be a `Path`; a single selector string is one selector (commas split it, as on the command
line); an unknown rule selector or client raises `ValueError` naming it; a value of the wrong
type raises `TypeError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from mcplint.diagnostics import Applicability, Diagnostic, Fix, Related, Severity
from mcplint.env import Environment, FakeEnvironment
from mcplint.text import Position, TextEdit

if TYPE_CHECKING:
    from mcplint.engine import Options

__version__ = "0.1.0"

PathArg = str | os.PathLike[str]

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


def _path(value: object, what: str = "path") -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        p = os.fspath(value)
        if isinstance(p, str):
            return p
    raise TypeError(f"{what} must be a str or os.PathLike of str, not {type(value).__name__}")


def _selectors(value: Iterable[str] | str | None, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{what} must hold rule names or codes (str), not {item!r}")
    return tuple(v.strip() for item in items for v in item.split(",") if v.strip())


def _options(
    select: Iterable[str] | str | None,
    ignore: Iterable[str] | str | None,
    client: str | None,
    unsafe: bool = False,
    max_file_size: int | None = None,
    target_os: str | None = None,
) -> Options:
    from mcplint import rules
    from mcplint.clients.detect import known_ids
    from mcplint.engine import DEFAULT_MAX_FILE_SIZE, Options

    chosen, dropped = _selectors(select, "select"), _selectors(ignore, "ignore")
    unknown = rules.unknown_selectors(chosen + dropped)
    if unknown:
        raise ValueError(f"unknown rule or code: {', '.join(unknown)}")
    if client is not None:
        if not isinstance(client, str):
            raise TypeError(f"client must be a str, not {type(client).__name__}")
        if client not in known_ids():
            raise ValueError(f"unknown client {client!r}; known: {', '.join(known_ids())}")
    if max_file_size is None:
        max_file_size = DEFAULT_MAX_FILE_SIZE
    if isinstance(max_file_size, bool) or not isinstance(max_file_size, int):
        raise TypeError(f"max_file_size must be an int, not {type(max_file_size).__name__}")
    if max_file_size <= 0:
        raise ValueError(f"max_file_size must be positive, not {max_file_size}")
    return Options(
        chosen, dropped, client, unsafe, max_file_size=max_file_size, target_os=target_os
    )


def lint_text(
    text: str | bytes,
    path: PathArg = "<text>",
    *,
    client: str | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    env: Environment | None = None,
    target_os: str | None = None,
) -> list[Diagnostic]:
    """Lint a config file's content. `path` decides the client and dialect (`client` overrides);
    `text` may be bytes to check the encoding too. `target_os` ("macos", "windows", "linux";
    default: this machine's) is the OS the client runs on."""
    from mcplint.engine import check_bytes, check_text

    name = _path(path)
    options = _options(select, ignore, client, target_os=target_os)
    if isinstance(text, (bytes, bytearray, memoryview)):
        return check_bytes(bytes(text), name, env or Environment.real(), options).diagnostics
    if not isinstance(text, str):
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
    return check_text(text, name, env or Environment.real(), options).diagnostics


def lint_paths(
    paths: PathArg | Iterable[PathArg],
    *,
    client: str | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    env: Environment | None = None,
    max_file_size: int | None = None,
    target_os: str | None = None,
) -> list[Diagnostic]:
    """Lint files (a folder: the config files found in it); one path may be given alone. An
    unreadable path, a FIFO or device, or a file above `max_file_size` bytes (default 64 MiB) is
    a diagnostic (`io-error`), never an exception."""
    from mcplint.runner import lint_files

    given: object = paths
    if isinstance(given, (str, os.PathLike)):
        names = [_path(given)]
    elif isinstance(given, (bytes, bytearray)) or not isinstance(given, Iterable):
        what = type(given).__name__
        raise TypeError(f"paths must be a str, an os.PathLike or an iterable of them, not {what}")
    else:
        names = [_path(p, "each of paths") for p in given]
    options = _options(select, ignore, client, max_file_size=max_file_size, target_os=target_os)
    results = lint_files(names, env or Environment.real(), options)
    return [d for r in results for d in r.diagnostics]


def fix_text(
    text: str | bytes,
    path: PathArg = "<text>",
    *,
    unsafe: bool = False,
    client: str | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    env: Environment | None = None,
    target_os: str | None = None,
) -> FixResult:
    """Apply the fixes (safe ones; unsafe ones too with `unsafe=True`) in passes until nothing
    applies. Returns the new text and the diagnostics that were fixed.

    `text` may be bytes (a file's content): they are decoded as a file is (BOM, UTF-16, invalid
    UTF-8 kept as lone surrogates with `surrogateescape`) and the result is still text (`str`):
    the fixed content decoded the same way. For bytes to write back, encode it as UTF-8 with
    `errors="surrogateescape"` (or use the `mcplint --fix` command, which keeps UTF-16). A `str`
    is fixed as it is, lone surrogates included: it is never encoded."""
    from mcplint.engine import fix_bytes, fix_source
    from mcplint.source import Source

    name = _path(path)
    options = _options(select, ignore, client, unsafe=bool(unsafe), target_os=target_os)
    if isinstance(text, (bytes, bytearray, memoryview)):
        result = fix_bytes(bytes(text), name, env or Environment.real(), options)
        return FixResult(result.text, result.fixed)
    if not isinstance(text, str):
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
    result = fix_source(Source(text, "utf-8"), name, env or Environment.real(), options)
    return FixResult(result.text if result.fixed else text, result.fixed)
