"""`probe_http`: real HTTP servers on 127.0.0.1 (port 0) in this process, one per test."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mcplint.clients import get_client, get_kind
from mcplint.doctor.probe_http import HttpProbeOptions, probe_http, proxy_for
from mcplint.doctor.result import ProbeResult
from mcplint.env import Environment
from mcplint.launch import Launch, plan_launch
from mcplint.servers import ServerEntry, server_view

Handler = Callable[[BaseHTTPRequestHandler, str, dict[str, Any] | None], None]


@contextmanager
def serve(
    handle: Handler, tls: ssl.SSLContext | None = None
) -> Iterator[tuple[str, list[tuple[str, str, dict[str, str]]]]]:
    """A server on 127.0.0.1 calling `handle(request, method, json_body)`; yields its base url
    and the requests seen (method, path, headers)."""
    seen: list[tuple[str, str, dict[str, str]]] = []

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _go(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            seen.append((method, self.path, dict(self.headers.items())))
            body = json.loads(raw) if raw else None
            handle(self, method, body)

        def do_GET(self) -> None:
            self._go("GET")

        def do_POST(self) -> None:
            self._go("POST")

        def do_DELETE(self) -> None:
            self._go("DELETE")

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        scheme = "https" if tls is not None else "http"
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def reply(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k.replace("_", "-"), v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def rpc_answer(body: dict[str, Any], version: str = "2025-06-18") -> dict[str, Any]:
    if body["method"] == "initialize":
        result: dict[str, Any] = {
            "protocolVersion": version,
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "demo", "version": "1.2.3"},
        }
    elif body["method"] == "tools/list":
        cursor = body.get("params", {}).get("cursor")
        if cursor is None:
            result = {"tools": [{"name": "echo"}, {"name": "add"}], "nextCursor": "p2"}
        else:
            result = {"tools": [{"name": "search"}]}
    else:
        return {"jsonrpc": "2.0", "id": body.get("id"), "error": {"code": -32601, "message": "no"}}
    return {"jsonrpc": "2.0", "id": body["id"], "result": result}


def launch_for(url: str, transport: str = "http", **extra: Any) -> Launch:
    kind = get_kind("claude-code-mcp-json")
    client = get_client(kind.client)
    entry = ServerEntry(
        "remote", ("mcpServers", "remote"), {"type": transport, "url": url, **extra}
    )
    return plan_launch(server_view(entry, kind, client), client, Environment(environ={}))


def probe(
    url: str, transport: str = "http", environ: dict[str, str] | None = None, **extra: Any
) -> ProbeResult:
    options = HttpProbeOptions(timeout=5, env=Environment(environ=environ or {}))
    return probe_http(launch_for(url, transport, **extra), options)


def streamable(form: str, version: str = "2025-06-18") -> Handler:
    def handle(h: BaseHTTPRequestHandler, method: str, body: dict[str, Any] | None) -> None:
        if method == "DELETE":
            return reply(h, 200)
        if method != "POST" or h.path != "/mcp":
            return reply(h, 405 if h.path == "/mcp" else 404)
        assert body is not None
        if "id" not in body:
            return reply(h, 202)
        answer = json.dumps(rpc_answer(body, version)).encode()
        session = {"Mcp_Session_Id": "s-123"}
        if form == "json":
            return reply(h, 200, answer, Content_Type="application/json", **session)
        data = b"event: message\ndata: " + answer + b"\n\n"
        return reply(h, 200, data, Content_Type="text/event-stream", **session)

    return handle


def test_streamable_http_json_answer() -> None:
    with serve(streamable("json")) as (base, seen):
        result = probe(base + "/mcp", headers={"X-Api-Key": "k"})
    assert result.outcome == "server-ok", result.message
    assert result.protocol_version == "2025-06-18"
    assert result.tools == ("echo", "add", "search")  # two pages
    assert result.server_name == "demo"
    assert result.details["answer"] == "json"
    first = seen[0][2]
    assert first["Accept"] == "application/json, text/event-stream"
    assert first["MCP-Protocol-Version"] == "2025-11-25"
    assert first["X-Api-Key"] == "k"
    # the session id comes back on every later request
    assert all(h.get("Mcp-Session-Id") == "s-123" for _, _, h in seen[1:])
    assert [m for m, _, _ in seen][-1] == "DELETE"


def test_streamable_http_sse_answer() -> None:
    with serve(streamable("sse")) as (base, _):
        result = probe(base + "/mcp")
    assert result.outcome == "server-ok", result.message
    assert result.details["answer"] == "sse"
    assert len(result.tools) == 3


def test_protocol_version_the_client_does_not_speak() -> None:
    with serve(streamable("json", version="2023-01-01")) as (base, _):
        result = probe(base + "/mcp")
    assert result.outcome == "protocol-mismatch"
    assert "2023-01-01" in result.message


def test_old_style_sse_server_follows_endpoint_event() -> None:
    queue: list[bytes] = []
    ready = threading.Condition()

    def handle(h: BaseHTTPRequestHandler, method: str, body: dict[str, Any] | None) -> None:
        if method == "GET" and h.path == "/sse":
            h.send_response(200)
            h.send_header("Content-Type", "text/event-stream")
            h.send_header("Cache-Control", "no-cache")
            h.end_headers()
            h.wfile.write(b": hello\n\nevent: endpoint\ndata: /messages?session=abc\n\n")
            h.wfile.flush()
            for _ in range(50):
                with ready:
                    ready.wait_for(lambda: bool(queue), timeout=0.1)
                    items, queue[:] = list(queue), []
                for item in items:
                    h.wfile.write(b"event: message\ndata: " + item + b"\n\n")
                    h.wfile.flush()
            return None
        if method == "POST" and h.path.startswith("/messages?session=abc"):
            assert body is not None
            if "id" in body:
                with ready:
                    queue.append(json.dumps(rpc_answer(body, "2024-11-05")).encode())
                    ready.notify_all()
            return reply(h, 202)
        return reply(h, 404)

    with serve(handle) as (base, seen):
        result = probe(base + "/sse", "sse")
    assert result.outcome == "server-ok", result.message
    assert result.protocol_version == "2024-11-05"
    assert result.tools == ("echo", "add", "search")
    assert result.details["endpoint"] == "/messages"
    assert seen[0][0] == "GET"


def test_401_names_the_challenge_and_oauth() -> None:
    def handle(h: BaseHTTPRequestHandler, method: str, body: dict[str, Any] | None) -> None:
        if h.path == "/.well-known/oauth-protected-resource":
            return reply(h, 200, b'{"resource": "x"}', Content_Type="application/json")
        challenge = 'Bearer realm="mcp", error="invalid_token"'
        return reply(h, 401, b"no", WWW_Authenticate=challenge)

    with serve(handle) as (base, _):
        result = probe(base + "/mcp")
    assert result.outcome == "http-status"
    assert "401" in result.message and 'realm="mcp"' in result.message
    assert "offers OAuth" in result.message
    assert result.details["oauth"] == "true"


def test_403_without_oauth_says_to_set_the_header() -> None:
    with serve(lambda h, m, b: reply(h, 403)) as (base, _):
        result = probe(base + "/mcp")
    assert result.outcome == "http-status"
    assert "refused" in result.message and "no OAuth offered" in result.message
    assert result.details["oauth"] == "false"


def test_404_points_at_the_right_path() -> None:
    with serve(streamable("json")) as (base, _):
        result = probe(base + "/sse")  # an http entry with the SSE path
    assert result.outcome == "http-status"
    assert "HTTP 404" in result.message
    assert f"the server answers at {base}/mcp" in result.message


def test_405_means_wrong_transport() -> None:
    def handle(h: BaseHTTPRequestHandler, method: str, body: dict[str, Any] | None) -> None:
        return reply(h, 405, Allow="GET")

    with serve(handle) as (base, _):
        result = probe(base + "/mcp")
    assert result.outcome == "http-status"
    assert "wrong transport" in result.message and '"type": "sse"' in result.message
    assert "Allow: GET" in result.message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused() -> None:
    port = _free_port()
    result = probe(f"http://127.0.0.1:{port}/mcp")
    assert result.outcome == "http-unreachable"
    assert "connection refused" in result.message and f"127.0.0.1:{port}" in result.message
    assert result.details["cause"] == "refused"


def test_dns_failure() -> None:
    result = probe("http://mcp.does-not-exist.invalid/mcp")
    assert result.outcome == "http-unreachable"
    assert result.details["cause"] == "dns" and "does not resolve" in result.message


def test_tls_to_a_plain_http_server_is_named() -> None:
    with serve(streamable("json")) as (base, _):
        result = probe(base.replace("http://", "https://") + "/mcp")
    assert result.outcome == "http-unreachable"
    assert result.details["cause"] == "tls" and "TLS" in result.message


def test_timeout_when_the_server_never_answers() -> None:
    with socket.socket() as listener:  # accepts (the kernel does) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        options = HttpProbeOptions(timeout=0.5, env=Environment(environ={}))
        result = probe_http(launch_for(f"http://127.0.0.1:{port}/mcp"), options)
    assert result.outcome == "server-timeout"


def test_requests_go_through_http_proxy() -> None:
    # The test server acts as the proxy: it receives the absolute url as the request target.
    def handle(h: BaseHTTPRequestHandler, method: str, body: dict[str, Any] | None) -> None:
        if h.path.startswith("http://mcp.example.invalid/mcp") and body is not None:
            if "id" not in body:
                return reply(h, 202)
            data = json.dumps(rpc_answer(body)).encode()
            return reply(h, 200, data, Content_Type="application/json")
        return reply(h, 200)

    with serve(handle) as (base, seen):
        result = probe("http://mcp.example.invalid/mcp", environ={"HTTP_PROXY": base})
    assert result.outcome == "server-ok", result.message
    assert seen[0][1] == "http://mcp.example.invalid/mcp"
    assert result.details["proxy"].startswith("http://127.0.0.1:")


def test_a_dead_proxy_is_named() -> None:
    port = _free_port()
    result = probe("https://mcp.example.invalid/mcp", environ={"HTTPS_PROXY": f"127.0.0.1:{port}"})
    assert result.outcome == "http-unreachable"
    assert result.details["cause"] == "proxy" and "NO_PROXY" in result.message


def test_no_proxy_and_loopback_bypass_the_proxy() -> None:
    env = Environment(
        environ={"HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "corp.example,.internal"}
    )
    assert proxy_for(urlsplit("https://api.corp.example/mcp"), env) is None
    assert proxy_for(urlsplit("https://x.internal/mcp"), env) is None
    assert proxy_for(urlsplit("https://127.0.0.1:9/mcp"), env) is None
    assert proxy_for(urlsplit("https://other.example/mcp"), env) == "http://proxy:3128"
    assert proxy_for(urlsplit("http://other.example/mcp"), env) is None  # only HTTPS_PROXY set
    star = Environment(environ={"https_proxy": "http://p:1", "no_proxy": "*"})
    assert proxy_for(urlsplit("https://other.example/mcp"), star) is None


def test_header_variables_are_expanded_and_secrets_never_printed() -> None:
    def handle(h: BaseHTTPRequestHandler, method: str, body: dict[str, Any] | None) -> None:
        return reply(h, 401, b"bad token ghp_abcdefghijklmnopqrstuvwxyz0123456789")

    kind = get_kind("claude-code-mcp-json")
    client = get_client(kind.client)
    with serve(handle) as (base, seen):
        entry = ServerEntry(
            "remote",
            ("mcpServers", "remote"),
            {"type": "http", "url": base + "/mcp", "headers": {"Authorization": "Bearer ${TOK}"}},
        )
        env = Environment(environ={"TOK": "secret-value-123"})
        launch = plan_launch(server_view(entry, kind, client), client, env)
        result = probe_http(launch, HttpProbeOptions(timeout=5, env=env))
    assert seen[0][2]["Authorization"] == "Bearer secret-value-123"
    assert "secret-value-123" not in result.message
    assert "ghp_abcdefghijklmnopqrstuvwxyz0123456789" not in result.message


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_self_signed_certificate_is_named(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    with serve(streamable("json"), tls=context) as (base, _):
        result = probe(base + "/mcp")
    assert result.outcome == "http-unreachable"
    assert result.details["cause"] == "tls"
    assert "self-signed certificate" in result.message and "NODE_EXTRA_CA_CERTS" in result.message


def test_mcplint_doctor_probes_a_url_server_end_to_end(tmp_path: Path) -> None:
    """`mcplint doctor` dispatches a url entry to the http probe: ok for a good server, the
    status explained for a wrong path."""
    import io

    from mcplint.cli import main
    from mcplint.env import Environment

    with serve(streamable("json")) as (base, _):
        config = tmp_path / ".vscode" / "mcp.json"
        config.parent.mkdir()
        servers = {
            "good": {"type": "http", "url": base + "/mcp"},
            "wrong": {"type": "http", "url": base + "/nope"},
        }
        config.write_text(json.dumps({"servers": servers}))
        out, err = io.StringIO(), io.StringIO()
        env = Environment(cwd=str(tmp_path))
        code = main(
            ["doctor", "--trust", "--timeout", "5", "--output-format", "json", str(config)],
            out,
            err,
            env=env,
        )
    found = {d["rule"] for d in json.loads(out.getvalue())["diagnostics"]}
    assert "server-ok" in found and "http-status" in found, out.getvalue()
    assert code == 1
