"""Issue 10: no super-linear work on big files, and no rename fix that loses data or turns a
warning into an error.

The timing tests use sizes where the old quadratic code took tens of seconds and the linear
code takes milliseconds, so a generous bound cannot be flaky and still fails on the old code."""

from __future__ import annotations

import itertools
import json
import random
import time
from collections import Counter

import pytest

import mcplint
from mcplint.diagnostics import Applicability, Diagnostic, Fix, Severity
from mcplint.engine import _choose_fixes, _overlap
from mcplint.env import FakeEnvironment
from mcplint.parser import parse
from mcplint.text import Position, TextEdit

ENV = FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")
MCP_JSON = "/home/user/proj/.mcp.json"
SETTINGS = "/home/user/proj/.claude/settings.json"
PATHS = (
    MCP_JSON,
    SETTINGS,
    "/home/user/.claude.json",
    "/home/user/proj/.cursor/mcp.json",
    "/home/user/proj/.vscode/mcp.json",
    "/home/user/proj/.gemini/settings.json",
    "/home/user/.codeium/windsurf/mcp_config.json",
    "/home/user/.config/Claude/claude_desktop_config.json",
    "/home/user/.cline/data/settings/cline_mcp_settings.json",
)


def _diag(fix: Fix, n: int) -> Diagnostic:
    here = Position(1, 1, 0)
    return Diagnostic("r", "MCP000", Severity.WARNING, f"d{n}", "p", here, here, fix)


def _fix(*spans: tuple[int, int]) -> Fix:
    return Fix(Applicability.SAFE, "f", tuple(TextEdit(s, e, "x") for s, e in spans))


def _choose_fixes_reference(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The old quadratic `_choose_fixes`, the meaning the fast one must keep."""
    from mcplint.engine import _fix_span

    candidates = sorted((d for d in diagnostics if d.fix), key=lambda d: _fix_span(d.fix))
    chosen, taken, seen = [], [], set()
    for d in candidates:
        assert d.fix is not None
        if d.fix.edits in seen and d.fix.edits:
            continue
        if any(_overlap(a, b) for a in d.fix.edits for b in taken):
            continue
        chosen.append(d)
        taken.extend(d.fix.edits)
        seen.add(d.fix.edits)
    return chosen


# -- defect 1: _choose_fixes was O(fixes^2) -------------------------------------------------------


def test_choose_fixes_is_fast_for_many_fixes() -> None:
    # 20,000 one-character fixes: the old loop compared each with every fix taken (2e8 pairs).
    diagnostics = [_diag(_fix((i * 2, i * 2 + 1)), i) for i in range(20_000)]
    start = time.perf_counter()
    chosen = _choose_fixes(diagnostics, Applicability.SAFE)
    assert time.perf_counter() - start < 2.0
    assert len(chosen) == 20_000


def test_fixing_8000_trailing_commas_is_fast() -> None:
    text = "{" + ",".join(f'"k{i}": [1,]' for i in range(8000)) + "}"
    start = time.perf_counter()
    new, fixed = mcplint.fix_text(text, path="/tmp/x.json", env=ENV, select=["trailing-comma"])
    assert time.perf_counter() - start < 15.0  # 30 s before, mostly in _choose_fixes
    assert "1,]" not in new and len(fixed) == 8000


@pytest.mark.parametrize("seed", range(30))
def test_choose_fixes_keeps_the_meaning_of_the_pairwise_check(seed: int) -> None:
    rng = random.Random(seed)
    diagnostics = []
    for n in range(60):
        spans = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            start = rng.randrange(40)
            spans.append((start, start + rng.choice((0, 0, 1, 2, 5))))
        diagnostics.append(_diag(_fix(*spans), n))
    fast = _choose_fixes(diagnostics, Applicability.SAFE)
    assert [d.message for d in fast] == [d.message for d in _choose_fixes_reference(diagnostics)]


def test_two_insertions_at_one_place_still_overlap() -> None:
    a, b = _diag(_fix((5, 5)), 1), _diag(_fix((5, 5)), 2)
    b = Diagnostic(**{**b.__dict__, "fix": Fix(Applicability.SAFE, "g", (TextEdit(5, 5, "y"),))})
    assert _choose_fixes([a, b], Applicability.SAFE) == [a]
    # an insertion at either end of a replacement does not overlap it; inside it does
    c, d, e = _diag(_fix((3, 7)), 3), _diag(_fix((7, 7)), 4), _diag(_fix((5, 5)), 5)
    assert _choose_fixes([c, d, e], Applicability.SAFE) == [c, d]


# -- defect 2: Node.get and unknown-key were O(keys^2) per object --------------------------------


def test_node_get_is_a_dict_lookup() -> None:
    n = 40_000
    text = "{" + ",".join(f'"k{i}": {i}' for i in range(n)) + "}"
    root = parse(text).root
    assert root is not None
    start = time.perf_counter()
    for i in range(n):
        member = root.get(f"k{i}")
        assert member is not None and member.value is not None and member.value.value == i
    assert time.perf_counter() - start < 2.0  # 8e8 comparisons before


def test_node_get_returns_the_last_duplicate_and_sees_members_added_later() -> None:
    root = parse('{"a": 1, "b": 2, "a": 3}').root
    assert root is not None
    member = root.get("a")
    assert member is not None and member.value is not None and member.value.value == 3
    assert root.get("zz") is None
    root.members.append(root.members[1])  # the TOML builder appends members as it goes
    assert root.get("b") is root.members[-1]


def test_unknown_key_on_an_object_with_many_keys_is_fast() -> None:
    keys = {f"x{i}": i for i in range(15_000)}
    text = json.dumps({"mcpServers": {"fs": {"command": "npx", **keys}}})
    start = time.perf_counter()
    found = mcplint.lint_text(text, path=MCP_JSON, env=ENV, select=["unknown-key"])
    assert time.perf_counter() - start < 6.0  # a linear `Node.get` per key: ~15 s before
    assert len(found) == 15_000


# -- defect 3: renames that lose data or make an error -------------------------------------------


def test_two_keys_are_never_renamed_to_one_name() -> None:
    text = '{"mcpServers":{"a":{"command":"x","Args":["1"],"ARGS":["2"]}}}'
    found = [d for d in mcplint.lint_text(text, path=MCP_JSON, env=ENV) if d.rule == "unknown-key"]
    assert len(found) == 2
    for d in found:
        assert d.fix is None
        assert "`ARGS` and `Args`" in d.message
    new, fixed = mcplint.fix_text(text, path=MCP_JSON, env=ENV)
    assert new == text and fixed == []


def test_one_key_for_a_target_is_still_renamed() -> None:
    text = '{"mcpServers":{"a":{"command":"x","Args":["1"],"enviroment":{}}}}'
    new, _ = mcplint.fix_text(text, path=MCP_JSON, env=ENV)
    assert json.loads(new) == {"mcpServers": {"a": {"command": "x", "args": ["1"], "env": {}}}}


def test_servers_in_claude_code_settings_is_not_renamed_to_mcpservers() -> None:
    text = '{"servers": {"fs": {"command": "npx"}}}'
    (d,) = mcplint.lint_text(text, path=SETTINGS, env=ENV)
    assert d.rule == "unknown-key" and d.fix is None
    assert "did you mean" not in d.message
    assert "`mcpServers` is not read here either" in d.message
    new, fixed = mcplint.fix_text(text, path=SETTINGS, env=ENV)
    assert new == text and fixed == []


TYPOS = ("Args", "ARGS", "arguments", "argv", "cmd", "Command", "comand", "enviroment", "Env")
TOP_TYPOS = ("servers", "mcpServer", "mcp_servers", "McpServers", "mcpservers")


def _documents() -> list[str]:
    docs = []
    for a, b in itertools.combinations(TYPOS, 2):
        docs.append(json.dumps({"mcpServers": {"s": {"command": "npx", a: ["1"], b: ["2"]}}}))
        docs.append(json.dumps({"mcpServers": {"s": {a: "1", b: "2"}}}))
    for top in TOP_TYPOS:
        docs.append(json.dumps({top: {"s": {"command": "npx"}}}))
        docs.append(json.dumps({top: {"s": {"command": "npx"}}, "mcpServers": {}}))
    for a, b in itertools.combinations(TOP_TYPOS, 2):
        docs.append(json.dumps({a: {"s": {"command": "x"}}, b: {"t": {"command": "y"}}}))
    return docs


@pytest.mark.parametrize("path", PATHS)
def test_no_rename_fix_makes_an_error_or_a_duplicate_key(path: str) -> None:
    for text in _documents():
        before = mcplint.lint_text(text, path=path, env=ENV)
        new, fixed = mcplint.fix_text(text, path=path, env=ENV, select=["unknown-key"])
        if not fixed:
            continue
        after = mcplint.lint_text(new, path=path, env=ENV)
        errors_before = Counter(d.rule for d in before if d.severity is Severity.ERROR)
        errors_after = Counter(d.rule for d in after if d.severity is Severity.ERROR)
        assert not errors_after - errors_before, (path, text, new)
        assert not [d for d in after if d.rule == "duplicate-key"], (path, text, new)
        # nothing is lost: every value is still there, under its old or its new name
        assert sorted(map(json.dumps, _leaves(json.loads(new)))) == sorted(
            map(json.dumps, _leaves(json.loads(text)))
        )


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


# -- defect 4: structure rules per finding looped over every server ------------------------------


def test_many_servers_each_with_an_unknown_key_is_fast() -> None:
    servers = {f"s{i}": {"command": "npx", "enviroment": {}} for i in range(12_000)}
    text = json.dumps({"mcpServers": servers})
    start = time.perf_counter()
    found = mcplint.lint_text(text, path=MCP_JSON, env=ENV, select=["unknown-key"])
    assert time.perf_counter() - start < 6.0  # `_where` looped over all servers per finding
    assert len(found) == 12_000 and all(d.fix is not None for d in found)
