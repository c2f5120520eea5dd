"""Cline (VS Code extension, CLI and JetBrains share one file): `cline_mcp_settings.json`
(CLIENTS-DETAIL.md §9, cline-src HEAD 21cb8d2, extension 4.1.13)."""

from __future__ import annotations

from mcplint.clients.base import (
    SDK_DEFAULT_ENV_POSIX,
    Client,
    Expansion,
    FileKind,
    GuiPath,
    Location,
    Platform,
    Root,
    Transport,
    frozen_map,
)

CONFIG = FileKind(
    id="cline",
    client="cline",
    title="Cline's cline_mcp_settings.json",
    # JSON.parse: "Invalid JSON in MCP settings file. Please check the syntax." A blank file,
    # {} or {"mcpServers": {}} mean "no servers".
    dialect="json",
    strips_bom=False,  # unconfirmed: readFileSync(utf8) + JSON.parse keeps the BOM
    servers_paths=(("mcpServers",),),
    misplaced_server_keys=frozen_map(
        {"servers": "Cline reads servers from `mcpServers`; `servers` is VS Code's key"}
    ),
    schema="cline.schema.json",
    scope="user",
    patterns=("cline_mcp_settings*.json",),
    top_level_keys=("mcpServers",),
    rewritten_by_client=True,  # Cline writes toggles (disabled, autoApprove) into it
    blank_ok=True,  # cline-src McpHub.ts readAndValidateMcpSettingsFile
)

# `transport` is the nested CLI form's key ({"transport": {"type", ...}, "disabled"}).
_COMMON = (
    "autoApprove",
    "disabled",
    "timeout",
    "remoteConfigured",
    "oauth",
    "metadata",
    "transport",
)
_LEGACY_STORAGE = "globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"


def _legacy_locations() -> tuple[Location, ...]:
    # <editor user-data>/User/globalStorage/...: derived from the VS Code convention for every
    # editor, not seen per editor. Migrated once to ~/.cline and then no longer read.
    bases: tuple[tuple[Platform, Root, str], ...] = (
        ("darwin", "home", "Library/Application Support/"),
        ("win32", "appdata", ""),
        ("linux", "xdg_config", ""),
    )
    return tuple(
        Location(
            "cline",
            "user",
            root,
            f"{prefix}{editor}/User/{_LEGACY_STORAGE}",
            (platform,),
            status="legacy",
            note=f"Cline 3.x inside {editor}; migrated to ~/.cline/data/settings by Cline 4",
        )
        for editor in ("Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf")
        for platform, root, prefix in bases
    )


CLIENT = Client(
    id="cline",
    name="Cline",
    kinds=(CONFIG,),
    locations=(
        # CLINE_MCP_SETTINGS_PATH > CLINE_DATA_DIR > CLINE_DIR > ~/.cline (resolveMcpSettingsPath)
        Location(
            "cline",
            "user",
            "cline_data",
            "settings/cline_mcp_settings.json",
            env_override="CLINE_MCP_SETTINGS_PATH",
        ),
        *_legacy_locations(),
        Location(
            "cline",
            "user",
            "home",
            "Documents/Cline/MCP/cline_mcp_settings.json",
            status="legacy",
            note="migrated to ~/.cline/data/settings by Cline 4",
        ),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=("stdio",),
            fields=(*_COMMON, "type", "transportType", "command", "args", "cwd", "env"),
            required=("command",),
            selected_by=("command",),
        ),
        Transport(
            "sse",
            type_values=("sse",),
            fields=(*_COMMON, "type", "transportType", "url", "headers"),
            required=("url",),
            # "url without type means SSE", on purpose (changing it would break users).
            selected_by=("url",),
        ),
        Transport(
            "http",
            type_values=("streamableHttp",),  # not "http", not "streamable-http"
            fields=(*_COMMON, "type", "transportType", "url", "headers"),
            required=("url",),
            note='legacy `transportType: "http"` also means streamableHttp',
        ),
    ),
    type_key="honoured",
    expansion=(
        Expansion(
            "${env:VAR}",
            r"\$\{env:\s*(?P<name>[^}]*?)\s*\}",
            ("*",),
            "literal",  # logs "[MCP Config] Environment variable not found: X"
        ),
    ),
    supports_remote=True,
    url_keys=("url",),
    # Any name: Cline calls tools through `use_mcp_tool` with a `server_name` argument (its
    # system prompt's example is "github.com/modelcontextprotocol/servers/tree/main/src/github",
    # the name its marketplace writes), so names never become function names.
    name_pattern=r"^.+$",
    reserved_names=(),
    tool_name_limit=None,
    tool_name_format=None,
    max_tools=None,
    honours_cwd=True,  # passed raw; default: the extension host's cwd
    tilde_fields=(),  # no untildify (inferred from code)
    # Per-server `timeout` is in seconds (default 60) for requests; the Cline CLI hard-codes
    # 1 500 ms for `initialize` (cline#12044).
    startup_timeout_ms=None,
    # The current SDK's cross-spawn resolves .cmd; older builds needed `cmd /c` (cline#1948).
    resolves_cmd_shims=True,
    gui_path=GuiPath(
        gui=True,
        login_shell=True,  # inferred: the extension host has VS Code's resolved shell env
        note="only the SDK default variables (incl. PATH) are passed",
    ),
    child_env="sdk-default",
    env_whitelist=SDK_DEFAULT_ENV_POSIX,
    unconfirmed=(
        "per-editor legacy globalStorage paths (derived from the VS Code convention)",
        "BOM handling",
    ),
    notes=(
        "Managed (Enterprise) remote configuration: mcpMarketplaceEnabled, allowedMCPServers, "
        "remoteMCPServers, blockPersonalRemoteMCPServers; not a file.",
        "`alwaysAllow` / `disabledTools` are Roo Code's keys, not Cline's.",
        "A nested CLI form {transport: {type, ...}, disabled} is also accepted.",
    ),
)
