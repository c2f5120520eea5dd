"""Probe a stdio server: start it exactly as its client would (`mcplint.launch.plan_launch`:
the client's PATH model and env merge, its working-directory rule, its own expansion), speak
newline-delimited JSON-RPC (`initialize`, `notifications/initialized`, `tools/list` with
pagination), then close stdin, terminate, kill after a grace period and reap the whole process
group, whatever happened (timeout, an exception, Ctrl-C).

`probe_stdio(launch, options) -> ProbeResult` never raises for anything the server does; the
result names the doctor rule of its outcome (`server-ok`, `server-exited`, ...) and any further
findings (`tool-name-too-long`, `too-many-tools`, `slow-start`)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import IO, Any

from mcplint.doctor.classify import client_protocols, explain, newest_protocol, stderr_tail
from mcplint.launch import Launch
from mcplint.secrets import redact

DEFAULT_TIMEOUT = 30.0  # when neither the user nor the client says
DEFAULT_GRACE = 1.0  # seconds between close/terminate/kill
MAX_PAGES = 100
_STDERR_KEEP = 64 * 1024
_TICK = 0.05  # how often a wait looks at the cancel flag
_TOOL_NAME_CHARS = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class ProbeOptions:
    timeout: float | None = None  # seconds for each answer; None: DEFAULT_TIMEOUT
    timeout_why: str = ""  # where the timeout comes from ("Claude Code's MCP_TIMEOUT", ...)
    grace: float = DEFAULT_GRACE
    cancel: threading.Event | None = None  # set: stop now, clean up (Ctrl-C in another thread)


@dataclass(frozen=True)
class ProbeFinding:
    rule: str  # a doctor rule name (RULES.md "Doctor")
    message: str


@dataclass
class ProbeResult:
    """What a probe found. `result` is the doctor rule of the outcome, or "skipped"/"not-probed"
    (then `message` says why)."""

    result: str
    message: str
    findings: list[ProbeFinding] = field(default_factory=list)
    elapsed_ms: int | None = None
    protocol: str | None = None
    server_name: str | None = None
    server_version: str | None = None
    tools: tuple[str, ...] = ()
    pid: int | None = None  # the process started (its group is reaped)


class _Cancelled(Exception):
    pass


class _Stream:
    """Lines of a child's stdout (a reader thread fills a queue; EOF is None)."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self.lines: queue.Queue[bytes | None] = queue.Queue()
        self.thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self.thread.start()

    def _read(self, pipe: IO[bytes]) -> None:
        try:
            for line in iter(pipe.readline, b""):
                self.lines.put(line)
        except (OSError, ValueError):
            pass
        self.lines.put(None)


class _Tail:
    """The last bytes of a child's stderr."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self.chunks: deque[bytes] = deque()
        self.size = 0
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self.thread.start()

    def _read(self, pipe: IO[bytes]) -> None:
        try:
            for chunk in iter(lambda: pipe.read1(4096), b""):  # type: ignore[attr-defined]
                with self.lock:
                    self.chunks.append(chunk)
                    self.size += len(chunk)
                    while self.size > _STDERR_KEEP and len(self.chunks) > 1:
                        self.size -= len(self.chunks.popleft())
        except (OSError, ValueError):
            pass

    def text(self) -> str:
        with self.lock:
            return b"".join(self.chunks).decode("utf-8", "replace")


@dataclass
class _Session:
    proc: subprocess.Popen[bytes]
    out: _Stream
    err: _Tail
    options: ProbeOptions
    next_id: int = 1

    def send(self, message: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message).encode() + b"\n")
        self.proc.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> int:
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def answer(self, rid: int, deadline: float) -> dict[str, Any] | str | None:
        """The answer to request `rid`; a str: the first non-JSON-RPC line on stdout; None: EOF
        (the server closed stdout or exited). `TimeoutError` past the deadline."""
        cancel = self.options.cancel
        while True:
            if cancel is not None and cancel.is_set():
                raise _Cancelled
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            try:
                raw = self.out.lines.get(timeout=min(left, _TICK))
            except queue.Empty:
                continue
            if raw is None:
                return None
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except ValueError:
                return line
            if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
                return line
            if message.get("id") == rid and "method" not in message:
                return message
            if "method" in message and "id" in message:  # a request of the server: decline it
                self.send(
                    {
                        "jsonrpc": "2.0",
                        "id": message["id"],
                        "error": {"code": -32601, "message": "not supported by mcplint doctor"},
                    }
                )


def _start_failure(launch: Launch, exc: OSError) -> str:
    command = launch.command or ""
    path = launch.env.path or "(no PATH)"
    if exc.errno == errno.ENOENT:
        if "/" in command:
            return f"cannot start `{command}`: no such file (ENOENT)"
        return f"cannot start `{command}`: not found on the server's PATH (ENOENT); searched {path}"
    if exc.errno == errno.EACCES:
        return f"cannot start `{command}`: permission denied (EACCES): it is not executable"
    if exc.errno == errno.ENOEXEC:
        return (
            f"cannot start `{command}`: exec format error (ENOEXEC): a script without a `#!` "
            "line, or a program built for another CPU"
        )
    return f"cannot start `{command}`: {exc.strerror or exc}"


def stop_process_group(proc: subprocess.Popen[bytes], grace: float) -> None:
    """Close stdin, wait `grace`, SIGTERM the whole group, wait `grace`, SIGKILL the group, and
    reap the leader: no child or grandchild of the server is left running."""
    try:
        if proc.stdin is not None:
            proc.stdin.close()
    except OSError:
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, None)):
        try:
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, sig)
            elif proc.poll() is None:
                proc.kill()
        except (ProcessLookupError, PermissionError):
            pass
        if wait is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=wait)
    proc.wait()


def probe_stdio(launch: Launch, options: ProbeOptions) -> ProbeResult:
    """Start the server of `launch` and shake hands (see the module doc)."""
    if launch.command is None:
        return ProbeResult("server-start-failed", "the entry has no command to start")
    cwd = launch.cwd.path
    if cwd is not None and not os.path.isdir(cwd):
        return ProbeResult(
            "server-start-failed", f"the working directory {cwd} does not exist ({launch.cwd.why})"
        )
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            [launch.command, *launch.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(launch.env.vars),
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as exc:
        return ProbeResult("server-start-failed", _start_failure(launch, exc))
    assert proc.stdout is not None and proc.stderr is not None
    session = _Session(proc, _Stream(proc.stdout), _Tail(proc.stderr), options)
    try:
        result = _handshake(session, launch, options, started)
    except _Cancelled:
        result = ProbeResult("not-probed", "interrupted")
    finally:
        stop_process_group(proc, options.grace)
        # A pipe is closed once its reader saw EOF: closing it under a blocked reader would wait
        # for whatever process (outside the group) still holds its other end.
        for pipe, thread in ((proc.stdout, session.out.thread), (proc.stderr, session.err.thread)):
            thread.join(timeout=options.grace)
            if not thread.is_alive():
                pipe.close()
    result.pid = proc.pid
    if result.elapsed_ms is None:
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
    return result


def _exited(session: _Session, stage: str) -> ProbeResult:
    proc = session.proc
    try:
        code: int | None = proc.wait(timeout=2.0)
    except subprocess.TimeoutExpired:
        code = None
    session.err.thread.join(timeout=1.0)
    raw = session.err.text()
    tail = stderr_tail(raw)
    how = f"exited with code {code}" if code is not None else "closed its stdout"
    if code is not None and code < 0:
        how = f"was killed by signal {-code}"
    said = f"; its last stderr lines:\n{tail}" if tail else "; it wrote nothing on stderr"
    message = f"the server {how} {stage}{explain(raw, code)}{said}"
    return ProbeResult("server-exited", message)


def _timeout_result(session: _Session, options: ProbeOptions, stage: str) -> ProbeResult:
    timeout = options.timeout or DEFAULT_TIMEOUT
    why = f" ({options.timeout_why})" if options.timeout_why else ""
    raw = session.err.text()
    tail = stderr_tail(raw)
    said = f"; its last stderr lines:\n{tail}" if tail else ""
    message = (
        f"no answer to `{stage}` within {timeout:g} s{why}: the server is running but silent "
        f"(a first npx/uvx install, a server waiting for input, or one not in stdio mode)"
        f"{explain(raw, None)}{said}"
    )
    return ProbeResult("server-timeout", message)


def _pollution(line: str) -> ProbeResult:
    shown = redact(line if len(line) <= 200 else line[:200] + "...")
    return ProbeResult(
        "stdout-pollution",
        f"the server printed a line on stdout that is not JSON-RPC: {json.dumps(shown)}; stdout is "
        "the transport: logs and banners must go to stderr",
    )


def _handshake(
    session: _Session, launch: Launch, options: ProbeOptions, started: float
) -> ProbeResult:
    timeout = options.timeout or DEFAULT_TIMEOUT
    client = launch.client
    offered = newest_protocol()
    try:
        rid = session.request(
            "initialize",
            {
                "protocolVersion": offered,
                "capabilities": {},
                "clientInfo": {"name": "mcplint-doctor", "version": "1"},
            },
        )
        reply = session.answer(rid, time.monotonic() + timeout)
    except TimeoutError:
        return _timeout_result(session, options, "initialize")
    except OSError:  # the pipe broke: the server is gone
        return _exited(session, "before answering `initialize`")
    elapsed_ms = int((time.monotonic() - started) * 1000)
    if reply is None:
        return _exited(session, "before answering `initialize`")
    if isinstance(reply, str):
        return _pollution(reply)
    if "error" in reply:
        error = reply.get("error")
        text = redact(json.dumps(error))[:300]
        return ProbeResult(
            "protocol-mismatch",
            f"the server refused `initialize` (offered protocol {offered}): {text}",
            elapsed_ms=elapsed_ms,
        )
    result = reply.get("result")
    result = result if isinstance(result, dict) else {}
    protocol = result.get("protocolVersion")
    info = result.get("serverInfo")
    info = info if isinstance(info, dict) else {}
    name = str(info.get("name", "")) or None
    version = str(info.get("version", "")) or None
    speaks = client_protocols(client.id)
    if not isinstance(protocol, str) or protocol not in speaks:
        return ProbeResult(
            "protocol-mismatch",
            f"the server answered protocol version {json.dumps(protocol)}, which {client.name} "
            f"does not speak (it accepts {', '.join(speaks)}); upgrade the server",
            elapsed_ms=elapsed_ms,
            protocol=protocol if isinstance(protocol, str) else None,
            server_name=name,
            server_version=version,
        )
    ok = ProbeResult(
        "server-ok",
        "",
        elapsed_ms=elapsed_ms,
        protocol=protocol,
        server_name=name,
        server_version=version,
    )
    tools_note = ""
    try:
        session.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        tools, tools_note = _list_tools(session, timeout)
    except TimeoutError:
        tools, tools_note = [], f"; no answer to `tools/list` within {timeout:g} s"
    except OSError:
        tools, tools_note = [], "; the server exited during `tools/list`"
    if isinstance(tools, ProbeResult):
        return tools
    ok.tools = tuple(tools)
    who = f"{name or '(unnamed)'} {version or ''}".strip()
    ok.message = (
        f"{who} answered in {elapsed_ms} ms, protocol {protocol}, {len(tools)} "
        f"tool{'s' if len(tools) != 1 else ''}{tools_note}"
    )
    ok.findings = _tool_findings(launch, tools, elapsed_ms, timeout)
    return ok


def _list_tools(session: _Session, timeout: float) -> tuple[Any, str]:
    tools: list[str] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        params: dict[str, Any] = {} if cursor is None else {"cursor": cursor}
        rid = session.request("tools/list", params)
        reply = session.answer(rid, time.monotonic() + timeout)
        if reply is None:
            return tools, "; the server exited during `tools/list`"
        if isinstance(reply, str):
            return _pollution(reply), ""
        result = reply.get("result")
        if not isinstance(result, dict):
            return tools, "; `tools/list` failed"
        for tool in result.get("tools") or []:
            if isinstance(tool, dict) and isinstance(tool.get("name"), str):
                tools.append(tool["name"])
        nxt = result.get("nextCursor")
        if not isinstance(nxt, str) or not nxt:
            return tools, ""
        cursor = nxt
    return tools, f"; stopped after {MAX_PAGES} pages of `tools/list`"


def _tool_findings(
    launch: Launch, tools: list[str], elapsed_ms: int, timeout: float
) -> list[ProbeFinding]:
    client = launch.client
    server = launch.view.name
    out: list[ProbeFinding] = []
    limit = client.tool_name_limit
    for tool in tools:
        full = (client.tool_name_format or "{tool}").format(server=server, tool=tool)
        if limit is not None and len(full) > limit:
            out.append(
                ProbeFinding(
                    "tool-name-too-long",
                    f"tool `{tool}` becomes `{full}` ({len(full)} characters), longer than the "
                    f"{limit} {client.name} allows: shorten the server name or the tool's",
                )
            )
        elif not _TOOL_NAME_CHARS.fullmatch(full):
            out.append(
                ProbeFinding(
                    "tool-name-too-long",
                    f"tool `{tool}` becomes `{full}`, with characters outside [A-Za-z0-9_-] that "
                    "model APIs reject",
                )
            )
    if client.max_tools is not None and len(tools) > client.max_tools:
        out.append(
            ProbeFinding(
                "too-many-tools",
                f"{len(tools)} tools, more than the {client.max_tools} {client.name} sends to the "
                "model: disable some tools or servers",
            )
        )
    if elapsed_ms > timeout * 1000 / 2:
        out.append(
            ProbeFinding(
                "slow-start",
                f"the handshake took {elapsed_ms} ms, more than half the {timeout:g} s timeout: "
                "on a cold cache (a first npx/uvx install) it will time out; install the package "
                "once, or raise the timeout",
            )
        )
    return out
