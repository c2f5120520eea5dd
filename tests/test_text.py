"""Positions: human line/column, LSP positions in UTF-16/UTF-8/UTF-32 units, text edits."""

from __future__ import annotations

import pytest

from mcplint.text import LineIndex, OverlappingEditsError, Position, TextEdit, apply_edits

TEXT = '{\r\n  "a": "😀x",\n  "é": 1\r}'


def test_lines_end_at_lf_crlf_and_cr() -> None:
    index = LineIndex(TEXT)
    assert [index.line_text(i) for i in range(4)] == ["{", '  "a": "😀x",', '  "é": 1', "}"]
    assert index.position(TEXT.index("x")) == Position(2, 10, TEXT.index("x"))


def test_bom_has_no_column() -> None:
    index = LineIndex('\ufeff{"a": 1}')
    assert index.position(0).column == 1
    assert index.position(1).column == 1
    assert index.position(2).column == 2


@pytest.mark.parametrize(("encoding", "character"), [("utf-16", 10), ("utf-8", 12), ("utf-32", 9)])
def test_lsp_position_counts_the_negotiated_units(encoding: str, character: int) -> None:
    index = LineIndex(TEXT)
    offset = TEXT.index("x")  # after an astral emoji: 2 UTF-16 units, 4 UTF-8 bytes
    assert index.lsp_position(offset, encoding) == {"line": 1, "character": character}
    assert index.offset_of(1, character, encoding) == offset


def test_offset_of_clamps_past_a_line_end_and_past_the_text() -> None:
    index = LineIndex(TEXT)
    assert index.offset_of(0, 99) == 1  # end of "{", before the CRLF
    assert index.offset_of(99, 0) == len(TEXT)
    assert index.offset_of(-1, 5) == 0


def test_apply_edits_in_any_order_and_refuses_overlaps() -> None:
    edits = [TextEdit(5, 6, "B"), TextEdit(0, 1, "A"), TextEdit(3, 3, "+")]
    assert apply_edits("abcdefg", edits) == "Abc+deBg"
    with pytest.raises(OverlappingEditsError):
        apply_edits("abcdefg", [TextEdit(0, 3, ""), TextEdit(2, 4, "")])
