"""mcplint benchmarks: run on demand (`python bench/run.py`), printed as ratios against the
baseline each names. Not part of the test suite: timings are not assertions.

Targets (issue 2): lint of a 6 MB strict-JSON ~/.claude.json <= 3x stdlib json.loads; the same
file with one syntax error <= 1.5 s with the error on the right line; a cold `mcplint FILE` on a
small config <= 150 ms median; peak memory for the 6 MB file <= 10x its size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import claude_json

import mcplint

SMALL_CONFIG = """{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
    },
    "memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}
  }
}
"""


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cold_ms(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    env = dict(env or os.environ, NO_COLOR="1")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def installed_mcplint(folder: Path) -> tuple[list[str], dict[str, str]]:
    """mcplint installed from a wheel, as a user gets it (an editable install adds an import
    hook that costs ~13 ms at every start): the command and its environment."""
    repo = Path(__file__).resolve().parents[1]
    wheels, target = folder / "wheels", folder / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(repo)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wheel = next(wheels.glob("mcplint-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    # The installed script, as a user runs it (`python -m mcplint` would put the working
    # folder first on sys.path and time the repository's own source instead).
    return [str(target / "bin" / "mcplint")], env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="runs per measurement (median)")
    args = parser.parse_args()
    runs = args.runs

    text = claude_json.make()
    size = len(text.encode())
    path = str(Path.home() / ".claude.json")  # the name decides the client: strict JSON
    print(f"~/.claude.json: {size / 1e6:.1f} MB, 20 user servers, 2000 projects")

    baseline = median_ms(lambda: json.loads(text), runs)
    lint = median_ms(lambda: mcplint.lint_text(text, path=path), runs)
    print(f"json.loads                    {baseline:8.1f} ms   (baseline)")
    print(
        f"mcplint.lint_text             {lint:8.1f} ms   {lint / baseline:5.2f}x json.loads"
        "   (target <= 3x)"
    )

    # One trailing comma deep inside the projects: the tolerant path.
    marker = '"lastSessionId": "0b7c8f1e-1111-2222-3333-000000001000"'
    broken = text.replace(marker, marker + ",", 1)
    line = broken[: broken.index(marker)].count("\n") + 1
    diags = mcplint.lint_text(broken, path=path)
    where = [(d.rule, d.start.line) for d in diags if d.severity.value == "error"]
    tolerant = median_ms(lambda: mcplint.lint_text(broken, path=path), max(3, runs // 3))
    print(
        f"lint, one trailing comma      {tolerant:8.1f} ms   {tolerant / baseline:5.2f}x json.loads"
        f"   (target <= 1500 ms); reported {where} (comma on line {line})"
    )

    tracemalloc.start()
    mcplint.lint_text(text, path=path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak memory of lint_text      {peak / 1e6:8.1f} MB   {peak / size:5.2f}x file size"
        "   (target <= 10x; Python allocations, tracemalloc)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "claude_desktop_config.json"
        small.write_text(SMALL_CONFIG)
        command, env = installed_mcplint(Path(tmp))
        cold_python = cold_ms([sys.executable, "-c", "import json"], runs * 2)
        cold = cold_ms([*command, str(small)], runs * 2, env)
    print(f"cold python -c 'import json'  {cold_python:8.1f} ms   (baseline)")
    print(
        f"cold mcplint FILE (10 lines)  {cold:8.1f} ms   {cold / cold_python:5.2f}x python"
        "   (target <= 150 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
