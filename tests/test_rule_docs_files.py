"""docs/rules/ is generated from the rules (`mcplint rule-docs docs/rules`): this fails when the
committed pages drift from the rules' docs, and `mcplint rule NAME` prints the very page."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.ruledocs import INDEX, pages, references, render_rule
from mcplint.rules import ALL_RULES, Rule

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "rules"
REGENERATE = "run `mcplint rule-docs docs/rules` and commit the result"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_each_page_is_the_rules_doc(rule: Rule) -> None:
    page = DOCS / f"{rule.name}.md"
    assert page.is_file(), REGENERATE
    assert page.read_text(encoding="utf-8") == render_rule(rule), REGENERATE
    assert rule.url.endswith(f"/docs/rules/{rule.name}.md")


def test_no_page_without_a_rule_and_the_index_is_current() -> None:
    expected = pages(ALL_RULES)
    assert sorted(p.name for p in DOCS.iterdir()) == sorted(expected), REGENERATE
    assert (DOCS / INDEX).read_text(encoding="utf-8") == expected[INDEX], REGENERATE


@pytest.mark.parametrize("name", ["trailing-comma", "MCP220", "undefined-input"])
def test_rule_command_prints_the_page(name: str) -> None:
    code, out, _ = run("rule", name)
    rule = next(r for r in ALL_RULES if name in (r.name, r.code))
    assert code == 0 and out == (DOCS / f"{rule.name}.md").read_text(encoding="utf-8")


def test_page_says_what_the_issue_asks() -> None:
    page = render_rule(next(r for r in ALL_RULES if r.name == "command-not-found"))
    for part in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
        assert part in page
    assert "- Default severity: error" in page and "- Fix: No automatic fix." in page
    assert "- Clients: every client mcplint knows" in page and "`machine`" in page
    assert "https://github.com/anthropics/claude-code/issues/1254" in page
    vscode = render_rule(next(r for r in ALL_RULES if r.name == "undefined-input"))
    assert "- Clients: VS Code (`vscode`)" in vscode


def test_references_link_the_issues_cited() -> None:
    rule = next(r for r in ALL_RULES if r.name == "windows-npx-needs-cmd")
    assert "[cline/cline#2204](https://github.com/cline/cline/issues/2204)" in references(rule)


def test_rule_docs_command_writes_and_checks(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "mcplint", "rule-docs"]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *argv], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )

    assert cli("out").returncode == 2  # not a folder
    (tmp_path / "out").mkdir()
    assert cli("out", "--check").returncode == 1
    first = cli("out")
    assert first.returncode == 0 and len(first.stdout.splitlines()) == len(ALL_RULES) + 1
    current = cli("out", "--check")
    assert (current.returncode, current.stdout, current.stderr) == (0, "", "")
    page = tmp_path / "out" / "trailing-comma.md"
    page.write_text(page.read_text() + "edited\n")
    drifted = cli("out", "--check")
    assert drifted.returncode == 1 and drifted.stdout == "out/trailing-comma.md: out of date\n"
    assert cli("out").stdout == "out/trailing-comma.md: written\n"
    assert page.read_text() == render_rule(ALL_RULES[1])
