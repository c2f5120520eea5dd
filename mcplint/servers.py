"""Where a file's MCP server entries are, for the rules that look at servers, and the typed
view of one entry (`server_view`): its values with their JSON paths, wrong-typed ones recorded.

Entries are read from the parsed *value* (cheap even in a 6 MB `~/.claude.json`); a rule asks
the tree for positions only when it reports (`Context.node`, `Context.key_node`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mcplint.clients.base import Client, FileKind
from mcplint.tree import PathPart


@dataclass(frozen=True)
class ServerEntry:
    name: str
    path: tuple[PathPart, ...]  # the JSON path of the entry: ("mcpServers", "github")
    value: Any  # the entry as parsed (a dict when well-formed)


def server_maps(value: Any, kind: FileKind) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    """(path, value) of every server map of the document, "*" in `kind.servers_paths` expanded;
    the document itself when the kind allows servers at the top level and no path is there."""
    found = False
    for pattern in kind.servers_paths:
        for item in _expand(value, pattern, ()):
            found = True
            yield item
    if kind.top_level_servers and not found and isinstance(value, dict):
        yield (), value


def _expand(
    value: Any, pattern: tuple[str, ...], prefix: tuple[PathPart, ...]
) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    if not pattern:
        yield prefix, value
        return
    if not isinstance(value, dict):
        return
    head, rest = pattern[0], pattern[1:]
    keys = list(value) if head == "*" else ([head] if head in value else [])
    for key in keys:
        yield from _expand(value[key], rest, (*prefix, key))


def server_entries(value: Any, kind: FileKind | None) -> list[ServerEntry]:
    """Every server entry of a document whose servers are where `kind` says."""
    if kind is None or not kind.reads_servers:
        return []
    entries: list[ServerEntry] = []
    for path, servers in server_maps(value, kind):
        if isinstance(servers, dict):
            entries.extend(ServerEntry(str(n), (*path, n), v) for n, v in servers.items())
    return entries


# -- the typed view of one entry --------------------------------------------------------------


@dataclass(frozen=True)
class StrValue:
    """A string value of an entry and its JSON path (ask the tree for its position)."""

    path: tuple[PathPart, ...]
    text: str


@dataclass(frozen=True)
class EnvValue:
    """One `env` (or `headers`) member. `value` is None for `null` (VS Code: unset the variable)."""

    name: str
    path: tuple[PathPart, ...]
    value: StrValue | None


@dataclass(frozen=True)
class InvalidValue:
    """A value of the wrong type: recorded so rules can skip (or report) it, never raised."""

    path: tuple[PathPart, ...]
    expected: str  # "a string", "an array of strings", "an object"
    got: str  # "number", "object", ...


@dataclass(frozen=True)
class ServerView:
    """One server entry as typed values, each with its JSON path.

    Only well-typed values fill the fields; every wrong-typed one is in `invalid` instead (a
    number `command`, a string `args`, an object `env` value, ...). `transport` is the client's
    transport name ("stdio", "http", ...) or None when the entry selects none the client knows.
    """

    name: str
    path: tuple[PathPart, ...]
    scope: str | None  # "user", "project", "local", "managed"; None without a file kind
    transport: str | None
    command: StrValue | None = None
    args: tuple[StrValue, ...] = ()
    env: tuple[EnvValue, ...] = ()
    cwd: StrValue | None = None
    url: StrValue | None = None
    headers: tuple[EnvValue, ...] = ()
    type: StrValue | None = None
    env_vars: tuple[StrValue, ...] = ()  # Codex: names forwarded from the client's environment
    invalid: tuple[InvalidValue, ...] = ()
    is_object: bool = True  # False: the entry itself is not an object (nothing else is filled)

    def strings(self) -> list[tuple[str, StrValue]]:
        """(field name, value) of every string a client may expand, in entry order."""
        out: list[tuple[str, StrValue]] = []
        for field_name, value in (("command", self.command), ("cwd", self.cwd)):
            if value is not None:
                out.append((field_name, value))
        out.extend(("args", a) for a in self.args)
        out.extend(("env", e.value) for e in self.env if e.value is not None)
        if self.url is not None:
            out.append(("url", self.url))
        out.extend(("headers", h.value) for h in self.headers if h.value is not None)
        return out


def type_name(value: Any) -> str:
    """The JSON type name of a parsed value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def entry_scope(kind: FileKind | None, path: tuple[PathPart, ...]) -> str | None:
    """The scope of the entry at `path` in a file of `kind` (`~/.claude.json` has two)."""
    if kind is None:
        return None
    if kind.id == "claude-code-user":
        return "local" if path[:1] == ("projects",) else "user"
    return kind.scope


def _transport(entry: dict[str, Any], client: Client | None) -> str | None:
    if client is None:
        return "stdio" if "command" in entry else ("http" if "url" in entry else None)
    type_value = entry.get("type")
    if client.type_key == "honoured" and isinstance(type_value, str):
        found = client.transport_for_type(type_value)
        if found is not None:
            return found.name
    for transport in client.transports:
        if any(key in entry for key in transport.selected_by):
            return transport.name
    if "command" in entry and client.transport("stdio") is not None:
        return "stdio"
    return None


def server_view(entry: ServerEntry, kind: FileKind | None, client: Client | None) -> ServerView:
    """The typed view of one entry; never raises, whatever the entry holds."""
    scope = entry_scope(kind, entry.path)
    value = entry.value
    base = entry.path
    if not isinstance(value, dict):
        bad = InvalidValue(base, "an object", type_name(value))
        return ServerView(entry.name, base, scope, None, invalid=(bad,), is_object=False)
    invalid: list[InvalidValue] = []

    def string(key: str) -> StrValue | None:
        if key not in value:
            return None
        v = value[key]
        if isinstance(v, str):
            return StrValue((*base, key), v)
        invalid.append(InvalidValue((*base, key), "a string", type_name(v)))
        return None

    def string_map(key: str) -> tuple[EnvValue, ...]:
        if key not in value:
            return ()
        v = value[key]
        if not isinstance(v, dict):
            invalid.append(InvalidValue((*base, key), "an object", type_name(v)))
            return ()
        out: list[EnvValue] = []
        for name, item in v.items():
            path = (*base, key, str(name))
            if isinstance(item, str):
                out.append(EnvValue(str(name), path, StrValue(path, item)))
            elif item is None:
                out.append(EnvValue(str(name), path, None))
            else:
                invalid.append(InvalidValue(path, "a string", type_name(item)))
        return tuple(out)

    args: list[StrValue] = []
    if "args" in value:
        raw_args = value["args"]
        if isinstance(raw_args, list):
            for i, item in enumerate(raw_args):
                if isinstance(item, str):
                    args.append(StrValue((*base, "args", i), item))
                else:
                    invalid.append(InvalidValue((*base, "args", i), "a string", type_name(item)))
        else:
            invalid.append(
                InvalidValue((*base, "args"), "an array of strings", type_name(raw_args))
            )
    command = string("command")
    cwd = string("cwd")
    url_keys = client.url_keys if client is not None else ("url",)
    url = None
    for key in url_keys:
        if key in value:
            url = string(key)
            break
    env_vars: list[StrValue] = []
    raw_vars = value.get("env_vars")
    if isinstance(raw_vars, list):
        for i, item in enumerate(raw_vars):
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                env_vars.append(StrValue((*base, "env_vars", i, "name"), item["name"]))
            elif isinstance(item, str):
                env_vars.append(StrValue((*base, "env_vars", i), item))
    header_key = "http_headers" if client is not None and client.id == "codex" else "headers"
    return ServerView(
        name=entry.name,
        path=base,
        scope=scope,
        transport=_transport(value, client),
        command=command,
        args=tuple(args),
        env=string_map("env"),
        cwd=cwd,
        url=url,
        headers=string_map(header_key),
        type=string("type"),
        env_vars=tuple(env_vars),
        invalid=tuple(invalid),
    )
