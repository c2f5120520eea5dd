"""Every syntax rule: a failing case at an exact line/column, and its fix applied and re-parsed."""

from __future__ import annotations

import codecs
import json

import pytest

import mcplint
from mcplint.engine import Options, check_bytes, fix_bytes
from mcplint.env import FakeEnvironment
from mcplint.parser import parse
from tests.rule_tester import NO_FIX, clean, expect

ENV = FakeEnvironment()
STRICT = "claude_desktop_config.json"  # read with JSON.parse
JSONC = ".vscode/mcp.json"  # read as JSONC


SYNTAX = ["MCP0"]  # the syntax rules only: the examples are not all valid configs


def found(text: str | bytes, path: str = STRICT) -> list[tuple[str, int, int, str]]:
    return [
        (d.rule, d.start.line, d.start.column, d.severity.value)
        for d in mcplint.lint_text(text, path=path, env=ENV, select=SYNTAX)
    ]


def fixed(text: str, path: str = STRICT, unsafe: bool = False) -> str:
    new, applied = mcplint.fix_text(text, path=path, unsafe=unsafe, env=ENV, select=SYNTAX)
    assert applied, "expected a fix to apply"
    return new


def test_syntax_error_has_exact_position_and_no_fix() -> None:
    text = '{\n  "mcpServers": {\n    "a": {"command": "x" "args": []}\n  }\n}\n'
    assert found(text) == [("syntax-error", 3, 26, "error")]
    new, applied = mcplint.fix_text(text, path=STRICT, env=ENV, select=SYNTAX)
    assert new == text and applied == []


def test_empty_file_is_a_syntax_error() -> None:
    assert found("") == [("syntax-error", 1, 1, "error")]


def test_trailing_comma_is_error_in_strict_and_info_in_jsonc() -> None:
    text = '{\n  "mcpServers": {\n    "a": {"command": "x", "args": ["y",]},\n  }\n}\n'
    assert found(text) == [("trailing-comma", 3, 39, "error"), ("trailing-comma", 3, 42, "error")]
    assert found(text, JSONC) == [
        ("trailing-comma", 3, 39, "info"),
        ("trailing-comma", 3, 42, "info"),
    ]
    new = fixed(text)
    assert new == '{\n  "mcpServers": {\n    "a": {"command": "x", "args": ["y"]}\n  }\n}\n'
    assert json.loads(new) == parse(text).value


def test_comment_in_strict_json_unsafe_fix_removes_it() -> None:
    text = '{\n  // my servers\n  "mcpServers": {} /* none yet */\n}\n'
    assert found(text) == [
        ("comment-in-strict-json", 2, 3, "error"),
        ("comment-in-strict-json", 3, 20, "error"),
    ]
    assert found(text, JSONC) == []
    new, applied = mcplint.fix_text(text, path=STRICT, env=ENV, select=SYNTAX)
    assert new == text and applied == []  # unsafe: not applied by default
    new = fixed(text, unsafe=True)
    assert new == '{\n  "mcpServers": {}\n}\n'
    assert json.loads(new) == {"mcpServers": {}}


def test_json5_syntax_safe_fix_gives_json_with_same_value() -> None:
    text = "{\n  mcpServers: {'fs': {command: 'npx', timeout: 0x10, n: +.5}},\n}\n"
    rules = found(text)
    assert rules[0] == ("json5-syntax", 2, 3, "error")
    assert {r[0] for r in rules} == {"json5-syntax", "trailing-comma"}
    new = fixed(text)
    assert json.loads(new) == {"mcpServers": {"fs": {"command": "npx", "timeout": 16, "n": 0.5}}}
    assert new == '{\n  "mcpServers": {"fs": {"command": "npx", "timeout": 16, "n": 0.5}}\n}\n'


def test_json5_file_accepts_json5() -> None:
    assert found("{a: 'b', // c\n}", "settings.json5") == [("trailing-comma", 1, 8, "info")]


def test_nan_has_no_fix() -> None:
    diags = mcplint.lint_text('{"a": NaN}', path=STRICT, env=ENV)
    assert [(d.rule, d.start.column, d.fix) for d in diags] == [("json5-syntax", 7, None)]


def test_smart_quotes() -> None:
    text = '{“mcpServers”: {"a": {“command”: “npx”}}}'
    assert found(text) == [
        ("smart-quotes", 1, 2, "error"),
        ("smart-quotes", 1, 23, "error"),
        ("smart-quotes", 1, 34, "error"),
    ]
    new = fixed(text)
    assert json.loads(new) == {"mcpServers": {"a": {"command": "npx"}}}


def test_invalid_escape_doubles_the_backslash() -> None:
    text = '{"mcpServers": {"a": {"command": "node", "args": ["C:\\Users\\me\\s.js"]}}}'
    assert found(text) == [
        ("invalid-escape", 1, 54, "error"),
        ("invalid-escape", 1, 60, "error"),
        ("invalid-escape", 1, 63, "error"),
    ]
    new = fixed(text)
    assert json.loads(new)["mcpServers"]["a"]["args"] == ["C:\\Users\\me\\s.js"]


def test_byte_order_mark_error_for_claude_desktop_info_for_claude_code() -> None:
    text = '\ufeff{"mcpServers": {}}'
    assert found(text) == [("byte-order-mark", 1, 1, "error")]
    assert found(text, ".mcp.json") == [("byte-order-mark", 1, 1, "info")]
    assert fixed(text) == '{"mcpServers": {}}'


def test_invalid_encoding_utf16_is_re_encoded_as_utf8() -> None:
    text = '{"mcpServers": {"a": {"command": "x"}}}\r\n'
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    result = check_bytes(data, STRICT, ENV)
    assert [(d.rule, d.start.line, d.start.column) for d in result.diagnostics] == [
        ("invalid-encoding", 1, 1)
    ]
    fixed_result = fix_bytes(data, STRICT, ENV)
    assert fixed_result.output == text.encode("utf-8")
    assert fixed_result.diagnostics == []


def test_invalid_encoding_utf16_without_bom() -> None:
    data = '{"mcpServers": {}}'.encode("utf-16-le")
    assert found(data) == [("invalid-encoding", 1, 1, "error")]


def test_invalid_utf8_points_at_the_first_bad_byte_and_is_kept_by_other_fixes() -> None:
    data = b'{"mcpServers": {"a": {"command": "caf\xe9",}}}'
    assert found(data) == [("invalid-encoding", 1, 38, "error"), ("trailing-comma", 1, 40, "error")]
    result = fix_bytes(data, STRICT, ENV, Options())
    assert result.output == b'{"mcpServers": {"a": {"command": "caf\xe9"}}}'


def test_duplicate_key_points_at_the_second_with_the_first_related() -> None:
    text = '{\n  "mcpServers": {\n    "db": {"command": "a"},\n    "db": {"command": "b"}\n  }\n}'
    (d,) = mcplint.lint_text(text, path=STRICT, env=ENV, select=SYNTAX)
    assert (d.rule, d.start.line, d.start.column, d.end.column) == ("duplicate-key", 4, 5, 9)
    assert [(r.message, r.start.line, r.start.column) for r in d.related] == [
        ("first defined here", 3, 5)
    ]
    assert d.fix is None


def test_concatenated_documents_merge_is_unsafe() -> None:
    text = (
        '{\n  "mcpServers": {\n    "a": {"command": "x"}\n  }\n}\n'
        '{\n  "mcpServers": {\n    "b": {"command": "y"}\n  }\n}\n'
    )
    assert found(text) == [("concatenated-documents", 6, 1, "error")]
    new = fixed(text, unsafe=True)
    assert json.loads(new) == {"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}}}
    assert found(new) == []


def test_concatenated_documents_with_colliding_names_has_no_fix() -> None:
    text = '{"mcpServers": {"a": {"command": "x"}}}{"mcpServers": {"a": {"command": "y"}}}'
    (d,) = mcplint.lint_text(text, path=STRICT, env=ENV, select=SYNTAX)
    assert d.rule == "concatenated-documents" and d.fix is None


@pytest.mark.parametrize(
    ("raw", "escape", "value"),
    [
        (r"c:\temp\x.js", r"\t", "c:\\temp\\x.js"),
        (r"C:\\Users\\me\\new\\a.js", "", None),  # already escaped: nothing
        (r"C:\new", r"\n", "C:\\new"),
    ],
)
def test_suspicious_escape(raw: str, escape: str, value: str | None) -> None:
    text = '{"args": ["' + raw + '"]}'
    diags = [
        d
        for d in mcplint.lint_text(text, path=STRICT, env=ENV, select=SYNTAX)
        if d.rule != "invalid-escape"
    ]
    if value is None:
        assert diags == []
        return
    assert [(d.rule, d.start.column, d.severity.value) for d in diags] == [
        ("suspicious-escape", text.index(escape) + 1, "warning")
    ]
    new = fixed(text)
    assert json.loads(new)["args"] == [value]


# -- the same rules through the one rule tester (marked ranges, fix, re-parse, idempotence) ---


def test_tester_trailing_comma() -> None:
    expect(
        "trailing-comma",
        '{"mcpServers": {"a": {"command": "x", "args": ["y"«,»]}«,»}}',
        path=STRICT,
        fixed='{"mcpServers": {"a": {"command": "x", "args": ["y"]}}}',
    )
    expect("trailing-comma", '{"servers": {}«,»}', path=JSONC, severity=mcplint.Severity.INFO)


def test_tester_comment_in_strict_json() -> None:
    source = '{\n  «// my servers»\n  "mcpServers": {}\n}\n'
    expect("comment-in-strict-json", source, path=STRICT, fixed=NO_FIX)
    expect(
        "comment-in-strict-json",
        source,
        path=STRICT,
        unsafe=True,
        fixed='{\n  "mcpServers": {}\n}\n',
    )
    clean("comment-in-strict-json", '{\n  // mine\n  "servers": {}\n}', path=JSONC)


def test_tester_json5_syntax() -> None:
    expect("json5-syntax", "{«mcpServers»: {}}", path=STRICT, fixed='{"mcpServers": {}}')
    expect("json5-syntax", '{"a": «NaN»}', path=STRICT, fixed=NO_FIX)


def test_tester_smart_quotes() -> None:
    expect(
        "smart-quotes",
        '{"mcpServers": {"a": {"command": «\u201c»npx\u201d}}}',  # one finding a string
        path=STRICT,
        fixed='{"mcpServers": {"a": {"command": "npx"}}}',
    )


def test_tester_invalid_escape() -> None:
    expect(
        "invalid-escape",
        '{"args": ["C:«\\U»sers"]}',
        path=STRICT,
        fixed='{"args": ["C:\\\\Users"]}',
    )


def test_tester_byte_order_mark() -> None:
    expect("byte-order-mark", '«\ufeff»{"mcpServers": {}}', path=STRICT, fixed='{"mcpServers": {}}')


def test_tester_duplicate_key() -> None:
    expect(
        "duplicate-key",
        '{"mcpServers": {"db": {"command": "a"}, «"db"»: {"command": "b"}}}',
        path=STRICT,
        message="Claude Desktop silently keeps only the last one",
        fixed=NO_FIX,
    )


def test_tester_concatenated_documents() -> None:
    expect(
        "concatenated-documents",
        '{"mcpServers": {"a": {"command": "x"}}}«{"mcpServers": {"b": {"command": "y"}}}»',
        path=STRICT,
        unsafe=True,
        fixed='{"mcpServers": {"a": {"command": "x"},\n"b": {"command": "y"}}}',
    )


def test_tester_suspicious_escape() -> None:
    expect(
        "suspicious-escape",
        '{"args": ["c:«\\t»emp\\\\x.js"]}',
        path=STRICT,
        fixed='{"args": ["c:\\\\temp\\\\x.js"]}',
    )
    clean("suspicious-escape", '{"servers": {}} // was "C:\\tools\\server.js"', path=JSONC)


def test_tester_syntax_error() -> None:
    expect(
        "syntax-error",
        '{"mcpServers": {"a": {"command": "x" «"»args": []}}}',
        path=STRICT,
        fixed=NO_FIX,
    )
