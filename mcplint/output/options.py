"""What every output format is told besides the results."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Mode(StrEnum):
    CHECK = "check"  # lint only
    FIX = "fix"  # `--fix`: fixes were written (or, from standard input, printed)
    DIFF = "diff"  # `--diff`: fixes computed, shown, not written


@dataclass(frozen=True)
class RenderOptions:
    mode: Mode = Mode.CHECK
    color: bool = False
    quiet: bool = False  # diagnostics only: no summary, no "nothing to do" sentences
    # The paths came from looking for this machine's configs (no PATH given): an empty result
    # means "no configuration found", not "nothing checked".
    discovered: bool = False
    # `--fix` on standard input: the fixed text is part of the output (JSON: `fixed_text`).
    stdin: bool = False
    # Warnings about the run rather than one file ("no config file in FOLDER", "2 errors remain
    # that no fix can repair"): text writes them to standard error, JSON to `notes`.
    messages: tuple[str, ...] = ()
    # The working directory relative paths are taken from (the `lsp` and `sarif` formats' URIs).
    cwd: str | None = None
