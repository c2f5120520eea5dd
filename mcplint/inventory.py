"""One inventory across clients (`mcplint list`): every server of every client and scope on
this machine, and the names defined in several clients with differing entries ("drift").

Each row: name, client, scope, file:line, transport, and the command line or url with secrets
masked (`mcplint.secrets.redact`). Values of `env` and `headers` are never shown; they take part
in the drift comparison only.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from mcplint.clients import get_client
from mcplint.clients.base import FileKind
from mcplint.discovery import Found, discover
from mcplint.env import Environment
from mcplint.secrets import redact
from mcplint.servers import ServerEntry, server_entries, server_view
from mcplint.text import LineIndex

MAX_FILE_SIZE = 64 * 1024 * 1024


@dataclass
class InventoryRow:
    name: str
    client: str
    scope: str
    path: str
    line: int | None
    transport: str | None
    target: str  # the command line or url, secrets masked
    project: str | None = None  # ~/.claude.json local scope: the project folder
    drift: list[str] = field(default_factory=list)  # the fields that differ in other clients


@dataclass
class Inventory:
    rows: list[InventoryRow]
    problems: list[str]  # files that could not be read or parsed

    def drifted(self) -> dict[str, list[InventoryRow]]:
        """Server name -> its rows, for the names that drift."""
        out: dict[str, list[InventoryRow]] = {}
        for row in self.rows:
            if row.drift:
                out.setdefault(row.name, []).append(row)
        return out


def inventory(env: Environment, found: Sequence[Found] | None = None) -> Inventory:
    """Every server entry of the config files found on this machine (`discover`)."""
    rows: list[InventoryRow] = []
    signatures: list[dict[str, Any]] = []
    problems: list[str] = []
    for f in discover(env) if found is None else found:
        if not f.kind.reads_servers:
            continue
        loaded = _load(f.path, f.kind, env)
        if isinstance(loaded, str):
            problems.append(f"{f.path}: {loaded}")
            continue
        value, lines, root = loaded
        client = get_client(f.kind.client)
        for entry in server_entries(value, f.kind):
            view = server_view(entry, f.kind, client)
            rows.append(
                InventoryRow(
                    name=entry.name,
                    client=client.id,
                    scope=_scope(f, view.scope),
                    path=f.path,
                    line=_line_of(root, lines, entry),
                    transport=view.transport,
                    target=_target(entry.value),
                    project=str(entry.path[1]) if entry.path[:1] == ("projects",) else None,
                )
            )
            signatures.append(_signature(entry.value, view.transport))
    _mark_drift(rows, signatures)
    return Inventory(rows, problems)


def _scope(f: Found, entry_scope: str | None) -> str:
    # One kind may serve several scopes (VS Code's mcp.json): the file's place decides, except
    # in ~/.claude.json, whose `projects` part is the local scope.
    if f.kind.id == "claude-code-user" and entry_scope is not None:
        return entry_scope
    return f.scope


def _load(path: str, kind: FileKind, env: Environment) -> tuple[Any, LineIndex, Any] | str:
    from mcplint.engine import _parse
    from mcplint.source import decode

    try:
        data = env.read_bytes(path, max_size=MAX_FILE_SIZE)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    text = decode(data).text
    parsed = _parse(text, kind.dialect)
    if parsed.root is None:
        return "cannot parse (run `mcplint check` on it)"
    return parsed.value, LineIndex(text), parsed.root


def _line_of(root: Any, lines: LineIndex, entry: ServerEntry) -> int | None:
    parent = root.find(entry.path[:-1])
    member = parent.get(entry.path[-1]) if parent is not None else None
    node = member.key if member is not None and member.key is not None else root.find(entry.path)
    if node is None:
        return None
    return lines.position(node.start).line


def _target(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    url = value.get("url") or value.get("serverUrl") or value.get("httpUrl")
    if isinstance(url, str):
        return redact(url)
    command = value.get("command")
    parts: list[str] = []
    if isinstance(command, str):
        parts.append(command)
    elif isinstance(command, list):  # Zed-style or a pasted array
        parts.extend(str(c) for c in command)
    elif isinstance(command, dict) and isinstance(command.get("path"), str):
        parts.append(command["path"])
        parts.extend(str(a) for a in command.get("args") or [] if isinstance(a, str))
    args = value.get("args")
    if isinstance(args, list):
        parts.extend(str(a) for a in args)
    return redact(shlex.join(parts))


def _signature(value: Any, transport: str | None) -> dict[str, Any]:
    """What two entries must share to be "the same server" (values compared, never shown)."""
    if not isinstance(value, dict):
        return {"entry": repr(value)}
    sig: dict[str, Any] = {"transport": transport}
    for key in ("command", "args", "url", "cwd"):
        if key in value:
            sig[key] = json.dumps(value[key], sort_keys=True)
    for key in ("env", "headers"):
        if isinstance(value.get(key), dict):
            sig[key] = json.dumps(value[key], sort_keys=True)
    return sig


def _mark_drift(rows: list[InventoryRow], signatures: list[dict[str, Any]]) -> None:
    by_name: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_name.setdefault(row.name, []).append(i)
    for indexes in by_name.values():
        if len({rows[i].client for i in indexes}) < 2:
            continue
        for i in indexes:
            differs: set[str] = set()
            for j in indexes:
                if rows[j].client == rows[i].client:
                    continue
                a, b = signatures[i], signatures[j]
                differs |= {k for k in set(a) | set(b) if a.get(k) != b.get(k)}
            rows[i].drift = sorted(differs)


def render_text(inv: Inventory) -> str:
    if not inv.rows:
        lines = ["No MCP servers found in the config files of this machine.\n"]
    else:
        header = ("NAME", "CLIENT", "SCOPE", "FILE:LINE", "TRANSPORT", "COMMAND / URL")
        table = [header]
        for r in inv.rows:
            where = f"{r.path}:{r.line}" if r.line is not None else r.path
            name = r.name + (" (drift)" if r.drift else "")
            table.append((name, r.client, r.scope, where, r.transport or "?", r.target))
        widths = [max(len(row[c]) for row in table) for c in range(len(header) - 1)]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True))
            + "  "
            + row[-1]
            + "\n"
            for row in table
        ]
        drifted = inv.drifted()
        if drifted:
            lines.append("\ndrift: the same name with differing entries in several clients:\n")
            for name, rows in drifted.items():
                clients = ", ".join(sorted({r.client for r in rows}))
                fields = ", ".join(sorted({f for r in rows for f in r.drift}))
                lines.append(f"  {name}: {clients} (differ in {fields})\n")
    lines.extend(f"warning: {p}\n" for p in inv.problems)
    return "".join(lines)


def render_json(inv: Inventory) -> str:
    doc = {"servers": [asdict(r) for r in inv.rows], "problems": inv.problems}
    return json.dumps(doc, indent=2) + "\n"
