"""The result cache (mcplint/cache.py): served on a hit, never stale for what the machine may
have changed, never trusted when unreadable or from another version, bounded, and safe under
concurrent runs. Real files in tmp_path, the real command line (in process and as processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcplint import __version__
from mcplint.cache import SHARD_ENTRIES, ResultCache
from mcplint.engine import Options
from mcplint.env import Environment, FakeEnvironment
from tests.cli_helpers import run

CONFIG = {"mcpServers": {"tool": {"command": "mytool", "args": ["--port", "1"]}}}


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Environment]:
    """A `.mcp.json` naming `mytool`, an empty bin folder on PATH, a cache folder."""
    (tmp_path / "bin").mkdir()
    config = tmp_path / "proj" / ".mcp.json"
    config.parent.mkdir()
    config.write_text(json.dumps(CONFIG, indent=2) + "\n")
    env = Environment(
        environ={"PATH": str(tmp_path / "bin")}, home=str(tmp_path), cwd=str(config.parent)
    )
    return config, tmp_path / "cache", env


def lint(config: Path, cache: Path, env: Environment, *more: str) -> tuple[int, str]:
    code, out, _ = run(
        str(config), "--output-format", "json", "--cache-dir", str(cache), *more, env=env
    )
    return code, out


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


def rules_of(out: str) -> list[str]:
    return [d["rule"] for d in json.loads(out)["diagnostics"]]


def test_a_hit_is_served_from_the_entry(project: tuple[Path, Path, Environment]) -> None:
    config, cache, env = project
    first = lint(config, cache, env, "--ignore", "machine")
    [entry] = entries(cache)
    stored = json.loads(entry.read_text())
    assert stored["version"] == __version__
    # Change what the entry says: a hit must show it (so the file was not linted again).
    stored["result"]["notes"] = ["from the cache"]
    entry.write_text(json.dumps(stored))
    _, out, err = run(str(config), "-v", "--cache-dir", str(cache), "--ignore", "machine", env=env)
    assert "from the cache" in out + err
    assert first[0] == 0 and "from the cache" not in first[1]


def test_hit_gives_the_same_output_as_no_cache(project: tuple[Path, Path, Environment]) -> None:
    config, cache, env = project
    config.write_text('{"mcpServers": {"a": {"command": "npx", "args": "x y",},}}')
    fresh = lint(config, cache, env, "--no-cache")
    assert entries(cache) == []  # --no-cache writes nothing
    assert lint(config, cache, env) == fresh  # miss
    assert lint(config, cache, env) == fresh  # hit
    assert len(entries(cache)) == 1
    text = run(str(config), "--cache-dir", str(cache), env=env)
    assert text == run(str(config), "--no-cache", env=env)


def test_machine_rules_are_checked_again_on_a_hit(
    project: tuple[Path, Path, Environment], tmp_path: Path
) -> None:
    config, cache, env = project
    assert "command-not-found" in rules_of(lint(config, cache, env)[1])
    tool = tmp_path / "bin" / "mytool"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    assert "command-not-found" not in rules_of(lint(config, cache, env)[1])  # installed since
    tool.unlink()
    assert "command-not-found" in rules_of(lint(config, cache, env)[1])
    assert len(entries(cache)) == 1  # the same entry served each time


def test_env_var_set_since_the_last_run_is_seen(tmp_path: Path) -> None:
    config = tmp_path / ".mcp.json"
    config.write_text('{"mcpServers": {"a": {"command": "sh", "env": {"K": "${MY_TOKEN}"}}}}')
    cache = tmp_path / "cache"
    unset = Environment(environ={"PATH": "/bin:/usr/bin"}, home=str(tmp_path), cwd=str(tmp_path))
    set_ = Environment(
        environ={"PATH": "/bin:/usr/bin", "MY_TOKEN": "x"}, home=str(tmp_path), cwd=str(tmp_path)
    )
    assert "env-var-unset" in rules_of(lint(config, cache, unset)[1])
    assert "env-var-unset" not in rules_of(lint(config, cache, set_)[1])
    assert len(entries(cache)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e.write_bytes(b"\x00garbage"),
        lambda e: e.write_bytes(e.read_bytes()[:40]),
        lambda e: e.write_text(json.dumps({**json.loads(e.read_text()), "version": "0.0.0-old"})),
        lambda e: e.write_text(json.dumps({**json.loads(e.read_text()), "key": "0" * 64})),
        lambda e: e.write_text(json.dumps({**json.loads(e.read_text()), "result": {"x": 1}})),
    ],
    ids=["garbage", "truncated", "other-version", "other-key", "other-layout"],
)
def test_an_entry_not_to_trust_is_a_miss(project: tuple[Path, Path, Environment], damage) -> None:  # type: ignore[no-untyped-def]
    config, cache, env = project
    first = lint(config, cache, env)
    [entry] = entries(cache)
    stored = json.loads(entry.read_text())
    stored["result"]["diagnostics"] = []  # what a trusted entry would serve
    entry.write_text(json.dumps(stored))
    damage(entry)
    assert lint(config, cache, env) == first
    assert json.loads(entry.read_text())["version"] == __version__  # written again


def test_options_and_content_are_part_of_the_key(project: tuple[Path, Path, Environment]) -> None:
    config, cache, env = project
    lint(config, cache, env)
    lint(config, cache, env, "--select", "schema")
    lint(config, cache, env, "--target-os", "windows")
    lint(config, cache, env, "--client", "cursor")
    assert len(entries(cache)) == 4
    config.write_text('{"mcpServers": {"a": {"command": 3}}}')
    assert "schema" in rules_of(lint(config, cache, env)[1])
    assert len(entries(cache)) == 5


def test_a_full_shard_is_emptied_before_a_new_entry(tmp_path: Path) -> None:
    env = FakeEnvironment(files={"/home/user/.mcp.json": '{"mcpServers": {}}'})
    cache = ResultCache("/cache", env)
    key = cache.key("/home/user/.mcp.json", b'{"mcpServers": {}}', Options())
    shard = str(env.path(cache.entry_path(key)).parent)
    for i in range(SHARD_ENTRIES):
        env.write_cache_file(f"{shard}/{key[:2]}{i:062d}.json", b"{}")
    assert len(env.listdir(shard)) == SHARD_ENTRIES
    cache.check(b'{"mcpServers": {}}', "/home/user/.mcp.json", Options())
    assert env.listdir(shard) == [f"{key}.json"]


def test_the_default_folder_is_the_users_cache_folder() -> None:
    assert FakeEnvironment(home="/home/me").cache_dir() == "/home/me/.cache/mcplint"
    env = Environment(environ={"MCPLINT_CACHE_DIR": "/x/y"})
    assert env.cache_dir() == "/x/y"
    real = Environment(environ={}).cache_dir()
    assert "mcplint" in real and os.path.isabs(real)


def test_an_unwritable_cache_folder_only_costs_time(
    project: tuple[Path, Path, Environment], tmp_path: Path
) -> None:
    config, _, env = project
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert lint(config, blocker / "cache", env) == lint(config, tmp_path / "c2", env, "--no-cache")


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    files = []
    for i in range(12):
        f = tmp_path / f"p{i}" / ".mcp.json"
        f.parent.mkdir()
        f.write_text(
            json.dumps({"mcpServers": {f"s{i}": {"command": "npx", "args": f"-y pkg{i}"}}})
        )
        files.append(str(f))
    cache = tmp_path / "cache"
    argv = [
        sys.executable,
        "-m",
        "mcplint",
        *files,
        "--output-format",
        "json",
        "--ignore",
        "machine",
    ]
    expected = subprocess.run([*argv, "--no-cache"], capture_output=True, text=True, check=False)
    assert expected.stdout.count('"rule"') >= 12
    for _ in range(2):  # both times several writers and readers at once
        procs = [
            subprocess.Popen([*argv, "--cache-dir", str(cache)], stdout=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        outputs = [p.communicate()[0] for p in procs]
        assert outputs == [expected.stdout] * 4
    assert len(entries(cache)) == 12
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
