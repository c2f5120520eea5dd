"""The TOML parser: positions from the scanner, values from tomllib, errors at the right place."""

from __future__ import annotations

import math
import random
import re
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint import tomlparse
from mcplint.parser import ParseResult
from mcplint.tomlparse import parse_toml
from mcplint.tree import Member, Node, ParseError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS_FILES = (
    sorted((CORPUS / "other_clients").glob("*.toml")) if (CORPUS / "other_clients").is_dir() else []
)

# -- helpers ---------------------------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equality in which NaN equals NaN and -0.0 differs from 0.0 (tomllib keeps both)."""
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str | datetime | date | time):
        return "string"
    return "array" if isinstance(value, list) else "object"


def value_nodes(text: str, root: Node) -> list[tuple[Node, bool]]:
    """Every value node (keys left out) with whether it is written inline (after `=` or inside
    brackets), so that its text is a TOML value on its own."""
    out: list[tuple[Node, bool]] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, inline = stack.pop()
        out.append((node, inline))
        if node.kind == "object":
            for m in node.members:
                if m.value is None:
                    continue
                written = m.value.kind != "object" or text[m.value.start] == "{"
                stack.append((m.value, written and (inline or m.colon is not None)))
        elif node.kind == "array":
            stack.extend((item, inline) for item in node.items)
    return out


def check_tree(text: str, result: ParseResult) -> None:
    """The tree of valid TOML: values equal tomllib's, spans hold exactly their text."""
    assert result.errors == []
    root = result.root
    assert root is not None
    data = tomllib.loads(text.removeprefix("\ufeff"))
    assert same(root.value, data)
    scanner = tomlparse._Scanner(text)
    scanner.scan()
    scanner.assign(data)
    assert scanner.problems == []
    for node, inline in value_nodes(text, root):
        assert 0 <= node.start <= node.end <= len(text)
        assert root.find(node.path) is node
        assert node.kind == kind_of(node.value)
        if isinstance(node.parent, Member):
            assert node.parent.value is node
        snippet = text[node.start : node.end]
        if inline and node is not root:
            assert same(tomllib.loads("v = " + snippet)["v"], node.value), snippet
        if node.kind == "object":
            names = [m.name for m in node.members]
            assert len(names) == len(set(names))
            assert set(names) == set(node.value)
            for m in node.members:
                key_text = text[m.key.start : m.key.end]
                assert tomllib.loads(key_text + " = 0") == {m.name: 0}, key_text
                assert m.key.parent is m and m.parent is node
                if m.colon is not None:
                    assert text[m.colon] == "="
                    assert m.key.end <= m.colon
                    assert m.value is not None
                    if m.value.kind == "object" and text[m.value.start] != "{":
                        assert m.value.start == m.key.start  # a dotted key's table
                    else:
                        assert m.value.start > m.colon
                elif m.value is not None and m.value.start == m.key.start:
                    assert m.value.kind == "object"  # `a` of `a.b = 1`: no `=` of its own
                    assert text[m.key.end :].lstrip(" \t").startswith(".")
                else:  # a [header] table or a [[header]] array
                    assert m.value is not None
                    assert text[m.value.start] == "["
                    header_end = text.index("]", m.key.end)
                    assert m.value.start < m.key.start < header_end
        elif node.kind == "array":
            assert len(node.items) == len(node.value)
            assert [item.key for item in node.items] == list(range(len(node.items)))
    for comment in result.comments:
        body = text[comment.start : comment.end]
        assert body.startswith("#") and "\n" not in body and not body.endswith("\r")


def span(text: str, node: Node | None) -> str:
    assert node is not None
    return text[node.start : node.end]


# -- a realistic Codex config: exact positions -----------------------------------------------------

CODEX = """\
# Codex settings
model = "gpt-5"
approval_policy = "on-request"

[mcp_servers.fs]
command = "npx"  # runs the server
args = [
    "-y",
    "@modelcontextprotocol/server-filesystem", # the package
    "/home/me",
]
startup_timeout_sec = 20

[mcp_servers.fs.env]
NODE_ENV = "production"

[mcp_servers.remote]
url = 'https://example.com/mcp'
bearer_token_env_var = "REMOTE_TOKEN"
http_headers = { "X-Team" = "core", retry.max = 3 }
tool_timeout_sec = 60.5
enabled = false

[[skills.config]]
path = "docs"
"""


def test_codex_config_positions() -> None:
    result = parse_toml(CODEX)
    check_tree(CODEX, result)
    root = result.root
    assert root is not None
    assert root.start == CODEX.index("model") and root.end == CODEX.index('"docs"') + 6

    servers = root.get("mcp_servers")
    assert servers is not None
    # the implicit table spans the header that first names it; its key is in that header
    assert span(CODEX, servers.value) == "[mcp_servers.fs]"
    assert servers.key.start == CODEX.index("mcp_servers") and servers.colon is None

    fs = servers.value.get("fs") if servers.value else None
    assert fs is not None and fs.value is not None
    assert span(CODEX, fs.key) == "fs" and fs.key.start == CODEX.index("fs]")
    assert span(CODEX, fs.value).startswith("[mcp_servers.fs]\ncommand")
    assert span(CODEX, fs.value).endswith("startup_timeout_sec = 20")

    command = root.find(("mcp_servers", "fs", "command"))
    assert command is not None and command.kind == "string" and command.value == "npx"
    assert span(CODEX, command) == '"npx"'
    assert command.path == ("mcp_servers", "fs", "command")
    member = fs.value.get("command")
    assert member is not None and member.colon == CODEX.index('= "npx"')
    assert span(CODEX, member.key) == "command"

    args = root.find(("mcp_servers", "fs", "args"))
    assert args is not None and args.kind == "array"
    assert span(CODEX, args).startswith("[\n") and span(CODEX, args).endswith(",\n]")
    assert [span(CODEX, item) for item in args.items] == [
        '"-y"',
        '"@modelcontextprotocol/server-filesystem"',
        '"/home/me"',
    ]
    assert args.items[2].path == ("mcp_servers", "fs", "args", 2)

    env = root.find(("mcp_servers", "fs", "env"))
    assert span(CODEX, env) == '[mcp_servers.fs.env]\nNODE_ENV = "production"'
    assert span(CODEX, root.find(("mcp_servers", "fs", "env", "NODE_ENV"))) == '"production"'

    url = root.find(("mcp_servers", "remote", "url"))
    assert span(CODEX, url) == "'https://example.com/mcp'"
    headers = root.find(("mcp_servers", "remote", "http_headers"))
    assert span(CODEX, headers) == '{ "X-Team" = "core", retry.max = 3 }'
    assert headers is not None
    team = headers.get("X-Team")
    assert team is not None and span(CODEX, team.key) == '"X-Team"' and team.name == "X-Team"
    assert team.comma == CODEX.index(", retry")
    retry = root.find(("mcp_servers", "remote", "http_headers", "retry"))
    assert span(CODEX, retry) == "retry.max = 3"
    assert span(CODEX, root.find(("mcp_servers", "remote", "http_headers", "retry", "max"))) == "3"
    timeout = root.find(("mcp_servers", "remote", "tool_timeout_sec"))
    assert timeout is not None and timeout.kind == "number" and span(CODEX, timeout) == "60.5"
    enabled = root.find(("mcp_servers", "remote", "enabled"))
    assert enabled is not None and enabled.kind == "boolean" and enabled.value is False

    skills = root.find(("skills", "config"))
    assert skills is not None and skills.kind == "array"
    assert span(CODEX, skills) == '[[skills.config]]\npath = "docs"'
    assert span(CODEX, skills.items[0]) == '[[skills.config]]\npath = "docs"'
    assert span(CODEX, root.find(("skills", "config", 0, "path"))) == '"docs"'

    comments = [CODEX[c.start : c.end] for c in result.comments]
    assert comments == ["# Codex settings", "# runs the server", "# the package"]
    assert not any(c.block for c in result.comments)
    assert result.extensions == [] and result.ok


def test_dotted_keys_and_explicit_table_after_implicit() -> None:
    text = '[a.b]\nx = 1\n[a]\ny.z.w = "s"\ny.q = 2\n'
    result = parse_toml(text)
    check_tree(text, result)
    root = result.root
    assert root is not None
    a = root.get("a")
    assert a is not None and a.key.start == text.index("[a]") + 1  # the explicit header now
    assert span(text, a.value) == '[a]\ny.z.w = "s"\ny.q = 2'
    assert span(text, root.find(("a", "y"))) == 'y.z.w = "s"\ny.q = 2'
    assert span(text, root.find(("a", "y", "z"))) == 'z.w = "s"'
    assert span(text, root.find(("a", "b"))) == "[a.b]\nx = 1"


def test_crlf_bom_and_empty() -> None:
    text = '\ufeff# c\r\n[mcp_servers.x]\r\ncommand = "a" # d\r\nargs = [\r\n  "b",\r\n]\r\n'
    result = parse_toml(text)
    check_tree(text, result)
    assert [text[c.start : c.end] for c in result.comments] == ["# c", "# d"]
    assert result.root is not None
    assert span(text, result.root.find(("mcp_servers", "x", "args"))) == '[\r\n  "b",\r\n]'

    for empty in ("", "\ufeff", "\n\n", "# only a comment\n", "  \t\r\n"):
        result = parse_toml(empty)
        assert result.errors == [] and result.root is not None
        assert result.root.kind == "object" and result.root.value == {}
        assert result.root.members == []
    bom_only = parse_toml("\ufeff").root
    assert bom_only is not None and (bom_only.start, bom_only.end) == (1, 1)


VALID_DOCUMENTS = [
    'a = "basic \\"q\\" \\t \\u00e9 \\U0001F600 \\\\"\n',
    "a = 'literal \\ no escapes'\n",
    'a = """\nfirst\nsecond"""\n',
    'a = """ends with quotes"""""\n',
    "a = '''two ''quotes'' inside'''''\n",
    'a = """line \\\n    continued"""\n',
    "a = 0xDEAD_beef\nb = 0o755\nc = 0b1010\nd = +1_000\ne = -17\n",
    "a = 3.14\nb = -0.0\nc = 5e+22\nd = 1E-2\ne = inf\nf = -inf\ng = nan\nh = +nan\n",
    "a = true\nb = false\n",
    "a = 1979-05-27T07:32:00Z\nb = 1979-05-27 07:32:00.999999-07:00\nc = 1979-05-27\n"
    "d = 07:32:00\ne = 1979-05-27t07:32:00\n",
    "a = [1, [2, [3, []]], {x = [4]}, 'five']\n",
    "a = [ # opening\n  1, # one\n\n  # alone\n  2,\n  ]  # closing\n",
    'a = [{ name = "x" }, { name = "y", env = { K = "v" } }]\n',
    'a = {}\nb = { c.d = 1, "e f" = 2, g = [] }\n',
    '"quoted key" = 1\n\'literal key\' = 2\n"" = 3\n"esc\\u0041" = 4\n1234 = 5\n- = 6\n',
    'a . "b.c" . d = 1\n[ x . y ]\nz = 2\n[[ t ]]\n[[ t ]]\nq = 3\n',
    "[a]\n[a.b]\n[a.b.c]\n[d.e]\n",
    "[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = 1\n",
    "[[fruit]]\nname = 'apple'\n[fruit.physical]\ncolor = 'red'\n[[fruit.variety]]\nname = 'x'\n"
    "[[fruit]]\nname = 'banana'\n[[fruit.variety]]\nname = 'plantain'\n",
    "a = 1 # comment\n\t b = 2\t#\n#\n[c] # header comment\n",
    'key = "value"',  # no final newline
    'a = \'ünïcödé ✓\'\nb = "\\u2028"\n"ключ" = 1\n',
    "a = { b = [\n  1,\n  2,\n] }\n",
    "x.y = 1\n[x.z]\nw = 2\n",
]


@pytest.mark.parametrize("text", VALID_DOCUMENTS)
def test_values_equal_tomllib(text: str) -> None:
    check_tree(text, parse_toml(text))
    check_tree(text.replace("\n", "\r\n"), parse_toml(text.replace("\n", "\r\n")))
    check_tree("\ufeff" + text, parse_toml("\ufeff" + text))


def test_datetimes_are_strings_with_datetime_values() -> None:
    text = "a = 1979-05-27 07:32:00Z\nb = 1979-05-27\nc = 07:32:00\n"
    root = parse_toml(text).root
    assert root is not None
    a, b, c = (root.find((k,)) for k in "abc")
    assert a is not None and a.kind == "string" and span(text, a) == "1979-05-27 07:32:00Z"
    assert a.value == datetime(1979, 5, 27, 7, 32, tzinfo=UTC)
    assert b is not None and b.value == date(1979, 5, 27) and c is not None
    assert c.value == time(7, 32)


# -- errors --------------------------------------------------------------------------------------


def one_error(text: str) -> tuple[ParseResult, ParseError]:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text.removeprefix("\ufeff"))
    result = parse_toml(text)
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.kind == "syntax-error" and not result.ok
    assert "(at " not in error.message
    return result, error


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_duplicate_key_is_reported_on_the_key() -> None:
    text = '[mcp_servers.fs]\ncommand = "a"\nargs = []\ncommand = "b"\n'
    result, error = one_error(text)
    assert (error.start, error.end) == (text.rindex("command"), text.rindex("command") + 7)
    assert error.message.startswith("duplicate key")
    assert error.related == (("first defined here", text.index("command"), text.index(" = ")),)
    assert result.root is not None
    assert result.root.value == {"mcp_servers": {"fs": {"command": "b", "args": []}}}


def test_duplicate_table() -> None:
    text = '[mcp_servers.fs]\ncommand = "a"\n\n[mcp_servers.fs]\nurl = "u"\n'
    _, error = one_error(text)
    assert error.message == "table [mcp_servers.fs] is defined twice"
    second = text.rindex("mcp_servers.fs")
    assert (error.start, error.end) == (second, second + len("mcp_servers.fs"))
    assert error.related == (("first defined here", text.index("fs]"), text.index("fs]") + 2),)


def test_duplicate_inline_key() -> None:
    text = 'env = { A = "1", A = "2" }\n'
    _, error = one_error(text)
    assert text[error.start : error.end] == "A" and error.start == text.rindex("A")
    assert error.message == "duplicate key 'A' in the inline table"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('[mcp_servers.x]\ncommand "npx"\n', 2, 9, "expected '=' after the key"),
        ("[mcp_servers.x]\nenabled = yes\n", 2, 11, "invalid value"),
        ('a = "never closed\nb = 1\n', 1, 18, "unterminated string"),
        ("a = 1 2\n", 1, 7, "expected the end of the line"),
        ("[a\nb = 1\n", 1, 3, "expected ']' at the end of a table declaration"),
        ("\ufeffx = 1\r\n[s]\r\ny = \r\n", 3, 5, "invalid value"),
        ("a = { b = 1\n", 1, 12, "unclosed inline table"),
        ("   ! = 1\n", 1, 4, "invalid statement"),
    ],
)
def test_error_positions(text: str, line: int, column: int, message: str) -> None:
    _, error = one_error(text)
    body_offset = error.start - (1 if text.startswith("\ufeff") else 0)
    assert line_col(text.removeprefix("\ufeff"), body_offset) == (line, column)
    assert error.end == error.start + 1
    assert error.message.startswith(message)


def test_invalid_escape_points_at_it() -> None:
    text = '[mcp_servers.win]\ncommand = "C:\\Users\\me\\server.exe"\n'
    _, error = one_error(text)
    assert text[error.start : error.end] == "\\U" and error.start == text.index("\\U")
    assert error.message.startswith("invalid escape sequence '\\U' in a string: write \\\\ for")
    _, error = one_error('a = "ok \\q"\n')
    assert (error.start, error.end) == (8, 10)


def test_error_at_end_of_document_is_empty_at_the_end() -> None:
    text = "a = [1,"
    _, error = one_error(text)
    assert error.start == error.end == len(text)


def test_unclosed_array_keeps_the_rest() -> None:
    text = (
        "[mcp_servers.a]\n"
        'command = "x"\n'
        'args = ["one", "two"\n'
        "[mcp_servers.b]\n"
        'command = "y"\n'
        "[mcp_servers.c]\n"
        "args = [\n  'p',\n  oops,\n  'q',\n]\n"
        'url = "u"\n'
    )
    result, error = one_error(text)
    assert error.start == text.index("[mcp_servers.b]") and error.message.startswith("unclosed")
    root = result.root
    assert root is not None
    assert root.value == {
        "mcp_servers": {"a": {"command": "x"}, "b": {"command": "y"}, "c": {"url": "u"}}
    }
    assert span(text, root.find(("mcp_servers", "b", "command"))) == '"y"'
    args = root.find(("mcp_servers", "a", "args"))
    assert args is not None and args.value is None
    assert [item.value for item in args.items] == ["one", "two"]
    c_args = root.find(("mcp_servers", "c", "args"))
    assert c_args is not None and [span(text, i) for i in c_args.items] == ["'p'", "oops", "'q'"]
    assert c_args.items[1].kind == "invalid" and c_args.value is None
    assert span(text, root.find(("mcp_servers", "c", "url"))) == '"u"'


def test_broken_value_partial_tree() -> None:
    text = '[mcp_servers.ok]\ncommand = "npx"\n[mcp_servers.bad]\ncommand = @oops\nenabled = yes\n'
    result, error = one_error(text)
    assert error.start == text.index("@")
    root = result.root
    assert root is not None
    bad = root.find(("mcp_servers", "bad", "command"))
    assert bad is not None and bad.kind == "invalid" and bad.value is None
    assert span(text, bad) == "@oops"
    enabled = root.find(("mcp_servers", "bad", "enabled"))
    assert enabled is not None and enabled.kind == "invalid" and span(text, enabled) == "yes"
    assert root.value == {"mcp_servers": {"ok": {"command": "npx"}, "bad": {}}}
    assert span(text, root.find(("mcp_servers", "ok", "command"))) == '"npx"'


def test_nothing_readable_gives_no_root() -> None:
    result, error = one_error("@@@ ###")
    assert result.root is None and error.start == 0


def test_too_deep_and_too_big() -> None:
    deep = "a = " + "[" * 5000 + "]" * 5000 + "\n"
    result = parse_toml(deep)
    if result.errors:  # tomllib recurses: Python 3.11 gives up long before 5000 levels
        (error,) = result.errors
        assert "nested too deeply" in error.message and deep[error.start] == "["
    assert result.root is not None and result.root.get("a") is not None

    big = "a = 1" + "0" * 5000 + "\nb = 2\n"
    result = parse_toml(big)
    (error,) = result.errors
    assert error.start == 4 and result.root is not None and result.root.value == {"b": 2}


def test_python_314_error_attributes() -> None:
    class Located(tomllib.TOMLDecodeError):
        msg = "Invalid value"
        lineno = 2
        colno = 5

    text = "\ufeffa = 1\r\nb = \r\n"
    assert tomlparse._locate(text, Located("no position in the message")) == (
        "Invalid value",
        text.index("\r\n", 8),
    )
    assert tomlparse._locate("ab", tomllib.TOMLDecodeError("Odd (at end of document)")) == (
        "Odd",
        2,
    )


def test_messages_are_readable() -> None:
    assert (
        tomlparse._readable("Cannot declare ('a', 'b c') twice")
        == 'table [a."b c"] is defined twice'
    )
    assert tomlparse._readable("Cannot mutate immutable namespace ('x',)").startswith(
        "cannot add to x"
    )
    assert tomlparse._readable("Something New") == "something New"


def test_scanner_failure_falls_back_to_values(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: object) -> None:
        raise RuntimeError("scanner bug")

    monkeypatch.setattr(tomlparse._Scanner, "scan", boom)
    result = parse_toml("a = 1\n")
    assert result.errors == [] and result.root is not None and result.root.value == {"a": 1}
    result = parse_toml("a = \n")
    assert result.root is None and len(result.errors) == 1


# -- property tests ------------------------------------------------------------------------------

BARE = re.compile(r"[A-Za-z0-9_-]+")
key_text = st.one_of(
    st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=6),
)
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    st.datetimes(min_value=datetime(1000, 1, 1)),
    st.dates(min_value=date(1000, 1, 1)),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(key_text, children, max_size=4)
    ),
    max_leaves=16,
)
documents = st.dictionaries(key_text, values, max_size=6)


def emit_basic(s: str, multiline: bool = False) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n" and multiline:
            out.append(ch)
        elif ch < " " or ch == "\x7f":
            out.append({"\n": "\\n", "\t": "\\t"}.get(ch, f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    return "".join(out)


CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # what a literal string cannot hold


def emit_key(key: str, rnd: random.Random) -> str:
    if BARE.fullmatch(key) and rnd.random() < 0.8:
        return key
    if "'" not in key and not CONTROL.search(key) and rnd.random() < 0.5:
        return "'" + key + "'"
    return '"' + emit_basic(key) + '"'


def emit_string(s: str, rnd: random.Random) -> str:
    style = rnd.randrange(4)
    if style == 1 and "'" not in s and not CONTROL.search(s):
        return "'" + s + "'"
    if style == 2:  # raw newlines, escaped quotes; a newline right after the quotes is trimmed
        first = "\n" if s.startswith("\n") else rnd.choice(["", "\n"])
        return '"""' + first + emit_basic(s, multiline=True) + '"""'
    if style == 3 and "'''" not in s and not CONTROL.search(s.replace("\n", "")):
        return "'''\n" + s + "'''"  # may end with one or two quotes: closed by 4 or 5
    return '"' + emit_basic(s) + '"'


def emit_int(n: int, rnd: random.Random) -> str:
    style = rnd.randrange(4)
    if n >= 0 and style == 1:
        return hex(n)
    if n >= 0 and style == 2:
        return oct(n)
    if style == 3:
        return format(n, "_d")
    return str(n)


def emit_value(value: Any, rnd: random.Random) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return emit_int(value, rnd)
    if isinstance(value, float):
        if math.isinf(value):
            return rnd.choice(["inf", "+inf"]) if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return emit_string(value, rnd)
    if isinstance(value, datetime):
        return value.isoformat(sep=rnd.choice("T "))
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list):
        items = [emit_value(v, rnd) for v in value]
        if rnd.random() < 0.5:
            return "[" + ", ".join(items) + "]"
        lines = "".join(f"\n  {item},{rnd.choice(['', ' # c'])}" for item in items)
        return "[ # open" + lines + "\n]"
    assert isinstance(value, dict)
    parts: list[str] = []
    for key, sub in value.items():
        if isinstance(sub, dict) and sub and rnd.random() < 0.3:
            parts.extend(f"{emit_key(key, rnd)}.{p}" for p in emit_inline_parts(sub, rnd))
        else:
            parts.append(f"{emit_key(key, rnd)} = {emit_value(sub, rnd)}")
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def emit_inline_parts(table: dict[str, Any], rnd: random.Random) -> list[str]:
    return [f"{emit_key(k, rnd)} = {emit_value(v, rnd)}" for k, v in table.items()]


def emit_dotted(lines: list[str], prefix: str, table: dict[str, Any], rnd: random.Random) -> None:
    for key, value in table.items():
        dotted = prefix + rnd.choice([".", " . "]) + emit_key(key, rnd)
        if isinstance(value, dict) and value and rnd.random() < 0.5:
            emit_dotted(lines, dotted, value, rnd)
        else:
            lines.append(f"{dotted} = {emit_value(value, rnd)}")


def emit_table(
    lines: list[str], path: list[str], table: dict[str, Any], rnd: random.Random
) -> None:
    later: list[tuple[str, list[str], Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) and rnd.random() < 0.4:
            later.append(("table", [*path, emit_key(key, rnd)], value))
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) for v in value)
            and rnd.random() < 0.6
        ):
            later.append(("array", [*path, emit_key(key, rnd)], value))
        elif isinstance(value, dict) and value and rnd.random() < 0.5:
            emit_dotted(lines, emit_key(key, rnd), value, rnd)
        else:
            comment = rnd.choice(["", "  # note", "\t#"])
            lines.append(f"{emit_key(key, rnd)} = {emit_value(value, rnd)}{comment}")
    for kind, sub_path, value in later:
        header = rnd.choice([".", " . "]).join(sub_path)
        if kind == "table":
            lines.extend(["", f"[{header}]"])
            emit_table(lines, sub_path, value, rnd)
        else:
            for item in value:
                lines.append(f"[[{header}]]")
                emit_table(lines, sub_path, item, rnd)


def emit_document(doc: dict[str, Any], rnd: random.Random) -> str:
    lines: list[str] = [] if rnd.random() < 0.5 else ["# generated"]
    emit_table(lines, [], doc, rnd)
    text = "\n".join(lines) + rnd.choice(["", "\n", "\n\n"])
    if rnd.random() < 0.2:
        text = text.replace("\n", "\r\n")
    if rnd.random() < 0.1:
        text = "\ufeff" + text
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.randoms(use_true_random=False))
def test_random_documents_round_trip(doc: dict[str, Any], rnd: random.Random) -> None:
    text = emit_document(doc, rnd)
    assert same(tomllib.loads(text.removeprefix("\ufeff")), doc), text  # the emitter is right
    result = tomlparse._parse(text)  # not parse_toml: a scanner bug must fail here
    check_tree(text, result)


def _under_a_duplicate(node: Node) -> bool:
    """Whether a key on the way to `node` is repeated in its object (a broken file): `find`
    then gives the last one, by design, and cannot reach this node."""
    current: Node | None = node
    while current is not None:
        parent = current.parent
        if isinstance(parent, Member):
            names = [m.name for m in parent.parent.members]
            if names.count(parent.name) > 1:
                return True
            current = parent.parent
        else:
            current = parent
    return False


def check_invariants(text: str) -> None:
    result = tomlparse._parse(text)
    try:
        expected: dict[str, Any] | None = tomllib.loads(text.removeprefix("\ufeff"))
    except Exception:
        expected = None
    if expected is not None:
        assert result.errors == [] and result.root is not None
        assert same(result.root.value, expected)
    else:
        assert len(result.errors) == 1
        error = result.errors[0]
        assert 0 <= error.start <= error.end <= len(text)
    if result.root is not None:
        for node in result.root.walk():
            assert 0 <= node.start <= node.end <= len(text)
            if node.key is not None and not _under_a_duplicate(node):
                found = result.root.find(node.path)
                assert found is not None and found.path == node.path
    for comment in result.comments:
        assert text[comment.start] == "#"


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="[]{}\"'=.,#\n\r\t ab1_-+:eE\\\ufeff", max_size=40))
def test_never_raises_on_toml_like_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.randoms(use_true_random=False), st.data())
def test_never_raises_on_damaged_documents(
    doc: dict[str, Any], rnd: random.Random, data: st.DataObject
) -> None:
    text = emit_document(doc, rnd)
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    cut = data.draw(st.integers(min_value=0, max_value=3))
    insert = data.draw(st.sampled_from(["", "[", "]", '"', "'", "=", ",", "{", "}", "\n", "#"]))
    check_invariants(text[:at] + insert + text[at + cut :])


# -- the corpus ----------------------------------------------------------------------------------


@pytest.mark.skipif(not CORPUS_FILES, reason="the shared corpus is not here")
@pytest.mark.parametrize("path", CORPUS_FILES or [None], ids=lambda p: p.name if p else "none")
def test_corpus_files(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    result = parse_toml(text)
    check_tree(text, result)
    servers = result.root.find(("mcp_servers",)) if result.root else None
    if servers is not None:
        for member in servers.members:
            assert member.value is not None and text[member.value.start] == "["


def test_timezones_compare() -> None:
    text = "a = 2024-01-01T00:00:00+05:30\n"
    root = parse_toml(text).root
    assert root is not None
    assert root.value["a"] == datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30)))
