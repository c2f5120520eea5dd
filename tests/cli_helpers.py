"""What the CLI tests share: a plain environment and an in-process `mcplint` run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.env import Environment


@pytest.fixture
def plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour or output-format settings from the caller's shell; cwd is a fresh folder."""
    for name in ("MCPLINT_OUTPUT_FORMAT", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(
    *argv: str, env: Environment | None = None, stdin: bytes | None = None
) -> tuple[int, str, str]:
    """`mcplint ARGV` in process: (exit code, stdout, stderr); `stdin` is what `-` reads."""
    out, err = io.StringIO(), io.StringIO()
    given = io.BytesIO(stdin) if stdin is not None else None
    code = main(list(argv), stdout=out, stderr=err, env=env, stdin=given)
    return code, out.getvalue(), err.getvalue()
