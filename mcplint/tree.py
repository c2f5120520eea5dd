"""The syntax tree: one `Node` type for every value, `Member` for an object's key/value pair.

Every node, member, key and comment has start/end offsets into the document text (half-open,
code points). Offsets are exact; lines and columns are derived by `mcplint.text.LineIndex`.

A node built from a subtree that the C scanner read in one go is *lazy*: its `value` is known at
once and its children (with their offsets) are computed on first access. Rules that read values
pay nothing for positions they never report.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol


class Loader(Protocol):
    """What computes a lazy node's children (the parser's expander): the tree needs nothing
    else from the parser, so `tree` imports nothing of it."""

    def expand(self, node: Node) -> None: ...


NodeKind = Literal["object", "array", "string", "number", "boolean", "null", "invalid"]
PathPart = str | int


def _weak(obj: Any) -> weakref.ref[Any] | None:
    return weakref.ref(obj) if obj is not None else None


class Node:
    """A JSON value with its span. `value` is the decoded Python value (the last of duplicate
    keys wins, as with `JSON.parse`); an `invalid` node stands for text that is no value."""

    __slots__ = (
        "__weakref__",
        "_children",
        "_ctx",
        "_index",
        "_parent",
        "end",
        "key",
        "kind",
        "start",
        "value",
    )

    def __init__(
        self,
        kind: NodeKind,
        start: int,
        end: int,
        value: Any = None,
        parent: Member | Node | None = None,
        key: PathPart | None = None,
    ) -> None:
        self.kind: NodeKind = kind
        self.start = start
        self.end = end
        self.value = value
        self._parent = _weak(parent)
        self.key = key  # this node's key in its object, or index in its array
        self._children: list[Any] | None = [] if kind in ("object", "array") else None
        self._ctx: Loader | None = None
        # key -> winning member, built on the first `get` (see there).
        self._index: tuple[int, dict[Any, Member]] | None = None

    @property
    def parent(self) -> Member | Node | None:
        """The member (object values, keys) or array holding this node; None for the root.
        Parent links are weak, so a tree holds no reference cycle and is freed as soon as it is
        dropped: keep the root (or the ParseResult) while you walk up from a node."""
        return self._parent() if self._parent is not None else None

    @parent.setter
    def parent(self, parent: Member | Node | None) -> None:
        self._parent = _weak(parent)

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.start}..{self.end})"

    # -- children ------------------------------------------------------------------------------
    def _load(self) -> list[Any]:
        if self._children is None:
            if self._ctx is None or self.kind not in ("object", "array"):
                self._children = []
            else:
                self._ctx.expand(self)
                assert self._children is not None
        return self._children

    @property
    def members(self) -> list[Member]:
        """The members of an object in text order (duplicates included); [] otherwise."""
        return self._load() if self.kind == "object" else []

    @property
    def items(self) -> list[Node]:
        """The elements of an array in text order; [] otherwise."""
        return self._load() if self.kind == "array" else []

    def get(self, key: str) -> Member | None:
        """The member that wins for `key` (the last one, as in JSON.parse)."""
        members = self.members
        # One dict per object, built on first use: a loop per look-up made rules that ask for
        # every key of an object quadratic. Parsers append members while they build the tree,
        # so the index is rebuilt when the number of members changed.
        if self._index is None or self._index[0] != len(members):
            self._index = (len(members), {m.key.value: m for m in members})
        return self._index[1].get(key)

    def child(self, part: PathPart) -> Node | None:
        if isinstance(part, int):
            items = self.items
            return items[part] if 0 <= part < len(items) else None
        member = self.get(part)
        return member.value if member else None

    def find(self, path: tuple[PathPart, ...] | list[PathPart]) -> Node | None:
        """The node at a JSON path (keys and indexes), or None."""
        node: Node | None = self
        for part in path:
            if node is None:
                return None
            node = node.child(part)
        return node

    @property
    def path(self) -> tuple[PathPart, ...]:
        parts: list[PathPart] = []
        node: Node | None = self
        while node is not None and node.key is not None:
            parts.append(node.key)
            parent = node.parent
            node = parent.parent if isinstance(parent, Member) else parent
        return tuple(reversed(parts))

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in text order (iterative: no recursion limit)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.kind == "object":
                stack.extend(m.value for m in reversed(node.members) if m.value is not None)
                stack.extend(m.key for m in reversed(node.members))
            elif node.kind == "array":
                stack.extend(reversed(node.items))


class Member:
    """`"key": value` in an object. `value` is None when the text had no value after the key."""

    __slots__ = ("__weakref__", "_parent", "colon", "comma", "key", "value")

    def __init__(self, key: Node, parent: Node) -> None:
        self.key = key
        self._parent = weakref.ref(parent)
        self.value: Node | None = None
        self.colon: int | None = None
        self.comma: int | None = None  # offset of the comma after this member, if any

    @property
    def parent(self) -> Node:
        """The object holding this member (a weak link: keep the root while you use it)."""
        parent = self._parent()
        assert parent is not None, "the tree this member belongs to was freed"
        return parent

    @parent.setter
    def parent(self, parent: Node) -> None:
        self._parent = weakref.ref(parent)

    @property
    def name(self) -> str:
        return str(self.key.value)

    @property
    def start(self) -> int:
        return self.key.start

    @property
    def end(self) -> int:
        if self.value is not None:
            return self.value.end
        return self.colon + 1 if self.colon is not None else self.key.end

    def __repr__(self) -> str:
        return f"Member({self.key.value!r}, {self.start}..{self.end})"


@dataclass(frozen=True, slots=True)
class Comment:
    start: int
    end: int
    block: bool  # /* */ rather than //


@dataclass(frozen=True, slots=True)
class Extension:
    """Use of syntax beyond strict JSON, found by the parser (the dialect rules judge it)."""

    kind: str  # "comment", "trailing-comma" or one of the JSON5 kinds in parser.JSON5_KINDS
    start: int
    end: int
    replacement: str | None = None  # the strict-JSON text for [start, end), when one exists


@dataclass(frozen=True, slots=True)
class ParseError:
    """Text no dialect accepts, or a problem the parser can pin to a place.

    `kind` is the rule that reports it: "syntax-error", "invalid-escape", "smart-quotes",
    "duplicate-key", "concatenated-documents"."""

    kind: str
    message: str
    start: int
    end: int
    related: tuple[tuple[str, int, int], ...] = ()  # (message, start, end)
    edits: tuple[tuple[int, int, str], ...] = ()  # a suggested fix as (start, end, content)
    data: tuple[tuple[str, str], ...] = ()  # facts for the rule that words it: ("key", name)

    def get(self, name: str) -> str | None:
        """A fact of `data` by name."""
        return next((value for key, value in self.data if key == name), None)
