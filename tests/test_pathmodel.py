"""The PATH each client gives its servers, per target OS (mcplint.pathmodel)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mcplint.clients import get_client
from mcplint.clients.base import LAUNCHD_PATH, LINUX_DESKTOP_PATH
from mcplint.env import EXECUTABLE, Environment, FakeEnvironment
from mcplint.pathmodel import client_path, expand_prepend, tool_family


def _mkexe(p: Path) -> None:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("#!/bin/sh\n")
    p.chmod(0o755)


def _mac(tmp_path: Path, path: str) -> Environment:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return Environment(platform="darwin", home=str(home), cwd=str(tmp_path), environ={"PATH": path})


def test_claude_desktop_on_macos_prepends_every_nvm_version_oldest_first(tmp_path: Path) -> None:
    env = _mac(tmp_path, "/somewhere/else")
    nvm = tmp_path / "home/.nvm/versions/node"
    for version in ("v18.2.0", "v9.11.2", "v10.0.0"):
        _mkexe(nvm / version / "bin/node")
    (nvm / "v20.0.0").mkdir()  # no bin folder: not prepended
    cp = client_path(get_client("claude-desktop"), env)
    assert cp.source == "launchd" and cp.confirmed
    assert [d.dir for d in cp.dirs] == [
        str(nvm / "v9.11.2/bin"),
        str(nvm / "v10.0.0/bin"),
        str(nvm / "v18.2.0/bin"),
        *LAUNCHD_PATH.split(":"),
    ]
    assert [d.origin for d in cp.dirs][:3] == ["client"] * 3
    assert "/opt/homebrew/bin" in cp.unconfirmed_dirs  # kept as data, not in the PATH
    assert "/somewhere/else" not in cp.value


def test_expand_prepend_without_nvm_is_empty(tmp_path: Path) -> None:
    assert expand_prepend("~/.nvm/versions/node/*/bin", _mac(tmp_path, "")) == []


@pytest.mark.parametrize(
    ("client_id", "source", "confirmed"),
    [
        ("claude-code", "shell", True),  # a CLI
        ("codex", "shell", True),
        ("gemini", "shell", True),
        ("vscode", "shell", True),  # resolves the login shell
        ("cline", "shell", True),  # inside VS Code's extension host
        ("zed", "launchd", True),  # zed#60800
        ("cursor", "launchd", False),  # unconfirmed: assumed launchd
        ("windsurf", "launchd", False),
    ],
)
def test_macos_path_source_per_client(
    tmp_path: Path, client_id: str, source: str, confirmed: bool
) -> None:
    env = _mac(tmp_path, "/opt/homebrew/bin:/usr/bin")
    cp = client_path(get_client(client_id), env)
    assert (cp.source, cp.confirmed) == (source, confirmed)
    if source == "shell":
        assert cp.value == "/opt/homebrew/bin:/usr/bin"
    else:
        assert cp.value == LAUNCHD_PATH


def test_linux_desktop_path_is_unconfirmed() -> None:
    env = FakeEnvironment(
        platform="linux", home="/home/me", environ={"PATH": "/home/me/.local/bin"}
    )
    cp = client_path(get_client("claude-desktop"), env)
    assert cp.source == "desktop" and not cp.confirmed
    assert cp.value == LINUX_DESKTOP_PATH
    assert client_path(get_client("claude-code"), env).value == "/home/me/.local/bin"


def test_windows_gui_gets_the_registry_path_with_semicolons() -> None:
    env = FakeEnvironment(
        platform="win32",
        home="C:\\Users\\me",
        environ={"Path": "C:\\Program Files\\nodejs;C:\\Windows\\system32"},
    )
    cp = client_path(get_client("claude-desktop"), env)
    assert cp.source == "shell"
    assert cp.value == "C:\\Program Files\\nodejs;C:\\Windows\\system32"
    assert cp.separator == ";"


def test_other_os_shell_path_is_unknown_but_launchd_is_known() -> None:
    env = FakeEnvironment(platform="linux", home="/home/me", environ={"PATH": "/usr/bin"})
    cli = client_path(get_client("claude-code"), env, "win32")
    assert cli.source == "unknown" and cli.dirs == ()
    assert "not known" in cli.why
    gui = client_path(get_client("claude-desktop"), env, "darwin")
    assert gui.value == LAUNCHD_PATH  # the fixed part is known on any machine


@pytest.mark.parametrize(
    ("directory", "target", "family"),
    [
        ("/Users/me/.nvm/versions/node/v20.1.0/bin", "darwin", "nvm"),
        ("/Users/me/.fnm/node-versions/v20/installation/bin", "darwin", "fnm"),
        ("/Users/me/Library/Application Support/fnm/aliases/default/bin", "darwin", "fnm"),
        ("/run/user/1000/fnm_multishells/1234_5678/bin", "linux", "fnm"),
        ("/Users/me/.volta/bin", "darwin", "volta"),
        ("/Users/me/.asdf/shims", "darwin", "asdf"),
        ("/Users/me/.local/share/mise/shims", "darwin", "mise"),
        ("/Users/me/.pyenv/shims", "darwin", "pyenv"),
        ("/opt/homebrew/bin", "darwin", "homebrew"),
        ("/usr/local/bin/", "darwin", "homebrew"),
        ("/usr/local/bin", "linux", None),  # a standard folder on Linux
        ("/home/linuxbrew/.linuxbrew/bin", "linux", "homebrew"),
        ("/Users/me/.local/bin", "darwin", "local-bin"),
        ("/Users/me/.cargo/bin", "darwin", "cargo"),
        ("/Users/me/.bun/bin", "darwin", "bun"),
        ("/Users/me/.deno/bin", "darwin", "deno"),
        ("/usr/bin", "darwin", None),
        ("/Users/other/.nvm/versions/node/v20/bin", "darwin", None),  # not this user's home
        ("C:\\Users\\me\\.cargo\\bin", "win32", None),
    ],
)
def test_tool_family(directory: str, target: str, family: str | None) -> None:
    home = "C:\\Users\\me" if target == "win32" else "/Users/me"
    if target == "linux":
        home = "/home/me"
        directory = directory.replace("/Users/me", "/home/me")
    assert tool_family(directory, home, target) == family


def test_fake_environment_probe() -> None:
    env = FakeEnvironment(
        platform="darwin", home="/Users/me", files={"/a/x": EXECUTABLE, "/a/y": "text"}
    )
    assert env.probe("/a/x").executable
    assert env.probe("/a/y").kind == "file" and not env.probe("/a/y").executable
    assert env.probe("/a").kind == "dir"
    assert env.probe("/nope").kind == "missing"


def test_real_probe_loop_and_missing(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    env = Environment()
    assert env.probe(str(tmp_path / "a")).kind == "loop"
    assert env.probe(str(tmp_path / "none")).kind == "missing"
    assert env.probe(str(tmp_path / "none" / "x")).kind == "missing"
    assert env.probe("bad\0name").kind == "missing"
