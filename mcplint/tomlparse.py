"""Codex's TOML (`~/.codex/config.toml`) as the same `tree.Node` tree the JSON parser builds.

`parse_toml(text)` never raises. `tomllib` is the authority on validity and values; a small
scanner over the text finds the positions:

* Every key/value pair gives a `Member` (its `key` node is the last key segment, `colon` the
  offset of `=`); a dotted key `a.b.c = 1` gives nested object nodes `a` and `b`, spanning their
  first key segment to the end of their last value in that section.
* A `[a.b]` or `[[a.b]]` header gives a `Member` whose key node is the header's last segment
  (`NAME` in `[mcp_servers.NAME]`, `colon` None) and an object node spanning the header to the
  end of the last key/value of that section. `[[a]]` makes `a` an array node (first header to
  the end of its last element) whose items are the tables. Tables only implied by a header
  (`mcp_servers` in `[mcp_servers.NAME]`) get object nodes spanning that first header; a later
  `[mcp_servers]` header takes them over.
* The root object spans the first statement to the end of the last one (empty at the start of
  the text, after any BOM, when there is none).
* Integers and floats are kind "number"; dates, times and datetimes are kind "string" whose
  `value` is the `datetime.datetime`/`date`/`time` that tomllib gives.
* Comments (`# ...`, up to the line end) go to `comments` (`block=False`).

On invalid TOML, `errors` holds ONE "syntax-error" at the place tomllib names (a duplicate key or
table: the key, with the first definition as `related`), and the tree is the scanner's best
reading of the text: scalar values are decoded one by one (None where that fails), tables hold
the members that have a value, an array holds None when an element has none. The root is None
when nothing could be read.
"""

from __future__ import annotations

import ast
import re
import tomllib
from datetime import date, datetime, time
from typing import Any

from mcplint.parser import ParseResult
from mcplint.tree import Comment, Member, Node, NodeKind, ParseError

__all__ = ["parse_toml"]

DEEP = 100  # tomllib recurses per nesting level: past a few hundred it fails; the error goes here

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# String bodies are scanned with hand loops over single-character searches (`_body_end`), not
# with a repeated regex group, which keeps backtracking state per character (a 30 MB string
# took 3.6 GB): time linear, memory constant.
_BASIC_STOP = re.compile(r'["\\\r\n]')
_LITERAL_STOP = re.compile(r"['\r\n]")
_ML_BASIC_STOP = re.compile(r'["\\]')
_ML_LITERAL_STOP = re.compile(r"'")
_ML_BASIC_CLOSE = re.compile(r'"{3,5}')
_ML_LITERAL_CLOSE = re.compile(r"'{3,5}")
# numbers, booleans, inf/nan, dates and times (their space-separated form is joined below)
_BARE_VALUE = re.compile(r"[0-9A-Za-z_+\-.:]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SPACE_TIME = re.compile(r" [0-9]{2}:")
_GARBAGE = re.compile(r"[^\s,\[\]{}#\"'=]+")
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*')"""
# A line inside an unclosed array that is surely the next statement, never an array element:
# `key =` or a `[table]` header with a bare first key that is no array of true/false/inf/nan.
_STATEMENT = re.compile(
    rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*[ \t]*="
    r"|\[\[?[ \t]*(?!(?:true|false|inf|nan)[ \t\]])[A-Za-z_][A-Za-z0-9_-]*[ \t]*"
    r"(?:\.|\]\]?[ \t]*(?:#|\r?\n|$))"
)
# tomllib < 3.14 puts the position into the message only
_POSITION = re.compile(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", re.DOTALL)
_STRING_REPR = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_KEY_TUPLE = re.compile(rf"\({_STRING_REPR}(?:, {_STRING_REPR})*,?\)")
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), replacement)
    for pattern, replacement in (
        (r"Cannot declare (.*) twice", r"table [\1] is defined twice"),
        (r"Cannot overwrite a value", "duplicate key: a value is already defined for this key"),
        (
            r"Cannot redefine namespace (.*)",
            r"a dotted key cannot add to table [\1], which has its own [header]",
        ),
        (
            r"Cannot mutate immutable namespace (.*)",
            r"cannot add to \1: it is an inline table or array, complete where it is written",
        ),
        (r"Duplicate inline table key (.*)", r"duplicate key \1 in the inline table"),
        (r"Invalid statement", "invalid statement: expected key = value, a [table] or a comment"),
        (r"Expected '=' after a key in a key/value pair", "expected '=' after the key"),
        (
            r"Expected newline or end of document after a statement",
            "expected the end of the line after the statement",
        ),
        (
            r"Invalid value",
            "invalid value: expected a string, number, boolean, date, array or inline table",
        ),
        (r"Illegal character '\\n'", "unterminated string: the line ends before its closing quote"),
        (r"Unclosed array", "unclosed array: expected ',' or ']'"),
        (r"Unclosed inline table", "unclosed inline table: expected ',' or '}'"),
    )
)
_ESCAPE_ERRORS = ("Unescaped '\\' in a string", "Invalid hex value")
# errors that tomllib places after a key/value pair or a header key: reported on the key instead
_KEYED_ERRORS = (
    "Cannot declare",
    "Cannot overwrite a value",
    "Cannot redefine namespace",
    "Cannot mutate immutable namespace",
    "Duplicate inline table key",
)


def parse_toml(text: str) -> ParseResult:
    """Parse `text` as TOML (a leading BOM is skipped). Never raises."""
    try:
        return _parse(text)
    except Exception:  # a scanner bug must not take the linter down; the tests look for them
        return _fallback(text)


# -- the scanner --------------------------------------------------------------------------------


class _Frame:
    """An array or inline table being read by `_Scanner.value`."""

    __slots__ = ("chain", "key_start", "member", "node", "state")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.state = "open"  # open: a value/key or the closing bracket; sep: ',' or the bracket
        self.member: Member | None = None  # inline tables: the member whose value is read
        self.chain: list[Node] = []  # inline tables: objects made by that member's dotted key
        self.key_start = node.start  # inline tables: where that member's (dotted) key starts


class _Statement:
    """A key/value pair or a header: where its key is, for placing tomllib's errors."""

    __slots__ = ("end", "key_end", "key_start", "member", "start")

    def __init__(self, start: int, key_start: int, key_end: int, end: int, member: Member) -> None:
        self.start = start
        self.key_start = key_start
        self.key_end = key_end
        self.end = end
        self.member = member


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.bom = 1 if text.startswith("\ufeff") else 0
        self.root = Node("object", self.bom, self.bom)
        self.comments: list[Comment] = []
        self.problems: list[int] = []  # offsets of text the scanner could not read
        self.statements: list[_Statement] = []
        self.table = self.root  # the table that key/value pairs go to
        self.section: list[Node] = [self.root]  # nodes whose span grows with each pair
        self.first: int | None = None  # start of the first top-level statement
        self.last = self.bom  # end of the last one
        self.implicit: set[Node] = set()  # tables only implied by a header so far
        self.table_arrays: set[Node] = set()  # arrays made by [[headers]]
        self.unclosed: set[Node] = set()  # arrays and inline tables without their bracket
        self.deep: int | None = None  # the first bracket nested DEEP levels down
        self.index: dict[Node, dict[str, Member]] = {}  # object -> name -> last member

    # -- small readers ---------------------------------------------------------------------------
    def ws(self, pos: int) -> int:
        text, n = self.text, self.n
        while pos < n and text[pos] in " \t":
            pos += 1
        return pos

    def comment(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        if end < 0:
            end = self.n
        elif self.text[end - 1] == "\r":
            end -= 1
        self.comments.append(Comment(pos, end, False))
        return end

    def filler(self, pos: int) -> tuple[int, bool]:
        """Skip whitespace, newlines and comments (inside brackets); also say if a line ended."""
        text, n = self.text, self.n
        crossed = False
        while True:
            pos = self.ws(pos)
            if pos >= n:
                return pos, crossed
            ch = text[pos]
            if ch == "#":
                pos = self.comment(pos)
            elif ch == "\n":
                pos += 1
                crossed = True
            elif ch == "\r" and text.startswith("\r\n", pos):
                pos += 2
                crossed = True
            else:
                return pos, crossed

    def problem(self, pos: int) -> None:
        self.problems.append(pos)

    @staticmethod
    def match_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
        m = pattern.match(text, pos)
        return m.end() if m else pos

    # -- keys ------------------------------------------------------------------------------------
    def simple_key(self, pos: int) -> Node | None:
        text = self.text
        ch = text[pos] if pos < self.n else ""
        if ch == '"':
            end = _body_end(text, pos + 1, '"', multiline=False)
            if not text.startswith('"', end):
                return None
            raw = text[pos + 1 : end]
            if "\\" in raw:
                ok, decoded = _decode(text[pos : end + 1])
                raw = decoded if ok and isinstance(decoded, str) else raw
            return Node("string", pos, end + 1, raw)
        if ch == "'":
            end = _body_end(text, pos + 1, "'", multiline=False)
            if not text.startswith("'", end):
                return None
            return Node("string", pos, end + 1, text[pos + 1 : end])
        m = _BARE_KEY.match(text, pos)
        return Node("string", pos, m.end(), m.group()) if m else None

    def key(self, pos: int) -> tuple[list[Node], int]:
        """A dotted key: its segments (none if there is no key at `pos`) and its end."""
        segments: list[Node] = []
        while True:
            segment = self.simple_key(pos)
            if segment is None:
                return [], pos
            segments.append(segment)
            after = self.ws(segment.end)
            if not self.text.startswith(".", after):
                return segments, segment.end
            pos = self.ws(after + 1)

    # -- tree building ---------------------------------------------------------------------------
    def lookup(self, obj: Node, name: str) -> Node | None:
        member = self.index.get(obj, {}).get(name)
        return member.value if member is not None else None

    def add_member(self, obj: Node, key: Node, value: Node | None) -> Member:
        member = Member(key, obj)
        key.parent = member
        member.value = value
        if value is not None:
            value.parent = member
            value.key = member.name
        obj.members.append(member)
        self.index.setdefault(obj, {})[member.name] = member
        return member

    def table_of(self, node: Node | None) -> Node | None:
        """The table that a key path continues into: an object, or the last table of [[a]]."""
        if node is None:
            return None
        if node.kind == "object":
            return node
        if node in self.table_arrays and node.items:
            return node.items[-1]
        return None

    def dotted(self, obj: Node, segments: list[Node]) -> list[Node]:
        """The objects for the leading segments of a dotted key, made where missing."""
        chain: list[Node] = []
        for segment in segments:
            child = self.table_of(self.lookup(obj, str(segment.value)))
            if child is None:
                child = Node("object", segment.start, segment.start)
                self.add_member(obj, segment, child)
            chain.append(child)
            obj = child
        return chain

    def open_table(self, segments: list[Node], is_array: bool, start: int, end: int) -> Member:
        """Make (or reopen) the table of a `[header]` / `[[header]]`; return its member."""
        obj = self.root
        for segment in segments[:-1]:
            child = self.table_of(self.lookup(obj, str(segment.value)))
            if child is None:
                child = Node("object", start, end)
                self.add_member(obj, segment, child)
                self.implicit.add(child)
            obj = child
        last = segments[-1]
        name = str(last.value)
        existing = self.lookup(obj, name)
        if is_array:
            if existing is not None and existing in self.table_arrays:
                array = existing
                member = self.index[obj][name]
            else:
                array = Node("array", start, end)
                member = self.add_member(obj, last, array)
                self.table_arrays.add(array)
            table = Node("object", start, end, parent=array, key=len(array.items))
            array.items.append(table)
            self.section = [table, array]
        elif existing is not None and existing in self.implicit:
            self.implicit.discard(existing)  # the first [header] of a table implied before
            table = existing
            table.start, table.end = start, end
            member = self.index[obj][name]
            member.key = last
            last.parent = member
            self.section = [table]
        else:
            table = Node("object", start, end)
            member = self.add_member(obj, last, table)
            self.section = [table]
        self.table = table
        return member

    def extend(self, end: int) -> None:
        for node in self.section:
            node.end = max(node.end, end)

    def record(self, start: int, segments: list[Node], end: int, member: Member) -> None:
        self.statements.append(_Statement(start, segments[0].start, segments[-1].end, end, member))

    # -- statements ------------------------------------------------------------------------------
    def scan(self) -> None:
        text, n = self.text, self.n
        pos = self.bom
        while pos < n:
            pos = self.ws(pos)
            if pos >= n:
                break
            ch = text[pos]
            if ch == "\n":
                pos += 1
                continue
            if ch == "\r" and text.startswith("\r\n", pos):
                pos += 2
                continue
            if ch == "#":
                pos = self.comment(pos)
                continue
            pos = self.header(pos) if ch == "[" else self.key_value(pos)
            pos = self.end_of_statement(pos)
        if self.first is not None:
            self.root.start, self.root.end = self.first, self.last

    def end_of_statement(self, pos: int) -> int:
        """Skip to the line end; anything but a comment before it is a problem, skipped."""
        text, n = self.text, self.n
        pos = self.ws(pos)
        if pos < n and text[pos] == "#":
            pos = self.comment(pos)
        if pos >= n or text[pos] == "\n" or text.startswith("\r\n", pos):
            return pos
        self.problem(pos)
        newline = text.find("\n", pos)
        return n if newline < 0 else newline

    def top_level(self, start: int, end: int) -> None:
        if self.first is None:
            self.first = start
        self.last = max(self.last, end)

    def header(self, pos: int) -> int:
        text = self.text
        is_array = text.startswith("[[", pos)
        segments, after = self.key(self.ws(pos + (2 if is_array else 1)))
        if not segments:
            self.problem(after)
            self.table = Node("object", pos, pos)  # what follows belongs to no table we know
            self.section = [self.table]
            return after
        close = "]]" if is_array else "]"
        at = self.ws(after)
        if text.startswith(close, at):
            end = resume = at + len(close)
        else:
            self.problem(at)
            end, resume = after, at
        member = self.open_table(segments, is_array, pos, end)
        self.record(pos, segments, end, member)
        self.top_level(pos, end)
        return resume

    def key_value(self, pos: int) -> int:
        segments, after = self.key(pos)
        if not segments:
            return pos  # end_of_statement reports it
        equals = self.ws(after)
        if not self.text.startswith("=", equals):
            return after
        value, resume = self.value(self.ws(equals + 1))
        chain = self.dotted(self.table, segments[:-1])
        member = self.add_member(chain[-1] if chain else self.table, segments[-1], value)
        member.colon = equals
        end = value.end if value is not None else equals + 1
        for obj in chain:
            obj.end = max(obj.end, end)
        self.extend(end)
        self.record(pos, segments, end, member)
        self.top_level(pos, end)
        return resume

    # -- values ----------------------------------------------------------------------------------
    def scalar(self, pos: int) -> Node | None:
        """A string, number, boolean or date at `pos`; an "invalid" node for other text."""
        text, n = self.text, self.n
        ch = text[pos] if pos < n else ""
        if ch == '"' or ch == "'":
            if text.startswith(ch * 3, pos):
                close = _ML_BASIC_CLOSE if ch == '"' else _ML_LITERAL_CLOSE
                end = _body_end(text, pos + 3, ch, multiline=True)
                closed = close.match(text, end)
                end = closed.end() if closed else n
            else:
                end = _body_end(text, pos + 1, ch, multiline=False)
                if text.startswith(ch, end):
                    end += 1
            return Node("string", pos, end)
        m = _BARE_VALUE.match(text, pos)
        if m:
            end = m.end()
            if _DATE.fullmatch(text, pos, end) and _SPACE_TIME.match(text, end):
                end = self.match_end(_BARE_VALUE, text, end + 1)
            token = text[pos:end]
            return Node("boolean" if token in ("true", "false") else "number", pos, end)
        m = _GARBAGE.match(text, pos)
        return Node("invalid", pos, m.end()) if m else None

    def value(self, pos: int) -> tuple[Node | None, int]:
        """The value at `pos` and the offset after it. Arrays and inline tables are read with an
        explicit stack (deep nesting cannot overflow). On text that is no value it stops, notes
        a problem, leaves what is open unclosed and returns the end of the last token read."""
        text, n = self.text, self.n
        first: Node | None = None
        frames: list[_Frame] = []
        good = pos
        while True:
            if frames:
                frame = frames[-1]
                node = frame.node
                pos, crossed = self.filler(pos)
                ch = text[pos] if pos < n else ""
                if node.kind == "array" and crossed and _STATEMENT.match(text, pos):
                    break  # an unclosed array: this line is the next statement
                if ch == ("]" if node.kind == "array" else "}"):
                    pos = good = node.end = pos + 1
                    frames.pop()
                    if not frames:
                        return first, pos
                    self.value_done(frames[-1], node)
                    continue
                if frame.state == "sep":
                    if ch != ",":
                        break
                    if frame.member is not None:
                        frame.member.comma = pos
                    frame.state = "open"
                    pos = good = pos + 1
                    continue
                if node.kind == "object":
                    segments, after = self.key(pos)
                    equals = self.ws(after)
                    if not segments or not text.startswith("=", equals):
                        break
                    frame.chain = self.dotted(node, segments[:-1])
                    owner = frame.chain[-1] if frame.chain else node
                    frame.member = self.add_member(owner, segments[-1], None)
                    frame.member.colon = equals
                    frame.key_start = segments[0].start
                    pos = good = self.ws(equals + 1)
            ch = text[pos] if pos < n else ""
            if ch == "[" or ch == "{":
                child = Node("array" if ch == "[" else "object", pos, pos + 1)
            else:
                scalar = self.scalar(pos)
                if scalar is None:
                    break
                child = scalar
            if frames:
                self.attach(frames[-1], child)
            else:
                first = child
            pos = good = child.end
            if child.kind in ("array", "object"):
                frames.append(_Frame(child))
                if len(frames) == DEEP and self.deep is None:
                    self.deep = child.start
            elif not frames:
                return first, pos
            else:
                self.value_done(frames[-1], child)
        self.problem(pos)
        for frame in frames:
            frame.node.end = max(frame.node.end, good)
            self.unclosed.add(frame.node)
        return first, good

    def attach(self, frame: _Frame, child: Node) -> None:
        parent = frame.node
        if parent.kind == "array":
            child.parent = parent
            child.key = len(parent.items)
            parent.items.append(child)
        elif frame.member is not None:
            frame.member.value = child
            child.parent = frame.member
            child.key = frame.member.name

    def value_done(self, frame: _Frame, child: Node) -> None:
        """`child`, in `frame`'s container, is complete."""
        frame.state = "sep"
        member = frame.member
        if frame.node.kind == "object" and member is not None:
            for obj in frame.chain:
                obj.end = max(obj.end, child.end)
            start = frame.key_start
            self.statements.append(_Statement(start, start, member.key.end, child.end, member))

    # -- values from tomllib or from the text ------------------------------------------------------
    def assign(self, data: dict[str, Any]) -> None:
        """Give every node its part of tomllib's result (the text is valid TOML)."""
        stack: list[tuple[Node, Any]] = [(self.root, data)]
        while stack:
            node, value = stack.pop()
            node.value = value
            if node.kind == "object":
                if not isinstance(value, dict):
                    self.problem(node.start)
                    continue
                for member in node.members:
                    if member.value is None:
                        continue
                    if member.name in value:
                        stack.append((member.value, value[member.name]))
                    else:
                        self.problem(member.start)
            elif node.kind == "array":
                if isinstance(value, list) and len(value) == len(node.items):
                    stack.extend(zip(node.items, value, strict=True))
                else:
                    self.problem(node.start)
            else:
                node.kind = _kind_of(value)

    def decode_all(self) -> None:
        """Values read from the text alone (it is not valid TOML): each scalar on its own."""
        order: list[Node] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            order.append(node)
            if node.kind == "object":
                stack.extend(m.value for m in node.members if m.value is not None)
            elif node.kind == "array":
                stack.extend(node.items)
        for node in reversed(order):  # children before their parents
            if node.kind == "object":
                node.value = {
                    m.name: m.value.value
                    for m in node.members
                    if m.value is not None and m.value.value is not None
                }
            elif node.kind == "array":
                values = [item.value for item in node.items]
                complete = node not in self.unclosed and all(v is not None for v in values)
                node.value = values if complete else None
            else:
                ok, value = _decode(self.text[node.start : node.end])
                if ok:
                    node.value = value
                    node.kind = _kind_of(value)
                else:
                    node.value = None
                    if node.kind != "string":
                        node.kind = "invalid"
                    self.problem(node.start)

    def statement_at(self, offset: int) -> _Statement | None:
        """The innermost key/value pair or header around `offset`."""
        best: _Statement | None = None
        for statement in self.statements:
            if statement.start <= offset <= statement.end and (
                best is None or statement.start >= best.start
            ):
                best = statement
        return best


def _body_end(text: str, pos: int, quote: str, *, multiline: bool) -> int:
    """Where the body of a string starting at `pos` (after its opening quote(s)) ends: at its
    closing quote (a run of three or more for a multi-line string), at the line end for a
    one-line string, at a backslash that escapes nothing, or at the end of the text."""
    basic = quote == '"'
    if multiline:
        stop = _ML_BASIC_STOP if basic else _ML_LITERAL_STOP
    else:
        stop = _BASIC_STOP if basic else _LITERAL_STOP
    n = len(text)
    while True:
        m = stop.search(text, pos)
        if m is None:
            return n
        pos = m.start()
        ch = text[pos]
        if ch == "\\":
            if pos + 1 >= n or (not multiline and text[pos + 1] in "\r\n"):
                return pos
            pos += 2
        elif ch == quote and multiline:
            run = pos
            while run < n and text[run] == quote:
                run += 1
            if run - pos >= 3:
                return pos
            pos = run
        else:
            return pos  # the closing quote, or the end of the line


def _decode(snippet: str) -> tuple[bool, Any]:
    """The value of one TOML value's text, by tomllib."""
    try:
        return True, tomllib.loads("v = " + snippet)["v"]
    except Exception:
        return False, None


def _kind_of(value: Any) -> NodeKind:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str | datetime | date | time):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "invalid"


# -- errors ---------------------------------------------------------------------------------------


def _locate(text: str, exc: tomllib.TOMLDecodeError) -> tuple[str, int]:
    """tomllib's message without its position, and the offset in `text` it names.

    tomllib reads `text` without its BOM and with CRLF made LF; Python 3.14 gives `msg`,
    `lineno` and `colno`, older versions only "... (at line L, column C)" or "(at end of
    document)". Line and column count the same in `text`: lines end at LF, and a CR before it
    ends the line's characters."""
    bom = 1 if text.startswith("\ufeff") else 0
    body = text[bom:]
    message = getattr(exc, "msg", None)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    if not (isinstance(message, str) and isinstance(line, int) and isinstance(column, int)):
        m = _POSITION.fullmatch(str(exc))
        if m is None:
            return str(exc), bom
        message = m.group(1)
        if m.group(2) is None:
            return message, len(text)
        line, column = int(m.group(2)), int(m.group(3))
    start = 0
    for _ in range(line - 1):
        newline = body.find("\n", start)
        if newline < 0:
            return message, len(text)
        start = newline + 1
    return message, bom + min(start + max(column - 1, 0), len(body))


def _dotted_key(tuple_repr: str) -> str:
    try:
        parts = ast.literal_eval(tuple_repr)
    except (ValueError, SyntaxError):
        return tuple_repr
    if not isinstance(parts, tuple) or not all(isinstance(p, str) for p in parts):
        return tuple_repr
    return ".".join(
        p if _BARE_KEY.fullmatch(p) else '"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for p in parts
    )


def _readable(message: str) -> str:
    message = _KEY_TUPLE.sub(lambda m: _dotted_key(m.group()), message)
    for pattern, replacement in _REWRITES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message[:1].lower() + message[1:]


def _toml_error(scanner: _Scanner, exc: tomllib.TOMLDecodeError) -> ParseError:
    text = scanner.text
    message, offset = _locate(text, exc)
    if message in _ESCAPE_ERRORS:  # tomllib points after the escape: show the escape itself
        backslash = text.rfind("\\", scanner.bom, offset)
        if backslash >= 0 and "\n" not in text[backslash:offset]:
            escape = text[backslash : backslash + 2]
            return ParseError(
                "syntax-error",
                f"invalid escape sequence '{escape}' in a string: write \\\\ for a backslash,"
                " or use a 'literal string'",
                backslash,
                backslash + len(escape),
            )
    statement = scanner.statement_at(offset) if message.startswith(_KEYED_ERRORS) else None
    if statement is not None:
        member = statement.member
        related: tuple[tuple[str, int, int], ...] = ()
        for other in member.parent.members:
            if other is member:
                break
            if other.name == member.name:
                related = (("first defined here", other.key.start, other.key.end),)
        return ParseError(
            "syntax-error", _readable(message), statement.key_start, statement.key_end, related
        )
    return ParseError("syntax-error", _readable(message), offset, min(offset + 1, len(text)))


# -- the whole ------------------------------------------------------------------------------------


def _parse(text: str) -> ParseResult:
    scanner = _Scanner(text)
    scanner.scan()
    result = ParseResult(text, scanner.root, comments=scanner.comments)
    try:
        data = tomllib.loads(text[scanner.bom :])
    except tomllib.TOMLDecodeError as exc:
        scanner.decode_all()
        result.errors.append(_toml_error(scanner, exc))
    except Exception as exc:  # RecursionError on deep nesting, ValueError on a huge integer
        scanner.decode_all()
        at = min(scanner.problems, default=scanner.bom)
        what = str(exc)
        if isinstance(exc, RecursionError):
            at = scanner.deep if scanner.deep is not None else at
            what = "it is nested too deeply"
        elif isinstance(exc, ValueError) and "integer string conversion" in what:
            what = "an integer has thousands of digits; TOML integers are 64-bit"
        message = f"the TOML cannot be read: {what}"
        result.errors.append(ParseError("syntax-error", message, at, min(at + 1, len(text))))
    else:
        scanner.assign(data)
        return result
    if not scanner.root.members:
        result.root = None
    return result


def _fallback(text: str) -> ParseResult:
    """The result when the scanner itself failed: tomllib's value without positions."""
    root: Node | None = None
    errors: list[ParseError] = []
    try:
        bom = 1 if text.startswith("\ufeff") else 0
        root = Node("object", bom, len(text), tomllib.loads(text[bom:]))
    except tomllib.TOMLDecodeError as error:
        message, offset = _locate(text, error)
        errors.append(
            ParseError("syntax-error", _readable(message), offset, min(offset + 1, len(text)))
        )
    except Exception as error:
        errors.append(ParseError("syntax-error", f"the TOML cannot be read: {error}", 0, 0))
    return ParseResult(text, root, errors)
