"""What the client of a file changes: the dialect the syntax rules hold it to (trailing commas,
comments, a byte-order mark), `--client NAME` on the command line, and `mcplint clients` on a
macOS and a Windows machine."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import mcplint
from mcplint.cli import main
from mcplint.clients import CLIENTS
from mcplint.env import FakeEnvironment

DATA = Path(__file__).parent / "data" / "clients"
LINUX = FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")
MAC = FakeEnvironment(platform="darwin", home="/Users/me", cwd="/Users/me/proj")

# Each client's file at its real path, and the key its servers live under.
CLAUDE_DESKTOP = "/Users/me/Library/Application Support/Claude/claude_desktop_config.json"
MCP_JSON = "/home/user/proj/.mcp.json"
CLAUDE_JSON = "/home/user/.claude.json"
CURSOR = "/home/user/proj/.cursor/mcp.json"
VSCODE = "/home/user/proj/.vscode/mcp.json"
WINDSURF = "/home/user/.codeium/windsurf/mcp_config.json"
GEMINI = "/home/user/proj/.gemini/settings.json"
ZED = "/home/user/proj/.zed/settings.json"
CLINE = "/home/user/.cline/data/settings/cline_mcp_settings.json"
SERVERS_KEY = {VSCODE: "servers", ZED: "context_servers"}


def env_for(path: str) -> FakeEnvironment:
    return MAC if path.startswith("/Users/") else LINUX


def config(path: str, *, comma: str = "", comment: str = "") -> str:
    """A valid config for the client of `path`; `comma` goes after the last server entry,
    `comment` on a line of its own before the servers key."""
    key = SERVERS_KEY.get(path, "mcpServers")
    return (
        "{\n"
        f"{comment}"
        f'  "{key}": {{\n'
        f'    "fs": {{"command": "npx", "args": ["-y", "pkg"]}}{comma}\n'
        "  }\n"
        "}\n"
    )


def found(text: str | bytes, path: str) -> list[tuple[str, int, int, str]]:
    return [
        (d.rule, d.start.line, d.start.column, d.severity.value)
        for d in mcplint.lint_text(text, path=path, env=env_for(path))
    ]


def test_the_template_is_valid_for_every_client() -> None:
    for path in (CLAUDE_DESKTOP, MCP_JSON, CLAUDE_JSON, CURSOR, VSCODE, WINDSURF, GEMINI, ZED):
        assert found(config(path), path) == [], path
    assert found(config(CLINE), CLINE) == []


# -- trailing commas -----------------------------------------------------------------------------


NAMES = {
    CLAUDE_DESKTOP: "claude-desktop",
    MCP_JSON: "mcp.json",
    CLAUDE_JSON: "claude.json",
    CURSOR: "cursor",
    VSCODE: "vscode",
    WINDSURF: "windsurf",
    GEMINI: "gemini",
    ZED: "zed",
    CLINE: "cline",
}


def ids(value: object) -> str | None:
    return NAMES.get(value) if isinstance(value, str) else None


@pytest.mark.parametrize(
    ("path", "severity", "phrase"),
    [
        (MCP_JSON, "error", "Claude Code's .mcp.json is read as strict JSON, which does not allow"),
        (CLAUDE_JSON, "error", "Claude Code's ~/.claude.json is read as strict JSON"),
        (
            CLAUDE_DESKTOP,
            "error",
            "Claude Desktop's claude_desktop_config.json is read as strict JSON",
        ),
        (CURSOR, "error", "Cursor's mcp.json is read as strict JSON"),
        (WINDSURF, "error", "Windsurf's mcp_config.json is read as strict JSON"),
        (CLINE, "error", "Cline's cline_mcp_settings.json is read as strict JSON"),
        # Gemini CLI strips comments but JSON.parse still rejects the comma
        (GEMINI, "error", "Gemini CLI's settings.json is read as JSON with comments but without"),
        (VSCODE, "info", "accepted here, but not portable to strict-JSON clients"),
        (ZED, "info", "accepted here, but not portable to strict-JSON clients"),
    ],
    ids=ids,
)
def test_trailing_comma_per_client(path: str, severity: str, phrase: str) -> None:
    text = config(path, comma=",")
    (d,) = mcplint.lint_text(text, path=path, env=env_for(path))
    line = text.splitlines()[2]  # the comma ends the server entry's line
    assert (d.rule, d.start.line, d.start.column, d.end.column, d.severity.value) == (
        "trailing-comma",
        3,
        len(line),
        len(line) + 1,
        severity,
    )
    assert phrase in d.message
    if path == ZED:  # an editor's settings: not restyled unless the rule is selected by name
        assert d.fix is None
        return
    assert d.fix is not None and d.fix.is_safe
    new, applied = mcplint.fix_text(text, path=path, env=env_for(path))
    assert new == config(path) and len(applied) == 1
    assert json.loads(new)


# -- comments ----------------------------------------------------------------------------------

COMMENTS = "  // my servers\n  /* more */\n"


@pytest.mark.parametrize(
    "path", [MCP_JSON, CLAUDE_JSON, CLAUDE_DESKTOP, CURSOR, WINDSURF, CLINE], ids=ids
)
def test_comment_is_an_error_where_the_client_reads_strict_json(path: str) -> None:
    text = config(path, comment=COMMENTS)
    diagnostics = mcplint.lint_text(text, path=path, env=env_for(path))
    assert [(d.rule, d.start.line, d.start.column, d.end.column) for d in diagnostics] == [
        ("comment-in-strict-json", 2, 3, 16),
        ("comment-in-strict-json", 3, 3, 13),
    ]
    assert all(d.severity.value == "error" for d in diagnostics)
    assert "is read as strict JSON, which has no comments" in diagnostics[0].message
    # Removing a comment drops the user's text: unsafe, not applied by default.
    assert mcplint.fix_text(text, path=path, env=env_for(path)).text == text
    new, _ = mcplint.fix_text(text, path=path, env=env_for(path), unsafe=True)
    assert json.loads(new) == json.loads(config(path))


@pytest.mark.parametrize("path", [VSCODE, GEMINI, ZED], ids=ids)
def test_comment_is_fine_where_the_client_reads_jsonc(path: str) -> None:
    assert found(config(path, comment=COMMENTS), path) == []


def test_gemini_allows_comments_but_rejects_trailing_commas() -> None:
    text = config(GEMINI, comment=COMMENTS, comma=",")
    assert found(text, GEMINI) == [("trailing-comma", 5, 52, "error")]


# -- byte-order mark ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "severity", "phrase"),
    [
        (MCP_JSON, "info", "this client strips it"),
        (CLAUDE_JSON, "info", "this client strips it"),
        (VSCODE, "info", "this client strips it"),
        (
            CLAUDE_DESKTOP,
            "error",
            "Claude Desktop's claude_desktop_config.json is read as strict JSON and rejects it",
        ),
        (CLINE, "error", "Cline's cline_mcp_settings.json is read as strict JSON and rejects it"),
    ],
    ids=ids,
)
@pytest.mark.parametrize("as_bytes", [True, False], ids=["bytes", "text"])
def test_byte_order_mark_per_client(path: str, severity: str, phrase: str, as_bytes: bool) -> None:
    text = "\ufeff" + config(path)
    data: str | bytes = text.encode("utf-8") if as_bytes else text
    (d,) = mcplint.lint_text(data, path=path, env=env_for(path))
    assert (d.rule, d.start.line, d.start.column, d.severity.value) == (
        "byte-order-mark",
        1,
        1,
        severity,
    )
    assert phrase in d.message
    new, applied = mcplint.fix_text(text, path=path, env=env_for(path))
    assert new == config(path) and [a.rule for a in applied] == ["byte-order-mark"]


# -- --client NAME -------------------------------------------------------------------------------

X_JSON = "/home/user/x.json"


def run(argv: list[str], env: FakeEnvironment) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, env=env)
    return code, out.getvalue(), err.getvalue()


def check_json(
    client: str | None, text: str, select: str | None = None
) -> tuple[int, list[dict[str, object]]]:
    env = FakeEnvironment(platform="linux", home="/home/user", files={X_JSON: text})
    argv = ["check", "--output-format", "json", "--ignore", "machine", X_JSON]
    if client is not None:
        argv[1:1] = ["--client", client]
    if select is not None:
        argv[1:1] = ["--select", select]
    code, out, err = run(argv, env)
    assert err == ""
    return code, json.loads(out)["diagnostics"]


def _ok_fixtures() -> list[tuple[str, Path]]:
    return [
        (client.name, f)
        for client in sorted(DATA.iterdir())
        if client.is_dir()
        for f in sorted((client / "ok").rglob("*"))
        if f.is_file()
    ]


def _override_params() -> list[object]:
    return [
        pytest.param(
            client,
            file,
            id=f"{client}:{file.name}",
        )
        for client, file in _ok_fixtures()
    ]


@pytest.mark.parametrize(("client", "file"), _override_params())
def test_client_override_reads_x_json_as_that_client(client: str, file: Path) -> None:
    # Each client's valid config from tests/data/clients, under a name no client uses.
    # The file's text and structure (the semantic rule families have their own tests).
    text = file.read_text(encoding="utf-8")
    code, diagnostics = check_json(client, text, select="syntax,structure,tool")
    assert (code, diagnostics) == (0, [])


# One document, read as each client: the dialect and the servers key follow `--client`.
SHARED = '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"],}}}\n'
COMMA = {"line": 1, "column": 63, "offset": 62}


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        ("claude-desktop", [("trailing-comma", "error", "Claude Desktop's")]),
        ("claude-code", [("trailing-comma", "error", "Claude Code's .mcp.json")]),
        ("cursor", [("trailing-comma", "error", "Cursor's mcp.json")]),
        ("windsurf", [("trailing-comma", "error", "Windsurf's mcp_config.json")]),
        ("gemini", [("trailing-comma", "error", "Gemini CLI's settings.json")]),
        ("cline", [("trailing-comma", "error", "Cline's cline_mcp_settings.json")]),
        (
            "vscode",
            [
                ("misplaced-servers", "error", "VS Code reads servers from `servers`"),
                ("trailing-comma", "info", "accepted here"),
            ],
        ),
        (
            "zed",
            [
                ("misplaced-servers", "error", "Zed reads MCP servers from `context_servers`"),
                ("trailing-comma", "info", "accepted here"),
            ],
        ),
        ("codex", [("syntax-error", "error", "")]),  # read as TOML
        (
            "claude-code-settings",  # a file-kind id works too
            [
                ("misplaced-servers", "error", "never reads servers from settings files"),
                ("trailing-comma", "error", "Claude Code's settings.json"),
            ],
        ),
    ],
)
def test_client_override_decides_dialect_and_structure(
    client: str, expected: list[tuple[str, str, str]]
) -> None:
    code, diagnostics = check_json(client, SHARED)
    assert code == 1
    assert [(d["rule"], d["severity"]) for d in diagnostics] == [e[:2] for e in expected]
    for d, (_, _, phrase) in zip(diagnostics, expected, strict=True):
        assert phrase in str(d["message"])
        if d["rule"] == "trailing-comma":
            assert d["start"] == COMMA


def test_client_override_covers_every_client() -> None:
    ids = {c.id for c in CLIENTS}
    assert ids == {c for c, _ in _ok_fixtures()}


def test_without_override_x_json_is_sniffed_and_toml_is_not_json() -> None:
    toml = '[mcp_servers.fs]\ncommand = "npx"\nargs = ["-y", "pkg"]\n'
    code, diagnostics = check_json(None, toml)
    assert code == 1 and diagnostics[0]["rule"] == "syntax-error"  # read as JSON
    assert check_json("codex", toml) == (0, [])


def test_client_override_text_output_names_the_file_position_and_rule() -> None:
    env = FakeEnvironment(platform="linux", home="/home/user", files={X_JSON: SHARED})
    code, out, _ = run(["--client", "vscode", X_JSON], env)
    assert code == 1
    assert out.startswith(
        "/home/user/x.json:1:2: MCP103 [misplaced-servers] `mcpServers` is not read here: "
        "VS Code reads servers from `servers`"
    )
    assert "/home/user/x.json:1:63: MCP002 [trailing-comma] trailing comma" in out


def test_unknown_client_is_a_usage_error_listing_the_known_ones() -> None:
    env = FakeEnvironment(platform="linux", home="/home/user", files={X_JSON: SHARED})
    code, out, err = run(["--client", "claude", X_JSON], env)
    assert (code, out) == (2, "")
    assert "unknown client 'claude'" in err and "claude-desktop" in err and "zed" in err


# -- mcplint clients ---------------------------------------------------------------------------

EMPTY = '{"mcpServers": {}}'


def clients_output(env: FakeEnvironment) -> str:
    code, out, err = run(["clients"], env)
    assert (code, err) == (0, "")
    return out


def section(out: str, title: str) -> list[str]:
    """The lines of one client's block in `mcplint clients`."""
    blocks = {b.splitlines()[0]: b.splitlines()[1:] for b in out.strip().split("\n\n")}
    return blocks[title]


def test_clients_on_macos_lists_the_files_found() -> None:
    env = FakeEnvironment(
        platform="darwin",
        home="/Users/me",
        cwd="/Users/me/proj",
        files={
            CLAUDE_DESKTOP: EMPTY,
            "/Users/me/.claude.json": EMPTY,
            "/Users/me/proj/.mcp.json": EMPTY,
            "/Users/me/proj/.git/HEAD": "ref: refs/heads/main\n",
            "/Library/Application Support/ClaudeCode/managed-mcp.json": EMPTY,
            "/Users/me/.cursor/mcp.json": EMPTY,
            "/Users/me/proj/.vscode/mcp.json": '{"servers": {}}',
            "/Users/me/Library/Application Support/Code/User/mcp.json": '{"servers": {}}',
            "/Users/me/.codeium/windsurf/mcp_config.json": EMPTY,
            "/Users/me/.gemini/settings.json": EMPTY,
            "/Users/me/.config/zed/settings.json": "{}",
            "/Users/me/.codex/config.toml": "",
            "/Users/me/.cline/data/settings/cline_mcp_settings.json": EMPTY,
        },
    )
    out = clients_output(env)
    assert section(out, "Claude Desktop (claude-desktop)") == [
        "  kind claude-desktop: strict JSON",
        f"  found    [user] {CLAUDE_DESKTOP}",
    ]
    claude_code = section(out, "Claude Code (claude-code)")
    assert "  found    [user] /Users/me/.claude.json" in claude_code
    assert "  found    [project] /Users/me/proj/.mcp.json" in claude_code
    assert (
        "  found    [managed] /Library/Application Support/ClaudeCode/managed-mcp.json"
        in claude_code
    )
    assert "  absent   [user] /Users/me/.claude/settings.json" in claude_code
    vscode = section(out, "VS Code (vscode)")
    assert "  kind vscode: JSONC" in vscode
    assert "  found    [user] /Users/me/Library/Application Support/Code/User/mcp.json" in vscode
    assert "  found    [project] /Users/me/proj/.vscode/mcp.json" in vscode
    expected_found = {
        "Cursor (cursor)": "[user] /Users/me/.cursor/mcp.json",
        "Windsurf (windsurf)": "[user] /Users/me/.codeium/windsurf/mcp_config.json",
        "Gemini CLI (gemini)": "[user] /Users/me/.gemini/settings.json",
        "Zed (zed)": "[user] /Users/me/.config/zed/settings.json",
        "Codex (codex)": "[user] /Users/me/.codex/config.toml",
        "Cline (cline)": "[user] /Users/me/.cline/data/settings/cline_mcp_settings.json",
    }
    for title, line in expected_found.items():
        assert f"  found    {line}" in section(out, title), title
    assert "  kind gemini: JSON with comments, no trailing commas" in section(
        out, "Gemini CLI (gemini)"
    )
    assert "  kind codex: TOML" in section(out, "Codex (codex)")


def test_clients_on_windows_lists_the_files_found() -> None:
    home = "C:\\Users\\me"
    appdata = home + "\\AppData\\Roaming"
    env = FakeEnvironment(
        platform="win32",
        home=home,
        cwd=home + "\\proj",
        environ={"APPDATA": appdata, "LOCALAPPDATA": home + "\\AppData\\Local"},
        files={
            appdata + "\\Claude\\claude_desktop_config.json": EMPTY,
            home + "\\.claude.json": EMPTY,
            home + "\\proj\\.mcp.json": EMPTY,
            "C:\\Program Files\\ClaudeCode\\managed-mcp.json": EMPTY,
            home + "\\.cursor\\mcp.json": EMPTY,
            appdata + "\\Code\\User\\mcp.json": '{"servers": {}}',
            home + "\\.codeium\\windsurf\\mcp_config.json": EMPTY,
            home + "\\.gemini\\settings.json": EMPTY,
            appdata + "\\Zed\\settings.json": "{}",
            home + "\\.codex\\config.toml": "",
            home + "\\.cline\\data\\settings\\cline_mcp_settings.json": EMPTY,
        },
    )
    out = clients_output(env)
    assert "/" not in "".join(line for line in out.splitlines() if "found" in line)
    claude_desktop = section(out, "Claude Desktop (claude-desktop)")
    assert f"  found    [user] {appdata}\\Claude\\claude_desktop_config.json" in claude_desktop
    # the MSIX build's file is where the client would look too
    assert (
        f"  absent   [user] {home}\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache"
        "\\Roaming\\Claude\\claude_desktop_config.json" in claude_desktop
    )
    claude_code = section(out, "Claude Code (claude-code)")
    assert f"  found    [user] {home}\\.claude.json" in claude_code
    assert f"  found    [project] {home}\\proj\\.mcp.json" in claude_code
    assert "  found    [managed] C:\\Program Files\\ClaudeCode\\managed-mcp.json" in claude_code
    expected_found = {
        "Cursor (cursor)": f"[user] {home}\\.cursor\\mcp.json",
        "VS Code (vscode)": f"[user] {appdata}\\Code\\User\\mcp.json",
        "Windsurf (windsurf)": f"[user] {home}\\.codeium\\windsurf\\mcp_config.json",
        "Gemini CLI (gemini)": f"[user] {home}\\.gemini\\settings.json",
        "Zed (zed)": f"[user] {appdata}\\Zed\\settings.json",
        "Codex (codex)": f"[user] {home}\\.codex\\config.toml",
        "Cline (cline)": f"[user] {home}\\.cline\\data\\settings\\cline_mcp_settings.json",
    }
    for title, line in expected_found.items():
        assert f"  found    {line}" in section(out, title), title


def test_clients_on_windows_marks_the_classic_claude_desktop_file_superseded_by_msix() -> None:
    home = "C:\\Users\\me"
    classic = home + "\\AppData\\Roaming\\Claude\\claude_desktop_config.json"
    msix = (
        home + "\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude"
        "\\claude_desktop_config.json"
    )
    env = FakeEnvironment(platform="win32", home=home, files={classic: EMPTY, msix: EMPTY})
    lines = section(clients_output(env), "Claude Desktop (claude-desktop)")
    assert lines[1].startswith(f"  found    [user] {classic} (superseded): classic installer")
    assert lines[2] == f"  found    [user] {msix}"


def test_clients_with_nothing_installed_lists_where_each_client_would_look() -> None:
    out = clients_output(FakeEnvironment(platform="darwin", home="/Users/me"))
    assert "found" not in out
    assert f"  absent   [user] {CLAUDE_DESKTOP}" in section(out, "Claude Desktop (claude-desktop)")
    assert [line.split(" (")[0] for line in out.splitlines() if line and line[0] != " "] == [
        c.name for c in CLIENTS
    ]
