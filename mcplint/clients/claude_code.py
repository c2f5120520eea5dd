"""Claude Code: `.mcp.json`, `~/.claude.json`, `managed-mcp.json` and the settings files.

Facts read off the real client (CLIENTS.md "Claude Code, read off the real client", version
2.1.331) and its docs (CLIENTS-DETAIL.md §2).
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

_SERVERS_NOT_HERE = (
    "Claude Code reads servers from `mcpServers`; `servers` is VS Code's key (Claude Code: "
    '`Missing "mcpServers" — found "servers" instead`)'
)

MCP_JSON = FileKind(
    id="claude-code-mcp-json",
    client="claude-code",
    title="Claude Code's .mcp.json",
    # Strict JSON.parse after stripping a BOM; a blank file is "no servers".
    dialect="json",
    strips_bom=True,
    servers_paths=(("mcpServers",),),
    misplaced_server_keys=frozen_map({"servers": _SERVERS_NOT_HERE}),
    schema="claude-code-mcp-json.schema.json",
    scope="project",
    patterns=(".mcp.json",),
    # The validator requires the top level to be {mcpServers: record}.
    top_level_keys=("mcpServers",),
    # VS Code reads <folder>/.mcp.json too (vscode-src workspaceDotMcpDiscovery.ts).
    also_read_by=("vscode",),
    blank_ok=True,  # "MCP config is blank, read as no servers" (CLIENTS.md)
)

PLUGIN_MCP_JSON = FileKind(
    id="claude-code-plugin-mcp-json",
    client="claude-code",
    title="Claude Code's plugin .mcp.json",
    # A plugin's `.mcp.json` sits at the plugin root, next to `.claude-plugin/plugin.json`
    # (detected by that sibling, or by the marketplace layout `plugins/<name>/.mcp.json`).
    # Assumed read like a project .mcp.json (strict JSON, BOM stripped): unconfirmed.
    dialect="json",
    strips_bom=True,
    servers_paths=(("mcpServers",),),
    # Servers may sit at the top level: corpus getsentry/sentry-mcp plugins/sentry-mcp/.mcp.json,
    # anthropics/claude-code plugins/convex-visual/.mcp.json, 0labs-in/vision-link .mcp.json
    # (next to .claude-plugin/plugin.json); schemas/claude-code-plugin-mcp-json.schema.json.
    top_level_servers=True,
    schema="claude-code-plugin-mcp-json.schema.json",
    scope="project",  # shipped with the plugin: shared, like a project file
    patterns=("plugins/*/.mcp.json",),
    top_level_keys=None,  # the flat form: every top-level key is a server name
    notes=("`${CLAUDE_PLUGIN_ROOT}` expands to the plugin's folder.",),
)

MANAGED_MCP = FileKind(
    id="claude-code-managed-mcp",
    client="claude-code",
    title="Claude Code's managed-mcp.json",
    # "Same format as .mcp.json" (cc-docs managed-mcp.md); assumed read by the same reader.
    dialect="json",
    strips_bom=True,
    servers_paths=(("mcpServers",),),
    misplaced_server_keys=frozen_map({"servers": _SERVERS_NOT_HERE}),
    schema="claude-code-managed-mcp.schema.json",
    scope="managed",
    patterns=("managed-mcp.json",),
    top_level_keys=("mcpServers",),
    notes=(
        "While present, only its servers (plus managedMcpServers, in-process and, if allowed, "
        "Claude in Chrome) load; {'mcpServers': {}} disables MCP.",
        "Readable by every user of the machine: keep credentials out of env/headers.",
    ),
)

USER = FileKind(
    id="claude-code-user",
    client="claude-code",
    title="Claude Code's ~/.claude.json",
    # Strict JSON.parse after stripping a BOM; a broken file is fatal (exit 1).
    dialect="json",
    strips_bom=True,
    # user scope: top-level mcpServers; local scope: projects["/abs/path"].mcpServers
    servers_paths=(("mcpServers",), ("projects", "*", "mcpServers")),
    misplaced_server_keys=frozen_map({"servers": _SERVERS_NOT_HERE}),
    schema="claude-code-user.schema.json",
    scope="user",
    scopes=("user", "local"),
    patterns=(".claude.json",),
    top_level_keys=None,  # holds much other state
    rewritten_by_client=True,  # Claude Code rewrites it all the time
)

SETTINGS = FileKind(
    id="claude-code-settings",
    client="claude-code",
    title="Claude Code's settings.json",
    # Unconfirmed: no source on the settings reader. A third-party README says strict JSON
    # (DESIGN.md §5); encoded as strict JSON with BOM stripping like the other files.
    dialect="json",
    strips_bom=True,
    servers_paths=(("mcpServers",),),
    # `mcpServers` here is ignored ("No MCP servers configured"; v2.1.47+, FAILURES.md B1).
    reads_servers=False,
    misplaced_server_keys=frozen_map(
        {
            "mcpServers": "Claude Code never reads servers from settings files: move them to "
            "`.mcp.json` (project) or `~/.claude.json` (`claude mcp add-json --scope user`)",
        }
    ),
    schema="claude-code-settings.schema.json",
    scope="project",
    scopes=("user", "project", "local", "managed"),
    patterns=(
        ".claude/settings.json",
        ".claude/settings.local.json",
        "managed-settings.json",
        "managed-settings.d/*.json",
    ),
    top_level_keys=None,
    # The approval dialog writes enabledMcpjsonServers etc. to .claude/settings.local.json.
    rewritten_by_client=True,
    notes=(
        "`managedMcpServers` (managed files only) is an object of https-only http/sse entries "
        "without command/args/env/headersHelper and without ${VAR} expansion.",
    ),
)

_SERVER_COMMON = ("type", "timeout", "alwaysLoad", "role")
_REMOTE_FIELDS = (
    *_SERVER_COMMON,
    "url",
    "headers",
    "headersHelper",
    "oauth",
    "request_timeout_ms",
    "tools",
    "displayName",
    "discoveryCache",
    "toolPermissions",
)

# Object.prototype keys and Claude's own server names (validator `Uie`, CLIENTS.md); the list
# in the binary is longer ("…"), these are the ones read.
_RESERVED = (
    "constructor",
    "prototype",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "Claude Preview",
    "Claude in Chrome",
    "claude-in-chrome",
)

_MANAGED_DARWIN = "/Library/Application Support/ClaudeCode/"
_MANAGED_LINUX = "/etc/claude-code/"
_MANAGED_WIN32 = "C:/Program Files/ClaudeCode/"


def _managed(kind: str, name: str) -> tuple[Location, ...]:
    return (
        Location(kind, "managed", "absolute", _MANAGED_DARWIN + name, platforms=("darwin",)),
        Location(kind, "managed", "absolute", _MANAGED_LINUX + name, platforms=("linux",)),
        Location(kind, "managed", "absolute", _MANAGED_WIN32 + name, platforms=("win32",)),
    )


CLIENT = Client(
    id="claude-code",
    name="Claude Code",
    kinds=(MCP_JSON, USER, MANAGED_MCP, SETTINGS, PLUGIN_MCP_JSON),
    locations=(
        # CLAUDE_CONFIG_DIR is not covered by CLIENTS-DETAIL.md, so it is not honoured here.
        Location("claude-code-user", "user", "home", ".claude.json"),
        Location("claude-code-settings", "user", "home", ".claude/settings.json"),
        *_managed("claude-code-managed-mcp", "managed-mcp.json"),
        *_managed("claude-code-settings", "managed-settings.json"),
        *_managed("claude-code-settings", "managed-settings.d/*.json"),
        Location(
            "claude-code-settings",
            "managed",
            "absolute",
            "C:/ProgramData/ClaudeCode/managed-settings.json",
            platforms=("win32",),
            status="legacy",
            note="the docs say Claude Code doesn't read this legacy path; use "
            "C:\\Program Files\\ClaudeCode",
        ),
        Location(
            "claude-code-managed-mcp",
            "managed",
            "absolute",
            "C:/ProgramData/ClaudeCode/managed-mcp.json",
            platforms=("win32",),
            # Only in older third-party write-ups; the docs list Program Files only.
            status="legacy",
            note="unconfirmed, stale: the docs list only C:\\Program Files\\ClaudeCode",
        ),
        Location("claude-code-mcp-json", "project", "project", ".mcp.json", walks_up=True),
        Location("claude-code-settings", "project", "project", ".claude/settings.json"),
        Location("claude-code-settings", "local", "project", ".claude/settings.local.json"),
    ),
    transports=(
        Transport(
            "stdio",
            type_values=("stdio",),
            fields=(*_SERVER_COMMON, "command", "args", "env", "bareElicitationCapability"),
            required=("command",),
            selected_by=("command",),
        ),
        Transport("sse", type_values=("sse",), fields=_REMOTE_FIELDS, required=("url",)),
        Transport(
            "http",
            type_values=("http", "streamable-http"),
            fields=_REMOTE_FIELDS,
            required=("url",),
            note='a `url` without `type` is skipped: \'has a "url" but no "type"\'',
        ),
        Transport(
            "ws",
            type_values=("ws",),
            fields=(*_SERVER_COMMON, "url", "headers", "headersHelper"),
            required=("url",),
        ),
    ),
    type_key="honoured",
    expansion=(
        Expansion(
            syntax="${VAR} / ${VAR:-default}",
            pattern=r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}",
            fields=("command", "args", "env", "url", "headers", "headersHelper"),
            # Left as the literal ${VAR}, warned as "Missing environment variables: X".
            unset="literal",
            note="$VAR, ~, ${VAR-x} and ${VAR:=x} are not expanded; not expanded when Claude "
            "Code runs inside the desktop app (FAILURES.md F2)",
        ),
    ),
    supports_remote=True,
    url_keys=("url",),
    name_pattern=PORTABLE_NAME_PATTERN,  # `claude mcp add`; files accept any name silently
    reserved_names=_RESERVED,
    tool_name_limit=64,  # API: ^[a-zA-Z0-9_-]{1,64}$
    tool_name_format="mcp__{server}__{tool}",
    max_tools=None,
    honours_cwd=False,  # no `cwd` in the stdio schema; unknown keys are dropped
    tilde_fields=(),  # "~" is not expanded
    startup_timeout_ms=30_000,  # MCP_TIMEOUT
    # Until 2026-06-24 the docs said native Windows needs `cmd /c npx`; the warning was deleted
    # without code evidence that .cmd shims now resolve.
    resolves_cmd_shims=None,
    gui_path=GuiPath(gui=False, login_shell=None, note="a CLI: inherits the launching shell"),
    child_env="unconfirmed",
    default_cwd="client-cwd",  # the folder `claude` was started in
    deprecated_fields=frozen_map(),
    unconfirmed=(
        "Windows: whether `cmd /c` is still needed for npx (doc warning removed 2026-06-24)",
        "C:\\ProgramData\\ClaudeCode\\managed-mcp.json (docs list only Program Files)",
        "allowedMcpServers vs managed-mcp.json: managed-mcp.md (not applied, v2.1.259+) and "
        "settings-reference.md (applied) disagree",
        "settings.json dialect (encoded as strict JSON)",
        "managed-mcp.json BOM handling (encoded as .mcp.json's)",
        "CLAUDE_CONFIG_DIR: not covered by CLIENTS-DETAIL.md, not honoured by discovery",
        "plugin .mcp.json dialect and BOM handling (encoded as the project .mcp.json's)",
    ),
    notes=(
        "Scopes: local (projects[path].mcpServers) > project (.mcp.json) > user, silently.",
        "Project servers run only once approved (enabledMcpjsonServers, "
        "enableAllProjectMcpServers); disabledMcpjsonServers wins.",
        "Per-server `timeout` (ms) applies to tool calls; values below 1000 are ignored.",
    ),
)
