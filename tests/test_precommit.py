"""The pre-commit hooks (`.pre-commit-hooks.yaml`), run by the real `pre-commit try-repo`.

pre-commit builds the hooks' own virtualenv by pip-installing this repository (its dependencies
come from PyPI); the environment is shared by the tests of one session (one install)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mcplint.clients import FILE_KINDS
from mcplint.config import config_files_regex

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / ".pre-commit-hooks.yaml"
BROKEN = '{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"],}}}\n'


def _hooks() -> list[dict[str, object]]:
    yaml = pytest.importorskip("yaml", reason="PyYAML (a dependency of pre-commit) is missing")
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_hooks_are_declared() -> None:
    hooks = {h["id"]: h for h in _hooks()}
    assert set(hooks) == {"mcplint", "mcplint-fix"}
    assert hooks["mcplint"]["entry"] == "mcplint check"
    assert hooks["mcplint-fix"]["entry"] == "mcplint check --fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["args"] == ["--ignore=machine"]  # CI is not the client's machine


def test_files_regex_is_the_one_derived_from_the_client_data() -> None:
    for hook in _hooks():
        assert hook["files"] == config_files_regex()


KNOWN = [
    ".mcp.json",
    "sub/dir/.mcp.json",
    ".cursor/mcp.json",
    ".vscode/mcp.json",
    ".claude/settings.json",
    ".claude/settings.local.json",
    ".gemini/settings.json",
    ".zed/settings.json",
    ".codex/config.toml",
    ".windsurf/mcp_config.json",
    "claude_desktop_config.json",
    "cline_mcp_settings.json",
    "project.code-workspace",
    "managed-mcp.json",
    "gemini-extension.json",
    "home/.claude.json",
    "home/Library/Application Support/Code/User/mcp.json",
]
UNKNOWN = [
    "package.json",
    "tsconfig.json",
    "settings.json",
    "mcp.json",
    "config.toml",
    "pyproject.toml",
    ".vscode/launch.json",
    "src/.mcp.json.bak",
    "x.mcp.json",
    "docs/mcp.json",
]


@pytest.mark.parametrize("path", KNOWN)
def test_files_regex_matches_each_known_config(path: str) -> None:
    assert re.search(config_files_regex(), path), path


@pytest.mark.parametrize("path", UNKNOWN)
def test_files_regex_matches_nothing_else(path: str) -> None:
    assert not re.search(config_files_regex(), path), path


def test_files_regex_covers_every_detection_pattern() -> None:
    regex = config_files_regex()
    for kind in FILE_KINDS.values():
        for pattern in kind.patterns:
            example = "repo/" + pattern.replace("*", "x")
            assert re.search(regex, example), (kind.id, pattern)


# -- the real pre-commit ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        print("skipped: pre-commit cannot be imported (pip install pre-commit)")
        pytest.skip("pre-commit cannot be imported")
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--color=never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository with a broken `.mcp.json` staged (and a package.json beside it)."""
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@mcplint.invalid")
    _git(tmp_path, "config", "user.name", "t")
    (tmp_path / ".mcp.json").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "x",}\n', encoding="utf-8")
    _git(tmp_path, "add", ".mcp.json", "package.json")
    return tmp_path


def test_check_hook_fails_with_the_diagnostic(project: Path, pre_commit_home: Path) -> None:
    run = _try_repo(project, pre_commit_home, "mcplint")
    assert run.returncode == 1, run.stdout + run.stderr
    assert ".mcp.json:1:73: MCP002 [trailing-comma]" in run.stdout
    assert "package.json" not in run.stdout  # not a config file: not passed
    assert (project / ".mcp.json").read_text(encoding="utf-8") == BROKEN  # the check writes nothing


def test_fix_hook_repairs_the_file_and_fails(project: Path, pre_commit_home: Path) -> None:
    run = _try_repo(project, pre_commit_home, "mcplint-fix")
    assert run.returncode == 1, run.stdout + run.stderr  # it changed a file: the commit stops
    assert "files were modified by this hook" in run.stdout
    fixed = (project / ".mcp.json").read_text(encoding="utf-8")
    assert json.loads(fixed) == {
        "mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}}
    }
    assert (project / "package.json").read_text(encoding="utf-8") == '{"name": "x",}\n'
    _git(project, "add", ".mcp.json")
    again = _try_repo(project, pre_commit_home, "mcplint")
    assert again.returncode == 0, again.stdout + again.stderr
