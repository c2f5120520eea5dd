"""Configuration: `[tool.mcplint]` in pyproject.toml or `.mcplint.toml`, found by walking up,
`--config`, `--isolated`, validated with positions, and what each key does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import plain_environment, run  # noqa: F401 (fixture)

from mcplint.config import Configs, glob_matches, parse_config
from mcplint.env import EXECUTABLE, FakeEnvironment

TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
TRAILING = '{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"],}}}\n'
SECRET = (
    '{"mcpServers": {"gh": {"command": "uvx", "args": ["mcp-server-fetch"], '
    f'"env": {{"GITHUB_TOKEN": "{TOKEN}"}}}}}}}}\n'
)
P = "/home/user/project"


def _json(*argv: str, env: FakeEnvironment) -> tuple[int, list[dict[str, object]]]:
    code, out, _ = run("--output-format", "json", *argv, env=env)
    return code, list(json.loads(out)["diagnostics"])


def _rules(*argv: str, env: FakeEnvironment) -> list[str]:
    return [str(d["rule"]) for d in _json(*argv, env=env)[1]]


def _env(files: dict[str, str], **kw: object) -> FakeEnvironment:
    return FakeEnvironment(files=files, cwd=P, **kw)  # type: ignore[arg-type]


# -- finding ------------------------------------------------------------------------------------


def test_pyproject_ignore_applies_and_isolated_ignores_it() -> None:
    env = _env(
        {
            f"{P}/pyproject.toml": '[project]\nname = "x"\n\n[tool.mcplint]\nignore = ["MCP002"]\n',
            f"{P}/.mcp.json": TRAILING,
        }
    )
    assert "trailing-comma" not in _rules("--ignore", "machine", f"{P}/.mcp.json", env=env)
    assert "trailing-comma" in _rules(
        "--isolated", "--ignore", "machine", f"{P}/.mcp.json", env=env
    )


def test_nearest_configuration_wins_and_pyproject_without_section_is_passed_over() -> None:
    env = _env(
        {
            f"{P}/.mcplint.toml": 'ignore = ["trailing-comma"]\n',
            f"{P}/sub/pyproject.toml": '[project]\nname = "no mcplint here"\n',
            f"{P}/sub/.mcp.json": TRAILING,
            f"{P}/other/.mcplint.toml": 'ignore = ["hardcoded-secret"]\n',
            f"{P}/other/.mcp.json": TRAILING,
        }
    )
    assert "trailing-comma" not in _rules("--ignore=machine", f"{P}/sub/.mcp.json", env=env)
    assert "trailing-comma" in _rules("--ignore=machine", f"{P}/other/.mcp.json", env=env)


def test_mcplint_toml_wins_over_pyproject_in_the_same_folder() -> None:
    env = _env(
        {
            f"{P}/pyproject.toml": '[tool.mcplint]\nignore = ["hardcoded-secret"]\n',
            f"{P}/.mcplint.toml": "[tool.mcplint]\nignore = []\n",
        }
    )
    config = Configs(env).for_path(f"{P}/.mcp.json")
    assert config is not None and config.path == f"{P}/.mcplint.toml"


def test_explicit_config_is_used_for_every_file() -> None:
    env = _env(
        {
            f"{P}/.mcplint.toml": 'ignore = ["hardcoded-secret"]\n',
            "/etc/ci/mcplint.toml": 'ignore = ["trailing-comma"]\n',
            f"{P}/.mcp.json": TRAILING,
        }
    )
    argv = ("--ignore=machine", f"{P}/.mcp.json")
    assert "trailing-comma" in _rules(*argv, env=env)
    assert "trailing-comma" not in _rules("--config", "/etc/ci/mcplint.toml", *argv, env=env)


def test_missing_explicit_config_is_a_usage_error() -> None:
    code, _, err = run("--config", "/nope.toml", f"{P}/.mcp.json", env=_env({}))
    assert code == 2
    assert "--config /nope.toml: no such file" in err


def test_config_and_isolated_together_is_a_usage_error() -> None:
    code, _, err = run("--config", "a.toml", "--isolated", "x.json", env=_env({"a.toml": ""}))
    assert code == 2 and "cannot be used together" in err


# -- validation ---------------------------------------------------------------------------------


def _errors(text: str, name: str = "pyproject.toml") -> list[tuple[int, int, str]]:
    config = parse_config(text, f"{P}/{name}", P)
    return [(d.start.line, d.start.column, d.message) for d in config.errors]


def test_unknown_key_is_an_error_at_its_position() -> None:
    text = '[project]\nname = "x"\n\n[tool.mcplint]\nignores = ["machine"]\n'
    [(line, column, message)] = _errors(text)
    assert (line, column) == (5, 1)
    assert "unknown key `ignores` in [tool.mcplint]" in message


def test_unknown_rule_name_is_an_error_at_its_position() -> None:
    text = '[tool.mcplint]\nselect = ["MCP0", "hardcoded-secrets"]\n'
    [(line, column, message)] = _errors(text)
    assert (line, column) == (2, 19)
    assert "unknown rule or code 'hardcoded-secrets' in `select`" in message


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ('[tool.mcplint]\nignore = "machine"\n', (2, 10), "must be a list"),
        ("[tool.mcplint]\ntarget-os = 'beos'\n", (2, 13), "target-os must be one of"),
        ("[tool.mcplint.severity]\ntrailing-comma = 'fatal'\n", (2, 18), "error, warning or info"),
        ("[tool.mcplint.severity]\nno-such-rule = 'info'\n", (2, 1), "unknown rule or code"),
        ("[tool.mcplint.severity]\nio-error = 'info'\n", (2, 1), "cannot be changed"),
        ("[tool.mcplint.per-file-ignores]\n'*.json' = ['nope']\n", (2, 13), "unknown rule"),
        ("[tool.mcplint.rules.no-such-rule]\nallow = []\n", (1, 21), "unknown rule `no-such"),
        ("[tool.mcplint.rules.trailing-comma]\nx = 1\n", (1, 21), "has no options"),
        ("[tool.mcplint.rules.command-not-found]\nallows = []\n", (2, 1), "unknown option"),
        (
            "[tool.mcplint.rules.hardcoded-secret]\nextra-patterns = ['(x']\n",
            (2, 19),
            "not a regular expression",
        ),
        ("[tool.mcplint]\nselect = [\n", (3, 1), "invalid TOML"),
    ],
)
def test_mistakes_are_errors_with_positions(
    text: str, position: tuple[int, int], words: str
) -> None:
    errors = _errors(text)
    assert errors, text
    line, column, message = errors[0]
    assert words in message
    assert (line, column) == position, message


def test_mcplint_toml_reads_its_top_level_table() -> None:
    config = parse_config('ignore = ["machine"]\ntarget-os = "windows"\n', f"{P}/.mcplint.toml", P)
    assert config.errors == ()
    assert (config.ignore, config.target_os) == (("machine",), "windows")


def test_config_error_is_reported_on_the_config_file_and_fails_the_run() -> None:
    env = _env(
        {
            f"{P}/pyproject.toml": "[tool.mcplint]\nignore = ['machine', 'nope']\n",
            f"{P}/.mcp.json": '{"mcpServers": {}}\n',
        }
    )
    code, out, _ = run(f"{P}/.mcp.json", env=env)
    assert code == 1
    assert f"{P}/pyproject.toml:2:22: MCP903 [config-error] unknown rule or code 'nope'" in out
    # the valid part still applies; the configuration is reported once however many files
    assert out.count("MCP903") == 1


# -- what the keys do ---------------------------------------------------------------------------


def test_select_and_extend_select() -> None:
    env = _env({f"{P}/.mcplint.toml": 'select = ["hardcoded-secret"]\n', f"{P}/.mcp.json": SECRET})
    assert set(_rules(f"{P}/.mcp.json", env=env)) == {"hardcoded-secret"}
    env = _env(
        {
            f"{P}/.mcplint.toml": 'extend-select = ["unpinned-package"]\nignore = ["machine"]\n',
            f"{P}/.mcp.json": SECRET,
        }
    )
    found = set(_rules(f"{P}/.mcp.json", env=env))
    assert {"hardcoded-secret", "unpinned-package"} <= found  # the defaults and the extra one


def test_command_line_select_wins_over_the_configuration() -> None:
    env = _env(
        {f"{P}/.mcplint.toml": 'select = ["hardcoded-secret"]\n', f"{P}/.mcp.json": TRAILING}
    )
    assert _rules("--select", "trailing-comma", f"{P}/.mcp.json", env=env) == ["trailing-comma"]


def test_per_file_ignores_globs_are_relative_to_the_configuration() -> None:
    env = _env(
        {
            f"{P}/pyproject.toml": (
                "[tool.mcplint.per-file-ignores]\n"
                '"examples/**" = ["hardcoded-secret"]\n'
                '"*.code-workspace" = ["MCP0"]\n'
            ),
            f"{P}/examples/demo/.mcp.json": SECRET,
            f"{P}/.mcp.json": SECRET,
        }
    )
    argv = ("--ignore=machine",)
    assert "hardcoded-secret" not in _rules(*argv, f"{P}/examples/demo/.mcp.json", env=env)
    assert "hardcoded-secret" in _rules(*argv, f"{P}/.mcp.json", env=env)


def test_per_server_ignores_hide_findings_inside_that_entry_only() -> None:
    text = (
        '{"mcpServers": {"legacy": {"command": "uvx", "args": ["mcp-server-fetch"], '
        f'"env": {{"A_TOKEN": "{TOKEN}"}}}}, "new": {{"command": "uvx", '
        f'"args": ["mcp-server-fetch"], "env": {{"B_TOKEN": "{TOKEN}"}}}}}}}}\n'
    )
    env = _env(
        {
            f"{P}/.mcplint.toml": '[per-server-ignores]\nlegacy = ["hardcoded-secret"]\n',
            f"{P}/.mcp.json": text,
        }
    )
    found = [d for d in _json("--ignore=machine", f"{P}/.mcp.json", env=env)[1]]
    secrets = [d for d in found if d["rule"] == "hardcoded-secret"]
    assert len(secrets) == 1 and "`new`" in str(secrets[0]["message"])


def test_severity_override() -> None:
    env = _env(
        {f"{P}/.mcplint.toml": '[severity]\ntrailing-comma = "info"\n', f"{P}/.mcp.json": TRAILING}
    )
    code, found = _json("--ignore=machine", f"{P}/.mcp.json", env=env)
    assert [(d["rule"], d["severity"]) for d in found] == [("trailing-comma", "info")]
    assert code == 0  # info only


def test_target_os_from_the_configuration_and_the_command_line_wins() -> None:
    env = _env({f"{P}/.mcplint.toml": 'target-os = "windows"\n'})
    config = Configs(env).for_path(f"{P}/.mcp.json")
    assert config is not None
    from mcplint.engine import Options

    assert config.apply(Options()).target_os == "windows"
    assert config.apply(Options(target_os="linux")).target_os == "linux"


def test_exclude_skips_files_in_folder_walks_but_not_named_files() -> None:
    env = _env(
        {
            f"{P}/.mcplint.toml": 'exclude = ["fixtures"]\n',
            f"{P}/fixtures/broken/.mcp.json": TRAILING,
            f"{P}/app/.mcp.json": TRAILING,
        }
    )
    _, out, _ = run("--ignore=machine", "-q", P, env=env)
    assert f"{P}/app/.mcp.json" in out and "fixtures" not in out
    named = f"{P}/fixtures/broken/.mcp.json"
    assert "trailing-comma" in _rules("--ignore=machine", named, env=env)


def test_rule_option_extra_secret_patterns() -> None:
    text = (
        '{"mcpServers": {"x": {"command": "uvx", "args": ["mcp-server-fetch", '
        '"corp_Zq81nVx"], "env": {"CORP": "corp_Ab12Cd34"}}}}\n'
    )
    files = {f"{P}/.mcp.json": text}
    assert "hardcoded-secret" not in _rules("--ignore=machine", f"{P}/.mcp.json", env=_env(files))
    files[f"{P}/.mcplint.toml"] = (
        '[rules.hardcoded-secret]\nextra-patterns = ["corp_[A-Za-z0-9]{6,}"]\n'
    )
    found = [
        d
        for d in _json("--ignore=machine", f"{P}/.mcp.json", env=_env(files))[1]
        if d["rule"] == "hardcoded-secret"
    ]
    assert len(found) == 2
    assert all(TOKEN not in json.dumps(d) and "corp_Ab12Cd34" not in json.dumps(d) for d in found)


def test_rule_option_command_allowlist() -> None:
    text = '{"mcpServers": {"a": {"command": "my-wrapper"}, "b": {"command": "other-tool"}}}\n'
    files = {f"{P}/.mcp.json": text, "/usr/bin/node": EXECUTABLE}
    environ = {"PATH": "/usr/bin"}
    before = _rules(
        "--select=command-not-found", f"{P}/.mcp.json", env=_env(files, environ=environ)
    )
    assert before == ["command-not-found", "command-not-found"]
    files[f"{P}/.mcplint.toml"] = '[rules.command-not-found]\nallow = ["my-wrapper"]\n'
    env = _env(files, environ=environ)
    found = _json("--select=command-not-found", f"{P}/.mcp.json", env=env)[1]
    assert len(found) == 1 and "`other-tool`" in str(found[0]["message"])


def test_glob_matches() -> None:
    assert glob_matches("examples/a/.mcp.json", "examples")
    assert glob_matches("examples/a/.mcp.json", "examples/**")
    assert glob_matches("a/b/x.code-workspace", "*.code-workspace")
    assert not glob_matches("src/.mcp.json", "examples")
    assert not glob_matches("", "*")


@pytest.mark.usefixtures("plain_environment")
def test_real_files_and_cwd(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mcplint]\nignore = ["machine"]\n[tool.mcplint.severity]\nMCP002 = "warning"\n',
        encoding="utf-8",
    )
    (tmp_path / ".mcp.json").write_text(TRAILING, encoding="utf-8")
    code, out, _ = run("--output-format", "json", ".mcp.json")
    [d] = json.loads(out)["diagnostics"]
    assert (d["rule"], d["severity"], code) == ("trailing-comma", "warning", 1)
    code, out, _ = run("--fix", ".mcp.json")
    assert json.loads((tmp_path / ".mcp.json").read_text(encoding="utf-8"))
    code, out, _ = run("-", stdin=TRAILING.encode(), env=None)
    assert "MCP002" in out and "command-not-found" not in out


def test_readme_example_configuration_is_valid() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    config = parse_config(example, f"{P}/pyproject.toml", P)
    assert config.errors == ()
    assert config.rule_options["command-not-found"]["allow"] == ("my-wrapper",)


def test_exclude_applies_to_discovery_and_the_file_list_shows_no_configuration() -> None:
    home = "/home/user"
    env = FakeEnvironment(
        home=home,
        cwd=home,
        files={
            f"{home}/.claude.json": '{"mcpServers": {}}\n',
            f"{home}/.cursor/mcp.json": '{"mcpServers": {}}\n',
            f"{home}/.mcplint.toml": 'exclude = [".cursor"]\nignore = ["nope"]\n',
        },
    )
    code, out, _ = run("--show-files", env=env)
    assert code == 0
    assert f"{home}/.claude.json" in out
    assert ".cursor" not in out and ".mcplint.toml" not in out
    code, out, _ = run(env=env)
    assert code == 1  # the configuration's own error
    assert ".mcplint.toml:2:11: MCP903 [config-error]" in out
