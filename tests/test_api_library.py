"""The library API as another tool uses it: the README's "Use from Python" example runs as its
own program, and type-checks under `mypy --strict` (mcplint ships `py.typed`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use from Python", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def test_readme_example_runs(tmp_path: Path) -> None:
    script = tmp_path / "embed.py"
    script.write_text(readme_example(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("1:73 MCP002 [trailing-comma] trailing comma")
    assert '"code": "MCP002"' in lines[1]
    assert (
        lines[2] == "{'start': {'line': 0, 'character': 72}, 'end': {'line': 0, 'character': 73}}"
    )


def test_package_is_typed_and_the_example_type_checks(tmp_path: Path) -> None:
    assert (REPO / "mcplint" / "py.typed").is_file()
    assert '"py.typed"' in (REPO / "pyproject.toml").read_text()
    script = tmp_path / "embed.py"
    script.write_text(readme_example(), encoding="utf-8")
    mypy = Path(sys.executable).with_name("mypy")
    proc = subprocess.run(
        [str(mypy), "--strict", "--cache-dir", str(tmp_path / "cache"), str(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout
