"""Claude Code's other scope files, as seen from one of them (for the cross-file rules).

Claude Code combines, for one project folder (CLIENTS.md "Scopes", CLIENTS-DETAIL.md §2):

* servers: local (`projects[<folder>].mcpServers` in `~/.claude.json`) > project (`.mcp.json`)
  > user (top-level `mcpServers` in `~/.claude.json`), silently; `managed-mcp.json` too;
* approvals of `.mcp.json` servers: `enabledMcpjsonServers`, `disabledMcpjsonServers` (wins)
  and `enableAllProjectMcpServers`, in any settings file (managed, user `~/.claude/settings.json`,
  project `.claude/settings.json`, local `.claude/settings.local.json`) and in the project's entry
  of `~/.claude.json`;
* permission rules `mcp__SERVER__tool` in the settings files' `permissions.allow/deny/ask`.

`project_scopes(path, kind, env)` finds the project folder of a Claude Code file and reads the
other files of that folder's scopes through the `Environment`, only at those known paths. A file
that is missing is absent; one that cannot be read or parsed is `broken` (rules then stay quiet
about what it might have said). Files are parsed once per `Environment` (the cache lives on the
`Environment` object and is checked against the file's bytes, so a file rewritten by `--fix` is
read again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from mcplint.clients.base import FileKind
from mcplint.clients.roots import root_dir
from mcplint.env import Environment
from mcplint.parser import parse
from mcplint.source import decode
from mcplint.text import LineIndex, Position
from mcplint.tree import Node, PathPart

ScopeName = Literal["managed", "user", "project", "local"]
State = Literal["ok", "missing", "broken"]

# Precedence of server definitions of the same name (CLIENTS.md: local > project > user).
PRECEDENCE: tuple[ScopeName, ...] = ("local", "project", "user")

_CACHE_ATTRIBUTE = "_mcplint_scope_files"


@dataclass
class ScopeFile:
    """One file of a scope: its parsed value when it is `ok`."""

    path: str
    state: State
    value: Any = None
    text: str = ""
    _root: Node | None = field(default=None, repr=False)
    _lines: LineIndex | None = field(default=None, repr=False)

    def position(
        self, json_path: tuple[PathPart, ...], *, key: bool = False
    ) -> tuple[Position, Position] | None:
        """Where a value (or, with `key`, its key) is in this file (parsed again lazily)."""
        if self.state != "ok":
            return None
        if self._root is None:
            self._root = parse(self.text).root
        if self._root is None:
            return None
        node: Node | None
        if key and json_path and not isinstance(json_path[-1], int):
            parent = self._root.find(json_path[:-1])
            member = parent.get(json_path[-1]) if parent is not None else None
            node = member.key if member is not None else None
        else:
            node = self._root.find(json_path)
        if node is None:
            return None
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.position(node.start), self._lines.position(node.end)


@dataclass(frozen=True)
class Definition:
    """A server defined in a scope: its name, the file and the JSON path of its entry."""

    name: str
    scope: ScopeName
    file: ScopeFile
    path: tuple[PathPart, ...]


@dataclass(frozen=True)
class Approval:
    """A settings source of `.mcp.json` approvals (a settings file or `~/.claude.json`'s entry)."""

    file: ScopeFile
    path: tuple[PathPart, ...]  # the object holding the keys: () or ("projects", folder)
    scope: ScopeName

    @property
    def value(self) -> dict[str, Any]:
        found: Any = self.file.value
        for part in self.path:
            found = found.get(part) if isinstance(found, dict) else None
        return found if isinstance(found, dict) else {}

    def names(self, key: str) -> list[str]:
        items = self.value.get(key)
        return [i for i in items if isinstance(i, str)] if isinstance(items, list) else []


@dataclass
class ProjectScopes:
    """Every scope file of one project folder (`root`)."""

    root: str
    mcp_json: ScopeFile
    claude_json: ScopeFile
    settings: list[tuple[ScopeName, ScopeFile]]  # managed..., user, project, local
    managed_mcp: list[ScopeFile]
    project_key: str | None  # the key of `root` in `~/.claude.json`'s `projects`, if any

    @property
    def broken(self) -> list[ScopeFile]:
        files = [self.mcp_json, self.claude_json, *self.managed_mcp]
        files.extend(f for _, f in self.settings)
        return [f for f in files if f.state == "broken"]

    def definitions(self) -> list[Definition]:
        """Every server defined for this folder, in precedence order (local, project, user),
        then managed."""
        out: list[Definition] = []
        if self.project_key is not None:
            out.extend(
                _defs(self.claude_json, ("projects", self.project_key, "mcpServers"), "local")
            )
        out.extend(_defs(self.mcp_json, ("mcpServers",), "project"))
        out.extend(_defs(self.claude_json, ("mcpServers",), "user"))
        for managed in self.managed_mcp:
            out.extend(_defs(managed, ("mcpServers",), "managed"))
        for scope, settings in self.settings:
            if scope == "managed":
                out.extend(_defs(settings, ("managedMcpServers",), "managed"))
        return out

    def approvals(self) -> list[Approval]:
        """The sources of `.mcp.json` approvals for this folder."""
        out = [Approval(f, (), scope) for scope, f in self.settings if f.state == "ok"]
        if self.project_key is not None and self.claude_json.state == "ok":
            out.append(Approval(self.claude_json, ("projects", self.project_key), "local"))
        return out


def _defs(file: ScopeFile, path: tuple[PathPart, ...], scope: ScopeName) -> list[Definition]:
    if file.state != "ok":
        return []
    found: Any = file.value
    for part in path:
        found = found.get(part) if isinstance(found, dict) else None
    if not isinstance(found, dict):
        return []
    return [Definition(str(name), scope, file, (*path, name)) for name in found]


# -- reading ----------------------------------------------------------------------------------


def read_scope_file(env: Environment, path: str) -> ScopeFile:
    """The file at `path`, parsed (values only); cached on `env` against the file's bytes."""
    cache: dict[str, tuple[bytes, ScopeFile]] = vars(env).setdefault(_CACHE_ATTRIBUTE, {})
    try:
        data = env.read_bytes(path)
    except FileNotFoundError:
        return ScopeFile(path, "missing")
    except (OSError, ValueError):
        return ScopeFile(path, "broken")
    cached = cache.get(path)
    if cached is not None and cached[0] == data:
        return cached[1]
    text = decode(data).text
    result = parse(text)
    broken = result.root is None or any(e.kind == "syntax-error" for e in result.errors)
    scope_file = ScopeFile(path, "broken") if broken else ScopeFile(path, "ok", result.value, text)
    cache[path] = (data, scope_file)
    return scope_file


def claude_json_path(env: Environment) -> str | None:
    """`~/.claude.json` (or `$CLAUDE_CONFIG_DIR/.claude.json`)."""
    home = root_dir(env, "claude_home")
    return env.join(home, ".claude.json") if home else None


def user_settings_path(env: Environment) -> str | None:
    """`~/.claude/settings.json` (or `$CLAUDE_CONFIG_DIR/settings.json`)."""
    folder = root_dir(env, "claude_config")
    return env.join(folder, "settings.json") if folder else None


def managed_paths(env: Environment, kind_id: str) -> list[str]:
    """The managed files of `kind_id` on this platform (`managed-settings.d/*.json` listed)."""
    from mcplint.clients.claude_code import CLIENT
    from mcplint.discovery import location_paths

    paths: list[str] = []
    for loc in CLIENT.locations:
        if loc.kind == kind_id and loc.scope == "managed" and env.platform in loc.platforms:
            if loc.status == "legacy":
                continue
            paths.extend(location_paths(env, loc))
    return paths


def _same_path(env: Environment, a: str, b: str) -> bool:
    pa, pb = str(env.path(env.resolve(a))), str(env.path(env.resolve(b)))
    if env.is_windows:
        return (
            pa.replace("/", "\\").rstrip("\\").lower() == pb.replace("/", "\\").rstrip("\\").lower()
        )
    return pa.rstrip("/") == pb.rstrip("/")


def project_key(env: Environment, claude_json: ScopeFile, root: str) -> str | None:
    """The key of the folder `root` in `~/.claude.json`'s `projects`."""
    if claude_json.state != "ok" or not isinstance(claude_json.value, dict):
        return None
    projects = claude_json.value.get("projects")
    if not isinstance(projects, dict):
        return None
    for key in projects:
        if isinstance(key, str) and key and _same_path(env, key, root):
            return key
    return None


def project_root(path: str, kind: FileKind | None, env: Environment) -> str | None:
    """The project folder of a Claude Code project file: the folder of `.mcp.json`, the folder
    holding `.claude/` for `.claude/settings*.json`; None for user and managed files."""
    if kind is None or kind.client != "claude-code":
        return None
    full = env.path(env.resolve(path))
    if kind.id == "claude-code-mcp-json":
        return str(full.parent)
    if kind.id != "claude-code-settings" or full.parent.name.lower() != ".claude":
        return None
    user = user_settings_path(env)
    if user is not None and _same_path(env, str(full), user):
        return None
    if full.name.lower() not in ("settings.json", "settings.local.json"):
        return None
    return str(full.parent.parent)


def project_scopes(root: str, env: Environment, current: ScopeFile | None = None) -> ProjectScopes:
    """Every scope file for the project folder `root`; `current` (the file being linted, as
    it is in memory) stands for the file at its path."""

    def read(path: str | None) -> ScopeFile:
        if path is None:
            return ScopeFile("", "missing")
        if current is not None and _same_path(env, path, current.path):
            return current
        return read_scope_file(env, path)

    claude_json = read(claude_json_path(env))
    settings: list[tuple[ScopeName, ScopeFile]] = [
        ("managed", read(p)) for p in managed_paths(env, "claude-code-settings")
    ]
    settings.append(("user", read(user_settings_path(env))))
    settings.append(("project", read(env.join(root, ".claude", "settings.json"))))
    settings.append(("local", read(env.join(root, ".claude", "settings.local.json"))))
    settings = [(s, f) for s, f in settings if f.state != "missing"]
    managed_mcp = [
        f
        for f in (read(p) for p in managed_paths(env, "claude-code-managed-mcp"))
        if f.state != "missing"
    ]
    return ProjectScopes(
        root=root,
        mcp_json=read(env.join(root, ".mcp.json")),
        claude_json=claude_json,
        settings=settings,
        managed_mcp=managed_mcp,
        project_key=project_key(env, claude_json, root),
    )


# -- names ------------------------------------------------------------------------------------

_NOT_NAME_CHARS = re.compile(r"[^A-Za-z0-9_-]")


def permission_name(server: str) -> str:
    """A server name as it appears in tool names and permission rules (`mcp__NAME__tool`):
    characters outside `[A-Za-z0-9_-]` become `_`."""
    return _NOT_NAME_CHARS.sub("_", server)
