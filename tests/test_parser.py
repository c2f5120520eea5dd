"""The tolerant parser: differential tests against json.loads / json5.loads, positions, recovery."""

from __future__ import annotations

import json
import math
import re

import json5
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint.parser import MAX_DEPTH, parse
from mcplint.text import LineIndex

# -- strategies --------------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)
indents = st.sampled_from([None, 0, 1, 2, 4, "\t"])


def _values_equal(a: object, b: object) -> bool:
    """Equality that also compares float types and -0.0 the way json does."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_values_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_values_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


# -- differential: JSON --------------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, indents, st.booleans(), st.booleans())
def test_json_value_equals_json_loads(
    value: object, indent: object, ascii_: bool, keys: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_, sort_keys=keys)  # type: ignore[arg-type]
    result = parse(text)
    assert result.errors == []
    assert result.extensions == []
    assert _values_equal(result.value, json.loads(text))
    assert result.root is not None
    for node in result.root.walk():  # positions: each span is the value's own text
        raw = text[node.start : node.end]
        assert _values_equal(json.loads(raw), node.value)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=6), json_values, min_size=1, max_size=4), indents)
def test_nested_lazy_nodes_have_exact_positions(value: dict[str, object], indent: object) -> None:
    # Wrapped two levels deep so the C scanner reads the subtree and nodes expand lazily.
    text = json.dumps({"a": {"b": value}}, indent=indent)  # type: ignore[arg-type]
    root = parse(text).root
    assert root is not None
    inner = root.find(("a", "b"))
    assert inner is not None
    for key, member in zip(value, inner.members, strict=True):
        assert member.key.value == key
        assert json.loads(text[member.key.start : member.key.end]) == key
        assert member.value is not None
        assert _values_equal(json.loads(text[member.value.start : member.value.end]), value[key])
        assert member.value.path == ("a", "b", key)


# -- differential: JSON5 -------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


@st.composite
def json5_documents(draw: st.DrawFn, value: object | None = None, depth: int = 0) -> str:
    """A JSON5 text for a random value, using JSON5's extensions at random."""
    if value is None and depth == 0:
        value = draw(json_values)
    trivia = st.sampled_from(["", " ", "\n", "  ", "/* c */", "// c\n", "\t", "\u00a0"])

    def t() -> str:
        return draw(trivia)

    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            if _IDENTIFIER.match(k) and draw(st.booleans()):
                key = k
            else:
                key = _quote(k, draw(st.booleans()))
            parts.append(f"{t()}{key}{t()}:{t()}{draw(json5_documents(v, depth + 1))}{t()}")
        comma = "," if parts and draw(st.booleans()) else ""
        return "{" + ",".join(parts) + comma + t() + "}"
    if isinstance(value, list):
        parts = [t() + draw(json5_documents(v, depth + 1)) + t() for v in value]
        comma = "," if parts and draw(st.booleans()) else ""
        return "[" + ",".join(parts) + comma + t() + "]"
    if isinstance(value, str):
        return _quote(value, draw(st.booleans()))
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        style = draw(st.sampled_from(["plain", "hex", "plus"]))
        if style == "hex" and value >= 0:
            return hex(value)
        if style == "plus" and value >= 0:
            return f"+{value}"
        return str(value)
    assert isinstance(value, float)
    text = repr(value)
    if draw(st.booleans()) and text.startswith("0."):
        return text[1:]  # .5
    return text


def _quote(s: str, single: bool) -> str:
    # ensure_ascii=False: json5.loads does not join \ud83d\ude00 escapes into one character
    # (JSON.parse and json.loads do), so astral characters are written as themselves.
    if not single:
        return json.dumps(s, ensure_ascii=False)
    body = json.dumps(s, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{body}'"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json5_documents())
def test_json5_value_equals_json5_loads(text: str) -> None:
    result = parse(text)
    assert [e for e in result.errors if e.kind != "duplicate-key"] == []
    expected = json5.loads(text)
    assert _values_equal(result.value, expected) or result.value == expected


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(json5_documents())
def test_json5_replacements_make_strict_json(text: str) -> None:
    """Applying every extension's replacement (and dropping comments) gives strict JSON with the
    same value: the json5-syntax fix keeps meaning."""
    result = parse(text)
    edits = sorted(
        (e.start, e.end, e.replacement if e.replacement is not None else "")
        for e in result.extensions
    )
    out, last = [], 0
    for start, end, content in edits:
        assert start >= last
        out.append(text[last:start])
        out.append(content)
        last = end
    out.append(text[last:])
    strict = "".join(out)
    assert _values_equal(json.loads(strict), json5.loads(text)) or json.loads(
        strict
    ) == json5.loads(text)


# -- never raises --------------------------------------------------------------------------------


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("{}[],:\"'/\\*-+.0123456789eExtrufalsn \n\t“”"))))
def test_never_raises_on_json_like_text(text: str) -> None:
    result = parse(text)
    for error in result.errors:
        assert 0 <= error.start <= error.end <= len(text)


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    parse(text)


@settings(max_examples=200)
@given(st.binary())
def test_lint_never_raises_on_bytes(data: bytes) -> None:
    import mcplint

    for d in mcplint.lint_text(data, path="x.json"):
        assert d.start.line >= 1 and d.start.column >= 1


# -- errors and recovery -------------------------------------------------------------------------


def _errors(text: str) -> list[tuple[str, int, int, str]]:
    result = parse(text)
    lines = LineIndex(text)
    out = []
    for e in result.errors:
        p = lines.position(e.start)
        out.append((e.kind, p.line, p.column, e.message))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("syntax-error", 1, 1, "the file is empty: expected a JSON object")]),
        (
            "  // only\n",
            [("syntax-error", 2, 1, "the file holds only comments: expected a JSON object")],
        ),
        ('{"a": 1 "b": 2}', [("syntax-error", 1, 9, "missing ',' between members")]),
        ('{"a" 1}', [("syntax-error", 1, 6, "expected ':' after the key \"a\"")]),
        ('{"a": }', [("syntax-error", 1, 7, "expected a value")]),
        ("[1 2]", [("syntax-error", 1, 4, "missing ',' between array elements")]),
        ('{"a": [1, 2}', [("syntax-error", 1, 12, "missing ']': the array is not closed")]),
        (
            '{"a": "x',
            [
                ("syntax-error", 1, 7, "unterminated string: the closing quote is missing"),
                ("syntax-error", 1, 9, "missing '}': the object is not closed"),
            ],
        ),
        ('{"a": 1}}', [("syntax-error", 1, 9, "unexpected '}': nothing is open here")]),
        (
            '{"a": True}',
            [("syntax-error", 1, 7, "unexpected `True`: expected a value (JSON spells it `true`)")],
        ),
        ('{"a": 1} x', [("syntax-error", 1, 10, "unexpected text after the end of the document")]),
    ],
)
def test_error_positions(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert _errors(text) == expected


def test_recovery_reports_every_error_and_keeps_the_rest() -> None:
    text = '{\n  "a": 1\n  "b": [1 2],\n  "c": @,\n  "d": {"e": "f"}\n}'
    result = parse(text)
    kinds = [(e.kind, LineIndex(text).position(e.start).line) for e in result.errors]
    assert kinds == [("syntax-error", 3), ("syntax-error", 3), ("syntax-error", 4)]
    assert result.value["d"] == {"e": "f"}
    assert result.value["b"] == [1, 2]


def test_missing_closer_points_where_expected_and_relates_opener() -> None:
    text = '{"mcpServers": {"a": {"command": "x"}}'
    (error,) = parse(text).errors
    assert error.start == len(text)
    assert error.related == (("the object starts here", 0, 1),)


def test_duplicate_keys_last_wins_and_second_is_reported() -> None:
    text = '{"s": {"x": {"c": "a"}, "x": {"c": "b"}}}'
    result = parse(text)
    (error,) = result.errors
    assert error.kind == "duplicate-key"
    assert text[error.start : error.end] == '"x"' and error.start == text.rindex('"x"')
    assert error.related[0][1] == text.index('"x"')
    assert result.value == {"s": {"x": {"c": "b"}}}
    root = result.root
    assert root is not None
    x = root.find(("s", "x"))
    assert x is not None and x.value == {"c": "b"} and x.start == text.rindex("{")


def test_duplicate_inside_a_fast_subtree_is_located() -> None:
    text = json.dumps({"a": {"b": {"c": [1, 2]}}})[:-3] + ', "c": 3}}}'
    result = parse(text)
    (error,) = result.errors
    assert error.kind == "duplicate-key"
    assert error.start == text.rindex('"c"')


def test_comments_and_extensions_are_recorded_with_positions() -> None:
    text = '{\n  // note\n  a: \'x\', /* b */ "n": 0x1F, "m": +.5,\n}'
    result = parse(text)
    assert [text[c.start : c.end] for c in result.comments] == ["// note", "/* b */"]
    kinds = {e.kind: (text[e.start : e.end], e.replacement) for e in result.extensions}
    assert kinds["unquoted-key"] == ("a", '"a"')
    assert kinds["single-quoted-string"] == ("'x'", '"x"')
    assert kinds["hex-number"] == ("0x1F", "31")
    assert kinds["leading-plus"] == ("+", "")
    assert kinds["leading-decimal-point"] == (".5", "0.5")
    assert kinds["trailing-comma"] == (",", "")
    assert result.value == {"a": "x", "n": 31, "m": 0.5}


def test_invalid_escape_keeps_the_typed_text_and_offers_doubling() -> None:
    text = r'{"p": "C:\Users\me"}'
    result = parse(text)
    assert [e.kind for e in result.errors] == ["invalid-escape", "invalid-escape"]
    assert result.errors[0].start == text.index("\\U")
    assert result.errors[0].edits == ((text.index("\\U"), text.index("\\U"), "\\"),)
    assert result.value == {"p": "C:\\Users\\me"}


def test_smart_quotes() -> None:
    text = "{“mcpServers”: {}}"
    result = parse(text)
    assert [e.kind for e in result.errors] == ["smart-quotes"]
    assert result.errors[0].edits == ((1, 13, '"mcpServers"'),)
    assert result.value == {"mcpServers": {}}


def test_concatenated_documents() -> None:
    text = '{"a": 1}\n{"b": 2}\n'
    result = parse(text)
    (error,) = result.errors
    assert error.kind == "concatenated-documents"
    assert (error.start, error.end) == (9, 17)
    assert result.value == {"a": 1}
    assert [r.value for r in result.extra_roots] == [{"b": 2}]


def test_bom_is_not_an_extension() -> None:
    result = parse('\ufeff{"a": 1}')
    assert result.errors == [] and result.extensions == [] and result.value == {"a": 1}


@pytest.mark.parametrize("closed", [False, True])
def test_200000_nested_brackets_give_a_diagnostic_not_a_recursion_error(closed: bool) -> None:
    text = "[" * 200_000 + ("]" * 200_000 if closed else "")
    result = parse(text)
    assert any(f"nesting deeper than {MAX_DEPTH}" in e.message for e in result.errors)
    assert len(result.errors) <= 3
    assert result.root is not None and result.root.kind == "array"


def test_deep_nesting_through_the_engine() -> None:
    import mcplint

    diagnostics = mcplint.lint_text('{"a": ' + "[" * 200_000 + "]" * 200_000 + "}", path="x.json")
    assert [d.rule for d in diagnostics] == ["syntax-error"]
    assert diagnostics[0].start.column == 7 + MAX_DEPTH - 1


def test_garbage_is_bounded() -> None:
    result = parse("}" * 10_000)
    assert len(result.errors) <= 201


def test_walk_and_find_on_big_lazy_document() -> None:
    doc = {"projects": {f"/p/{i}": {"mcpServers": {"s": {"command": f"c{i}"}}} for i in range(300)}}
    text = json.dumps(doc, indent=2)
    root = parse(text).root
    assert root is not None
    node = root.find(("projects", "/p/123", "mcpServers", "s", "command"))
    assert node is not None and text[node.start : node.end] == '"c123"'
    assert node.path == ("projects", "/p/123", "mcpServers", "s", "command")
    # root, key and object of "projects", then per project 4 keys and 4 values
    assert sum(1 for _ in root.walk()) == 3 + 300 * 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a shell/YAML comment: one error for the line, not one per word
        ("# my servers\n{}", [("syntax-error", 1, 1, "`#` does not start a comment")]),
        # merge-conflict markers: one error per marker line
        (
            '{\n<<<<<<< HEAD\n "a": 1\n=======\n "b": 2\n>>>>>>> x\n}',
            [
                ("syntax-error", 2, 1, "merge conflict marker"),
                ("syntax-error", 4, 1, "merge conflict marker"),
                ("syntax-error", 5, 2, "missing ','"),
                ("syntax-error", 6, 1, "merge conflict marker"),
            ],
        ),
        # a stray group where a key belongs is skipped whole; brackets still pair up
        ('{"a": 1, {"x": [1]}, "b": 2}', [("syntax-error", 1, 10, "unexpected '{'")]),
        # a stray word, then a member on the next line: the member is read as a member
        ('{"s": {junk\n "a": {"c": "x"}}, "i": []}', [("syntax-error", 2, 2, "expected ':'")]),
        ('{"s": {"k":\n "a": {"c": "x"}}}', [("syntax-error", 2, 2, "expected a value")]),
    ],
)
def test_recovery_keeps_one_error_per_mistake(
    text: str, expected: list[tuple[str, int, int, str]]
) -> None:
    found = [
        (k, line, col, msg[: len(e[3])])
        for (k, line, col, msg), e in zip(_errors(text), expected, strict=False)
    ]
    assert len(_errors(text)) == len(expected)
    assert found == expected


def test_recovery_keeps_the_members_after_a_stray_word() -> None:
    result = parse('{"s": {junk\n "a": {"c": "x"}}, "i": []}')
    assert result.value == {"s": {"a": {"c": "x"}}, "i": []}
