"""Cross-file rules (Claude Code scopes): unknown-server-reference, project-server-not-approved,
shadowed-server; and `mcplint.scopes`, which reads the other scope files."""

from __future__ import annotations

import json
from pathlib import Path

from mcplint.diagnostics import Severity
from mcplint.engine import Options, check_bytes
from mcplint.env import Environment, FakeEnvironment
from mcplint.rules import BY_NAME
from mcplint.scopes import project_root, project_scopes, read_scope_file
from tests.rule_tester import NO_FIX, clean, expect

HOME = "/home/user"
ROOT = "/home/user/proj"
MCP_JSON = f"{ROOT}/.mcp.json"
SETTINGS = f"{ROOT}/.claude/settings.json"
LOCAL = f"{ROOT}/.claude/settings.local.json"
CLAUDE_JSON = f"{HOME}/.claude.json"
USER_SETTINGS = f"{HOME}/.claude/settings.json"

SERVERS = '{"mcpServers": {"github": {"command": "gh"}, "postgres": {"command": "pg"}}}'


def machine(files: dict[str, str], **kw: object) -> FakeEnvironment:
    return FakeEnvironment(home=HOME, cwd=ROOT, files=files, **kw)  # type: ignore[arg-type]


def claude_json(value: object) -> str:
    return json.dumps(value)


KNOWN = claude_json({"projects": {ROOT: {}}})  # Claude Code has been run in ROOT


# -- unknown-server-reference -----------------------------------------------------------------


def test_unknown_name_in_enabled_list_of_local_settings() -> None:
    env = machine({MCP_JSON: SERVERS})
    found = expect(
        "unknown-server-reference",
        '{"enabledMcpjsonServers": ["github", «"gihtub"»]}',
        path=LOCAL,
        env=env,
        severity=Severity.WARNING,
        message="did you mean `github`?",
        fixed=NO_FIX,
    )
    assert found[0].json_path == ("enabledMcpjsonServers", 1)


def test_unknown_name_in_disabled_list_of_project_settings() -> None:
    env = machine({MCP_JSON: SERVERS})
    expect(
        "unknown-server-reference",
        '{\n  "disabledMcpjsonServers": [«"postgress"», "postgres"]\n}\n',
        path=SETTINGS,
        env=env,
        message="defines no server of that name",
    )


def test_known_names_and_no_mcp_json_are_clean() -> None:
    clean(
        "unknown-server-reference",
        '{"enabledMcpjsonServers": ["github", "postgres"]}',
        path=LOCAL,
        env=machine({MCP_JSON: SERVERS}),
    )
    # no .mcp.json in the folder (it may be in a parent folder): nothing to compare with
    clean(
        "unknown-server-reference", '{"enabledMcpjsonServers": ["x"]}', path=LOCAL, env=machine({})
    )
    # a broken .mcp.json: unknown, not reported
    clean(
        "unknown-server-reference",
        '{"enabledMcpjsonServers": ["x"]}',
        path=LOCAL,
        env=machine({MCP_JSON: '{"mcpServers": {'}),
    )


def test_user_settings_are_not_compared_with_one_project() -> None:
    env = machine({MCP_JSON: SERVERS})
    clean(
        "unknown-server-reference",
        '{"enabledMcpjsonServers": ["x"], "permissions": {"allow": ["mcp__x__y"]}}',
        path=USER_SETTINGS,
        env=env,
    )


def test_permission_rules() -> None:
    files = {
        MCP_JSON: SERVERS,
        CLAUDE_JSON: claude_json(
            {
                "mcpServers": {"memory": {"command": "m"}},
                "projects": {ROOT: {"mcpServers": {"my.local": {"command": "l"}}}},
            }
        ),
    }
    source = (
        '{"permissions": {\n'
        '  "allow": ["mcp__github__list", «"mcp__gihub__list"», "mcp__memory", "Bash(ls)",\n'
        '            "mcp__my_local__x", "mcp__claude_ai_Slack__post",\n'
        '            "mcp__ide__getDiagnostics",\n'
        '            "mcp__plugin_foo_bar__x", "mcp__*"],\n'
        '  "deny": [«"mcp__nothere"»],\n'
        '  "ask": ["mcp__postgres__*", «"mcp__pg__query"»]\n'
        "}}"
    )
    found = expect("unknown-server-reference", source, path=LOCAL, env=machine(files))
    assert "did you mean `github`?" in found[0].message
    assert "`nothere`" in found[1].message


def test_server_name_holding_double_underscores() -> None:
    files = {MCP_JSON: '{"mcpServers": {"a__b": {"command": "x"}}}'}
    clean(
        "unknown-server-reference",
        '{"permissions": {"allow": ["mcp__a__b__tool"]}}',
        path=LOCAL,
        env=machine(files),
    )


def test_permissions_not_judged_when_a_scope_file_is_broken() -> None:
    files = {MCP_JSON: SERVERS, CLAUDE_JSON: "{broken"}
    clean(
        "unknown-server-reference",
        '{"permissions": {"allow": ["mcp__nothere"]}}',
        path=LOCAL,
        env=machine(files),
    )


def test_unknown_names_in_claude_json_project_entries() -> None:
    env = machine({MCP_JSON: SERVERS})
    source = (
        '{"projects": {\n'
        f'  "{ROOT}": {{"enabledMcpjsonServers": ["github", «"githb"»],\n'
        '                       "disabledMcpjsonServers": [«"nope"»]},\n'
        '  "/home/user/gone": {"enabledMcpjsonServers": ["x"]}\n'
        "}}"
    )
    found = expect("unknown-server-reference", source, path=CLAUDE_JSON, env=env)
    assert found[0].json_path == ("projects", ROOT, "enabledMcpjsonServers", 1)


def test_wrong_types_never_raise() -> None:
    env = machine({MCP_JSON: '{"mcpServers": []}'})
    for source in (
        '{"enabledMcpjsonServers": "github", "permissions": ["mcp__x"]}',
        '{"enabledMcpjsonServers": [1, null, {"a": 1}], "permissions": {"allow": "mcp__x"}}',
        '{"permissions": {"allow": [1, "mcp__", "mcp____x", "' + "mcp__" + "x" * 100_000 + '"]}}',
        "[]",
    ):
        for rule in ("unknown-server-reference", "project-server-not-approved", "shadowed-server"):
            for path in (LOCAL, CLAUDE_JSON, MCP_JSON):
                options = Options(only=(BY_NAME[rule],))
                check_bytes(source.encode(), path, env, options)


# -- project-server-not-approved --------------------------------------------------------------


def test_rejected_in_claude_json_project_entry() -> None:
    files = {
        CLAUDE_JSON: claude_json(
            {
                "projects": {
                    ROOT: {
                        "disabledMcpjsonServers": ["postgres"],
                        "enabledMcpjsonServers": ["github", "postgres"],
                    }
                }
            }
        )
    }
    found = expect(
        "project-server-not-approved",
        '{"mcpServers": {"github": {"command": "gh"}, «"postgres"»: {"command": "pg"}}}',
        path=MCP_JSON,
        env=machine(files),
        severity=Severity.INFO,
        message="rejected",
        fixed=NO_FIX,
    )
    assert CLAUDE_JSON in found[0].message


def test_not_approved_anywhere() -> None:
    known = {CLAUDE_JSON: claude_json({"projects": {ROOT: {"enabledMcpjsonServers": ["pg"]}}})}
    expect(
        "project-server-not-approved",
        '{"mcpServers": {«"github"»: {"command": "gh"}, "pg": {"command": "pg"}}}',
        path=MCP_JSON,
        env=machine(known),
        message="not approved",
    )
    # no approval answered for the folder yet (a fresh clone): Claude Code will ask, as meant
    for files in ({}, {CLAUDE_JSON: KNOWN}):
        clean(
            "project-server-not-approved",
            '{"mcpServers": {"github": {"command": "gh"}}}',
            path=MCP_JSON,
            env=machine(files),
        )
    # enableAllProjectMcpServers: false is an answer
    expect(
        "project-server-not-approved",
        '{"mcpServers": {«"github"»: {"command": "gh"}}}',
        path=MCP_JSON,
        env=machine({LOCAL: '{"enableAllProjectMcpServers": false}'}),
    )


def test_approved_by_settings_files() -> None:
    source = '{"mcpServers": {"github": {"command": "gh"}, «"postgres"»: {"command": "pg"}}}'
    known = KNOWN
    expect(
        "project-server-not-approved",
        source,
        path=MCP_JSON,
        env=machine({LOCAL: '{"enabledMcpjsonServers": ["github"]}', CLAUDE_JSON: known}),
    )
    for where in (LOCAL, SETTINGS, USER_SETTINGS):
        clean(
            "project-server-not-approved",
            source,
            path=MCP_JSON,
            env=machine({where: '{"enableAllProjectMcpServers": true}', CLAUDE_JSON: known}),
        )
    # rejection wins over enableAllProjectMcpServers
    expect(
        "project-server-not-approved",
        source,
        path=MCP_JSON,
        env=machine(
            {
                SETTINGS: '{"enableAllProjectMcpServers": true}',
                LOCAL: '{"disabledMcpjsonServers": ["postgres"]}',
            }
        ),
        message="rejected",
    )


def test_managed_settings_approve() -> None:
    managed = "/etc/claude-code/managed-settings.json"
    clean(
        "project-server-not-approved",
        '{"mcpServers": {"github": {"command": "gh"}}}',
        path=MCP_JSON,
        env=machine({managed: '{"enableAllProjectMcpServers": true}', CLAUDE_JSON: KNOWN}),
    )


def test_broken_settings_file_says_nothing() -> None:
    clean(
        "project-server-not-approved",
        '{"mcpServers": {"github": {"command": "gh"}}}',
        path=MCP_JSON,
        env=machine({LOCAL: "{oops", CLAUDE_JSON: KNOWN}),
    )


def test_only_project_mcp_json() -> None:
    # ~/.claude.json's servers need no approval
    clean(
        "project-server-not-approved",
        claude_json({"mcpServers": {"github": {"command": "gh"}}}),
        path=CLAUDE_JSON,
        env=machine({}),
    )


# -- shadowed-server --------------------------------------------------------------------------


def test_project_entry_shadowed_by_local_entry() -> None:
    text = claude_json({"projects": {ROOT: {"mcpServers": {"github": {"command": "local-gh"}}}}})
    found = expect(
        "shadowed-server",
        '{"mcpServers": {«"github"»: {"command": "gh"}, "postgres": {"command": "pg"}}}',
        path=MCP_JSON,
        env=machine({CLAUDE_JSON: text}),
        severity=Severity.INFO,
        message="local > project > user",
        fixed=NO_FIX,
    )
    (related,) = found[0].related
    assert related.path == CLAUDE_JSON
    assert text[related.start.offset : related.end.offset] == '"github"'


def test_user_entry_shadowed_by_local_and_project_entries() -> None:
    source = (
        '{"mcpServers": {«"github"»: {"command": "a"}, «"pg"»: {"command": "b"},'
        ' "solo": {"command": "c"}},\n'
        f' "projects": {{"{ROOT}": {{"mcpServers": {{"github": {{"command": "d"}}}}}},'
        ' "relative": {}, "/home/user/other": 3}}'
    )
    found = expect(
        "shadowed-server",
        source,
        path=CLAUDE_JSON,
        env=machine({MCP_JSON: '{"mcpServers": {"pg": {"command": "x"}}}'}),
    )
    # same file: related points into it
    assert found[0].related[0].path == CLAUDE_JSON
    assert found[0].related[0].start.line == 2
    assert found[1].related[0].path == MCP_JSON


def test_no_shadowing() -> None:
    clean("shadowed-server", SERVERS, path=MCP_JSON, env=machine({}))
    clean(
        "shadowed-server",
        SERVERS,
        path=MCP_JSON,
        env=machine({CLAUDE_JSON: claude_json({"mcpServers": {"github": {"command": "x"}}})}),
    )
    clean(
        "shadowed-server",
        claude_json({"mcpServers": {"a": {}}, "projects": {"/elsewhere": {"mcpServers": {}}}}),
        path=CLAUDE_JSON,
        env=machine({}),
    )


def test_claude_config_dir_moves_claude_json() -> None:
    moved = "/home/user/cfg/.claude.json"
    text = claude_json({"projects": {ROOT: {"mcpServers": {"github": {"command": "l"}}}}})
    env = machine({moved: text}, environ={"CLAUDE_CONFIG_DIR": "/home/user/cfg"})
    expect("shadowed-server", '{"mcpServers": {«"github"»: {}}}', path=MCP_JSON, env=env)


def test_other_clients_are_not_checked() -> None:
    env = machine({})
    clean("project-server-not-approved", SERVERS, path=f"{ROOT}/.cursor/mcp.json", env=env)
    clean("shadowed-server", SERVERS, path=f"{ROOT}/.cursor/mcp.json", env=env)


def test_rules_are_machine_rules() -> None:
    for name in ("unknown-server-reference", "project-server-not-approved", "shadowed-server"):
        assert "machine" in BY_NAME[name].tags
        assert BY_NAME[name].clients == ("claude-code",)


# -- mcplint.scopes ---------------------------------------------------------------------------


def test_project_root_of_each_file() -> None:
    env = machine({})
    from mcplint.clients import get_kind

    mcp = get_kind("claude-code-mcp-json")
    settings = get_kind("claude-code-settings")
    assert project_root(MCP_JSON, mcp, env) == ROOT
    assert project_root(LOCAL, settings, env) == ROOT
    assert project_root(SETTINGS, settings, env) == ROOT
    assert project_root(USER_SETTINGS, settings, env) is None
    assert project_root("/etc/claude-code/managed-settings.json", settings, env) is None


def test_scope_files_are_cached_and_read_again_when_changed(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text('{"a": 1}')
    env = Environment(home=str(tmp_path), cwd=str(tmp_path), environ={})
    first = read_scope_file(env, str(target))
    assert read_scope_file(env, str(target)) is first
    target.write_text('{"a": 2}')
    assert read_scope_file(env, str(target)).value == {"a": 2}
    assert read_scope_file(env, str(tmp_path / "missing.json")).state == "missing"
    assert read_scope_file(env, str(tmp_path)).state == "broken"  # a folder


def test_project_scopes_reads_only_known_paths() -> None:
    read: list[str] = []

    class Recording(FakeEnvironment):
        def read_bytes(self, p: str) -> bytes:
            read.append(p)
            return super().read_bytes(p)

    env = Recording(home=HOME, cwd=ROOT, files={MCP_JSON: SERVERS})
    scopes = project_scopes(ROOT, env)
    assert [d.name for d in scopes.definitions()] == ["github", "postgres"]
    assert set(read) <= {
        MCP_JSON,
        SETTINGS,
        LOCAL,
        CLAUDE_JSON,
        USER_SETTINGS,
        "/etc/claude-code/managed-settings.json",
        "/etc/claude-code/managed-mcp.json",
    }
