"""The tolerant, lossless parser for JSON, JSONC and JSON5.

`parse(text)` never raises. It accepts the union of the three dialects, builds a `tree.Node` tree
in which every node, member, key and comment keeps its offsets, reports every use of syntax
beyond strict JSON as an `Extension` (the client decides whether that is allowed), and reports
what no dialect accepts as `ParseError`s while recovering: a missing comma or a stray character
does not hide the rest of the file.

Speed: wherever a value is valid strict JSON, the stdlib's C scanner (`json` `scan_once`) reads
the whole subtree at C speed and the node becomes lazy (children and offsets computed on first
access). The Python state machine below only walks the levels it must: the top two, the parts
that hold comments or errors, and whatever a rule asks for. It is iterative, so 200,000 nested
brackets give a diagnostic, never a RecursionError.
"""

from __future__ import annotations

import json
import json.decoder
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mcplint.tree import Comment, Extension, Member, Node, NodeKind, ParseError

MAX_DEPTH = 256  # deeper nesting is reported and skipped: no config needs it, recursion would
EAGER_DEPTH = 1  # the root is walked at once; the C scanner reads each of its values whole
FAST_DEPTH_LIMIT = 64  # below this depth containers are not handed to the C scanner
MAX_ERRORS = 200  # after this many syntax errors the rest of the text is not read

JSON5_KINDS = (
    "single-quoted-string",
    "unquoted-key",
    "hex-number",
    "leading-plus",
    "leading-decimal-point",
    "trailing-decimal-point",
    "infinity-nan",
    "line-continuation",
    "json5-escape",
    "json5-whitespace",
    "control-character",
)

_WS = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_JSON5_NUMBER = re.compile(
    r"[+-]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN"
    r"|(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
)
_IDENT = re.compile(r"(?:[^\W\d]|\$)(?:\w|\$|\u200c|\u200d)*")
_GARBAGE = re.compile(r"[^\s{}\[\],:\"'“”‘’/]+")
# Where a `//` comment (and a line) ends: CR or LF only. JSON5 also ends lines at U+2028/U+2029,
# but the JSONC readers the clients use (jsonc-parser, strip-json-comments) do not: a `//`
# comment runs on across them, and the clients' reading wins for the files they read.
_LINE_END = re.compile(r"[\n\r]")
# What ends a run of plain characters in a string. U+2028/U+2029 are allowed raw in JSON and
# JSON5 strings (they end a line only outside strings).
_STRING_SPECIAL = {
    '"': re.compile(r'["\\\x00-\x1f]'),
    "'": re.compile(r"['\\\x00-\x1f]"),
    "“": re.compile(r'[”“"\\\x00-\x1f]'),
    "‘": re.compile(r"[’‘'\\\x00-\x1f]"),
}
# What the stray-group skip must see: brackets, string openers and comment openers.
_BALANCE_TOKEN = re.compile(r"[\[\]{}\"']|//|/\*")
# What ends a string's run of plain characters for the skip: its quote, a backslash, a line end.
_STRING_STOP = {'"': re.compile(r'["\\\r\n]'), "'": re.compile(r"['\\\r\n]")}
_SMART_OPEN = {"“": "“", "”": "“", "‘": "‘", "’": "‘"}  # either quote opens: normalise
_SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
_JSON5_ESCAPES = {"'": ("'", "'"), "v": ("\v", "\\u000b"), "0": ("\0", "\\u0000")}
_LINE_TERMINATORS = "\n\r\u2028\u2029"
_KIND_BY_FIRST_CHAR: dict[str, NodeKind] = {
    "{": "object",
    "[": "array",
    '"': "string",
    "t": "boolean",
    "f": "boolean",
    "n": "null",
}


_Scanner = Callable[[str, int], tuple[Any, int]]
# `json.decoder.scanstring` (C) is missing from typeshed, hence getattr.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(  # noqa: B009
    json.decoder, "scanstring"
)


def _ws_end(text: str, pos: int) -> int:
    """The offset after the JSON whitespace at `pos`."""
    m = _WS.match(text, pos)
    return m.end() if m else pos


class _RejectConstant(ValueError):
    """Raised inside the C scanner for NaN/Infinity, which strict JSON does not have."""


def _reject_constant(name: str) -> Any:
    raise _RejectConstant(name)


# Python refuses to convert decimal strings longer than this to `int` (CVE-2020-10735); it is
# also the point past which the conversion is quadratic. Nothing in a config needs such a number.
INT_DIGITS_LIMIT = 4300


def _int_or_float(raw: str) -> Any:
    """The value of a decimal integer literal: an `int`, or for more than `INT_DIGITS_LIMIT`
    digits the float `JSON.parse` would give (inf, as JavaScript numbers are doubles)."""
    if len(raw) - (raw[:1] in "+-") <= INT_DIGITS_LIMIT:
        return int(raw)
    return float(raw)


def _is_json5_space(ch: str) -> bool:
    return ch in "\v\f\xa0\ufeff\u2028\u2029" or unicodedata.category(ch) == "Zs"


@dataclass
class ParseResult:
    text: str
    root: Node | None
    errors: list[ParseError] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    extra_roots: list[Node] = field(default_factory=list)  # concatenated documents

    @property
    def value(self) -> Any:
        return self.root.value if self.root is not None else None

    @property
    def ok(self) -> bool:
        """True when the text is a single valid document (extensions allowed)."""
        return self.root is not None and not any(
            e.kind in ("syntax-error", "concatenated-documents") for e in self.errors
        )


def parse(text: str) -> ParseResult:
    """Parse `text` (JSON, JSONC or JSON5). Never raises."""
    parser = _Parser(text)
    parser.parse_document()
    return parser.result


class _Frame:
    __slots__ = ("depth", "member", "node", "seen", "state", "trailing_comma")

    def __init__(self, node: Node, depth: int) -> None:
        self.node = node
        self.depth = depth
        self.state = "first"  # first | key | colon | value | sep  (arrays: first | value | sep)
        self.member: Member | None = None
        self.seen: dict[str, Node] = {}
        self.trailing_comma: int | None = None


class _DuplicateCounter:
    """The C scanner's `object_pairs_hook`: builds each object and counts those with a repeated
    key. A separate object, not a parser method, so the scanner keeps no cycle alive."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen = 0

    def __call__(self, pairs: list[tuple[str, Any]], _dict: type = dict) -> dict[str, Any]:
        # Called for every object the C scanner reads: kept as small as it can be.
        d: dict[str, Any] = _dict(pairs)
        if len(d) != len(pairs):
            self.seen += 1
        return d


class _Expander:
    """What a lazy node needs to compute its children: the text and the C scanner. Kept apart
    from the parser so that lazy nodes do not keep the parse result alive (no cycle)."""

    def __init__(self, text: str) -> None:
        self.text = text
        # The region was already accepted by the parser's scanner: the plain one is faster.
        decoder = json.JSONDecoder(parse_int=_int_or_float)
        self._scan: _Scanner = getattr(decoder, "scan_once")  # noqa: B009

    def expand(self, node: Node) -> None:
        """Compute the children of a lazy node, one level deep.

        A lazy node's text is valid strict JSON without duplicate keys (the C scanner read it),
        so this loop needs no error handling: keys come from `scanstring`, values from
        `scan_once`, and container children are lazy in turn.
        """
        text, ws, scanstring = self.text, _ws_end, _scanstring
        children: list[Any] = []
        pos = ws(text, node.start + 1)
        if node.kind == "object":
            while text[pos] == '"':
                key_value, end = scanstring(text, pos + 1, True)
                member = Member(Node("string", pos, end, key_value), node)
                member.key.parent = member
                member.colon = ws(text, end)
                pos = ws(text, member.colon + 1)
                member.value = self._lazy_child(pos, member, key_value)
                children.append(member)
                pos = ws(text, member.value.end)
                if text[pos] != ",":
                    break
                member.comma = pos
                pos = ws(text, pos + 1)
        else:
            while text[pos] != "]":
                child = self._lazy_child(pos, node, len(children))
                children.append(child)
                pos = ws(text, child.end)
                if text[pos] != ",":
                    break
                pos = ws(text, pos + 1)
        node._children = children

    def _lazy_child(self, pos: int, parent: Member | Node, key: str | int) -> Node:
        value, end = self._scan(self.text, pos)
        kind = _KIND_BY_FIRST_CHAR.get(self.text[pos], "number")
        child = Node(kind, pos, end, value, parent, key)
        if kind in ("object", "array"):
            child._children = None
            child._ctx = self
        return child


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.result = ParseResult(text, None)
        self.duplicates = _DuplicateCounter()
        decoder = json.JSONDecoder(
            object_pairs_hook=self.duplicates,
            parse_constant=_reject_constant,
            parse_int=_int_or_float,
        )
        self._scan_once: _Scanner = getattr(decoder, "scan_once")  # noqa: B009 (untyped)
        self._scanstring = _scanstring
        self.expander = _Expander(text)
        self._stopped = False
        self._syntax_errors = 0

    # -- reporting ---------------------------------------------------------------------------
    def error(
        self,
        message: str,
        start: int,
        end: int | None = None,
        *,
        kind: str = "syntax-error",
        related: tuple[tuple[str, int, int], ...] = (),
        edits: tuple[tuple[int, int, str], ...] = (),
        data: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Record a problem: `kind` is the rule that words and reports it, `message` says what
        the text is (no word about MCP or clients: rules add what it means for the client),
        `data` the facts a rule may need (`("key", name)`)."""
        errors = self.result.errors
        if kind != "syntax-error":
            # Recovered problems (duplicate keys, smart quotes, bad escapes) do not stop reading:
            # a file a client reads must get the same answer however many it holds.
            errors.append(
                ParseError(
                    kind, message, start, start if end is None else end, related, edits, data
                )
            )
            return
        self._syntax_errors += 1
        if self._syntax_errors > MAX_ERRORS:
            if not self._stopped:
                self._stopped = True
                errors.append(
                    ParseError(
                        "syntax-error", "too many errors: the rest is not read", start, start
                    )
                )
            return
        errors.append(
            ParseError(kind, message, start, start if end is None else end, related, edits)
        )

    def extension(self, kind: str, start: int, end: int, replacement: str | None) -> None:
        self.result.extensions.append(Extension(kind, start, end, replacement))

    # -- trivia ------------------------------------------------------------------------------
    def skip(self, pos: int) -> int:
        """Skip whitespace and comments from `pos`; return the next significant offset."""
        text, n = self.text, self.n
        while True:
            m = _WS.match(text, pos)
            pos = m.end() if m else pos
            if pos >= n:
                return n
            ch = text[pos]
            if ch == "/" and pos + 1 < n and text[pos + 1] in "/*":
                if text[pos + 1] == "/":
                    m2 = _LINE_END.search(text, pos)
                    end = m2.start() if m2 else n
                    block = False
                else:
                    close = text.find("*/", pos + 2)
                    block = True
                    if close < 0:
                        self.error("unterminated comment: '/*' has no '*/'", pos, pos + 2)
                        end = n
                    else:
                        end = close + 2
                self.result.comments.append(Comment(pos, end, block))
                self.extension("comment", pos, end, None)
                pos = end
                continue
            if ch == "\ufeff" and pos == 0:
                pos += 1  # a leading BOM is the byte-order-mark rule's business
                continue
            if ch == "#" or (
                ch in "<=>" and text.startswith(ch * 7, pos) and self._line_start(pos)
            ):
                # A shell/YAML comment or a merge-conflict marker: one error for the line.
                m2 = _LINE_END.search(text, pos)
                end = m2.start() if m2 else n
                if ch == "#":
                    message = "`#` does not start a comment in JSON: use `//` (JSONC) or remove it"
                else:
                    message = "merge conflict marker: resolve the conflict and keep one side"
                self.error(message, pos, end)
                pos = end
                continue
            if ch > "\x7f" and _is_json5_space(ch):
                self.extension("json5-whitespace", pos, pos + 1, " ")
                pos += 1
                continue
            return pos

    def _line_start(self, pos: int) -> bool:
        return pos == 0 or self.text[pos - 1] in "\n\r"

    # -- the document ------------------------------------------------------------------------
    def parse_document(self) -> None:
        text, n = self.text, self.n
        pos = self.skip(0)
        if pos >= n:
            what = "the file is empty" if not text.strip() else "the file holds only comments"
            self.error(f"{what}: expected a JSON object", pos, pos)
            return
        root, pos = self._document_value(pos)
        self.result.root = root
        while True:
            pos = self.skip(pos)
            if pos >= n or self._stopped:
                return
            if text[pos] in "{[":
                start = pos
                extra, pos = self.parse_value(pos, 0, None, None)
                if extra is not None:
                    self.result.extra_roots.append(extra)
                    self.error(
                        "a second JSON document follows the first",
                        start,
                        extra.end,
                        kind="concatenated-documents",
                    )
                continue
            end = self._garbage_end(pos)
            if text[pos] in "}]":
                self.error(f"unexpected '{text[pos]}': nothing is open here", pos, end)
            else:
                self.error("unexpected text after the end of the document", pos, end)
            pos = end

    def _document_value(self, pos: int) -> tuple[Node | None, int]:
        while pos < self.n and not self._stopped:
            node, end = self.parse_value(pos, 0, None, None)
            if node is not None:
                return node, end
            end = self._garbage_end(pos)
            self.error(self._unexpected(pos, "expected a JSON object"), pos, end)
            pos = self.skip(end)
        return None, pos

    def _garbage_end(self, pos: int) -> int:
        m = _GARBAGE.match(self.text, pos)
        return m.end() if m and m.end() > pos else pos + 1

    def _unexpected(self, pos: int, expected: str) -> str:
        m = _GARBAGE.match(self.text, pos)
        token = m.group() if m and m.end() > pos else self.text[pos]
        if len(token) > 20:
            token = token[:20] + "…"
        hint = {"True": "true", "False": "false", "None": "null", "undefined": "null"}.get(token)
        extra = f" (JSON spells it `{hint}`)" if hint else ""
        return f"unexpected `{token}`: {expected}{extra}"

    # -- values ------------------------------------------------------------------------------
    def parse_value(
        self, pos: int, depth: int, parent: Member | Node | None, key: str | int | None
    ) -> tuple[Node | None, int]:
        """Parse the value at `pos` (a significant offset) and everything inside it."""
        node, pos, frame = self._begin_value(pos, depth, parent, key, force_manual=False)
        if frame is None:
            return node, pos
        return node, self._run(frame, pos)

    def _begin_value(
        self,
        pos: int,
        depth: int,
        parent: Member | Node | None,
        key: str | int | None,
        *,
        force_manual: bool,
    ) -> tuple[Node | None, int, _Frame | None]:
        text = self.text
        ch = text[pos]
        if ch in "{[":
            kind: NodeKind = "object" if ch == "{" else "array"
            if depth >= MAX_DEPTH:
                return self._too_deep(pos, parent, key), self._balanced_end(pos), None
            if not force_manual and EAGER_DEPTH <= depth < FAST_DEPTH_LIMIT:
                fast = self._fast(pos, kind, parent, key)
                if fast is not None:
                    return fast, fast.end, None
            node = Node(kind, pos, pos + 1, None, parent, key)
            return node, pos + 1, _Frame(node, depth)
        if ch == '"':
            try:
                value, end = self._scanstring(text, pos + 1, True)
            except ValueError:
                node = self._string(pos, parent, key, is_key=False)
                return node, node.end, None
            return Node("string", pos, end, value, parent, key), end, None
        if ch in "'“”‘’":
            node = self._string(pos, parent, key, is_key=False)
            return node, node.end, None
        if ch in "-+.0123456789" or ch in "IN":
            number = self._number(pos, parent, key)
            if number is not None:
                return number, number.end, None
        m = _IDENT.match(text, pos)
        if m:
            word = m.group()
            literal = {"true": True, "false": False, "null": None}
            if word in literal:
                kind = "null" if word == "null" else "boolean"
                return Node(kind, pos, m.end(), literal[word], parent, key), m.end(), None
        return None, pos, None

    def _fast(
        self, pos: int, kind: NodeKind, parent: Member | Node | None, key: str | int | None
    ) -> Node | None:
        before = self.duplicates.seen
        try:
            value, end = self._scan_once(self.text, pos)
        except (StopIteration, ValueError, RecursionError):
            return None
        if self.duplicates.seen != before:  # walk it by hand to point at the duplicate
            self.duplicates.seen = before
            return None
        node = Node(kind, pos, end, value, parent, key)
        node._children = None
        node._ctx = self.expander
        return node

    def _too_deep(self, pos: int, parent: Member | Node | None, key: str | int | None) -> Node:
        end = self._balanced_end(pos)
        self.error(
            f"nesting deeper than {MAX_DEPTH} levels: mcplint does not read further in",
            pos,
            pos + 1,
        )
        return Node("invalid", pos, end, None, parent, key)

    def _balanced_end(self, pos: int) -> int:
        """The end of the bracketed text starting at `pos`, or the text's end.

        Lexical: brackets inside strings ("...", '...', up to the line end when unterminated)
        and comments (// and /* */) do not count, so the skip never ends inside one."""
        text, n = self.text, self.n
        level = 0
        i = pos
        while True:
            m = _BALANCE_TOKEN.search(text, i)
            if m is None:
                return n
            c = m.group()
            i = m.end()
            if c in "\"'":
                stop = _STRING_STOP[c]
                while True:  # a loop, not a repeated regex group: no per-character state
                    e = stop.search(text, i)
                    if e is None:
                        i = n
                        break
                    i = e.start()
                    if text[i] == "\\":
                        i += 2
                        continue
                    if text[i] == c:
                        i += 1
                    break
            elif c == "//":
                e = _LINE_END.search(text, i)
                i = e.start() if e else n
            elif c == "/*":
                close = text.find("*/", i)
                i = n if close < 0 else close + 2
            elif c in "[{":
                level += 1
            else:
                level -= 1
                if level <= 0:
                    return i

    # -- numbers -----------------------------------------------------------------------------
    def _number(self, pos: int, parent: Member | Node | None, key: str | int | None) -> Node | None:
        text = self.text
        m = _JSON_NUMBER.match(text, pos)
        m5 = _JSON5_NUMBER.match(text, pos)
        if m5 is None or (m is not None and m.end() >= m5.end()):
            if m is None:
                return None
            raw = m.group()
            value: Any = _int_or_float(raw) if raw.lstrip("-").isdigit() else float(raw)
            return Node("number", pos, m.end(), value, parent, key)
        raw = m5.group()
        end = m5.end()
        sign = raw[0] if raw[0] in "+-" else ""
        body = raw[len(sign) :]
        negative = sign == "-"
        replacement: str | None
        if body[:2] in ("0x", "0X"):
            kind = "hex-number"
            if len(body) <= 3000:  # below the decimal limit (~3,570 hex digits): convert
                value = int(body, 16)
                value = -value if negative else value
                replacement = str(value)
            else:  # a double, as JavaScript reads it; no decimal form to offer
                value = float("-inf" if negative else "inf")
                replacement = None
        elif body in ("Infinity", "NaN"):
            value = float("nan") if body == "NaN" else float("-inf" if negative else "inf")
            kind = "infinity-nan"
            replacement = None
        else:
            if body.startswith("."):
                kind, fixed = "leading-decimal-point", "0" + body
            elif "." in body and not body.split(".")[1][:1].isdigit():
                mantissa, _, rest = body.partition(".")
                kind, fixed = "trailing-decimal-point", mantissa + ".0" + rest
            else:
                kind, fixed = "leading-plus", body
            value = _int_or_float(fixed) if fixed.isdigit() else float(fixed)
            value = -value if negative else value
            replacement = ("-" if negative else "") + fixed
        if sign == "+" and kind != "leading-plus":
            self.extension("leading-plus", pos, pos + 1, "")
            self.extension(kind, pos + 1, end, replacement)
        else:
            self.extension(kind, pos, end, replacement)
        return Node("number", pos, end, value, parent, key)

    # -- strings -----------------------------------------------------------------------------
    def _string(
        self, pos: int, parent: Member | Node | None, key: str | int | None, *, is_key: bool
    ) -> Node:
        """A string the C scanner refused: single-quoted, smart-quoted, bad escapes, ..."""
        text, n = self.text, self.n
        quote = text[pos]
        smart = quote in _SMART_OPEN
        opener = _SMART_OPEN.get(quote, quote)
        special = _STRING_SPECIAL[opener]
        closers = {'"': '"', "'": "'", "“": '”“"', "‘": "’‘'"}[opener]
        parts: list[str] = []
        escapes: list[tuple[str, int, int, str | None]] = []  # JSON5 escapes seen (kind, s, e, r)
        i = pos + 1
        end = -1
        while i < n:
            m = special.search(text, i)
            if m is None:
                parts.append(text[i:])
                i = n
                break
            j = m.start()
            parts.append(text[i:j])
            ch = text[j]
            if ch in closers:
                end = j + 1
                break
            if ch == "\\":
                i = self._escape(j, parts, escapes)
                continue
            if ch in "\n\r":
                i = j
                break
            # a raw control character (tab, ...): JSON5 allows it, JSON does not
            escapes.append(("control-character", j, j + 1, json.dumps(ch)[1:-1]))
            parts.append(ch)
            i = j + 1
        value = "".join(parts)
        if end < 0:
            end = i
            self.error(
                "unterminated string: the closing quote is missing",
                pos,
                end,
            )
        if smart:
            self.error(
                f'typographic quote {quote} used as a JSON quote: JSON needs a straight "',
                pos,
                pos + 1,
                kind="smart-quotes",
                edits=((pos, end, json.dumps(value, ensure_ascii=False)),),
            )
        elif quote == "'":
            self.extension("single-quoted-string", pos, end, json.dumps(value, ensure_ascii=False))
        else:
            for kind, s, e, r in escapes:
                self.extension(kind, s, e, r)
        return Node("string", pos, end, value, parent, key)

    def _escape(
        self, j: int, parts: list[str], escapes: list[tuple[str, int, int, str | None]]
    ) -> int:
        """Decode the escape at text[j] == '\\'; return the offset after it."""
        text, n = self.text, self.n
        if j + 1 >= n:
            parts.append("\\")
            return j + 1
        c = text[j + 1]
        if c in _SIMPLE_ESCAPES:
            parts.append(_SIMPLE_ESCAPES[c])
            return j + 2
        if c == "u":
            hexpart = text[j + 2 : j + 6]
            if len(hexpart) == 4 and all(h in "0123456789abcdefABCDEF" for h in hexpart):
                code = int(hexpart, 16)
                if 0xD800 <= code < 0xDC00 and text[j + 6 : j + 8] == "\\u":
                    low_hex = text[j + 8 : j + 12]
                    if len(low_hex) == 4 and all(h in "0123456789abcdefABCDEF" for h in low_hex):
                        low = int(low_hex, 16)
                        if 0xDC00 <= low < 0xE000:
                            parts.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
                            return j + 12
                parts.append(chr(code))
                return j + 6
            self._invalid_escape(j, "\\u must be followed by four hex digits")
            parts.append("\\u")
            return j + 2
        if c in _JSON5_ESCAPES and not (c == "0" and text[j + 2 : j + 3].isdigit()):
            decoded, replacement = _JSON5_ESCAPES[c]
            escapes.append(("json5-escape", j, j + 2, replacement))
            parts.append(decoded)
            return j + 2
        if c == "x":
            hexpart = text[j + 2 : j + 4]
            if len(hexpart) == 2 and all(h in "0123456789abcdefABCDEF" for h in hexpart):
                escapes.append(("json5-escape", j, j + 4, "\\u00" + hexpart))
                parts.append(chr(int(hexpart, 16)))
                return j + 4
        if c in _LINE_TERMINATORS:
            end = j + 3 if text[j + 1 : j + 3] == "\r\n" else j + 2
            escapes.append(("line-continuation", j, end, ""))
            return end
        self._invalid_escape(j, f"`\\{c}` is not a JSON escape")
        parts.append("\\" + c)
        return j + 2

    def _invalid_escape(self, j: int, why: str) -> None:
        self.error(
            f"invalid escape: {why}; a backslash in a string must be written `\\\\`",
            j,
            j + 2,
            kind="invalid-escape",
            edits=((j, j, "\\"),),
        )

    def _key(self, pos: int, parent: Node) -> Node | None:
        text = self.text
        ch = text[pos]
        if ch == '"':
            try:
                value, end = self._scanstring(text, pos + 1, True)
            except ValueError:
                return self._string(pos, parent, None, is_key=True)
            return Node("string", pos, end, value, parent)
        if ch in "'“”‘’":
            return self._string(pos, parent, None, is_key=True)
        m = _IDENT.match(text, pos)
        if m:
            name = m.group()
            self.extension("unquoted-key", pos, m.end(), json.dumps(name, ensure_ascii=False))
            return Node("string", pos, m.end(), name, parent)
        return None

    # -- containers --------------------------------------------------------------------------
    def _run(self, first: _Frame, pos: int) -> int:
        """Drive the state machine until `first` is closed; return the offset after it."""
        text, n = self.text, self.n
        stack = [first]
        while stack:
            if self._stopped:
                pos = n
            f = stack[-1]
            pos = self.skip(pos)
            if pos >= n:
                self._missing_closer(stack[-1], n, also_open=len(stack) - 1)
                for open_frame in reversed(stack):
                    self._close(open_frame, n)
                return n
            ch = text[pos]
            node = f.node
            if node.kind == "object":
                if f.state in ("first", "key"):
                    if ch == "}":
                        if f.trailing_comma is not None:
                            tc = f.trailing_comma
                            self.extension("trailing-comma", tc, tc + 1, "")
                        self._close(f, pos + 1)
                        stack.pop()
                        pos += 1
                        continue
                    key = self._key(pos, node)
                    if key is None:
                        group = ch in "{["
                        pos = self._unexpected_in(stack, pos, "expected a key in quotes or '}'")
                        after = self.skip(pos)
                        if group and after < n and text[after] == ",":
                            pos = after + 1  # the skipped group stood for a member
                        continue
                    member = Member(key, node)
                    key.parent = member
                    assert node._children is not None
                    node._children.append(member)
                    f.member = member
                    f.state = "colon"
                    f.trailing_comma = None
                    first_key = f.seen.get(key.value)
                    if first_key is None:
                        f.seen[key.value] = key
                    else:
                        self.error(
                            f"duplicate key {json.dumps(key.value, ensure_ascii=False)}",
                            key.start,
                            key.end,
                            kind="duplicate-key",
                            related=(("first defined here", first_key.start, first_key.end),),
                            data=(("key", str(key.value)),),
                        )
                    pos = key.end
                    continue
                current = f.member
                assert current is not None
                member = current
                if f.state == "colon":
                    if ch == ":":
                        member.colon = pos
                        pos += 1
                        f.state = "value"
                        continue
                    self.error(
                        f"expected ':' after the key {json.dumps(member.key.value)}", pos, pos + 1
                    )
                    if ch in ",}":
                        f.state = "sep"
                    elif self._next_line_member(member.key.end, pos):
                        f.state = "key"  # a stray word; the next line starts the next member
                    else:
                        f.state = "value"
                    continue
                if f.state == "value":
                    if ch in ",}":
                        self.error("expected a value", pos, pos + 1)
                        f.state = "sep"
                        continue
                    after = member.colon if member.colon is not None else member.key.end
                    if self._next_line_member(after, pos):  # `"key":` then the next member
                        self.error("expected a value", pos, pos + 1)
                        f.state = "key"
                        continue
                    child, pos, frame = self._begin_value(
                        pos, f.depth + 1, member, member.key.value, force_manual=False
                    )
                    if child is None:  # the garbage stands for the value
                        pos = self._unexpected_in(stack, pos, "expected a value")
                        f.state = "sep"
                        continue
                    member.value = child
                    f.state = "sep"
                    if frame is not None:
                        stack.append(frame)
                    continue
                # state "sep"
                if ch == ",":
                    member.comma = pos
                    f.trailing_comma = pos
                    f.state = "key"
                    pos += 1
                    continue
                if ch == "}":
                    f.state = "key"
                    continue
                if ch in "\"'“”‘’" or _IDENT.match(text, pos):
                    self.error("missing ',' between members", pos, pos + 1)
                    f.state = "key"
                    continue
                pos = self._unexpected_in(stack, pos, "expected ',' or '}'")
                continue
            # arrays
            if f.state in ("first", "value"):
                if ch == "]":
                    if f.trailing_comma is not None:
                        tc = f.trailing_comma
                        self.extension("trailing-comma", tc, tc + 1, "")
                    self._close(f, pos + 1)
                    stack.pop()
                    pos += 1
                    continue
                if ch == ",":
                    self.error("expected a value before ','", pos, pos + 1)
                    pos += 1
                    continue
                assert node._children is not None
                index = len(node._children)
                child, pos, frame = self._begin_value(
                    pos, f.depth + 1, node, index, force_manual=False
                )
                if child is None:  # the garbage stands for an element
                    pos = self._unexpected_in(stack, pos, "expected a value or ']'")
                    f.state = "sep"
                    continue
                node._children.append(child)
                f.state = "sep"
                f.trailing_comma = None
                if frame is not None:
                    stack.append(frame)
                continue
            if ch == ",":
                f.trailing_comma = pos
                f.state = "value"
                pos += 1
                continue
            if ch == "]":
                f.state = "value"
                continue
            if ch in "{[\"'“”‘’-0123456789" or _IDENT.match(text, pos):
                self.error("missing ',' between array elements", pos, pos + 1)
                f.state = "value"
                continue
            pos = self._unexpected_in(stack, pos, "expected ',' or ']'")
        return pos

    def _unexpected_in(self, stack: list[_Frame], pos: int, expected: str) -> int:
        """Report the token at `pos` inside the open containers; return where to go on."""
        text = self.text
        ch = text[pos]
        if ch in "}]":
            # A closer for an outer container: the inner ones were never closed.
            want = {"}": "object", "]": "array"}[ch]
            if any(f.node.kind == want for f in stack[:-1]):
                f = stack.pop()
                self._missing_closer(f, pos)
                self._close(f, pos)
                return pos
            self.error(f"unexpected '{ch}': {expected}", pos, pos + 1)
            return pos + 1
        if ch in "{[":  # a stray group: skip it whole, so the brackets after it still pair up
            self.error(f"unexpected '{ch}': {expected}", pos, pos + 1)
            return self._balanced_end(pos)
        end = self._garbage_end(pos)
        self.error(self._unexpected(pos, expected), pos, end)
        return end

    def _next_line_member(self, after: int, pos: int) -> bool:
        """Whether `pos`, on a later line than `after`, starts `"key":` (a new member)."""
        text = self.text
        if text[pos] != '"' or not _LINE_END.search(text, after, pos):
            return False
        try:
            end = self._scanstring(text, pos + 1, True)[1]
        except ValueError:
            return False
        return text.startswith(":", _ws_end(text, end))

    def _missing_closer(self, f: _Frame, at: int, also_open: int = 0) -> None:
        closer = "}" if f.node.kind == "object" else "]"
        what = "object" if f.node.kind == "object" else "array"
        more = f" (and {also_open} enclosing bracket(s))" if also_open else ""
        self.error(
            f"missing '{closer}': the {what} is not closed{more}",
            at,
            at,
            related=((f"the {what} starts here", f.node.start, f.node.start + 1),),
        )

    def _close(self, f: _Frame, end: int) -> None:
        node = f.node
        node.end = end
        children = node._children or []
        if node.kind == "object":
            node.value = {m.key.value: m.value.value for m in children if m.value is not None}
        else:
            node.value = [c.value for c in children]
