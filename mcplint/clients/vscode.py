"""VS Code (GitHub Copilot agent mode): `mcp.json` with `servers` + `inputs`, and the legacy
`"mcp": {"servers"}` block in settings.json / `.code-workspace` (CLIENTS-DETAIL.md §4)."""

from __future__ import annotations

from mcplint.clients.base import (
    Client,
    Expansion,
    FileKind,
    GuiPath,
    Location,
    LocationStatus,
    Platform,
    Root,
    Transport,
    frozen_map,
)

_MCPSERVERS_NOT_HERE = (
    "VS Code reads servers from `servers` (next to `inputs`), not `mcpServers`"
    " (genomoncology/biomcp#243)"
)

# VS Code user-data folders. Insiders from community docs; VSCodium unconfirmed.
_EDITIONS = ("Code", "Code - Insiders", "VSCodium")
_USER_PATTERNS = tuple(f"{edition}/User" for edition in _EDITIONS)

MCP_JSON = FileKind(
    id="vscode",
    client="vscode",
    title="VS Code's mcp.json",
    # The schema sets allowComments and allowTrailingCommas (vscode-src mcpConfiguration.ts).
    dialect="jsonc",
    # Unconfirmed for mcp.json: VS Code decodes text files with BOM detection.
    strips_bom=True,
    servers_paths=(("servers",),),
    misplaced_server_keys=frozen_map({"mcpServers": _MCPSERVERS_NOT_HERE}),
    schema="vscode.schema.json",
    scope="project",
    scopes=("user", "project"),
    patterns=(
        ".vscode/mcp.json",
        *(f"{user}/mcp.json" for user in _USER_PATTERNS),
        *(f"{user}/profiles/*/mcp.json" for user in _USER_PATTERNS),
    ),
    # The schema has additionalProperties: false. The docs show a top-level `sandbox` in one
    # example but a per-server one in the reference (conflict): not listed here.
    top_level_keys=("servers", "inputs"),
)

SETTINGS = FileKind(
    id="vscode-settings",
    client="vscode",
    title="VS Code's settings.json",
    dialect="jsonc",
    strips_bom=True,
    # settings.json: "mcp": {"servers", "inputs"}; .code-workspace: "settings": {"mcp": ...}
    # (vscode-src mcpConfigPathsService.ts: section ['settings', 'mcp']).
    servers_paths=(("mcp", "servers"), ("settings", "mcp", "servers")),
    misplaced_server_keys=frozen_map({"mcpServers": _MCPSERVERS_NOT_HERE}),
    schema="vscode-settings.schema.json",
    scope="user",
    scopes=("user", "project"),
    patterns=(
        *(f"{user}/settings.json" for user in _USER_PATTERNS),
        *(f"{user}/profiles/*/settings.json" for user in _USER_PATTERNS),
        "*.code-workspace",
    ),
    top_level_keys=None,
    rewritten_by_client=True,  # the settings UI writes it while VS Code runs
    deprecated=(
        "since VS Code 1.102, MCP servers in user settings.json are migrated to mcp.json "
        '("MCP servers should no longer be configured in user settings"); a multi-root '
        ".code-workspace keeps them under settings.mcp"
    ),
)


def _user_locations() -> tuple[Location, ...]:
    bases: tuple[tuple[Platform, Root, str], ...] = (
        ("darwin", "home", "Library/Application Support/"),
        ("win32", "appdata", ""),
        # Electron's appData on Linux is $XDG_CONFIG_HOME, else ~/.config.
        ("linux", "xdg_config", ""),
    )
    found: list[Location] = []
    for edition in _EDITIONS:
        status: LocationStatus = "unconfirmed" if edition == "VSCodium" else "read"
        for platform, root, prefix in bases:
            user = f"{prefix}{edition}/User"
            found.append(
                Location("vscode", "user", root, f"{user}/mcp.json", (platform,), status=status)
            )
            # Profiles: "each profile can have its own MCP server configuration"; the
            # profiles/<id> layout is inferred (and seen in the corpus: .../User/profiles/
            # -6a436435/mcp.json).
            found.append(
                Location(
                    "vscode",
                    "user",
                    root,
                    f"{user}/profiles/*/mcp.json",
                    (platform,),
                    status="unconfirmed",
                )
            )
            found.append(
                Location(
                    "vscode-settings",
                    "user",
                    root,
                    f"{user}/settings.json",
                    (platform,),
                    status="legacy",
                    note="servers here were migrated to mcp.json in VS Code 1.102",
                )
            )
    return tuple(found)


_ALL = ("*",)

# Written by VS Code's MCP gallery into each entry it installs: `ICommonMcpServerConfiguration`
# {version?: string, gallery?: boolean | string} (vscode-src platform/mcp/common/
# mcpPlatformTypes.ts); corpus vscode_mcp/anthropics__claude-code__.vscode__mcp.json.
_GALLERY = ("gallery", "version")

CLIENT = Client(
    id="vscode",
    name="VS Code",
    kinds=(MCP_JSON, SETTINGS),
    locations=(
        *_user_locations(),
        Location("vscode", "project", "project", ".vscode/mcp.json"),
        Location("vscode-settings", "project", "project", "*.code-workspace"),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=("stdio",),
            # The docs mark `type` "Required"; the schema treats it as optional and the docs'
            # examples omit it: recommended.
            fields=(
                "type",
                "command",
                "cwd",
                "args",
                "env",
                "envFile",
                "dev",
                "sandboxEnabled",
                "sandbox",
                *_GALLERY,
            ),
            required=("command",),
            selected_by=("command",),
        ),
        Transport(
            "http",
            type_values=("http",),
            fields=("type", "url", "headers", "oauth", "dev", *_GALLERY),
            required=("url",),
            # "VS Code first tries the HTTP Stream transport and falls back to SSE".
            selected_by=("url",),
        ),
        Transport(
            "sse",
            type_values=("sse",),
            fields=("type", "url", "headers", "oauth", "dev", *_GALLERY),
        ),
    ),
    type_key="honoured",
    # vscode-src configurationResolver/common/variableResolver.ts. Which entry fields are
    # resolved is not listed in the sources: "*" (every string) is an assumption.
    expansion=(
        Expansion(
            "${env:VAR}",
            r"\$\{env:(?P<name>[^}]+)\}",
            _ALL,
            "empty",  # "do the same as a normal shell does"; names case-insensitive on Windows
        ),
        Expansion(
            "${input:id}",
            r"\$\{input:(?P<name>[^}]+)\}",
            _ALL,
            "error",  # must be declared in `inputs`; prompted on first start, then stored
            refers_to="input",
        ),
        Expansion(
            "${workspaceFolder}",
            r"\$\{(?P<name>workspaceFolder(?:Basename)?(?::[^}]+)?)\}",
            _ALL,
            "error",  # "can not be resolved. Please open a folder"
            refers_to="builtin",
            note="${workspaceFolder:name} in multi-root workspaces",
        ),
        Expansion("${userHome}", r"\$\{(?P<name>userHome)\}", _ALL, "literal", refers_to="builtin"),
        Expansion("${config:...}", r"\$\{config:(?P<name>[^}]+)\}", _ALL, "literal", "config"),
        Expansion("${command:...}", r"\$\{command:(?P<name>[^}]+)\}", _ALL, "literal", "command"),
    ),
    supports_remote=True,
    url_keys=("url",),
    # Docs advise camelCase without whitespace or special characters; not enforced: VS Code's
    # own MCP gallery writes names such as "microsoft/markitdown" and
    # "io.github.github/github-mcp-server" (corpus vscode_mcp/anthropics__claude-code__.vscode__
    # mcp.json and ABCPA__Antigravity__...__.vscode__mcp.json) and derives tool names itself
    # (FAILURES.md K2: "VSC (warns/remaps)"). Any non-empty name is accepted.
    name_pattern=r"^[\s\S]+$",
    reserved_names=(),
    tool_name_limit=64,  # model API (microsoft/vscode#243602)
    tool_name_format=None,
    max_tools=128,  # "Cannot have more than 128 tools per request."
    honours_cwd=True,  # default: the workspace folder (workspace config) or home
    tilde_fields=("command", "args", "cwd"),  # untildify (extHostMcpNode.ts)
    startup_timeout_ms=None,  # logs "Waiting for server to respond" every 5 s; no limit found
    # findExecutable via PATHEXT; .cmd/.bat spawned with shell: true.
    resolves_cmd_shims=True,
    gui_path=GuiPath(
        gui=True,
        login_shell=True,  # $SHELL -ilc at startup, 10 s timeout (shellEnv.ts)
        note="skipped with --force-disable-user-env; PATH in `env` is appended, not replaced",
    ),
    child_env="full",  # extension-host process.env, then envFile, then env
    default_cwd="workspace-or-home",  # extHostMcpNode.ts; a relative cwd joins onto it too
    deprecated_fields=frozen_map(),
    unconfirmed=(
        "VSCodium folder name",
        "profiles/<id>/mcp.json layout (inferred; one corpus file matches)",
        "`sandbox`: per-server (reference) vs top-level (one docs example)",
        "`unix:///` and `pipe:///` URLs: the runtime accepts them, the schema (^https?://) not",
        "BOM handling for mcp.json (encoded as stripped)",
        "which entry fields get variable resolution (encoded as every string)",
        "input types other than promptString",
    ),
    notes=(
        "VS Code also reads <folder>/.mcp.json (mcpServers; only ${VAR} and ${VAR:-default} "
        "are expanded there).",
        "Portable Copilot file: $COPILOT_HOME/mcp-config.json, else ~/.copilot/mcp-config.json.",
        "Dev containers: devcontainer.json customizations.vscode.mcp.servers.",
    ),
)
