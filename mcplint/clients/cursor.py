"""Cursor: `~/.cursor/mcp.json` and `<project>/.cursor/mcp.json` (CLIENTS-DETAIL.md §3).

Cursor is closed source: the facts come from its docs page, its issue tracker and third-party
reports, and many are unconfirmed.
"""

from __future__ import annotations

from mcplint.clients.base import (
    PORTABLE_NAME_PATTERN,
    Client,
    Expansion,
    FileKind,
    GuiPath,
    Location,
    Transport,
    frozen_map,
)

CONFIG = FileKind(
    id="cursor",
    client="cursor",
    title="Cursor's mcp.json",
    # Unconfirmed: the docs show plain JSON and say nothing of comments or trailing commas.
    # Treated as strict JSON, so JSONC features are reported.
    dialect="json",
    strips_bom=False,  # unconfirmed; treated as strict JSON.parse
    servers_paths=(("mcpServers",),),
    misplaced_server_keys=frozen_map(
        {
            "servers": "Cursor reads servers from `mcpServers`; `servers` is VS Code's key "
            "(hashicorp/terraform-mcp-server#184)",
        }
    ),
    schema="cursor.schema.json",
    scope="project",
    scopes=("user", "project"),
    patterns=(".cursor/mcp.json",),
    top_level_keys=("mcpServers",),
)

# ${env:NAME} and Cursor's "context variables" (case-sensitive), from Hermes-agent's port
# (NousResearch/hermes-agent#80777). Which fields are interpolated, and what an unset
# variable becomes, are unconfirmed: "*" and "unconfirmed" say so.
_ALL = ("*",)

CLIENT = Client(
    id="cursor",
    name="Cursor",
    kinds=(CONFIG,),
    locations=(
        # "~/.cursor/mcp.json is the location on all platforms" (%USERPROFILE% on Windows,
        # not %APPDATA%\Cursor).
        Location("cursor", "user", "home", ".cursor/mcp.json"),
        # Merged with the user file, project wins; new project servers need approval.
        Location("cursor", "project", "project", ".cursor/mcp.json"),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=(),
            fields=("type", "command", "args", "env", "envFile"),
            required=("command",),
            selected_by=("command",),
        ),
        Transport(
            "http",
            type_values=(),
            # `auth` (CLIENT_ID, CLIENT_SECRET, scopes) is documented only on a Cursor-SDK skill
            # page: unconfirmed for mcp.json, listed so it is not reported as unknown.
            fields=("type", "url", "headers", "auth"),
            required=("url",),
            selected_by=("url",),
            note="SSE and Streamable HTTP; the transport is inferred from `url`",
        ),
    ),
    # The docs list `type`, but kendex#2184 says Cursor "infers the transport from command or
    # url, never reads the type key": tolerated and ignored.
    type_key="ignored",
    expansion=(
        Expansion("${env:NAME}", r"\$\{env:(?P<name>[^}]+)\}", _ALL, "unconfirmed"),
        Expansion(
            "${userHome}", r"\$\{(?P<name>userHome)\}", _ALL, "unconfirmed", refers_to="builtin"
        ),
        Expansion(
            "${workspaceFolder}",
            r"\$\{(?P<name>workspaceFolder)\}",
            _ALL,
            "unconfirmed",
            refers_to="builtin",
        ),
        Expansion(
            "${workspaceFolderBasename}",
            r"\$\{(?P<name>workspaceFolderBasename)\}",
            _ALL,
            "unconfirmed",
            refers_to="builtin",
        ),
        Expansion(
            "${pathSeparator}",
            r"\$\{(?P<name>pathSeparator|/)\}",
            _ALL,
            "unconfirmed",
            refers_to="builtin",
        ),
    ),
    supports_remote=True,
    url_keys=("url",),
    name_pattern=PORTABLE_NAME_PATTERN,  # FAILURES.md K1 lists Cursor
    reserved_names=(),
    # "Combined server and tool name length (60) exceeds 60 characters" (composio#2788).
    tool_name_limit=60,
    tool_name_format="{server}{tool}",
    # "Cursor will only send the first 40 tools" (2025 docs); a Sep-2025 report says 80
    # (Snowflake-Labs/mcp#77). The current value is unconfirmed.
    max_tools=40,
    # Unconfirmed: a forum answer says "by default the project directory".
    honours_cwd=None,
    tilde_fields=None,
    startup_timeout_ms=60_000,  # "-32001 Request timed out" after ~60 s (servers#891)
    resolves_cmd_shims=None,
    gui_path=GuiPath(
        gui=True,
        # `spawn npx ENOENT` on macOS (BrowserMCP/mcp#8) suggests it does not always get the
        # login-shell PATH despite being a VS Code fork.
        login_shell=None,
        darwin_path=None,
    ),
    child_env="unconfirmed",
    # A forum answer: "by default the project directory" (forum.cursor.com/t/63130).
    default_cwd="project",
    default_cwd_confirmed=False,
    unconfirmed=(
        "dialect (treated as strict JSON) and BOM handling",
        "whether `type` is honoured (docs list it; kendex#2184 says it is ignored)",
        "cwd",
        "which fields are interpolated, and what an unset variable becomes",
        "`auth` OAuth block in mcp.json",
        "current tool cap (40 in 2025 docs, 80 reported)",
        "Windows .cmd shims and the macOS GUI PATH",
        "managed (enterprise) configuration file",
    ),
)
