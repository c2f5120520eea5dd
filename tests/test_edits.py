"""The shared edit helpers, as tables: (source, operation, expected text); every result parses
to the value the operation means."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mcplint.edits import (
    insert_item,
    insert_member,
    remove_item,
    remove_member,
    rename_key,
    replace_value,
)
from mcplint.parser import parse
from mcplint.text import TextEdit, apply_edits
from mcplint.tree import Node

Op = Callable[[str, Node], list[TextEdit]]


def _array(text: str, root: Node) -> Node:
    node = root.find(("a",))
    assert node is not None
    return node


def item_insert(index: int, value: object) -> Op:
    return lambda text, root: [insert_item(text, _array(text, root), index, json.dumps(value))]


def item_remove(index: int) -> Op:
    return lambda text, root: remove_item(text, _array(text, root), index)


def member_remove(key: str) -> Op:
    def op(text: str, root: Node) -> list[TextEdit]:
        member = root.get(key)
        assert member is not None
        return remove_member(text, root, member)

    return op


def member_insert(key: str, value: object) -> Op:
    return lambda text, root: [insert_member(text, root, key, json.dumps(value))]


def member_rename(key: str, new: str) -> Op:
    def op(text: str, root: Node) -> list[TextEdit]:
        member = root.get(key)
        assert member is not None
        return [rename_key(member, new)]

    return op


def value_replace(key: str, value: object) -> Op:
    def op(text: str, root: Node) -> list[TextEdit]:
        node = root.find((key,))
        assert node is not None
        return [replace_value(node, json.dumps(value))]

    return op


CASES: list[tuple[str, Op, str]] = [
    # insert an array item
    ('{"a": []}', item_insert(0, "-y"), '{"a": ["-y"]}'),
    ('{"a": ["x"]}', item_insert(0, "-y"), '{"a": ["-y", "x"]}'),
    ('{"a": ["x"]}', item_insert(1, "-y"), '{"a": ["x", "-y"]}'),
    ('{"a": ["x", "z"]}', item_insert(1, "y"), '{"a": ["x", "y", "z"]}'),
    ('{"a": ["x","z"]}', item_insert(1, "y"), '{"a": ["x","y","z"]}'),
    ('{"a": [\n  "x",\n  "z"\n]}', item_insert(0, "w"), '{"a": [\n  "w",\n  "x",\n  "z"\n]}'),
    ('{"a": [\n  "x"\n]}', item_insert(1, "y"), '{"a": [\n  "x", "y"\n]}'),
    (
        '{"a": [\r\n  "x",\r\n  "z"\r\n]}',
        item_insert(2, "y"),
        '{"a": [\r\n  "x",\r\n  "z",\r\n  "y"\r\n]}',
    ),
    # remove an array item
    ('{"a": ["x"]}', item_remove(0), '{"a": []}'),
    ('{"a": ["x", "y"]}', item_remove(0), '{"a": ["y"]}'),
    ('{"a": ["x", "y"]}', item_remove(1), '{"a": ["x"]}'),
    ('{"a": ["x", "y", "z"]}', item_remove(1), '{"a": ["x", "z"]}'),
    ('{"a": [\n  "x",\n  "y"\n]}', item_remove(1), '{"a": [\n  "x"\n]}'),
    ('{"a": ["x", /* keep, me */ "y"]}', item_remove(1), '{"a": ["x" /* keep, me */ ]}'),
    ('{"a": ["x", // keep\n "y"]}', item_remove(0), '{"a": [ // keep\n "y"]}'),
    # remove a member
    ('{"k": 1}', member_remove("k"), "{}"),
    ('{"k": 1, "l": 2}', member_remove("k"), '{"l": 2}'),
    ('{"k": 1, "l": 2}', member_remove("l"), '{"k": 1}'),
    ('{\n  "k": 1,\n  "l": 2\n}', member_remove("l"), '{\n  "k": 1\n}'),
    ('{\n  "k": 1, // why\n  "l": 2\n}', member_remove("k"), '{\n   // why\n  "l": 2\n}'),
    # insert a member
    ("{}", member_insert("k", 1), '{"k": 1}'),
    ('{"a": 1}', member_insert("k", [2]), '{"a": 1, "k": [2]}'),
    ('{\n  "a": 1\n}', member_insert("k", "v"), '{\n  "a": 1,\n  "k": "v"\n}'),
    ('{\r\n\t"a": 1\r\n}', member_insert("k", "v"), '{\r\n\t"a": 1,\r\n\t"k": "v"\r\n}'),
    # rename a key, replace a value
    ('{"Args": 1} // c', member_rename("Args", "args"), '{"args": 1} // c'),
    ('{"k": "npx -y x"}', value_replace("k", "npx"), '{"k": "npx"}'),
]


@pytest.mark.parametrize(("source", "op", "expected"), CASES)
def test_edit(source: str, op: Op, expected: str) -> None:
    root = parse(source).root
    assert root is not None
    result = apply_edits(source, op(source, root))
    assert result == expected
    assert parse(result).ok
