"""The structure rules (`schema`, `unknown-key`, `misplaced-servers`, `invalid-server-name`) for
every client, on the fixtures in `tests/data/clients/` (see its README.md):

* `<client>/ok/<path>`: a realistic config at its real path: no findings at all;
* `<client>/err/<case>/<path>` + `<client>/err/<case>.out`: exactly the findings listed, at
  exact positions, with the message's key phrases; where a fix is listed, `fix_text` applies
  exactly that edit and the result re-parses.

Below the fixtures: the finer points of each rule.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

import mcplint
from mcplint.clients import get_kind
from mcplint.diagnostics import Diagnostic
from mcplint.engine import Options, check_text
from mcplint.env import FakeEnvironment
from mcplint.parser import parse

DATA = Path(__file__).parent / "data" / "clients"
STRUCTURE = ("schema", "unknown-key", "misplaced-servers", "invalid-server-name")
# The fixtures judge the file's text and structure: the semantic rule families (transport,
# packages, ...) have their own tests.
FAMILIES = ("syntax", "structure", "tool")


def env_for(path: str) -> FakeEnvironment:
    """The machine a fixture path belongs to: macOS for /Users/..., else Linux."""
    if path.startswith("/Users/"):
        return FakeEnvironment(platform="darwin", home="/Users/me", cwd="/Users/me/proj")
    return FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")


def real_path(root: Path, file: Path) -> str:
    """A fixture's path on the machine: its path below `ok/` or `err/<case>/`, from `/`."""
    return "/" + file.relative_to(root).as_posix()


def lint(text: str, path: str) -> list[Diagnostic]:
    return mcplint.lint_text(text, path=path, env=env_for(path), select=FAMILIES)


# -- the fixtures --------------------------------------------------------------------------------


def _ok_files() -> list[tuple[str, Path]]:
    return [
        (client.name, f)
        for client in sorted(DATA.iterdir())
        if client.is_dir()
        for f in sorted((client / "ok").rglob("*"))
        if f.is_file()
    ]


@dataclass
class Expected:
    span: str  # "L:C-L:C"
    severity: str
    rule: str
    phrases: list[str]  # each in the message, in this order
    fix: str | None = None  # what the (safe) fix puts in place of the range; None: no fix


@dataclass
class ErrCase:
    client: str
    name: str
    file: Path
    path: str
    expected: list[Expected]

    @property
    def id(self) -> str:
        return f"{self.client}/{self.name}"


def parse_out(text: str) -> list[Expected]:
    """`L:C-L:C severity rule: phrase … phrase`, optionally followed by `  fix: TEXT` (the
    finding's range is replaced by TEXT; `(remove)`: by nothing); `#` starts a comment line."""
    expected: list[Expected] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("  fix: "):
            replacement = line.removeprefix("  fix: ")
            expected[-1].fix = "" if replacement == "(remove)" else replacement
            continue
        head, message = line.split(": ", 1)
        span, severity, rule = head.split(" ")
        expected.append(Expected(span, severity, rule, message.split(" … ")))
    return expected


def _err_cases() -> list[ErrCase]:
    cases = []
    for out in sorted(DATA.glob("*/err/*.out")):
        root = out.with_suffix("")
        (file,) = [f for f in root.rglob("*") if f.is_file()]
        expected = parse_out(out.read_text(encoding="utf-8"))
        client = out.parent.parent.name
        cases.append(ErrCase(client, root.name, file, real_path(root, file), expected))
    return cases


OK_FILES = _ok_files()
ERR_CASES = _err_cases()
FIX_CASES = [c for c in ERR_CASES if any(e.fix is not None for e in c.expected)]
CLIENTS = sorted(p.name for p in DATA.iterdir() if p.is_dir())


def span_of(d: Diagnostic) -> str:
    return f"{d.start.line}:{d.start.column}-{d.end.line}:{d.end.column}"


def test_every_client_has_fixtures_for_every_structure_rule() -> None:
    assert CLIENTS == [
        "claude-code",
        "claude-desktop",
        "cline",
        "codex",
        "cursor",
        "gemini",
        "vscode",
        "windsurf",
        "zed",
    ]
    for client in CLIENTS:
        assert any(c == client for c, _ in OK_FILES), client
        rules = {e.rule for c in ERR_CASES if c.client == client for e in c.expected}
        assert rules >= set(STRUCTURE), (client, set(STRUCTURE) - rules)


@pytest.mark.parametrize(("client", "file"), OK_FILES, ids=[f"{c}:{f.name}" for c, f in OK_FILES])
def test_valid_config_has_no_findings(client: str, file: Path) -> None:
    path = real_path(DATA / client / "ok", file)
    text = file.read_text(encoding="utf-8")
    result = check_text(text, path, env_for(path), Options(select=FAMILIES))
    assert result.kind_id is not None and get_kind(result.kind_id).client == client
    assert [(span_of(d), d.rule, d.message) for d in result.diagnostics] == []


@pytest.mark.parametrize("case", ERR_CASES, ids=[c.id for c in ERR_CASES])
def test_broken_config_has_exactly_the_expected_findings(case: ErrCase) -> None:
    text = case.file.read_text(encoding="utf-8")
    diagnostics = lint(text, case.path)
    assert [(span_of(d), d.severity.value, d.rule) for d in diagnostics] == [
        (e.span, e.severity, e.rule) for e in case.expected
    ]
    for d, e in zip(diagnostics, case.expected, strict=True):
        at = 0
        for phrase in e.phrases:
            found = d.message.find(phrase, at)
            assert found >= 0, f"{phrase!r} not in {d.message!r} (after offset {at})"
            at = found + len(phrase)
        if e.fix is None:
            assert d.fix is None, (d.message, d.fix)
        else:
            assert d.fix is not None and d.fix.is_safe, d.message
            (edit,) = d.fix.edits
            assert (edit.start, edit.end, edit.content) == (
                d.start.offset,
                d.end.offset,
                e.fix,
            )


def _reparse(text: str, path: str) -> object:
    """The fixed file read as its client reads it: strict JSON, JSONC or TOML."""
    kind = check_text(text, path, env_for(path), Options()).kind_id
    assert kind is not None
    dialect = get_kind(kind).dialect
    if dialect == "toml":
        return tomllib.loads(text)
    if dialect == "json":
        return json.loads(text)
    parsed = parse(text)
    assert parsed.ok, parsed.errors
    return parsed.value


@pytest.mark.parametrize("case", FIX_CASES, ids=[c.id for c in FIX_CASES])
def test_fix_applies_exactly_the_listed_edits_and_re_parses(case: ErrCase) -> None:
    text = case.file.read_text(encoding="utf-8")
    before = lint(text, case.path)
    # What the fixes must give: each listed replacement at its finding's range, nothing else.
    wanted = text
    for d, e in sorted(
        zip(before, case.expected, strict=True), key=lambda pair: -pair[0].start.offset
    ):
        if e.fix is not None:
            wanted = wanted[: d.start.offset] + e.fix + wanted[d.end.offset :]
    new, applied = mcplint.fix_text(text, path=case.path, env=env_for(case.path), select=FAMILIES)
    assert new == wanted
    assert sorted(span_of(d) for d in applied) == sorted(
        e.span for e in case.expected if e.fix is not None
    )
    _reparse(new, case.path)
    after = lint(new, case.path)
    # The other findings stay; a `schema` finding that the renamed key caused may go too.
    assert [(d.rule, d.severity.value) for d in after if d.rule != "schema"] == [
        (e.rule, e.severity) for e in case.expected if e.fix is None and e.rule != "schema"
    ]
    schema_before = {d.message for d in before if d.rule == "schema"}
    assert {d.message for d in after if d.rule == "schema"} <= schema_before


def test_rename_fix_that_completes_the_file_clears_the_schema_error_too() -> None:
    (case,) = [c for c in ERR_CASES if c.id == "claude-code/mcp-json-unknown-key"]
    text = case.file.read_text(encoding="utf-8")
    new, _ = mcplint.fix_text(text, path=case.path, env=env_for(case.path))
    assert json.loads(new) == {
        "mcpServers": {"playwright": {"command": "npx", "args": ["-y", "@playwright/mcp@latest"]}}
    }
    assert lint(new, case.path) == []


# -- schema ------------------------------------------------------------------------------------

MCP_JSON = "/home/user/proj/.mcp.json"


def test_schema_message_names_the_server_and_the_field() -> None:
    text = '{"mcpServers": {"fs": {"command": "npx", "args": "-y pkg"}}}'
    (d,) = lint(text, MCP_JSON)
    assert (d.rule, d.severity.value, d.json_path) == (
        "schema",
        "error",
        ("mcpServers", "fs", "args"),
    )
    assert d.message == 'server "fs": `args` must be a list of strings, got a string'
    assert text[d.start.offset : d.end.offset] == '"-y pkg"'


def test_schema_missing_field_points_at_the_key_of_the_object_that_lacks_it() -> None:
    text = '{\n  "mcpServers": {\n    "fs": {\n      "args": ["-y", "pkg"]\n    }\n  }\n}\n'
    (d,) = lint(text, MCP_JSON)
    assert (d.rule, span_of(d)) == ("schema", "3:5-3:9")
    assert 'needs a "command"' in d.message


def test_schema_item_of_a_list_is_named_by_its_position() -> None:
    text = '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", true]}}}'
    (d,) = lint(text, MCP_JSON)
    assert d.message == 'server "fs": item 2 of `args` must be a string, got a boolean'
    assert text[d.start.offset : d.end.offset] == "true"


def test_schema_errors_are_not_reported_on_a_file_that_does_not_parse() -> None:
    text = '{"mcpServers": {"fs": {"command": 5 "args": []}}}'
    assert [d.rule for d in lint(text, MCP_JSON)] == ["syntax-error"]


# -- unknown-key -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["_comment", "$schema", "//", "// note", "#"])
def test_note_keys_are_never_unknown(key: str) -> None:
    text = json.dumps({key: "x", "mcpServers": {"fs": {"command": "npx", key: "y"}}})
    assert lint(text, MCP_JSON) == []


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("arguments", "args"),
        ("argv", "args"),
        ("cmd", "command"),
        ("enviroment", "env"),
        ("environment", "env"),
        ("Command", "command"),
        ("ARGS", "args"),
        ("comand", "command"),
    ],
)
def test_unknown_key_did_you_mean_and_safe_rename(key: str, meant: str) -> None:
    server: dict[str, object] = {"command": "npx"} if meant != "command" else {"args": []}
    server[key] = [] if meant == "args" else {} if meant == "env" else "npx"
    text = json.dumps({"mcpServers": {"fs": server}}, indent=2)
    diagnostics = [d for d in lint(text, MCP_JSON) if d.rule == "unknown-key"]
    (d,) = diagnostics
    assert d.severity.value == "warning"
    assert d.message.endswith(f"did you mean `{meant}`?")
    assert text[d.start.offset : d.end.offset] == json.dumps(key)
    new, _ = mcplint.fix_text(text, path=MCP_JSON, env=env_for(MCP_JSON), select=["unknown-key"])
    assert json.loads(new)["mcpServers"]["fs"][meant] == server[key]


def test_unknown_key_without_a_close_known_key_has_no_suggestion() -> None:
    text = '{"mcpServers": {"fs": {"command": "npx", "description": "files"}}}'
    (d,) = lint(text, MCP_JSON)
    assert d.message == 'unknown key `description` in server "fs": Claude Code ignores it'
    assert d.fix is None


def test_unknown_key_with_two_candidates_lists_both_and_does_not_fix() -> None:
    path = "/home/user/proj/.gemini/settings.json"
    text = '{"mcpServers": {"fs": {"command": "npx", "includedTools": []}}}'
    (d,) = lint(text, path)
    assert "did you mean `includeTools` or `excludeTools`?" in d.message
    assert d.fix is None


def test_key_of_another_transport_of_the_client_is_not_unknown() -> None:
    # `headers` is a key Claude Code knows (on http entries): not a typo, and harmless here.
    text = '{"mcpServers": {"fs": {"command": "npx", "headers": {}}}}'
    assert lint(text, MCP_JSON) == []


def test_unknown_key_top_level_of_a_closed_file() -> None:
    path = "/home/user/proj/.cursor/mcp.json"
    text = '{"mcpServers": {}, "mcpServer": {}}'
    (d,) = lint(text, path)
    assert (d.rule, text[d.start.offset : d.end.offset]) == ("unknown-key", '"mcpServer"')
    # `mcpServers` is already there: renaming would make a duplicate key
    assert "did you mean `mcpServers`?" in d.message and d.fix is None


def test_unknown_key_inside_a_schema_closed_object_of_claude_code_settings() -> None:
    path = "/home/user/proj/.claude/settings.json"
    text = '{"permissions": {"alow": ["mcp__github"]}}'
    (d,) = lint(text, path)
    assert d.rule == "unknown-key"
    assert d.message == (
        "unknown key `alow` in `permissions`: Claude Code ignores it; did you mean `allow`?"
    )
    new, _ = mcplint.fix_text(text, path=path, env=env_for(path))
    assert json.loads(new) == {"permissions": {"allow": ["mcp__github"]}}


# -- misplaced-servers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "key", "phrase"),
    [
        ("/home/user/proj/.claude/settings.json", "mcpServers", "never reads servers from"),
        ("/home/user/.claude/settings.json", "mcpServers", "never reads servers from"),
        ("/home/user/proj/.claude/settings.local.json", "mcpServers", "never reads servers"),
        ("/home/user/proj/.vscode/mcp.json", "mcpServers", "reads servers from `servers`"),
        ("/home/user/proj/.zed/settings.json", "mcp_servers", "`context_servers`"),
        ("/home/user/.codex/config.toml", "mcp-servers", "`[mcp_servers.<name>]`"),
    ],
)
def test_misplaced_servers_key(path: str, key: str, phrase: str) -> None:
    if path.endswith(".toml"):
        text = f'[{key}.fs]\ncommand = "npx"\n'
    else:
        text = json.dumps({key: {"fs": {"command": "npx", "args": []}}})
    found = [d for d in lint(text, path) if d.rule == "misplaced-servers"]
    (d,) = found
    assert d.severity.value == "error" and d.fix is None
    assert text[d.start.offset : d.end.offset] in (json.dumps(key), key)
    assert d.message.startswith(f"`{key}` is not read here: ") and phrase in d.message


def test_misplaced_servers_nested_transport_object() -> None:
    text = '{"mcpServers": {"api": {"transport": {"type": "http", "url": "https://x.dev/mcp"}}}}'
    found = [d for d in lint(text, MCP_JSON) if d.rule == "misplaced-servers"]
    (d,) = found
    assert text[d.start.offset : d.end.offset] == '"transport"'
    assert d.message == (
        'server "api": Claude Code does not read a nested `transport` object; '
        "put `type`, `url` directly in the server entry"
    )


def test_servers_key_is_not_misplaced_where_the_client_reads_it() -> None:
    assert lint('{"servers": {}}', "/home/user/proj/.vscode/mcp.json") == []
    assert lint('{"mcpServers": {}}', MCP_JSON) == []


# -- invalid-server-name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("github", True),
        ("my_server-2", True),
        ("my server", False),
        ("a.b", False),
        ("@scope/pkg", False),
        ("café", False),
        ("", False),
        ("constructor", False),
        ("__proto__", False),
        ("prototype", False),
    ],
)
def test_server_name_characters_and_reserved_names(name: str, ok: bool) -> None:
    text = json.dumps({"mcpServers": {name: {"command": "npx"}}})
    found = [d for d in lint(text, MCP_JSON) if d.rule == "invalid-server-name"]
    assert (found == []) is ok
    if not ok:
        (d,) = found
        assert d.severity.value == "warning" and d.fix is None
        assert text[d.start.offset : d.end.offset] == json.dumps(name)


def test_server_name_length_leaves_room_for_tool_names() -> None:
    # Claude Code: mcp__<server>__<tool> is at most 64; 16 characters are kept for the tool.
    longest = "s" * (64 - len("mcp____") - 16)
    assert lint(json.dumps({"mcpServers": {longest: {"command": "npx"}}}), MCP_JSON) == []
    text = json.dumps({"mcpServers": {longest + "s": {"command": "npx"}}})
    (d,) = lint(text, MCP_JSON)
    assert d.rule == "invalid-server-name"
    assert d.message == (
        "server name is 42 characters: Claude Code's tool names (`mcp__{server}__{tool}`, "
        "at most 64) leave 15 for the tool's own name"
    )


def test_server_name_message_names_the_bad_characters() -> None:
    (d,) = lint(json.dumps({"mcpServers": {"My Server.v2": {"command": "x"}}}), MCP_JSON)
    assert d.message == (
        "server name \"My Server.v2\" has characters tool names cannot hold (' ' '.'): "
        "use letters, digits, `-` and `_`"
    )


# -- behaviour believed wrong ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "typo", "meant"),
    [
        (
            "/Users/me/Library/Application Support/Claude/claude_desktop_config.json",
            '{"mcpServer": {"fs": {"command": "npx"}}}',
            "mcpServer",
            "mcpServers",
        ),
        ("/home/user/.claude.json", '{"mcpServer": {}}', "mcpServer", "mcpServers"),
        (
            "/home/user/proj/.gemini/settings.json",
            '{"mcpServer": {"fs": {"command": "npx"}}}',
            "mcpServer",
            "mcpServers",
        ),
        (
            "/home/user/proj/.zed/settings.json",
            '{"context_server": {"fs": {"command": "npx", "args": []}}}',
            "context_server",
            "context_servers",
        ),
        (
            "/home/user/proj/.claude/settings.json",
            '{"enableAllProjectMcpServer": true}',
            "enableAllProjectMcpServer",
            "enableAllProjectMcpServers",
        ),
    ],
    ids=["claude-desktop", "claude-json", "gemini", "zed", "claude-settings"],
)
def test_typo_of_a_known_top_level_key_in_an_open_file(
    path: str, text: str, typo: str, meant: str
) -> None:
    (d,) = [d for d in lint(text, path) if d.rule == "unknown-key"]
    assert text[d.start.offset : d.end.offset] == json.dumps(typo)
    assert d.message.endswith(f"did you mean `{meant}`?")
    assert d.fix is not None and d.fix.edits[0].content == json.dumps(meant)


def test_cline_nested_transport_form_is_accepted() -> None:
    path = "/home/user/.cline/data/settings/cline_mcp_settings.json"
    text = '{"mcpServers": {"fs": {"transport": {"type": "stdio", "command": "npx"}}}}'
    assert lint(text, path) == []


def test_case_slip_suggests_only_the_same_key_in_its_case() -> None:
    path = "/home/user/.codeium/windsurf/mcp_config.json"
    text = '{"mcpServers": {"figma": {"serverURL": "https://mcp.figma.com/mcp"}}}'
    (d,) = [d for d in lint(text, path) if d.rule == "unknown-key"]
    assert d.message.endswith("did you mean `serverUrl`?")
    assert d.fix is not None and d.fix.edits[0].content == '"serverUrl"'


def test_key_the_schema_forbids_is_not_also_unknown() -> None:
    path = "/home/user/.codex/config.toml"
    text = '[mcp_servers.figma]\nurl = "https://mcp.figma.com/mcp"\nbearer_token = "figd_x"\n'
    assert [(d.rule, span_of(d)) for d in lint(text, path)] == [("schema", "3:16-3:24")]


def test_schema_message_quotes_a_project_path() -> None:
    text = '{"projects": {"/home/user/proj": {"enabledMcpjsonServers": "github"}}}'
    (d,) = lint(text, "/home/user/.claude.json")
    assert d.message == (
        '`projects["/home/user/proj"].enabledMcpjsonServers` must be a list of strings, '
        "got a string"
    )


# -- through the one rule tester ------------------------------------------------------------------


def test_tester_structure_rules() -> None:
    from tests.rule_tester import NO_FIX, expect

    expect(
        "unknown-key",
        '{"mcpServers": {"a": {"command": "x", «"arguments"»: ["1"]}}}',
        fixed='{"mcpServers": {"a": {"command": "x", "args": ["1"]}}}',
    )
    expect(
        "unknown-key",
        '{"mcpServers": {"a": {"command": "x", «"Args"»: ["1"], «"ARGS"»: ["2"]}}}',
        fixed=NO_FIX,  # two keys for one name: renaming either would lose the other
    )
    expect("schema", '{"mcpServers": {"a": {"command": "x", "args": «"-y pkg"»}}}')
    expect("misplaced-servers", '{«"servers"»: {"a": {"command": "x"}}}', fixed=NO_FIX)
    expect("invalid-server-name", '{"mcpServers": {«"my server"»: {"command": "x"}}}')
