"""The launch model (mcplint.launch): refs, child env, cwd, and where the command is found."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from mcplint.clients import get_client, get_kind
from mcplint.env import EXECUTABLE, Environment, FakeEnvironment, PathProbe
from mcplint.launch import (
    Launch,
    ResolveCache,
    plan_launch,
    plan_launches,
    resolve_command,
    target_os_of,
)
from mcplint.parser import parse
from mcplint.servers import ServerEntry, server_view


def launch_of(
    client_id: str,
    entry: Any,
    env: Environment,
    *,
    target_os: str | None = None,
    config_path: str | None = None,
    kind_id: str | None = None,
) -> Launch:
    client = get_client(client_id)
    kind = get_kind(kind_id) if kind_id else client.kinds[0]
    view = server_view(ServerEntry("s", ("mcpServers", "s"), entry), kind, client)
    return plan_launch(view, client, env, target_os=target_os, config_path=config_path, kind=kind)


def _mkexe(p: Path, mode: int = 0o755) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("#!/bin/sh\n")
    p.chmod(mode)
    return p


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


def _env(home: Path, platform: str, path: list[Path | str], **environ: str) -> Environment:
    return Environment(
        platform=platform,
        home=str(home),
        cwd=str(home.parent),
        environ={"PATH": ":".join(str(p) for p in path), "HOME": str(home), **environ},
    )


# -- shell-only commands: real folders, real exec bits, run as macOS and as Linux -------------

LAYOUTS = {
    "fnm": ".local/share/fnm/node-versions/v20.1.0/installation/bin",
    "volta": ".volta/bin",
    "asdf": ".asdf/shims",
    "mise": ".local/share/mise/shims",
    "pyenv": ".pyenv/shims",
    "local-bin": ".local/bin",
    "cargo": ".cargo/bin",
    "bun": ".bun/bin",
    "deno": ".deno/bin",
}


@pytest.mark.parametrize("family", sorted(LAYOUTS))
@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_gui_client_misses_shell_only_folder(home: Path, family: str, platform: str) -> None:
    folder = home / LAYOUTS[family]
    _mkexe(folder / "tool")
    env = _env(home, platform, [folder, "/usr/bin", "/bin"])
    res = resolve_command(launch_of("zed", {"command": "tool", "args": []}, env), env)
    assert res.outcome == "shell-only"
    assert (res.family, res.dir, res.path) == (family, str(folder), str(folder / "tool"))
    assert res.confirmed is (platform == "darwin")  # the Linux desktop PATH is unconfirmed
    # A CLI inherits the shell: found.
    cli = resolve_command(launch_of("claude-code", {"command": "tool"}, env), env)
    assert (cli.outcome, cli.path) == ("found", str(folder / "tool"))


def test_uvx_in_local_bin_for_claude_desktop_on_macos(home: Path) -> None:
    """FAILURES.md D1 trigger: {"command": "uvx", "args": ["mcp-server-fetch"]}."""
    _mkexe(home / ".local/bin/uvx")
    env = _env(home, "darwin", [home / ".local/bin", "/usr/bin"])
    launch = launch_of("claude-desktop", {"command": "uvx", "args": ["mcp-server-fetch"]}, env)
    assert launch.env.path == "/usr/bin:/bin:/usr/sbin:/sbin"
    res = resolve_command(launch, env)
    assert (res.outcome, res.family, res.confirmed) == ("shell-only", "local-bin", True)
    assert "/usr/bin" in res.searched
    # Setting PATH in the entry's env is what the child is looked up with: found.
    fixed = {"command": "uvx", "env": {"PATH": f"{home}/.local/bin:/usr/bin"}}
    assert resolve_command(launch_of("claude-desktop", fixed, env), env).outcome == "found"


def test_claude_desktop_finds_nvm_npx_through_its_own_scan_oldest_first(home: Path) -> None:
    nvm = home / ".nvm/versions/node"
    _mkexe(nvm / "v22.3.0/bin/npq-test")
    _mkexe(nvm / "v14.21.3/bin/npq-test")
    env = _env(home, "darwin", [nvm / "v22.3.0/bin", "/usr/bin"])
    res = resolve_command(launch_of("claude-desktop", {"command": "npq-test"}, env), env)
    assert res.outcome == "found"
    assert res.path == str(
        nvm / "v14.21.3/bin/npq-test"
    )  # not the shell's v22: mcpb#130 (not the shell's)
    # Cursor does no such scan: the nvm folder is shell-only.
    cursor = resolve_command(launch_of("cursor", {"command": "npq-test"}, env), env)
    assert (cursor.outcome, cursor.family, cursor.confirmed) == ("shell-only", "nvm", False)


def test_homebrew_on_macos_is_shell_only_unconfirmed_for_claude_desktop() -> None:
    env = FakeEnvironment(
        platform="darwin",
        home="/Users/me",
        environ={"PATH": "/opt/homebrew/bin:/usr/bin:/bin"},
        files={"/opt/homebrew/bin/npx": EXECUTABLE, "/usr/bin/env": EXECUTABLE},
    )
    desktop = resolve_command(launch_of("claude-desktop", {"command": "npx"}, env), env)
    assert (desktop.outcome, desktop.family) == ("shell-only", "homebrew")
    assert desktop.confirmed is False  # a source says Desktop may add /opt/homebrew/bin
    zed = resolve_command(launch_of("zed", {"command": "npx", "args": []}, env), env)
    assert (zed.outcome, zed.confirmed) == ("shell-only", True)
    vscode = resolve_command(launch_of("vscode", {"command": "npx"}, env), env)
    assert vscode.outcome == "found"  # resolves the login shell


# -- other outcomes ----------------------------------------------------------------------------


def test_not_found_lists_searched_and_skipped_path_entries(home: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("")
    os.symlink(tmp_path / "loop2", tmp_path / "loop1")
    os.symlink(tmp_path / "loop1", tmp_path / "loop2")
    path = [tmp_path / "missing", afile, tmp_path / "loop1", "relative/bin", home]
    env = _env(home, "linux", path)
    res = resolve_command(launch_of("claude-code", {"command": "nothere"}, env), env)
    assert res.outcome == "not-found"
    assert res.searched == (str(home),)
    assert [(s.dir, s.reason) for s in res.skipped] == [
        (str(tmp_path / "missing"), "missing"),
        (str(afile), "not-a-directory"),
        (str(tmp_path / "loop1"), "symlink-loop"),
        ("relative/bin", "relative"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may search any folder")
def test_unreadable_path_entry_is_skipped(home: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    _mkexe(locked / "tool")
    locked.chmod(0o600)
    try:
        env = _env(home, "linux", [locked])
        res = resolve_command(launch_of("claude-code", {"command": "tool"}, env), env)
        assert res.outcome == "not-found"
        assert [(s.dir, s.reason) for s in res.skipped] == [(str(locked), "unreadable")]
    finally:
        locked.chmod(0o700)


class _LockedEnvironment(Environment):
    """This machine, except that `locked` may not be searched and `hidden` not reached (what a
    non-root user sees with mode 0600 folders; the suite may run as root)."""

    def __init__(self, base: Environment, locked: str, hidden: str) -> None:
        super().__init__(platform=base.platform, home=base.home, cwd=base.cwd, environ=base.environ)
        self.locked, self.hidden = locked, hidden

    def probe(self, p: str) -> PathProbe:
        if p == self.locked:
            return PathProbe("dir", searchable=False)
        if p.startswith(self.hidden):
            return PathProbe("denied")
        return super().probe(p)


def test_unsearchable_path_entry_and_unreachable_command(home: Path, tmp_path: Path) -> None:
    _mkexe(tmp_path / "locked/tool")
    _mkexe(tmp_path / "hidden/bin/tool")
    base = _env(home, "linux", [tmp_path / "locked", tmp_path / "hidden/bin"])
    env = _LockedEnvironment(base, str(tmp_path / "locked"), str(tmp_path / "hidden"))
    res = resolve_command(launch_of("claude-code", {"command": "tool"}, env), env)
    assert res.outcome == "not-found"
    assert [(s.dir, s.reason) for s in res.skipped] == [
        (str(tmp_path / "locked"), "unreadable"),
        (str(tmp_path / "hidden/bin"), "unreadable"),
    ]
    absolute = str(tmp_path / "hidden/bin/tool")
    res = resolve_command(launch_of("claude-code", {"command": absolute}, env), env)
    assert res.outcome == "absolute-missing" and "permission denied" in res.why


def test_directory_and_not_executable_on_path(home: Path, tmp_path: Path) -> None:
    (tmp_path / "a/tool").mkdir(parents=True)
    _mkexe(tmp_path / "b/tool", 0o644)
    env = _env(home, "linux", [tmp_path / "a", tmp_path / "b"])
    res = resolve_command(launch_of("claude-code", {"command": "tool"}, env), env)
    assert (res.outcome, res.path) == ("is-directory", str(tmp_path / "a/tool"))
    env = _env(home, "linux", [tmp_path / "b"])
    res = resolve_command(launch_of("claude-code", {"command": "tool"}, env), env)
    assert (res.outcome, res.path) == ("not-executable", str(tmp_path / "b/tool"))
    # A later executable match wins, as execvp does.
    _mkexe(tmp_path / "c/tool")
    env = _env(home, "linux", [tmp_path / "a", tmp_path / "b", tmp_path / "c"])
    res = resolve_command(launch_of("claude-code", {"command": "tool"}, env), env)
    assert (res.outcome, res.path) == ("found", str(tmp_path / "c/tool"))


def test_absolute_commands(home: Path, tmp_path: Path) -> None:
    exe = _mkexe(tmp_path / "bin/server")
    plain = _mkexe(tmp_path / "bin/plain", 0o644)
    os.symlink(tmp_path / "l2", tmp_path / "l1")
    os.symlink(tmp_path / "l1", tmp_path / "l2")
    env = _env(home, "linux", ["/usr/bin"])
    cases = {
        str(exe): "found",
        str(plain): "not-executable",
        str(tmp_path / "bin"): "is-directory",
        str(tmp_path / "nope"): "absolute-missing",
        str(tmp_path / "l1"): "symlink-loop",
    }
    for command, outcome in cases.items():
        res = resolve_command(launch_of("claude-code", {"command": command}, env), env)
        assert (res.outcome, res.path) == (outcome, command), command


def test_relative_command_resolves_against_the_working_directory(home: Path) -> None:
    env = _env(home, "linux", ["/usr/bin"])
    launch = launch_of("codex", {"command": "./run.sh", "cwd": "/srv/app"}, env, kind_id=None)
    res = resolve_command(launch, env)
    assert (res.outcome, res.path) == ("relative", "/srv/app/run.sh")
    desktop = resolve_command(launch_of("claude-desktop", {"command": "bin/x"}, env), env)
    assert (desktop.outcome, desktop.path, desktop.confirmed) == ("relative", None, False)


def test_tilde_command_only_where_the_client_expands_it(home: Path) -> None:
    _mkexe(home / "bin/srv")
    env = _env(home, "linux", ["/usr/bin"])
    vs = resolve_command(launch_of("vscode", {"command": "~/bin/srv"}, env), env)
    assert (vs.outcome, vs.path) == ("found", str(home / "bin/srv"))
    cc = resolve_command(launch_of("claude-code", {"command": "~/bin/srv"}, env), env)
    assert cc.outcome == "relative"  # Claude Code does not expand "~"


def test_variable_in_command(home: Path) -> None:
    _mkexe(home / "bin/srv")
    env = _env(home, "linux", ["/usr/bin"])
    ok = resolve_command(launch_of("claude-code", {"command": "${HOME}/bin/srv"}, env), env)
    assert (ok.outcome, ok.path) == ("found", str(home / "bin/srv"))
    unset = resolve_command(launch_of("claude-code", {"command": "${NOPE_X}/srv"}, env), env)
    assert unset.outcome == "unknown" and "NOPE_X" in unset.why


def test_cache_is_per_object(home: Path) -> None:
    _mkexe(home / ".local/bin/uvx")
    env = _env(home, "darwin", [home / ".local/bin"])
    cache = ResolveCache()
    launch = launch_of("claude-desktop", {"command": "uvx"}, env)
    first = resolve_command(launch, env, cache)
    assert cache.probes and cache.results
    assert resolve_command(launch, env, cache) is first
    assert resolve_command(launch, env) is not first  # no hidden global cache


# -- Windows ----------------------------------------------------------------------------------


def _win(**files: str) -> FakeEnvironment:
    return FakeEnvironment(
        platform="win32",
        home="C:\\Users\\me",
        environ={
            "Path": "C:\\Windows\\system32;C:\\Program Files\\nodejs",
            "PATHEXT": ".COM;.EXE;.BAT;.CMD",
        },
        files={"C:\\Windows\\system32\\cmd.exe": EXECUTABLE}
        | {name: EXECUTABLE for name in files.values()},
    )


def test_windows_cmd_shims_per_client() -> None:
    env = _win(npx="C:\\Program Files\\nodejs\\NPX.CMD", node="C:\\Program Files\\nodejs\\node.exe")
    vs = resolve_command(launch_of("vscode", {"command": "npx"}, env), env)
    assert vs.outcome == "found"
    assert vs.path is not None and vs.path.lower() == "c:\\program files\\nodejs\\npx.cmd"
    cc = resolve_command(launch_of("claude-code", {"command": "npx"}, env), env)
    assert (cc.outcome, cc.confirmed) == ("cmd-shim", False)  # unconfirmed since 2026-06-24
    node = resolve_command(launch_of("claude-code", {"command": "node"}, env), env)
    assert node.outcome == "found"
    explicit = resolve_command(launch_of("claude-code", {"command": "npx.cmd"}, env), env)
    assert explicit.outcome == "cmd-shim"
    missing = resolve_command(launch_of("vscode", {"command": "uvx"}, env), env)
    assert missing.outcome == "not-found"
    assert missing.searched == ("C:\\Windows\\system32", "C:\\Program Files\\nodejs")


def test_windows_absolute_command_with_pathext() -> None:
    env = _win(tool="C:\\tools\\srv.exe")
    res = resolve_command(launch_of("codex", {"command": "C:\\tools\\srv"}, env), env)
    assert res.outcome == "found"
    assert res.path is not None and res.path.lower() == "c:\\tools\\srv.exe"


def test_linting_as_windows_on_linux_does_not_claim_missing(home: Path) -> None:
    env = _env(home, "linux", ["/usr/bin"])
    launch = launch_of("claude-code", {"command": "npx"}, env, target_os="windows")
    assert launch.target_os == "win32" and not launch.same_os
    res = resolve_command(launch, env)
    assert res.outcome == "unknown" and "linting as win32 on a linux machine" in res.why
    rel = resolve_command(
        launch_of("claude-code", {"command": ".\\x.cmd"}, env, target_os="windows"), env
    )
    assert rel.outcome == "relative"


def test_target_os_names() -> None:
    env = FakeEnvironment(platform="linux", home="/home/me")
    assert [target_os_of(n, env) for n in ("macos", "windows", "linux", None)] == [
        "darwin",
        "win32",
        "linux",
        "linux",
    ]
    with pytest.raises(ValueError, match="unknown target OS"):
        target_os_of("beos", env)


# -- expansion per client ---------------------------------------------------------------------


def _fake(**environ: str) -> FakeEnvironment:
    return FakeEnvironment(platform="linux", home="/home/me", cwd="/work", environ=environ)


def test_claude_code_expansion() -> None:
    env = _fake(TOKEN="t0k", EMPTY="")
    entry = {
        "command": "srv",
        "args": [
            "--t=${TOKEN}",
            "${MISSING:-dflt}",
            "${EMPTY:-e}",
            "$TOKEN",
            "${TOKEN:?msg}",
            "${UNSET}",
        ],
        "env": {"A": "${TOKEN}"},
        "cwd": "${TOKEN}",
    }
    launch = launch_of("claude-code", entry, env)
    assert launch.args == ("--t=t0k", "dflt", "e", "$TOKEN", "${TOKEN:?msg}", "${UNSET}")
    first = launch.refs_in(("mcpServers", "s", "args", 0))
    assert [(r.name, r.start, r.end, r.value, r.expanded) for r in first] == [
        ("TOKEN", 4, 12, "t0k", True)
    ]
    assert launch.refs_in(("mcpServers", "s", "args", 1))[0].default == "dflt"
    assert [r.name for r in launch.unresolved] == ["UNSET"]
    # $VAR and ${VAR:?msg} are not Claude Code syntax: lookalikes, left as written.
    assert [(r.name, r.path[-1]) for r in launch.lookalikes] == [("TOKEN", 3), ("TOKEN", 4)]
    # cwd is not a Claude Code field: the reference there is not expanded.
    (cwd_ref,) = launch.refs_in(("mcpServers", "s", "cwd"))
    assert cwd_ref.expanded is False
    assert launch.env.get("A") == "t0k"


def test_vscode_expansion_and_workspace(tmp_path: Path) -> None:
    env = _fake(HOME="/home/me")
    entry = {
        "command": "${workspaceFolder}/bin/srv",
        "args": ["${input:token}", "${env:NOPE}", "${userHome}"],
        "env": {"E": "x${env:NOPE}y"},
    }
    launch = launch_of("vscode", entry, env, config_path="/proj/.vscode/mcp.json")
    assert launch.command == "/proj/bin/srv"
    assert launch.args == ("${input:token}", "", "/home/me")  # unset ${env:} is ""
    assert launch.env.get("E") == "xy"  # unset ${env:} is "" in VS Code
    kinds = {r.name: r.refers_to for r in launch.refs}
    assert kinds == {
        "workspaceFolder": "builtin",
        "token": "input",
        "NOPE": "env",
        "userHome": "builtin",
    }
    token = next(r for r in launch.refs if r.name == "token")
    assert token.value is None and token.unset == "error"
    # User-scope file: ${workspaceFolder} is not known.
    user = launch_of("vscode", entry, env, config_path="/home/me/.config/Code/User/mcp.json")
    assert user.command == "${workspaceFolder}/bin/srv"


def test_gemini_two_layers_and_windows_percent() -> None:
    env = _fake(HOME="/home/me")
    entry = {
        "command": "srv",
        "args": ["$HOME", "$NOPE", "${NOPE:-d}"],
        "env": {"A": "$NOPE", "B": "%HOME%"},
    }
    launch = launch_of("gemini", entry, env)
    assert launch.args == ("/home/me", "$NOPE", "d")  # unset stays literal outside env
    assert launch.env.get("A") == ""  # dotenv-expand at spawn makes it empty
    assert launch.env.get("B") == "%HOME%"  # %VAR% only on Windows
    assert not [r for r in launch.refs if r.syntax == "%VAR%"]
    win = launch_of("gemini", entry, env, target_os="windows")
    assert [r.name for r in win.refs if r.syntax == "%VAR%"] == ["HOME"]


@pytest.mark.parametrize("client_id", ["codex", "zed", "claude-desktop"])
def test_clients_without_expansion(client_id: str) -> None:
    env = _fake(APPDATA="/x")
    launch = launch_of(
        client_id, {"command": "srv", "args": ["${APPDATA}"], "env": {"A": "${APPDATA}"}}, env
    )
    assert launch.refs == ()
    assert launch.args == ("${APPDATA}",)
    assert [r.name for r in launch.lookalikes] == ["APPDATA", "APPDATA"]
    assert launch.env.get("A") == "${APPDATA}"


def test_cursor_and_cline_syntax() -> None:
    env = _fake(TOK="v")
    cursor = launch_of(
        "cursor", {"command": "srv", "args": ["${env:TOK}", "${TOK}", "${userHome}"]}, env
    )
    assert cursor.args == ("v", "${TOK}", "/home/me")
    assert all(not r.confirmed or r.unset == "unconfirmed" for r in cursor.refs)
    cline = launch_of("cline", {"command": "srv", "args": ["${env: TOK }", "${env:NOPE}"]}, env)
    assert cline.args == ("v", "${env:NOPE}")


def test_ref_path_finds_the_tree_node() -> None:
    text = '{"mcpServers": {"s": {"command": "srv", "args": ["a ${X} b"]}}}'
    parsed = parse(text)
    client = get_client("claude-code")
    kind = client.kinds[0]
    (launch,) = plan_launches(parsed.value, kind, client, _fake(X="1"))
    (ref,) = launch.refs
    assert parsed.root is not None
    node = parsed.root.find(ref.path)
    assert node is not None
    assert text[node.start + 1 + ref.start : node.start + 1 + ref.end] == "${X}"


# -- the child's environment and working directory --------------------------------------------


def test_child_env_models() -> None:
    env = _fake(PATH="/usr/bin", JAVA_HOME="/jdk", GITHUB_TOKEN="g", HOME="/home/me", LANG="C")
    cline = launch_of("cline", {"command": "srv", "env": {"X": "1"}}, env)
    assert dict(cline.env.vars) == {"PATH": "/usr/bin", "HOME": "/home/me", "X": "1"}
    gemini = launch_of("gemini", {"command": "srv"}, env)
    assert "GITHUB_TOKEN" not in gemini.env.vars and gemini.env.get("JAVA_HOME") == "/jdk"
    gemini = launch_of("gemini", {"command": "srv", "env": {"GITHUB_TOKEN": "$GITHUB_TOKEN"}}, env)
    assert gemini.env.get("GITHUB_TOKEN") == "g"
    codex = launch_of("codex", {"command": "srv", "env_vars": ["JAVA_HOME"]}, env)
    assert dict(codex.env.vars) == {
        "PATH": "/usr/bin",
        "HOME": "/home/me",
        "LANG": "C",
        "JAVA_HOME": "/jdk",
    }
    vscode = launch_of("vscode", {"command": "srv", "env": {"PATH": "/extra", "LANG": None}}, env)
    assert vscode.env.get("PATH") == "/usr/bin:/extra"  # appended, not replaced
    assert vscode.env.get("LANG") is None  # null unsets
    cc = launch_of("claude-code", {"command": "srv", "env": {"PATH": "/only"}}, env)
    assert cc.env.path == "/only" and not cc.env.confirmed and cc.env.path_from_entry
    assert cc.env.shell_vars_visible
    zed = launch_of("zed", {"command": "srv", "args": []}, FakeEnvironment(platform="darwin"))
    assert not zed.env.shell_vars_visible and not zed.env.path_from_entry


def test_entry_path_without_the_folder_is_shell_only_for_a_cli(home: Path) -> None:
    _mkexe(home / ".local/bin/uvx")
    env = _env(home, "linux", [home / ".local/bin", "/usr/bin"])
    entry = {"command": "uvx", "env": {"PATH": "/usr/bin:/bin"}}
    res = resolve_command(launch_of("claude-code", entry, env), env)
    assert res.outcome == "shell-only" and "the entry's `env` sets PATH" in res.why


def test_vscode_unset_env_in_command_is_empty_not_unknown(home: Path) -> None:
    _mkexe(home / "bin/srv")
    env = _env(home, "linux", [home / "bin"])
    launch = launch_of("vscode", {"command": "srv${env:NOPE}"}, env)
    assert launch.unresolved == [] and launch.command == "srv"
    assert resolve_command(launch, env).outcome == "found"


def test_windows_env_names_are_case_insensitive() -> None:
    env = _win()
    launch = launch_of("cline", {"command": "srv", "env": {"path": "C:\\x"}}, env)
    assert launch.env.path == "C:\\x"
    assert len([k for k in launch.env.vars if k.upper() == "PATH"]) == 1


def test_working_directory_per_client() -> None:
    env = _fake()
    vs = launch_of("vscode", {"command": "s"}, env, config_path="/proj/.vscode/mcp.json")
    assert (vs.cwd.path, vs.cwd.from_entry) == ("/proj", False)
    vs_rel = launch_of(
        "vscode", {"command": "s", "cwd": "sub"}, env, config_path="/proj/.vscode/mcp.json"
    )
    assert vs_rel.cwd.path == "/proj/sub"
    user_file = "/home/me/.config/Code/User/mcp.json"
    vs_tilde = launch_of("vscode", {"command": "s", "cwd": "~/w"}, env, config_path=user_file)
    assert vs_tilde.cwd.path == "/home/me/w"
    vs_user = launch_of("vscode", {"command": "s"}, env, config_path=user_file)
    assert vs_user.view.scope == "user"
    assert vs_user.cwd.path == "/home/me"
    desktop = launch_of("claude-desktop", {"command": "s", "cwd": "/x"}, env)
    assert desktop.cwd.path is None and not desktop.cwd.confirmed
    cc = launch_of("claude-code", {"command": "s", "cwd": "/x"}, env)
    assert cc.cwd.path == "/work" and "ignores" in cc.cwd.why
    gem = launch_of("gemini", {"command": "s", "cwd": "rel"}, env)
    assert gem.cwd.path == "/work/rel"
    zed = launch_of(
        "zed",
        {"command": "s", "args": []},
        env,
        config_path="/proj/.zed/settings.json",
        kind_id=get_client("zed").kinds[0].id,
    )
    assert zed.cwd.path == "/proj"


# -- wrong-typed values: recorded, never raised -----------------------------------------------


def test_wrong_types_become_invalid_fields() -> None:
    env = _fake()
    entry = {
        "command": 42,
        "args": "--flag",
        "env": {"A": {"nested": 1}, "B": "ok", "C": 3},
        "cwd": [],
    }
    launch = launch_of("claude-code", entry, env)
    invalid = {(i.path[2:], i.expected, i.got) for i in launch.view.invalid}
    assert invalid == {
        (("command",), "a string", "number"),
        (("args",), "an array of strings", "string"),
        (("env", "A"), "a string", "object"),
        (("env", "C"), "a string", "number"),
        (("cwd",), "a string", "array"),
    }
    assert launch.command is None and launch.args == ()
    assert launch.env.get("B") == "ok"
    assert resolve_command(launch, env).outcome == "unknown"


@pytest.mark.parametrize("entry", [None, "npx", 3, [], {"command": None, "args": [1, None, {}]}])
def test_odd_entries_never_raise(entry: Any) -> None:
    env = _fake()
    for client_id in ("claude-code", "vscode", "gemini", "codex", "zed", "cursor", "cline"):
        launch = launch_of(client_id, entry, env)
        assert resolve_command(launch, env).outcome == "unknown"


def test_huge_argument() -> None:
    env = _fake(X="1")
    big = "a" * 100_000 + "${X}" + "$" * 1000
    launch = launch_of("gemini", {"command": "srv", "args": [big]}, env)
    assert launch.args[0] == "a" * 100_000 + "1" + "$" * 1000
    assert [(r.start, r.expanded) for r in launch.refs] == [(100_000, True), (100_000, False)]
