"""`port-in-use`: a port bound by the test, its owner named from /proc (and lsof)."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mcplint.clients import get_client, get_kind
from mcplint.doctor.ports import check_ports, listen_ports, port_owner, port_taken
from mcplint.env import Environment
from mcplint.launch import Launch, plan_launch
from mcplint.servers import ServerEntry, server_view


def launch_of(entry: dict[str, Any]) -> Launch:
    kind = get_kind("claude-code-mcp-json")
    client = get_client(kind.client)
    view = server_view(ServerEntry("s", ("mcpServers", "s"), entry), kind, client)
    return plan_launch(view, client, Environment(environ={}))


@pytest.fixture
def bound() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        yield int(s.getsockname()[1])


def test_listen_ports_from_flags_env_and_urls() -> None:
    launch = launch_of(
        {
            "command": "srv",
            "args": [
                "--port",
                "8080",
                "--http-port=9000",
                "--listen",
                "http://127.0.0.1:7000",
                "--host",
                "http://example.com:81",
                "-p",
                "x",
            ],
            "env": {"PORT": "3000", "OTHER": "1"},
        }
    )
    assert [(p.port, p.source) for p in listen_ports(launch)] == [
        (8080, "--port 8080"),
        (9000, "--http-port 9000"),
        (7000, "--listen http://127.0.0.1:7000"),
        (3000, "PORT=3000"),
    ]


def test_taken_port_is_reported_with_this_process(bound: int) -> None:
    assert port_taken(bound)
    results = check_ports(
        launch_of({"command": "srv", "args": ["--port", str(bound)]}), Environment()
    )
    assert len(results) == 1
    r = results[0]
    assert r.outcome == "port-in-use" and r.server == "s"
    assert f"port {bound} (--port {bound})" in r.message
    if sys.platform == "linux":
        assert r.details["pid"] == str(os.getpid())
        assert "python" in r.message.lower() or "pytest" in r.message.lower()


def test_port_from_env_variable(bound: int) -> None:
    results = check_ports(launch_of({"command": "srv", "env": {"PORT": str(bound)}}), Environment())
    assert [r.outcome for r in results] == ["port-in-use"]
    assert f"PORT={bound}" in results[0].message


def test_free_port_is_not_reported() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    assert not port_taken(port)
    assert (
        check_ports(launch_of({"command": "srv", "args": [f"--port={port}"]}), Environment()) == []
    )


def test_owner_through_lsof_where_proc_does_not_tell(bound: int, tmp_path: Path) -> None:
    # A fake lsof on a temp PATH, on a machine said to be macOS: its -F output is parsed.
    lsof = tmp_path / "lsof"
    lsof.write_text("#!/bin/sh\nprintf 'p4242\\ncnode\\n'\n")
    lsof.chmod(0o755)
    env = Environment(platform="darwin", environ={"PATH": str(tmp_path)})
    owner = port_owner(bound, env)
    assert owner is not None and (owner.pid, owner.name) == (4242, "node")


def test_no_owner_without_proc_or_lsof(bound: int, tmp_path: Path) -> None:
    env = Environment(platform="darwin", environ={"PATH": str(tmp_path)})
    assert port_owner(bound, env) is None
    results = check_ports(launch_of({"command": "srv", "args": ["--port", str(bound)]}), env)
    assert "the OS does not say which" in results[0].message


def test_mcplint_doctor_reports_a_taken_port_and_starts_nothing(bound: int, tmp_path: Path) -> None:
    """`mcplint doctor` checks the ports a server is told to listen on before starting it."""
    import io
    import json

    from mcplint.cli import main

    marker = tmp_path / "started"
    config = tmp_path / ".vscode" / "mcp.json"
    config.parent.mkdir()
    entry = {"command": "sh", "args": ["-c", f"touch {marker}", "--port", str(bound)]}
    config.write_text(json.dumps({"servers": {"web": entry}}))
    out, err = io.StringIO(), io.StringIO()
    argv = ["doctor", "--trust", "--timeout", "5", "--output-format", "json", str(config)]
    code = main(argv, out, err, env=Environment(cwd=str(tmp_path)))
    rules = [d["rule"] for d in json.loads(out.getvalue())["diagnostics"]]
    assert "port-in-use" in rules and code == 1
    assert not marker.exists()
