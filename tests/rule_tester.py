"""One tester for every rule test (as actionlint's ok/err testdata and ruff's rule tests).

Write the source with the expected range(s) between `«` and `»`::

    expect("trailing-comma", '{"mcpServers": {}«,»}', path=".mcp.json",
           fixed='{"mcpServers": {}}')

`expect` runs that one rule alone (the engine's explicit rule list), checks that it reports
exactly the marked ranges (start and end), optionally that each message contains `message`,
then, when `fixed` is given, applies the rule's fixes, compares the text, re-parses it (no new
syntax error) and fixes it again to check that the fix is idempotent. `fixed=NO_FIX` checks that
nothing is fixed. `clean` checks that the rule reports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from mcplint.diagnostics import Diagnostic, Severity
from mcplint.engine import Options, check_bytes, fix_bytes
from mcplint.env import Environment, FakeEnvironment
from mcplint.rules import BY_NAME

OPEN, CLOSE = "«", "»"
NO_FIX = "<no fix>"


@dataclass(frozen=True)
class Marked:
    text: str
    ranges: list[tuple[int, int]]


def unmark(source: str) -> Marked:
    """The text without its markers, and the marked (start, end) offsets in that text."""
    text: list[str] = []
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    length = 0
    for ch in source:
        if ch == OPEN:
            assert start is None, "nested «"
            start = length
        elif ch == CLOSE:
            assert start is not None, "» without «"
            ranges.append((start, length))
            start = None
        else:
            text.append(ch)
            length += 1
    assert start is None, "« without »"
    return Marked("".join(text), ranges)


def run(
    rule: str, text: str, path: str, env: Environment | None = None, client: str | None = None
) -> list[Diagnostic]:
    options = Options(client=client, only=(BY_NAME[rule],))
    result = check_bytes(text.encode("utf-8"), path, env or FakeEnvironment(), options)
    return [d for d in result.diagnostics if d.rule == rule]


def expect(
    rule: str,
    source: str,
    *,
    path: str = ".mcp.json",
    message: str | None = None,
    severity: Severity | None = None,
    fixed: str | None = None,
    unsafe: bool = False,
    env: Environment | None = None,
    client: str | None = None,
) -> list[Diagnostic]:
    """Assert that `rule` reports exactly the marked ranges of `source` (see the module doc)."""
    marked = unmark(source)
    env = env or FakeEnvironment()
    found = run(rule, marked.text, path, env, client)
    got = [(d.start.offset, d.end.offset) for d in found]
    assert got == marked.ranges, _explain(marked.text, got, marked.ranges, found)
    for d in found:
        if message is not None:
            assert message in d.message, d.message
        if severity is not None:
            assert d.severity is severity, (d.severity, d.message)
    if fixed is not None:
        _check_fix(rule, marked.text, path, env, client, fixed, unsafe)
    return found


def clean(
    rule: str,
    text: str,
    *,
    path: str = ".mcp.json",
    env: Environment | None = None,
    client: str | None = None,
) -> None:
    """Assert that `rule` reports nothing on `text`."""
    found = run(rule, text, path, env, client)
    assert found == [], [f"{d.start.line}:{d.start.column} {d.message}" for d in found]


def _check_fix(
    rule: str,
    text: str,
    path: str,
    env: Environment,
    client: str | None,
    fixed: str,
    unsafe: bool,
) -> None:
    options = Options(client=client, unsafe_fixes=unsafe, only=(BY_NAME[rule],))
    result = fix_bytes(text.encode("utf-8"), path, env, options)
    new_text = result.text if result.output is not None else text
    if fixed == NO_FIX:
        assert result.output is None, f"expected no fix, got:\n{new_text}"
        return
    assert new_text == fixed
    syntax = Options(client=client, only=(BY_NAME["syntax-error"],))
    before = check_bytes(text.encode("utf-8"), path, env, syntax).diagnostics
    after = check_bytes(new_text.encode("utf-8"), path, env, syntax).diagnostics
    assert len(after) <= len(before), f"the fix broke the file: {after}"
    again = fix_bytes(new_text.encode("utf-8"), path, env, options)
    assert again.output is None, "the fix is not idempotent"


def _explain(
    text: str, got: list[tuple[int, int]], want: list[tuple[int, int]], found: list[Diagnostic]
) -> str:
    def show(ranges: list[tuple[int, int]]) -> str:
        return ", ".join(f"{s}-{e} {text[s:e]!r}" for s, e in ranges) or "nothing"

    messages = "; ".join(d.message for d in found)
    return f"reported {show(got)}, expected {show(want)} ({messages})"
