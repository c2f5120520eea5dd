"""`mcplint doctor` on stdio servers: real processes only (the `mcp` SDK server and the small
broken servers of tests/servers), each started as its client would start it."""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mcplint.clients import get_client
from mcplint.doctor.classify import match_signature, signatures
from mcplint.doctor.probe_stdio import ProbeOptions, ProbeResult, probe_stdio
from mcplint.doctor.runner import client_timeout, probe
from mcplint.env import Environment
from mcplint.launch import Launch, plan_launch
from mcplint.servers import ServerEntry, server_entries, server_view
from tests.cli_helpers import plain_environment, run

pytestmark = [
    pytest.mark.usefixtures("plain_environment"),
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups"),
]
assert plain_environment  # the fixture is used through the mark

SERVERS = Path(__file__).resolve().parent / "servers"
PY = sys.executable
TINY = str(SERVERS / "tiny.py")


def _machine(tmp_path: Path, **extra: str) -> Environment:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MCP")}
    environ.update(HOME=str(home), **extra)
    return Environment(home=str(home), cwd=str(tmp_path), environ=environ)


def _config(
    tmp_path: Path, servers: dict[str, Any], name: str = "claude_desktop_config.json"
) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"mcpServers": servers}, indent=1))
    return str(path)


def _tiny(*args: str) -> dict[str, Any]:
    return {"command": PY, "args": [TINY, *args]}


def _doctor(tmp_path: Path, servers: dict[str, Any], *argv: str) -> tuple[int, str, str]:
    path = _config(tmp_path, servers)
    return run("doctor", path, *argv, env=_machine(tmp_path))


def _gone(pid: int) -> bool:
    """No such process, or only a zombie waiting for init (it runs nothing)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


# -- outcomes ---------------------------------------------------------------------------------


def test_sdk_server_is_ok_with_its_tool_names(tmp_path: Path) -> None:
    sdk = {"command": PY, "args": [str(SERVERS / "sdk_server.py")]}
    code, out, _ = _doctor(tmp_path, {"sdk": sdk}, "--timeout", "30", "-v")
    assert "MCP711 [server-ok] `sdk` (Claude Desktop): sdk-fixture" in out
    assert "protocol 2025-11-25, 2 tools" in out
    row = next(line for line in out.splitlines() if line.startswith("sdk "))
    assert "server-ok" in row and "2: add, echo" in row and "claude-desktop" in row
    assert code == 0


def test_exit_1_reports_code_masked_stderr_and_known_cause(tmp_path: Path) -> None:
    entry = {"command": PY, "args": [str(SERVERS / "exit1.py")]}
    code, out, _ = _doctor(tmp_path, {"bad": entry}, "--timeout", "10")
    assert "MCP701 [server-exited]" in out and "exited with code 1" in out
    assert "No module named 'weatherlib'" in out
    assert "ghp_****" in out and "ghp_abcdefghij" not in out
    assert "likely cause: a Python module" in out and "FAILURES.md D6" in out
    assert code == 1


def test_banner_on_stdout_is_pollution_quoting_the_line(tmp_path: Path) -> None:
    _, out, _ = _doctor(tmp_path, {"b": _tiny("--banner")}, "--timeout", "10")
    assert "[stdout-pollution]" in out and '"Weather server v1 started on stdio"' in out


def test_silent_server_times_out_not_start_failed(tmp_path: Path) -> None:
    started = time.monotonic()
    _, out, _ = _doctor(tmp_path, {"s": _tiny("--silent")}, "--timeout", "0.5")
    assert "[server-timeout]" in out and "within 0.5 s (--timeout)" in out
    assert "server-start-failed" not in out
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--protocol", "2023-01-01"), 'answered protocol version "2023-01-01"'),
        (("--error", "-32602"), "refused `initialize`"),
    ],
)
def test_unspoken_protocol_is_a_mismatch(tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    _, out, _ = _doctor(tmp_path, {"old": _tiny(*args)}, "--timeout", "10")
    assert "MCP704 [protocol-mismatch]" in out and said in out


def test_missing_command_names_the_path_searched(tmp_path: Path) -> None:
    path = _config(tmp_path, {"m": {"command": "no-such-mcp-server-cmd"}})
    machine = _machine(tmp_path, PATH=f"{tmp_path}/bin1:/usr/bin:/bin")
    # Claude Code passes its own environment (Claude Desktop on Linux: a fixed PATH)
    argv = ("doctor", path, "--client", "claude-code", "--trust", "--timeout", "5")
    _, out, _ = run(*argv, env=machine)
    assert "[server-start-failed]" in out and "not found on the server's PATH (ENOENT)" in out
    searched = out.split("(ENOENT); searched ", 1)[1].split()[0]
    assert f"{tmp_path}/bin1" in searched.split(":")  # the PATH the client gives the server


def test_script_that_is_not_executable_is_eacces(tmp_path: Path) -> None:
    script = tmp_path / "server.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o644)
    _, out, _ = _doctor(tmp_path, {"x": {"command": str(script)}}, "--timeout", "5")
    assert "[server-start-failed]" in out and "permission denied (EACCES)" in out


def test_paginated_tools_are_all_listed(tmp_path: Path) -> None:
    _, out, _ = _doctor(tmp_path, {"p": _tiny("--tools", "7", "--page-size", "3")}, "-v")
    assert "7 tools" in out and "tool_0, tool_1, tool_2, tool_3, tool_4, tool_5, tool_6" in out


def test_static_findings_never_prevent_probes(tmp_path: Path) -> None:
    servers = {"broken": {"command": "no-such-mcp-server-cmd"}, "ok": _tiny()}
    _, out, _ = _doctor(tmp_path, servers, "--timeout", "10")
    assert "[command-not-found]" in out  # the static finding, beside
    assert "MCP711 [server-ok] `ok`" in out  # the other server was probed anyway


def test_server_option_probes_and_reports_only_that_server(tmp_path: Path) -> None:
    servers = {"broken": {"command": "no-such-mcp-server-cmd"}, "ok": _tiny()}
    _, out, _ = _doctor(tmp_path, servers, "--server", "ok", "--timeout", "10")
    assert "MCP711 [server-ok] `ok`" in out
    assert "broken" not in out and "command-not-found" not in out


def test_every_output_format_carries_the_probe_diagnostics(tmp_path: Path) -> None:
    code, out, _ = _doctor(tmp_path, {"ok": _tiny()}, "--output-format", "json")
    document = json.loads(out)
    assert "server-ok" in json.dumps(document) and "MCP711" in json.dumps(document)
    assert code == 0


# -- no process is left -----------------------------------------------------------------------


def _sh_with_grandchild(pidfile: Path) -> dict[str, Any]:
    tmp = f"{pidfile}.tmp"
    script = f"sleep 300 & echo $! > {tmp}; echo $$ >> {tmp}; mv {tmp} {pidfile}; wait"
    return {"command": "/bin/sh", "args": ["-c", script]}


def _pids(pidfile: Path, within: float = 10) -> list[int]:
    deadline = time.monotonic() + within
    while not pidfile.exists():
        assert time.monotonic() < deadline, "the server never started"
        time.sleep(0.02)
    return [int(p) for p in pidfile.read_text().split()]


def test_server_behind_sh_c_times_out_and_leaves_no_process(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    started = time.monotonic()
    _, out, _ = _doctor(tmp_path, {"wrapped": _sh_with_grandchild(pidfile)}, "--timeout", "0.5")
    assert "[server-timeout]" in out
    assert time.monotonic() - started < 6  # never hangs on the grandchild
    pids = _pids(pidfile)
    assert len(pids) == 2
    assert all(_gone(pid) for pid in pids), pids


def test_ctrl_c_stops_probes_and_leaves_no_process(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    path = _config(tmp_path, {"wrapped": _sh_with_grandchild(pidfile)})
    repo = Path(__file__).resolve().parents[1]
    doctor = subprocess.Popen(
        [PY, "-m", "mcplint", "doctor", path, "--timeout", "60"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        pids = _pids(pidfile, within=20)
        doctor.send_signal(signal.SIGINT)
        assert doctor.wait(timeout=15) == 130
    finally:
        if doctor.poll() is None:
            doctor.kill()
            doctor.wait()
    assert all(_gone(pid) for pid in pids), pids


def test_ten_one_second_servers_take_about_three_seconds(tmp_path: Path) -> None:
    servers = {f"s{i}": _tiny("--delay", "1") for i in range(10)}
    started = time.monotonic()
    _, out, _ = _doctor(tmp_path, servers, "--timeout", "10", "--jobs", "4")
    elapsed = time.monotonic() - started
    assert out.count("[server-ok]") == 10
    assert elapsed < 5.0, elapsed  # 3 rounds of 4, 4, 2; one at a time would take 10 s


# -- safety -----------------------------------------------------------------------------------


def test_project_file_servers_need_trust_or_approval(tmp_path: Path) -> None:
    marker = tmp_path / "ran.json"
    project = tmp_path / "repo"
    path = _config(project, {"p": _tiny("--dump", str(marker))}, ".mcp.json")
    machine = _machine(tmp_path)
    _, out, err = run("doctor", path, "--timeout", "10", env=machine)
    assert not marker.exists()  # nothing was started
    assert "skipped" in out and "--trust" in err + out
    _, out, _ = run("doctor", path, "--timeout", "10", "--trust", env=machine)
    assert marker.exists() and "[server-ok]" in out
    marker.unlink()
    settings = project / ".claude" / "settings.local.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({"enabledMcpjsonServers": ["p"]}))
    _, out, _ = run("doctor", path, "--timeout", "10", env=machine)
    assert marker.exists() and "[server-ok]" in out


# -- the child's environment is the launch model's prediction ---------------------------------

CLIENTS = [
    "claude-desktop",
    "claude-code",
    "cursor",
    "vscode",
    "windsurf",
    "codex",
    "gemini",
    "cline",
]


def _launch(client_id: str, entry: dict[str, Any], machine: Environment, where: Path) -> Launch:
    client = get_client(client_id)
    kind = next(k for k in client.kinds if all("*" not in p for p in k.servers_paths[0]))
    document: dict[str, Any] = {}
    holder = document
    for key in kind.servers_paths[0]:
        holder = holder.setdefault(key, {})
    holder["dump"] = entry
    (found,) = server_entries(document, kind)
    view = server_view(found, kind, client)
    return plan_launch(view, client, machine, config_path=str(where / "config"), kind=kind)


@pytest.mark.parametrize("client_id", CLIENTS)
def test_child_environment_is_the_launch_models(tmp_path: Path, client_id: str) -> None:
    dump = tmp_path / "dump.json"
    machine = _machine(
        tmp_path,
        PATH=f"{tmp_path}/shim:/usr/bin:/bin",
        GITHUB_TOKEN="ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        DOCTOR_MARK="from-the-shell",
    )
    entry = {
        "command": PY,
        "args": [TINY, "--dump", str(dump)],
        "env": {"A_REF": "${DOCTOR_MARK}", "B_REF": "$DOCTOR_MARK", "C_REF": "${env:DOCTOR_MARK}"},
    }
    launch = _launch(client_id, entry, machine, tmp_path)
    result = probe_stdio(launch, ProbeOptions(timeout=10))
    assert result.result == "server-ok", result.message
    child = json.loads(dump.read_text())
    assert child["environ"] == dict(launch.env.vars)
    assert child["environ"].get("PATH") == launch.env.path
    if launch.cwd.path is not None:
        assert os.path.samefile(child["cwd"], launch.cwd.path)
    # each reference is expanded exactly as the launch model says, or reaches the server as
    # written where the client leaves it literal
    for name in ("A_REF", "B_REF", "C_REF"):
        expected = launch.env.get(name)
        assert child["environ"][name] == expected
        assert expected in (entry["env"][name], "from-the-shell")


def test_claude_desktop_leaves_references_literal_claude_code_expands(tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    machine = _machine(tmp_path, DOCTOR_MARK="from-the-shell")
    entry = {"command": PY, "args": [TINY, "--dump", str(dump)], "env": {"A": "${DOCTOR_MARK}"}}
    for client_id, expected in (
        ("claude-desktop", "${DOCTOR_MARK}"),
        ("claude-code", "from-the-shell"),
    ):
        launch = _launch(client_id, entry, machine, tmp_path)
        assert probe_stdio(launch, ProbeOptions(timeout=10)).result == "server-ok"
        assert json.loads(dump.read_text())["environ"]["A"] == expected


# -- tool-level rules and timeouts ------------------------------------------------------------


def test_too_many_tools_and_long_tool_names(tmp_path: Path) -> None:
    machine = _machine(tmp_path)
    launch = _launch("cursor", _tiny("--tools", "41"), machine, tmp_path)
    result = probe_stdio(launch, ProbeOptions(timeout=10))
    rules = [f.rule for f in result.findings]
    assert result.result == "server-ok" and "too-many-tools" in rules
    long_entry = {"command": PY, "args": [TINY, "--tools", "1"]}
    launch = _launch("claude-code", long_entry, machine, tmp_path)
    launch = replace(launch, view=replace(launch.view, name="x" * 60))
    result = probe_stdio(launch, ProbeOptions(timeout=10))
    assert [f.rule for f in result.findings] == ["tool-name-too-long"]
    assert "mcp__" + "x" * 60 + "__tool_0" in result.findings[0].message


def test_slow_start_past_half_the_timeout(tmp_path: Path) -> None:
    launch = _launch("cursor", _tiny("--delay", "0.6"), _machine(tmp_path), tmp_path)
    result = probe_stdio(launch, ProbeOptions(timeout=1.0))
    assert result.result == "server-ok" and [f.rule for f in result.findings] == ["slow-start"]


def test_default_timeout_is_the_clients(tmp_path: Path) -> None:
    def timeout(client_id: str, entry: dict[str, Any], **env: str) -> tuple[float, str]:
        found = ServerEntry("dump", ("mcpServers", "dump"), entry)
        return client_timeout(get_client(client_id), found, _machine(tmp_path, **env))

    assert timeout("claude-code", {"command": "x"}, MCP_TIMEOUT="1500") == (
        1.5,
        "Claude Code's MCP_TIMEOUT",
    )
    assert timeout("claude-code", {"command": "x"})[0] == 30.0
    assert timeout("codex", {"command": "x", "startup_timeout_sec": 7})[0] == 7.0
    assert timeout("codex", {"command": "x"})[0] == 10.0
    assert timeout("cursor", {"command": "x"})[0] == 60.0


# -- known failure signatures -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stderr", "expected"),
    [
        ("Error: Cannot find module '/home/u/server/dist/index.js'", "F4"),
        ("ModuleNotFoundError: No module named 'mcp'", "D6"),
        ("npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/x", "H2"),
        ("npm ERR! code ENOTEMPTY\nnpm ERR! syscall rename", "H7"),
        ("Error: listen EADDRINUSE: address already in use 127.0.0.1:8080", "I4"),
        ("SyntaxError: Unexpected token '??'", "D3"),
        ("Error: Cannot find module 'node:path'", "D3"),
        ("Error: self-signed certificate in certificate chain SELF_SIGNED_CERT_IN_CHAIN", "M1"),
        ('{"error":"invalid_token"}', "J5"),
        (
            "ERROR: Package 'x' requires a different Python: 3.8.10 not in '>=3.10'",
            "D6-python-version",
        ),
        ("docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.", "D7"),
        ("npm ERR! code EACCES\nnpm ERR! path /usr/local/lib/node_modules", "D4-npm-eacces"),
    ],
)
def test_known_failure_signatures(stderr: str, expected: str) -> None:
    found = match_signature(stderr, 1)
    assert found is not None and found.id == expected


def test_every_signature_has_cause_fix_and_source() -> None:
    assert len(signatures()) >= 12
    for sig in signatures():
        assert sig.cause and sig.fix and "FAILURES.md" in sig.source


def test_probe_result_of_a_start_failure_has_no_process() -> None:
    assert ProbeResult("server-start-failed", "x").pid is None


def test_a_grandchild_escaping_the_group_does_not_hang_doctor(tmp_path: Path) -> None:
    pidfile = tmp_path / "escaped"
    escape = (
        "import os, sys, time; os.setsid(); open(sys.argv[1], 'w').write(str(os.getpid())); "
        "time.sleep(60)"
    )
    script = f"{PY} -c {shlex.quote(escape)} {pidfile} & wait"
    entry = {"command": "/bin/sh", "args": ["-c", script]}
    started = time.monotonic()
    try:
        _, out, _ = _doctor(tmp_path, {"escaping": entry}, "--timeout", "0.5")
        assert "[server-timeout]" in out
        assert time.monotonic() - started < 10  # not the 60 s the escaped process holds stdout
    finally:
        (pid,) = _pids(pidfile)
        os.kill(pid, signal.SIGKILL)  # it left our process group on purpose: ours to end


def test_url_servers_go_to_the_http_probe_or_say_it_is_missing(tmp_path: Path) -> None:
    launch = _launch("cursor", {"url": "http://127.0.0.1:9/mcp"}, _machine(tmp_path), tmp_path)
    assert launch.view.transport in ("http", "sse")
    if importlib.util.find_spec("mcplint.doctor.probe_http") is not None:
        pytest.skip("the http probe is there (its own tests cover it)")
    result = probe(launch, ProbeOptions(timeout=1))
    assert (result.result, result.message) == (
        "not-probed",
        "not probed: http probes not available",
    )  # never "ok" for a server nobody asked
