"""Fix safety, end to end on real files: `mcplint --fix`, `--unsafe-fixes` and `--diff`.

Every fix must leave a file that parses, with the value the fix meant, changed nowhere else
(comments, indentation, line endings, final newline, invalid bytes kept byte for byte), written
atomically through symlinks with its mode, and never over a file that changed on disk.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import json5
import pytest
from cli_helpers import plain_environment, run  # noqa: F401 (fixture)

import mcplint
from mcplint.env import Environment

pytestmark = pytest.mark.usefixtures("plain_environment")


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def fix(path: Path, *flags: str) -> tuple[int, str, str]:
    # `uvx` and the paths in these files are not on this machine: the fixes are the subject.
    return run("--fix", "--ignore", "machine", *flags, str(path))


def stamp(path: Path) -> tuple[int, int, bytes]:
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, path.read_bytes())


def assert_idempotent(path: Path, *flags: str) -> None:
    before = stamp(path)
    fix(path, *flags)
    assert stamp(path) == before, "a second --fix changed (or rewrote) the file"


# -- value-preserving fixes on strict-JSON files ------------------------------------------------


def test_trailing_commas_fixed_value_kept(tmp_path: Path) -> None:
    original = (
        b'{\n  "mcpServers": {\n    "fs": {\n      "command": "npx",\n'
        b'      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp",],\n'
        b'      "env": {"A": "1",},\n    },\n  },\n}\n'
    )
    path = write(tmp_path / ".mcp.json", original)
    code, out, _ = fix(path)
    fixed = path.read_bytes()
    assert code == 0, out
    assert json.loads(fixed) == json5.loads(original.decode())
    assert fixed == (  # only the five commas went
        b'{\n  "mcpServers": {\n    "fs": {\n      "command": "npx",\n'
        b'      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],\n'
        b'      "env": {"A": "1"}\n    }\n  }\n}\n'
    )
    assert "Fixed 5 problems." in out
    assert_idempotent(path)


def test_byte_order_mark_removed_value_kept(tmp_path: Path) -> None:
    body = b'{\n  "mcpServers": {"a": {"command": "uvx", "args": ["mcp-server-git"]}}\n}\n'
    path = write(tmp_path / "claude_desktop_config.json", b"\xef\xbb\xbf" + body)
    code, _, _ = fix(path)
    assert code == 0
    assert path.read_bytes() == body
    assert json.loads(path.read_bytes()) == json.loads(body)
    assert_idempotent(path)


def test_invalid_escapes_get_the_intended_windows_path(tmp_path: Path) -> None:
    original = (
        b'{"mcpServers": {"fs": {"command": "npx", "args": '
        b'["-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\me\\Desktop"]}}}\n'
    )
    path = write(tmp_path / "claude_desktop_config.json", original)
    code, out, _ = fix(path)
    assert code == 0, out
    value = json.loads(path.read_bytes())
    assert value["mcpServers"]["fs"]["args"][2] == "C:\\Users\\me\\Desktop"
    assert path.read_bytes() == original.replace(
        b"C:\\Users\\me\\Desktop", b"C:\\\\Users\\\\me\\\\Desktop"
    )
    assert_idempotent(path)


def test_many_problems_at_once_end_as_strict_json(tmp_path: Path) -> None:
    original = (
        "\ufeff{\n"
        "  mcpServers: {\n"
        "    'git': {command: \u201cuvx\u201d, args: ['mcp-server-git', 'C:\\repo\\x'],},\n"
        '    "n": {"command": "node", "args": [0x10, +1, .5]},\n'
        "  },\n"
        "}\n"
    ).encode()
    path = write(tmp_path / ".mcp.json", original)
    code, out, err = fix(path, "--select", "MCP0")  # the syntax rules (numeric args: `schema`)
    assert code == 0, out + err
    assert json.loads(path.read_bytes()) == {
        "mcpServers": {
            "git": {"command": "uvx", "args": ["mcp-server-git", "C:\\repo\\x"]},
            "n": {"command": "node", "args": [16, 1, 0.5]},
        }
    }
    assert_idempotent(path)


def test_suspicious_escape_becomes_the_path_that_was_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".mcp.json", b'{"mcpServers": {"t": {"command": "c:\\tools\\new.exe"}}}'
    )
    assert json.loads(path.read_bytes())["mcpServers"]["t"]["command"] == "c:\tools\new.exe"
    code, _, _ = fix(path)
    assert code == 0
    assert json.loads(path.read_bytes())["mcpServers"]["t"]["command"] == "c:\\tools\\new.exe"
    assert_idempotent(path)


# -- layout kept byte for byte -----------------------------------------------------------------


def test_comments_survive_in_jsonc(tmp_path: Path) -> None:
    original = (
        b"{\n"
        b"  // servers for this workspace\n"
        b'  "servers": {\n'
        b"    /* the filesystem\n"
        b"       server */\n"
        b'    "fs": {"command": "npx", "args": ["-y", "fs",], /* inline */},\n'
        b'    "git": {"command": "uvx", }, // trailing note\n'
        b"  },\n"
        b"}\n"
    )
    expected = (
        b"{\n"
        b"  // servers for this workspace\n"
        b'  "servers": {\n'
        b"    /* the filesystem\n"
        b"       server */\n"
        b'    "fs": {"command": "npx", "args": ["-y", "fs"] /* inline */},\n'
        b'    "git": {"command": "uvx" } // trailing note\n'
        b"  }\n"
        b"}\n"
    )
    path = write(tmp_path / ".vscode" / "mcp.json", original)
    code, out, _ = fix(path)
    assert code == 0, out
    assert path.read_bytes() == expected
    for comment in (b"// servers for this workspace", b"/* the filesystem\n       server */"):
        assert comment in path.read_bytes()
    assert json5.loads(expected.decode()) == json5.loads(original.decode())
    assert_idempotent(path)


def test_crlf_tabs_and_no_final_newline_are_kept(tmp_path: Path) -> None:
    original = (
        b'{\r\n\t"mcpServers": {\r\n\t\t"a": {\r\n\t\t\t"command": "npx",\r\n'
        b'\t\t\t"args": ["-y",\t"pkg",],\r\n\t\t},\r\n\t}\r\n}'
    )
    expected = (
        b'{\r\n\t"mcpServers": {\r\n\t\t"a": {\r\n\t\t\t"command": "npx",\r\n'
        b'\t\t\t"args": ["-y",\t"pkg"]\r\n\t\t}\r\n\t}\r\n}'
    )
    path = write(tmp_path / ".mcp.json", original)
    code, _, _ = fix(path)
    assert code == 0
    assert path.read_bytes() == expected
    assert json.loads(expected) == json5.loads(original.decode())
    assert_idempotent(path)


def test_mixed_line_endings_and_crlf_with_bom_are_kept(tmp_path: Path) -> None:
    original = b'\xef\xbb\xbf{\r\n  "mcpServers": {},\n  "x": [1,]\r\n}\r\n'
    path = write(tmp_path / "claude_desktop_config.json", original)
    fix(path)
    assert path.read_bytes() == b'{\r\n  "mcpServers": {},\n  "x": [1]\r\n}\r\n'


def test_invalid_utf8_bytes_elsewhere_are_kept(tmp_path: Path) -> None:
    original = b'{"mcpServers": {"a": {"command": "caf\xe9", "args": ["x",]}}}\n'
    path = write(tmp_path / ".mcp.json", original)
    code, out, _ = fix(path)
    assert path.read_bytes() == original.replace(b'"x",]', b'"x"]')
    assert code == 1  # the byte itself cannot be fixed: it is still reported
    assert "invalid-encoding" in out


def test_utf16_is_rewritten_as_utf8_with_the_same_value(tmp_path: Path) -> None:
    text = '{\r\n  "mcpServers": {"a": {"command": "node", "args": ["café"]}}\r\n}\r\n'
    path = write(tmp_path / "claude_desktop_config.json", text.encode("utf-16"))
    code, _, _ = fix(path)
    assert code == 0
    assert path.read_bytes() == text.encode("utf-8")
    assert_idempotent(path)


# -- unsafe fixes --------------------------------------------------------------------------------


COMMENTED = (
    b"{\n"
    b"  // my servers\n"
    b'  "mcpServers": {\n'
    b'    "fs": {"command": "npx"}, /* for later */\n'
    b'    "git": {"command": "uvx"}\n'
    b"  }\n"
    b"}\n"
)


def test_comment_removal_needs_unsafe_fixes(tmp_path: Path) -> None:
    path = write(tmp_path / "claude_desktop_config.json", COMMENTED)
    code, out, _ = fix(path)
    assert code == 1
    assert path.read_bytes() == COMMENTED  # nothing safe to do: not even rewritten
    assert out.count("[comment-in-strict-json]") == 2
    assert "2 more fixable with --fix --unsafe-fixes." in out

    code, out, _ = fix(path, "--unsafe-fixes")
    assert code == 0, out
    assert path.read_bytes() == (
        b"{\n"
        b'  "mcpServers": {\n'
        b'    "fs": {"command": "npx"},\n'
        b'    "git": {"command": "uvx"}\n'
        b"  }\n"
        b"}\n"
    )
    assert json.loads(path.read_bytes()) == json5.loads(COMMENTED.decode())
    assert_idempotent(path, "--unsafe-fixes")


def test_unsafe_fixes_without_fix_write_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "claude_desktop_config.json", COMMENTED)
    before = stamp(path)
    code, _, _ = run("--unsafe-fixes", str(path))
    assert code == 1
    assert stamp(path) == before


def test_comments_kept_in_strict_json_by_safe_fixes(tmp_path: Path) -> None:
    original = b'{\n  // keep me\n  "mcpServers": {"a": {"command": "x",}}\n}\n'
    path = write(tmp_path / ".mcp.json", original)
    code, _, _ = fix(path)
    assert code == 1  # the comment is still an error
    assert path.read_bytes() == original.replace(b'"x",}', b'"x"}')


def test_library_fix_text() -> None:
    text = '{"mcpServers": {"a": {"command": "x",}},}'
    fixed, applied = mcplint.fix_text(text, path=".mcp.json")
    assert fixed == '{"mcpServers": {"a": {"command": "x"}}}'
    assert [d.rule for d in applied] == ["trailing-comma", "trailing-comma"]
    assert mcplint.fix_text(fixed, path=".mcp.json") == (fixed, [])
    commented = '{"mcpServers": {} /* x */}'
    assert mcplint.fix_text(commented, path=".mcp.json").text == commented
    assert mcplint.fix_text(commented, path=".mcp.json", unsafe=True).text == '{"mcpServers": {}}'


# -- how the file is written ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_fix_keeps_the_file_mode(tmp_path: Path, mode: int) -> None:
    path = write(tmp_path / ".claude.json", b'{"mcpServers": {},}\n')
    os.chmod(path, mode)
    fix(path)
    assert path.read_bytes() == b'{"mcpServers": {}}\n'
    assert stat.S_IMODE(os.stat(path).st_mode) == mode


def test_fix_through_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "claude_desktop_config.json", b'{"mcpServers": {},}\n')
    os.chmod(real, 0o600)
    link = tmp_path / "Claude" / "claude_desktop_config.json"
    link.parent.mkdir()
    link.symlink_to(real)
    code, _, _ = fix(link)
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b'{"mcpServers": {}}\n'
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600
    assert sorted(os.listdir(real.parent)) == ["claude_desktop_config.json"]


class RacingEnvironment(Environment):
    """This machine, where another program rewrites the file just before mcplint writes it."""

    def __init__(self, theirs: bytes) -> None:
        super().__init__()
        self.theirs = theirs

    def write_atomic(self, p: str, data: bytes, expected: bytes | None = None) -> None:
        with open(p, "wb") as f:  # the other writer wins the race
            f.write(self.theirs)
        super().write_atomic(p, data, expected=expected)


def test_fix_refuses_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = write(tmp_path / ".claude.json", b'{"mcpServers": {},}\n')
    theirs = b'{"numStartups": 7, "mcpServers": {}}\n'
    code, out, _ = run("--fix", str(path), env=RacingEnvironment(theirs))
    assert code == 1
    assert path.read_bytes() == theirs
    assert sorted(os.listdir(tmp_path)) == [".claude.json"]
    first = out.splitlines()[0]
    assert first.startswith(f"{path}:1:1: MCP900 [io-error] {path} changed on disk since mcplint")
    assert "nothing was written" in first


def test_fix_refusal_in_json_output(tmp_path: Path) -> None:
    path = write(tmp_path / ".mcp.json", b'{"mcpServers": {},}\n')
    env = RacingEnvironment(b"{}")
    code, out, _ = run("--fix", "--output-format", "json", str(path), env=env)
    assert code == 1
    items = json.loads(out)["diagnostics"]
    assert items[0]["rule"] == "io-error" and "changed on disk" in items[0]["message"]
    assert path.read_bytes() == b"{}"


# -- --diff --------------------------------------------------------------------------------------


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / ".mcp.json", b'{\n  "mcpServers": {"a": {"command": "x",}},\n}\n')
    before = stamp(path)
    code, out, _ = run("--diff", ".mcp.json")
    assert code == 1
    assert out == (
        "--- a/.mcp.json\n"
        "+++ b/.mcp.json\n"
        "@@ -1,3 +1,3 @@\n"
        " {\n"
        '-  "mcpServers": {"a": {"command": "x",}},\n'
        '+  "mcpServers": {"a": {"command": "x"}}\n'
        " }\n"
    )
    assert stamp(path) == before


def test_diff_with_fix_still_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / ".mcp.json", b'{"mcpServers": {},}\n')
    before = stamp(path)
    code, out, _ = run("--fix", "--diff", str(path))
    assert code == 1 and out.startswith("--- a/")
    assert stamp(path) == before


def test_diff_exits_0_when_there_is_nothing_to_fix(tmp_path: Path) -> None:
    write(tmp_path / ".mcp.json", b'{"mcpServers": {}}\n')
    assert run("--diff", ".mcp.json") == (0, "No fixes to apply.\n", "")
    assert run("--diff", "--quiet", ".mcp.json") == (0, "", "")


def test_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    write(tmp_path / ".mcp.json", b'{"mcpServers": {},}')
    code, out, _ = run("--diff", ".mcp.json")
    assert code == 1
    assert out == (
        "--- a/.mcp.json\n"
        "+++ b/.mcp.json\n"
        "@@ -1 +1 @@\n"
        '-{"mcpServers": {},}\n'
        "\\ No newline at end of file\n"
        '+{"mcpServers": {}}\n'
        "\\ No newline at end of file\n"
    )


def test_diff_keeps_crlf_and_splits_lines_only_at_newlines(tmp_path: Path) -> None:
    # U+2028 is allowed raw in a JSON string; it must not split a line of the diff
    write(tmp_path / ".mcp.json", '{"mcpServers": {},\r\n "n": "a\u2028b",}\r\n'.encode())
    code, out, _ = run("--diff", ".mcp.json")
    assert code == 1
    assert out.split("\n")[3:] == [
        ' {"mcpServers": {},\r',
        '- "n": "a\u2028b",}\r',
        '+ "n": "a\u2028b"}\r',
        "",
    ]


def test_diff_applies_unsafe_fixes_only_when_asked(tmp_path: Path) -> None:
    write(tmp_path / "claude_desktop_config.json", COMMENTED)
    code, out, err = run("--diff", "claude_desktop_config.json")
    assert (code, out) == (1, "")  # the error remains: --diff does not pass it
    assert "errors remain that no safe fix repairs (--unsafe-fixes may)" in err
    code, out, _ = run("--diff", "--unsafe-fixes", "claude_desktop_config.json")
    assert code == 1
    assert "-  // my servers\n" in out
    assert '-    "fs": {"command": "npx"}, /* for later */\n' in out
    assert '+    "fs": {"command": "npx"},\n' in out


def test_diff_reports_a_file_it_cannot_read(tmp_path: Path) -> None:
    assert run("--diff", "missing.json") == (1, "", "mcplint: missing.json: no such file\n")
    write(tmp_path / ".mcp.json", b'{"mcpServers": {},}\n')
    code, out, err = run("--diff", "--quiet", "missing.json", ".mcp.json")
    assert code == 1
    assert out.startswith("--- a/.mcp.json\n")
    assert err == "mcplint: missing.json: no such file\n"


def test_unsafe_comment_removal_keeps_crlf_and_cr(tmp_path: Path) -> None:
    for newline in (b"\r\n", b"\r"):
        lines = [b"{", b"  // c", b'  "mcpServers": {} /* x */', b"}", b""]
        path = write(tmp_path / ".mcp.json", newline.join(lines))
        code, _, _ = fix(path, "--unsafe-fixes")
        assert code == 0
        assert path.read_bytes() == newline.join([b"{", b'  "mcpServers": {}', b"}", b""])
