"""Every output path: credentials never printed whole, control characters never raw, and with
`--output-format json` exactly one JSON document on stdout for every combination of flags."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from mcplint.diagnostics import Applicability, Diagnostic, Fix, Related, Severity
from mcplint.engine import FileResult
from mcplint.env import FakeEnvironment
from mcplint.output import FORMATS, RenderOptions
from mcplint.output import text as text_output
from mcplint.output.options import Mode
from mcplint.text import LineIndex, TextEdit
from tests.cli_helpers import plain_environment, run
from tests.test_secrets import (
    ANTHROPIC,
    AWS,
    GITHUB_CLASSIC,
    GITHUB_FINE,
    GOOGLE,
    JWT,
    OPENAI,
    SLACK,
)

__all__ = ["plain_environment"]
pytestmark = pytest.mark.usefixtures("plain_environment")

DSN_PASSWORD = "hunter2pass"
QUERY_TOKEN = "qwertyuiop123456"
ARG_TOKEN = "plainsecretvalue1"
BEARER = "Zm9vYmFyYmF6cXV4"
SECRETS = [
    GITHUB_CLASSIC,
    GITHUB_FINE,
    OPENAI,
    ANTHROPIC,
    SLACK,
    AWS,
    GOOGLE,
    JWT,
    DSN_PASSWORD,
    QUERY_TOKEN,
    ARG_TOKEN,
    BEARER,
]

# A Claude Code `.mcp.json` (strict JSON) with a credential of each kind, trailing commas on the
# lines that hold them (diagnostics with snippets and fixes there), a flag and its value split
# over two lines, and an unknown key whose value is a token.
LEAKY = f"""{{
  "mcpServers": {{
    "gh": {{
      "command": "docker",
      "args": ["run", "-e", "GITHUB_TOKEN={GITHUB_CLASSIC}", "--api-key",
        "{ARG_TOKEN}", "img",],
      "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{GITHUB_FINE}", "OPENAI_API_KEY": "{OPENAI}",
        "ANTHROPIC_API_KEY": "{ANTHROPIC}", "AWS_ACCESS_KEY_ID": "{AWS}",}},
      "unknownfield": "{SLACK}"
    }},
    "remote": {{
      "type": "http",
      "url": "https://user:{DSN_PASSWORD}@example.com/mcp?token={QUERY_TOKEN}&key={GOOGLE}",
      "headers": {{"Authorization": "Bearer {BEARER}", "X-Jwt": "{JWT}",}},
    }},
  }},
}}
"""

CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\x00", "\x08")
# A server name with an OSC title sequence and a colour sequence written raw in the file, a C1
# CSI and a bidi override; the same in a value the diff shows.
HOSTILE = (
    '{"mcpServers": {"k\x1b]0;pwned\x07\x1b[31mred": {"command": "npx\x9b2J\u202e",'
    ' "args": ["a",], "bad": 1}},}\n'
)


def _assert_clean(*outputs: str) -> None:
    for output in outputs:
        for secret in SECRETS:
            assert secret not in output
        for control in CONTROLS:
            assert control not in output


def _put(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode())
    return path


# -- secrets and controls through the CLI --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize(
    "flags",
    [[], ["--diff"], ["--diff", "--unsafe-fixes"], ["--fix"], ["--fix", "--unsafe-fixes"]],
)
def test_no_secret_whole_in_any_output(tmp_path: Path, fmt: str, flags: list[str]) -> None:
    path = _put(tmp_path / ".mcp.json", LEAKY)
    code, out, err = run("--output-format", fmt, *flags, ".mcp.json")
    assert code in (0, 1)
    _assert_clean(out, err)
    if "--diff" in flags:  # masked, not dropped: the line is still shown
        assert "GITHUB_TOKEN=ghp_****" in out
    if fmt == "json":
        json.loads(out)
    if "--fix" in flags and "--unsafe-fixes" not in flags:
        # safe fixes keep every credential in the file (the unsafe `hardcoded-secret` fix
        # moves them out on purpose)
        written = path.read_text()
        assert written != LEAKY and all(secret in written for secret in SECRETS)


def test_the_text_snippet_masks_but_keeps_the_marker_under_its_column(tmp_path: Path) -> None:
    _put(tmp_path / ".mcp.json", LEAKY)
    code, out, _ = run(".mcp.json")
    assert code == 1
    lines = out.splitlines()
    markers = [i for i, line in enumerate(lines) if re.match(r"^ +\| +\^", line)]
    assert len(markers) >= 4
    for i in markers:
        source, marker = lines[i - 1], lines[i]
        head = lines[i - 3]
        column = int(head.split(":")[2])
        bar = source.index("| ") + 2
        assert marker.index("^") - bar == column - 1 or source[bar] == "…"
        if "trailing-comma" in head and source[bar] != "…":
            assert source[marker.index("^")] == ","
    assert '"plai*************", "img",],' in out  # the flag's value, one line below the flag


def test_stdin_fix_prints_the_file_whole_and_the_report_masked(tmp_path: Path) -> None:
    code, fixed, err = run("--fix", "--stdin-filename", ".mcp.json", "-", stdin=LEAKY.encode())
    assert all(secret in fixed for secret in SECRETS)  # the data is the data
    assert "trailing-comma" not in fixed and "No problems" not in fixed
    assert "Fixed" in err
    _assert_clean(err)
    assert code == 1  # the unknown key remains


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("flags", [[], ["--diff"], ["--fix"], ["-q"]])
def test_control_characters_never_reach_the_terminal_raw(
    tmp_path: Path, fmt: str, flags: list[str]
) -> None:
    _put(tmp_path / ".mcp.json", HOSTILE)
    code, out, err = run("--output-format", fmt, *flags, ".mcp.json")
    assert code in (0, 1)
    _assert_clean(out, err)
    if fmt == "text" and not flags:
        assert '"k\\x1b]0;pwned\\x07\\x1b[31mred"' in out
        assert "npx\\x9b2J\\u202e" in out
    if fmt == "json":
        document = json.loads(out)
        names = [d["json_path"] for d in document["diagnostics"] if d["json_path"]]
        assert ["mcpServers", "k\x1b]0;pwned\x07\x1b[31mred"] in names  # lossless in JSON


def test_text_marker_after_an_escaped_control_sits_under_its_character(tmp_path: Path) -> None:
    _put(tmp_path / ".mcp.json", HOSTILE)
    _, out, _ = run("--select", "trailing-comma", ".mcp.json")
    blocks = [b for b in out.split("\n\n") if "^" in b]
    assert blocks
    for block in blocks:
        source, marker = block.splitlines()[2:4]
        assert source[marker.index("^")] == ","


# -- every renderer, fed a diagnostic that quotes credentials everywhere ---------------------------


def _leaky_result() -> FileResult:
    text = '{"a": 1}\n'
    lines = LineIndex(text)
    here, there = lines.position(1), lines.position(4)
    fix = Fix(
        Applicability.UNSAFE,
        f"Replace the token {GITHUB_CLASSIC} with ${{GITHUB_TOKEN}}",
        (TextEdit(1, 4, f'"API_KEY": "{OPENAI}"'),),
    )
    d = Diagnostic(
        "hardcoded-secret",
        "MCP999",
        Severity.WARNING,
        f"the value {AWS} looks like a credential \x1b]0;title\x07",
        "x\x1b[2J.json",
        here,
        there,
        fix=fix,
        related=(Related(f"also at Bearer {BEARER}", here, there, "other\x9b.json"),),
    )
    note = f"not fixed: key {SLACK}\x1b[31m"
    return FileResult("x\x1b[2J.json", text, [d], notes=[note])


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("mode", list(Mode))
def test_every_format_masks_messages_fixes_edits_related_and_notes(name: str, mode: Mode) -> None:
    result = _leaky_result()
    options = RenderOptions(mode=mode)
    output = FORMATS[name]([result], options)
    _assert_clean(output, text_output.stderr([result], options))
    if name == "json":
        document = json.loads(output)
        [item] = document["diagnostics"]
        assert item["fix"]["edits"][0]["content"] == '"API_KEY": "sk-p****"'
        assert item["related"][0]["message"] == "also at Bearer Zm9v****"
        assert document["notes"] == [
            {"path": "x\x1b[2J.json", "message": "not fixed: key xoxb****\x1b[31m"}
        ]


def test_registry_names_are_the_cli_choices() -> None:
    from mcplint.cli import build_check_parser

    [action] = [a for a in build_check_parser()._actions if a.dest == "output_format"]
    assert tuple(action.choices or ()) == tuple(FORMATS)


# -- one JSON document whatever the flags ---------------------------------------------------------

MODES = [[], ["--fix"], ["--diff"], ["--fix", "--unsafe-fixes"], ["--diff", "--unsafe-fixes"]]
EXTRAS = [[], ["-q"], ["--exit-zero"], ["--select", "MCP0"], ["-q", "--exit-zero"]]
TARGETS = ["file", "clean", "stdin", "machine", "empty-folder", "unreadable"]
BROKEN = '{"mcpServers": {"a": {"command": "x",}}, "x": 1,}\n'


@pytest.mark.parametrize(("target", "mode"), list(itertools.product(TARGETS, MODES)))
def test_json_output_is_one_document_for_every_combination(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, mode: list[str]
) -> None:
    for i, extra in enumerate(EXTRAS):
        folder = tmp_path / str(i)
        folder.mkdir()
        monkeypatch.chdir(folder)
        env = None
        stdin: bytes | None = None
        args: list[str] = []
        if target == "file":
            _put(folder / ".mcp.json", BROKEN)
            args = [".mcp.json"]
        elif target == "clean":
            _put(folder / ".mcp.json", '{"mcpServers": {}}\n')
            args = [".mcp.json"]
        elif target == "stdin":
            stdin = BROKEN.encode()
            args = ["--stdin-filename", ".mcp.json", "-"]
        elif target == "machine":
            env = FakeEnvironment(platform="linux", home="/home/user")
        elif target == "empty-folder":
            (folder / "proj").mkdir()
            args = ["proj"]
        else:
            args = ["missing.json", "bad\x00name.json"]
        code, out, err = run("--output-format", "json", *mode, *extra, *args, env=env, stdin=stdin)
        context = (target, mode, extra)
        assert err == "", context
        document = json.loads(out)
        assert set(document) == {
            "version",
            "mode",
            "diagnostics",
            "fixed",
            "files",
            "notes",
            "summary",
        }, context
        assert document["version"] == 1
        assert code in (0, 1), context
        if target == "machine":
            assert document["files"] == [] and "No MCP client" in document["summary"]["message"]
        if target == "stdin" and "--fix" in mode:
            [file] = document["files"]
            assert file["fixed_text"].startswith('{"mcpServers": {"a": {"command": "x"}}')
        if target in ("file", "stdin") and "--diff" in mode:
            [file] = document["files"]
            assert file["diff"].startswith("--- a/.mcp.json\n") and file["edits"]
            assert document["fixed"] and code == 1
        if target == "unreadable":
            assert {d["rule"] for d in document["diagnostics"]} == {"io-error"}


def test_json_diff_edits_apply_to_the_original_text(tmp_path: Path) -> None:
    original = '{\n  "mcpServers": {"a": {"command": "x",}},\n  "x": 1,\n}\n'
    path = _put(tmp_path / ".mcp.json", original)
    _, out, _ = run("--output-format", "json", "--diff", ".mcp.json")
    [file] = json.loads(out)["files"]
    text = original
    for edit in sorted(file["edits"], key=lambda e: e["start"]["offset"], reverse=True):
        text = text[: edit["start"]["offset"]] + edit["content"] + text[edit["end"]["offset"] :]
    run("--fix", ".mcp.json")
    assert text == path.read_text()
    assert file["changed"] is True


def test_a_long_minified_line_is_masked_around_the_marker(tmp_path: Path) -> None:
    servers = ", ".join(
        f'"s{i}": {{"command": "x", "env": {{"TOKEN": "{OPENAI}"}}}}' for i in range(2000)
    )
    _put(tmp_path / ".mcp.json", '{"mcpServers": {' + servers + ",}}")
    code, out, _ = run("--select", "trailing-comma", ".mcp.json")
    assert code == 1
    _assert_clean(out)
    source, marker = out.split("\n\n")[0].splitlines()[2:4]
    assert source[marker.index("^")] == "," and '"sk-p*****' in source


class _BrokenMachine(FakeEnvironment):
    def is_dir(self, p: str) -> bool:
        raise RuntimeError(f"cannot stat \x1b]0;title\x07 {GITHUB_CLASSIC}")


def test_an_internal_error_message_is_masked_and_escaped() -> None:
    code, out, err = run("x.json", env=_BrokenMachine())
    assert code == 2 and out == ""
    assert err.startswith("mcplint: internal error: RuntimeError: cannot stat \\x1b]0;title\\x07")
    _assert_clean(err)
