"""Codex (CLI, IDE extension and app share the config): `config.toml` with
`[mcp_servers.<name>]` (CLIENTS-DETAIL.md §8)."""

from __future__ import annotations

from mcplint.clients.base import (
    PORTABLE_NAME_PATTERN,
    Client,
    FileKind,
    GuiPath,
    Location,
    Transport,
    frozen_map,
)

CONFIG = FileKind(
    id="codex",
    client="codex",
    title="Codex's config.toml",
    dialect="toml",
    strips_bom=False,  # unconfirmed
    servers_paths=(("mcp_servers",),),
    misplaced_server_keys=frozen_map(
        {
            "mcpServers": "Codex reads servers from `[mcp_servers.<name>]` tables",
            "mcp-servers": "Codex reads servers from `[mcp_servers.<name>]` tables",
            "servers": "Codex reads servers from `[mcp_servers.<name>]` tables",
            "mcp": "Codex reads servers from `[mcp_servers.<name>]` tables; "
            "`[mcp.servers.<name>]` is ignored",
        }
    ),
    schema="codex.schema.json",
    scope="project",
    scopes=("user", "project", "managed"),
    patterns=(
        ".codex/config.toml",
        "codex/config.toml",
        "codex/managed_config.toml",
        ".codex/managed_config.toml",
    ),
    top_level_keys=None,
)

_SHARED = (
    "startup_timeout_sec",
    "startup_timeout_ms",
    "tool_timeout_sec",
    "enabled",
    "required",
    "enabled_tools",
    "disabled_tools",
    "supports_parallel_tool_calls",
    "omit_tools_from",
    "default_tools_approval_mode",
    "tools",
    "scopes",
    "oauth",
    "oauth_resource",
    "auth",
    "environment_id",
    "name",  # legacy, ignored
)

CLIENT = Client(
    id="codex",
    name="Codex",
    kinds=(CONFIG,),
    locations=(
        Location("codex", "user", "codex_home", "config.toml"),
        # From the project root down to cwd (closest wins); trusted projects only.
        Location("codex", "project", "project", ".codex/config.toml", walks_up=True),
        Location("codex", "managed", "absolute", "/etc/codex/config.toml", ("linux", "darwin")),
        Location(
            "codex",
            "managed",
            "absolute",
            "/etc/codex/managed_config.toml",
            ("linux", "darwin"),
            note="managed defaults (legacy mechanism)",
        ),
        Location(
            "codex",
            "managed",
            "codex_home",
            "managed_config.toml",
            ("win32",),
            status="unconfirmed",  # a third-party summary only
        ),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=(),
            fields=(*_SHARED, "command", "args", "env", "env_vars", "cwd"),
            selected_by=("command",),
        ),
        Transport(
            "http",
            type_values=(),
            fields=(
                *_SHARED,
                "url",
                "bearer_token_env_var",
                "http_headers",
                "env_http_headers",
                "http_headers_helper",
            ),
            selected_by=("url",),
            note="Streamable HTTP only; no SSE. An inline `bearer_token` is rejected.",
        ),
    ),
    # No `type` key: command -> stdio, else url -> streamable HTTP. Unknown keys (such as
    # `type`) are probably ignored at runtime: unconfirmed.
    type_key="absent",
    # None: secrets come through env_vars, bearer_token_env_var and env_http_headers; ${VAR} in
    # `env` stays literal (inferred: no expansion code path found).
    expansion=(),
    supports_remote=True,
    url_keys=("url",),
    # "invalid server name 'Salesforce DX': must match pattern ^[a-zA-Z0-9_-]+$" (codex#5635).
    name_pattern=PORTABLE_NAME_PATTERN,
    reserved_names=(),
    tool_name_limit=64,  # OpenAI API ("maximum length 64"); name format unconfirmed
    tool_name_format=None,
    max_tools=None,
    honours_cwd=True,
    tilde_fields=None,  # unconfirmed
    startup_timeout_ms=10_000,  # startup_timeout_sec default 10 s
    # which::which_in over the MCP env's PATH and PATHEXT (program_resolver.rs).
    resolves_cmd_shims=True,
    gui_path=GuiPath(
        gui=False, login_shell=None, note="the CLI inherits the shell; app/IDE unconfirmed"
    ),
    child_env="whitelist",
    default_cwd="client-cwd",
    env_whitelist=(
        "HOME",
        "LOGNAME",
        "PATH",
        "SHELL",
        "USER",
        "__CF_USER_TEXT_ENCODING",
        "LANG",
        "LC_ALL",
        "TERM",
        "TMPDIR",
        "TZ",
    ),
    deprecated_fields=frozen_map({"name": "`name` is a legacy key that Codex ignores"}),
    unconfirmed=(
        "unknown keys ignored vs error at runtime",
        "'~' and relative cwd",
        "Windows managed paths (%ProgramData%\\OpenAI\\Codex\\requirements.toml, "
        "~/.codex/managed_config.toml)",
        "$CODEX_HOME/<profile>.config.toml profile files",
        "PATH of the Codex app and IDE extension",
        "BOM handling",
    ),
    notes=(
        "Managed requirements (/etc/codex/requirements.toml, MDM requirements_toml_base64) can "
        "hold an mcp_servers allowlist: a different shape, not linted as config.toml.",
        "Windows: the forwarded environment is WINDOWS_CORE_ENV_VARS (list not read).",
    ),
)
