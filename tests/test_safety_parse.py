"""Safety of reading, parsing and fixing: huge numbers, lone surrogates, encodings kept across
fix passes, comments, recovery, caps, linear scans (issue 10, part 1). Each test fails on the code
before its fix."""

from __future__ import annotations

import math

import pytest

import mcplint
from mcplint.engine import Options, check_bytes, fix_bytes
from mcplint.env import FakeEnvironment
from mcplint.parser import parse
from mcplint.source import decode, decode_as, encode_exact
from mcplint.tomlparse import parse_toml

DESKTOP = "claude_desktop_config.json"
VSCODE = "/home/user/project/.vscode/mcp.json"
CODEX = "/home/user/.codex/config.toml"
ENV = FakeEnvironment()


def rules(diagnostics: list[mcplint.Diagnostic]) -> list[str]:
    return [d.rule for d in diagnostics]


# -- 1. huge integer literals ---------------------------------------------------------------------

HUGE = "9" * 4301
HUGE_FORMS = [HUGE, "-" + HUGE, "+" + HUGE, "." + HUGE, HUGE + ".", "0x" + "f" * 4000]


@pytest.mark.parametrize("number", HUGE_FORMS, ids=["int", "neg", "plus", "dot", "dot-end", "hex"])
def test_huge_number_lints_and_fixes_without_raising(number: str) -> None:
    doc = '{"mcpServers": {"a": {"command": "x", "n": @}}}'.replace("@", number)
    found = rules(mcplint.lint_text(doc, DESKTOP))
    assert "internal-error" not in found and "syntax-error" not in found
    fixed = mcplint.fix_text(doc, DESKTOP)
    assert fixed.text.startswith('{"mcpServers"')
    # deeper: the C scanner reads the subtree, its expansion reads it again
    result = parse('{"a": {"b": {"c": [@]}}}'.replace("@", number))
    assert result.ok and result.root is not None
    node = result.root.find(("a", "b", "c", 0))
    assert node is not None and node.kind == "number"
    assert isinstance(node.value, int | float)


def test_huge_int_value_is_infinite_like_json_parse() -> None:
    value = parse('{"n": @}'.replace("@", HUGE)).value["n"]
    assert value == math.inf
    assert parse('{"n": -@}'.replace("@", HUGE)).value["n"] == -math.inf
    assert parse('{"n": @}'.replace("@", ("9" * 4300))).value["n"] == int("9" * 4300)


def test_huge_int_in_lazy_subtree_expands() -> None:
    result = parse('{"a": {"b": [1, @]}}'.replace("@", HUGE))
    assert result.root is not None
    node = result.root.find(("a", "b", 1))
    assert node is not None and node.value == math.inf


def test_huge_integer_in_toml_is_a_clear_error() -> None:
    text = '[mcp_servers.a]\ncommand = "x"\nn = @\n'.replace("@", HUGE)
    result = parse_toml(text)
    assert [e.kind for e in result.errors] == ["syntax-error"]
    assert "64-bit" in result.errors[0].message
    assert result.errors[0].start == text.index("999")
    assert "internal-error" not in rules(mcplint.lint_text(text, CODEX))
    assert mcplint.fix_text(text, CODEX).text == text


# -- 2. lone surrogates ---------------------------------------------------------------------------


@pytest.mark.parametrize("lone", ["\ud800", "\udbff", "\udc80", "\udcff", "\udfff"])
def test_fix_text_keeps_a_lone_surrogate(lone: str) -> None:
    text = '{"a": "' + lone + '",}'
    fixed = mcplint.fix_text(text, VSCODE)
    assert fixed.text == '{"a": "' + lone + '"}'
    assert mcplint.fix_text('{"a": "' + lone + '"}', DESKTOP).text == '{"a": "' + lone + '"}'
    mcplint.lint_text(text, DESKTOP)


@pytest.mark.parametrize("lone", ["\ud800", "\udc80", "\udcff"])
@pytest.mark.parametrize("bom", [b"", b"\xff\xfe"])
def test_utf16_with_unpaired_surrogate_is_not_offered_a_fix(lone: str, bom: bytes) -> None:
    data = bom + ('{"mcpServers": {}, "x": "' + lone + '"}').encode("utf-16-le", "surrogatepass")
    result = check_bytes(data, DESKTOP, ENV)
    encoding = [d for d in result.diagnostics if d.rule == "invalid-encoding"]
    assert len(encoding) == 1 and encoding[0].fix is None
    assert "unpaired surrogate" in encoding[0].message
    fixed = fix_bytes(data, DESKTOP, ENV)
    assert fixed.output is None and fixed.fixed == []


def test_encode_exact_refuses_what_does_not_round_trip() -> None:
    assert encode_exact("\ud800", "utf-8") is None
    assert encode_exact("\udc80", "utf-8") == b"\x80"
    assert encode_exact("\ud83d\ude00", "utf-16-le") is None  # a pair written as two characters
    assert encode_exact("\ud800", "utf-16-le") == b"\x00\xd8"


# -- 3. the encoding is decided once per file ---------------------------------------------------


def test_bom_removal_does_not_flip_the_file_to_utf16() -> None:
    data = b"\xef\xbb\xbf\xff\xfe{\x00"
    result = fix_bytes(data, DESKTOP, ENV)
    assert result.output == b"\xff\xfe{\x00"  # the BOM went; the other bytes are kept as bytes
    assert result.encoding == "utf-8"
    # run again, the output is a new file: its own decision (UTF-16), transcoded as a whole
    assert fix_bytes(result.output, DESKTOP, ENV).output == b"{"


def test_fix_keeps_utf8_when_its_output_would_sniff_as_utf16() -> None:
    # A UTF-8 file (BOM) whose rest looks like UTF-16 once the BOM is gone.
    utf16 = '{"mcpServers": {}}'.encode("utf-16-le")
    data = b"\xef\xbb\xbf" + utf16
    first = decode(data)
    assert first.encoding == "utf-8"
    result = fix_bytes(data, DESKTOP, ENV)
    assert result.output is not None and result.output.startswith(b"{\x00")
    assert result.encoding == "utf-8"
    assert "\u227b" not in result.text  # no CJK mojibake


def test_mixed_ascii_and_utf16_is_not_sniffed_as_utf16() -> None:
    data = '{"mcpServers": {"a"'.encode("utf-16-le") + b"xxyyzzwwvvuu: {}}}"
    assert decode(data).encoding == "utf-8"
    assert decode('{"mcpServers": {}}'.encode("utf-16-le")).encoding == "utf-16-le"
    assert decode('{"mcpServers": {}}'.encode("utf-16-be")).encoding == "utf-16-be"
    assert decode_as(b"{\x00}\x00", "utf-8").text == "{\x00}\x00"


def test_utf16_file_is_transcoded_once() -> None:
    data = b"\xff\xfe" + '{"mcpServers": {"a": {"command": "x",}}}'.encode("utf-16-le")
    result = fix_bytes(data, VSCODE, ENV, Options())
    assert result.output is not None
    assert result.output == b'{"mcpServers": {"a": {"command": "x"}}}'
    assert [d.rule for d in result.fixed] == ["invalid-encoding", "trailing-comma"]


# -- 4. `//` comments end at CR or LF only ------------------------------------------------------


def test_line_comment_runs_across_u2028_as_in_jsonc_parser() -> None:
    text = '{\n  // note\u2028 "x": 1\n  "servers": {}\n}\n'
    result = parse(text)
    assert result.ok and result.value == {"servers": {}}
    assert [(c.start, c.end) for c in result.comments] == [(4, text.index("\n", 4))]
    assert rules(mcplint.lint_text(text, VSCODE)) == []
    assert mcplint.fix_text(text, VSCODE).text == text


def test_line_index_does_not_break_lines_at_u2028() -> None:
    from mcplint.text import LineIndex

    index = LineIndex("a\u2028b\nc")
    assert index.position(2).line == 1 and index.position(4).line == 2


# -- 5. the stray-group skip is lexical -----------------------------------------------------------


def test_stray_group_skip_ignores_brackets_in_comments_and_strings() -> None:
    text = '{"a": 1, [ "]", \'[\', // ]\n /* ] */ "x" ], "b": "2"}'
    result = parse(text)
    assert result.value == {"a": 1, "b": "2"}
    assert [e.start for e in result.errors] == [text.index("[")]


def test_fix_after_a_stray_group_does_not_edit_a_comment() -> None:
    text = "{\"mcpServers\": {}, [ // ] , 'single'\n ], \"x\": 'y'}"
    fixed = mcplint.fix_text(text, VSCODE)
    assert "// ] , 'single'\n" in fixed.text


# -- 7. no rule reports or edits inside a comment -------------------------------------------------


def test_suspicious_escape_ignores_comments() -> None:
    text = (
        '{\n  // was "C:\\tools\\server.js"\n'
        '  "servers": {"a": {"command": "node", "args": ["c:\\\\x.js"]}} /* "d:\\new" */\n}\n'
    )
    assert rules(mcplint.lint_text(text, VSCODE)) == []
    assert mcplint.fix_text(text, VSCODE).text == text
    code = text.replace('"c:\\\\x.js"', '"c:\\tools.js"')
    found = [d for d in mcplint.lint_text(code, VSCODE) if d.rule == "suspicious-escape"]
    assert [d.start.offset for d in found] == [code.index("\\tools.js")]


def test_suspicious_escape_skips_a_comment_ending_mid_line() -> None:
    text = '{/* "x */ "servers": {"a": {"command": "c:\\temp\\x"}}}'
    found = [d for d in mcplint.lint_text(text, VSCODE) if d.rule == "suspicious-escape"]
    assert [d.start.offset for d in found] == [text.index("\\temp")]


def test_smart_quotes_and_escapes_inside_comments_are_not_reported() -> None:
    text = '{\n  // say \u201chi\u201d and C:\\Users\\x\n  "servers": {}\n}\n'
    assert rules(mcplint.lint_text(text, VSCODE)) == []
    assert mcplint.fix_text(text, VSCODE).text == text


class _CountingStr(str):
    """A str that adds up how far its `rfind` calls scan (from `end` back to the hit)."""

    scanned = 0

    def rfind(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
        found = super().rfind(sub, start, end)
        stop = found if found >= 0 else (start or 0)
        _CountingStr.scanned += (len(self) if end is None else end) - stop
        return found


def test_suspicious_escape_scans_linearly() -> None:
    from mcplint.rules.base import Context
    from mcplint.rules.syntax import suspicious_escape
    from mcplint.source import Source

    line = '  "C:\\\\Users\\\\me\\\\p@": {"a": 1},'
    lines = [line.replace("@", str(i)) for i in range(2000)]
    text = _CountingStr('{"projects": {\n' + "\n".join(lines) + '\n"z": 1}}\n')
    ctx = Context("/home/user/.claude.json", Source(text, "utf-8"), parse(text), "json", ENV, None)
    _CountingStr.scanned = 0
    assert list(suspicious_escape(ctx)) == []
    assert _CountingStr.scanned <= 3 * len(text)  # the old code scanned back to 0 per hit


# -- 6. caps bound the work, not the answer -------------------------------------------------------


def test_many_duplicate_keys_do_not_stop_reading() -> None:
    dups = ", ".join('"k": %d' % i for i in range(202))  # noqa: UP031
    text = '{"mcpServers": {"a": {"command": "x", "bogus": 1}}, "x": {' + dups + "}}"
    result = parse(text)
    assert result.ok
    assert [e.kind for e in result.errors] == ["duplicate-key"] * 201
    found = rules(mcplint.lint_text(text, DESKTOP))
    assert "syntax-error" not in found
    assert found.count("duplicate-key") == 201
    assert "unknown-key" in found  # the other rules still run


def test_many_smart_quotes_are_fixed_in_one_go() -> None:
    items = ", ".join("\u201cv%d\u201d" % i for i in range(2001))  # noqa: UP031
    text = '{"mcpServers": {}, "x": [' + items + "]}"
    once = mcplint.fix_text(text, DESKTOP).text
    assert "\u201c" not in once
    assert mcplint.fix_text(once, DESKTOP).text == once
    assert parse(once).value["x"][2000] == "v2000"


def test_many_real_syntax_errors_are_capped() -> None:
    text = "{" + "@ " * 1000 + "}"
    errors = parse(text).errors
    assert len(errors) == 201 and errors[-1].message.startswith("too many errors")


# -- 8. TOML strings are scanned in linear time and constant memory ------------------------------

BIG = 1_000_000
TOML_STRINGS = [
    ('command = "@"\n', "a"),
    ('command = "@"\n', "\\\\"),
    ("command = '@'\n", "a"),
    ('command = """@"""\n', '\\""x'),
    ("command = '''@'''\n", "''x"),
    ('command = "@\n', "a"),  # unterminated
    ('"@" = 1\n', "a"),  # a key
]


@pytest.mark.parametrize(("template", "unit"), TOML_STRINGS)
def test_toml_string_scan_memory_is_small(template: str, unit: str) -> None:
    import tracemalloc

    from mcplint.tomlparse import _Scanner

    text = "[mcp_servers.a]\n" + template.replace("@", unit * (BIG // len(unit)))
    tracemalloc.start()
    try:
        _Scanner(text).scan()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * len(text) + 1_000_000  # the old regex kept ~120 bytes per character


def test_toml_multiline_string_ends_at_the_first_run_of_three_quotes() -> None:
    text = '[mcp_servers.a]\ncommand = """a""b\\"""c"""""\nargs = []\n'
    result = parse_toml(text)
    assert result.errors == []
    assert result.value == {"mcp_servers": {"a": {"command": 'a""b"""c""', "args": []}}}
    node = result.root.find(("mcp_servers", "a", "command")) if result.root else None
    assert node is not None and text[node.start : node.end] == '"""a""b\\"""c"""""'


# -- invariants over arbitrary input --------------------------------------------------------------

_PIECES = [
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"'",
    b",",
    b":",
    b"//",
    b"/*",
    b"*/",
    b"\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\x80",
    b"\xed\xa0\x80",
    "\u201c".encode(),
    "\u2028".encode(),
    b"C:\\tools",
    b'"mcpServers"',
    b"0x1F",
    b"+.5",
    b"9" * 30,
    b"a",
    b" ",
    b"\\",
]


def test_lint_and_fix_never_raise_and_fix_is_idempotent() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from([DESKTOP, VSCODE]))
    def run(pieces: list[bytes], path: str) -> None:
        data = b"".join(pieces)
        check_bytes(data, path, ENV)
        first = fix_bytes(data, path, ENV)
        assert "internal-error" not in rules(first.diagnostics)
        if first.output is not None:
            again = fix_bytes(first.output, path, ENV)
            if decode(first.output).encoding == first.encoding:  # same reading of the bytes
                assert again.output is None, (data, first.output, again.output)
        text = data.decode("utf-8", "surrogateescape")
        fixed = mcplint.fix_text(text, path)
        assert mcplint.fix_text(fixed.text, path).text == fixed.text

    run()


def test_deeply_nested_values_within_the_depth_cap_never_give_an_internal_error() -> None:
    """Found by the fuzz run: 250 nested arrays under `args` made jsonschema (and the memo's
    `repr`) exceed Python's recursion limit, reported as `internal-error` by two rules."""
    text = '{"mcpServers": {"x": {"command": "n", "args": ' + "[" * 250 + "]" * 250 + "}}}"
    found = mcplint.lint_text(text, path=".mcp.json", ignore=["machine"])
    assert not [d for d in found if d.rule == "internal-error"]


def test_suspicious_escape_is_linear_on_an_unclosed_string() -> None:
    """Found by the long fuzz run: a nested quantifier backtracked exponentially on a line
    holding `C:\\` and an unclosed string (30 characters took minutes)."""
    import time

    text = '{"a": "C:\\\\x", "' + "a" * 40 + "\\\\\\\\x\n}"
    start = time.perf_counter()
    mcplint.lint_text(text, path=".vscode/mcp.json", select=["suspicious-escape"])
    assert time.perf_counter() - start < 2.0
