"""Zed: `context_servers` in Zed's settings.json (CLIENTS-DETAIL.md §7)."""

from __future__ import annotations

from mcplint.clients.base import (
    Client,
    FileKind,
    GuiPath,
    Location,
    Transport,
    frozen_map,
)

CONFIG = FileKind(
    id="zed",
    client="zed",
    title="Zed's settings.json",
    # parse_json_with_comments (serde_json_lenient): comments and trailing commas.
    dialect="jsonc",
    strips_bom=False,  # unconfirmed
    servers_paths=(("context_servers",),),
    misplaced_server_keys=frozen_map(
        {
            "mcpServers": "Zed reads MCP servers from `context_servers`, not `mcpServers`",
            "mcp_servers": "Zed reads MCP servers from `context_servers`",
        }
    ),
    schema="zed.schema.json",
    scope="project",
    scopes=("user", "project"),
    patterns=("zed/settings.json", ".zed/settings.json"),
    top_level_keys=None,
    rewritten_by_client=True,  # the settings UI writes it while Zed runs
)

# Entry shapes changed three times (legacy `command: {path, args, env}` object; mid-2025
# `source: "custom" | "extension"`; current untagged Stdio / Http / Extension). `source` and
# `settings` stay known so old files are not reported as unknown keys.
CLIENT = Client(
    id="zed",
    name="Zed",
    kinds=(CONFIG,),
    locations=(
        # macOS: ~/.config/zed, not ~/Library/Application Support/Zed (paths.rs config_dir()).
        Location("zed", "user", "home", ".config/zed/settings.json", ("darwin",)),
        Location("zed", "user", "xdg_config_flatpak", "zed/settings.json", ("linux",)),
        Location("zed", "user", "appdata", "Zed/settings.json", ("win32",)),
        # Started automatically only in trusted worktrees.
        Location("zed", "project", "project", ".zed/settings.json"),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=(),
            fields=("enabled", "remote", "command", "args", "env", "timeout", "source", "settings"),
            # "requires args": an entry without args was rejected (codebase-memory-mcp#24).
            required=("command", "args"),
            selected_by=("command",),
        ),
        Transport(
            "http",
            type_values=(),
            fields=("enabled", "url", "headers", "timeout", "oauth", "source"),
            required=("url",),
            selected_by=("url",),
        ),
        Transport(
            "extension",
            type_values=(),
            fields=("enabled", "remote", "settings", "source"),
            selected_by=("settings",),
        ),
    ),
    type_key="absent",  # untagged serde enum
    expansion=(),  # none found in the settings code (unconfirmed)
    supports_remote=True,  # the Http shape (current Zed); older Zed: stdio only
    url_keys=("url",),
    name_pattern=None,
    reserved_names=(),
    tool_name_limit=None,
    tool_name_format=None,
    max_tools=None,
    honours_cwd=False,  # no `cwd` field: stdio servers start in the worktree
    tilde_fields=None,  # unconfirmed
    startup_timeout_ms=60_000,  # context_server_timeout (seconds, default 60)
    resolves_cmd_shims=None,
    gui_path=GuiPath(
        gui=True,
        # As of 2026-07 stdio servers do not wait for the login-shell env Zed loads
        # asynchronously (zed#60800; fix PR #60801 open when read).
        login_shell=False,
        note="Dock/Finder launch: npx servers may time out; launching from a terminal works",
    ),
    child_env="full",  # Zed's process env plus the entry's env (zed#60800)
    default_cwd="project",  # `cd "<project>" && ... npx ...` (zed#45757)
    deprecated_fields=frozen_map(
        {
            "source": "`source` is no longer part of Zed's context_servers schema (harmless)",
        }
    ),
    unconfirmed=(
        "'~' in command",
        "Windows .cmd shims",
        "variable expansion in context_servers",
        "`source` key: reported rejected (codebase-memory-mcp#24), untagged serde suggests ignored",
        "BOM handling",
        "managed configuration",
    ),
    notes=(
        "A `command` object ({path, args, env}) is the early-2025 shape; current Zed wants a "
        "string `command` and an `args` array.",
        "Arguments are passed verbatim, without shell splitting.",
    ),
)
