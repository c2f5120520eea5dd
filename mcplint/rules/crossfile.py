"""Cross-file rules (MCP6xx): Claude Code's scopes seen together.

A Claude Code project combines `.mcp.json` with `.claude/settings.json`,
`.claude/settings.local.json`, `~/.claude/settings.json`, the managed files and `~/.claude.json`
(user servers, and per project: local servers and approvals). These rules read the other files
of the scope through `mcplint.scopes` (tagged `machine`: a colleague's project linted in CI has
no `~/.claude.json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mcplint.diagnostics import Related, Severity
from mcplint.rules.base import Context, Finding, rule
from mcplint.scopes import (
    Definition,
    ProjectScopes,
    ScopeFile,
    permission_name,
    project_root,
    project_scopes,
    read_scope_file,
)
from mcplint.tree import PathPart

_APPROVAL_KEYS = ("enabledMcpjsonServers", "disabledMcpjsonServers")
_PERMISSION_LISTS = ("allow", "deny", "ask")
# Server names in tool names that no config file defines: claude.ai connectors, plugins'
# servers (`mcp__plugin_<plugin>_<server>__tool`) and the IDE integration.
_BUILTIN_PREFIXES = ("claude_ai_", "plugin_")
_BUILTIN_NAMES = frozenset({"ide"})


def _current(ctx: Context) -> ScopeFile:
    return ScopeFile(ctx.path, "ok", ctx.value, ctx.text)


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    from difflib import get_close_matches  # only when suggesting

    close = get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _server_names(file: ScopeFile) -> list[str] | None:
    """The `.mcp.json` server names of a readable file, None when it is missing or broken."""
    if file.state != "ok" or not isinstance(file.value, dict):
        return None
    servers = file.value.get("mcpServers")
    return [str(n) for n in servers] if isinstance(servers, dict) else []


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item


def _related(message: str, file: ScopeFile, path: tuple[PathPart, ...]) -> Related | None:
    where = file.position(path, key=True)
    return Related(message, where[0], where[1], file.path) if where is not None else None


@rule(
    "MCP601",
    "unknown-server-reference",
    Severity.WARNING,
    tags=("machine",),
    clients=("claude-code",),
)
def unknown_server_reference(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds server names in `enabledMcpjsonServers` and `disabledMcpjsonServers` (of a project's
    `.claude/settings*.json` or its entry in `~/.claude.json`) that the project's `.mcp.json`
    does not define, and permission rules `mcp__NAME__tool` (in `permissions.allow`, `deny`,
    `ask`) naming a server that no configuration of the project defines (local, project, user
    or managed), and suggests the name that was probably meant.

    ## Why is this bad?
    Claude Code accepts the unknown name silently: the server you meant stays unapproved (or is
    not rejected), and the permission rule never matches, so you are asked again each time (or
    a tool you meant to deny is not denied).

    ## Example
    `.mcp.json` defines `github`; `.claude/settings.local.json` says
    ```json
    {"enabledMcpjsonServers": ["gihtub"], "permissions": {"allow": ["mcp__gihtub__list_issues"]}}
    ```
    Use instead: `"enabledMcpjsonServers": ["github"]` and `"mcp__github__list_issues"`.

    ## Fix safety
    No automatic fix: which server was meant is a guess (the message suggests one).

    References: FAILURES.md L1 (approval state), CLIENTS.md ("unknown names in
    `enabledMcpjsonServers`" are accepted silently), CLIENTS-DETAIL.md §2 (permission rules).
    """
    kind = ctx.kind
    if kind is None or not isinstance(ctx.value, dict):
        return
    if kind.id == "claude-code-user":
        yield from _unknown_in_claude_json(ctx)
        return
    root = project_root(ctx.path, kind, ctx.env)
    if root is None or kind.id != "claude-code-settings":
        return  # user and managed settings apply to every project: nothing to compare with
    scopes = project_scopes(root, ctx.env, _current(ctx))
    names = _server_names(scopes.mcp_json)
    if names is not None:
        yield from _unknown_approvals(ctx.value, (), names, scopes.mcp_json.path, ctx)
    yield from _unknown_permissions(ctx, scopes)


def _unknown_approvals(
    holder: dict[str, Any],
    base: tuple[PathPart, ...],
    names: list[str],
    mcp_json: str,
    ctx: Context,
) -> Iterator[Finding]:
    known = set(names)
    for key in _APPROVAL_KEYS:
        for i, name in _strings(holder.get(key)):
            if name in known:
                continue
            path = (*base, key, i)
            start, end = ctx.span(path)
            message = (
                f"`{name}` in `{key}`: {mcp_json} defines no server of that name"
                f"{_did_you_mean(name, known)}"
            )
            yield Finding(start, end, message, json_path=path)


def _unknown_in_claude_json(ctx: Context) -> Iterator[Finding]:
    projects = ctx.value.get("projects")
    if not isinstance(projects, dict):
        return
    for folder, entry in projects.items():
        if not isinstance(entry, dict) or not isinstance(folder, str):
            continue
        if not any(entry.get(k) for k in _APPROVAL_KEYS) or not ctx.env.is_absolute(folder):
            continue
        mcp_json = read_scope_file(ctx.env, ctx.env.join(folder, ".mcp.json"))
        names = _server_names(mcp_json)
        if names is not None:
            yield from _unknown_approvals(entry, ("projects", folder), names, mcp_json.path, ctx)


def _unknown_permissions(ctx: Context, scopes: ProjectScopes) -> Iterator[Finding]:
    permissions = ctx.value.get("permissions")
    if not isinstance(permissions, dict) or scopes.broken:
        return  # a broken scope file may define the server
    if (
        scopes.mcp_json.state != "ok"
        and scopes.claude_json.state != "ok"
        and not scopes.managed_mcp
    ):
        return  # no server configuration on this machine at all: nothing to compare with
    known = {permission_name(d.name) for d in scopes.definitions()}
    for list_name in _PERMISSION_LISTS:
        for i, item in _strings(permissions.get(list_name)):
            server = _unknown_permission_server(item.strip(), known)
            if server is None:
                continue
            path: tuple[PathPart, ...] = ("permissions", list_name, i)
            start, end = ctx.span(path)
            message = (
                f"permission rule `{item.strip()[:120]}` names the server `{server}`, which no "
                f"configuration of {scopes.root} defines (local, project, user or managed)"
                f"{_did_you_mean(server, known)}"
            )
            yield Finding(start, end, message, json_path=path)


def _unknown_permission_server(item: str, known: set[str]) -> str | None:
    """The server segment of an `mcp__SERVER[__tool]` rule that names no known server."""
    if not item.startswith("mcp__"):
        return None
    parts = item[len("mcp__") :].split("__")
    first = parts[0]
    if not first or "*" in first or "(" in first:
        return None
    if first in _BUILTIN_NAMES or first.startswith(_BUILTIN_PREFIXES):
        return None
    # A server name may itself hold `__`: any prefix of the segments may be the name.
    for cut in range(1, len(parts) + 1):
        if "__".join(parts[:cut]) in known:
            return None
    return first


@rule(
    "MCP602",
    "project-server-not-approved",
    Severity.INFO,
    tags=("machine",),
    clients=("claude-code",),
)
def project_server_not_approved(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds the servers of a project's `.mcp.json` that Claude Code will not start: listed in
    `disabledMcpjsonServers`, or neither listed in `enabledMcpjsonServers` nor covered by
    `enableAllProjectMcpServers`, in any settings file (managed, `~/.claude/settings.json`,
    `.claude/settings.json`, `.claude/settings.local.json`) or in the project's entry of
    `~/.claude.json`. "Not approved" is reported only where approvals were answered for the
    folder (some server approved or rejected): before that, Claude Code asks on first start.

    ## Why is this bad?
    Project servers run only once approved. A server you once declined was added to
    `disabledMcpjsonServers` and never starts again, silently (`claude mcp list` shows
    "Rejected"); one never approved shows "Pending approval" and is asked about again.

    ## Example
    `.mcp.json` defines `postgres`, and `~/.claude.json` holds
    `"projects": {"/repo": {"disabledMcpjsonServers": ["postgres"]}}`.
    Use instead: remove `postgres` from `disabledMcpjsonServers` (or approve it in `claude`).

    ## Fix safety
    No automatic fix: approving a server to run is the user's decision.

    References: FAILURES.md L1 (`project-server-not-approved-or-disabled`), CLIENTS-DETAIL.md §2
    (settings keys, "rejection wins"), claude-code#3106, claude-code#24657.
    """
    kind = ctx.kind
    if kind is None or kind.id != "claude-code-mcp-json":
        return
    root = project_root(ctx.path, kind, ctx.env)
    if root is None:
        return
    scopes = project_scopes(root, ctx.env, _current(ctx))
    if any(f is not scopes.mcp_json for f in scopes.broken):
        return  # a settings file we cannot read may approve or reject anything
    approvals = scopes.approvals()
    rejected: dict[str, str] = {}
    enabled: dict[str, str] = {}
    enable_all: list[str] = []
    for approval in approvals:
        where = approval.file.path
        for name in approval.names("disabledMcpjsonServers"):
            rejected.setdefault(name, where)
        for name in approval.names("enabledMcpjsonServers"):
            enabled.setdefault(name, where)
        if approval.value.get("enableAllProjectMcpServers") is True:
            enable_all.append(where)
    answered = bool(rejected or enabled) or any(
        a.value.get("enableAllProjectMcpServers") is False for a in approvals
    )
    for entry in ctx.servers:
        path = entry.path
        start, end = ctx.span(path, key=True)
        if entry.name in rejected:
            message = (
                f"`{entry.name}` will not start: it is rejected in `disabledMcpjsonServers` of "
                f"{rejected[entry.name]} (rejection wins over any approval); remove it there "
                "to let Claude Code ask again"
            )
            yield Finding(start, end, message, json_path=path)
        elif answered and entry.name not in enabled and not enable_all:
            # only where approvals were answered for this folder: before that (a fresh clone),
            # being asked on first start is how it is meant to work
            message = (
                f"`{entry.name}` is not approved: no settings file lists it in "
                "`enabledMcpjsonServers` and none sets `enableAllProjectMcpServers`, so Claude "
                "Code will not start it until you approve it (it shows `Pending approval`)"
            )
            yield Finding(start, end, message, json_path=path)


@rule(
    "MCP603",
    "shadowed-server",
    Severity.INFO,
    tags=("machine",),
    clients=("claude-code",),
)
def shadowed_server(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server name defined in several Claude Code scopes: local (the project's entry in
    `~/.claude.json`), project (`.mcp.json`) and user (top-level `mcpServers` of
    `~/.claude.json`). Claude Code uses one, local before project before user, and silently
    ignores the others; the ignored entry is reported, with the winner as related information.

    ## Why is this bad?
    Editing the ignored entry has no effect ("my change does nothing"), and nothing tells you
    which definition runs: `claude mcp list` lists the name once.

    ## Example
    `~/.claude.json` has a user server `github` and `.mcp.json` defines `github` too: in that
    project the `.mcp.json` entry runs and the user entry is ignored.
    Use instead: remove one of the two, or give them different names.

    ## Fix safety
    No automatic fix: which definition should stay is the user's choice.

    References: FAILURES.md L3 (`same-name-in-multiple-scopes`), CLIENTS.md ("Same name in all
    three: local beats project beats user"), claude-code#48857.
    """
    kind = ctx.kind
    if kind is None or not isinstance(ctx.value, dict):
        return
    if kind.id == "claude-code-mcp-json":
        root = project_root(ctx.path, kind, ctx.env)
        if root is None:
            return
        scopes = project_scopes(root, ctx.env, _current(ctx))
        local = {d.name: d for d in scopes.definitions() if d.scope == "local"}
        for entry in ctx.servers:
            winner = local.get(entry.name)
            if winner is not None:
                yield _shadowed(ctx, entry.path, "project", winner, scopes.root)
    elif kind.id == "claude-code-user":
        yield from _shadowed_user_servers(ctx)


def _shadowed(
    ctx: Context, path: tuple[PathPart, ...], scope: str, winner: Definition, root: str
) -> Finding:
    start, end = ctx.span(path, key=True)
    name = str(path[-1])
    where = "its local entry in" if winner.scope == "local" else f"its {winner.scope} entry in"
    message = (
        f"`{name}` ({scope} scope) is ignored in {root}: Claude Code uses {where} "
        f"{winner.file.path} (local > project > user)"
    )
    related: tuple[tuple[str, int, int] | Related, ...] = ()
    if winner.file.path == ctx.path:
        w_start, w_end = ctx.span(winner.path, key=True)
        related = ((f"the {winner.scope} entry that is used", w_start, w_end),)
    else:
        found = _related(f"the {winner.scope} entry that is used", winner.file, winner.path)
        related = (found,) if found is not None else ()
    return Finding(start, end, message, related=related, json_path=path)


def _shadowed_user_servers(ctx: Context) -> Iterator[Finding]:
    """User servers of `~/.claude.json` that a project's local or `.mcp.json` entry shadows."""
    users = ctx.value.get("mcpServers")
    projects = ctx.value.get("projects")
    if not isinstance(users, dict) or not users or not isinstance(projects, dict):
        return
    current = _current(ctx)
    reported: set[str] = set()
    for folder, entry in projects.items():
        if not isinstance(folder, str) or not isinstance(entry, dict):
            continue
        local = entry.get("mcpServers")
        local_names = set(local) if isinstance(local, dict) else set()
        project_names: set[str] = set()
        mcp_json: ScopeFile | None = None
        if ctx.env.is_absolute(folder) and set(users) - local_names - reported:
            mcp_json = read_scope_file(ctx.env, ctx.env.join(folder, ".mcp.json"))
            project_names = set(_server_names(mcp_json) or [])
        for name in users:
            if name in reported:
                continue
            winner: Definition | None = None
            if name in local_names:
                path = ("projects", folder, "mcpServers", name)
                winner = Definition(str(name), "local", current, path)
            elif name in project_names and mcp_json is not None:
                winner = Definition(str(name), "project", mcp_json, ("mcpServers", name))
            if winner is not None:
                reported.add(name)
                yield _shadowed(ctx, ("mcpServers", name), "user", winner, folder)
