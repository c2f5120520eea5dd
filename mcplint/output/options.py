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
