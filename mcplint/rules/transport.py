"""Transport rules: `unsupported-transport` (MCP105) and the url rules (MCP501-MCP503).

Each entry is read through its typed view (`mcplint.servers.server_view`): `transport` is the
client's transport for the entry, `url` its url value (the client's own url key: `serverUrl`,
`httpUrl`, ...). A url holding a variable reference where the reference makes it unknowable
(in the scheme or the host) is not judged; a reference in the path is judged as a placeholder.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mcplint.clients.base import Client
from mcplint.diagnostics import Fix, Severity
from mcplint.edits import replace_value
from mcplint.rules.base import UNSAFE, Context, Finding, rule, unsafe_fix
from mcplint.servers import ServerView
from mcplint.tree import PathPart

# Keys that hold a remote server's url in one client or another.
_URL_KEYS = ("url", "serverUrl", "httpUrl")
# `type` values that mean a transport, in any client's spelling -> the transport's name.
_TYPE_TRANSPORT = {
    "stdio": "stdio",
    "http": "http",
    "streamable-http": "http",
    "streamablehttp": "http",
    "streamable_http": "http",
    "sse": "sse",
    "ws": "ws",
    "websocket": "ws",
}

# A variable reference in any client's syntax (`${VAR}`, `${env:VAR}`, `${input:x}`, `$VAR`,
# `%VAR%`, `{{VAR}}`): where one is, the value is only known when the client runs.
_REF = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{\{[^}]*\}\}")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_AUTHORITY_KNOWN = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s]+(?:[/?#]|$)")
_SCHEME_TYPO = re.compile(r"^(https?|wss?)(?!://)[:/\\]+", re.IGNORECASE)
_HOST_CHARS = re.compile(r"^[A-Za-z0-9._~%!$&'()*+,;=-]+$")
_HOST_PORT = re.compile(r"^(?P<host>\[[^\]]*\]|[^:/?#\s]+):(?P<port>\d+)(?:[/?#]|$)")


# -- urls ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlCheck:
    """What `check_url` found in one url value."""

    problem: str | None  # why it is not an absolute http(s) url; None: fine or not judged
    scheme: str | None = None  # lower case
    host: str | None = None  # lower case, IPv6 brackets removed; None when not known
    missing_scheme: bool = False  # `localhost:3000/mcp`: only the scheme is missing
    judged: bool = True  # False: a variable reference makes it unknowable


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1, `localhost` and `*.localhost`; also the unspecified addresses
    (`0.0.0.0`, `::`), which reach this machine when connected to."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_url(value: str, *, other_schemes: tuple[str, ...] = ()) -> UrlCheck:
    """Judge a url value as an MCP client would use it (absolute `http(s)://host[:port]/...`).

    Leading and trailing whitespace are ignored (WHATWG URL parsers, Node's and Rust's `url`,
    strip it). `ws`/`wss` (the `unsupported-transport` rule's business) and `other_schemes`
    are not judged beyond their scheme."""
    text = value.strip()
    if not text:
        return UrlCheck("the url is empty")
    ref = _REF.search(text)
    if ref is not None:
        if not _AUTHORITY_KNOWN.match(text[: ref.start()]):
            return UrlCheck(None, judged=False)
        text = _REF.sub("x", text)
    scheme_match = _SCHEME.match(text)
    scheme = scheme_match.group(1).lower() if scheme_match else None
    if scheme is None or not text[len(scheme) + 1 :].startswith("//"):
        typo = _SCHEME_TYPO.match(text)
        if typo is not None:  # `https//:host`, `http:/host`, `http:\\host`
            right = typo.group(1).lower()
            return UrlCheck(f"`{typo.group(0)}` is not a scheme: write `{right}://`", right)
        host_port = _HOST_PORT.match(text)
        if host_port is not None:  # `localhost:3000/mcp` parses with scheme "localhost"
            host = host_port.group("host").strip("[]").lower()
            return UrlCheck(
                f"`{_short(text)}` has no scheme: clients need an absolute http:// or https:// url",
                host=host,
                missing_scheme=True,
            )
        if scheme is None:
            host = re.split(r"[/?#]", text, maxsplit=1)[0].lower()
            plain = re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}|localhost", host) is not None
            return UrlCheck(
                f"`{_short(text)}` has no scheme: clients need an absolute http:// or https:// url",
                host=host if plain else None,
                missing_scheme=plain,
            )
        if scheme in other_schemes:
            return UrlCheck(None, scheme)
        return UrlCheck(f"`{_short(text)}` is not an http:// or https:// url", scheme)
    if scheme in ("ws", "wss") or scheme in other_schemes:
        return UrlCheck(None, scheme, _host_of(text[len(scheme) + 3 :]))
    if scheme not in ("http", "https"):
        bad = "https" if scheme.replace("/", "") in ("htps", "htttps", "httpss") else None
        hint = f" (`{bad}`?)" if bad else ""
        return UrlCheck(f"scheme `{scheme}` is not http or https{hint}", scheme)
    rest = text[len(scheme) + 3 :]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    tail = rest[len(authority) :]
    if re.search(r"\s", authority):
        return UrlCheck("the host part of the url contains a space", scheme)
    hostport = authority.rsplit("@", 1)[-1]
    if hostport.startswith("["):
        close = hostport.find("]")
        host, port = (hostport[1:close], hostport[close + 2 :]) if close > 0 else ("", "")
        if close < 0 or (hostport[close + 1 : close + 2] not in ("", ":")):
            return UrlCheck("the IPv6 host is not closed by `]`", scheme)
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return UrlCheck(f"`[{host}]` is not an IPv6 address", scheme)
    else:
        host, _, port = hostport.partition(":")
        if ":" in port:
            return UrlCheck(f"`{hostport}`: more than one `:` in the host part", scheme)
    if not host:
        return UrlCheck("the url has no host", scheme)
    if not hostport.startswith("[") and not _HOST_CHARS.match(host) and host.isascii():
        bad_char = next(c for c in host if not _HOST_CHARS.match(c))
        return UrlCheck(f"`{bad_char}` cannot appear in a host name (`{host}`)", scheme)
    if port and (not port.isdigit() or not 0 < int(port) <= 65535):
        return UrlCheck(f"`{port}` is not a port (1-65535)", scheme, host.lower())
    if re.search(r"\s", tail):
        return UrlCheck(
            "the url contains a space (sent as %20: the server will not find that path)",
            scheme,
            host.lower(),
        )
    return UrlCheck(None, scheme, host.lower())


def _host_of(rest: str) -> str | None:
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    if authority.startswith("["):
        return authority[1:].split("]", 1)[0].lower() or None
    return authority.partition(":")[0].lower() or None


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the entries --------------------------------------------------------------------------------


def _views(ctx: Context) -> Iterator[ServerView]:
    for entry in ctx.servers:
        view = ctx.view(entry)
        if view.is_object:
            yield view


def _entry_value(ctx: Context, view: ServerView) -> dict[str, Any]:
    entry = ctx.entry_at(view.path)
    return entry.value if entry is not None and isinstance(entry.value, dict) else {}


def _client_name(ctx: Context) -> str:
    return ctx.client.name if ctx.client is not None else "the client"


def _other_schemes(client: Client | None) -> tuple[str, ...]:
    # VS Code also connects to `unix:///path/sock` and `pipe:///name` (CLIENTS-DETAIL.md §4).
    return ("unix", "pipe") if client is not None and client.id == "vscode" else ()


def _type_transport(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return _TYPE_TRANSPORT.get(value.strip().lower())


def desktop_remote_keys(entry: Any) -> frozenset[str]:
    """The keys of a Claude Desktop entry that `unsupported-transport` reports for (a remote
    entry's `url`, `type`, `headers`, ...): `unknown-key` leaves them to it."""
    if not isinstance(entry, dict) or not _desktop_remote(entry):
        return frozenset()
    return frozenset(k for k in (*_URL_KEYS, "type", "headers") if k in entry)


def _desktop_remote(entry: dict[str, Any]) -> bool:
    if any(key in entry for key in _URL_KEYS):
        return True
    kind = _type_transport(entry.get("type"))
    return isinstance(entry.get("type"), str) and kind != "stdio"


@rule(
    "MCP105",
    "unsupported-transport",
    Severity.ERROR,
    fix="sometimes",
    safety=(UNSAFE,),
)
def unsupported_transport(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server whose transport the client cannot use from this file: a remote (`url`,
    `type: "http"`/`"sse"`) server in Claude Desktop's `claude_desktop_config.json`, which
    starts only local stdio servers; a WebSocket server (`type: "ws"`, a `ws://` url) in a
    client without WebSocket support; `type = "sse"` (or an `/sse` endpoint) in Codex, which
    speaks Streamable HTTP only. Reported at the `type`, else at the url.

    ## Why is this bad?
    The server is skipped, reported as an invalid configuration, or (some Claude Desktop
    versions) the app fails to start. Claude Desktop reaches remote servers through Settings →
    Connectors, or through the `mcp-remote` stdio bridge.

    ## Example
    ```json
    {"mcpServers": {"docs": {"type": "http", "url": "https://example.com/mcp"}}}
    ```
    in `claude_desktop_config.json`. Use instead:
    `{"command": "npx", "args": ["-y", "mcp-remote", "https://example.com/mcp"]}`

    ## Fix safety
    Unsafe, for Claude Desktop only, when the entry holds nothing but `url`, `type` and
    string `headers`: it becomes an `npx -y mcp-remote URL` stdio entry (`--allow-http` for a
    plain-http url that is not loopback; each header passed as `--header Name:${VAR}` with the
    value in `env`, mcp-remote's documented form). It needs Node on the PATH of the app, and
    some servers want Connectors' OAuth instead.

    References: FAILURES.md B5 (remote-server-in-stdio-only-client), J1; CLIENTS-DETAIL.md
    (Claude Desktop: remote "none in the file"; Codex: "No SSE transport");
    anthropics/claude-ai-mcp#9
    """
    client = ctx.client
    if client is None:
        return
    for view in _views(ctx):
        entry = _entry_value(ctx, view)
        if client.id == "claude-desktop":
            yield from _desktop(ctx, view, entry)
        elif client.id == "codex":
            yield from _codex(ctx, view, entry)
        else:
            yield from _websocket(ctx, client, view, entry)


def _desktop(ctx: Context, view: ServerView, entry: dict[str, Any]) -> Iterator[Finding]:
    if not _desktop_remote(entry):
        return
    type_value = entry.get("type")
    if isinstance(type_value, str) and _type_transport(type_value) != "stdio":
        path: tuple[PathPart, ...] = (*view.path, "type")
        what = f'`type: "{type_value}"`'
    else:
        key = next(k for k in _URL_KEYS if k in entry)
        path = (*view.path, key)
        what = f"a `{key}`"
    message = (
        f"Claude Desktop starts only stdio servers from this file: {what} server is skipped; "
        "add it in Settings → Connectors, or bridge it with `npx -y mcp-remote URL`"
    )
    start, end = ctx.span(path)
    yield Finding(start, end, message, _mcp_remote_fix(ctx, view, entry), json_path=path)


def _mcp_remote_fix(ctx: Context, view: ServerView, entry: dict[str, Any]) -> Fix | None:
    """The entry rewritten as an `mcp-remote` stdio entry, when nothing of it would be lost."""
    if any(key not in ("url", "type", "headers") for key in entry) or "url" not in entry:
        return None
    url = entry["url"]
    if not isinstance(url, str) or check_url(url).problem is not None or _REF.search(url):
        return None
    if entry.get("type") is not None and _type_transport(entry.get("type")) not in ("http", "sse"):
        return None
    headers = entry.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return None
    args = ["-y", "mcp-remote", url.strip()]
    checked = check_url(url)
    if checked.scheme == "http" and checked.host is not None and not is_loopback(checked.host):
        args.append("--allow-http")
    env: dict[str, str] = {}
    for name, value in headers.items():
        var = "MCP_HEADER_" + re.sub(r"[^A-Za-z0-9]+", "_", str(name)).strip("_").upper()
        if not re.fullmatch(r"[A-Za-z0-9-]+", str(name)) or var in env:
            return None
        args += ["--header", f"{name}:${{{var}}}"]
        env[var] = value
    new: dict[str, Any] = {"command": "npx", "args": args}
    if env:
        new["env"] = env
    node = ctx.node(view.path)
    if node is None or any(node.start <= c.start < node.end for c in ctx.parsed.comments):
        return None  # rewriting the entry would drop its comments
    return unsafe_fix(
        "Bridge it through mcp-remote (`npx -y mcp-remote URL`)",
        replace_value(node, _format_like(ctx.text, node.start, node.end, new)),
    )


def _format_like(text: str, start: int, end: int, value: dict[str, Any]) -> str:
    """`value` as JSON, on one line when the replaced text is, else indented like the file."""
    if "\n" not in text[start:end]:
        return json.dumps(value, ensure_ascii=False)
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:start]
    base = line[: len(line) - len(line.lstrip(" \t"))]
    inner = re.search(r"\n([ \t]*)\S", text[start:end])
    unit = "  "
    if inner is not None and len(inner.group(1)) > len(base):
        unit = inner.group(1)[len(base) :]
    newline = "\r\n" if "\r\n" in text[start:end] else "\n"
    dumped = json.dumps(value, ensure_ascii=False, indent=unit)
    return dumped.replace("\n", newline + base)


def _codex(ctx: Context, view: ServerView, entry: dict[str, Any]) -> Iterator[Finding]:
    kind = _type_transport(entry.get("type"))
    if kind in ("sse", "ws"):
        path: tuple[PathPart, ...] = (*view.path, "type")
        start, end = ctx.span(path)
        yield Finding(
            start,
            end,
            f'Codex speaks Streamable HTTP only: `type = "{entry["type"]}"` is ignored and '
            "an SSE or WebSocket endpoint does not answer it",
            json_path=path,
        )
        return
    if view.url is None or view.command is not None:
        return
    checked = check_url(view.url.text)
    if checked.scheme in ("ws", "wss"):
        start, end = ctx.span(view.url.path)
        yield Finding(
            start,
            end,
            "Codex speaks Streamable HTTP only: a WebSocket url cannot work",
            json_path=view.url.path,
        )
        return
    path_part = re.split(r"[?#]", view.url.text.strip(), maxsplit=1)[0].rstrip("/")
    if checked.problem is None and path_part.lower().endswith("/sse"):
        start, end = ctx.span(view.url.path)
        yield Finding(
            start,
            end,
            "this looks like an SSE endpoint (`/sse`); Codex speaks Streamable HTTP only: use "
            "the server's Streamable HTTP endpoint (often `/mcp`)",
            severity=Severity.WARNING,
            json_path=view.url.path,
        )


def _websocket(
    ctx: Context, client: Client, view: ServerView, entry: dict[str, Any]
) -> Iterator[Finding]:
    ws = client.transport("ws")
    type_value = entry.get("type")
    if _type_transport(type_value) == "ws" and client.type_key == "honoured":
        if ws is not None and type_value in ws.type_values:
            return
        path: tuple[PathPart, ...] = (*view.path, "type")
        how = " (its WebSocket servers use `tcp`)" if ws is not None else ""
        start, end = ctx.span(path)
        yield Finding(
            start,
            end,
            f'{client.name} has no `type: "{type_value}"` transport{how}',
            json_path=path,
        )
        return
    if view.url is None:
        return
    checked = check_url(view.url.text)
    if checked.scheme not in ("ws", "wss"):
        return
    if ws is not None and view.transport == "ws":
        return
    if ws is not None and ws.type_values:
        message = f'a WebSocket url needs `"type": "{ws.type_values[0]}"` in {client.name}'
    elif ws is not None:
        message = f"{client.name} does not connect to a WebSocket url here: use `tcp`"
    else:
        message = f"{client.name} has no WebSocket transport: a ws:// url cannot work"
    start, end = ctx.span(view.url.path)
    yield Finding(start, end, message, json_path=view.url.path)


@rule("MCP501", "invalid-url", Severity.ERROR, fix="sometimes", safety=(UNSAFE,))
def invalid_url(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server url that is not an absolute `http://` or `https://` url: a missing scheme
    (`localhost:3000/mcp`), a broken one (`https//:host`, `http:/host`), a space, a bad port, an
    empty host. A url whose scheme or host comes from a variable reference (`${HOST}/mcp`) is
    not judged; a reference in the path counts as a placeholder.

    ## Why is this bad?
    The client cannot connect: VS Code says `TypeError: fetch failed` then "Server exited
    before responding to `initialize` request", other clients `Invalid URL`, or the server
    just stays red.

    ## Example
    ```json
    {"servers": {"bifrost": {"type": "http", "url": "localhost:8008/mcp"}}}
    ```
    Use instead: `"url": "http://localhost:8008/mcp"`

    ## Fix safety
    Unsafe, only for a missing scheme in front of a loopback host (`localhost`, `127.0.0.1`,
    `[::1]`): `http://` is added. For another host, `https://` or `http://` is the server's
    choice, so there is no fix.

    References: FAILURES.md J2 (url-malformed-or-missing-scheme); microsoft/vscode#247597;
    biegehydra/BifrostMCP#7
    """
    other = _other_schemes(ctx.client)
    for view in _views(ctx):
        if view.url is None:
            continue
        checked = check_url(view.url.text, other_schemes=other)
        if checked.problem is None:
            continue
        start, end = ctx.span(view.url.path)
        fix = None
        if checked.missing_scheme and checked.host is not None and is_loopback(checked.host):
            fix = _add_scheme(ctx, view.url.path, view.url.text)
        yield Finding(start, end, checked.problem, fix, json_path=view.url.path)


def _add_scheme(ctx: Context, path: tuple[PathPart, ...], value: str) -> Fix | None:
    node = ctx.node(path)
    if node is None or value != value.lstrip():
        return None
    raw = ctx.text[node.start : node.end]
    if raw[:1] not in ("'", '"') or raw[1:].startswith(raw[0] * 2):
        return None  # multi-line TOML strings and other shapes: no fix
    edit = replace_value(node, raw[0] + "http://" + raw[1:])
    return unsafe_fix(f"Add `http://`: `http://{_short(value, 60)}`", edit)


@rule("MCP502", "insecure-url", Severity.WARNING)
def insecure_url(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server url that sends requests in clear text (`http://`, `ws://`) to a host that
    is not this machine (loopback: `localhost`, `*.localhost`, `127.0.0.0/8`, `::1`; also the
    unspecified `0.0.0.0` and `::`).

    ## Why is this bad?
    Everything, tokens in headers included, crosses the network unencrypted, readable and
    changeable by anyone on the path. Some bridges refuse it: `mcp-remote` needs
    `--allow-http`, Claude Code's managed servers accept only `https://`.

    ## Example
    ```json
    {"mcpServers": {"api": {"type": "http", "url": "http://api.example.com/mcp"}}}
    ```
    Use instead: `"url": "https://api.example.com/mcp"`

    ## Fix safety
    No automatic fix: whether the server speaks HTTPS is not knowable from the file.

    References: FAILURES.md J2 (plain http to non-loopback hosts; mcp-remote `--allow-http`)
    """
    for view in _views(ctx):
        if view.url is None:
            continue
        checked = check_url(view.url.text, other_schemes=_other_schemes(ctx.client))
        if checked.problem is not None or checked.scheme not in ("http", "ws"):
            continue
        if checked.host is None or is_loopback(checked.host) or _REF.search(checked.host):
            continue
        start, end = ctx.span(view.url.path)
        secure = "https" if checked.scheme == "http" else "wss"
        yield Finding(
            start,
            end,
            f"`{checked.scheme}://` to `{checked.host}` is not encrypted: use `{secure}://`",
            json_path=view.url.path,
        )


@rule("MCP503", "deprecated-transport", Severity.INFO)
def deprecated_transport(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server that uses the SSE transport (HTTP+SSE, protocol version 2024-11-05): a
    `type: "sse"`, or a url that the client itself reads as SSE (Cline: a `url` without `type`).
    The url's path alone (`/sse`) is not taken as proof.

    ## Why is this bad?
    SSE was superseded by Streamable HTTP in the 2025-03-26 protocol; servers are dropping it
    and clients keep it only for compatibility (Codex never had it). A server that speaks
    Streamable HTTP fails on an SSE connection (`SSE error: Non-200 status code (405)`).

    ## Example
    ```json
    {"mcpServers": {"docs": {"type": "sse", "url": "https://example.com/sse"}}}
    ```
    Use instead, when the server offers it: `{"type": "http", "url": "https://example.com/mcp"}`

    ## Fix safety
    No automatic fix: the Streamable HTTP endpoint is the server's to tell.

    References: FAILURES.md J1 (sse-vs-streamable-http-mismatch); MCP specification 2025-03-26
    (transports); CLIENTS-DETAIL.md (Cline: "`url` without `type` means SSE")
    """
    client = ctx.client
    if client is None or client.id in ("claude-desktop", "codex"):
        return
    for view in _views(ctx):
        if view.transport != "sse":
            continue
        if view.type is not None and _type_transport(view.type.text) == "sse":
            path = view.type.path
            message = (
                f'`type: "{view.type.text}"` is the legacy SSE transport: prefer Streamable HTTP'
            )
        elif view.url is not None:
            path = view.url.path
            message = (
                f"{client.name} reads a url without `type` as the legacy SSE transport: "
                "set the Streamable HTTP type if the server offers it"
            )
        else:
            continue
        start, end = ctx.span(path)
        yield Finding(start, end, message, json_path=path)
