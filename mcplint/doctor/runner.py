"""`mcplint doctor`: plan which servers to probe, probe them in parallel, and report.

* `plan_targets(results, env, options)`: every server entry of the linted files, with its launch
  (`mcplint.launch.plan_launch`) and, when it must not run, why (`Target.skip`): a project-scoped
  file not trusted (`--trust`) nor approved by the client (Claude Code's
  `enabledMcpjsonServers` / `enableAllProjectMcpServers`), a disabled entry, another OS.
* `probe(launch, options)`: one probe per transport (`probe_stdio`; http/sse:
  `mcplint.doctor.probe_http.probe_http` when that module exists).
* `run_probes(targets, options)`: `--jobs` probes at a time; Ctrl-C stops every probe and reaps
  its processes before it is re-raised.
* `attach(results, outcomes)`: the probe findings as diagnostics of the files (every output
  format prints them); `summary_table(outcomes, verbose)`: the human table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from mcplint.clients import get_client
from mcplint.clients.base import Client, FileKind
from mcplint.diagnostics import Diagnostic
from mcplint.doctor.probe_stdio import (
    DEFAULT_GRACE,
    DEFAULT_TIMEOUT,
    ProbeOptions,
    ProbeResult,
    probe_stdio,
)
from mcplint.engine import FileResult, dialect_of
from mcplint.env import Environment
from mcplint.launch import Launch, plan_launch
from mcplint.parser import ParseResult
from mcplint.servers import ServerEntry, server_entries, server_view
from mcplint.text import LineIndex

PROJECT_SCOPE = "project"
# Outcomes that are not diagnostics (listed in the summary only).
NOT_RULES = ("skipped", "not-probed")


@dataclass(frozen=True)
class DoctorOptions:
    servers: tuple[str, ...] = ()  # --server: only these names
    timeout: float | None = None  # --timeout: seconds (None: each client's own)
    trust: bool = False  # --trust: also run servers of project-scoped files
    jobs: int = 4
    grace: float = DEFAULT_GRACE
    env: Environment | None = None  # the machine (ports' owners); None: this one


@dataclass
class Target:
    """One server entry to probe (or to list as skipped, with `skip` saying why)."""

    path: str
    kind: FileKind
    client: Client
    entry: ServerEntry
    launch: Launch
    key_span: tuple[int, int]  # offsets of the entry's key in the file
    lines: LineIndex
    skip: str = ""
    timeout: float = DEFAULT_TIMEOUT
    timeout_why: str = ""

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def scope(self) -> str:
        return self.launch.view.scope or "?"

    @property
    def transport(self) -> str:
        return self.launch.view.transport or "?"


@dataclass
class Outcome:
    target: Target
    result: ProbeResult
    static: list[Diagnostic] = field(default_factory=list)  # the entry's static findings


def _parse(result: FileResult) -> ParseResult | None:
    from mcplint.engine import _parse as parse_text

    if result.kind is None or not result.text:
        return None
    parsed = parse_text(result.text, dialect_of(result.path, result.kind))
    return parsed if parsed.root is not None else None


def _key_span(parsed: ParseResult, entry: ServerEntry) -> tuple[int, int]:
    root = parsed.root
    if root is None:
        return 0, 0
    parent = root.find(entry.path[:-1])
    last = entry.path[-1] if entry.path else None
    member = parent.get(last) if parent is not None and isinstance(last, str) else None
    if member is not None:
        return member.key.start, member.key.end
    node = root.find(entry.path)
    return (node.start, node.end) if node is not None else (0, 0)


def client_timeout(client: Client, entry: ServerEntry, env: Environment) -> tuple[float, str]:
    """The client's own wait for `initialize` (seconds) and where it comes from."""
    value: Any = entry.value if isinstance(entry.value, dict) else {}
    if client.id == "claude-code":
        raw = env.getenv("MCP_TIMEOUT")
        if raw and raw.strip().isdigit() and int(raw) > 0:
            return int(raw) / 1000, "Claude Code's MCP_TIMEOUT"
    if client.id == "codex":
        sec = value.get("startup_timeout_sec")
        if isinstance(sec, int | float) and not isinstance(sec, bool) and sec > 0:
            return float(sec), "the entry's startup_timeout_sec"
        ms = value.get("startup_timeout_ms")
        if isinstance(ms, int) and not isinstance(ms, bool) and ms > 0:
            return ms / 1000, "the entry's startup_timeout_ms"
    if client.startup_timeout_ms is not None:
        return client.startup_timeout_ms / 1000, f"{client.name}'s default"
    return DEFAULT_TIMEOUT, f"mcplint's default: {client.name}'s is not known"


def _approved(path: str, kind: FileKind, name: str, env: Environment) -> str | None:
    """Where Claude Code's approval lists `name` (None: not approved, or not Claude Code)."""
    from mcplint.scopes import project_root, project_scopes

    if kind.id != "claude-code-mcp-json":
        return None
    root = project_root(path, kind, env)
    if root is None:
        return None
    approvals = project_scopes(root, env).approvals()
    if any(name in a.names("disabledMcpjsonServers") for a in approvals):
        return None
    for a in approvals:
        if name in a.names("enabledMcpjsonServers"):
            return f"enabledMcpjsonServers of {a.file.path}"
        if a.value.get("enableAllProjectMcpServers") is True:
            return f"enableAllProjectMcpServers of {a.file.path}"
    return None


def plan_targets(
    results: Sequence[FileResult], env: Environment, options: DoctorOptions
) -> list[Target]:
    """Every server entry of the files to probe or list as skipped (see the module doc)."""
    targets: list[Target] = []
    for result in results:
        parsed = _parse(result)
        kind = result.kind
        if parsed is None or kind is None:
            continue
        client = get_client(kind.client)
        lines = LineIndex(result.text)
        for entry in server_entries(parsed.value, kind):
            if options.servers and entry.name not in options.servers:
                continue
            view = server_view(entry, kind, client)
            launch = plan_launch(view, client, env, config_path=result.path, kind=kind)
            timeout, why = client_timeout(client, entry, env)
            if options.timeout is not None:
                timeout, why = options.timeout, "--timeout"
            target = Target(
                result.path,
                kind,
                client,
                entry,
                launch,
                _key_span(parsed, entry),
                lines,
                timeout=timeout,
                timeout_why=why,
            )
            target.skip = _skip_reason(target, env, options)
            targets.append(target)
    return targets


def drop_unselected(results: Sequence[FileResult], servers: Sequence[str]) -> None:
    """With `--server`, keep only the static findings of the selected servers (and those of the
    file as a whole)."""
    if not servers:
        return
    for result in results:
        parsed = _parse(result)
        if parsed is None or result.kind is None:
            continue
        others = [
            e.path for e in server_entries(parsed.value, result.kind) if e.name not in servers
        ]
        result.diagnostics = [
            d
            for d in result.diagnostics
            if not any(p and d.json_path[: len(p)] == p for p in others)
        ]


def _skip_reason(target: Target, env: Environment, options: DoctorOptions) -> str:
    launch = target.launch
    value = target.entry.value
    if not isinstance(value, dict):
        return "not an object"
    if value.get("disabled") is True or value.get("enabled") is False:
        return "disabled in the file"
    if not launch.same_os:
        return f"this machine is not {launch.target_os}"
    if target.transport not in ("stdio", "http", "sse"):
        return f"transport {target.transport} is not probed"
    trusted = options.trust or _approved(target.path, target.kind, target.name, env)
    if launch.view.scope == PROJECT_SCOPE and not trusted:
        return (
            "a project-scoped file's server runs only with --trust (or when the client's "
            "approval lists it)"
        )
    return ""


def probe(launch: Launch, options: ProbeOptions) -> ProbeResult:
    """Probe one server by its transport."""
    transport = launch.view.transport
    if transport == "stdio":
        return probe_stdio(launch, options)
    if transport in ("http", "sse"):
        return _probe_remote(launch, options)
    return ProbeResult("not-probed", f"not probed: transport {transport}")


def _probe_remote(launch: Launch, options: ProbeOptions) -> ProbeResult:
    """The http/sse probe (`probe_http`), its result in the stdio probe's shape."""
    from mcplint.doctor.probe_http import HttpProbeOptions, probe_http

    timeout = options.timeout if options.timeout is not None else 10.0
    found = probe_http(launch, HttpProbeOptions(timeout=timeout))
    return ProbeResult(
        found.outcome,
        "" if found.outcome == "server-ok" else found.message,
        elapsed_ms=int(found.elapsed_ms) if found.elapsed_ms is not None else None,
        protocol=found.protocol_version,
        server_name=found.server_name,
        server_version=found.server_version,
        tools=tuple(found.tools),
    )


def _ports_taken(launch: Launch, env: Environment) -> ProbeResult | None:
    """`port-in-use` when a port the server is told to listen on is taken (the guide's step 2)."""
    from mcplint.doctor.ports import check_ports

    found = check_ports(launch, env)
    if not found:
        return None
    return ProbeResult("port-in-use", "; ".join(r.message for r in found))


def run_probes(
    targets: Sequence[Target],
    options: DoctorOptions,
    *,
    prober: Callable[[Launch, ProbeOptions], ProbeResult] = probe,
) -> list[Outcome]:
    """Probe every target not skipped, `options.jobs` at a time, in the targets' order."""
    cancel = threading.Event()

    def one(target: Target) -> ProbeResult:
        if target.skip:
            return ProbeResult("skipped", f"skipped: {target.skip}")
        popts = ProbeOptions(target.timeout, target.timeout_why, options.grace, cancel)
        try:
            taken = _ports_taken(target.launch, options.env or Environment.real())
            if taken is not None:
                return taken  # starting it would only fail with EADDRINUSE
            return prober(target.launch, popts)
        except Exception as exc:  # a bug of ours: one server's row, not a traceback
            return ProbeResult("not-probed", f"internal error: {type(exc).__name__}: {exc}")

    pool = ThreadPoolExecutor(max_workers=max(1, options.jobs))
    futures: list[Future[ProbeResult]] = []
    try:
        futures = [pool.submit(one, t) for t in targets]
        outcomes = [Outcome(t, f.result()) for t, f in zip(targets, futures, strict=True)]
    except BaseException:
        cancel.set()  # every probe stops and reaps its process group
        for f in futures:
            f.cancel()
        pool.shutdown(wait=True)
        raise
    pool.shutdown(wait=True)
    return outcomes


def _diagnostic(target: Target, rule_name: str, message: str) -> Diagnostic:
    from mcplint.rules import BY_NAME

    rule = BY_NAME[rule_name]
    start, end = target.key_span
    where = f"`{target.name}` ({target.client.name}): "
    return Diagnostic(
        rule=rule.name,
        code=rule.code,
        severity=rule.severity,
        message=where + message,
        path=target.path,
        start=target.lines.position(start),
        end=target.lines.position(end),
        json_path=target.entry.path,
    )


def attach(results: Sequence[FileResult], outcomes: Sequence[Outcome]) -> None:
    """Add each probe's findings to its file's diagnostics (beside the static ones), and the
    skipped servers to its notes."""
    by_path = {r.path: r for r in results}
    for outcome in outcomes:
        target, result = outcome.target, outcome.result
        file = by_path.get(target.path)
        if file is None:
            continue
        outcome.static = [
            d
            for d in file.diagnostics
            if d.json_path[: len(target.entry.path)] == target.entry.path
        ]
        if result.result in NOT_RULES:
            file.notes.append(f"{target.name} ({target.client.name}): {result.message}")
            continue
        file.diagnostics.append(_diagnostic(target, result.result, result.message))
        for finding in result.findings:
            file.diagnostics.append(_diagnostic(target, finding.rule, finding.message))
        file.diagnostics.sort(key=Diagnostic.sort_key)


def summary_table(outcomes: Sequence[Outcome], *, verbose: bool = False) -> str:
    """server, client, scope, transport, result, time, protocol, tools (names with verbose)."""
    header = ("server", "client", "scope", "transport", "result", "time", "protocol", "tools")
    rows: list[tuple[str, ...]] = []
    for o in outcomes:
        r = o.result
        result = r.result
        if o.static:
            result += f" (+{len(o.static)} static)"
        tools = str(len(r.tools)) if r.result == "server-ok" else "-"
        if verbose and r.tools:
            tools += ": " + ", ".join(r.tools)
        rows.append(
            (
                o.target.name,
                o.target.client.id,
                o.target.scope,
                o.target.transport,
                result,
                f"{r.elapsed_ms} ms" if r.elapsed_ms is not None else "-",
                r.protocol or "-",
                tools,
            )
        )
    if not rows:
        return "no servers to probe\n"
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [f"{cell:<{w}}" for cell, w in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"
