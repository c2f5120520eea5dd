"""The command line: exit codes, text and JSON output, colour, errors without tracebacks, and the
built wheel. In-process through `mcplint.cli.main`, and as a real `python -m mcplint` process."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_helpers import plain_environment, run  # noqa: F401 (fixture)

from mcplint import __version__
from mcplint.env import Environment

REPO = Path(__file__).resolve().parents[1]
ANSI = "\x1b["

CLEAN = b'{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"]}}}\n'
BROKEN = b'{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"],}}}\n'
INFO_ONLY = b'{"servers": {"fs": {"command": "npx",}}}\n'  # VS Code's JSONC: info
WARNING_ONLY = b'{"mcpServers": {"t": {"command": "c:\\tools\\server.exe"}}}\n'
TRAILING_INFO = "trailing comma (accepted here, but not portable to strict-JSON clients)"


pytestmark = pytest.mark.usefixtures("plain_environment")


def process_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MCPLINT_OUTPUT_FORMAT", "FORCE_COLOR", "NO_COLOR", "PYTHONIOENCODING")
    }
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def run_process(*argv: str | bytes, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "mcplint", *argv],
        cwd=cwd,
        env=process_env(**extra),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return proc


def put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# -- exit codes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "argv", "expected"),
    [
        (CLEAN, [], 0),
        (BROKEN, [], 1),
        (BROKEN, ["check"], 1),
        (WARNING_ONLY, [], 1),
        (BROKEN, ["--exit-zero"], 0),
        (BROKEN, ["--ignore", "trailing-comma"], 0),
        (BROKEN, ["--ignore", "MCP002"], 0),
        (BROKEN, ["--select", "MCP00"], 1),
        (BROKEN, ["--select", "duplicate-key,syntax-error"], 0),
        (BROKEN, ["--fix"], 0),
    ],
)
def test_exit_codes(tmp_path: Path, content: bytes, argv: list[str], expected: int) -> None:
    put(tmp_path / ".mcp.json", content)
    code, out, err = run(*argv, ".mcp.json")
    assert code == expected, out + err
    assert err == ""


def test_info_only_exits_0(tmp_path: Path) -> None:
    put(tmp_path / ".vscode" / "mcp.json", INFO_ONLY)
    code, out, _ = run(".vscode/mcp.json")
    assert code == 0
    assert "MCP002 [trailing-comma]" in out and "(1 info)" in out


def test_unknown_rule_is_a_usage_error(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", BROKEN)
    for flag in ("--select", "--ignore"):
        code, out, err = run(flag, "trailing-comas", ".mcp.json")
        assert (code, out) == (2, "")
        assert err.startswith("mcplint: error: unknown rule or code: trailing-comas")


@pytest.mark.parametrize(
    "argv",
    [["--bogus", "x.json"], ["--output-format", "xml", "x.json"], ["-", "x.json"], ["rule"]],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith("mcplint: error: ")


def test_unknown_client_is_a_usage_error(tmp_path: Path) -> None:
    put(tmp_path / "x.json", CLEAN)
    code, _, err = run("--client", "claude-dekstop", "x.json")
    assert code == 2 and "unknown client 'claude-dekstop'" in err


def test_version_goes_to_the_given_stream() -> None:
    assert run("--version") == (0, f"mcplint {__version__}\n", "")
    code, out, _ = run("check", "--help")
    assert code == 0 and "--unsafe-fixes" in out


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", CLEAN)
    code, out, err = run("missing.json", ".mcp.json")
    assert code == 1
    assert err == ""
    assert out == (
        "missing.json:1:1: MCP900 [io-error] no such file\n\nFound 1 problem (1 error).\n"
    )


def test_a_file_used_as_a_folder_is_a_diagnostic(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", CLEAN)
    code, out, _ = run(".mcp.json/x.json")
    assert code == 1
    assert out.startswith(".mcp.json/x.json:1:1: MCP900 [io-error] cannot read it: Not a directory")


def test_a_path_with_a_nul_byte_is_a_diagnostic() -> None:
    code, out, _ = run("bad\x00name.json")
    assert code == 1
    assert "[io-error] cannot read it: embedded null byte" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file all the same")
def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    path = put(tmp_path / ".mcp.json", CLEAN)
    os.chmod(path, 0)
    try:
        code, out, _ = run(".mcp.json")
    finally:
        os.chmod(path, 0o600)
    assert code == 1
    assert out.startswith(".mcp.json:1:1: MCP900 [io-error] permission denied")


def test_a_folder_lints_the_config_files_in_it(tmp_path: Path) -> None:
    put(tmp_path / "proj" / ".mcp.json", BROKEN)
    put(tmp_path / "proj" / ".vscode" / "mcp.json", INFO_ONLY)
    put(tmp_path / "proj" / "package.json", b'{"name": "x",}\n')  # not a config: not read
    put(tmp_path / "proj" / "node_modules" / "dep" / ".mcp.json", BROKEN)  # skipped folder
    code, out, _ = run("--output-format", "json", "proj")
    assert code == 1
    found = sorted({(d["path"], d["rule"], d["severity"]) for d in json.loads(out)["diagnostics"]})
    assert found == [
        (os.path.join("proj", ".mcp.json"), "trailing-comma", "error"),
        (os.path.join("proj", ".vscode", "mcp.json"), "trailing-comma", "info"),
    ]


def test_a_folder_without_configs(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run("empty")  # the user asked for this folder: nothing found is a problem
    assert (code, out) == (1, "")
    assert err.startswith("mcplint: warning: no MCP configuration files found in empty (names ")


class _FailingEnvironment(Environment):
    """This machine, where reading one particular file hits a bug (not an OSError)."""

    def read_bytes(self, p: str, max_size: int | None = None) -> bytes:
        if p.endswith("bad.json"):
            raise RuntimeError("disk driver bug")
        return super().read_bytes(p, max_size)


def test_an_internal_error_exits_2_and_the_other_files_are_still_checked(tmp_path: Path) -> None:
    put(tmp_path / "bad.json", CLEAN)
    put(tmp_path / ".mcp.json", BROKEN)
    code, out, err = run("bad.json", ".mcp.json", env=_FailingEnvironment())
    assert code == 2
    assert (
        "bad.json:1:1: MCP901 [internal-error] internal error: RuntimeError: disk driver bug" in out
    )
    assert ".mcp.json:1:63: MCP002 [trailing-comma]" in out
    assert "Traceback" not in out + err
    # --exit-zero does not hide a bug, nor does --diff
    assert run("--exit-zero", "bad.json", env=_FailingEnvironment())[0] == 2
    code, out, err = run("--diff", "bad.json", env=_FailingEnvironment())
    assert (code, out) == (2, "")
    assert err.startswith("mcplint: bad.json: internal error: RuntimeError: disk driver bug")


# -- text output ---------------------------------------------------------------------------------


def test_text_output_exact_with_tab(tmp_path: Path) -> None:
    put(tmp_path / "notes.json", b'{\n\t"a":\t[1,\t]\n}\n')
    code, out, _ = run("notes.json")
    assert code == 0
    assert out == (
        f"notes.json:2:9: MCP002 [trailing-comma] {TRAILING_INFO}\n"
        "   |\n"
        ' 2 |  "a": [1, ]\n'
        "   |         ^\n"
        "   = fix: Remove the trailing comma\n"
        "\n"
        "Found 1 problem (1 info). 1 fixable with --fix.\n"
    )


def test_text_output_exact_with_wide_characters(tmp_path: Path) -> None:
    put(tmp_path / "cjk.json", '{"名前": "値", "b": [1,]}\n'.encode())
    code, out, _ = run("--quiet", "cjk.json")
    assert code == 0
    # column 20 in characters; the marker sits under the comma, past three double-width ones
    assert out == (
        f"cjk.json:1:20: MCP002 [trailing-comma] {TRAILING_INFO}\n"
        "   |\n"
        ' 1 | {"名前": "値", "b": [1,]}\n'
        "   | " + " " * 22 + "^\n"
        "   = fix: Remove the trailing comma\n"
    )


def test_marker_spans_wide_characters(tmp_path: Path) -> None:
    put(tmp_path / "dup.json", '{"名前": 1, "名前": 2}\n'.encode())
    code, out, _ = run("--quiet", "dup.json")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("dup.json:1:11: MCP009 [duplicate-key] ")
    assert lines[2:5] == [
        ' 1 | {"名前": 1, "名前": 2}',
        "   |             ^~~~~~",
        "   = note: first defined here at 1:2",
    ]


def test_text_output_exact_with_bom_on_line_1(tmp_path: Path) -> None:
    put(tmp_path / "bom.json", b'\xef\xbb\xbf{"a": [1,], "b": 2}\n')
    code, out, _ = run("bom.json")
    assert code == 0
    assert out == (
        "bom.json:1:1: MCP007 [byte-order-mark] UTF-8 byte-order mark at the start of the file;"
        " this client strips it\n"
        "   |\n"
        ' 1 | {"a": [1,], "b": 2}\n'
        "   | ^\n"
        "   = fix: Remove the byte-order mark\n"
        "\n"
        f"bom.json:1:9: MCP002 [trailing-comma] {TRAILING_INFO}\n"
        "   |\n"
        ' 1 | {"a": [1,], "b": 2}\n'
        "   |         ^\n"
        "   = fix: Remove the trailing comma\n"
        "\n"
        "Found 2 problems (2 info). 2 fixable with --fix.\n"
    )


def test_marker_width_up_to_the_end_of_a_line_after_a_bom(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", b'\xef\xbb\xbf{"mcpServers": {}} // hi\n')
    code, out, _ = run("--select", "comment-in-strict-json", "--quiet", ".mcp.json")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(".mcp.json:1:20: MCP003 [comment-in-strict-json] ")
    assert lines[1:5] == [
        "   |",
        ' 1 | {"mcpServers": {}} // hi',
        "   |                    ^~~~~",  # all five characters of `// hi`
        "   = unsafe fix (--unsafe-fixes): Remove the comment",
    ]


def test_marker_stops_at_the_end_of_the_first_line_of_a_range(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", b'{"mcpServers": {}, /* a\n b */ "x": 1}\n')
    code, out, _ = run("--select", "MCP003", "--quiet", ".mcp.json")
    assert code == 1
    assert out.splitlines()[2:4] == [' 1 | {"mcpServers": {}, /* a', "   |                    ^~~~"]


def test_very_long_minified_line_is_windowed_around_the_marker(tmp_path: Path) -> None:
    servers = ",".join(f'"s{i}":{{"command":"npx","args":["-y","p{i}"]}}' for i in range(80))
    text = '{"mcpServers":{' + servers + "}}"
    at = text.index('"p40"]') + len('"p40"')
    text = text[:at] + "," + text[at:]  # a trailing comma deep inside a 3 kB line
    put(tmp_path / ".mcp.json", text.encode())
    code, out, _ = run("--quiet", ".mcp.json")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f".mcp.json:1:{at + 1}: MCP002 [trailing-comma] ")
    shown, marker = lines[2], lines[3]
    assert shown.startswith(" 1 | …") and shown.endswith("…")
    assert len(shown) <= len(" 1 | ") + 102
    assert marker.strip(" |") == "^"
    column = marker.index("^")
    assert shown[column] == "," and shown[column - 5 : column + 2] == '"p40",]'


def test_io_error_and_summary_wording(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", CLEAN)
    assert run(".mcp.json") == (0, "No problems found in 1 file.\n", "")
    put(tmp_path / "b.json", CLEAN)
    code, out, err = run(".mcp.json", "b.json")  # b.json: no client's name
    assert (code, out) == (0, "No problems found in 2 files.\n")
    assert err.startswith("mcplint: b.json: client assumed: Claude Code's .mcp.json")
    put(tmp_path / ".mcp.json", BROKEN)
    code, out, _ = run("--fix", ".mcp.json")
    assert (code, out) == (0, "Fixed 1 problem. No problems remain.\n")


def test_quiet_has_no_summary(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", BROKEN)
    code, out, _ = run("--quiet", ".mcp.json")
    assert code == 1
    assert out.startswith(".mcp.json:1:63: MCP002 [trailing-comma] ")
    assert "Found" not in out and "fixable" not in out
    put(tmp_path / ".mcp.json", CLEAN)
    assert run("-q", ".mcp.json") == (0, "", "")


def test_no_colour_when_not_a_tty_or_with_no_color(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", BROKEN)
    code, out, _ = run(".mcp.json", env=Environment(environ={}))
    assert code == 1 and "MCP002" in out and ANSI not in out
    forced = Environment(environ={"FORCE_COLOR": "1"})
    code, out, _ = run(".mcp.json", env=forced)
    assert f"{ANSI}31mMCP002{ANSI}0m" in out
    assert run("--no-color", ".mcp.json", env=forced)[1].count(ANSI) == 0
    assert ANSI not in run(".mcp.json", env=Environment(environ={"NO_COLOR": "1"}))[1]


def test_colour_on_a_real_terminal(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", BROKEN)
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mcplint", ".mcp.json"],
            cwd=tmp_path,
            env=process_env(TERM="xterm"),
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    shown = b"".join(chunks).decode()
    assert proc.returncode == 1
    assert f"{ANSI}31mMCP002{ANSI}0m" in shown
    assert f"{ANSI}32mfix{ANSI}0m: Remove the trailing comma" in shown


def test_colour_forced_and_refused_in_a_process(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", BROKEN)
    assert ANSI not in run_process(".mcp.json", cwd=tmp_path).stdout
    assert ANSI in run_process(".mcp.json", cwd=tmp_path, FORCE_COLOR="1").stdout
    assert ANSI not in run_process("--no-color", ".mcp.json", cwd=tmp_path, FORCE_COLOR="1").stdout


# -- JSON output ---------------------------------------------------------------------------------

KEYS = {
    "rule",
    "code",
    "severity",
    "message",
    "path",
    "start",
    "end",
    "json_path",
    "related",
    "fix",
}
POSITION_KEYS = {"line", "column", "offset"}


def _check_shape(item: dict[str, object]) -> None:
    assert set(item) == KEYS
    for key in ("rule", "code", "message", "path"):
        assert isinstance(item[key], str) and item[key]
    assert item["severity"] in ("error", "warning", "info")
    for key in ("start", "end"):
        pos = item[key]
        assert isinstance(pos, dict) and set(pos) == POSITION_KEYS
        assert all(type(pos[k]) is int for k in POSITION_KEYS)
        assert pos["line"] >= 1 and pos["column"] >= 1 and pos["offset"] >= 0
    fix = item["fix"]
    if fix is not None:
        assert isinstance(fix, dict) and set(fix) == {"applicability", "message", "edits"}
        assert fix["applicability"] in ("safe", "unsafe")
        assert isinstance(fix["message"], str) and isinstance(fix["edits"], list)
        for edit in fix["edits"]:
            assert set(edit) == {"start", "end", "content"}
            assert set(edit["start"]) == set(edit["end"]) == POSITION_KEYS
            assert isinstance(edit["content"], str)


def test_json_output_exact_positions(tmp_path: Path) -> None:
    # columns and offsets count characters: 😀 is one (not 2 UTF-16 units, not 4 bytes)
    put(tmp_path / "x.json", '{\n  "名前": 1,\n  "😀": [1,]\n}\n'.encode())
    code, out, _ = run("--output-format", "json", "x.json")
    assert code == 0
    assert json.loads(out)["diagnostics"] == [
        {
            "rule": "trailing-comma",
            "code": "MCP002",
            "severity": "info",
            "message": TRAILING_INFO,
            "path": "x.json",
            "start": {"line": 3, "column": 10, "offset": 22},
            "end": {"line": 3, "column": 11, "offset": 23},
            "json_path": [],
            "related": [],
            "fix": {
                "applicability": "safe",
                "message": "Remove the trailing comma",
                "edits": [
                    {
                        "start": {"line": 3, "column": 10, "offset": 22},
                        "end": {"line": 3, "column": 11, "offset": 23},
                        "content": "",
                    }
                ],
            },
        }
    ]


def test_json_output_columns_in_characters_and_without_the_bom(tmp_path: Path) -> None:
    name = "claude_desktop_config.json"  # Claude Desktop does not strip a BOM: an error
    put(tmp_path / name, '\ufeff{"mcpServers": {"名": {"command": "x",}}}'.encode())
    code, out, _ = run("--output-format", "json", "--select", "MCP0", name)  # syntax rules
    assert code == 1
    items = json.loads(out)["diagnostics"]
    for item in items:
        _check_shape(item)
    by_rule = {item["rule"]: item for item in items}
    assert set(by_rule) == {"byte-order-mark", "trailing-comma"}
    bom = by_rule["byte-order-mark"]
    assert (bom["severity"], bom["start"], bom["end"]) == (
        "error",
        {"line": 1, "column": 1, "offset": 0},
        {"line": 1, "column": 1, "offset": 1},
    )
    comma = by_rule["trailing-comma"]
    # offset counts the BOM (a code point of the text), the column does not; 名 is one column
    assert comma["start"] == {"line": 1, "column": 37, "offset": 37}
    assert comma["fix"]["edits"] == [
        {"start": comma["start"], "end": {"line": 1, "column": 38, "offset": 38}, "content": ""}
    ]


def test_json_output_fix_null_unsafe_and_multi_edit(tmp_path: Path) -> None:
    put(
        tmp_path / ".mcp.json",
        b'{\n  // note\n  "mcpServers": {"a": {"command": "x", "args": ["C:\\U\\m"]}},\n'
        b'  "a": 1, "a": 2\n}\n',
    )
    code, out, _ = run("--output-format", "json", ".mcp.json")
    assert code == 1
    items = json.loads(out)["diagnostics"]
    for item in items:
        _check_shape(item)
    by_rule = {item["rule"]: item for item in items}
    assert by_rule["duplicate-key"]["fix"] is None
    comment = by_rule["comment-in-strict-json"]
    assert comment["start"] == {"line": 2, "column": 3, "offset": 4}
    assert comment["end"] == {"line": 2, "column": 10, "offset": 11}
    assert comment["fix"]["applicability"] == "unsafe"
    assert comment["fix"]["edits"] == [  # the whole line goes, its newline too
        {
            "start": {"line": 2, "column": 1, "offset": 2},
            "end": {"line": 3, "column": 1, "offset": 12},
            "content": "",
        }
    ]
    escapes = [i for i in items if i["rule"] == "invalid-escape"]
    edits = [e for i in escapes for e in i["fix"]["edits"]]
    assert all(e["content"] == "\\" or e["content"].startswith("\\\\") for e in edits)
    for e in edits:
        assert e["start"]["line"] == 3
        assert e["start"]["offset"] - e["start"]["column"] == 12 - 1  # line 3 starts at 12


def test_json_output_empty_and_io_error(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", CLEAN)
    code, out, err = run("--output-format", "json", ".mcp.json")
    assert (code, json.loads(out)["diagnostics"], err) == (0, [], "")
    code, out, _ = run("--output-format", "json", "nope.json")
    assert code == 1
    [item] = json.loads(out)["diagnostics"]
    _check_shape(item)
    assert (item["rule"], item["code"], item["severity"]) == ("io-error", "MCP900", "error")
    assert item["start"] == {"line": 1, "column": 1, "offset": 0}


def test_output_format_from_the_environment(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", BROKEN)
    code, out, _ = run(".mcp.json", env=Environment(environ={"MCPLINT_OUTPUT_FORMAT": "json"}))
    assert code == 1 and json.loads(out)["diagnostics"][0]["rule"] == "trailing-comma"


# -- as a real process ---------------------------------------------------------------------------


def test_process_exit_codes_and_no_traceback(tmp_path: Path) -> None:
    put(tmp_path / "clean" / ".mcp.json", CLEAN)
    put(tmp_path / ".mcp.json", BROKEN)
    assert run_process("clean/.mcp.json", cwd=tmp_path).returncode == 0
    broken = run_process("check", ".mcp.json", cwd=tmp_path)
    assert broken.returncode == 1 and ".mcp.json:1:63: MCP002 [trailing-comma]" in broken.stdout
    missing = run_process("nope.json", cwd=tmp_path)
    assert missing.returncode == 1 and "[io-error] no such file" in missing.stdout
    assert missing.stderr == ""
    usage = run_process("--no-such-option", cwd=tmp_path)
    assert usage.returncode == 2 and usage.stderr.startswith("mcplint: error: ")
    select = run_process("--select", "NOPE", ".mcp.json", cwd=tmp_path)
    assert select.returncode == 2 and "unknown rule or code: NOPE" in select.stderr
    assert run_process("--exit-zero", ".mcp.json", cwd=tmp_path).returncode == 0


def test_process_fix_and_diff(tmp_path: Path) -> None:
    path = put(tmp_path / ".mcp.json", BROKEN)
    diff = run_process("--diff", ".mcp.json", cwd=tmp_path)
    assert diff.returncode == 1 and diff.stdout.startswith("--- a/.mcp.json\n+++ b/.mcp.json\n")
    assert path.read_bytes() == BROKEN
    fixed = run_process("--fix", ".mcp.json", cwd=tmp_path)
    assert fixed.returncode == 0 and path.read_bytes() == CLEAN
    assert run_process("--diff", ".mcp.json", cwd=tmp_path).returncode == 0


def test_process_fix_from_stdin_to_stdout(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mcplint", "--fix", "--stdin-filename", ".mcp.json", "-"],
        cwd=tmp_path,
        env=process_env(),
        input=BROKEN,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert proc.stdout == CLEAN
    assert b"Traceback" not in proc.stderr


def test_process_undecodable_bytes_with_a_strict_utf8_stdout(tmp_path: Path) -> None:
    # PYTHONIOENCODING=utf-8 makes stdout refuse lone surrogates, as on most desktops
    put(tmp_path / ".mcp.json", b'{"mcpServers": {"a": {"command": "caf\xe9",}}}\n')
    strict = {"PYTHONIOENCODING": "utf-8"}
    text = run_process(".mcp.json", cwd=tmp_path, **strict)
    assert text.returncode == 1
    assert ' 1 | {"mcpServers": {"a": {"command": "caf\ufffd",}}}' in text.stdout
    diff = run_process("--diff", ".mcp.json", cwd=tmp_path, **strict)
    assert (
        diff.returncode == 1 and '+{"mcpServers": {"a": {"command": "caf\ufffd"}}}' in diff.stdout
    )
    # a file name that is not UTF-8 reaches JSON output losslessly, as a \udcXX escape
    name = b"caf\xe9.json"
    os.rename(tmp_path / ".mcp.json", os.path.join(os.fsencode(tmp_path), name))
    proc = run_process("--output-format", "json", name, cwd=tmp_path, **strict)
    assert proc.returncode == 1
    assert {item["path"] for item in json.loads(proc.stdout)["diagnostics"]} == {os.fsdecode(name)}


def test_process_truncated_utf16_file_never_shows_a_traceback(tmp_path: Path) -> None:
    put(tmp_path / ".mcp.json", b"\xff\xfe{\x00}\x00x")  # UTF-16 with an odd byte at the end
    proc = run_process(".mcp.json", cwd=tmp_path)
    assert proc.returncode in (1, 2)
    assert proc.stdout.startswith(".mcp.json:")


# -- the built wheel -----------------------------------------------------------------------------

_NOT_SOURCE = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", ".venv", "out"
)


def test_the_installed_wheel_runs_from_anywhere(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=_NOT_SOURCE)  # build a copy: the repo stays clean
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = wheels.glob("mcplint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mcplint/schemas/__init__.py" in names
    assert "mcplint/py.typed" in names
    assert "mcplint/__main__.py" in names
    for schema in (REPO / "schemas").glob("*.json"):
        assert f"mcplint/schemas/{schema.name}" in names, schema.name

    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    put(elsewhere / ".mcp.json", BROKEN)
    env = process_env(PYTHONPATH=str(target))
    where = subprocess.run(
        [sys.executable, "-c", "import mcplint; print(mcplint.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)

    script = target / "bin" / "mcplint"  # the console script, run as a program
    assert os.access(script, os.X_OK)
    for command in ([str(script)], [sys.executable, "-m", "mcplint"]):
        proc = subprocess.run(
            [*command, ".mcp.json"], cwd=elsewhere, env=env, capture_output=True, text=True
        )
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout.startswith(".mcp.json:1:63: MCP002 [trailing-comma] trailing comma: ")
        assert proc.stdout.endswith("Found 1 problem (1 error). 1 fixable with --fix.\n")
        assert "Traceback" not in proc.stderr
        version = subprocess.run([*command, "--version"], env=env, capture_output=True, text=True)
        assert (version.returncode, version.stdout) == (0, f"mcplint {__version__}\n")


def test_fix_from_stdin_writes_the_text_to_stdout_and_what_remains_to_stderr() -> None:
    source = b'{"mcpServers": {"a": {"command": "x", "args": "y",}}}'
    proc = subprocess.run(
        [sys.executable, "-m", "mcplint", "--fix", "--stdin-filename", ".mcp.json", "-"],
        input=source,
        capture_output=True,
        cwd=Path(__file__).resolve().parents[1],
        env=dict(os.environ, NO_COLOR="1"),
    )
    assert proc.returncode == 1
    assert proc.stdout == b'{"mcpServers": {"a": {"command": "x", "args": "y"}}}'
    stderr = proc.stderr.decode()
    assert ".mcp.json:1:47: MCP101 [schema]" in stderr
    assert "Fixed 1 problem." in stderr and "Traceback" not in stderr
