"""Structure rules (MCP1xx) beside `schema`: keys the client does not know, servers where the
client never looks, server names it mangles or refuses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mcplint.clients.base import PORTABLE_NAME_PATTERN
from mcplint.diagnostics import Severity
from mcplint.rules.base import SAFE, Context, Finding, rule, safe_fix
from mcplint.rules.transport import desktop_remote_keys
from mcplint.servers import server_maps
from mcplint.source import UNDECODABLE
from mcplint.text import TextEdit
from mcplint.tree import PathPart
from mcplint.validation import (
    UNKNOWN_KEY_KEYWORDS,
    describe_path,
    load_schema,
    schema_at,
    value_fits,
)

# Words people write for a known key; only suggested when the client knows the target.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "arguments": ("args",),
    "argv": ("args",),
    "arg": ("args",),
    "cmd": ("command",),
    "commands": ("command",),
    "exec": ("command",),
    "executable": ("command",),
    "environment": ("env",),
    "enviroment": ("env",),
    "environments": ("env",),
    "envs": ("env",),
    "envvars": ("env",),
    "env_vars": ("env",),
    "environmentvariables": ("env",),
    "uri": ("url", "serverUrl", "httpUrl"),
    "url": ("serverUrl", "httpUrl"),
    "endpoint": ("url", "serverUrl", "httpUrl"),
    "serverurl": ("url", "serverUrl"),
    "header": ("headers",),
    "workingdirectory": ("cwd",),
    "working_directory": ("cwd",),
    "workdir": ("cwd",),
    "transporttype": ("type",),
    "mcp_servers": ("mcpServers",),
    "servers": ("mcpServers",),
}

# Keys people use for notes or editor support; never reported.
_NOTE_KEY = re.compile(r"^(\$schema|\$comment|_.*|//.*|#.*)$")


def suggestions(key: str, known: Iterable[str]) -> list[str]:
    """Known keys the user probably meant: synonyms, case slips and typos."""
    known = sorted(set(known))
    same_but_case = [k for k in known if k.lower() == key.lower() and k != key]
    if same_but_case:  # `serverURL` for `serverUrl`: nothing else is as likely
        return same_but_case
    found: list[str] = [k for k in _SYNONYMS.get(key.lower(), ()) if k in known]
    from difflib import get_close_matches  # only when suggesting

    found += get_close_matches(key, known, n=3, cutoff=0.8)
    return list(dict.fromkeys(found))


@rule(
    "MCP102", "unknown-key", Severity.WARNING, fix="sometimes", safety=(SAFE,), tags=("structure",)
)
def unknown_key(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a key the client does not know: in a server entry (`arguments` for `args`,
    `enviroment` for `env`), at the top of a file whose keys are fixed (`mcpServer` for
    `mcpServers`), or where the file's schema lists every allowed key (Claude Code settings).
    Keys that start with `_`, `$` or `//` are taken as notes and left alone.

    ## Why is this bad?
    Clients drop unknown keys without a word: the server starts without its arguments or its
    environment and fails in ways that are hard to trace back to a typo.

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx", "arguments": ["-y", "pkg"]}}}
    ```
    Use instead: `"args": ["-y", "pkg"]`

    ## Fix safety
    Safe when exactly one known key is close and the object does not have it yet: the key is
    renamed, nothing else changes. Otherwise the candidates are listed, and nothing is fixed.
    """
    where_by_path = {
        entry.path: f"in server {json.dumps(entry.name, ensure_ascii=False)}"
        for entry in ctx.servers
    }
    reports: list[_Unknown] = []
    properties_cache: dict[tuple[PathPart, ...], dict[str, Any]] = {}
    for path, key, known, near_miss_only in _unknown_keys(ctx):
        if _NOTE_KEY.match(key):
            continue
        present = _object_value(ctx, path)
        properties = _properties_at(ctx, path, properties_cache)
        ignored = _ignored_keys(ctx, path)
        offered = suggestions(key, known)
        # A candidate whose type does not fit the value is no typo of it (an object under
        # `feedbackSurveyState` is not a misspelt number `feedbackSurveyRate`).
        candidates = [
            c
            for c in offered
            if c not in ignored and value_fits(present.get(key), properties.get(c))
        ]
        not_read = [c for c in offered if c in ignored]
        if near_miss_only and not candidates and not not_read:
            continue  # in a file full of other settings, only a near-miss is worth a word
        reports.append(_Unknown(path, key, candidates, not_read))
    # How many keys of each object point at each candidate: two keys renamed to one name would
    # make a duplicate key, and the value of one of them would be lost.
    wanted: dict[tuple[tuple[PathPart, ...], str], list[str]] = {}
    for report in reports:
        for candidate in report.candidates:
            wanted.setdefault((report.path, candidate), []).append(report.key)
    for report in reports:
        path, key, candidates = report.path, report.key, report.candidates
        start, end = ctx.span((*path, key), key=True)
        where = where_by_path.get(path) or (
            "at the top level" if not path else f"in {describe_path(path)}"
        )
        message = f"unknown key `{key}` {where}: {_client_name(ctx)} ignores it"
        fix = None
        if candidates:
            message += f"; did you mean {' or '.join(f'`{c}`' for c in candidates)}?"
            rivals = {k for c in candidates for k in wanted[(path, c)]}
            present = _object_value(ctx, path)
            if len(rivals) > 1:
                listed = " and ".join(f"`{k}`" for k in sorted(rivals))
                message += f" ({listed} all look like it: keep one of them by hand)"
            elif (
                len(candidates) == 1
                and candidates[0] not in present
                and ctx.dialect != "toml"
                and not UNDECODABLE.search(key)  # renaming would drop the bytes mcplint kept
            ):
                new_key = json.dumps(candidates[0])
                fix = safe_fix(f"Rename to `{candidates[0]}`", TextEdit(start, end, new_key))
        elif report.not_read:
            listed = " or ".join(f"`{c}`" for c in report.not_read)
            message += f"; {listed} is not read here either"
        yield Finding(start, end, message, fix, json_path=(*path, key))


@dataclass(frozen=True)
class _Unknown:
    path: tuple[PathPart, ...]
    key: str
    candidates: list[str]  # known keys it may stand for
    not_read: list[str]  # close keys the client does not read in this place


def _object_value(ctx: Context, path: tuple[PathPart, ...]) -> dict[str, Any]:
    """The value of the object at `path` ({} when there is none), read from the parsed value:
    no tree walk."""
    value: Any = ctx.value
    for part in path:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return {}
    return value if isinstance(value, dict) else {}


def _properties_at(
    ctx: Context, path: tuple[PathPart, ...], memo: dict[tuple[PathPart, ...], dict[str, Any]]
) -> dict[str, Any]:
    """The schema's `properties` of the object at `path` (memoised per object in `memo`)."""
    if path not in memo:
        owner = schema_at(_schema(ctx), path)
        found = owner.get("properties", {}) if owner else {}
        memo[path] = found if isinstance(found, dict) else {}
    return memo[path]


def _ignored_keys(ctx: Context, path: tuple[PathPart, ...]) -> set[str]:
    """Keys never to rename to at `path`: at the top level, the keys the `misplaced-servers`
    rule reports for this file kind, and the server keys of a file the client reads no servers
    from (`mcpServers` in Claude Code's settings.json): a rename there would turn a warning
    into an error, or hide the servers just as well."""
    kind = ctx.kind
    if path or kind is None:
        return set()
    ignored = set(kind.misplaced_server_keys)
    if not kind.reads_servers:
        ignored.update(p[0] for p in kind.servers_paths if p)
    return ignored


def _unknown_keys(
    ctx: Context,
) -> Iterator[tuple[tuple[PathPart, ...], str, Iterable[str], bool]]:
    """(object path, key, the keys known there, whether to report it only with a suggestion)
    for each key the client does not know."""
    value = ctx.value
    if not isinstance(value, dict):
        return
    kind, client = ctx.kind, ctx.client
    seen: set[tuple[tuple[PathPart, ...], str]] = set()
    misplaced = set(kind.misplaced_server_keys) if kind is not None else set()
    if kind is not None and kind.top_level_keys is not None:
        for key in value:
            if key not in kind.top_level_keys and key not in misplaced:
                seen.add(((), key))
                yield (), key, kind.top_level_keys, False
    elif kind is not None:
        # A settings file with many keys of its own: only near-misses of the keys that matter
        # here (`mcpServer` for `mcpServers`, `enableAllProjectMcpServer`) are reported.
        declared = {path[0] for path in kind.servers_paths} | set(
            _schema(ctx).get("properties", {})
        )
        for key in value:
            if key not in declared and key not in misplaced and suggestions(key, declared):
                seen.add(((), key))
                yield (), key, declared, True
    if client is not None:
        known = client.known_server_keys
        # A key the schema already reports (Codex's inline `bearer_token`) is its business.
        judged = {
            found.path
            for found in ctx.schema_errors
            if found.error.validator not in UNKNOWN_KEY_KEYWORDS
        }
        for entry in ctx.servers:
            if isinstance(entry.value, dict):
                # A Claude Desktop remote entry's url/type/headers: `unsupported-transport`.
                left = desktop_remote_keys(entry.value) if client.id == "claude-desktop" else ()
                for key in entry.value:
                    place = (*entry.path, key)
                    if key in left:
                        continue
                    if key not in known and key not in _SHAPE_KEYS and place not in judged:
                        seen.add((entry.path, key))
                        yield entry.path, key, known, False
    reported_servers = {entry.path for entry in ctx.servers}
    for found in ctx.schema_errors:
        error, path = found.error, found.path
        if error.validator not in UNKNOWN_KEY_KEYWORDS or not isinstance(error.instance, dict):
            continue
        if path in reported_servers or (not path and kind and kind.top_level_keys is not None):
            continue  # already judged above against the client's own key lists
        properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        allowed = set(properties)
        for key in error.instance:
            known_here = key in allowed or _matches_patterns(key, error.schema)
            if not known_here and (path, key) not in seen:
                yield path, key, allowed, False


def _schema(ctx: Context) -> dict[str, Any]:
    return load_schema(ctx.kind.schema) if ctx.kind is not None and ctx.kind.schema else {}


def _matches_patterns(key: str, schema: Any) -> bool:
    patterns = schema.get("patternProperties", {}) if isinstance(schema, dict) else {}
    return any(re.search(p, key) for p in patterns)


def _client_name(ctx: Context) -> str:
    return ctx.client.name if ctx.client is not None else "the client"


# A server entry shape that some READMEs show and no client reads (see misplaced-servers).
_SHAPE_KEYS = frozenset({"transport"})


@rule("MCP103", "misplaced-servers", Severity.ERROR, tags=("structure",))
def misplaced_servers(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds servers under a key or in a file the client never reads for servers: `mcpServers` in
    Claude Code's `settings.json`, `mcpServers` in VS Code's `mcp.json` (which wants `servers`),
    `servers` in Claude Desktop's config, and the nested `"transport": {"type", "url"}` shape
    some READMEs show. Also server entries pasted without their wrapper
    (`{"github": {"command": "npx", ...}}` at the top level) and a servers map nested in itself
    (`{"mcpServers": {"mcpServers": {...}}}`).

    ## Why is this bad?
    The client starts none of these servers and says nothing: Claude Code answers "No MCP
    servers configured" while the file is full of them.

    ## Example
    ```json
    // .vscode/mcp.json
    {"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"]}}}
    ```
    Use instead: `{"servers": {"fs": {"command": "npx", "args": ["-y", "pkg"]}}}`

    ## Fix safety
    No automatic fix: moving servers between files is for you to decide.
    """
    kind, value = ctx.kind, ctx.value
    if kind is None or not isinstance(value, dict):
        return
    for key, why in kind.misplaced_server_keys.items():
        if key in value:
            start, end = ctx.span((key,), key=True)
            yield Finding(start, end, f"`{key}` is not read here: {why}", json_path=(key,))
    reads_transport = ctx.client is not None and "transport" in ctx.client.known_server_keys
    for entry in ctx.servers:
        shape = entry.value.get("transport") if isinstance(entry.value, dict) else None
        if isinstance(shape, dict) and not reads_transport:  # Cline reads the nested form
            start, end = ctx.span((*entry.path, "transport"), key=True)
            inner = ", ".join(f"`{k}`" for k in shape) or "its keys"
            message = (
                f"server {json.dumps(entry.name)}: {_client_name(ctx)} does not read a nested "
                f"`transport` object; put {inner} directly in the server entry"
            )
            yield Finding(start, end, message, json_path=(*entry.path, "transport"))
    yield from _unwrapped_servers(ctx)


# -- server entries pasted without their wrapper, or wrapped twice (misplaced-servers) ----------

_WRAPPER_KEYS = ("mcpServers", "servers", "mcp_servers", "context_servers")


def _looks_like_entry(value: Any, strict: bool) -> bool:
    """A server entry's shape: a string `command` (with `args` or `env` when `strict`, for
    files full of other settings), or a remote url."""
    if not isinstance(value, dict):
        return False
    if isinstance(value.get("command"), str):
        return (
            not strict or isinstance(value.get("args"), list) or isinstance(value.get("env"), dict)
        )
    urls = ("url", "serverUrl", "httpUrl")
    return not strict and any(isinstance(value.get(k), str) for k in urls)


def _unwrapped_servers(ctx: Context) -> Iterator[Finding]:
    """Entries pasted at the top level without the servers key (`{"github": {"command": ...}}`)
    and a servers key nested in the servers map (`{"mcpServers": {"mcpServers": {...}}}`)."""
    kind, value = ctx.kind, ctx.value
    if kind is None or not kind.reads_servers or kind.top_level_servers or not kind.servers_paths:
        return
    if not isinstance(value, dict):
        return
    wrapper = kind.servers_paths[0]
    where = ".".join(wrapper)
    client = _client_name(ctx)
    strict = kind.top_level_keys is None  # a settings file: other keys hold objects too
    declared = set(_schema(ctx).get("properties", {})) | set(kind.top_level_keys or ())
    for key, item in value.items():
        if key in declared or key in kind.misplaced_server_keys or key in _WRAPPER_KEYS:
            continue
        if _looks_like_entry(item, strict):
            start, end = ctx.span((key,), key=True)
            message = (
                f"{json.dumps(key)} looks like a server entry pasted without its wrapper: "
                f"{client} reads servers only from `{where}` and loads nothing from here; "
                f"put it inside `{where}`"
            )
            yield Finding(start, end, message, json_path=(key,))
    for path, servers in server_maps(value, kind):
        if not isinstance(servers, dict):
            continue
        for key in _WRAPPER_KEYS:
            inner = servers.get(key)
            if not isinstance(inner, dict) or _looks_like_entry(inner, False):
                continue
            names = [n for n, v in inner.items() if _looks_like_entry(v, False)]
            if not names:
                continue
            start, end = ctx.span((*path, key), key=True)
            shown = ", ".join(json.dumps(n) for n in names[:3]) + (
                ", ..." if len(names) > 3 else ""
            )
            message = (
                f"`{key}` inside `{where}`: {client} takes it for one server named "
                f"{json.dumps(key)} and starts none of the servers in it ({shown}); move them up "
                f"one level, directly into `{where}`"
            )
            yield Finding(start, end, message, json_path=(*path, key))


# Names that break JavaScript objects; JS clients may refuse or mishandle them.
_JS_RESERVED = ("__proto__", "constructor", "prototype")
_NON_JS_CLIENTS = ("zed", "codex")
MIN_TOOL_ROOM = 16  # characters a tool name needs: `browser_navigate` is 16


@rule("MCP104", "invalid-server-name", Severity.WARNING, tags=("structure",))
def invalid_server_name(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server name that the client mangles or refuses: characters outside
    `[A-Za-z0-9_-]` (spaces, dots, slashes, non-ASCII), a reserved name (`constructor`,
    `__proto__`, ...), or a name so long that the client's tool names
    (`mcp__<server>__<tool>`, 64 characters for Claude) leave too little room for the tools.

    ## Why is this bad?
    The name becomes part of every tool name. Model APIs accept only `[A-Za-z0-9_-]{1,64}`:
    the client rejects the server, renames its tools, or the model request fails.

    ## Example
    ```json
    {"mcpServers": {"My Server.v2": {"command": "npx", "args": ["-y", "pkg"]}}}
    ```
    Use instead: `"my-server-v2"`.

    ## Fix safety
    No automatic fix: other files (permissions, `enabledMcpjsonServers`) may name the server.
    """
    client = ctx.client
    if client is None:
        return
    pattern = re.compile(client.name_pattern or PORTABLE_NAME_PATTERN)
    reserved = set(client.reserved_names)
    if client.id not in _NON_JS_CLIENTS:
        reserved.update(_JS_RESERVED)
    for entry in ctx.servers:
        name = entry.name
        problem = None
        if name in client.reserved_names:
            problem = f"`{name}` is a reserved name: {client.name} does not load it"
        elif name in reserved:
            problem = (
                f"`{name}` is part of every JavaScript object: {client.name}, written in "
                "JavaScript, may mishandle a server of that name"
            )
        elif not pattern.match(name):
            bad = sorted({ch for ch in name if not pattern.match(ch)} - {""})
            shown = " ".join(repr(ch) for ch in bad[:5]) if bad else "an empty name"
            problem = (
                f"server name {json.dumps(name, ensure_ascii=False)} has characters tool names "
                f"cannot hold ({shown}): use letters, digits, `-` and `_`"
            )
        elif client.tool_name_limit and client.tool_name_format:
            prefix = client.tool_name_format.format(server=name, tool="")
            room = client.tool_name_limit - len(prefix)
            if room < MIN_TOOL_ROOM:
                problem = (
                    f"server name is {len(name)} characters: {client.name}'s tool names "
                    f"(`{client.tool_name_format}`, at most {client.tool_name_limit}) leave "
                    f"{max(room, 0)} for the tool's own name"
                )
        if problem:
            start, end = ctx.span(entry.path, key=True)
            yield Finding(start, end, problem, json_path=entry.path)
