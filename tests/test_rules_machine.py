"""Command look-up rules (mcplint/rules/machine.py), on real folders and exec bits in tmp_path,
run as macOS, Linux and Windows; `--target-os` and `--ignore machine`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import mcplint
from mcplint.cli import main
from mcplint.engine import Options, check_bytes
from mcplint.env import EXECUTABLE, Environment, FakeEnvironment, PathProbe
from mcplint.rules import BY_NAME, select
from tests.rule_tester import NO_FIX, clean, expect

MACHINE_RULES = [
    "command-not-found",
    "command-not-executable",
    "command-shell-only",
    "path-not-found",
    "env-var-unset",
]

LAYOUTS = {
    "nvm": ".nvm/versions/node/v22.1.0/bin",
    "fnm": ".local/share/fnm/node-versions/v20.1.0/installation/bin",
    "volta": ".volta/bin",
    "asdf": ".asdf/shims",
    "mise": ".local/share/mise/shims",
    "pyenv": ".pyenv/shims",
    "local-bin": ".local/bin",
}


def _mkexe(p: Path, mode: int = 0o755) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("#!/bin/sh\n")
    p.chmod(mode)
    return p


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    (h / "proj").mkdir(parents=True)
    return h


def machine(home: Path, platform: str, path: list[Path | str]) -> Environment:
    return Environment(
        platform=platform,
        home=str(home),
        cwd=str(home / "proj"),
        environ={"PATH": ":".join(str(p) for p in path), "HOME": str(home)},
    )


def zed(home: Path) -> str:
    return f"{home}/.config/zed/settings.json"


def desktop(home: Path) -> str:
    return f"{home}/Library/Application Support/Claude/claude_desktop_config.json"


def body(key: str, command: str, extra: str = "") -> str:
    return f'{{"{key}": {{"s": {{"command": «{json.dumps(command)}»{extra}}}}}}}'


# -- command-shell-only ---------------------------------------------------------------------------


@pytest.mark.parametrize("family", sorted(LAYOUTS))
@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_gui_client_misses_a_version_manager_folder(home: Path, family: str, platform: str) -> None:
    tool = _mkexe(home / LAYOUTS[family] / "tool")
    env = machine(home, platform, [tool.parent, "/usr/bin", "/bin"])
    text = body("context_servers", "tool")
    fixed = text.replace("«", "").replace("»", "").replace('"tool"', json.dumps(str(tool)))
    found = expect(
        "command-shell-only",
        text,
        path=zed(home),
        env=env,
        message=f"({family})",
        fixed=fixed,
        unsafe=True,
    )
    assert ("unconfirmed" in found[0].message) is (platform == "linux")
    expect("command-shell-only", text, path=zed(home), env=env, fixed=NO_FIX)
    clean("command-not-found", text.replace("«", "").replace("»", ""), path=zed(home), env=env)
    # A CLI inherits the shell: found, nothing to say.
    cli = body("mcpServers", "tool").replace("«", "").replace("»", "")
    for rule in ("command-shell-only", "command-not-found"):
        clean(rule, cli, path=f"{home}/proj/.mcp.json", env=env)


def test_claude_desktop_on_macos_uvx_in_local_bin(home: Path) -> None:
    """FAILURES.md D1: {"command": "uvx", "args": ["mcp-server-fetch"]}."""
    uvx = _mkexe(home / ".local/bin/uvx")
    env = machine(home, "darwin", [uvx.parent, "/usr/bin"])
    text = body("mcpServers", "uvx", ', "args": ["mcp-server-fetch"]')
    expect("command-shell-only", text, path=desktop(home), env=env, message="launchd")
    # With PATH set in the entry's env, the server finds it.
    ok = body("mcpServers", "uvx", f', "env": {{"PATH": "{uvx.parent}:/usr/bin"}}')
    clean("command-shell-only", ok.replace("«", "").replace("»", ""), path=desktop(home), env=env)


def test_vscode_and_cline_get_the_login_shell_path(home: Path) -> None:
    tool = _mkexe(home / ".volta/bin/tool")
    env = machine(home, "darwin", [tool.parent, "/usr/bin"])
    for path, key in [
        (f"{home}/proj/.vscode/mcp.json", "servers"),
        (f"{home}/.cline/data/settings/cline_mcp_settings.json", "mcpServers"),
    ]:
        text = body(key, "tool").replace("«", "").replace("»", "")
        for rule in ("command-shell-only", "command-not-found"):
            clean(rule, text, path=path, env=env)


# -- command-not-found ----------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_command_on_no_path(home: Path, platform: str) -> None:
    env = machine(home, platform, ["/usr/bin", "/bin"])
    for path, key in [(zed(home), "context_servers"), (f"{home}/proj/.mcp.json", "mcpServers")]:
        expect(
            "command-not-found",
            body(key, "no-such-tool-xyz"),
            path=path,
            env=env,
            message="is not on the PATH",
        )
    codex = f"{home}/.codex/config.toml"
    text = '[mcp_servers.s]\ncommand = «"no-such-tool-xyz"»\n'
    expect("command-not-found", text, path=codex, env=env)


def test_absolute_command_that_does_not_exist(home: Path) -> None:
    env = machine(home, "linux", ["/usr/bin"])
    expect(
        "command-not-found",
        body("mcpServers", f"{home}/gone/bin/server"),
        path=f"{home}/proj/.mcp.json",
        env=env,
        message="does not exist",
    )


def test_cli_entry_env_path_without_the_folder(home: Path) -> None:
    tool = _mkexe(home / ".local/bin/tool")
    env = machine(home, "linux", [tool.parent, "/usr/bin"])
    text = body("mcpServers", "tool", ', "env": {"PATH": "/usr/bin"}')
    expect(
        "command-not-found",
        text,
        path=f"{home}/proj/.mcp.json",
        env=env,
        message="the entry's `env` sets PATH",
    )


def test_windows_pathext(home: Path) -> None:
    env = FakeEnvironment(
        platform="win32",
        home="C:\\Users\\me",
        environ={"PATH": "C:\\tools;C:\\Windows", "PATHEXT": ".COM;.EXE;.BAT;.CMD"},
        files={"C:\\tools\\server.exe": EXECUTABLE},
    )
    path = "C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json"
    clean("command-not-found", '{"mcpServers": {"s": {"command": "server"}}}', path=path, env=env)
    expect("command-not-found", body("mcpServers", "nope"), path=path, env=env)
    expect("command-not-found", body("mcpServers", "C:\\nope\\x.exe"), path=path, env=env)


# -- command-not-executable -----------------------------------------------------------------------


def test_not_executable_and_folder(home: Path) -> None:
    bin_dir = home / "bin"
    _mkexe(bin_dir / "plain", mode=0o644)
    (bin_dir / "folder").mkdir()
    env = machine(home, "linux", [bin_dir])
    path = f"{home}/proj/.mcp.json"
    expect("command-not-executable", body("mcpServers", "plain"), path=path, env=env)
    expect(
        "command-not-executable",
        body("mcpServers", str(bin_dir / "folder")),
        path=path,
        env=env,
        message="is a folder",
    )
    clean(
        "command-not-found",
        body("mcpServers", "plain").replace("«", "").replace("»", ""),
        path=path,
        env=env,
    )


# -- relative-command -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/home/user/proj/.mcp.json",
        "/home/user/proj/.cursor/mcp.json",
        "/home/user/.codeium/windsurf/mcp_config.json",
        "/home/user/proj/.gemini/settings.json",
        "/home/user/.cline/data/settings/cline_mcp_settings.json",
    ],
)
def test_relative_command(path: str) -> None:
    expect("relative-command", body("mcpServers", "./build/server"), path=path)


def test_relative_command_where_the_working_directory_is_fixed() -> None:
    clean(
        "relative-command",
        '{"servers": {"s": {"command": "./x"}}}',
        path="/home/user/p/.vscode/mcp.json",
    )
    clean(
        "relative-command",
        '{"context_servers": {"s": {"command": "./x"}}}',
        path="/home/user/p/.zed/settings.json",
    )
    clean(
        "relative-command",
        '{"mcpServers": {"s": {"command": "./x", "cwd": "/srv"}}}',
        path="/home/user/p/.gemini/settings.json",
    )
    clean(
        "relative-command",
        '[mcp_servers.s]\ncommand = "./x"\ncwd = "/srv"\n',
        path="/home/user/.codex/config.toml",
    )
    for command in [
        "npx",
        "npx @playwright/mcp@latest",
        "/usr/bin/x",
        "C:/tools/x.exe",
        "${CLAUDE_PROJECT_DIR}/x",
        "~/x",
    ]:
        clean("relative-command", body("mcpServers", command).replace("«", "").replace("»", ""))


def test_relative_command_backslash_only_on_windows() -> None:
    text = '{"mcpServers": {"s": {"command": "bin\\\\run.cmd"}}}'
    options = Options(only=(BY_NAME["relative-command"],), target_os="windows")
    found = check_bytes(text.encode(), ".mcp.json", FakeEnvironment(), options).diagnostics
    assert [d.rule for d in found] == ["relative-command"]
    clean("relative-command", text)  # on Linux that is a file name with a backslash


# -- --target-os and --ignore machine -------------------------------------------------------------


def test_another_target_os_looks_nothing_up(home: Path) -> None:
    env = machine(home, "linux", ["/usr/bin"])
    text = '{"mcpServers": {"s": {"command": "no-such-tool-xyz", "args": ["/nope/a.js"]}}}'
    for target in ("windows", "macos"):
        found = mcplint.lint_text(text, path=f"{home}/proj/.mcp.json", env=env, target_os=target)
        assert not [d for d in found if d.rule in MACHINE_RULES]
    found = mcplint.lint_text(text, path=f"{home}/proj/.mcp.json", env=env, target_os="linux")
    assert {d.rule for d in found} >= {"command-not-found", "path-not-found"}


def test_ignore_machine_runs_none_of_them() -> None:
    remaining = {r.name for r in select(None, ["machine"])}
    assert remaining.isdisjoint(MACHINE_RULES)
    assert {"relative-command", "unexpanded-path", "placeholder-value"} <= remaining
    assert all("machine" in BY_NAME[name].tags for name in MACHINE_RULES)


def test_target_os_flag_and_library_parameter(home: Path) -> None:
    config = home / "proj" / ".mcp.json"
    config.write_text('{"mcpServers": {"s": {"command": "no-such-tool-xyz"}}}')
    env = machine(home, "linux", ["/usr/bin"])
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--target-os", "windows", str(config)], out, err, env=env) == 0, (
        out.getvalue()
    )
    out = io.StringIO()
    assert main(["check", str(config)], out, err, env=env) == 1
    assert "command-not-found" in out.getvalue()
    err = io.StringIO()
    assert main(["check", "--target-os", "beos", str(config)], io.StringIO(), err, env=env) == 2
    assert "--target-os" in err.getvalue()
    with pytest.raises(ValueError, match="unknown target OS"):
        mcplint.lint_text("{}", path=".mcp.json", target_os="beos")
    new, applied = mcplint.fix_text("{}", path=".mcp.json", target_os="macos", env=env)
    assert (new, applied) == ("{}", [])


# -- look-ups are cached; odd entries never raise -------------------------------------------------


class CountingEnvironment(FakeEnvironment):
    """A FakeEnvironment that counts what is probed."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.probed: dict[str, int] = {}

    def probe(self, p: str) -> PathProbe:
        self.probed[p] = self.probed.get(p, 0) + 1
        return super().probe(p)


def test_each_path_is_probed_once_per_file() -> None:
    env = CountingEnvironment(
        platform="linux",
        home="/home/user",
        environ={"PATH": "/usr/bin:/bin"},
        files={"/bin/tool": EXECUTABLE},
    )
    servers = {f"s{i}": {"command": "tool", "args": ["/srv/a.js"]} for i in range(5)}
    text = json.dumps({"mcpServers": servers})
    options = Options(select=tuple(MACHINE_RULES))
    check_bytes(text.encode(), "/home/user/p/.mcp.json", env, options)
    assert env.probed and max(env.probed.values()) == 1, env.probed


ODD = [
    '{"command": 3, "args": "x"}',
    '{"command": "", "env": {"PATH": 3}}',
    '{"command": "' + "a" * 100_000 + '"}',
    '{"command": "x y/z", "args": [{"a": 1}, "/' + "b" * 5000 + '"]}',
    '{"command": ["npx"]}',
    "[]",
]


@pytest.mark.parametrize("entry", ODD)
@pytest.mark.parametrize("rule", [*MACHINE_RULES, "relative-command"])
def test_odd_entries_never_raise(rule: str, entry: str) -> None:
    env = FakeEnvironment(environ={"PATH": "/usr/bin"})
    text = f'{{"mcpServers": {{"s": {entry}}}}}'
    for path in ("/home/user/p/.mcp.json", "/home/user/.config/zed/settings.json"):
        options = Options(only=(BY_NAME[rule],))
        result = check_bytes(
            text.replace(
                "mcpServers", "context_servers" if "zed" in path else "mcpServers"
            ).encode(),
            path,
            env,
            options,
        )
        assert all(d.rule == rule for d in result.diagnostics), result.diagnostics
