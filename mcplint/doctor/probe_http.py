"""Probe an `http` (Streamable HTTP) or `sse` (HTTP+SSE, 2024-11-05) server with the standard
library only, and say in one line why it fails.

Streamable HTTP: POST `initialize` with `Accept: application/json, text/event-stream` and
`MCP-Protocol-Version`; the answer is JSON or an SSE stream; `Mcp-Session-Id` is sent back on
the next requests (`notifications/initialized`, `tools/list`, paginated).

SSE: GET the url, wait for the `endpoint` event, POST the requests there and read the answers
from the event stream. An endpoint on another origin is refused (the config's headers go only
to the server's own url).

Outcomes (doctor rules): `server-ok`, `http-unreachable` (refused, DNS, TLS with the certificate
problem named, proxy), `http-status` (401/403 with the `WWW-Authenticate` hint and whether OAuth
is offered, 404 wrong path, 405 wrong transport, others), `protocol-mismatch`, `server-timeout`.
`HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (either case) are read from the `Environment`; loopback
hosts never go through a proxy.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from mcplint.doctor.result import LATEST_PROTOCOL_VERSION, PROTOCOL_VERSIONS, ProbeResult
from mcplint.env import Environment
from mcplint.launch import Launch
from mcplint.secrets import redact
from mcplint.servers import StrValue

CLIENT_INFO = {"name": "mcplint-doctor", "version": "1"}
MAX_TOOL_PAGES = 50
_LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")


@dataclass(frozen=True)
class HttpProbeOptions:
    """How to probe: the time allowed (seconds, whole probe), the protocol revision offered and
    those the client speaks, and the machine (proxy variables, clock)."""

    timeout: float = 10.0
    protocol_version: str = LATEST_PROTOCOL_VERSION
    client_versions: tuple[str, ...] = PROTOCOL_VERSIONS
    env: Environment | None = None
    tls_context: ssl.SSLContext | None = None  # default: the system's trust store


class _Fail(Exception):
    """A classified failure: the probe stops with this outcome."""

    def __init__(self, outcome: str, message: str, **details: str) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message
        self.details = details


@dataclass
class _Target:
    url: SplitResult
    headers: dict[str, str]
    options: HttpProbeOptions
    env: Environment
    deadline: float
    session_id: str | None = None
    details: dict[str, str] = field(default_factory=dict)

    def remaining(self) -> float:
        left = self.deadline - self.env.monotonic()
        if left <= 0:
            raise _Fail("server-timeout", f"no answer within {self.options.timeout:g} s")
        return left


def probe_http(launch: Launch, options: HttpProbeOptions | None = None) -> ProbeResult:
    """Connect to the url server of `launch` as its client would and classify the result."""
    opts = options or HttpProbeOptions()
    env = opts.env or Environment.real()
    view = launch.view
    transport = view.transport or "http"
    name = view.name
    if view.url is None:
        return ProbeResult(name, transport, "http-unreachable", "the entry has no url")
    url_text = expand_value(launch, view.url)
    url = urlsplit(url_text)
    if url.scheme not in ("http", "https") or not url.hostname:
        return ProbeResult(
            name, transport, "http-unreachable", f"not an http(s) url: {redact(url_text)!r}"
        )
    headers = {h.name: expand_value(launch, h.value) for h in view.headers if h.value is not None}
    start = env.monotonic()
    target = _Target(url, headers, opts, env, start + opts.timeout)
    try:
        if transport == "sse":
            init, tools = _probe_sse(target)
        else:
            init, tools = _probe_streamable(target)
    except _Fail as fail:
        elapsed = int((env.monotonic() - start) * 1000)
        return ProbeResult(
            name,
            transport,
            fail.outcome,
            fail.message,
            elapsed,
            details={**target.details, **fail.details},
        )
    elapsed = int((env.monotonic() - start) * 1000)
    return _ok(name, transport, init, tools, elapsed, target)


def expand_value(launch: Launch, value: StrValue) -> str:
    """A url or header value as the client sends it: the references it expands replaced by
    their values here (a reference it leaves literal, or whose value is unknown, stays)."""
    text = value.text
    for ref in sorted(launch.refs_in(value.path), key=lambda r: r.start, reverse=True):
        if not ref.expanded:
            continue
        new = ref.value if ref.value else ref.default
        if new is None and ref.refers_to == "env" and ref.unset == "empty":
            new = ""
        if new is not None:
            text = text[: ref.start] + new + text[ref.end :]
    return text


def _ok(
    name: str,
    transport: str,
    init: dict[str, Any],
    tools: list[str],
    elapsed: int,
    target: _Target,
) -> ProbeResult:
    version = str(init.get("protocolVersion", ""))
    info = init.get("serverInfo") if isinstance(init.get("serverInfo"), dict) else {}
    assert isinstance(info, dict)
    server_name = str(info.get("name", "")) or None
    server_version = str(info.get("version", "")) or None
    details = dict(target.details)
    if version not in target.options.client_versions:
        return ProbeResult(
            name,
            transport,
            "protocol-mismatch",
            f"the server answers with protocol version {version or '(none)'!r}, which the client "
            f"does not speak (it speaks {', '.join(target.options.client_versions)})",
            elapsed,
            version or None,
            server_name,
            server_version,
            tuple(tools),
            details,
        )
    who = f"{server_name or '?'} {server_version or ''}".strip()
    count = f"{len(tools)} tool{'s' if len(tools) != 1 else ''}"
    return ProbeResult(
        name,
        transport,
        "server-ok",
        f"{who}: protocol {version}, {count}, answered in {elapsed} ms",
        elapsed,
        version,
        server_name,
        server_version,
        tuple(tools),
        details,
    )


# -- Streamable HTTP ----------------------------------------------------------------------------


def _probe_streamable(t: _Target) -> tuple[dict[str, Any], list[str]]:
    init = _post_rpc(t, t.url, _initialize(t, 1), expect_answer=True)
    assert init is not None
    result = _result_of(init, t)
    _post_rpc(t, t.url, _notification("notifications/initialized"), expect_answer=False)
    tools = _list_tools(lambda msg: _post_rpc(t, t.url, msg, expect_answer=True), t)
    if t.session_id is not None:  # end the session politely; its failure changes nothing
        try:
            conn, path = _connect(t, t.url)
            conn.request("DELETE", path, headers=_headers(t, {}))
            conn.getresponse().read()
            conn.close()
        except (OSError, http.client.HTTPException, _Fail):
            pass
    return result, tools


def _post_rpc(
    t: _Target, url: SplitResult, message: dict[str, Any], *, expect_answer: bool
) -> dict[str, Any] | None:
    conn, path = _connect(t, url)
    try:
        body = json.dumps(message).encode("utf-8")
        extra = {
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
        }
        try:
            conn.request("POST", path, body=body, headers=_headers(t, extra))
            resp = conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            raise _classify_error(exc, t, url) from None
        session = resp.getheader("Mcp-Session-Id")
        if session:
            t.session_id = session
            t.details["session_id"] = "yes"
        if resp.status >= 400:
            raise _status_failure(resp, t, url, "POST")
        if not expect_answer:
            resp.read()
            return None
        ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "text/event-stream":
            t.details["answer"] = "sse"
            for event, data in _sse_events(resp, t):
                if event in ("message", "") and data:
                    answer = _json(data, t)
                    if answer.get("id") == message.get("id"):
                        return answer
            raise _Fail("server-timeout", "the event stream ended without an answer")
        try:
            raw = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise _classify_error(exc, t, url) from None
        t.details["answer"] = "json"
        return _json(raw.decode("utf-8", "replace"), t)
    finally:
        conn.close()


# -- HTTP+SSE (2024-11-05) ----------------------------------------------------------------------


def _probe_sse(t: _Target) -> tuple[dict[str, Any], list[str]]:
    conn, path = _connect(t, t.url)
    try:
        try:
            conn.request("GET", path, headers=_headers(t, {"Accept": "text/event-stream"}))
            resp = conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            raise _classify_error(exc, t, t.url) from None
        if resp.status >= 400:
            raise _status_failure(resp, t, t.url, "GET")
        ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "text/event-stream":
            raise _Fail(
                "http-status",
                f"GET {_show(t.url)} answered {resp.status} with {ctype or 'no content type'}, "
                "not an event stream: not an SSE server (a Streamable HTTP one takes "
                '`"type": "http"`)',
            )
        events = _sse_events(resp, t)
        endpoint = None
        for event, data in events:
            if event == "endpoint":
                endpoint = urlsplit(urljoin(urlunsplit(t.url), data.strip()))
                break
        if endpoint is None:
            raise _Fail("server-timeout", "the event stream ended without an `endpoint` event")
        if (endpoint.scheme, endpoint.hostname, endpoint.port) != (
            t.url.scheme,
            t.url.hostname,
            t.url.port,
        ):
            raise _Fail(
                "http-status",
                f"the `endpoint` event points to another origin ({_show(endpoint)}); "
                "not followed (the config's headers go only to the server's own url)",
            )
        t.details["endpoint"] = endpoint.path

        def call(message: dict[str, Any]) -> dict[str, Any]:
            _post_rpc_sse(t, endpoint, message)
            for event, data in events:
                if event in ("message", "") and data:
                    answer = _json(data, t)
                    if answer.get("id") == message.get("id"):
                        return answer
            raise _Fail("server-timeout", "the event stream ended without an answer")

        result = _result_of(call(_initialize(t, 1)), t)
        _post_rpc_sse(t, endpoint, _notification("notifications/initialized"))
        tools = _list_tools(call, t)
        return result, tools
    finally:
        conn.close()


def _post_rpc_sse(t: _Target, endpoint: SplitResult, message: dict[str, Any]) -> None:
    conn, path = _connect(t, endpoint)
    try:
        body = json.dumps(message).encode("utf-8")
        try:
            conn.request(
                "POST", path, body=body, headers=_headers(t, {"Content-Type": "application/json"})
            )
            resp = conn.getresponse()
            resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise _classify_error(exc, t, endpoint) from None
        if resp.status >= 400:
            raise _status_failure(resp, t, endpoint, "POST")
    finally:
        conn.close()


def _sse_events(resp: http.client.HTTPResponse, t: _Target) -> Iterator[tuple[str, str]]:
    """(event, data) of each event of a text/event-stream answer, as they arrive."""
    event, data = "", list[str]()
    while True:
        _set_timeout(resp, t.remaining())
        try:
            raw = resp.readline()
        except TimeoutError:
            raise _Fail("server-timeout", f"no answer within {t.options.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            raise _Fail("http-unreachable", f"the event stream broke: {exc}") from None
        if not raw:
            return
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            if data or event:
                yield event, "\n".join(data)
            event, data = "", list[str]()
        elif line.startswith(":"):
            continue
        else:
            key, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if key == "event":
                event = value
            elif key == "data":
                data.append(value)


def _set_timeout(resp: http.client.HTTPResponse, seconds: float) -> None:
    sock = getattr(getattr(resp, "fp", None), "raw", None)
    sock = getattr(sock, "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)


# -- messages -----------------------------------------------------------------------------------


def _initialize(t: _Target, ident: int) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": ident,
        "method": "initialize",
        "params": {
            "protocolVersion": t.options.protocol_version,
            "capabilities": {},
            "clientInfo": CLIENT_INFO,
        },
    }


def _notification(method: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": method}


def _json(text: str, t: _Target) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise _Fail(
            "http-status", f"the answer is not JSON-RPC: {redact(text.strip()[:120])!r}"
        ) from None
    if not isinstance(value, dict):
        raise _Fail("http-status", f"the answer is not a JSON-RPC object: {redact(text[:120])!r}")
    return value


def _result_of(answer: dict[str, Any], t: _Target) -> dict[str, Any]:
    error = answer.get("error")
    if isinstance(error, dict):
        text = redact(str(error.get("message", "")))
        if error.get("code") == -32602 or "protocol version" in text.lower():
            raise _Fail(
                "protocol-mismatch",
                f"the server refuses protocol version {t.options.protocol_version}: {text}",
            )
        raise _Fail("http-status", f"initialize failed: {error.get('code')} {text}")
    result = answer.get("result")
    if not isinstance(result, dict):
        raise _Fail("http-status", "the initialize answer has no result")
    return result


def _list_tools(call: Any, t: _Target) -> list[str]:
    names: list[str] = []
    cursor: str | None = None
    for page in range(MAX_TOOL_PAGES):
        params = {"cursor": cursor} if cursor else {}
        answer = call({"jsonrpc": "2.0", "id": 2 + page, "method": "tools/list", "params": params})
        result = answer.get("result") if isinstance(answer, dict) else None
        if not isinstance(result, dict):
            break  # a server without tools may refuse the method: not a connection failure
        for tool in result.get("tools") or []:
            if isinstance(tool, dict) and isinstance(tool.get("name"), str):
                names.append(tool["name"])
        next_cursor = result.get("nextCursor")
        if not isinstance(next_cursor, str) or not next_cursor:
            break
        cursor = next_cursor
    return names


# -- connections and proxies --------------------------------------------------------------------


def _headers(t: _Target, extra: Mapping[str, str]) -> dict[str, str]:
    headers = {"MCP-Protocol-Version": t.options.protocol_version, "User-Agent": "mcplint-doctor"}
    headers.update(t.headers)
    headers.update(extra)
    if t.session_id is not None:
        headers["Mcp-Session-Id"] = t.session_id
    return headers


def proxy_for(url: SplitResult, env: Environment) -> str | None:
    """The proxy url a request to `url` goes through (HTTPS_PROXY / HTTP_PROXY, either case),
    or None: no proxy set, a loopback host, or a NO_PROXY match."""
    host = (url.hostname or "").lower()
    if host in _LOOPBACK or host.startswith("127."):
        return None
    names = (
        ("HTTPS_PROXY", "https_proxy") if url.scheme == "https" else ("HTTP_PROXY", "http_proxy")
    )
    proxy = next((v for n in names if (v := env.environ.get(n))), None)
    if not proxy:
        return None
    no_proxy = env.environ.get("NO_PROXY") or env.environ.get("no_proxy") or ""
    for item in no_proxy.replace(" ", ",").split(","):
        item = item.strip().lower()
        if not item:
            continue
        if item == "*":
            return None
        item_host, _, item_port = item.partition(":") if item.count(":") == 1 else (item, "", "")
        if item_port and str(url.port or (443 if url.scheme == "https" else 80)) != item_port:
            continue
        item_host = item_host.lstrip("*").lstrip(".")
        if host == item_host or host.endswith("." + item_host):
            return None
    return proxy if "://" in proxy else "http://" + proxy


def _connect(t: _Target, url: SplitResult) -> tuple[http.client.HTTPConnection, str]:
    """A connection for `url` (through the proxy when one applies) and the request target."""
    timeout = t.remaining()
    host = url.hostname or ""
    port = url.port or (443 if url.scheme == "https" else 80)
    path = url.path or "/"
    if url.query:
        path += "?" + url.query
    proxy = proxy_for(url, t.env)
    context = t.options.tls_context or ssl.create_default_context()
    conn: http.client.HTTPConnection
    if proxy is None:
        if url.scheme == "https":
            conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
        return conn, path
    p = urlsplit(proxy)
    t.details["proxy"] = _show(p)
    proxy_port = p.port or 80
    if url.scheme == "https":
        conn = http.client.HTTPSConnection(
            p.hostname or "", proxy_port, timeout=timeout, context=context
        )
        conn.set_tunnel(host, port)
        return conn, path
    conn = http.client.HTTPConnection(p.hostname or "", proxy_port, timeout=timeout)
    return conn, urlunsplit(url._replace(fragment=""))


def _show(url: SplitResult) -> str:
    """A url for a message: no user info, no query (they may hold credentials)."""
    netloc = url.hostname or ""
    if url.port:
        netloc += f":{url.port}"
    return f"{url.scheme}://{netloc}{url.path}"


def _classify_error(exc: BaseException, t: _Target, url: SplitResult) -> _Fail:
    """An OSError of a request as `http-unreachable` (or `server-timeout`), the cause named."""
    where = f"{url.hostname}:{url.port or (443 if url.scheme == 'https' else 80)}"
    proxy = t.details.get("proxy")
    if isinstance(exc, ssl.SSLCertVerificationError):
        problem = exc.verify_message or exc.reason or str(exc)
        hint = ""
        if exc.verify_code in (19, 20, 21):  # self-signed in chain, unknown issuer
            hint = (
                " (a corporate proxy or private CA? Node clients need NODE_EXTRA_CA_CERTS "
                "pointing to its certificate)"
            )
        elif exc.verify_code == 18:  # the server's own certificate is self-signed
            hint = (
                " (use a certificate from a trusted CA, or make the clients trust this one: "
                "NODE_EXTRA_CA_CERTS for Node clients)"
            )
        elif exc.verify_code == 10:
            hint = " (the server's certificate must be renewed)"
        return _Fail(
            "http-unreachable",
            f"TLS: the certificate of {where} is not trusted: {problem}{hint}",
            cause="tls",
        )
    if isinstance(exc, ssl.SSLError):
        reason = exc.reason or str(exc)
        hint = ""
        if reason and "WRONG_VERSION_NUMBER" in reason:
            hint = " (the server may speak plain http: try an http:// url)"
        return _Fail(
            "http-unreachable", f"TLS handshake with {where} failed: {reason}{hint}", cause="tls"
        )
    if isinstance(exc, TimeoutError):
        return _Fail("server-timeout", f"no answer from {where} within {t.options.timeout:g} s")
    if proxy is not None and (
        isinstance(exc, ConnectionRefusedError | socket.gaierror) or "Tunnel connection" in str(exc)
    ):
        return _Fail(
            "http-unreachable",
            f"the proxy {proxy} (from HTTPS_PROXY/HTTP_PROXY) fails: {exc}; "
            "check the proxy or add the host to NO_PROXY",
            cause="proxy",
        )
    if isinstance(exc, ConnectionRefusedError):
        return _Fail(
            "http-unreachable",
            f"connection refused: nothing listens on {where} (is the server running?)",
            cause="refused",
        )
    if isinstance(exc, socket.gaierror):
        return _Fail(
            "http-unreachable",
            f"DNS: the host name {url.hostname!r} does not resolve ({exc.strerror})",
            cause="dns",
        )
    if isinstance(exc, http.client.RemoteDisconnected):
        return _Fail(
            "http-unreachable", f"{where} closed the connection without an answer", cause="closed"
        )
    return _Fail("http-unreachable", f"cannot reach {where}: {exc}", cause="other")


def _status_failure(
    resp: http.client.HTTPResponse, t: _Target, url: SplitResult, method: str
) -> _Fail:
    status = resp.status
    try:
        body = resp.read(2000).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):
        body = ""
    head = f"{method} {_show(url)}: HTTP {status} {resp.reason}"
    if status in (401, 403):
        challenge = resp.getheader("WWW-Authenticate") or ""
        oauth = _offers_oauth(t, url, challenge)
        what = "the server wants credentials" if status == 401 else "the credentials are refused"
        # the challenge is the server's, not a credential: shown as is (printable part)
        shown = "".join(c for c in challenge[:200] if c.isprintable())
        hint = f" (WWW-Authenticate: {shown})" if challenge else ""
        if oauth:
            fix = (
                "it offers OAuth: sign in from the client (or use a client that supports MCP OAuth)"
            )
        else:
            fix = "no OAuth offered: set the token in the entry's headers (e.g. Authorization)"
        return _Fail(
            "http-status",
            f"{head}: {what}{hint}; {fix}",
            status=str(status),
            oauth=str(oauth).lower(),
        )
    if status == 404:
        alt = _sibling_path(url)
        hint = ""
        if alt is not None:
            hint = f"; wrong path? MCP servers usually answer at {alt.path}"
            if _exists(t, alt, method):
                hint = f"; wrong path: the server answers at {_show(alt)}"
        return _Fail("http-status", f"{head}: nothing at this path{hint}", status="404")
    if status == 405:
        allow = resp.getheader("Allow")
        if method == "POST":
            why = 'wrong transport? an SSE server takes `"type": "sse"` (GET), not Streamable HTTP'
        else:
            why = 'wrong transport? a Streamable HTTP server takes `"type": "http"` (POST)'
        extra = f" (Allow: {allow})" if allow else ""
        return _Fail("http-status", f"{head}{extra}: {why}", status="405")
    snippet = f": {redact(body[:160])!r}" if body else ""
    return _Fail("http-status", f"{head}{snippet}", status=str(status))


def _sibling_path(url: SplitResult) -> SplitResult | None:
    path = url.path.rstrip("/")
    if path.endswith("/sse"):
        return url._replace(path=path[: -len("/sse")] + "/mcp")
    if path.endswith("/mcp"):
        return url._replace(path=path[: -len("/mcp")] + "/sse")
    if path == "":
        return url._replace(path="/mcp")
    return None


def _exists(t: _Target, url: SplitResult, method: str) -> bool:
    """Whether anything but 404 answers at `url` (a HEAD-like probe that sends no body)."""
    try:
        conn, path = _connect(t, url)
        try:
            verb = "GET" if url.path.endswith("/sse") else "POST"
            extra = {
                "Accept": "application/json, text/event-stream",
                "Content-Type": "application/json",
            }
            conn.request(
                verb, path, body=b"{}" if verb == "POST" else None, headers=_headers(t, extra)
            )
            resp = conn.getresponse()
            return resp.status != 404
        finally:
            conn.close()
    except (OSError, http.client.HTTPException, _Fail):
        return False


def _offers_oauth(t: _Target, url: SplitResult, challenge: str) -> bool:
    """Whether the server offers OAuth: a `resource_metadata` challenge or OAuth metadata at
    the well-known urls of its origin."""
    if "resource_metadata" in challenge:
        return True
    for well_known in (
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-authorization-server",
    ):
        try:
            conn, path = _connect(t, url._replace(path=well_known, query=""))
            try:
                conn.request("GET", path, headers={"Accept": "application/json"})
                resp = conn.getresponse()
                data = resp.read(20000)
                if resp.status == 200 and isinstance(json.loads(data or b"null"), dict):
                    return True
            finally:
                conn.close()
        except (OSError, http.client.HTTPException, ValueError, _Fail):
            continue
    return False
