"""`mcplint logs`: fake client log files in temporary homes, real files, real parsing."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.env import Environment, FakeEnvironment
from mcplint.logs import log_files, parse_duration, summarise

TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"


def stamp(ago: timedelta) -> str:
    return (datetime.now(UTC) - ago).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def home_env(home: Path, platform: str) -> Environment:
    return Environment(platform=platform, home=str(home), cwd=str(home), environ={})


def test_claude_desktop_macos_logs(tmp_path: Path) -> None:
    logs = tmp_path / "Library" / "Logs" / "Claude"
    write(
        logs / "mcp-server-github.log",
        f"{stamp(timedelta(hours=30))} [github] [error] old failure\n"
        f"{stamp(timedelta(minutes=5))} [github] [info] Initializing server...\n"
        f"{stamp(timedelta(minutes=4))} [github] [error] Error: Cannot find module "
        "'/x/index.js'\n"
        f"{stamp(timedelta(minutes=3))} [github] [error] Server disconnected. token {TOKEN}\n",
    )
    write(
        logs / "mcp.log",
        f"{stamp(timedelta(minutes=2))} [info] [fs] Client transport closed\n"
        f"{stamp(timedelta(minutes=1))} [error] [fs] spawn npx ENOENT\n",
    )
    write(logs / "main.log", f"{stamp(timedelta(minutes=1))} [error] not an mcp log\n")
    env = home_env(tmp_path, "darwin")
    assert {Path(f.path).name for f in log_files(env)} == {"mcp-server-github.log", "mcp.log"}
    summary = summarise(env, since=parse_duration("1d"))
    by_server = {g.server: g for g in summary.servers}
    gh = by_server["github"]
    assert gh.count == 2  # the 30-hour-old error is outside --since
    assert "Cannot find module" in gh.last[0].message
    assert gh.last[0].cause == "a Node module is missing"
    assert TOKEN not in gh.last[1].message and "ghp_" in gh.last[1].message
    assert gh.last[0].timestamp is not None and gh.last[0].timestamp.endswith("Z")
    fs = by_server["fs"]
    assert fs.count == 1 and fs.last[0].cause == "the command is not on the client's PATH"


def test_claude_desktop_windows_and_linux_folders(tmp_path: Path) -> None:
    appdata = "C:\\Users\\me\\AppData\\Roaming"
    log = f"{stamp(timedelta(0))} [error] [a] EADDRINUSE\n"
    env = FakeEnvironment(
        platform="win32",
        home="C:\\Users\\me",
        environ={"APPDATA": appdata},
        files={f"{appdata}\\Claude\\logs\\mcp.log": log},
    )
    assert [f.client for f in log_files(env)] == ["claude-desktop"]
    env.clock = datetime.now(UTC).timestamp()
    assert summarise(env).servers[0].last[0].cause == "the port is already in use"
    linux = tmp_path / "lin"
    write(linux / ".config" / "Claude" / "logs" / "mcp-server-b.log", "x\n")
    assert [f.server for f in log_files(home_env(linux, "linux"))] == ["b"]


def test_claude_code_mcp_logs_and_vscode_output_logs(tmp_path: Path) -> None:
    cache = tmp_path / ".cache" / "claude-cli-nodejs" / "-home-u-proj" / "mcp-logs-db"
    items = [
        {"debug": "Starting connection", "timestamp": stamp(timedelta(minutes=9))},
        {
            "error": "Connection failed: ModuleNotFoundError: No module named 'psycopg'",
            "timestamp": stamp(timedelta(minutes=8)),
        },
    ]
    write(cache / "2026-01-01T00-00-00.txt", json.dumps(items))
    vscode = tmp_path / ".config" / "Code" / "logs" / "20260101T000000" / "window1" / "exthost"
    write(
        vscode / "mcpServer.mcp.config.usrlocal.weather.log",
        f"{stamp(timedelta(minutes=7))} [warning] Failed to parse message\n"
        f"{stamp(timedelta(minutes=6))} [error] Connection state: Error "
        "Process exited with code 1\n",
    )
    write(
        tmp_path / ".claude" / "debug" / "session.txt",
        f'{stamp(timedelta(minutes=5))} [DEBUG] MCP server "db": Starting connection\n'
        f'{stamp(timedelta(minutes=4))} [ERROR] MCP server "db": Connection failed: '
        "spawn uvx ENOENT\n",
    )
    env = home_env(tmp_path, "linux")
    assert {(f.client, f.server) for f in log_files(env) if f.server} == {
        ("claude-code", "db"),
        ("vscode", "weather"),
    }
    summary = summarise(env)
    by = {(g.client, g.server): g for g in summary.servers}
    db = by[("claude-code", "db")]
    assert db.count == 2 and len(db.files) == 2
    assert [e.cause for e in db.last] == [
        "a Python module is missing",
        "the command is not on the client's PATH",
    ]
    weather = by[("vscode", "weather")]
    assert weather.count == 1 and "exited with code 1" in weather.last[0].message


def test_logs_command(tmp_path: Path) -> None:
    logs = tmp_path / "Library" / "Logs" / "Claude"
    write(logs / "mcp-server-github.log", f"{stamp(timedelta(minutes=1))} [github] [error] boom\n")
    write(logs / "mcp-server-other.log", f"{stamp(timedelta(minutes=1))} [other] [error] bang\n")
    env = home_env(tmp_path, "darwin")
    out = io.StringIO()
    assert main(["logs", "--server", "github", "--since", "2h"], out, io.StringIO(), env=env) == 0
    assert "github (claude-desktop): 1 error" in out.getvalue() and "other" not in out.getvalue()
    out = io.StringIO()
    assert main(["logs", "--output-format", "json"], out, io.StringIO(), env=env) == 0
    doc = json.loads(out.getvalue())
    assert sorted(s["server"] for s in doc["servers"]) == ["github", "other"]
    err = io.StringIO()
    assert main(["logs", "--since", "soon"], io.StringIO(), err, env=env) == 2
    assert "invalid duration" in err.getvalue()


def test_no_logs(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["logs"], out, io.StringIO(), env=home_env(tmp_path, "linux")) == 0
    assert out.getvalue() == "No MCP client logs found on this machine.\n"


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200), ("7d", 604800)]
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds
