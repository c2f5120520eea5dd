"""Where a file's MCP server entries are, for the rules that look at servers.

Entries are read from the parsed *value* (cheap even in a 6 MB `~/.claude.json`); a rule asks
the tree for positions only when it reports (`Context.node`, `Context.key_node`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mcplint.clients.base import FileKind
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
