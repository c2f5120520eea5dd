"""The rule tester itself: markers, exact ranges, fixes, and that it fails when it should."""

from __future__ import annotations

import pytest
from rule_tester import NO_FIX, clean, expect, unmark

from mcplint.diagnostics import Severity


def test_unmark_gives_the_text_and_the_ranges() -> None:
    marked = unmark('{"a": 1«,»}«»')
    assert marked.text == '{"a": 1,}'
    assert marked.ranges == [(7, 8), (9, 9)]


def test_expect_checks_range_message_severity_and_fix() -> None:
    expect(
        "trailing-comma",
        '{"mcpServers": {}«,»}',
        message="trailing comma",
        severity=Severity.ERROR,
        fixed='{"mcpServers": {}}',
    )
    expect("trailing-comma", '{"servers": {}«,»}', path=".vscode/mcp.json", severity=Severity.INFO)
    clean("trailing-comma", '{"mcpServers": {}}')


def test_expect_fails_on_a_wrong_range_or_fix() -> None:
    with pytest.raises(AssertionError, match="expected"):
        expect("trailing-comma", '{"mcpServers": «{}»,}')
    with pytest.raises(AssertionError):
        expect("trailing-comma", '{"mcpServers": {}«,»}', fixed=NO_FIX)
    with pytest.raises(AssertionError):
        clean("trailing-comma", '{"mcpServers": {},}')
