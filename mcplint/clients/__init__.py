"""The MCP clients mcplint knows, and their file kinds.

>>> get_client("vscode").kinds[0].servers_paths
(('servers',),)
>>> get_kind("claude-code-user").servers_paths
(('mcpServers',), ('projects', '*', 'mcpServers'))
"""

from __future__ import annotations

from types import MappingProxyType

from mcplint.clients import (
    claude_code,
    claude_desktop,
    cline,
    codex,
    cursor,
    gemini,
    vscode,
    windsurf,
    zed,
)
from mcplint.clients.base import Client, FileKind

__all__ = ["CLIENTS", "FILE_KINDS", "Client", "FileKind", "get_client", "get_kind"]

CLIENTS: tuple[Client, ...] = (
    claude_desktop.CLIENT,
    claude_code.CLIENT,
    cursor.CLIENT,
    vscode.CLIENT,
    windsurf.CLIENT,
    gemini.CLIENT,
    zed.CLIENT,
    codex.CLIENT,
    cline.CLIENT,
)

# Read-only: id -> FileKind, in client order.
FILE_KINDS: MappingProxyType[str, FileKind] = MappingProxyType(
    {kind.id: kind for client in CLIENTS for kind in client.kinds}
)

_CLIENTS_BY_ID: MappingProxyType[str, Client] = MappingProxyType({c.id: c for c in CLIENTS})


def get_client(client_id: str) -> Client:
    """The client with this id; KeyError when there is none."""
    return _CLIENTS_BY_ID[client_id]


def get_kind(kind_id: str) -> FileKind:
    """The file kind with this id; KeyError when there is none."""
    return FILE_KINDS[kind_id]
