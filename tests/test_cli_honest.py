"""A CLI that never misleads (issue 11): editor settings are not restyled, a selection never
hides an unreadable file, an unknown file name is not silently Claude Code's, the commands are
listed, `--diff`/`--statistics`/`--show-files`, and detection and parsing happen once per pass.

In process through `mcplint.cli.main` with the machine (`env`) and standard input passed in."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mcplint import engine
from mcplint.cli import SUBCOMMANDS, main
from mcplint.engine import Options, check_bytes, fix_bytes
from mcplint.env import FakeEnvironment

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
HOME = "/home/me"
WORK = f"{HOME}/work"
MCP_JSON = f"{WORK}/.mcp.json"
ZED = f"{HOME}/.config/zed/settings.json"
VSCODE = f"{HOME}/.config/Code/User/settings.json"

ZED_NO_MCP = b'{\n  "theme": "One Dark",\n  "vim_mode": true,\n}\n'
ZED_WITH_MCP = (
    b'{\n  "theme": "One Dark",\n'
    b'  "context_servers": {"fs": {"command": "npx", "args": ["-y", "pkg"],}},\n}\n'
)


def run(*argv: str, env: FakeEnvironment | None = None, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    machine = env or FakeEnvironment(home=HOME, cwd=f"{HOME}/work")
    code = main(list(argv), out, err, env=machine, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def machine(files: dict[str, bytes | str], **environ: str) -> FakeEnvironment:
    return FakeEnvironment(home=HOME, cwd=f"{HOME}/work", files=files, environ=environ)


# -- 1. detect once, parse once ------------------------------------------------------------------


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each parse (the real parser still runs)."""
    calls: list[str] = []
    real = engine._parse

    def counting(text: str, dialect: engine.Dialect) -> engine.ParseResult:
        calls.append(dialect)
        return real(text, dialect)

    monkeypatch.setattr(engine, "_parse", counting)
    return calls


def test_a_file_told_by_its_content_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_parses(monkeypatch)
    env = machine({})
    result = check_bytes(b'{"mcpServers": {"a": {"command": "npx"}}}', "servers.json", env)
    assert result.kind is not None and result.kind.id == "claude-code-mcp-json"
    assert len(calls) == 1


def test_the_fix_loop_keeps_the_detected_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_parses(monkeypatch)
    data = b'{"mcpServers": {"a": {"command": "npx", "args": [],},},}'
    result = fix_bytes(data, "servers.json", machine({}), Options(select=("trailing-comma",)))
    assert result.output == b'{"mcpServers": {"a": {"command": "npx", "args": []}}}'
    assert result.kind is not None and result.kind.id == "claude-code-mcp-json"
    assert len(calls) == 2  # the file as read, and after the one pass of fixes


def test_piped_codex_toml_is_read_as_toml() -> None:
    toml = b'[mcp_servers.fs]\ncommand = "npx"\nargs = ["-y", "pkg"]\n'
    code, out, err = run("-", stdin=toml)
    assert (code, out, err) == (0, "No problems found in 1 file.\n", "")
    assert check_bytes(toml, "<stdin>", machine({})).kind_id == "codex"


def test_detection_does_not_import_discovery() -> None:
    code = (
        "import sys\n"
        "from mcplint.clients.detect import detect\n"
        "from mcplint.env import FakeEnvironment\n"
        "detect('/home/u/.claude.json', FakeEnvironment(home='/home/u'))\n"
        "assert 'mcplint.discovery' not in sys.modules, 'detect imported discovery'\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


# -- 2. editor settings are not mcplint's to restyle ---------------------------------------------


def test_editor_settings_without_mcp_are_skipped_and_not_rewritten() -> None:
    env = machine({ZED: ZED_NO_MCP, VSCODE: b'{"editor.fontSize": 14,}\n'})
    code, out, _ = run(env=env)
    assert code == 0 and "trailing-comma" not in out, out
    assert "No problems found" in out
    assert run("--fix", env=env)[0] == 0
    assert env.read_bytes(ZED) == ZED_NO_MCP
    assert env.read_bytes(VSCODE) == b'{"editor.fontSize": 14,}\n'
    code, out, _ = run("--show-files", env=env)
    assert f"{ZED}  [zed, zed, user scope]  (skipped: no MCP configuration)" in out
    assert "skipped: no MCP configuration" in run("-v", env=env)[1]


def test_editor_settings_are_linted_in_their_mcp_part_only() -> None:
    env = machine({ZED: ZED_WITH_MCP})
    code, out, _ = run("--output-format", "json", ZED, env=env)
    found = [
        (d["rule"], d["start"]["line"], d["start"]["column"])
        for d in json.loads(out)["diagnostics"]
    ]
    # the comma inside `context_servers`, not the one after it (nor the error-free rest)
    assert (code, found) == (0, [("trailing-comma", 3, 69)])  # not 3:72
    assert all(d["fix"] is None for d in json.loads(out)["diagnostics"])
    # --fix does not restyle the file for an info finding...
    assert run("--fix", ZED, env=env)[0] == 0
    assert env.read_bytes(ZED) == ZED_WITH_MCP
    # ...unless that rule is selected by name
    assert run("--fix", "--select", "trailing-comma", ZED, env=env)[0] == 0
    assert env.read_bytes(ZED) == ZED_WITH_MCP.replace(b'"pkg"],}}', b'"pkg"]}}')


def test_a_syntax_error_in_editor_settings_is_still_reported() -> None:
    env = machine({ZED: b'{\n  "theme": "One Dark"\n  "vim_mode": true\n}\n'})
    code, out, _ = run(ZED, env=env)
    assert code == 1 and "syntax-error" in out


# -- 3. a selection never hides that a file could not be read -----------------------------------


DESKTOP = f"{HOME}/.config/Claude/claude_desktop_config.json"


@pytest.mark.parametrize(
    ("path", "content", "argv"),
    [
        (MCP_JSON, b'{"mcpServers": {"a": {"command": "npx" "args": []}}}', ["--select", "schema"]),
        (DESKTOP, b"", ["--ignore", "MCP0"]),  # Claude Desktop refuses a blank file
        (MCP_JSON, b"{", ["--ignore", "syntax-error"]),
    ],
)
def test_a_file_that_does_not_parse_is_always_reported(
    path: str, content: bytes, argv: list[str]
) -> None:
    env = machine({path: content})
    code, out, _ = run(*argv, path, env=env)
    assert code == 1
    assert "MCP001 [syntax-error]" in out and "No problems found" not in out


# -- 4. unknown file names are not silently Claude Code's ---------------------------------------


def test_an_unknown_name_says_which_client_was_assumed() -> None:
    data = b'{"mcpServers": {"a": {"command": "npx", "disabled": false, "autoApprove": []}}}'
    env = machine({f"{WORK}/powers/x/mcp.json": data})
    code, out, err = run(f"{WORK}/powers/x/mcp.json", env=env)
    assert (code, out) == (0, "No problems found in 1 file.\n")  # no Claude-only unknown keys
    assert "client assumed: Claude Code's .mcp.json" in err and "--client NAME" in err
    result = check_bytes(data, "mcp.json", env)
    assert result.assumed.startswith("client assumed:")
    # named: Claude Code's rules, all of them
    code, out, err = run("--client", "claude-code", f"{WORK}/powers/x/mcp.json", env=env)
    assert code == 1 and "unknown-key" in out and "assumed" not in err


def test_piped_json_names_stdin_filename() -> None:
    data = b'{"mcpServers": {"a": {"command": "npx", "args": [],}}}'
    code, out, err = run("-", stdin=data)
    assert code == 1 and "trailing-comma" in out
    assert "warning" in out and "error" not in out.split("Found")[1]  # only some clients reject
    assert "--stdin-filename PATH" in err
    code, out, err = run("--stdin-filename", ".mcp.json", "-", stdin=data)
    assert code == 1 and "1 error" in out and err == ""


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_corpus_files_of_unknown_clients_get_no_claude_code_errors() -> None:
    folder = CORPUS / "generic_mcp_json"
    for name in (
        "modelcontextprotocol__python-sdk__tests__client__config__mcp.json",
        "upstash__context7__plugins__context7-power__mcp.json",
    ):
        result = check_bytes((folder / name).read_bytes(), name, machine({}))
        assert result.assumed, name
        assert not [d for d in result.diagnostics if d.severity.value == "error"], name


def test_a_folder_of_unknown_names_is_not_a_clean_pass() -> None:
    env = machine({f"{WORK}/cfg/servers.json": b'{"mcpServers": {}}'})
    code, out, err = run(f"{WORK}/cfg", env=env)
    assert code == 1 and out == ""
    assert f"no MCP configuration files found in {WORK}/cfg (names mcplint knows: " in err
    assert ".mcp.json" in err and "--client" in err


# -- 6. the CLI shows its own commands ----------------------------------------------------------


def test_help_lists_every_subcommand() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for name in SUBCOMMANDS:
        assert f"  mcplint {name}" in out, name
    assert run("help") == (0, out, "")


@pytest.mark.parametrize("name", ["check", "rule", "rules", "clients", "help"])
def test_help_for_one_command(name: str) -> None:
    code, out, _ = run("help", name)
    assert code == 0 and out.startswith(f"usage: mcplint {name}")
    assert run(name, "--help") == (0, out, "")


def test_rules_and_clients_as_json() -> None:
    code, out, _ = run("rules", "--output-format", "json")
    rules = json.loads(out)
    assert code == 0
    comma = next(r for r in rules if r["name"] == "trailing-comma")
    assert comma["code"] == "MCP002" and comma["severity"] == "error" and comma["fix"] == "always"
    assert comma["fix_safety"] == ["safe"] and comma["tags"] == ["syntax"]
    assert comma["summary"]
    env = machine({f"{HOME}/.cursor/mcp.json": b'{"mcpServers": {}}'})
    code, out, _ = run("clients", "--output-format", "json", env=env)
    cursor = next(c for c in json.loads(out) if c["id"] == "cursor")
    assert cursor["name"] == "Cursor" and cursor["kinds"][0]["id"] == "cursor"
    assert cursor["found"] == [
        {"path": f"{HOME}/.cursor/mcp.json", "kind": "cursor", "scope": "user", "status": "read"}
    ]


# -- 7. --diff, --statistics, --show-files ------------------------------------------------------


def test_diff_fails_when_errors_remain_that_no_fix_repairs() -> None:
    env = machine({MCP_JSON: b'{"mcpServers": {"a": {"args": []}}}\n'})
    code, out, err = run("--diff", MCP_JSON, env=env)
    assert code == 1 and out == ""
    assert "1 error remains that no fix can repair" in err


def test_statistics_count_per_rule() -> None:
    data = b'{"mcpServers": {"a": {"command": "npx", "args": ["x",],}, "b": {"args": [],},}}\n'
    env = machine({MCP_JSON: data})
    code, out, _ = run("--statistics", MCP_JSON, env=env)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "    4  MCP002  trailing-comma               [*]"
    assert lines[1].startswith("    1  MCP101  schema") and not lines[1].endswith("[*]")


def test_show_files_lists_client_kind_and_scope_and_exits_0() -> None:
    env = machine(
        {
            MCP_JSON: b"{,}",
            f"{HOME}/.cursor/mcp.json": b'{"mcpServers": {}}',
        }
    )
    code, out, _ = run("--show-files", env=env)
    assert code == 0
    assert f"  {HOME}/.cursor/mcp.json  [cursor, cursor, user scope]\n" in out
    assert f"  {HOME}/work/.mcp.json  [claude-code, claude-code-mcp-json, project scope]\n" in out


# -- 8. the environment and stdin are passed in -------------------------------------------------


def test_output_format_and_colour_come_from_the_environment_passed_in() -> None:
    env = machine({MCP_JSON: b'{"mcpServers": {},}'}, MCPLINT_OUTPUT_FORMAT="json")
    code, out, _ = run(MCP_JSON, env=env)
    assert code == 1 and json.loads(out)["diagnostics"][0]["rule"] == "trailing-comma"
    env = machine({MCP_JSON: b'{"mcpServers": {},}'}, FORCE_COLOR="1")
    assert "\x1b[" in run(MCP_JSON, env=env)[1]


def test_stdin_is_read_from_the_stream_passed_in() -> None:
    code, out, _ = run("--fix", "--stdin-filename", ".mcp.json", "-", stdin=b'{"mcpServers": {},}')
    assert code == 0 and out == '{"mcpServers": {}}'
