"""Windsurf (Cascade): `~/.codeium/windsurf/mcp_config.json` (CLIENTS-DETAIL.md §5).

Closed source; the main source is the Windsurf docs page "Model Context Protocol". Much is
unconfirmed.
"""

from __future__ import annotations

from mcplint.clients.base import (
    Client,
    Expansion,
    FileKind,
    GuiPath,
    Location,
    Transport,
    frozen_map,
)

CONFIG = FileKind(
    id="windsurf",
    client="windsurf",
    title="Windsurf's mcp_config.json",
    dialect="json",  # unconfirmed: assumed strict JSON
    strips_bom=False,  # unconfirmed
    servers_paths=(("mcpServers",),),
    misplaced_server_keys=frozen_map(
        {"servers": "Windsurf reads servers from `mcpServers`; `servers` is VS Code's key"}
    ),
    schema="windsurf.schema.json",
    scope="project",
    scopes=("user", "project"),
    patterns=(
        ".codeium/windsurf/mcp_config.json",
        ".codeium/mcp_config.json",
        ".windsurf/mcp_config.json",
    ),
    top_level_keys=("mcpServers",),
)

# "handles interpolation of environment variables in these fields" (Windsurf docs).
_FIELDS = ("command", "args", "env", "serverUrl", "url", "headers")

# `disabled` and `disabledTools` are unconfirmed as file keys (UI toggles; enterprise docs
# mention disabledTools): listed so they are not reported as unknown.
_COMMON = ("disabled", "disabledTools")

CLIENT = Client(
    id="windsurf",
    name="Windsurf",
    kinds=(CONFIG,),
    locations=(
        # %USERPROFILE%\.codeium\windsurf\mcp_config.json on Windows (obsigna#131).
        Location("windsurf", "user", "home", ".codeium/windsurf/mcp_config.json"),
        Location(
            "windsurf",
            "user",
            "home",
            ".codeium/mcp_config.json",
            note="Windsurf JetBrains plugin",
        ),
        Location(
            "windsurf",
            "project",
            "project",
            ".windsurf/mcp_config.json",
            # obsigna#131: "No project-scoped config - global only"; syllago.dev lists it.
            status="unconfirmed",
            note="project file: sources conflict on whether Windsurf reads it",
        ),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=(),
            fields=(*_COMMON, "command", "args", "env"),
            required=("command",),
            selected_by=("command",),
        ),
        Transport(
            "http",
            type_values=(),
            # "requires a serverUrl or url field"; Streamable HTTP and SSE.
            fields=(*_COMMON, "serverUrl", "url", "headers"),
            selected_by=("serverUrl", "url"),
        ),
    ),
    type_key="unconfirmed",
    expansion=(
        Expansion("${env:VAR}", r"\$\{env:(?P<name>[^}]+)\}", _FIELDS, "unconfirmed"),
        Expansion(
            "${file:/path}",
            r"\$\{file:(?P<name>[^}]+)\}",
            _FIELDS,
            "unconfirmed",
            refers_to="file",
            confirmed=False,  # obsigna#131 and syllago.dev only
        ),
    ),
    supports_remote=True,
    url_keys=("serverUrl", "url"),
    name_pattern=None,
    reserved_names=(),
    tool_name_limit=None,
    tool_name_format=None,
    # "Cascade has a limit of 100 total tools" (docs; an older report said 50).
    max_tools=100,
    honours_cwd=None,
    tilde_fields=None,
    startup_timeout_ms=None,  # "context deadline exceeded"; value unknown
    resolves_cmd_shims=None,
    gui_path=GuiPath(gui=True, login_shell=None),
    child_env="unconfirmed",
    unconfirmed=(
        "project-level .windsurf/mcp_config.json",
        "${file:/path} expansion; unset-variable behaviour",
        "`disabled` / `disabledTools` as file keys",
        "dialect and BOM handling (assumed strict JSON)",
        "cwd, '~', Windows .cmd shims, macOS GUI PATH",
    ),
    notes=("Managed: Team/Enterprise admin portal (whitelist, registry); not a file.",),
)
