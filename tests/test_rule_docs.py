"""Every rule: a stable kebab-case name and unique code, and a doc with the four sections."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.rules import ALL_RULES, Rule, lookup

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Fix safety")
RULES_MD = Path(__file__).resolve().parents[2] / "shared" / "spec" / "RULES.md"

# The names the issues ask for: a rename would break users' --select/--ignore.
REQUIRED = [
    "syntax-error",
    "trailing-comma",
    "comment-in-strict-json",
    "json5-syntax",
    "smart-quotes",
    "invalid-escape",
    "byte-order-mark",
    "invalid-encoding",
    "duplicate-key",
    "schema",
    "unknown-key",
    "misplaced-servers",
    "invalid-server-name",
]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_doc_has_the_four_sections_in_order(rule: Rule) -> None:
    positions = [rule.doc.find(section) for section in SECTIONS]
    assert -1 not in positions, f"{rule.name}: missing {SECTIONS[positions.index(-1)]}"
    assert positions == sorted(positions)
    assert rule.summary.endswith(".") and len(rule.summary) > 20


def test_names_and_codes_are_unique_and_well_formed() -> None:
    names = [r.name for r in ALL_RULES]
    codes = [r.code for r in ALL_RULES]
    assert len(set(names)) == len(names) and len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)
    assert all(re.fullmatch(r"MCP\d{3}", c) for c in codes)


def test_required_names_exist() -> None:
    assert [n for n in REQUIRED if lookup(n) is None] == []


def test_names_are_the_catalogue_names() -> None:
    if not RULES_MD.is_file():
        pytest.skip("../shared/spec is not here")
    catalogue = set(re.findall(r"^\| `([a-z0-9-]+)` \|", RULES_MD.read_text(), re.M))
    assert {r.name for r in ALL_RULES} <= catalogue


def test_rule_command_prints_the_doc() -> None:
    out = io.StringIO()
    assert main(["rule", "MCP002"], stdout=out) == 0
    text = out.getvalue()
    assert text.startswith("# trailing-comma (MCP002)\n")
    assert "## Fix safety" in text
    out = io.StringIO()
    assert main(["rules"], stdout=out) == 0
    assert len(out.getvalue().splitlines()) == len(ALL_RULES)
