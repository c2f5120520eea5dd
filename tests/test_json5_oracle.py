"""Differential test: every document the `json5` library accepts, mcplint's parser accepts (no
syntax error) with the same value. The documents are generated with JSON5 syntax of every kind:
comments, trailing commas, single quotes, unquoted keys, hex, +1, .5, 5., Infinity/NaN, escapes,
unicode, nesting."""

from __future__ import annotations

import json
import math
from typing import Any

import json5
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint.parser import parse

_SPACE = st.sampled_from(["", " ", "\n", "\t", "\r\n", "  ", "\u00a0", "\u2028", "\ufeff"])
_COMMENT = st.sampled_from(
    ["", "// c\n", "/* c */", "/* ] } \" ' */", "// ] } \u2028 x\n", "/**/", "// “quote”\n"]
)


@st.composite
def _trivia(draw: st.DrawFn) -> str:
    return draw(_SPACE) + draw(_COMMENT) + draw(_SPACE)


_NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.integers(0, 2**64).map(lambda i: "0x%X" % i),  # noqa: UP031
    st.integers(0, 2**64).map(lambda i: "-0x%x" % i),  # noqa: UP031
    st.integers(0, 10**6).map(lambda i: "+%d" % i),  # noqa: UP031
    st.integers(0, 10**6).map(lambda i: ".%d" % i),  # noqa: UP031
    st.integers(0, 10**6).map(lambda i: "%d." % i),  # noqa: UP031
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["Infinity", "-Infinity", "+Infinity", "NaN", "-NaN", "1e3", "1E-2", "-0"]),
)
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))
_ESCAPES = st.sampled_from(
    ["\\n", "\\t", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "\\x41", "\\v", "\\0", "\\'", '\\"']
)


@st.composite
def _string(draw: st.DrawFn) -> str:
    quote = draw(st.sampled_from(['"', "'"]))
    parts = draw(st.lists(st.one_of(_CHARS, _ESCAPES), max_size=8))
    body = []
    for part in parts:
        if part in (quote, "\\", "\n", "\r", "\u2028", "\u2029"):
            part = "\\" + {"\n": "n", "\r": "r"}.get(part, part)
        body.append(part)
    return quote + "".join(body) + quote


_IDENT = st.from_regex(r"[A-Za-z_$][A-Za-z0-9_$]{0,6}", fullmatch=True)
_KEY = st.one_of(_string(), _IDENT.filter(lambda k: k not in ("Infinity", "NaN")))
_SCALAR = st.one_of(_NUMBERS, _string(), st.sampled_from(["true", "false", "null"]))


def _container(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def array(draw: st.DrawFn) -> str:
        items = draw(st.lists(children, max_size=4))
        inner = ",".join(draw(_trivia()) + item + draw(_trivia()) for item in items)
        if items and draw(st.booleans()):
            inner += "," + draw(_trivia())
        return "[" + inner + "]"

    @st.composite
    def obj(draw: st.DrawFn) -> str:
        pairs = draw(st.lists(st.tuples(_KEY, children), max_size=4))
        inner = ",".join(
            draw(_trivia()) + k + draw(_trivia()) + ":" + draw(_trivia()) + v + draw(_trivia())
            for k, v in pairs
        )
        if pairs and draw(st.booleans()):
            inner += "," + draw(_trivia())
        return "{" + inner + "}"

    return st.one_of(array(), obj())


_VALUE = st.recursive(_SCALAR, _container, max_leaves=12)


@st.composite
def _document(draw: st.DrawFn) -> str:
    return draw(_trivia()) + draw(_VALUE) + draw(_trivia())


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return (type(a) is type(b) and a == b) or (
        isinstance(a, int | float)
        and isinstance(b, int | float)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
        and a == b
    )


def _pairs(value: Any) -> Any:
    """json5 (0.17) leaves an escaped surrogate pair `\\ud83d\\ude00` as two code points where
    `JSON.parse`, Python's json and mcplint give one: a json5-library quirk, normalised here."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(value, dict):
        return {_pairs(k): _pairs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pairs(v) for v in value]
    return value


def _check(text: str) -> None:
    try:
        expected = _pairs(json5.loads(text))
    except Exception:
        return  # json5 rejects it: nothing to compare
    result = parse(text)
    syntax = [e for e in result.errors if e.kind in ("syntax-error", "concatenated-documents")]
    assert syntax == [], (text, syntax)
    assert _same(result.value, expected), (text, result.value, expected)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document())
def test_mcplint_reads_what_json5_reads(text: str) -> None:
    _check(text)


def test_oracle_examples() -> None:
    for text in [
        "{a: 1, 'b': [0x1F, +2, .5, 5., Infinity, -Infinity, NaN,],}",
        '// c\n{"a": "\\x41\\v\\0", /* ] */ b: null}',
        "{\"a\": 'it\\'s', $b_1: true}",
        "\ufeff{\u00a0a\u2028:\u20291}",
        json.dumps({"k": ["é", 1.5, None, {"x": []}]}),
    ]:
        _check(text)


def test_line_comment_across_u2028_is_a_deliberate_difference() -> None:
    # JSON5 ends a `//` comment at U+2028; the JSONC readers the clients use (jsonc-parser,
    # strip-json-comments) do not, and mcplint reads as the clients do.
    text = "[// a\u2028 1\n]"
    assert json5.loads(text) == [1]
    assert parse(text).value == []
