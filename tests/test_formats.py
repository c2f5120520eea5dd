"""The CI and editor output formats (concise, json-lines, github, lsp) through the real command
line, and `Diagnostic.to_dict()` / `Diagnostic.to_lsp()`, the one conversion they share with
the json format: exact positions (UTF-16 for the LSP, on lines with non-ASCII characters and an
emoji), GitHub's escaping, credentials masked and no raw control character in any format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mcplint
from mcplint.diagnostics import Applicability, Diagnostic, Fix, Related, Severity
from mcplint.output import FORMATS
from mcplint.output.github import command, escape_data, escape_property
from mcplint.text import LineIndex, Position, TextEdit, apply_edits

REPO = Path(__file__).resolve().parents[1]
SECRET = "sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa"
# Line 3 holds CJK characters and an emoji (two UTF-16 code units) before the trailing comma.
BROKEN = (
    '{\n  "mcpServers": {\n'
    '    "名前😀x": {"command": "npx", "args": ["-y", "p",], "env": {"OPENAI_API_KEY": "'
    + SECRET
    + '"}}\n  }\n}\n'
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m mcplint ARGV` as a real process."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MCPLINT_OUTPUT_FORMAT", "FORCE_COLOR", "NO_COLOR")
    }
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [sys.executable, "-m", "mcplint", "--ignore", "machine", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    (tmp_path / ".mcp.json").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def test_registry_has_every_format_of_the_issue() -> None:
    assert set(FORMATS) == {"text", "concise", "json", "json-lines", "sarif", "github", "lsp"}


def test_concise_one_line_each(broken: Path) -> None:
    proc = cli("--output-format", "concise", ".mcp.json", cwd=broken)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(".mcp.json:3:5: MCP104 [invalid-server-name] server name")
    assert lines[1] == (
        ".mcp.json:3:50: MCP002 [trailing-comma] trailing comma: Claude Code's .mcp.json is "
        "read as strict JSON, which does not allow it"
    )
    assert lines[2].startswith(".mcp.json:3:80: MCP401 [hardcoded-secret]")
    assert lines[-1].startswith("Found 3 problems")
    assert len(lines) == 4
    quiet = cli("--output-format", "concise", "-q", ".mcp.json", cwd=broken)
    assert quiet.stdout.splitlines() == lines[:-1]


def test_json_lines_items_are_the_json_documents_items(broken: Path) -> None:
    lines = cli("--output-format", "json-lines", ".mcp.json", cwd=broken).stdout.splitlines()
    document = json.loads(cli("--output-format", "json", ".mcp.json", cwd=broken).stdout)
    assert [json.loads(line) for line in lines] == document["diagnostics"]
    assert len(lines) == 3


def test_to_dict_is_the_json_formats_item() -> None:
    [d] = [d for d in mcplint.lint_text(BROKEN, ".mcp.json") if d.rule == "trailing-comma"]
    item = d.to_dict(BROKEN)
    assert item["start"] == {"line": 3, "column": 50, "offset": 69}
    assert item["fix"]["edits"] == [
        {
            "start": {"line": 3, "column": 50, "offset": 69},
            "end": {"line": 3, "column": 51, "offset": 70},
            "content": "",
        }
    ]
    # without the text the edits still say where, by offset
    assert d.to_dict()["fix"]["edits"][0]["start"] == {"offset": 69}


# -- github --------------------------------------------------------------------------------------


def test_github_workflow_commands(tmp_path: Path) -> None:
    folder = tmp_path / "we%ird,dir:x"
    folder.mkdir()
    (folder / ".mcp.json").write_text(BROKEN, encoding="utf-8")
    proc = cli("--output-format", "github", "we%ird,dir:x/.mcp.json", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[1] == (
        "::error file=we%25ird%2Cdir%3Ax/.mcp.json,line=3,col=50,endLine=3,endColumn=51,"
        "title=MCP002 trailing-comma::trailing comma: Claude Code's .mcp.json is read as "
        "strict JSON, which does not allow it"
    )
    assert lines[0].startswith("::warning file=we%25ird%2Cdir%3Ax/.mcp.json,line=3,col=5,")
    assert len(lines) == 3 and SECRET not in proc.stdout


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("C:\\x,y%z\n") == "C%3A\\x%2Cy%25z%0A"
    here = Position(2, 3, 10)
    d = Diagnostic("unpinned-package", "MCP506", Severity.INFO, "a\x1bb", "f.json", here, here)
    assert command(d) == (
        "::notice file=f.json,line=2,col=3,endLine=2,endColumn=3,"
        "title=MCP506 unpinned-package::a\\x1bb"
    )


# -- lsp -----------------------------------------------------------------------------------------


def _apply_lsp_edits(text: str, edits: list[dict[str, object]]) -> str:
    """What an LSP client does with the edits: positions are UTF-16 units."""
    index = LineIndex(text)
    plain = []
    for edit in edits:
        rng = edit["range"]
        assert isinstance(rng, dict)
        start = index.offset_of(rng["start"]["line"], rng["start"]["character"])
        end = index.offset_of(rng["end"]["line"], rng["end"]["character"])
        content = edit["newText"]
        assert isinstance(content, str)
        plain.append(TextEdit(start, end, content))
    return apply_edits(text, plain)


def test_lsp_positions_count_utf16_units(broken: Path) -> None:
    proc = cli("--output-format", "lsp", ".mcp.json", cwd=broken)
    assert proc.returncode == 1
    document = json.loads(proc.stdout)
    uri = (broken / ".mcp.json").as_uri()
    assert list(document) == [uri]
    by_code = {d["code"]: d for d in document[uri]}
    name = by_code["MCP104"]  # the key "名前😀x": 4 spaces before, 7 UTF-16 units long
    assert name["range"] == {
        "start": {"line": 2, "character": 4},
        "end": {"line": 2, "character": 11},
    }
    comma = by_code["MCP002"]  # column 50 in characters, 51 in UTF-16 (after the emoji)
    assert comma["range"] == {
        "start": {"line": 2, "character": 50},
        "end": {"line": 2, "character": 51},
    }
    assert comma["severity"] == 1 and name["severity"] == 2
    assert comma["source"] == "mcplint"
    assert comma["codeDescription"]["href"] == mcplint_rule_url("trailing-comma")
    assert comma["data"]["rule"] == "trailing-comma"
    fix = comma["data"]["fix"]
    assert fix["applicability"] == "safe" and fix["isPreferred"] is True
    fixed = _apply_lsp_edits(BROKEN, fix["edits"])
    assert fixed == BROKEN.replace('"p",]', '"p"]')
    secret = by_code["MCP401"]
    assert SECRET not in proc.stdout and "sk-p****" in secret["message"]


def mcplint_rule_url(name: str) -> str:
    from mcplint.rules import BY_NAME

    return BY_NAME[name].url


def test_lsp_related_information_and_tags(tmp_path: Path) -> None:
    text = '{"mcpServers": {\n  "😀": {"command": "x"},\n  "😀": {"command": "y"}\n}}\n'
    (tmp_path / ".mcp.json").write_text(text, encoding="utf-8")
    document = json.loads(cli("--output-format", "lsp", ".mcp.json", cwd=tmp_path).stdout)
    uri = (tmp_path / ".mcp.json").as_uri()
    [dup] = [d for d in document[uri] if d["code"] == "MCP009"]
    assert dup["range"]["start"] == {"line": 2, "character": 2}
    assert dup["range"]["end"] == {"line": 2, "character": 6}  # `"😀"`: 4 UTF-16 units
    assert dup["tags"] == [1]  # Unnecessary: the first entry is ignored
    [related] = dup["relatedInformation"]
    assert related["location"]["uri"] == uri
    assert related["location"]["range"]["start"] == {"line": 1, "character": 2}
    assert related["location"]["range"]["end"] == {"line": 1, "character": 6}


def test_lsp_lists_clean_files_with_no_diagnostics(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {}}\n', encoding="utf-8")
    proc = cli("--output-format", "lsp", ".mcp.json", cwd=tmp_path)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {(tmp_path / ".mcp.json").as_uri(): []}


def test_to_lsp_encodings_and_a_fix_holding_a_credential() -> None:
    text = 'x😀"k": 1\n'
    lines = LineIndex(text)
    start, end = lines.position(3), lines.position(6)
    fix = Fix(Applicability.UNSAFE, f"use {SECRET}", (TextEdit(3, 6, f'"{SECRET}"'),))
    related = (Related("see there", Position(9, 4, 99), Position(9, 6, 101), "/other.json"),)
    d = Diagnostic(
        "hardcoded-secret", "MCP401", Severity.ERROR, "m", "/a/f.json", start, end, fix, related
    )
    utf16 = d.to_lsp(text)
    assert utf16["range"]["start"] == {"line": 0, "character": 4}
    assert d.to_lsp(lines, encoding="utf-8")["range"]["start"] == {"line": 0, "character": 6}
    assert d.to_lsp(lines, encoding="utf-32")["range"]["start"] == {"line": 0, "character": 3}
    assert utf16["data"]["fix"] == {
        "title": "use sk-p****",
        "applicability": "unsafe",
        "isPreferred": False,
        "redacted": True,
        "edits": [],
    }
    assert SECRET not in json.dumps(utf16)
    other = utf16["relatedInformation"][0]["location"]
    assert other == {
        "uri": "file:///other.json",
        "range": {"start": {"line": 8, "character": 3}, "end": {"line": 8, "character": 5}},
    }
    assert utf16["codeDescription"]["href"].endswith("/docs/rules/hardcoded-secret.md")


# -- every format: masked, no raw control characters, through the real CLI ----------------------


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_masks_and_escapes(tmp_path: Path, name: str) -> None:
    evil = BROKEN.replace('"p"', '"p\\u001b]0;x\\u0007\\u202e"').replace("npx", "n\x1b[2Jpx")
    (tmp_path / ".mcp.json").write_text(evil, encoding="utf-8")
    proc = cli("--output-format", name, ".mcp.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout
    assert SECRET not in proc.stdout and SECRET[8:20] not in proc.stdout
    assert not RAW_CONTROL.search(proc.stdout), name
    assert not RAW_CONTROL.search(proc.stderr), name


FIX_STDIN = [sys.executable, "-m", "mcplint", "--ignore", "machine", "--fix", "--output-format"]


@pytest.mark.parametrize("name", ["concise", "json-lines", "github", "sarif", "lsp"])
def test_fix_from_stdin_prints_the_fixed_text_in_every_line_format(
    tmp_path: Path, name: str
) -> None:
    # the fixed text is the output (as in text mode); the report goes to stderr
    proc = subprocess.run(
        [*FIX_STDIN, name, "--stdin-filename", ".mcp.json", "-"],
        input='{"mcpServers": {"a": {"command": "x",}}}\n',
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout) == (0, '{"mcpServers": {"a": {"command": "x"}}}\n')


def test_notes_about_the_run_go_to_stderr(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = cli("--output-format", "concise", "empty", cwd=tmp_path)
    assert proc.returncode == 1 and "no" in proc.stderr.lower() and "empty" in proc.stderr
