"""Which client, and which of its file kinds, a config file belongs to.

Order: an explicit override (`--client NAME`), then the path (a client's user or managed
location on this machine, then the kinds' name patterns), then the content.

* Path patterns (`FileKind.patterns`) are matched case-insensitively against the end of the
  path; the longest matching pattern wins (`.vscode/mcp.json` beats nothing, `Code/User/
  profiles/*/mcp.json` beats `*/mcp.json`). Dotfiles repositories managed by chezmoi name
  `.claude` `dot_claude` (`private_dot_claude`, ...): when nothing matches, the names are
  read with those prefixes translated.
* Content sniffing, for file names no client uses (`mcp.json`, `mcp_config.json`, ...):
  `mcp_servers` → Codex; `context_servers` → Zed; `projects.*.mcpServers` → `~/.claude.json`;
  `mcpServers` → Claude Code settings or Gemini settings when the other keys say so, Windsurf
  when an entry has Windsurf's `serverUrl`, else Claude Code's `.mcp.json`, the de-facto
  portable format (`{"mcpServers": {...}}` only, strict JSON, stdio and http/sse entries with
  `type`; the engine marks this client *assumed*); `servers` → VS Code's `mcp.json`;
  `mcp.servers` or `settings.mcp.servers` → VS Code settings / `.code-workspace`.
* The folder still counts when the content decides: a portable-looking file in a client's own
  folder (`.cursor/`, `.windsurf/`) is that client's format, and a file in the folder of a client
  mcplint does not model (Roo's `.roo/`, Kiro's `.kiro/`, ...) is nobody's it knows: its keys are
  that client's, not Claude Code's.
* A `.mcp.json` next to `.claude-plugin/plugin.json` (or at `plugins/<name>/.mcp.json`) is a
  Claude Code plugin's, where servers may also sit at the top level.

Nothing here reads files: the path rules are resolved from the `Environment`'s variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase
from pathlib import PurePath
from types import MappingProxyType

from mcplint.clients import CLIENTS, FILE_KINDS, get_client, get_kind
from mcplint.clients.base import FileKind, Location, Scope
from mcplint.clients.roots import root_dir
from mcplint.env import Environment

_CLIENT_IDS = frozenset(c.id for c in CLIENTS)

# User and managed locations, in client order (project ones are matched by pattern).
_LOCATIONS = tuple(loc for c in CLIENTS for loc in c.locations if loc.root != "project")
_LOCATION_NAMES = frozenset(loc.path.rsplit("/", 1)[-1].lower() for loc in _LOCATIONS)
_OVERRIDE_VARS = tuple(sorted({loc.env_override for loc in _LOCATIONS if loc.env_override}))

# (kind, pattern components lowercased), longest patterns first: the first match wins. Indexed
# by the file name, so that most files (no client's) cost one dict look-up.
_PATTERNS = tuple(
    sorted(
        (
            (kind, tuple(p.lower().split("/")))
            for kind in FILE_KINDS.values()
            for p in kind.patterns
        ),
        key=lambda item: -len(item[1]),
    )
)
_GLOB_PATTERNS = tuple(item for item in _PATTERNS if "*" in item[1][-1])
_PATTERNS_BY_NAME: Mapping[str, tuple[tuple[FileKind, tuple[str, ...]], ...]] = MappingProxyType(
    {
        name: tuple(item for item in _PATTERNS if item[1][-1] == name or item in _GLOB_PATTERNS)
        for name in {item[1][-1] for item in _PATTERNS if "*" not in item[1][-1]}
    }
)

# Top-level keys only Claude Code's settings files have (a subset of its settings schema).
_CLAUDE_SETTINGS_KEYS = frozenset(
    {
        "enabledPlugins",
        "enableAllProjectMcpServers",
        "enabledMcpjsonServers",
        "disabledMcpjsonServers",
        "allowedMcpServers",
        "deniedMcpServers",
        "includeCoAuthoredBy",
        "apiKeyHelper",
        "extraKnownMarketplaces",
        "statusLine",
        "skipDangerousModePermissionPrompt",
    }
)
# Top-level keys of Gemini CLI's settings.json (v2 nested layout and v1 flat keys).
_GEMINI_SETTINGS_KEYS = frozenset(
    {"general", "ui", "security", "privacy", "context", "contextFileName", "checkpointing"}
)

# Folders of MCP clients mcplint does not model, whose `mcp.json` looks like the portable
# format but has that client's keys (Roo/Kilo Code `alwaysAllow`, Kiro `autoApprove`, ...).
# Sources: CLIENTS-DETAIL.md §9b (Roo: `.roo/mcp.json`); ../shared/corpus/README.md (kiro,
# amazonq, continue); corpus generic_mcp_json/skymoore__perplexica-mcp-open-webui__.kilocode__
# mcp.json (Kilo Code, a Roo fork: `alwaysAllow`, `disabled`).
_FOREIGN_FOLDERS = frozenset({".roo", ".kilocode", ".kiro", ".amazonq", ".continue"})
# A portable-looking file in a modeled client's own folder is that client's format, e.g. corpus
# generic_mcp_json/PaulJPhilp__EffectPatterns__packages__api-server__.windsurf__mcp-config.*.json.
_FOLDER_KINDS: Mapping[str, str] = MappingProxyType(
    {".cursor": "cursor", ".windsurf": "windsurf", ".codeium": "windsurf"}
)
_PLUGIN_MANIFEST = (".claude-plugin", "plugin.json")

# chezmoi source-state attribute prefixes (before "dot_").
_CHEZMOI_PREFIXES = (
    "private_",
    "readonly_",
    "exact_",
    "empty_",
    "executable_",
    "encrypted_",
    "create_",
    "modify_",
)

_NAME_SCOPES: Mapping[str, Scope] = MappingProxyType(
    {
        "settings.local.json": "local",
        "managed-settings.json": "managed",
        "managed-mcp.json": "managed",
    }
)


def detect(
    path: str, env: Environment, value: object | None = None, override: str | None = None
) -> FileKind | None:
    """The file kind of `path`, or None when neither its name nor `value` says.

    `value` is the parsed document (JSON or TOML), used when the path is not enough.
    `override` is a client id or file-kind id (`known_ids()`): a file-kind id is used as is; a
    client id picks among that client's kinds by path, then content, then its first kind.
    Raises ValueError for an unknown override.
    """
    if override is not None:
        return _by_override(override.strip().lower(), path, env, value)
    kind = kind_from_path(path, env)
    if kind is not None or value is None:
        return kind
    folders = {p.lower() for p in env.path(path).parts[-3:-1]}  # parent and grandparent
    if folders & _FOREIGN_FOLDERS:
        return None
    kind = sniff(value)
    owners = sorted(folders & set(_FOLDER_KINDS))
    if kind is not None and kind.id == "claude-code-mcp-json" and owners:
        return get_kind(_FOLDER_KINDS[owners[0]])
    return kind


def known_ids() -> tuple[str, ...]:
    """Every client id and file-kind id, for the CLI's `--client` choices (sorted)."""
    return tuple(sorted(_CLIENT_IDS | set(FILE_KINDS)))


def kind_from_path(path: str, env: Environment) -> FileKind | None:
    """The file kind that the path alone identifies."""
    loc = location_of(path, env)
    if loc is not None:
        return get_kind(loc.kind)
    parts = [p.lower() for p in env.path(path).parts]
    kind = _match_patterns(parts)
    if kind is None:
        normalized = [_chezmoi_name(p) for p in parts]
        if normalized != parts:
            kind = _match_patterns(normalized)
    if (
        kind is not None
        and kind.id == "claude-code-mcp-json"
        and _beside_plugin_manifest(path, env)
    ):
        kind = get_kind("claude-code-plugin-mcp-json")
    return kind


def location_of(path: str, env: Environment) -> Location | None:
    """The user or managed `Location` (on this machine) that `path` is, if any."""
    name = env.path(path).name.lower()
    if not (
        name in _LOCATION_NAMES
        or any(fnmatchcase(name, p) for p in _LOCATION_NAMES if "*" in p)
        or any(env.getenv(var) for var in _OVERRIDE_VARS)
    ):
        return None
    target: PurePath | None = None
    for loc in _LOCATIONS:
        if env.platform not in loc.platforms:
            continue
        override = env.getenv(loc.env_override) if loc.env_override else None
        if not override and not fnmatchcase(name, loc.path.rsplit("/", 1)[-1].lower()):
            continue  # cheap test first: most files are no client's
        if override:
            pattern = env.resolve(override)
        elif loc.root == "absolute":
            pattern = str(env.path(loc.path))
        else:
            base = root_dir(env, loc.root)
            if base is None:
                continue
            pattern = env.join(base, *loc.path.split("/"))
        target = target or env.path(env.resolve(path))
        if _same_or_match(target, pattern, env):
            return loc
    return None


def scope_of(path: str, env: Environment, kind: FileKind) -> Scope:
    """The scope of a file of `kind` at `path`: that of its user or managed location, else by
    its name (`settings.local.json` is local, `managed-*.json` managed), else the kind's."""
    loc = location_of(path, env)
    if loc is not None and loc.kind == kind.id:
        return loc.scope
    pp = env.path(path)
    name = pp.name.lower()
    if name in _NAME_SCOPES:
        return _NAME_SCOPES[name]
    if pp.parent.name.lower() == "managed-settings.d":
        return "managed"
    return kind.scope


def sniff(value: object | None) -> FileKind | None:
    """The file kind that a parsed document's keys suggest (see the module docstring)."""
    if not isinstance(value, Mapping):
        return None
    keys = set(value)
    if isinstance(value.get("mcp_servers"), Mapping):
        return get_kind("codex")
    if isinstance(value.get("context_servers"), Mapping):
        return get_kind("zed")
    projects = value.get("projects")
    if isinstance(projects, Mapping) and any(
        isinstance(p, Mapping) and "mcpServers" in p for p in projects.values()
    ):
        return get_kind("claude-code-user")
    if "mcpServers" in keys:
        if keys & _CLAUDE_SETTINGS_KEYS:
            return get_kind("claude-code-settings")
        if keys & _GEMINI_SETTINGS_KEYS:
            return get_kind("gemini")
        servers = value.get("mcpServers")
        if isinstance(servers, Mapping) and any(
            isinstance(entry, Mapping) and "serverUrl" in entry for entry in servers.values()
        ):
            # Windsurf's own key for a remote server (CLIENTS-DETAIL.md §5); no other modeled
            # client reads it. Corpus: generic_mcp_json/*__mcp_config.json with serverUrl.
            return get_kind("windsurf")
        return get_kind("claude-code-mcp-json")
    if isinstance(value.get("servers"), Mapping):
        return get_kind("vscode")
    mcp = value.get("mcp")
    settings = value.get("settings")
    if isinstance(settings, Mapping):
        mcp = mcp if isinstance(mcp, Mapping) else settings.get("mcp")
    if isinstance(mcp, Mapping) and "servers" in mcp:
        return get_kind("vscode-settings")
    if keys & _CLAUDE_SETTINGS_KEYS:
        return get_kind("claude-code-settings")
    return None


# -- helpers ---------------------------------------------------------------------------------


def _by_override(override: str, path: str, env: Environment, value: object | None) -> FileKind:
    if override not in _CLIENT_IDS:
        if override in FILE_KINDS:
            return FILE_KINDS[override]
        raise ValueError(
            f"unknown client or file kind {override!r}; known: {', '.join(known_ids())}"
        )
    client = get_client(override)
    by_path = kind_from_path(path, env)
    if by_path is not None and by_path.client == client.id:
        return by_path
    by_content = sniff(value)
    if by_content is not None and by_content.client == client.id:
        return by_content
    return client.kinds[0]


def _beside_plugin_manifest(path: str, env: Environment) -> bool:
    """Whether `.claude-plugin/plugin.json` sits in the file's folder (a plugin root)."""
    folder = str(env.path(env.resolve(path)).parent)
    return env.is_file(env.join(folder, *_PLUGIN_MANIFEST))


def _match_patterns(parts: list[str]) -> FileKind | None:
    for kind, pattern in _PATTERNS_BY_NAME.get(parts[-1], _GLOB_PATTERNS):
        if _tail_matches(parts, pattern):
            return kind
    return None


def _tail_matches(parts: list[str], pattern: tuple[str, ...]) -> bool:
    if len(pattern) > len(parts):
        return False
    tail = parts[len(parts) - len(pattern) :]
    return all(
        fnmatchcase(name, pat) and not (pat.startswith("*") and name.startswith("."))
        for name, pat in zip(tail, pattern, strict=True)
    )


def _same_or_match(target: PurePath, pattern: str, env: Environment) -> bool:
    pp = env.path(pattern)
    if "*" not in pattern:
        if env.is_windows:
            return str(target).lower() == str(pp).lower()
        return str(target) == str(pp)
    return target.match(str(pp))


def _chezmoi_name(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _CHEZMOI_PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix) :]
                changed = True
    if name.startswith("dot_"):
        name = "." + name[4:]
    return name.removesuffix(".tmpl")
