"""Hover on a server entry: what the client will run (the launch model), credentials masked."""

from __future__ import annotations

from mcplint.env import Environment
from mcplint.secrets import classify_value, mask, redact
from mcplint.tree import Member, Node


def hover_entry(text: str, path: str, offset: int, env: Environment) -> tuple[str, int, int] | None:
    """Markdown describing the server entry at `offset` and the entry's span, or None when the
    offset is in no server entry (or the file is no MCP config mcplint knows)."""
    from mcplint.clients import get_client
    from mcplint.clients.detect import detect
    from mcplint.launch import plan_launch, resolve_command
    from mcplint.servers import server_entries, server_view

    kind = detect(path, env)
    if kind is None:
        return None
    if kind.dialect == "toml":
        from mcplint.tomlparse import parse_toml

        root = parse_toml(text).root
    else:
        from mcplint.parser import parse

        root = parse(text).root
    if root is None:
        return None
    kind = detect(path, env, root.value) or kind
    for entry in server_entries(root.value, kind):
        node = root.find(entry.path)
        if node is None:
            continue
        start, end = _span(node)
        if not start <= offset <= end:
            continue
        client = get_client(kind.client)
        view = server_view(entry, kind, client)
        launch = plan_launch(view, client, env, config_path=path, kind=kind)
        lines = [f"**{_md(entry.name)}**: {client.name}, {view.transport or 'unknown transport'}"]
        if view.url is not None:
            lines.append(f"- url: `{_code(redact(view.url.text))}`")
        if view.command is not None:
            found = resolve_command(launch, env)
            runs = found.path or launch.command or view.command.text
            lines.append(f"- runs: `{_code(redact(runs))}` ({found.outcome}: {_md(found.why)})")
            if launch.args:
                args = " ".join(f"`{_code(redact(a))}`" for a in launch.args)
                lines.append(f"- args: {args}")
            if launch.cwd.path:
                lines.append(f"- cwd: `{_code(launch.cwd.path)}`")
        for ref in launch.refs:
            if not ref.expanded:
                continue
            value = "(not set here)" if ref.value is None else _masked(ref.name, ref.value)
            lines.append(f"- `{_code(ref.name)}` ({ref.field}) → `{_code(value)}`")
        for item in view.env:
            if item.value is not None:
                shown = _masked(item.name, item.value.text)
                lines.append(f"- env `{_code(item.name)}` = `{_code(shown)}`")
        return "\n".join(lines), start, end
    return None


def _span(node: Node) -> tuple[int, int]:
    parent = node.parent
    if isinstance(parent, Member):
        return parent.start, parent.end
    return node.start, node.end


def _masked(name: str, value: str) -> str:
    if classify_value(name, value) is not None:
        return mask(value)
    return redact(value)


def _code(text: str) -> str:
    return text.replace("`", "'").replace("\n", "\\n")


def _md(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_").replace("`", "'")
