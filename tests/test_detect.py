"""Detection: path → file kind (POSIX and Windows paths), content sniffing, `--client`."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from mcplint.clients.detect import detect, known_ids, scope_of, sniff
from mcplint.env import FakeEnvironment

LINUX = FakeEnvironment(platform="linux", home="/home/me", cwd="/home/me/proj")
MAC = FakeEnvironment(platform="darwin", home="/Users/me", cwd="/Users/me/proj")
WIN = FakeEnvironment(
    platform="win32",
    home="C:\\Users\\me",
    cwd="C:\\Users\\me\\proj",
    environ={
        "APPDATA": "C:\\Users\\me\\AppData\\Roaming",
        "LOCALAPPDATA": "C:\\Users\\me\\AppData\\Local",
    },
)


def _id(path: str, env: FakeEnvironment, value: object | None = None) -> str | None:
    kind = detect(path, env, value)
    return None if kind is None else kind.id


POSIX_CASES = [
    # Claude Desktop
    (
        MAC,
        "/Users/me/Library/Application Support/Claude/claude_desktop_config.json",
        "claude-desktop",
    ),
    (LINUX, "/home/me/.config/Claude/claude_desktop_config.json", "claude-desktop"),
    (LINUX, "/srv/repo/examples/claude_desktop_config.example.json", "claude-desktop"),
    # Claude Code
    (MAC, "/Users/me/proj/.mcp.json", "claude-code-mcp-json"),
    (LINUX, "/home/me/proj/sub/.mcp.json", "claude-code-mcp-json"),
    (MAC, "/Users/me/.claude.json", "claude-code-user"),
    (LINUX, "/tmp/backup/.claude.json", "claude-code-user"),
    (MAC, "/Users/me/.claude/settings.json", "claude-code-settings"),
    (LINUX, "/home/me/proj/.claude/settings.json", "claude-code-settings"),
    (LINUX, "/home/me/proj/.claude/settings.local.json", "claude-code-settings"),
    (LINUX, "/etc/claude-code/managed-settings.json", "claude-code-settings"),
    (LINUX, "/etc/claude-code/managed-settings.d/10-mcp.json", "claude-code-settings"),
    (MAC, "/Library/Application Support/ClaudeCode/managed-mcp.json", "claude-code-managed-mcp"),
    # Cursor
    (MAC, "/Users/me/.cursor/mcp.json", "cursor"),
    (LINUX, "/home/me/proj/.cursor/mcp.json", "cursor"),
    # VS Code
    (LINUX, "/home/me/proj/.vscode/mcp.json", "vscode"),
    (MAC, "/Users/me/Library/Application Support/Code/User/mcp.json", "vscode"),
    (LINUX, "/home/me/.config/Code - Insiders/User/mcp.json", "vscode"),
    (LINUX, "/home/me/.config/Code/User/profiles/-6a436435/mcp.json", "vscode"),
    (LINUX, "/home/me/.config/Code/User/settings.json", "vscode-settings"),
    (LINUX, "/home/me/proj/app.code-workspace", "vscode-settings"),
    # Windsurf
    (MAC, "/Users/me/.codeium/windsurf/mcp_config.json", "windsurf"),
    (LINUX, "/home/me/.codeium/mcp_config.json", "windsurf"),
    (LINUX, "/home/me/proj/.windsurf/mcp_config.json", "windsurf"),
    # Gemini CLI
    (LINUX, "/home/me/.gemini/settings.json", "gemini"),
    (LINUX, "/home/me/proj/.gemini/settings.json", "gemini"),
    (LINUX, "/etc/gemini-cli/settings.json", "gemini"),
    (MAC, "/Library/Application Support/GeminiCli/system-defaults.json", "gemini"),
    (LINUX, "/home/me/.gemini/extensions/x/gemini-extension.json", "gemini"),
    # Zed
    (MAC, "/Users/me/.config/zed/settings.json", "zed"),
    (LINUX, "/home/me/proj/.zed/settings.json", "zed"),
    # Codex
    (LINUX, "/home/me/.codex/config.toml", "codex"),
    (LINUX, "/home/me/proj/.codex/config.toml", "codex"),
    (LINUX, "/etc/codex/config.toml", "codex"),
    # Cline
    (LINUX, "/home/me/.cline/data/settings/cline_mcp_settings.json", "cline"),
    (
        MAC,
        "/Users/me/Library/Application Support/Code/User/globalStorage/"
        "saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
        "cline",
    ),
]

WINDOWS_CASES = [
    ("C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json", "claude-desktop"),
    (
        "C:\\Users\\me\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming"
        "\\Claude\\claude_desktop_config.json",
        "claude-desktop",
    ),
    ("C:\\Users\\me\\proj\\.mcp.json", "claude-code-mcp-json"),
    ("C:\\Users\\me\\.claude.json", "claude-code-user"),
    ("C:\\Users\\me\\.claude\\settings.json", "claude-code-settings"),
    ("C:\\Program Files\\ClaudeCode\\managed-mcp.json", "claude-code-managed-mcp"),
    ("C:\\Program Files\\ClaudeCode\\managed-settings.json", "claude-code-settings"),
    ("C:\\Users\\me\\.cursor\\mcp.json", "cursor"),
    ("C:\\Users\\me\\proj\\.cursor\\mcp.json", "cursor"),
    ("C:\\Users\\me\\AppData\\Roaming\\Code\\User\\mcp.json", "vscode"),
    ("C:\\Users\\me\\proj\\.vscode\\mcp.json", "vscode"),
    ("C:\\Users\\me\\AppData\\Roaming\\Code\\User\\settings.json", "vscode-settings"),
    ("C:\\Users\\me\\.codeium\\windsurf\\mcp_config.json", "windsurf"),
    ("C:\\Users\\me\\.gemini\\settings.json", "gemini"),
    ("C:\\ProgramData\\gemini-cli\\settings.json", "gemini"),
    ("C:\\Users\\me\\AppData\\Roaming\\Zed\\settings.json", "zed"),
    ("C:\\Users\\me\\.codex\\config.toml", "codex"),
    ("C:\\Users\\me\\.cline\\data\\settings\\cline_mcp_settings.json", "cline"),
    # forward slashes and odd case are fine on Windows
    ("c:/users/me/PROJ/.VSCODE/MCP.JSON", "vscode"),
]


@pytest.mark.parametrize(("env", "path", "expected"), POSIX_CASES)
def test_detect_posix(env: FakeEnvironment, path: str, expected: str) -> None:
    assert _id(path, env) == expected


@pytest.mark.parametrize(("path", "expected"), WINDOWS_CASES)
def test_detect_windows(path: str, expected: str) -> None:
    assert _id(path, WIN) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/home/me/proj/settings.json",  # not under .claude/.gemini/zed
        "/home/me/proj/config.toml",  # not under .codex
        "/home/me/proj/mcp.json",  # only content can tell
        "/home/me/proj/.cursor/settings.json",
        "/home/me/proj/.vscode/settings.json",  # workspace settings: no MCP servers
        "/home/me/proj/.claude/mcp.json",
        "/home/me/.config/Cursor/User/mcp.json",
        "/home/me/proj/package.json",
    ],
)
def test_not_detected_by_path(path: str) -> None:
    assert detect(path, LINUX) is None


def test_chezmoi_dotfiles_names() -> None:
    assert _id("/src/dotfiles/dot_claude/settings.json", LINUX) == "claude-code-settings"
    assert _id("/src/dotfiles/private_dot_claude/settings.json", LINUX) == "claude-code-settings"
    assert _id("/src/dotfiles/dot_codex/config.toml", LINUX) == "codex"
    assert _id("/src/dotfiles/dot_config/zed/settings.json", LINUX) == "zed"
    assert _id("/src/dotfiles/dot_gemini/settings.json.tmpl", LINUX) == "gemini"
    assert _id("/src/dotfiles/dot_config/settings.json", LINUX) is None


def test_env_overridden_locations() -> None:
    env = FakeEnvironment(
        platform="linux",
        home="/home/me",
        environ={"CODEX_HOME": "/opt/cx-home", "CLINE_MCP_SETTINGS_PATH": "/opt/cline/mcp.json"},
    )
    assert _id("/opt/cx-home/config.toml", env) == "codex"
    assert _id("/opt/cline/mcp.json", env) == "cline"
    # without the variables these names mean nothing
    assert _id("/opt/cx-home/config.toml", LINUX) is None
    assert _id("/opt/cline/mcp.json", LINUX) is None


def test_sniff() -> None:
    def kind(value: object) -> str | None:
        k = sniff(value)
        return None if k is None else k.id

    assert kind({"mcpServers": {}}) == "claude-code-mcp-json"
    assert kind({"servers": {}, "inputs": []}) == "vscode"
    assert kind({"context_servers": {}}) == "zed"
    assert kind({"mcp_servers": {"x": {"command": "y"}}}) == "codex"
    assert kind({"mcp": {"servers": {}}}) == "vscode-settings"
    assert kind({"folders": [], "settings": {"mcp": {"servers": {}}}}) == "vscode-settings"
    assert kind({"projects": {"/p": {"mcpServers": {}}}, "mcpServers": {}}) == "claude-code-user"
    assert kind({"mcpServers": {}, "permissions": {}, "enabledPlugins": {}}) == (
        "claude-code-settings"
    )
    assert kind({"mcpServers": {}, "general": {}, "ui": {}}) == "gemini"
    assert kind({"enableAllProjectMcpServers": True}) == "claude-code-settings"
    assert kind({"name": "x"}) is None
    assert kind({"servers": ["not", "a", "map"]}) is None
    assert kind([{"mcpServers": {}}]) is None
    assert kind(None) is None


def test_content_used_only_when_path_says_nothing() -> None:
    assert _id("/home/me/proj/mcp.json", LINUX, {"servers": {}}) == "vscode"
    assert _id("/home/me/proj/mcp_config.json", LINUX, {"mcpServers": {}}) == (
        "claude-code-mcp-json"
    )
    assert _id("/home/me/proj/conf.toml", LINUX, {"mcp_servers": {}}) == "codex"
    # The path wins: a VS Code file holding `mcpServers` stays a VS Code file (and the rules
    # then report the misplaced key).
    assert _id("/home/me/proj/.vscode/mcp.json", LINUX, {"mcpServers": {}}) == "vscode"


def test_plugin_mcp_json() -> None:
    """A plugin's `.mcp.json`: by the marketplace layout, or by `.claude-plugin/plugin.json`
    beside it (looked up through the Environment); its servers may sit at the top level."""
    from mcplint.servers import server_entries

    assert _id("/src/market/plugins/sentry/.mcp.json", LINUX) == "claude-code-plugin-mcp-json"
    assert _id("/home/me/proj/.mcp.json", LINUX) == "claude-code-mcp-json"
    env = FakeEnvironment(
        platform="linux",
        home="/home/me",
        cwd="/home/me/plug",
        files={"/home/me/plug/.claude-plugin/plugin.json": "{}"},
    )
    assert _id("/home/me/plug/.mcp.json", env) == "claude-code-plugin-mcp-json"
    assert _id(".mcp.json", env) == "claude-code-plugin-mcp-json"  # relative to cwd
    assert _id("/home/me/other/.mcp.json", env) == "claude-code-mcp-json"
    kind = detect("/x/plugins/p/.mcp.json", LINUX)
    assert kind is not None
    flat = server_entries({"sentry": {"type": "http", "url": "u"}}, kind)
    assert [(e.name, e.path) for e in flat] == [("sentry", ("sentry",))]
    wrapped = server_entries({"mcpServers": {"a": {"command": "x"}}}, kind)
    assert [(e.name, e.path) for e in wrapped] == [("a", ("mcpServers", "a"))]


def test_folder_decides_for_sniffed_files() -> None:
    servers = {"mcpServers": {"a": {"command": "x", "alwaysAllow": []}}}
    # Clients mcplint does not model: their keys are not Claude Code's, so no kind at all.
    for path in (
        "/p/.roo/mcp.json",
        "/p/.kilocode/mcp.json",
        "/p/.kiro/settings/mcp.json",
        "/p/.amazonq/mcp.json",
        "/p/.continue/mcpServers/a.json",
    ):
        assert _id(path, LINUX, servers) is None, path
    # A portable-looking file in a modeled client's own folder is that client's.
    assert _id("/p/.windsurf/mcp-config.local.json", LINUX, servers) == "windsurf"
    assert _id("/p/.cursor/mcp.backup.json", LINUX, servers) == "cursor"
    assert _id("/p/.claude/mcp.json", LINUX, servers) == "claude-code-mcp-json"
    # Windsurf's own `serverUrl` key tells the format.
    remote = {"mcpServers": {"r": {"serverUrl": "https://x/mcp"}}}
    assert _id("/p/mcp_config.json", LINUX, remote) == "windsurf"


def test_override_kind_and_client() -> None:
    def kind(path: str, override: str, value: object | None = None) -> str | None:
        k = detect(path, LINUX, value, override)
        return None if k is None else k.id

    assert kind("/x/anything.json", "cursor") == "cursor"
    assert kind("/home/me/proj/.mcp.json", "claude-desktop") == "claude-desktop"
    assert kind("/x/a.json", "claude-code-settings") == "claude-code-settings"
    # A client id picks among its own kinds: by path, then content, then its first kind.
    assert kind("/home/me/.claude.json", "claude-code") == "claude-code-user"
    assert kind("/x/a.json", "claude-code") == "claude-code-mcp-json"
    assert kind("/x/a.json", "vscode", {"mcp": {"servers": {}}}) == "vscode-settings"
    assert kind("/x/a.json", "vscode", {"mcpServers": {}}) == "vscode"
    assert kind("/x/a.json", " VSCode ") == "vscode"
    with pytest.raises(ValueError, match="unknown client"):
        detect("/x/a.json", LINUX, None, "claude")


def test_known_ids() -> None:
    ids = known_ids()
    assert list(ids) == sorted(ids)
    assert {"claude-code", "claude-code-user", "vscode-settings", "cline", "codex"} <= set(ids)
    assert len(ids) == len(set(ids))


def test_scope_of() -> None:
    def scope(path: str, env: FakeEnvironment = LINUX) -> str:
        kind = detect(path, env)
        assert kind is not None
        return scope_of(path, env, kind)

    assert scope("/home/me/.claude/settings.json") == "user"
    assert scope("/home/me/proj/.claude/settings.json") == "project"
    assert scope("/home/me/proj/.claude/settings.local.json") == "local"
    assert scope("/etc/claude-code/managed-settings.json") == "managed"
    assert scope("/etc/claude-code/managed-settings.d/a.json") == "managed"
    assert scope("/home/me/.cursor/mcp.json") == "user"
    assert scope("/home/me/proj/.cursor/mcp.json") == "project"
    assert scope("/home/me/.config/Code/User/profiles/p1/mcp.json") == "user"
    assert scope("/home/me/proj/.vscode/mcp.json") == "project"
    assert scope("C:\\Users\\me\\.gemini\\settings.json", WIN) == "user"
    assert scope("C:\\ProgramData\\gemini-cli\\settings.json", WIN) == "managed"
    assert scope("C:\\Users\\me\\proj\\.gemini\\settings.json", WIN) == "project"


CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PLUGIN_MCP_JSON = re.compile(r"(^|/)plugins/[^/.][^/]*/\.mcp\.json$")
CORPUS_KINDS = {
    "claude_code_mcp_json": "claude-code-mcp-json",
    "claude_code_settings": "claude-code-settings",
    "claude_desktop": "claude-desktop",
    "cursor_mcp": "cursor",
    "vscode_mcp": "vscode",
    "other_clients:cline": "cline",
    "other_clients:codex": "codex",
    "other_clients:gemini": "gemini",
    "other_clients:gemini-extension": "gemini",
    "other_clients:windsurf": "windsurf",
    "other_clients:zed": "zed",
}


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="corpus not present")
def test_corpus_paths() -> None:
    """Each real file's repository path is detected as its kind (or, for a few odd names such
    as `claude_desktop_config.json.template`, not at all), never as another kind."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    env = FakeEnvironment(platform="linux", home="/home/u", cwd="/repo")
    detected = missed = 0
    for row in rows:
        expected = CORPUS_KINDS.get(row["kind"])
        if expected is None:
            continue
        kind = detect("/repo/" + row["path"], env)
        if expected == "claude-code-mcp-json" and PLUGIN_MCP_JSON.search(row["path"]):
            expected = "claude-code-plugin-mcp-json"
        if kind is None:
            missed += 1
        else:
            assert kind.id == expected, row["path"]
            detected += 1
    assert detected > 300
    assert missed <= detected // 50
