"""How lint and fix time grows with each dimension of the input (issue 10). Run on demand:

    python bench/scaling.py [--only DIMENSION ...] [--scale 0.5] [--no-gc]

For each dimension the input is built at sizes n, 2n, 4n, 8n; each size is linted
(`engine.check_bytes`) and fixed (`engine.fix_bytes`, safe fixes), best of 3 by
`time.perf_counter`. The growth per doubling is t(2n)/t(n): about 2 for linear work, 4 for
quadratic. A growth above 2.2 (over the whole range, as a geometric mean) is flagged `<-- !`.
Not a test: timings are not assertions.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import claude_json

from mcplint.engine import Options, check_bytes, fix_bytes
from mcplint.env import FakeEnvironment

ENV = FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")
MCP_JSON = "/home/user/proj/.mcp.json"
CLAUDE_JSON = "/home/user/.claude.json"
CODEX = "/home/user/.codex/config.toml"
FLAG = 2.2
TOO_SLOW = 20.0  # seconds for one run: the bigger sizes of that dimension are skipped


@dataclass(frozen=True)
class Dimension:
    name: str
    path: str
    make: Callable[[int], str]
    n: int  # the smallest size; the largest is 8n


def _servers(n: int) -> str:
    servers = {f"s{i}": {"command": "npx", "args": ["-y", f"pkg-{i}"]} for i in range(n)}
    return json.dumps({"mcpServers": servers}, indent=2)


def _keys(n: int) -> str:
    entry = {"command": "npx", **{f"x{i}": i for i in range(n)}}
    return json.dumps({"mcpServers": {"fs": entry}}, indent=2)


def _trailing_commas(n: int) -> str:
    items = ",\n".join(f'    "s{i}": {{"command": "npx", "args": ["a",],}}' for i in range(n))
    return '{"mcpServers": {\n' + items + "\n}}\n"


def _smart_quotes(n: int) -> str:
    items = ",\n".join(f'    "s{i}": {{"command": \u201cnpx\u201d}}' for i in range(n))
    return '{"mcpServers": {\n' + items + "\n}}\n"


def _string(n: int) -> str:
    return json.dumps({"mcpServers": {"fs": {"command": "npx", "args": ["a" * n]}}})


def _windows_paths(n: int) -> str:
    # One line, as Claude Code writes ~/.claude.json: valid paths and paths with `\t`.
    projects = ", ".join(
        f'"C:\\\\Users\\\\me\\\\p{i}": {{"allowedTools": [], "cwd": "c:\\temp{i}"}}'
        for i in range(n)
    )
    return '{"numStartups": 1, "projects": {' + projects + "}}"


def _toml_string(n: int) -> str:
    return f'[mcp_servers.fs]\ncommand = "npx"\nargs = ["{"a" * n}"]\n'


def _duplicates(n: int) -> str:
    keys = ", ".join(f'"command": "c{i}"' for i in range(n))
    return '{"mcpServers": {"fs": {' + keys + "}}}"


def _depth(n: int) -> str:
    return '{"mcpServers": {"fs": {"command": "npx", "args": ' + "[" * n + "]" * n + "}}}"


DIMENSIONS = (
    Dimension("servers", MCP_JSON, _servers, 2000),
    Dimension("projects", CLAUDE_JSON, lambda n: claude_json.make(projects=n), 2500),
    Dimension("keys-per-object", MCP_JSON, _keys, 4000),
    Dimension("trailing-commas", MCP_JSON, _trailing_commas, 2000),
    Dimension("smart-quotes", MCP_JSON, _smart_quotes, 1000),
    Dimension("string-length", MCP_JSON, _string, 4_000_000),
    Dimension("windows-paths", CLAUDE_JSON, _windows_paths, 2000),
    Dimension("toml-string-length", CODEX, _toml_string, 400_000),
    Dimension("duplicate-keys", MCP_JSON, _duplicates, 20_000),
    Dimension("nesting-depth", MCP_JSON, _depth, 8000),
)


def best_of(runs: int, fn: Callable[[], object], no_gc: bool = False) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        if no_gc:
            gc.disable()
        try:
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
        if best > TOO_SLOW:
            break
    return best


def measure(dim: Dimension, scale: float, no_gc: bool) -> list[tuple[str, int, float]]:
    """(operation, n, seconds) for lint and fix at n, 2n, 4n, 8n."""
    rows: list[tuple[str, int, float]] = []
    base = max(1, int(dim.n * scale))
    for op in ("lint", "fix"):
        for step in range(4):
            n = base * 2**step
            data = dim.make(n).encode("utf-8")
            run = check_bytes if op == "lint" else fix_bytes
            seconds = best_of(3, partial(run, data, dim.path, ENV, Options()), no_gc)
            rows.append((op, n, seconds))
            if seconds > TOO_SLOW:
                break
    return rows


def report(dim: Dimension, rows: list[tuple[str, int, float]]) -> list[str]:
    flagged = []
    for op in ("lint", "fix"):
        mine = [(n, s) for o, n, s in rows if o == op]
        previous: float | None = None
        for n, seconds in mine:
            growth = f"{seconds / previous:6.2f}" if previous else "     -"
            print(f"{dim.name + ' ' + op:26} {n:>9} {seconds:9.4f} {growth}")
            previous = seconds
        if len(mine) >= 2 and mine[0][1] > 0:
            doublings = len(mine) - 1
            overall = (mine[-1][1] / mine[0][1]) ** (1 / doublings)
            mark = "  <-- !" if overall > FLAG else ""
            print(f"{'':26} {'':>9} {'overall':>9} {overall:6.2f}{mark}")
            if mark:
                flagged.append(f"{dim.name} {op}: {overall:.2f} per doubling")
    return flagged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], help="dimension names to run")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="disable the cyclic garbage collector while timing (its full collections grow "
        "with the heap and blur the growth figures)",
    )
    args = parser.parse_args()
    print(f"{'dimension':26} {'n':>9} {'seconds':>9} growth-per-doubling")
    flagged: list[str] = []
    for dim in DIMENSIONS:
        if args.only and dim.name not in args.only:
            continue
        flagged += report(dim, measure(dim, args.scale, args.no_gc))
        sys.stdout.flush()
    print(f"\nflagged (growth > {FLAG}): {'; '.join(flagged) or 'none'}")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
