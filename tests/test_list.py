"""`mcplint list`: every server of every client and scope, secrets masked, drift marked."""

from __future__ import annotations

import io
import json

from mcplint.cli import main
from mcplint.env import FakeEnvironment
from mcplint.inventory import inventory

HOME = "/home/u"
TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"

CURSOR = """{
  "mcpServers": {
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github"],
      "env": {"GITHUB_TOKEN": "TOKEN"}
    },
    "remote": {"url": "https://mcp.example.com/mcp?key=TOKEN"}
  }
}
""".replace("TOKEN", TOKEN)

CLAUDE = """{
  "mcpServers": {
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github@1.0.0"]
    },
    "fs": {"command": "npx", "args": ["-y", "server-fs", "/tmp"]}
  },
  "projects": {
    "/home/u/work": {
      "mcpServers": {"local-one": {"command": "uvx", "args": ["thing"]}}
    }
  }
}
"""

GEMINI = """{
  "mcpServers": {
    "fs": {"command": "npx", "args": ["-y", "server-fs", "/tmp"]}
  }
}
"""


def machine() -> FakeEnvironment:
    return FakeEnvironment(
        platform="linux",
        home=HOME,
        cwd="/home/u/elsewhere",
        files={
            f"{HOME}/.cursor/mcp.json": CURSOR,
            f"{HOME}/.claude.json": CLAUDE,
            f"{HOME}/.gemini/settings.json": GEMINI,
        },
    )


def test_rows_name_client_scope_line_transport_and_mask_secrets() -> None:
    inv = inventory(machine())
    rows = {(r.client, r.name): r for r in inv.rows}
    gh = rows[("cursor", "github")]
    assert (gh.scope, gh.path, gh.line, gh.transport) == (
        "user",
        f"{HOME}/.cursor/mcp.json",
        3,
        "stdio",
    )
    assert gh.target == "npx -y @modelcontextprotocol/server-github"
    remote = rows[("cursor", "remote")]
    assert remote.transport == "http" and remote.line == 8
    assert TOKEN not in remote.target and remote.target.startswith(
        "https://mcp.example.com/mcp?key="
    )
    local = rows[("claude-code", "local-one")]
    assert (local.scope, local.project, local.line) == ("local", "/home/u/work", 11)
    assert rows[("claude-code", "fs")].scope == "user"


def test_drift_only_for_differing_entries_across_clients() -> None:
    inv = inventory(machine())
    drift = {(r.client, r.name): r.drift for r in inv.rows}
    assert drift[("cursor", "github")] == ["args", "env"]
    assert drift[("claude-code", "github")] == ["args", "env"]
    assert drift[("claude-code", "fs")] == [] and drift[("gemini", "fs")] == []  # identical
    assert list(inv.drifted()) == ["github"]


def test_list_command_text_and_json() -> None:
    out = io.StringIO()
    assert main(["list"], out, io.StringIO(), env=machine()) == 0
    text = out.getvalue()
    assert "github (drift)" in text and f"{HOME}/.cursor/mcp.json:3" in text
    assert "github: claude-code, cursor (differ in args, env)" in text
    assert TOKEN not in text
    out = io.StringIO()
    assert main(["list", "--output-format", "json"], out, io.StringIO(), env=machine()) == 0
    doc = json.loads(out.getvalue())
    assert TOKEN not in out.getvalue()
    names = [(s["client"], s["name"]) for s in doc["servers"]]
    assert ("gemini", "fs") in names and ("claude-code", "local-one") in names
    first = doc["servers"][0]
    assert set(first) >= {"name", "client", "scope", "path", "line", "transport", "target", "drift"}


def test_unparsable_file_is_a_warning_not_a_traceback() -> None:
    env = FakeEnvironment(home=HOME, files={f"{HOME}/.cursor/mcp.json": "{"})
    out = io.StringIO()
    assert main(["list"], out, io.StringIO(), env=env) == 0
    assert "No MCP servers found" in out.getvalue()
    env = FakeEnvironment(home=HOME, files={f"{HOME}/.cursor/mcp.json": "[[[["})
    inv = inventory(env)
    assert inv.rows == []
