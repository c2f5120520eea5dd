"""Gemini CLI: `~/.gemini/settings.json`, `.gemini/settings.json`, system files
(CLIENTS-DETAIL.md §6, gemini-cli HEAD 5411f11)."""

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
    id="gemini",
    client="gemini",
    title="Gemini CLI's settings.json",
    # JSON.parse(stripJsonComments(content)) (packages/cli/src/config/settings.ts):
    # comments are stripped, but strip-json-comments is called without options, so trailing
    # commas are NOT removed and fail the parse (from code reading; medium-high confidence).
    dialect="jsonc",
    comments=True,
    trailing_commas=False,
    strips_bom=False,  # unconfirmed: no BOM handling seen
    servers_paths=(("mcpServers",),),
    misplaced_server_keys=frozen_map(
        {"servers": "Gemini CLI reads servers from `mcpServers`; `servers` is VS Code's key"}
    ),
    schema="gemini.schema.json",
    scope="project",
    scopes=("user", "project", "managed"),
    patterns=(
        ".gemini/settings.json",
        "gemini-cli/settings.json",
        "gemini-cli/system-defaults.json",
        "GeminiCli/settings.json",
        "GeminiCli/system-defaults.json",
        # An extension manifest's mcpServers use the same MCPServerConfig; the manifest's own
        # dialect is unconfirmed (treated as the settings file's).
        "gemini-extension.json",
    ),
    top_level_keys=None,  # a settings file with many other keys (`mcp` is legitimate here)
)

_COMMON = (
    "timeout",
    "trust",
    "description",
    "includeTools",
    "excludeTools",
    "oauth",
    "authProviderType",
    "targetAudience",
    "targetServiceAccount",
)

# Layer 1 (packages/cli/src/utils/envVarResolver.ts): every string of every settings file.
# Layer 2 (packages/core/src/utils/envExpansion.ts, mcp-client.ts): `env` values and headers
# through dotenv-expand at spawn, plus %VAR% on Windows. An unset $X in `env` survives layer 1
# literally and becomes "" in layer 2; elsewhere it stays literal.
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"

CLIENT = Client(
    id="gemini",
    name="Gemini CLI",
    kinds=(CONFIG,),
    locations=(
        Location("gemini", "user", "home", ".gemini/settings.json"),
        Location("gemini", "project", "project", ".gemini/settings.json"),
        # System settings override everything (managed).
        Location(
            "gemini",
            "managed",
            "absolute",
            "/etc/gemini-cli/settings.json",
            ("linux",),
            env_override="GEMINI_CLI_SYSTEM_SETTINGS_PATH",
        ),
        Location(
            "gemini",
            "managed",
            "absolute",
            "/Library/Application Support/GeminiCli/settings.json",
            ("darwin",),
            env_override="GEMINI_CLI_SYSTEM_SETTINGS_PATH",
        ),
        Location(
            "gemini",
            "managed",
            "absolute",
            "C:/ProgramData/gemini-cli/settings.json",
            ("win32",),
            env_override="GEMINI_CLI_SYSTEM_SETTINGS_PATH",
        ),
        # System defaults (lowest precedence, admin-provided).
        Location(
            "gemini",
            "managed",
            "absolute",
            "/etc/gemini-cli/system-defaults.json",
            ("linux",),
            env_override="GEMINI_CLI_SYSTEM_DEFAULTS_PATH",
        ),
        Location(
            "gemini",
            "managed",
            "absolute",
            "/Library/Application Support/GeminiCli/system-defaults.json",
            ("darwin",),
            env_override="GEMINI_CLI_SYSTEM_DEFAULTS_PATH",
        ),
        Location(
            "gemini",
            "managed",
            "absolute",
            "C:/ProgramData/gemini-cli/system-defaults.json",
            ("win32",),
            env_override="GEMINI_CLI_SYSTEM_DEFAULTS_PATH",
        ),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=(),
            fields=(*_COMMON, "command", "args", "env", "cwd"),
            selected_by=("command",),
        ),
        Transport(
            "http",
            type_values=("http",),
            fields=(*_COMMON, "type", "url", "httpUrl", "headers"),
            # httpUrl -> Streamable HTTP; url without type -> Streamable HTTP, then SSE.
            selected_by=("httpUrl", "url"),
        ),
        Transport("sse", type_values=("sse",), fields=(*_COMMON, "type", "url", "headers")),
        Transport("ws", type_values=(), fields=(*_COMMON, "tcp"), selected_by=("tcp",)),
    ),
    type_key="honoured",
    expansion=(
        Expansion(
            "$VAR / ${VAR} / ${VAR:-default}",
            rf"\$(?:\{{(?P<name>{_NAME})(?::-(?P<default>[^}}]*))?\}}|(?P<bare>{_NAME}))",
            ("*",),
            "literal",
            note="settings load, every string; group 'bare' holds the $VAR form's name",
        ),
        Expansion(
            "$VAR / ${VAR} in env and headers",
            rf"\$(?:\{{(?P<name>{_NAME})\}}|(?P<bare>{_NAME}))",
            ("env", "headers"),
            "empty",
            note="dotenv-expand at spawn, after the settings-load pass",
        ),
        Expansion(
            "%VAR%",
            r"%(?P<name>[A-Za-z_][A-Za-z0-9_]*)%",
            ("env", "headers"),
            "empty",
            platforms=("win32",),
        ),
    ),
    supports_remote=True,
    url_keys=("httpUrl", "url"),
    # Characters outside [A-Za-z0-9_.:-] are replaced by "_" in tool names; "_" in server
    # names makes policy parsing ambiguous (docs mcp-server.md): avoid it.
    name_pattern=r"^[A-Za-z0-9_.:-]+$",
    reserved_names=(),
    tool_name_limit=63,  # longer names are truncated with a middle "..."
    tool_name_format="mcp_{server}_{tool}",
    # None documented; a 400 error above 128 tools was reported (gemini-cli#24246).
    max_tools=None,
    honours_cwd=True,  # passed to the SDK unchanged; relative to where gemini was started
    tilde_fields=(),  # "~" is not expanded
    startup_timeout_ms=None,  # per-server `timeout` (ms, default 600 000) is for requests
    resolves_cmd_shims=True,  # TS SDK cross-spawn
    gui_path=GuiPath(gui=False, login_shell=None, note="a CLI: inherits the launching shell"),
    # The full process.env minus redacted names (*TOKEN*, *SECRET*, *KEY*, ...), then `env`.
    child_env="filtered",
    default_cwd="client-cwd",  # the TS SDK's default: the client's own cwd
    deprecated_fields=frozen_map(
        {"httpUrl": '`httpUrl` is deprecated: use `url` with `"type": "http"`'}
    ),
    unconfirmed=(
        "trailing commas rejected (from code reading, strip-json-comments without options)",
        "BOM handling",
        "gemini-extension.json dialect",
        "relative cwd resolution (inferred from Node spawn semantics)",
    ),
    notes=(
        "stdio servers refuse to start in an untrusted folder ('gemini trust').",
        "Tokens and secrets in the shell environment are redacted: name them in `env`.",
    ),
)
