"""Inline suppression comments: `// mcplint: disable-next-line RULE`, `disable-file`, `#` in TOML,
and the `unused-suppression` report."""

from __future__ import annotations

from cli_helpers import run

from mcplint.diagnostics import Severity
from mcplint.engine import Options, check_bytes, fix_bytes
from mcplint.env import FakeEnvironment
from mcplint.rules import select

TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
VSCODE = "/home/user/project/.vscode/mcp.json"
OPTIONS = Options(ignore=("machine",))


def _vscode(env_lines: str) -> str:
    return (
        '{\n  "servers": {\n    "gh": {\n      "command": "uvx",\n'
        '      "args": ["mcp-server-fetch"],\n      "env": {\n'
        f"{env_lines}\n      }}\n    }}\n  }}\n}}\n"
    )


def _lint(text: str, path: str = VSCODE, options: Options = OPTIONS) -> list[tuple[str, int, str]]:
    result = check_bytes(text.encode(), path, FakeEnvironment(), options)
    return [(d.rule, d.start.line, d.severity.value) for d in result.diagnostics]


def test_secret_is_reported_without_a_suppression() -> None:
    text = _vscode(f'        "GITHUB_TOKEN": "{TOKEN}"')
    assert ("hardcoded-secret", 7, "error") in _lint(text)


def test_disable_next_line_hides_the_finding_on_the_next_line_only() -> None:
    text = _vscode(
        "        // mcplint: disable-next-line hardcoded-secret -- a revoked test token\n"
        f'        "GITHUB_TOKEN": "{TOKEN}",\n'
        f'        "OTHER_TOKEN": "{TOKEN}"'
    )
    assert _lint(text) == [("hardcoded-secret", 9, "error")]


def test_disable_next_line_takes_several_rules_and_codes() -> None:
    text = _vscode(
        "        // mcplint: disable-next-line MCP401, trailing-comma\n"
        f'        "GITHUB_TOKEN": "{TOKEN}",'
    )
    found = _lint(text)
    assert ("hardcoded-secret", 8, "error") not in found
    # the trailing comma is on line 8 too (VS Code's JSONC accepts it): hidden as well, or, if
    # no rule reports it, its suppression is reported as unused
    assert all(rule != "hardcoded-secret" for rule, _, _ in found)


def test_disable_file_hides_the_rule_everywhere_in_the_file() -> None:
    text = "// mcplint: disable-file hardcoded-secret\n" + _vscode(
        f'        "A_TOKEN": "{TOKEN}",\n        "B_TOKEN": "{TOKEN}"'
    )
    assert _lint(text) == []


def test_block_comment_directive() -> None:
    text = "/* mcplint: disable-file hardcoded-secret */\n" + _vscode(
        f'        "A_TOKEN": "{TOKEN}"'
    )
    assert _lint(text) == []


def test_unused_suppression_is_reported_as_info_at_the_rule_name() -> None:
    text = _vscode('        // mcplint: disable-next-line hardcoded-secret\n        "A": "x"')
    result = check_bytes(text.encode(), VSCODE, FakeEnvironment(), OPTIONS)
    [d] = result.diagnostics
    assert (d.rule, d.code, d.severity) == ("unused-suppression", "MCP904", Severity.INFO)
    assert (d.start.line, d.start.column) == (7, 39)
    assert text.splitlines()[6][d.start.column - 1 : d.end.column - 1] == "hardcoded-secret"
    assert "no `hardcoded-secret` finding on line 8" in d.message


def test_suppression_of_an_unknown_rule_is_reported() -> None:
    text = _vscode('        // mcplint: disable-next-line hardcoded-secrets\n        "A": "x"')
    result = check_bytes(text.encode(), VSCODE, FakeEnvironment(), OPTIONS)
    assert [d.message for d in result.diagnostics] == [
        "suppression of unknown rule `hardcoded-secrets` (see `mcplint rules`)"
    ]


def test_directive_without_a_rule_is_reported() -> None:
    text = "// mcplint: disable-file\n" + _vscode(f'        "A_TOKEN": "{TOKEN}"')
    rules = [r for r, _, _ in _lint(text)]
    assert sorted(rules) == ["hardcoded-secret", "unused-suppression"]


def test_suppression_of_a_rule_that_did_not_run_is_not_reported() -> None:
    text = _vscode('        // mcplint: disable-next-line hardcoded-secret\n        "A": "x"')
    only = Options(select=("unknown-key", "unused-suppression"))
    assert _lint(text, options=only) == []


def test_unused_suppression_can_itself_be_ignored() -> None:
    text = _vscode('        // mcplint: disable-next-line hardcoded-secret\n        "A": "x"')
    assert _lint(text, options=Options(ignore=("machine", "unused-suppression"))) == []


def test_toml_hash_comment_in_codex_config() -> None:
    path = "/home/user/.codex/config.toml"
    text = (
        "[mcp_servers.gh]\n"
        'command = "uvx"\n'
        'args = ["mcp-server-fetch"]\n'
        "[mcp_servers.gh.env]\n"
        "# mcplint: disable-next-line hardcoded-secret\n"
        f'GITHUB_TOKEN = "{TOKEN}"\n'
        f'OTHER_TOKEN = "{TOKEN}"\n'
    )
    found = _lint(text, path)
    assert [(r, line) for r, line, _ in found if r == "hardcoded-secret"] == [
        ("hardcoded-secret", 7)
    ]


def test_strict_json_file_cannot_hold_a_suppression() -> None:
    # Claude Code reads .mcp.json as strict JSON: the comment is itself an error, and it
    # suppresses nothing (use per-file-ignores or per-server-ignores instead)
    text = (
        '{"mcpServers": {"gh": {"command": "uvx", "args": ["mcp-server-fetch"], "env": {\n'
        "// mcplint: disable-next-line hardcoded-secret\n"
        f'"GITHUB_TOKEN": "{TOKEN}"}}}}}}}}\n'
    )
    rules = {r for r, _, _ in _lint(text, "/home/user/project/.mcp.json")}
    assert "hardcoded-secret" in rules or "syntax-error" in rules
    assert "unused-suppression" not in rules


def test_a_suppressed_finding_is_not_fixed() -> None:
    path = "/home/user/.gemini/settings.json"  # JSONC, but Gemini rejects trailing commas
    text = (
        '{\n  "mcpServers": {\n    "a": {"command": "uvx", "args": ["mcp-server-fetch"]}\n'
        "    // mcplint: disable-next-line trailing-comma\n  ,}\n}\n"
    )
    plain = text.replace("    // mcplint: disable-next-line trailing-comma\n", "")
    env = FakeEnvironment()
    assert fix_bytes(plain.encode(), path, env, OPTIONS).output is not None
    result = fix_bytes(text.encode(), path, env, OPTIONS)
    assert result.output is None
    assert all(d.rule != "trailing-comma" for d in result.diagnostics)


def test_cli_exit_code_with_only_an_unused_suppression_is_zero() -> None:
    env = FakeEnvironment(
        files={VSCODE: _vscode('        // mcplint: disable-next-line MCP401\n        "A": "x"')}
    )
    code, out, _ = run("--ignore", "machine", "-q", VSCODE, env=env)
    assert code == 0
    assert "MCP904 [unused-suppression]" in out


def test_unused_suppression_rule_is_on_by_default() -> None:
    assert "unused-suppression" in {r.name for r in select()}
