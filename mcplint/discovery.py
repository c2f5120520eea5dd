"""Where the MCP config files of every known client are, for this user and this project.

A pure function of the `Environment` (platform, home, cwd, variables, files): the path rules
are the clients' `Location`s (`mcplint.clients`). `platformdirs` is never used for other apps'
folders: it honours XDG variables on macOS, which the apps do not.

The project is the working directory and each parent up to the repository root (the first
folder holding a `.git` entry); without a repository, only the working directory.

>>> from mcplint.env import FakeEnvironment
>>> env = FakeEnvironment(platform="darwin", home="/Users/me",
...                       files={"/Users/me/.cursor/mcp.json": "{}"})
>>> [(f.path, f.kind.id, f.scope) for f in discover(env)]
[('/Users/me/.cursor/mcp.json', 'cursor', 'user')]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal

from mcplint.clients import CLIENTS, FILE_KINDS
from mcplint.clients.base import Client, FileKind, Location, Scope
from mcplint.clients.roots import root_dir
from mcplint.env import Environment

# A location's status, or "superseded": the client reads another file instead (e.g. the
# classic Claude Desktop file while the MSIX build is installed).
FoundStatus = Literal["read", "unconfirmed", "legacy", "superseded"]

_DIALECT_NAMES = {"json": "strict JSON", "jsonc": "JSONC", "json5": "JSON5", "toml": "TOML"}


@dataclass(frozen=True)
class Found:
    """A config file of a client. From `discover` it exists; from `candidates` maybe not."""

    path: str
    kind: FileKind
    scope: Scope
    status: FoundStatus = "read"
    note: str = ""

    @property
    def client(self) -> str:
        return self.kind.client


@dataclass(frozen=True)
class ClientReport:
    """One client for `mcplint clients`: its files here, and where it would look."""

    client: Client
    found: tuple[Found, ...]
    # The client's user and managed files (status "read" or "unconfirmed") absent here.
    missing: tuple[Found, ...]


def discover(env: Environment) -> list[Found]:
    """Every existing config file of every client, user, managed and project files.

    Order: client by client (`mcplint.clients.CLIENTS`), each in the order of its locations;
    project files from the working directory upwards. A path is listed once.
    """
    found = [found for found in candidates(env) if env.is_file(found.path)]
    return found + _claude_projects(env, found)


def candidates(env: Environment, *, project: bool = True) -> list[Found]:
    """Every path where a client would look (existing or not); glob parts (`*`) are expanded
    against the folders that exist."""
    dirs = project_dirs(env) if project else []
    seen: set[str] = set()
    result: list[Found] = []
    for client in CLIENTS:
        for loc in client.locations_for(env.platform):
            if loc.root == "project":
                paths = [p for d in dirs for p in _expand(env, d, loc.path)]
            else:
                paths = location_paths(env, loc)
            status = _status(env, loc)
            for path in paths:
                key = _key(env, path)
                if key in seen:
                    continue
                seen.add(key)
                result.append(Found(path, FILE_KINDS[loc.kind], loc.scope, status, loc.note))
    return result


# The files Claude Code reads in each project folder (besides the project's part of
# ~/.claude.json): the kinds are those of the "project" locations.
_CLAUDE_PROJECT_FILES: tuple[tuple[str, str, Scope], ...] = (
    (".mcp.json", "claude-code-mcp-json", "project"),
    (".claude/settings.json", "claude-code-settings", "project"),
    (".claude/settings.local.json", "claude-code-settings", "local"),
)


def _claude_projects(env: Environment, found: list[Found]) -> list[Found]:
    """The project files of every project listed in `~/.claude.json` (`projects`: absolute
    folder paths) whose folder still exists, beyond those of the working directory."""
    seen = {_key(env, f.path) for f in found}
    result: list[Found] = []
    for user_file in (f for f in found if f.kind.id == "claude-code-user"):
        for folder in _project_folders(env, user_file.path):
            for rel, kind_id, scope in _CLAUDE_PROJECT_FILES:
                path = env.join(folder, *rel.split("/"))
                key = _key(env, path)
                if key not in seen and env.is_file(path):
                    seen.add(key)
                    result.append(Found(path, FILE_KINDS[kind_id], scope))
    return result


def _project_folders(env: Environment, path: str) -> list[str]:
    """The existing project folders that a `~/.claude.json` lists ([] when it does not parse:
    linting it will say why)."""
    try:
        value = json.loads(env.read_bytes(path))
    except (OSError, ValueError):
        return []
    projects = value.get("projects") if isinstance(value, dict) else None
    if not isinstance(projects, dict):
        return []
    return [p for p in projects if env.is_absolute(p) and env.is_dir(p)]


def project_dirs(env: Environment) -> list[str]:
    """The working directory and its parents up to the repository root (nearest first)."""
    cwd = env.path(env.resolve(env.cwd))
    chain = [cwd, *cwd.parents]
    for i, folder in enumerate(chain):
        if env.exists(env.join(str(folder), ".git")):
            return [str(p) for p in chain[: i + 1]]
    return [str(cwd)]


def location_paths(env: Environment, loc: Location) -> list[str]:
    """The paths of a user or managed location on this machine (globs expanded)."""
    if loc.env_override:
        value = env.getenv(loc.env_override)
        if value:
            return [env.resolve(value)]
    if loc.root == "absolute":
        full = env.path(loc.path)
        return _expand(env, full.anchor, "/".join(full.parts[1:]))
    base = root_dir(env, loc.root)
    return [] if base is None else _expand(env, base, loc.path)


def client_reports(env: Environment) -> list[ClientReport]:
    """Per client: the files found here and its user/managed files that are absent."""
    found = discover(env)
    reports = []
    for client in CLIENTS:
        mine = tuple(f for f in found if f.client == client.id)
        present = {_key(env, f.path) for f in mine}
        missing = tuple(
            f
            for f in candidates(env, project=False)
            if f.client == client.id
            and f.status in ("read", "unconfirmed")
            and "*" not in f.path
            and _key(env, f.path) not in present
        )
        reports.append(ClientReport(client, mine, missing))
    return reports


def clients_report(env: Environment) -> str:
    """The text of `mcplint clients`: each client, its file kinds and the files found."""
    lines: list[str] = []
    for report in client_reports(env):
        client = report.client
        lines.append(f"{client.name} ({client.id})")
        for kind in client.kinds:
            lines.append(f"  kind {kind.id}: {_dialect_name(kind)}")
        for f in report.found:
            extra = "" if f.status == "read" else f" ({f.status})"
            note = f": {f.note}" if f.note and f.status != "read" else ""
            lines.append(f"  found    [{f.scope}] {f.path}{extra}{note}")
        for f in report.missing:
            extra = "" if f.status == "read" else f" ({f.status})"
            lines.append(f"  absent   [{f.scope}] {f.path}{extra}")
        lines.append("")
    return "\n".join(lines)


# -- helpers ---------------------------------------------------------------------------------


def _dialect_name(kind: FileKind) -> str:
    name = _DIALECT_NAMES[kind.dialect]
    if kind.dialect == "jsonc" and not kind.allows_trailing_commas:
        return "JSON with comments, no trailing commas"
    return name


def _status(env: Environment, loc: Location) -> FoundStatus:
    if loc.superseded_if is not None:
        root, path = loc.superseded_if
        base = root_dir(env, root)
        if base is not None and env.is_dir(env.join(base, *path.split("/"))):
            return "superseded"
    return loc.status


def _expand(env: Environment, base: str, rel: str) -> list[str]:
    """`base` joined with the "/"-separated `rel`; a component with "*" matches the names in
    the folder that do not start with "." (case-insensitively on Windows)."""
    paths = [base]
    for part in rel.split("/"):
        if not part:
            continue
        if "*" not in part:
            paths = [env.join(p, part) for p in paths]
            continue
        pattern = part.lower() if env.is_windows else part
        paths = [
            env.join(p, name)
            for p in paths
            for name in env.listdir(p)
            if not name.startswith(".")
            and fnmatchcase(name.lower() if env.is_windows else name, pattern)
        ]
    return paths


def _key(env: Environment, path: str) -> str:
    key = str(env.path(path))
    return key.lower() if env.is_windows else key
