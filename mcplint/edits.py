"""Edits that several rules build: rename a key, replace a value, remove a member or an array
item with its comma, insert an array item or a member. Each returns the minimal `TextEdit`s
(node-jsonc-parser's `edit.ts` in spirit): the rest of the text, comments, indentation and line
endings included, is left as it is. Values are given as JSON text (`json.dumps(...)`).

Tested as tables in `tests/test_edits.py`.
"""

from __future__ import annotations

import json

from mcplint.text import TextEdit
from mcplint.tree import Member, Node

_SPACE = " \t"
_BREAKS = "\r\n"


def rename_key(member: Member, new_key: str) -> TextEdit:
    """Rename a member's key (the value, comments and spacing stay)."""
    return TextEdit(member.key.start, member.key.end, json.dumps(new_key, ensure_ascii=False))


def replace_value(node: Node, json_text: str) -> TextEdit:
    """Replace a value node's text with `json_text`."""
    return TextEdit(node.start, node.end, json_text)


def remove_item(text: str, array: Node, index: int) -> list[TextEdit]:
    """Remove item `index` of an array with the comma that separates it."""
    return _remove(text, [(n.start, n.end) for n in array.items], index, array)


def remove_member(text: str, obj: Node, member: Member) -> list[TextEdit]:
    """Remove a member of an object with the comma that separates it."""
    spans = [(m.start, m.end) for m in obj.members]
    return _remove(text, spans, obj.members.index(member), obj)


def insert_item(text: str, array: Node, index: int, json_text: str) -> TextEdit:
    """Insert `json_text` as item `index` of an array (`index == len(items)`: at the end),
    separated as the array's other items are."""
    items = array.items
    if not items:
        return TextEdit(array.start + 1, array.start + 1, json_text)
    if index < len(items):
        at = items[index].start
        return TextEdit(at, at, json_text + "," + _separator(text, items, index))
    last = items[-1]
    return TextEdit(last.end, last.end, "," + _separator(text, items, len(items) - 1) + json_text)


def insert_member(text: str, obj: Node, key: str, json_text: str) -> TextEdit:
    """Insert `"key": json_text` as the last member of an object: on its own line with the
    last member's indentation when the object spans lines, else after `, `."""
    pair = f"{json.dumps(key, ensure_ascii=False)}: {json_text}"
    members = obj.members
    if not members:
        return TextEdit(obj.start + 1, obj.start + 1, pair)
    last = members[-1]
    separator = " "
    if _line_break_in(text, obj.start, last.start):
        separator = _newline(text) + (_indent_before(text, last.start) or "")
    return TextEdit(last.end, last.end, "," + separator + pair)


# -- helpers -------------------------------------------------------------------------------------


def _remove(text: str, spans: list[tuple[int, int]], index: int, container: Node) -> list[TextEdit]:
    """The edits removing span `index` and one separating comma; comments between siblings
    are kept (only the span and the comma go, then)."""
    start, end = spans[index]
    if len(spans) == 1:
        if _has_comment(text, container.start + 1, container.end - 1):
            return [TextEdit(start, end, "")]
        return [TextEdit(container.start + 1, container.end - 1, "")]
    if index + 1 < len(spans):  # the comma after it goes, and the space up to the next one
        following = spans[index + 1][0]
        comma = _comma(text, end, following)
        if _has_comment(text, end, following):
            return [TextEdit(start, comma + 1, "")]
        return [TextEdit(start, following, "")]
    previous_end = spans[index - 1][1]  # the last one: the comma before it goes
    comma = _comma(text, previous_end, start)
    if _has_comment(text, previous_end, start):
        return [TextEdit(comma, comma + 1, ""), TextEdit(start, end, "")]
    return [TextEdit(comma, end, "")]


def _comma(text: str, start: int, end: int) -> int:
    """The offset of the separating comma in `text[start:end]` (whitespace, comments and one
    comma), skipping commas inside comments."""
    i = start
    while i < end:
        if text.startswith("//", i):
            i = _line_end(text, i)
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = end if close < 0 else close + 2
        elif text[i] == ",":
            return i
        else:
            i += 1
    raise ValueError("no comma between two siblings")


def _has_comment(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return "//" in gap or "/*" in gap or "#" in gap


def _line_end(text: str, i: int) -> int:
    ends = [e for e in (text.find("\n", i), text.find("\r", i)) if e >= 0]
    return min(ends) if ends else len(text)


def _separator(text: str, items: list[Node], index: int) -> str:
    """The whitespace after the comma that follows item `index` (or before it)."""
    if index + 1 < len(items):
        gap = text[items[index].end : items[index + 1].start]
    elif index > 0:
        gap = text[items[index - 1].end : items[index].start]
    else:
        return " "
    after_comma = gap.split(",", 1)[-1]
    return after_comma if not after_comma.strip() else " "


def _indent_before(text: str, offset: int) -> str | None:
    """The indentation of the line `offset` is on, when only spaces precede it."""
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    prefix = text[line_start:offset]
    return prefix if prefix.strip(_SPACE) == "" else None


def _line_break_in(text: str, start: int, end: int) -> bool:
    return any(ch in _BREAKS for ch in text[start:end])


def _newline(text: str) -> str:
    at = text.find("\n")
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"
