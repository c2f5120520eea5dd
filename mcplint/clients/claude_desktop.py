"""Claude Desktop: `claude_desktop_config.json` (CLIENTS-DETAIL.md §1, CLIENTS.md)."""

from __future__ import annotations

from mcplint.clients.base import (
    LAUNCHD_PATH,
    Client,
    FileKind,
    GuiPath,
    Location,
    Transport,
    frozen_map,
)

_MSIX_DIR = "Packages/Claude_pzs8sxrjxfjjc"

CONFIG = FileKind(
    id="claude-desktop",
    client="claude-desktop",
    title="Claude Desktop's claude_desktop_config.json",
    # Strict V8 JSON.parse: "Unexpected non-whitespace character after JSON at position 4"
    # (TonybotNi/ZotLink#2). No report of comments working.
    dialect="json",
    # JSON.parse rejects a BOM and the app then rewrites the file without `mcpServers`
    # (RULES.md `byte-order-mark`).
    strips_bom=False,
    servers_paths=(("mcpServers",),),
    misplaced_server_keys=frozen_map(
        {
            "servers": "Claude Desktop reads servers from `mcpServers`; `servers` is VS Code's key",
            "context_servers": "Claude Desktop reads servers from `mcpServers`, not Zed's "
            "`context_servers`",
            "mcp_servers": "Claude Desktop reads servers from `mcpServers`",
        }
    ),
    schema="claude-desktop.schema.json",
    scope="user",
    patterns=("claude_desktop_config*.json",),
    # The app keeps other keys (`preferences`, ...) in the same file (claude-desktop-debian#247).
    top_level_keys=None,
    # The app writes `preferences` into this file, and rewrites it after a failed parse.
    rewritten_by_client=True,
)

CLIENT = Client(
    id="claude-desktop",
    name="Claude Desktop",
    kinds=(CONFIG,),
    locations=(
        Location(
            "claude-desktop",
            "user",
            "home",
            "Library/Application Support/Claude/claude_desktop_config.json",
            platforms=("darwin",),
        ),
        Location(
            "claude-desktop",
            "user",
            "appdata",
            "Claude/claude_desktop_config.json",
            platforms=("win32",),
            superseded_if=("localappdata", _MSIX_DIR),
            note="classic installer; the MSIX build (Store, and the claude.ai installer since "
            "~Feb 2026) reads the file under %LOCALAPPDATA%\\Packages instead",
        ),
        Location(
            "claude-desktop",
            "user",
            "localappdata",
            _MSIX_DIR + "/LocalCache/Roaming/Claude/claude_desktop_config.json",
            platforms=("win32",),
            note="MSIX build; 'Edit Config' may open the classic %APPDATA% file instead",
        ),
        Location(
            "claude-desktop",
            "user",
            "xdg_config",
            "Claude/claude_desktop_config.json",
            platforms=("linux",),
            # No official Linux build; the community repack (claude-desktop-debian#216) and
            # VS Code's discovery adapter use this path.
            status="unconfirmed",
            note="no official Linux build; path of the community repack",
        ),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=(),
            # Documented: command, args, env. No evidence that cwd, disabled, timeout, type,
            # envFile or autoApprove are honoured (CLIENTS-DETAIL.md §1).
            fields=("command", "args", "env"),
            required=("command",),
            selected_by=("command",),
        ),
    ),
    type_key="absent",
    # None documented; values reach the server literally (servers#1039). Unconfirmed by code.
    expansion=(),
    # url/type entries are skipped, ignored, or crash the app depending on the version
    # (unconfirmed which); remote servers go through Settings -> Connectors or mcp-remote.
    supports_remote=False,
    url_keys=(),
    # The file accepts any name; no client rule found. Tool names are limited by the API.
    name_pattern=None,
    reserved_names=(),
    # `tools.2.FrontendRemoteMcpToolDefinition.name` API errors (FAILURES.md K2): the Anthropic
    # API's 64. How Desktop builds the name from server and tool is unconfirmed.
    tool_name_limit=64,
    tool_name_format=None,
    max_tools=None,
    honours_cwd=None,  # unconfirmed; the working directory "may be undefined (like / on macOS)"
    tilde_fields=(),  # no source says "~" is expanded; docs require absolute paths
    startup_timeout_ms=None,
    # The official Windows example uses bare "npx" (mcp-docs); confidence medium.
    resolves_cmd_shims=True,
    gui_path=GuiPath(
        gui=True,
        login_shell=False,
        darwin_path=LAUNCHD_PATH,
        # Desktop's own nvm detection prepends every installed version, oldest first, ignoring
        # `nvm alias default` (mcpb#130). Whether Homebrew dirs are added is unconfirmed.
        prepends=("~/.nvm/versions/node/*/bin",),
        # browser-mcp#80 says bare npx works from these; ha-mcp#284 says ~/.local/bin is not seen.
        unconfirmed_prepends=("/opt/homebrew/bin", "/usr/local/bin"),
        note="does not source the login shell",
    ),
    # "inherit only a limited subset of environment variables" (mcp-docs debugging.mdx); the
    # exact set is platform-dependent and not documented.
    child_env="unconfirmed",
    unconfirmed=(
        "behaviour on url/type entries (skipped silently, 'invalid config' prompt or crash)",
        "cwd, disabled, '~' and variable expansion: no evidence of support",
        "macOS PATH beyond the nvm directories (Homebrew dirs unclear)",
        "MDM key names for 'users may add local MCP servers' and .mcpb extensions",
        "Linux: no official build; ~/.config/Claude is the community repack's path",
        "tool-name format (server/tool combination) behind the 64-character API limit",
    ),
    notes=(
        "Managed (3P/MDM) configuration lives in com.anthropic.claudefordesktop (macOS) and "
        "HKLM/HKCU\\SOFTWARE\\Policies\\Claude (Windows), key managedMcpServers: a JSON string "
        "holding an array; not a file mcplint reads.",
    ),
)
