"""Ports a stdio server is told to listen on, and who holds them (the guide's step 2).

A server is told to listen on a port by `--port N` / `--port=N` (also `--http-port`,
`--listen-port`, `-p N`), by `PORT=N` in its entry's `env`, or by a loopback url after
`--listen`/`--bind`/`--host`. When binding 127.0.0.1:N fails with "address in use", the port is
taken: `port-in-use` names the owning process where the OS tells (Linux: `/proc/net/tcp*` and
`/proc/PID/fd`; elsewhere `lsof` where present).
"""

from __future__ import annotations

import errno
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from mcplint.doctor.result import ProbeResult
from mcplint.env import Environment
from mcplint.launch import Launch

_PORT_FLAGS = ("--port", "--http-port", "--listen-port", "--server-port", "-p")
_URL_FLAGS = ("--listen", "--bind", "--host", "--url")
_LOOPBACK = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
_PORT_ENV = ("PORT", "MCP_PORT", "SERVER_PORT")


@dataclass(frozen=True)
class ListenPort:
    port: int
    source: str  # how the entry says it: "--port 8080", "PORT=8080", "--listen http://..."


@dataclass(frozen=True)
class PortOwner:
    pid: int | None
    name: str  # the process's command line (or name); "" when the OS does not tell


def listen_ports(launch: Launch) -> list[ListenPort]:
    """The ports the entry tells its server to listen on, in entry order, each once."""
    found: list[ListenPort] = []
    args = list(launch.args)
    for i, arg in enumerate(args):
        flag, eq, value = arg.partition("=")
        nxt = args[i + 1] if i + 1 < len(args) else ""
        if flag in _PORT_FLAGS:
            text = value if eq else nxt
            if text.isdigit():
                found.append(ListenPort(int(text), f"{flag} {text}"))
        elif flag in _URL_FLAGS:
            text = value if eq else nxt
            port = _loopback_port(text)
            if port is not None:
                found.append(ListenPort(port, f"{flag} {text}"))
    for item in launch.view.env:
        if item.name.upper() in _PORT_ENV and item.value is not None:
            text = item.value.text.strip()
            if text.isdigit():
                found.append(ListenPort(int(text), f"{item.name}={text}"))
    seen: set[int] = set()
    unique = []
    for p in found:
        if 0 < p.port < 65536 and p.port not in seen:
            seen.add(p.port)
            unique.append(p)
    return unique


def _loopback_port(text: str) -> int | None:
    try:
        url = urlsplit(text if "://" in text else "http://" + text)
        port = url.port
    except ValueError:
        return None
    if url.hostname in _LOOPBACK and port:
        return port
    return None


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    """Whether binding `host:port` fails because something holds it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def port_owner(port: int, env: Environment) -> PortOwner | None:
    """The process listening on TCP `port`, where the OS tells: Linux /proc, else lsof."""
    if env.platform == "linux":
        owner = _proc_owner(port, env)
        if owner is not None:
            return owner
    return _lsof_owner(port, env)


_TCP_LINE = re.compile(r"^\s*\d+:\s+[0-9A-Fa-f]+:([0-9A-Fa-f]{4})\s+\S+\s+0A\s+(?:\S+\s+){5}(\d+)")


def listening_inodes(port: int, env: Environment) -> set[str]:
    """Socket inodes listening on `port` (state 0A) in /proc/net/tcp and tcp6."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            text = env.read_bytes(table).decode("ascii", "replace")
        except OSError:
            continue
        for line in text.splitlines()[1:]:
            m = _TCP_LINE.match(line)
            if m and int(m.group(1), 16) == port and m.group(2) != "0":
                inodes.add(m.group(2))
    return inodes


def _proc_owner(port: int, env: Environment) -> PortOwner | None:
    inodes = listening_inodes(port, env)
    if not inodes:
        return None
    targets = {f"socket:[{i}]" for i in inodes}
    for pid in env.listdir("/proc"):
        if not pid.isdigit():
            continue
        fd_dir = f"/proc/{pid}/fd"
        for fd in env.listdir(fd_dir):  # only this user's processes are readable
            if env.readlink(f"{fd_dir}/{fd}") in targets:
                return PortOwner(int(pid), _proc_name(pid, env))
    return PortOwner(None, "")  # held by a process of another user


def _proc_name(pid: str, env: Environment) -> str:
    try:
        raw = env.read_bytes(f"/proc/{pid}/cmdline", max_size=4096)
    except OSError:
        raw = b""
    cmdline = " ".join(p for p in raw.decode("utf-8", "replace").split("\0") if p)
    if cmdline:
        return cmdline[:200]
    try:
        return env.read_bytes(f"/proc/{pid}/comm").decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _lsof_owner(port: int, env: Environment) -> PortOwner | None:
    lsof = env.which("lsof")
    if lsof is None:
        return None
    done = env.run([lsof, "-nP", f"-iTCP:{port}", "-sTCP:LISTEN", "-Fpc"])
    if done is None or done.returncode != 0:
        return None
    pid: int | None = None
    name = ""
    for line in done.stdout.splitlines():
        if line.startswith("p") and line[1:].isdigit() and pid is None:
            pid = int(line[1:])
        elif line.startswith("c") and not name:
            name = line[1:]
    return PortOwner(pid, name) if pid is not None else None


def check_ports(launch: Launch, env: Environment) -> list[ProbeResult]:
    """A `port-in-use` result for each port the entry's server is told to listen on that is
    taken (run before starting the server)."""
    results = []
    for lp in listen_ports(launch):
        if not port_taken(lp.port):
            continue
        owner = port_owner(lp.port, env)
        if owner is None:
            who = "by another process (the OS does not say which)"
        elif owner.pid is None:
            who = "by a process of another user"
        else:
            who = f"by process {owner.pid} ({owner.name or '?'})"
        message = (
            f"port {lp.port} ({lp.source}) is already in use {who}: stop it, or give the "
            "server another port"
        )
        details = {"port": str(lp.port)}
        if owner is not None and owner.pid is not None:
            details["pid"] = str(owner.pid)
        results.append(
            ProbeResult(
                launch.view.name,
                launch.view.transport or "stdio",
                "port-in-use",
                message,
                details=details,
            )
        )
    return results
