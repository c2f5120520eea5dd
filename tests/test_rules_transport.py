"""The transport rules: unsupported-transport, invalid-url, insecure-url, deprecated-transport,
on every client they apply to, at each client's real file path."""

from __future__ import annotations

import json

import pytest

import mcplint
from mcplint.diagnostics import Severity
from mcplint.env import FakeEnvironment
from mcplint.rules.transport import check_url, is_loopback
from tests.rule_tester import NO_FIX, clean, expect

LINUX = FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")
MAC = FakeEnvironment(platform="darwin", home="/Users/me", cwd="/Users/me/proj")
DESKTOP = "/Users/me/Library/Application Support/Claude/claude_desktop_config.json"
CODEX = "/home/user/.codex/config.toml"

# client -> (path, servers key, machine)
JSON_CLIENTS = {
    "claude-code": ("/home/user/proj/.mcp.json", "mcpServers", LINUX),
    "claude-desktop": (DESKTOP, "mcpServers", MAC),
    "cursor": ("/home/user/proj/.cursor/mcp.json", "mcpServers", LINUX),
    "vscode": ("/home/user/proj/.vscode/mcp.json", "servers", LINUX),
    "windsurf": ("/home/user/.codeium/windsurf/mcp_config.json", "mcpServers", LINUX),
    "gemini": ("/home/user/proj/.gemini/settings.json", "mcpServers", LINUX),
    "zed": ("/home/user/.config/zed/settings.json", "context_servers", LINUX),
    "cline": ("/home/user/.cline/data/settings/cline_mcp_settings.json", "mcpServers", LINUX),
}

# client -> how a remote entry with url URL is written there (URL: a marked JSON string)
REMOTE = {
    "claude-code": '{"type": "http", "url": URL}',
    "cursor": '{"url": URL}',
    "vscode": '{"type": "http", "url": URL}',
    "windsurf": '{"serverUrl": URL}',
    "gemini": '{"httpUrl": URL}',
    "zed": '{"url": URL}',
    "cline": '{"type": "streamableHttp", "url": URL}',
}


def doc(client: str, entry: str) -> str:
    _, key, _ = JSON_CLIENTS[client]
    return f'{{"{key}": {{"s": {entry}}}}}'


def where(client: str) -> dict[str, object]:
    path, _, env = JSON_CLIENTS[client]
    return {"path": path, "env": env}


def codex(body: str) -> str:
    return f"[mcp_servers.s]\n{body}\n"


# -- unsupported-transport -----------------------------------------------------------------------


def test_desktop_type_http_is_reported_at_the_type_and_bridged_through_mcp_remote() -> None:
    expect(
        "unsupported-transport",
        doc("claude-desktop", '{"type": «"http"», "url": "https://x.example/mcp"}'),
        **where("claude-desktop"),  # type: ignore[arg-type]
        message="Connectors",
        severity=Severity.ERROR,
        fixed=doc(
            "claude-desktop",
            '{"command": "npx", "args": ["-y", "mcp-remote", "https://x.example/mcp"]}',
        ),
        unsafe=True,
    )


def test_desktop_url_alone_is_reported_at_the_url() -> None:
    expect(
        "unsupported-transport",
        doc("claude-desktop", '{"url": «"https://x.example/mcp"»}'),
        **where("claude-desktop"),  # type: ignore[arg-type]
        fixed=NO_FIX,  # unsafe: not applied without --unsafe-fixes
    )


def test_desktop_bridge_keeps_headers_in_env_and_allows_plain_http_to_other_hosts() -> None:
    source = (
        '{\n  "mcpServers": {\n    "s": {\n      "url": «"http://x.example/mcp"»,\n'
        '      "headers": {"Authorization": "Bearer abc def"}\n    }\n  }\n}\n'
    )
    fixed = (
        '{\n  "mcpServers": {\n    "s": {\n'
        '      "command": "npx",\n'
        '      "args": [\n'
        '        "-y",\n        "mcp-remote",\n        "http://x.example/mcp",\n'
        '        "--allow-http",\n        "--header",\n'
        '        "Authorization:${MCP_HEADER_AUTHORIZATION}"\n      ],\n'
        '      "env": {\n        "MCP_HEADER_AUTHORIZATION": "Bearer abc def"\n      }\n'
        "    }\n  }\n}\n"
    )
    expect("unsupported-transport", source, path=DESKTOP, env=MAC, fixed=fixed, unsafe=True)
    assert json.loads(fixed)["mcpServers"]["s"]["env"]["MCP_HEADER_AUTHORIZATION"] == (
        "Bearer abc def"
    )


@pytest.mark.parametrize(
    "entry",
    [
        # another key would be lost: no fix
        '{"type": «"sse"», "url": "https://x.example/sse", "timeout": 5}',
        # a command: Desktop runs it, the url is not bridged
        '{"command": "node", "args": ["s.js"], "url": «"https://x.example/mcp"»}',
        # a url that is not a url
        '{"url": «"x.example/mcp"»}',
        # a header value of the wrong type
        '{"url": «"https://x.example/mcp"», "headers": {"A": 1}}',
        # a url of the wrong type: the key's value is reported, no fix
        '{"url": «5»}',
        '{"type": «"streamable-http"»}',
    ],
)
def test_desktop_remote_entries_without_a_lossless_bridge(entry: str) -> None:
    expect(
        "unsupported-transport",
        doc("claude-desktop", entry),
        **where("claude-desktop"),  # type: ignore[arg-type]
        fixed=NO_FIX,
        unsafe=True,
    )


def test_desktop_stdio_entries_are_clean() -> None:
    for entry in (
        '{"command": "npx", "args": ["-y", "pkg"]}',
        '{"type": "stdio", "command": "x"}',
        '{"command": 5, "args": "x"}',
        '"not an object"',
    ):
        clean("unsupported-transport", doc("claude-desktop", entry), path=DESKTOP, env=MAC)


def test_unknown_key_leaves_a_desktop_remote_entry_to_unsupported_transport() -> None:
    text = doc(
        "claude-desktop",
        '{"type": "http", "url": "https://x.example/mcp", "headers": {}, "foo": 1}',
    )
    found = mcplint.lint_text(text, path=DESKTOP, env=MAC)
    assert [(d.rule, text[d.start.offset : d.end.offset]) for d in found] == [
        ("unsupported-transport", '"http"'),
        ("unknown-key", '"foo"'),
    ]
    # On a stdio entry `type` is still an unknown key there.
    stdio = doc("claude-desktop", '{"type": "stdio", "command": "x"}')
    rules = [d.rule for d in mcplint.lint_text(stdio, path=DESKTOP, env=MAC)]
    assert rules == ["unknown-key"]


def test_codex_sse_type_and_sse_endpoint() -> None:
    expect(
        "unsupported-transport",
        codex('type = «"sse"»\nurl = "https://x.example/sse"'),
        path=CODEX,
        env=LINUX,
        message="Streamable HTTP only",
        severity=Severity.ERROR,
    )
    expect(
        "unsupported-transport",
        codex('url = «"https://x.example/sse/"»'),
        path=CODEX,
        env=LINUX,
        message="SSE endpoint",
        severity=Severity.WARNING,
    )
    expect("unsupported-transport", codex('url = «"wss://x.example/ws"»'), path=CODEX, env=LINUX)
    for body in (
        'url = "https://x.example/mcp"',
        'url = "https://x.example/sse-docs/mcp"',
        'command = "npx"\nargs = ["-y", "pkg"]',
        "url = 5",
    ):
        clean("unsupported-transport", codex(body), path=CODEX, env=LINUX)


@pytest.mark.parametrize(
    ("client", "entry", "message"),
    [
        ("vscode", '{"type": «"ws"», "url": "wss://x.example/ws"}', 'no `type: "ws"`'),
        ("gemini", '{"type": «"ws"», "url": "wss://x.example/ws"}', "`tcp`"),
        ("cline", '{"type": «"websocket"», "url": "wss://x.example/ws"}', "no `type"),
        ("cursor", '{"url": «"wss://x.example/ws"»}', "no WebSocket transport"),
        ("windsurf", '{"serverUrl": «"ws://localhost:1/ws"»}', "no WebSocket transport"),
        ("zed", '{"url": «"ws://localhost:1/ws"»}', "no WebSocket transport"),
        ("claude-code", '{"type": "http", "url": «"wss://x.example/ws"»}', '"type": "ws"'),
        ("gemini", '{"url": «"wss://x.example/ws"»}', "`tcp`"),
    ],
)
def test_websocket_where_the_client_has_none(client: str, entry: str, message: str) -> None:
    expect(
        "unsupported-transport",
        doc(client, entry),
        **where(client),  # type: ignore[arg-type]
        message=message,
    )


@pytest.mark.parametrize("client", sorted(REMOTE))
def test_supported_transports_are_clean(client: str) -> None:
    clean(
        "unsupported-transport",
        doc(client, REMOTE[client].replace("URL", '"https://x.example/mcp"')),
        **where(client),  # type: ignore[arg-type]
    )
    clean("unsupported-transport", doc(client, '{"command": "npx"}'), **where(client))  # type: ignore[arg-type]


def test_claude_code_websocket_is_supported() -> None:
    clean(
        "unsupported-transport", doc("claude-code", '{"type": "ws", "url": "wss://x.example/ws"}')
    )


# -- invalid-url ---------------------------------------------------------------------------------


@pytest.mark.parametrize("client", sorted(REMOTE))
def test_missing_scheme_on_loopback_gets_http_on_every_client(client: str) -> None:
    entry = REMOTE[client]
    expect(
        "invalid-url",
        doc(client, entry.replace("URL", '«"localhost:3000/mcp"»')),
        **where(client),  # type: ignore[arg-type]
        message="no scheme",
        severity=Severity.ERROR,
        fixed=doc(client, entry.replace("URL", '"http://localhost:3000/mcp"')),
        unsafe=True,
    )


def test_missing_scheme_in_codex_toml() -> None:
    expect(
        "invalid-url",
        codex('url = «"127.0.0.1:8080/mcp"»'),
        path=CODEX,
        env=LINUX,
        fixed=codex('url = "http://127.0.0.1:8080/mcp"'),
        unsafe=True,
    )
    expect(
        "invalid-url",
        codex("url = «'localhost:8080/mcp'»"),
        path=CODEX,
        env=LINUX,
        fixed=codex("url = 'http://localhost:8080/mcp'"),
        unsafe=True,
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("x.example/mcp", "no scheme"),  # not loopback: https or http is the server's choice
        ("https//:x.example/mcp", "write `https://`"),
        ("http:/localhost:3000/mcp", "write `http://`"),
        ("ftp://x.example/mcp", "not http or https"),
        ("http://x.example:99999/mcp", "not a port"),
        ("http://x.example:30a0/mcp", "not a port"),
        ("http:///mcp", "no host"),
        ("http://x example/mcp", "space"),
        ("https://x.example/my mcp", "space"),
        ("http://[::1/mcp", "IPv6"),
        ("http://x\\\\y/mcp", "cannot appear in a host"),
        ("", "empty"),
        ("mcp", "no scheme"),
    ],
)
def test_invalid_urls_without_a_fix(url: str, message: str) -> None:
    entry = '{"type": "http", "url": «' + json.dumps(url) + "»}"
    expect("invalid-url", doc("claude-code", entry), message=message, fixed=NO_FIX, unsafe=True)


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/mcp",
        "http://localhost:3000/mcp",
        "  https://x.example/mcp  ",  # clients trim it (WHATWG)
        "https://user:pw@x.example:443/mcp?a=b#c",
        "http://[::1]:3000/mcp",
        "https://bücher.example/mcp",
        "${MCP_URL}",
        "https://${HOST}/mcp",
        "${BASE}/mcp",
        "localhost:${PORT}/mcp",
        "https://x.example/${env:PATH_PART}",
        "wss://x.example/ws",  # unsupported-transport's business
    ],
)
def test_valid_or_unknowable_urls_are_clean(url: str) -> None:
    clean("invalid-url", doc("claude-code", '{"type": "http", "url": ' + json.dumps(url) + "}"))


def test_vscode_socket_and_pipe_urls_are_clean() -> None:
    for url in ("unix:///tmp/mcp.sock", "pipe:///mcp"):
        entry = '{"type": "http", "url": ' + json.dumps(url) + "}"
        clean("invalid-url", doc("vscode", entry), **where("vscode"))  # type: ignore[arg-type]


def test_invalid_url_copes_with_any_shape() -> None:
    big = "https://x.example/" + "a" * 100_000
    for entry in (
        '{"type": "http", "url": 5}',
        '{"type": "http", "url": {"a": 1}}',
        '{"type": "http", "url": null}',
        '{"type": "http", "url": ' + json.dumps(big) + "}",
        '"a string entry"',
        "[]",
    ):
        clean("invalid-url", doc("claude-code", entry))
    expect("invalid-url", doc("claude-code", '{"url": «' + json.dumps(big + " x") + "»}"))


def test_escaped_url_gets_the_scheme_in_front() -> None:
    expect(
        "invalid-url",
        doc("claude-code", '{"type": "http", "url": «"localhost:3000\\/mcp"»}'),
        fixed=doc("claude-code", '{"type": "http", "url": "http://localhost:3000\\/mcp"}'),
        unsafe=True,
    )


# -- insecure-url --------------------------------------------------------------------------------


@pytest.mark.parametrize("client", sorted(REMOTE))
def test_plain_http_to_another_host_on_every_client(client: str) -> None:
    expect(
        "insecure-url",
        doc(client, REMOTE[client].replace("URL", '«"http://api.example.com/mcp"»')),
        **where(client),  # type: ignore[arg-type]
        message="https://",
        severity=Severity.WARNING,
    )


def test_plain_http_in_codex() -> None:
    expect("insecure-url", codex('url = «"http://10.0.0.5:8080/mcp"»'), path=CODEX, env=LINUX)


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:3000/mcp",
        "http://LOCALHOST/mcp",
        "http://mcp.localhost:3000/mcp",
        "http://127.0.0.1:3000/mcp",
        "http://127.1.2.3/mcp",
        "http://[::1]:3000/mcp",
        "http://0.0.0.0:8000/mcp",
        "https://api.example.com/mcp",
        "http://${HOST}/mcp",
        "http://x example/mcp",  # invalid-url's
    ],
)
def test_loopback_https_and_unknown_hosts_are_not_insecure(url: str) -> None:
    clean("insecure-url", doc("claude-code", '{"type": "http", "url": ' + json.dumps(url) + "}"))


def test_plain_websocket_is_insecure() -> None:
    expect("insecure-url", doc("claude-code", '{"type": "ws", "url": «"ws://x.example/ws"»}'))
    clean("insecure-url", doc("claude-code", '{"type": "ws", "url": "wss://x.example/ws"}'))


def test_is_loopback() -> None:
    assert is_loopback("localhost") and is_loopback("a.localhost") and is_loopback("127.9.9.9")
    assert is_loopback("::1") and not is_loopback("10.0.0.1") and not is_loopback("localhost.com")
    assert not is_loopback("x") and not is_loopback("")


# -- deprecated-transport ------------------------------------------------------------------------


@pytest.mark.parametrize("client", ["claude-code", "vscode", "gemini", "cline"])
def test_type_sse_is_deprecated(client: str) -> None:
    expect(
        "deprecated-transport",
        doc(client, '{"type": «"sse"», "url": "https://x.example/sse"}'),
        **where(client),  # type: ignore[arg-type]
        message="legacy SSE",
        severity=Severity.INFO,
    )


def test_cline_reads_a_url_without_type_as_sse() -> None:
    expect(
        "deprecated-transport",
        doc("cline", '{"url": «"https://x.example/mcp"»}'),
        **where("cline"),  # type: ignore[arg-type]
        message="without `type`",
    )


@pytest.mark.parametrize(
    ("client", "entry"),
    [
        ("claude-code", '{"type": "http", "url": "https://x.example/sse"}'),
        ("cursor", '{"url": "https://x.example/sse"}'),  # the path alone proves nothing
        ("windsurf", '{"serverUrl": "https://x.example/sse"}'),
        ("zed", '{"url": "https://x.example/sse"}'),
        ("gemini", '{"url": "https://x.example/sse"}'),  # Streamable HTTP first
        ("vscode", '{"type": "http", "url": "https://x.example/mcp"}'),
        ("cline", '{"type": "streamableHttp", "url": "https://x.example/mcp"}'),
        ("claude-desktop", '{"type": "sse", "url": "https://x.example/sse"}'),  # unsupported
        ("claude-code", '{"type": 5, "url": "https://x.example/sse"}'),
    ],
)
def test_not_deprecated(client: str, entry: str) -> None:
    clean("deprecated-transport", doc(client, entry), **where(client))  # type: ignore[arg-type]


def test_codex_sse_is_unsupported_not_deprecated() -> None:
    clean(
        "deprecated-transport", codex('type = "sse"\nurl = "https://x/sse"'), path=CODEX, env=LINUX
    )


def test_check_url_reports_scheme_and_host() -> None:
    checked = check_url("HTTP://User@Example.COM:8080/x")
    assert (checked.problem, checked.scheme, checked.host) == (None, "http", "example.com")
    assert not check_url("https://${H}/x").judged


def test_desktop_mcp_remote_rewrite_is_not_offered_over_a_comment() -> None:
    """Found by the fuzz run: rewriting the whole entry would drop the comment inside it."""
    source = '{"mcpServers": {"a": {"url": "https://x.example/mcp", "type": «"sse"» // note\n}}}'
    expect("unsupported-transport", source, path=DESKTOP, env=MAC, fixed=NO_FIX, unsafe=True)
