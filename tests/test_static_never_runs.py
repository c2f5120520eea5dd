"""Static lint never executes or connects to anything a config names (issue 12, item 8).

A config whose commands would create marker files (`sh -c "touch MARKER"`, a script that would,
an `npx` on PATH that would) and whose urls point at a loopback listener started here is linted,
diffed and fixed with every rule on, in process and as a real process: no marker appears and
the listener accepts no connection.
"""

from __future__ import annotations

import io
import json
import os
import select
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.env import Environment

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A real TCP listener on 127.0.0.1 (port chosen by the OS)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def connected(sock: socket.socket) -> bool:
    """Whether anyone connected to the listener (a pending connection is readable)."""
    readable, _, _ = select.select([sock], [], [], 0.2)
    return bool(readable)


def executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def build(tmp_path: Path, port: int) -> tuple[Path, list[Path], Environment]:
    """A project whose configs would leave markers and connect to `port` if anything ran."""
    markers = [tmp_path / f"MARKER{i}" for i in range(4)]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    executable(bin_dir / "npx", f"#!/bin/sh\ntouch {markers[2]}\n")
    executable(tmp_path / "start.sh", f"#!/bin/sh\ntouch {markers[1]}\n")
    url = f"http://127.0.0.1:{port}/mcp"
    project = tmp_path / "proj"
    (project / ".vscode").mkdir(parents=True)
    servers = {
        "shell": {"command": "sh", "args": ["-c", f"touch {markers[0]}"]},
        "script": {"command": str(tmp_path / "start.sh"), "args": []},
        "npx": {"command": "npx", "args": ["-y", "pkg"], "env": {"API_KEY": "${API_KEY}"}},
        "whole-line": {"command": f"sh -c 'touch {markers[3]}'"},
        "http": {"type": "http", "url": url, "headers": {"Authorization": "Bearer ${T}"}},
        "sse": {"type": "sse", "url": url.replace("/mcp", "/sse")},
        "ws": {"type": "ws", "url": f"ws://127.0.0.1:{port}/ws"},
    }
    # a trailing comma, so that --fix has something to write
    text = json.dumps({"mcpServers": servers}, indent=2)[:-2] + ",\n}\n"
    (project / ".mcp.json").write_text(text)
    vscode = {"servers": {"h": {"type": "http", "url": url}, "s": servers["shell"]}}
    (project / ".vscode" / "mcp.json").write_text(json.dumps(vscode))
    home = tmp_path / "home"
    home.mkdir()
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"u": servers["shell"]}}))
    environ = {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(home)}
    env = Environment(cwd=str(project), home=str(home), environ=environ)
    return project, markers, env


FLAG_SETS = [
    ["--select", "ALL"],
    ["--select", "ALL", "--output-format", "json"],
    ["--select", "ALL", "--diff"],
    ["--select", "ALL", "--fix", "--unsafe-fixes"],
    ["--select", "ALL", "--statistics"],
]


@pytest.mark.parametrize("flags", FLAG_SETS)
def test_lint_and_fix_never_run_or_connect(
    tmp_path: Path, listener: socket.socket, flags: list[str]
) -> None:
    port = listener.getsockname()[1]
    project, markers, env = build(tmp_path, port)
    paths = [str(project / ".mcp.json"), str(project / ".vscode" / "mcp.json")]
    out, err = io.StringIO(), io.StringIO()
    code = main([*flags, *paths], stdout=out, stderr=err, env=env)
    assert code in (0, 1), err.getvalue()
    # the run did its work (it is not an empty success)
    if "--fix" in flags:
        assert "},\n}" not in (project / ".mcp.json").read_text()
    else:
        assert ".mcp.json" in out.getvalue() or "trailing-comma" in out.getvalue()
    assert [m.name for m in markers if m.exists()] == []
    assert not connected(listener)


def test_discovery_of_every_config_never_runs(tmp_path: Path, listener: socket.socket) -> None:
    """`mcplint` with no path: every config of the machine (here ~/.claude.json, .mcp.json)."""
    _, markers, env = build(tmp_path, listener.getsockname()[1])
    out, err = io.StringIO(), io.StringIO()
    main(["--select", "ALL"], stdout=out, stderr=err, env=env)
    assert ".claude.json" in out.getvalue()
    assert [m.name for m in markers if m.exists()] == []
    assert not connected(listener)


def test_as_a_real_process(tmp_path: Path, listener: socket.socket) -> None:
    project, markers, env = build(tmp_path, listener.getsockname()[1])
    environ = {**os.environ, **env.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "mcplint", "--select", "ALL", "--fix", "--unsafe-fixes", "."],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    assert [m.name for m in markers if m.exists()] == []
    assert not connected(listener)


def test_the_listener_would_notice_a_connection(listener: socket.socket) -> None:
    """The check above can fail: a real connection is seen."""
    with socket.create_connection(listener.getsockname(), timeout=2):
        assert connected(listener)
