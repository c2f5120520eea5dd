"""Every rule: a stable kebab-case name and unique code, and a doc with the four sections."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.diagnostics import Diagnostic
from mcplint.engine import Options, check_bytes
from mcplint.env import EXECUTABLE, FakeEnvironment
from mcplint.rules import ALL_RULES, BY_NAME, Rule, lookup
from mcplint.rules.base import TAGS

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
    assert {r.name for r in ALL_RULES if "tool" not in r.tags} <= catalogue


def test_rule_command_prints_the_doc() -> None:
    out = io.StringIO()
    assert main(["rule", "MCP002"], stdout=out) == 0
    text = out.getvalue()
    assert text.startswith("# trailing-comma (MCP002)\n")
    assert "## Fix safety" in text
    out = io.StringIO()
    assert main(["rules"], stdout=out) == 0
    assert len(out.getvalue().splitlines()) == len(ALL_RULES)


# Inputs on which every rule with a fix emits one (path, content).
FIXABLE_SAMPLES = [
    (".mcp.json", '{"mcpServers": {"a": {"command": "x",}}}'),
    (".mcp.json", '{"mcpServers": {} // note\n}'),
    (".mcp.json", "{'mcpServers': {}}"),
    (".mcp.json", '{"mcpServers": {"a": {"command": \u201cx\u201d}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "C:\\Users\\x"}}}'),
    (".mcp.json", '\ufeff{"mcpServers": {}}'),
    (
        ".mcp.json",
        '{"mcpServers": {"a": {"command": "x", "env": {"K": "sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3"}}}}',
    ),
    (".mcp.json", '{"mcpServers": {"a": {"command": "x"}}}{"mcpServers": {"b": {"command": "y"}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "node", "args": ["c:\\tools\\server.js"]}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "x", "arguments": ["1"]}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "npx", "args": ["-y", "mcp-server-fetch"]}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"type": "http", "url": "localhost:3000/mcp"}}}'),
    (
        "/home/u/.config/Claude/claude_desktop_config.json",
        '{"mcpServers": {"a": {"url": "https://x.example/mcp"}}}',
    ),
    (".mcp.json", '{"mcpServers": {"a": {"command": "npx -y p", "args": ["\'-x\'"]}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "docker", "args": ["run", "img"]}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "npx", "args": ["p"]}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "mcp-remote", "args": ["http://h.io/"]}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"command": "node", "args": ["~/x.js"]}}}'),
    ("/home/user/p/.cursor/mcp.json", '{"mcpServers": {"a": {"command": "uvx", "args": ["x"]}}}'),
]
# Samples linted as on Windows (rules about Windows launches).
WINDOWS_FIXABLE_SAMPLES = [
    (".mcp.json", '{"mcpServers": {"a": {"command": "npx", "args": ["-y", "p"]}}}'),
]
# The machine of the samples: `uvx` only on the shell's PATH (for `command-shell-only`).
SAMPLE_ENV = FakeEnvironment(
    environ={"PATH": "/home/user/.local/bin"}, files={"/home/user/.local/bin/uvx": EXECUTABLE}
)


def _diagnostics(path: str, data: bytes, platform: str = "linux") -> list[Diagnostic]:
    env = SAMPLE_ENV if platform == "linux" else FakeEnvironment(platform=platform)
    return check_bytes(data, path, env, Options(select=("ALL",))).diagnostics


def test_each_rule_declares_the_fixes_it_emits() -> None:
    """A rule declared without a fix never emits one, a rule declared `always` emits one with
    every finding, and every fix's applicability is one its rule declares."""
    inputs = [(p, t.encode("utf-8"), "linux") for p, t in FIXABLE_SAMPLES]
    inputs += [(p, t.encode("utf-8"), "win32") for p, t in WINDOWS_FIXABLE_SAMPLES]
    inputs.append((".mcp.json", "\ufeff".encode("utf-16-le") + b"{\x00}\x00", "linux"))
    data = Path(__file__).parent / "data" / "clients"
    inputs += [(str(f), f.read_bytes(), "linux") for f in sorted(data.rglob("*")) if f.is_file()]
    seen_fix: set[str] = set()
    for path, content, platform in inputs:
        for d in _diagnostics(path, content, platform):
            rule = BY_NAME[d.rule]
            if rule.fix == "none":
                assert d.fix is None, f"{rule.name} declares no fix but emitted one on {path}"
            if rule.fix == "always":
                assert d.fix is not None, f"{rule.name} declares a fix always, none on {path}"
            if d.fix is not None:
                assert d.fix.applicability in rule.safety, (rule.name, d.fix.applicability)
                seen_fix.add(rule.name)
    declared = {r.name for r in ALL_RULES if r.fix != "none"}
    assert declared - seen_fix == set(), "add a sample that makes these rules emit their fix"


def test_tags_are_known_and_selectable() -> None:
    for rule in ALL_RULES:
        assert set(rule.tags) <= set(TAGS)
    from mcplint.rules import select

    assert {r.name for r in select(["tool"])} == {
        "io-error",
        "internal-error",
        "not-checked",
        "config-error",
        "unused-suppression",
    }
    assert "syntax-error" not in {r.name for r in select(None, ["syntax"])}


def test_every_rule_has_a_documentation_url() -> None:
    assert all(r.url.endswith(f"/{r.name}.md") for r in ALL_RULES)
