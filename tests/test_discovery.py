"""Discovery on fake macOS, Windows and Linux machines: exact paths found, files in the wrong
places not found, the project walk stopping at the repository root."""

from __future__ import annotations

from mcplint.discovery import (
    Found,
    candidates,
    client_reports,
    clients_report,
    discover,
    project_dirs,
)
from mcplint.env import FakeEnvironment


def _table(found: list[Found]) -> set[tuple[str, str, str]]:
    return {(f.path, f.kind.id, f.scope) for f in found}


# -- macOS -----------------------------------------------------------------------------------

MAC_HOME = "/Users/me"
MAC_SUPPORT = MAC_HOME + "/Library/Application Support"
MAC_REPO = MAC_HOME + "/code/repo"
MAC_RIGHT = {
    MAC_SUPPORT + "/Claude/claude_desktop_config.json": ("claude-desktop", "user"),
    MAC_HOME + "/.claude.json": ("claude-code-user", "user"),
    MAC_HOME + "/.claude/settings.json": ("claude-code-settings", "user"),
    "/Library/Application Support/ClaudeCode/managed-mcp.json": (
        "claude-code-managed-mcp",
        "managed",
    ),
    "/Library/Application Support/ClaudeCode/managed-settings.d/10-mcp.json": (
        "claude-code-settings",
        "managed",
    ),
    MAC_HOME + "/.cursor/mcp.json": ("cursor", "user"),
    MAC_SUPPORT + "/Code/User/mcp.json": ("vscode", "user"),
    MAC_SUPPORT + "/Code/User/profiles/p1/mcp.json": ("vscode", "user"),
    MAC_HOME + "/.codeium/windsurf/mcp_config.json": ("windsurf", "user"),
    MAC_HOME + "/.gemini/settings.json": ("gemini", "user"),
    MAC_HOME + "/.config/zed/settings.json": ("zed", "user"),
    MAC_HOME + "/.codex/config.toml": ("codex", "user"),
    MAC_HOME + "/.cline/data/settings/cline_mcp_settings.json": ("cline", "user"),
    # the project: repo root and the folders down to cwd
    MAC_REPO + "/.mcp.json": ("claude-code-mcp-json", "project"),
    MAC_REPO + "/pkg/.mcp.json": ("claude-code-mcp-json", "project"),
    MAC_REPO + "/pkg/sub/.cursor/mcp.json": ("cursor", "project"),
    MAC_REPO + "/.vscode/mcp.json": ("vscode", "project"),
    MAC_REPO + "/.claude/settings.json": ("claude-code-settings", "project"),
    MAC_REPO + "/.claude/settings.local.json": ("claude-code-settings", "local"),
    MAC_REPO + "/.gemini/settings.json": ("gemini", "project"),
    MAC_REPO + "/.zed/settings.json": ("zed", "project"),
    MAC_REPO + "/.codex/config.toml": ("codex", "project"),
}
MAC_WRONG = [
    MAC_HOME + "/.config/Claude/claude_desktop_config.json",  # Linux path
    MAC_SUPPORT + "/Zed/settings.json",  # Zed's support dir, not its config dir
    MAC_SUPPORT + "/Cursor/mcp.json",
    MAC_SUPPORT + "/Claude/config.json",  # the app's own settings, not the MCP config
    "/etc/claude-code/managed-mcp.json",  # Linux path
    "/Library/Application Support/ClaudeCode/managed-settings.d/.hidden.json",
    "/Library/Application Support/ClaudeCode/managed-settings.d/notes.txt",
    MAC_HOME + "/code/.mcp.json",  # above the repository root
    MAC_HOME + "/.mcp.json",
    MAC_REPO + "/pkg/sub/deeper/.mcp.json",  # below cwd
    MAC_REPO + "/.vscode/settings.json",
]


def _mac() -> FakeEnvironment:
    files = dict.fromkeys([*MAC_RIGHT, *MAC_WRONG], "{}")
    return FakeEnvironment(
        platform="darwin",
        home=MAC_HOME,
        cwd=MAC_REPO + "/pkg/sub",
        # XDG variables must not move macOS app folders
        environ={"XDG_CONFIG_HOME": "/Users/me/xdg"},
        files=files,
        dirs=[MAC_REPO + "/.git"],
    )


def test_discover_macos_exact() -> None:
    found = discover(_mac())
    assert _table(found) == {(p, k, s) for p, (k, s) in MAC_RIGHT.items()}
    assert all(f.status == "read" or f.status == "unconfirmed" for f in found)
    assert len(found) == len({f.path for f in found})


def test_discover_macos_order() -> None:
    paths = [f.path for f in discover(_mac())]
    # client order: Claude Desktop first; project .mcp.json nearest folder first
    assert paths[0] == MAC_SUPPORT + "/Claude/claude_desktop_config.json"
    assert paths.index(MAC_REPO + "/pkg/.mcp.json") < paths.index(MAC_REPO + "/.mcp.json")
    assert paths.index(MAC_HOME + "/.claude.json") < paths.index(MAC_REPO + "/.mcp.json")


def test_project_dirs_stop_at_repo_root() -> None:
    assert project_dirs(_mac()) == [MAC_REPO + "/pkg/sub", MAC_REPO + "/pkg", MAC_REPO]


def test_git_file_marks_a_root_too() -> None:
    env = FakeEnvironment(
        platform="linux", home="/home/me", cwd="/w/wt/src", files={"/w/wt/.git": "gitdir: x"}
    )
    assert project_dirs(env) == ["/w/wt/src", "/w/wt"]


# -- Windows ---------------------------------------------------------------------------------

WIN_HOME = "C:\\Users\\me"
ROAMING = WIN_HOME + "\\AppData\\Roaming"
LOCAL = WIN_HOME + "\\AppData\\Local"
MSIX = LOCAL + "\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude"
WIN_RIGHT = {
    ROAMING + "\\Claude\\claude_desktop_config.json": ("claude-desktop", "user"),
    MSIX + "\\claude_desktop_config.json": ("claude-desktop", "user"),
    WIN_HOME + "\\.claude.json": ("claude-code-user", "user"),
    "C:\\Program Files\\ClaudeCode\\managed-settings.json": ("claude-code-settings", "managed"),
    "C:\\ProgramData\\ClaudeCode\\managed-settings.json": ("claude-code-settings", "managed"),
    WIN_HOME + "\\.cursor\\mcp.json": ("cursor", "user"),
    ROAMING + "\\Code - Insiders\\User\\mcp.json": ("vscode", "user"),
    ROAMING + "\\Zed\\settings.json": ("zed", "user"),
    WIN_HOME + "\\.codex\\config.toml": ("codex", "user"),
    "C:\\ProgramData\\gemini-cli\\settings.json": ("gemini", "managed"),
    ROAMING + "\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings"
    "\\cline_mcp_settings.json": ("cline", "user"),
    "C:\\work\\repo\\.mcp.json": ("claude-code-mcp-json", "project"),
    "C:\\work\\repo\\src\\.vscode\\mcp.json": ("vscode", "project"),
}
WIN_WRONG = [
    ROAMING + "\\Cursor\\mcp.json",  # Cursor uses %USERPROFILE%\.cursor on Windows
    WIN_HOME + "\\Library\\Application Support\\Claude\\claude_desktop_config.json",
    WIN_HOME + "\\.config\\zed\\settings.json",  # macOS/Linux place
    "C:\\work\\.mcp.json",  # above the repository root
]


def _win() -> FakeEnvironment:
    return FakeEnvironment(
        platform="win32",
        home=WIN_HOME,
        cwd="C:\\work\\repo\\src",
        environ={"APPDATA": ROAMING, "LOCALAPPDATA": LOCAL, "USERPROFILE": WIN_HOME},
        files=dict.fromkeys([*WIN_RIGHT, *WIN_WRONG], "{}"),
        dirs=["C:\\work\\repo\\.git"],
    )


def test_discover_windows_exact() -> None:
    found = discover(_win())
    assert _table(found) == {(p, k, s) for p, (k, s) in WIN_RIGHT.items()}


def test_windows_statuses() -> None:
    status = {f.path: f.status for f in discover(_win())}
    # The MSIX build is installed, so the classic file is not the one the app reads.
    assert status[ROAMING + "\\Claude\\claude_desktop_config.json"] == "superseded"
    assert status[MSIX + "\\claude_desktop_config.json"] == "read"
    assert status["C:\\ProgramData\\ClaudeCode\\managed-settings.json"] == "legacy"
    assert status["C:\\Program Files\\ClaudeCode\\managed-settings.json"] == "read"
    legacy_cline = [p for p in status if p.endswith("cline_mcp_settings.json")]
    assert [status[p] for p in legacy_cline] == ["legacy"]


def test_windows_classic_desktop_without_msix_is_read() -> None:
    path = ROAMING + "\\Claude\\claude_desktop_config.json"
    env = FakeEnvironment(
        platform="win32", home=WIN_HOME, environ={"APPDATA": ROAMING}, files={path: "{}"}
    )
    assert [(f.path, f.status) for f in discover(env)] == [(path, "read")]


def test_windows_appdata_default_without_variable() -> None:
    path = WIN_HOME + "\\AppData\\Roaming\\Code\\User\\mcp.json"
    env = FakeEnvironment(platform="win32", home=WIN_HOME, files={path: "{}"})
    assert [f.path for f in discover(env)] == [path]


# -- Linux -----------------------------------------------------------------------------------

LINUX_HOME = "/home/me"
LINUX_RIGHT = {
    "/home/me/xdg/Claude/claude_desktop_config.json": ("claude-desktop", "user"),
    "/home/me/xdg/zed/settings.json": ("zed", "user"),
    "/home/me/xdg/Code/User/mcp.json": ("vscode", "user"),
    "/home/me/xdg/VSCodium/User/mcp.json": ("vscode", "user"),
    "/etc/claude-code/managed-mcp.json": ("claude-code-managed-mcp", "managed"),
    "/opt/gemini-system.json": ("gemini", "managed"),
    "/home/me/cx/config.toml": ("codex", "user"),
    "/etc/codex/config.toml": ("codex", "managed"),
    "/home/me/cl/data/settings/cline_mcp_settings.json": ("cline", "user"),
    "/home/me/p/q/.mcp.json": ("claude-code-mcp-json", "project"),
}
LINUX_WRONG = [
    "/home/me/.config/Claude/claude_desktop_config.json",  # XDG_CONFIG_HOME moved it
    "/home/me/.config/zed/settings.json",
    "/etc/gemini-cli/settings.json",  # replaced by GEMINI_CLI_SYSTEM_SETTINGS_PATH
    "/home/me/.codex/config.toml",  # replaced by CODEX_HOME
    "/home/me/.cline/data/settings/cline_mcp_settings.json",  # replaced by CLINE_DIR
    "/home/me/p/.mcp.json",  # no repository: only cwd
    "/Library/Application Support/ClaudeCode/managed-mcp.json",  # macOS path
]


def _linux() -> FakeEnvironment:
    return FakeEnvironment(
        platform="linux",
        home=LINUX_HOME,
        cwd="/home/me/p/q",
        environ={
            "XDG_CONFIG_HOME": "/home/me/xdg",
            "GEMINI_CLI_SYSTEM_SETTINGS_PATH": "/opt/gemini-system.json",
            "CODEX_HOME": "/home/me/cx",
            "CLINE_DIR": "/home/me/cl",
        },
        files=dict.fromkeys([*LINUX_RIGHT, *LINUX_WRONG], "{}"),
    )


def test_discover_linux_exact() -> None:
    found = discover(_linux())
    assert _table(found) == {(p, k, s) for p, (k, s) in LINUX_RIGHT.items()}
    status = {f.path: f.status for f in found}
    assert status["/home/me/xdg/Claude/claude_desktop_config.json"] == "unconfirmed"
    assert status["/home/me/xdg/VSCodium/User/mcp.json"] == "unconfirmed"


def test_project_without_repository_is_cwd_only() -> None:
    assert project_dirs(_linux()) == ["/home/me/p/q"]


def test_linux_defaults_and_flatpak() -> None:
    files = {
        "/home/me/.config/Claude/claude_desktop_config.json": "{}",
        "/home/me/.config/zed/settings.json": "{}",
        "/home/me/.cline/data/settings/cline_mcp_settings.json": "{}",
        "/home/me/.codex/config.toml": "",
        "/etc/gemini-cli/settings.json": "{}",
    }
    env = FakeEnvironment(platform="linux", home="/home/me", cwd="/tmp", files=files)
    assert {f.path for f in discover(env)} == set(files)
    flatpak = FakeEnvironment(
        platform="linux",
        home="/home/me",
        cwd="/tmp",
        environ={"FLATPAK_XDG_CONFIG_HOME": "/home/me/.var/app/dev.zed.Zed/config"},
        files={"/home/me/.var/app/dev.zed.Zed/config/zed/settings.json": "{}", **files},
    )
    zed = [f.path for f in discover(flatpak) if f.kind.id == "zed"]
    assert zed == ["/home/me/.var/app/dev.zed.Zed/config/zed/settings.json"]


def test_cline_data_dir_beats_cline_dir() -> None:
    env = FakeEnvironment(
        platform="linux",
        home="/home/me",
        cwd="/tmp",
        environ={"CLINE_DATA_DIR": "/d", "CLINE_DIR": "/c"},
    )
    (cline,) = [
        f.path for f in candidates(env, project=False) if f.status == "read" and f.client == "cline"
    ]
    assert cline == "/d/settings/cline_mcp_settings.json"


def test_cwd_at_home_repository_lists_files_once() -> None:
    env = FakeEnvironment(
        platform="linux",
        home="/home/me",
        cwd="/home/me",
        files={"/home/me/.gemini/settings.json": "{}", "/home/me/.claude/settings.json": "{}"},
        dirs=["/home/me/.git"],
    )
    assert _table(discover(env)) == {
        ("/home/me/.gemini/settings.json", "gemini", "user"),
        ("/home/me/.claude/settings.json", "claude-code-settings", "user"),
    }


def test_empty_machine() -> None:
    assert discover(FakeEnvironment(platform="darwin", home="/Users/me")) == []


# -- `mcplint clients` -----------------------------------------------------------------------


def test_client_reports() -> None:
    reports = {r.client.id: r for r in client_reports(_mac())}
    assert next(iter(reports)) == "claude-desktop"
    cursor = reports["cursor"]
    assert [f.path for f in cursor.found] == [
        MAC_HOME + "/.cursor/mcp.json",
        MAC_REPO + "/pkg/sub/.cursor/mcp.json",
    ]
    assert cursor.missing == ()
    missing = [f.path for f in reports["claude-code"].missing]
    assert "/Library/Application Support/ClaudeCode/managed-settings.json" in missing
    assert MAC_HOME + "/.claude.json" not in missing
    assert all("*" not in p for p in missing)


def test_clients_report_text() -> None:
    text = clients_report(_win())
    assert "Claude Desktop (claude-desktop)" in text
    assert "kind vscode: JSONC" in text
    assert f"found    [user] {ROAMING}\\Claude\\claude_desktop_config.json (superseded)" in text
    assert f"absent   [user] {WIN_HOME}\\.gemini\\settings.json" in text


def test_clients_report_dialects_and_unconfirmed() -> None:
    text = clients_report(FakeEnvironment(platform="linux", home="/home/me", cwd="/tmp"))
    assert "kind gemini: JSON with comments, no trailing commas" in text
    assert "kind codex: TOML" in text
    assert (
        "absent   [user] /home/me/.config/Claude/claude_desktop_config.json (unconfirmed)" in text
    )
    assert "found" not in text
