"""Discovery covers every scope a client reads (issue 11): each project listed in
`~/.claude.json`, `CLAUDE_CONFIG_DIR`, and the overrides of the other clients; `mcplint` with no
arguments says which files it read and their scopes. On `FakeEnvironment` machines."""

from __future__ import annotations

import io
import json

from mcplint.cli import main
from mcplint.discovery import discover
from mcplint.env import FakeEnvironment

HOME = "/home/me"
SERVERS = '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"]}}}\n'


def found(env: FakeEnvironment) -> list[tuple[str, str, str]]:
    return [(f.path, f.kind.id, f.scope) for f in discover(env)]


def test_every_project_listed_in_claude_json() -> None:
    claude_json = json.dumps(
        {
            "projects": {
                "/src/api": {"mcpServers": {}},
                "/src/web": {},
                "/src/gone": {},  # the folder no longer exists
                "relative/path": {},
            }
        }
    )
    env = FakeEnvironment(
        home=HOME,
        cwd="/tmp",
        files={
            f"{HOME}/.claude.json": claude_json,
            "/src/api/.mcp.json": SERVERS,
            "/src/api/.claude/settings.local.json": '{"enabledMcpjsonServers": ["fs"]}',
            "/src/web/.claude/settings.json": "{}",
            "/src/web/README.md": "",
        },
    )
    assert found(env) == [
        (f"{HOME}/.claude.json", "claude-code-user", "user"),
        ("/src/api/.mcp.json", "claude-code-mcp-json", "project"),
        ("/src/api/.claude/settings.local.json", "claude-code-settings", "local"),
        ("/src/web/.claude/settings.json", "claude-code-settings", "project"),
    ]


def test_a_project_in_the_working_directory_is_listed_once() -> None:
    env = FakeEnvironment(
        home=HOME,
        cwd="/src/api",
        files={
            f"{HOME}/.claude.json": json.dumps({"projects": {"/src/api": {}}}),
            "/src/api/.mcp.json": SERVERS,
        },
    )
    assert [p for p, _, _ in found(env)].count("/src/api/.mcp.json") == 1


def test_a_broken_claude_json_lists_no_projects_and_does_not_fail() -> None:
    env = FakeEnvironment(home=HOME, cwd="/tmp", files={f"{HOME}/.claude.json": "{,"})
    assert found(env) == [(f"{HOME}/.claude.json", "claude-code-user", "user")]


def test_claude_config_dir() -> None:
    env = FakeEnvironment(
        home=HOME,
        cwd="/tmp",
        environ={"CLAUDE_CONFIG_DIR": "/cfg/claude"},
        files={
            "/cfg/claude/.claude.json": "{}",
            "/cfg/claude/settings.json": "{}",
            f"{HOME}/.claude.json": "{}",  # not read while CLAUDE_CONFIG_DIR is set
        },
    )
    assert found(env) == [
        ("/cfg/claude/.claude.json", "claude-code-user", "user"),
        ("/cfg/claude/settings.json", "claude-code-settings", "user"),
    ]


def test_documented_overrides_of_other_clients() -> None:
    env = FakeEnvironment(
        home=HOME,
        cwd="/tmp",
        environ={
            "CODEX_HOME": "/opt/codex",
            "XDG_CONFIG_HOME": "/xdg",
            "GEMINI_CLI_SYSTEM_SETTINGS_PATH": "/etc/gem.json",
        },
        files={
            "/opt/codex/config.toml": "",
            "/xdg/zed/settings.json": '{"context_servers": {}}',
            "/etc/gem.json": "{}",
            f"{HOME}/.config/Code - Insiders/User/mcp.json": '{"servers": {}}',
            f"{HOME}/.config/Code/User/profiles/abc1/mcp.json": '{"servers": {}}',
        },
    )
    paths = {p: (kind, scope) for p, kind, scope in found(env)}
    assert paths["/opt/codex/config.toml"] == ("codex", "user")
    assert paths["/xdg/zed/settings.json"] == ("zed", "user")
    assert paths["/etc/gem.json"] == ("gemini", "managed")
    # VS Code's user folder follows XDG_CONFIG_HOME on Linux: these are not read
    assert f"{HOME}/.config/Code - Insiders/User/mcp.json" not in paths
    env = FakeEnvironment(
        home=HOME,
        cwd="/tmp",
        files={
            f"{HOME}/.config/Code - Insiders/User/mcp.json": '{"servers": {}}',
            f"{HOME}/.config/Code/User/profiles/abc1/mcp.json": '{"servers": {}}',
        },
    )
    assert [(k, s) for _, k, s in found(env)] == [("vscode", "user"), ("vscode", "user")]


def run(env: FakeEnvironment, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, env=env, stdin=io.BytesIO())
    return code, out.getvalue(), err.getvalue()


def test_no_arguments_lists_the_files_read_and_their_scopes() -> None:
    env = FakeEnvironment(
        home=HOME,
        cwd="/tmp",
        files={
            f"{HOME}/.claude.json": json.dumps({"projects": {"/src/api": {}}}),
            "/src/api/.mcp.json": SERVERS,
            f"{HOME}/.cursor/mcp.json": SERVERS,
        },
    )
    code, out, err = run(env)
    assert code == 0, out + err
    assert out.startswith("Checking 3 files:\n")
    assert f"  {HOME}/.claude.json  [claude-code, claude-code-user, user scope]\n" in out
    assert "  /src/api/.mcp.json  [claude-code, claude-code-mcp-json, project scope]\n" in out
    assert f"  {HOME}/.cursor/mcp.json  [cursor, cursor, user scope]\n" in out
    assert out.endswith("No problems found in 3 files.\n")
    assert run(env, "-q") == (0, "", "")
