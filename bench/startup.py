"""Start-up and cache benchmark (issue 15): run on demand (`python bench/startup.py`), printed
as ratios to a baseline measured in the same run. Not part of the test suite.

CPU time (user + system of the child process, median of `--runs`) of mcplint installed from a
wheel (`run.installed_mcplint`), against `python -c 'import json'`:

    cold `mcplint FILE`, 5-line .mcp.json, no cache        target <= 2.5x bare python
    the same with a warm cache                             target <= 1.2x
    the same two on a 40-line ~/.claude/settings.json
    `mcplint ~/.claude.json` (6 MB), whole process          target <= 2.5x `python -c json.load`
    in process: lint_text of the 6 MB file                 target <= 2x json.loads
    in process, warm: the real corpus                      target >= 2,000 files/s
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import claude_json

import mcplint

MCP_JSON = """{
  "mcpServers": {
    "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]}
  }
}
"""
SETTINGS = {
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "model": "sonnet",
    "permissions": {
        "allow": ["Bash(npm run test:*)", "Bash(git status)", "Read(~/.zshrc)", "WebFetch"],
        "deny": ["Bash(curl:*)", "Read(./.env)", "Read(./secrets/**)"],
        "defaultMode": "acceptEdits",
    },
    "env": {"DISABLE_TELEMETRY": "1", "BASH_DEFAULT_TIMEOUT_MS": "60000"},
    "enableAllProjectMcpServers": False,
    "enabledMcpjsonServers": ["memory", "github"],
    "disabledMcpjsonServers": ["filesystem"],
    "hooks": {
        "PostToolUse": [
            {"matcher": "Edit|Write", "hooks": [{"type": "command", "command": "npx prettier -w"}]}
        ]
    },
    "includeCoAuthoredBy": False,
    "cleanupPeriodDays": 30,
}
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def install(repo: Path, folder: Path) -> tuple[list[str], dict[str, str]]:
    """mcplint built from `repo` as a wheel and installed in `folder` (as `run.installed_mcplint`
    does for this checkout): the command and its environment."""
    wheels, target = folder / "wheels", folder / "site"
    pip = [sys.executable, "-m", "pip"]
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "-w", str(wheels), str(repo)], **quiet)  # type: ignore[call-overload]
    wheel = next(wheels.glob("mcplint-*.whl"))
    subprocess.run(
        [*pip, "install", "-q", "--no-deps", "--target", str(target), str(wheel)], **quiet
    )  # type: ignore[call-overload]
    return [str(target / "bin" / "mcplint")], dict(os.environ, PYTHONPATH=str(target))


def exported(rev: str, folder: Path) -> Path:
    """The repository at `rev` (git archive), to measure "before" in the same run."""
    folder.mkdir(parents=True)
    repo = Path(__file__).resolve().parents[1]
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", rev], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def cpu_ms(argv: list[str], runs: int, env: dict[str, str], cwd: str | None = None) -> float:
    """Median CPU time (user + system) of a child process, in ms."""
    samples = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            argv,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            check=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        samples.append(used * 1000)
    return statistics.median(samples)


def best_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def line(label: str, value: float, base: float, unit: str, target: str) -> None:
    print(f"{label:44} {value:8.1f} {unit}  {value / base:5.2f}x   ({target})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median)")
    parser.add_argument(
        "--before", metavar="REV", help="also measure the cold start of this git revision"
    )
    options = parser.parse_args()
    runs = options.runs
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        (home / ".claude").mkdir(parents=True)
        (home / "proj").mkdir()
        (home / "proj" / ".mcp.json").write_text(MCP_JSON)
        settings = home / ".claude" / "settings.json"
        settings.write_text(json.dumps(SETTINGS, indent=2) + "\n")
        big_home = Path(tmp) / "big-home"  # apart: the small files' cross-file rules read ~
        big_home.mkdir()
        big = big_home / ".claude.json"
        big.write_text(claude_json.make())
        command, env = install(Path(__file__).resolve().parents[1], Path(tmp) / "now")
        env = dict(env, HOME=str(home), NO_COLOR="1", MCPLINT_CACHE_DIR=str(Path(tmp) / "cache"))
        # Every start-up case is measured in turns (one run of each, `runs` times), so that
        # the load of a shared machine weighs on all of them alike.
        cases: dict[str, tuple[list[str], str]] = {
            "bare": ([sys.executable, "-c", "import json"], "")
        }
        files = {
            ".mcp.json, 5 lines": home / "proj" / ".mcp.json",
            "settings.json, 40 lines": settings,
        }
        old: list[str] = []
        if options.before:
            old, _ = install(exported(options.before, Path(tmp) / "src"), Path(tmp) / "before")
        for name, path in files.items():
            if old:
                cases[f"before ({options.before}): {name}"] = ([*old, str(path)], str(path.parent))
            cases[f"cold, no cache: {name}"] = (
                [*command, "--no-cache", str(path)],
                str(path.parent),
            )
            cases[f"warm cache: {name}"] = ([*command, str(path)], str(path.parent))
        samples: dict[str, list[float]] = {label: [] for label in cases}
        for argv, cwd in cases.values():  # once untimed: .pyc files, the cache filled
            cpu_ms(argv, 1, env, cwd or None)
        for _ in range(runs):
            for label, (argv, cwd) in cases.items():
                samples[label].append(cpu_ms(argv, 1, env, cwd or None))
        bare = statistics.median(samples.pop("bare"))
        print(f"{'python -c import json':44} {bare:8.1f} ms  (baseline)")
        for label, values in samples.items():
            target = "target <= 1.2x" if label.startswith("warm") else "target <= 2.5x"
            if label.startswith("before"):
                target = "for comparison"
            line(label, statistics.median(values), bare, "ms", target)
        load = cpu_ms(
            [sys.executable, "-c", f"import json; json.load(open({str(big)!r}, 'rb'))"], 5, env
        )
        print(f"{'python json.load(6 MB)':44} {load:8.1f} ms  (baseline)")
        big_env = dict(env, HOME=str(big_home))
        whole = cpu_ms([*command, "--no-cache", str(big)], 5, big_env, str(big_home))
        line("mcplint ~/.claude.json (6 MB), no cache", whole, load, "ms", "target <= 2.5x")
        text = big.read_text()
    loads = best_ms(lambda: json.loads(text), 5)
    lint = best_ms(lambda: mcplint.lint_text(text, path=str(big)), 5)
    print(f"{'json.loads(6 MB), in process':44} {loads:8.1f} ms  (baseline)")
    line("lint_text(6 MB), in process", lint, loads, "ms", "target <= 2x")
    if CORPUS.is_dir():
        files = [p for p in sorted(CORPUS.rglob("*")) if p.suffix in (".json", ".toml")]
        texts = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files]
        for path, body in texts:  # warm: every module imported, every schema loaded
            mcplint.lint_text(body, path=path)
        start = time.perf_counter()
        for path, body in texts:
            mcplint.lint_text(body, path=path)
        rate = len(texts) / (time.perf_counter() - start)
        print(
            f"{'warm, in process, the corpus':44} {rate:8.0f} files/s ({len(texts)} files;"
            " target >= 2,000)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
