"""Paths and environment rules (mcplint/rules/paths.py), on every client's real file path."""

from __future__ import annotations

import pytest

from mcplint.diagnostics import Diagnostic, Severity
from mcplint.engine import Options, check_bytes, fix_bytes
from mcplint.env import FakeEnvironment
from mcplint.rules import BY_NAME
from tests.rule_tester import NO_FIX, clean, expect

LINUX = FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")
MAC = FakeEnvironment(platform="darwin", home="/Users/me", cwd="/Users/me/proj")
WIN = FakeEnvironment(platform="win32", home="C:\\Users\\me", cwd="C:\\Users\\me\\proj")

DESKTOP = "/Users/me/Library/Application Support/Claude/claude_desktop_config.json"
CODE = "/home/user/proj/.mcp.json"
CURSOR = "/home/user/proj/.cursor/mcp.json"
VSCODE = "/home/user/proj/.vscode/mcp.json"
WINDSURF = "/home/user/.codeium/windsurf/mcp_config.json"
GEMINI = "/home/user/proj/.gemini/settings.json"
CODEX = "/home/user/.codex/config.toml"
ZED = "/home/user/.config/zed/settings.json"
CLINE = "/home/user/.cline/data/settings/cline_mcp_settings.json"

# (path, machine, servers key) of each JSON client's file.
JSON_CLIENTS = {
    "claude-desktop": (DESKTOP, MAC, "mcpServers"),
    "claude-code": (CODE, LINUX, "mcpServers"),
    "cursor": (CURSOR, LINUX, "mcpServers"),
    "vscode": (VSCODE, LINUX, "servers"),
    "windsurf": (WINDSURF, LINUX, "mcpServers"),
    "gemini": (GEMINI, LINUX, "mcpServers"),
    "zed": (ZED, LINUX, "context_servers"),
    "cline": (CLINE, LINUX, "mcpServers"),
}


def entry(client: str, body: str) -> tuple[str, FakeEnvironment, str]:
    path, env, key = JSON_CLIENTS[client]
    return path, env, f'{{"{key}": {{"s": {body}}}}}'


def lint_as(rule: str, text: str, path: str, env: FakeEnvironment, target: str) -> list[Diagnostic]:
    options = Options(only=(BY_NAME[rule],), target_os=target)
    return check_bytes(text.encode(), path, env, options).diagnostics


# -- unexpanded-path ---------------------------------------------------------------------------

NO_TILDE = ["claude-desktop", "claude-code", "gemini", "cline"]  # tilde_fields=()
TILDE_UNCONFIRMED = ["cursor", "windsurf", "zed"]  # tilde_fields=None


@pytest.mark.parametrize("client", NO_TILDE + TILDE_UNCONFIRMED)
def test_tilde_in_args_is_reported_and_expanded_for_this_machine(client: str) -> None:
    path, env, text = entry(client, '{"command": "npx", "args": ["-y", "pkg", «"~/Documents"»]}')
    home = env.home
    sev = Severity.WARNING if client in TILDE_UNCONFIRMED else Severity.ERROR
    fixed = text.replace("«", "").replace("»", "").replace("~/Documents", f"{home}/Documents")
    expect("unexpanded-path", text, path=path, env=env, severity=sev, fixed=fixed, unsafe=True)
    # Not a safe fix: `--fix` alone leaves it.
    expect("unexpanded-path", text, path=path, env=env, fixed=NO_FIX)


def test_vscode_expands_a_leading_tilde_but_not_home_variables() -> None:
    clean(
        "unexpanded-path",
        '{"servers": {"s": {"command": "~/bin/x", "args": ["~/a"], "cwd": "~"}}}',
        path=VSCODE,
        env=LINUX,
    )
    expect(
        "unexpanded-path",
        '{"servers": {"s": {"command": "x", "args": [«"$HOME/a"»]}}}',
        path=VSCODE,
        env=LINUX,
        message="`$HOME`",
        fixed='{"servers": {"s": {"command": "x", "args": ["/home/user/a"]}}}',
        unsafe=True,
    )


def test_claude_code_expands_braced_home_but_not_bare_or_tilde() -> None:
    clean("unexpanded-path", '{"mcpServers": {"s": {"command": "${HOME}/bin/x"}}}', path=CODE)
    expect(
        "unexpanded-path",
        '{"mcpServers": {"s": {"command": «"$HOME/bin/x"»}}}',
        path=CODE,
        env=LINUX,
        fixed='{"mcpServers": {"s": {"command": "/home/user/bin/x"}}}',
        unsafe=True,
    )


def test_gemini_expands_home_but_not_tilde_in_cwd() -> None:
    clean(
        "unexpanded-path", '{"mcpServers": {"s": {"command": "x", "cwd": "$HOME/p"}}}', path=GEMINI
    )
    expect(
        "unexpanded-path",
        '{"mcpServers": {"s": {"command": "x", "cwd": «"~/p"»}}}',
        path=GEMINI,
        env=LINUX,
        message="in `cwd`",
    )


def test_codex_toml_tilde_fix_is_toml() -> None:
    text = "[mcp_servers.s]\ncommand = \"node\"\nargs = [«'~/srv/index.js'»]\n"
    expect(
        "unexpanded-path",
        text,
        path=CODEX,
        env=LINUX,
        severity=Severity.WARNING,
        fixed='[mcp_servers.s]\ncommand = "node"\nargs = ["/home/user/srv/index.js"]\n',
        unsafe=True,
    )


def test_windows_userprofile_in_claude_desktop() -> None:
    path = "C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json"
    expect(
        "unexpanded-path",
        '{"mcpServers": {"s": {"command": "node", "args": [«"%USERPROFILE%\\\\srv\\\\a.js"»]}}}',
        path=path,
        env=WIN,
        fixed='{"mcpServers": {"s": {"command": "node", '
        '"args": ["C:\\\\Users\\\\me\\\\srv\\\\a.js"]}}}',
        unsafe=True,
    )


def test_no_fix_when_linting_for_another_os() -> None:
    text = '{"mcpServers": {"s": {"command": "x", "args": ["~/a"]}}}'
    found = lint_as("unexpanded-path", text, CODE, LINUX, "macos")
    assert len(found) == 1 and found[0].fix is None


def test_shells_and_inner_tildes_are_not_reported() -> None:
    clean(
        "unexpanded-path",
        '{"mcpServers": {"s": {"command": "bash", "args": ["-c", "~/x $HOME"]}}}',
        path=CODE,
    )
    clean(
        "unexpanded-path",
        '{"mcpServers": {"s": {"command": "x", "args": ["a~b", "--x=~/y"]}}}',
        path=CODE,
    )


# -- path-not-found --------------------------------------------------------------------------

FILES = FakeEnvironment(
    platform="linux",
    home="/home/user",
    cwd="/home/user/proj",
    files={"/home/user/srv/index.js": "", "/home/user/data/keep": "", "/home/user/.env": "A=1"},
    dirs=["/home/user/Documents"],
)


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_missing_script_is_reported_on_every_client(client: str) -> None:
    path, _, text = entry(client, '{"command": "node", "args": [«"/home/user/old/index.js"»]}')
    expect("path-not-found", text, path=path, env=FILES, message="the script")
    path, _, text = entry(client, '{"command": "node", "args": ["/home/user/srv/index.js"]}')
    clean("path-not-found", text, path=path, env=FILES)


def test_codex_missing_path() -> None:
    text = '[mcp_servers.s]\ncommand = "npx"\nargs = ["-y", "fs", «"/home/user/Docs"»]\n'
    expect("path-not-found", text, path=CODEX, env=FILES)


def test_folders_files_a_server_creates_and_other_machines_paths() -> None:
    expect(
        "path-not-found",
        '{"mcpServers": {"s": {"command": "npx", "args": ["fs", "/home/user/Documents", '
        '«"/home/user/Desktop"», "/home/user/data/new.db", «"--db=/nope/x.db"»]}}}',
        path=CODE,
        env=FILES,
    )
    clean(
        "path-not-found",
        '{"mcpServers": {"s": {"command": "docker", "args": ["run", "-v", "/a:/b", "/c"]}}}',
        path=CODE,
        env=FILES,
    )
    clean(
        "path-not-found",
        '{"mcpServers": {"s": {"command": "x", "args": ["/api/*", "https://x/y", "${X}/a"]}}}',
        path=CODE,
        env=FILES,
    )


def test_cwd_and_env_file() -> None:
    expect(
        "path-not-found",
        '{"mcpServers": {"s": {"command": "x", "cwd": «"/home/user/gone"»}}}',
        path=GEMINI,
        env=FILES,
        message="working directory",
    )
    expect(
        "path-not-found",
        '{"servers": {"s": {"command": "x", "envFile": «"/home/user/.env.local"»}}}',
        path=VSCODE,
        env=FILES,
        message="env file",
    )
    clean(
        "path-not-found",
        '{"servers": {"s": {"command": "x", "envFile": "/home/user/.env", "cwd": "/home/user"}}}',
        path=VSCODE,
        env=FILES,
    )


def test_path_not_found_skips_another_target_os() -> None:
    text = '{"mcpServers": {"s": {"command": "node", "args": ["/Users/me/x.js", "C:\\\\x.js"]}}}'
    assert lint_as("path-not-found", text, CODE, FILES, "macos") == []
    assert lint_as("path-not-found", text, CODE, FILES, "windows") == []
    assert len(lint_as("path-not-found", text, CODE, FILES, "linux")) == 1


def test_path_not_found_on_windows() -> None:
    env = FakeEnvironment(platform="win32", home="C:\\Users\\me", files={"C:\\srv\\a.js": ""})
    path = "C:\\Users\\me\\proj\\.mcp.json"
    clean(
        "path-not-found",
        '{"mcpServers": {"s": {"command": "node", "args": ["C:\\\\srv\\\\a.js"]}}}',
        path=path,
        env=env,
    )
    expect(
        "path-not-found",
        '{"mcpServers": {"s": {"command": "node", "args": [«"C:\\\\srv\\\\b.js"»]}}}',
        path=path,
        env=env,
    )


# -- relative-path ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "client", ["claude-desktop", "claude-code", "cursor", "windsurf", "gemini", "cline"]
)
def test_relative_script_where_the_working_directory_is_not_fixed(client: str) -> None:
    path, env, text = entry(client, '{"command": "node", "args": [«"build/index.js"»]}')
    expect("relative-path", text, path=path, env=env, message="working directory")


@pytest.mark.parametrize("client", ["vscode", "zed"])
def test_relative_script_in_the_project_folder_is_fine(client: str) -> None:
    path, env, text = entry(client, '{"command": "node", "args": ["build/index.js"]}')
    clean("relative-path", text, path=path, env=env)


def test_relative_path_interpreters() -> None:
    def body(command: str, args: str) -> str:
        return f'{{"mcpServers": {{"s": {{"command": "{command}", "args": [{args}]}}}}}}'

    expect("relative-path", body("python3", '"-u", «"src/main.py"»'), path=CODE)
    expect("relative-path", body("uv", '"run", "--with", "mcp", «"server.py"»'), path=CODE)
    expect("relative-path", body("deno", '"run", "-A", «"main.ts"»'), path=CODE)
    expect("relative-path", body("bun", '«"index.ts"»'), path=CODE)
    expect("relative-path", body("node", '"--require", "x", «"./s.js"»'), path=CODE)
    for command, args in [
        ("python", '"-m", "pkg.server"'),
        ("uv", '"--directory", "/srv", "run", "server.py"'),
        ("uv", '"run", "mcp", "run"'),
        ("deno", '"run", "jsr:@x/y"'),
        ("node", '"-e", "x.js"'),
        ("node", '"C:/srv/x.js"'),
        ("node", '"${CLAUDE_PROJECT_DIR:-.}/x.js"'),
        ("npx", '"-y", "pkg/x.js"'),
    ]:
        clean("relative-path", body(command, args), path=CODE)


def test_relative_path_with_an_honoured_cwd_is_fine() -> None:
    clean(
        "relative-path",
        '{"mcpServers": {"s": {"command": "node", "args": ["a.js"], "cwd": "/srv"}}}',
        path=GEMINI,
    )
    clean(
        "relative-path",
        '[mcp_servers.s]\ncommand = "node"\nargs = ["a.js"]\ncwd = "/srv"\n',
        path=CODEX,
    )
    # Claude Code ignores `cwd`: still relative to where `claude` was started.
    expect(
        "relative-path",
        '{"mcpServers": {"s": {"command": "node", "args": [«"a.js"»], "cwd": "/srv"}}}',
        path=CODE,
    )


# -- env-var-unset ---------------------------------------------------------------------------

SET = FakeEnvironment(platform="linux", home="/home/user", environ={"TOKEN": "t"})


@pytest.mark.parametrize(
    ("client", "ref"),
    [
        ("claude-code", "${MISSING}"),
        ("vscode", "${env:MISSING}"),
        ("cline", "${env:MISSING}"),
        ("cursor", "${env:MISSING}"),
        ("windsurf", "${env:MISSING}"),
        ("gemini", "$MISSING"),
        ("gemini", "${MISSING}"),
    ],
)
def test_unset_variable_is_positioned_on_the_reference(client: str, ref: str) -> None:
    path, _, text = entry(client, f'{{"command": "x", "env": {{"A": "Bearer «{ref}»"}}}}')
    expect("env-var-unset", text, path=path, env=SET, message="`MISSING` is not set")
    path, _, text = entry(
        client, '{"command": "x", "env": {"A": "Bearer ' + ref.replace("MISSING", "TOKEN") + '"}}'
    )
    clean("env-var-unset", text, path=path, env=SET)


def test_defaults_foreign_syntax_and_escapes() -> None:
    clean(
        "env-var-unset",
        '{"mcpServers": {"s": {"command": "x", "args": ["${MISSING:-a}"]}}}',
        path=CODE,
        env=SET,
    )
    # Claude Desktop expands nothing: unsupported-expansion, not env-var-unset.
    clean(
        "env-var-unset",
        '{"mcpServers": {"s": {"command": "x", "env": {"A": "${MISSING}"}}}}',
        path=DESKTOP,
        env=MAC,
    )
    # An escape before the reference: the whole value.
    expect(
        "env-var-unset",
        '{"mcpServers": {"s": {"command": "x", "args": [«"a\\tb ${MISSING}"»]}}}',
        path=CODE,
        env=SET,
    )
    # Two references in one value, each positioned.
    expect(
        "env-var-unset",
        '{"mcpServers": {"s": {"command": "x", "args": ["«${A1}»:«${B2}»"]}}}',
        path=CODE,
        env=SET,
    )


def test_gemini_extension_variables_are_the_clients_own() -> None:
    text = '{"mcpServers": {"s": {"command": "node", "args": ["${extensionPath}${/}a.js"], '
    text += '"cwd": "${extensionPath}", "env": {"K": "«$NOPE»"}}}}'
    expect("env-var-unset", text, path="/home/user/.gemini/extensions/x/gemini-extension.json")
    # In settings.json they are ordinary variables.
    expect(
        "env-var-unset",
        '{"mcpServers": {"s": {"command": "x", "cwd": "«${extensionPath}»"}}}',
        path=GEMINI,
    )


def test_env_var_unset_not_run_for_another_os() -> None:
    text = '{"mcpServers": {"s": {"command": "x", "env": {"A": "${APPDATA}"}}}}'
    assert lint_as("env-var-unset", text, CODE, SET, "windows") == []
    assert len(lint_as("env-var-unset", text, CODE, SET, "linux")) == 1


# -- unsupported-expansion -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("client", "value"),
    [
        ("claude-desktop", "${API_KEY}"),
        ("claude-desktop", "${env:API_KEY}"),
        ("claude-code", "${env:API_KEY}"),
        ("vscode", "${API_KEY}"),
        ("vscode", "$API_KEY"),
        ("cline", "${API_KEY}"),
        ("cursor", "${API_KEY}"),
        ("windsurf", "${API_KEY}"),
        ("zed", "${API_KEY}"),
        ("gemini", "${env:API_KEY}"),
    ],
)
def test_foreign_syntax_is_reported_at_the_value(client: str, value: str) -> None:
    path, env, text = entry(client, f'{{"command": "x", "env": {{"K": «"{value}"»}}}}')
    expect("unsupported-expansion", text, path=path, env=env, message="does not expand")


@pytest.mark.parametrize(
    ("client", "value"),
    [
        ("claude-code", "${API_KEY}"),
        ("vscode", "${env:API_KEY}"),
        ("cline", "${env:API_KEY}"),
        ("gemini", "$API_KEY"),
        ("gemini", "${API_KEY:-x}"),
    ],
)
def test_own_syntax_is_not_reported(client: str, value: str) -> None:
    path, env, text = entry(client, f'{{"command": "x", "env": {{"K": "{value}"}}}}')
    clean("unsupported-expansion", text, path=path, env=env)


def test_codex_expands_nothing() -> None:
    expect(
        "unsupported-expansion",
        '[mcp_servers.s]\ncommand = "x"\n[mcp_servers.s.env]\nK = «"${API_KEY}"»\n',
        path=CODEX,
        message="Codex",
    )


def test_gemini_percent_syntax_only_in_env_on_windows() -> None:
    path = "C:\\Users\\me\\proj\\.gemini\\settings.json"
    clean(
        "unsupported-expansion",
        '{"mcpServers": {"s": {"command": "x", "env": {"K": "%API_KEY%"}}}}',
        path=path,
        env=WIN,
    )
    expect(
        "unsupported-expansion",
        '{"mcpServers": {"s": {"command": "x", "args": [«"%API_KEY%"»]}}}',
        path=path,
        env=WIN,
    )


def test_lookalikes_that_are_no_reference() -> None:
    for value in ["pa$word", "Z*,$TMP,$ZADT", "100%", "$1", "price $usd"]:
        clean(
            "unsupported-expansion",
            f'{{"mcpServers": {{"s": {{"command": "x", "env": {{"K": "{value}"}}}}}}}}',
            path=DESKTOP,
            env=MAC,
        )
    clean(
        "unsupported-expansion",
        '{"mcpServers": {"s": {"command": "bash", "args": ["-c", "echo $API_KEY"]}}}',
        path=DESKTOP,
        env=MAC,
    )
    # Claude Code ignores `cwd`: nothing to say about what is in it.
    clean(
        "unsupported-expansion",
        '{"mcpServers": {"s": {"command": "x", "cwd": "${env:X}"}}}',
        path=CODE,
    )


# -- undefined-input -------------------------------------------------------------------------


def test_undefined_input_with_did_you_mean() -> None:
    found = expect(
        "undefined-input",
        '{"inputs": [{"id": "api-key", "type": "promptString"}], '
        '"servers": {"s": {"command": "x", "env": {"K": "Bearer «${input:apikey}»"}}}}',
        path=VSCODE,
        message="did you mean `api-key`",
    )
    assert len(found) == 1
    clean(
        "undefined-input",
        '{"inputs": [{"id": "api-key", "type": "promptString"}], '
        '"servers": {"s": {"command": "x", "env": {"K": "${input:api-key}"}}}}',
        path=VSCODE,
    )
    expect(
        "undefined-input",
        '{"servers": {"s": {"type": "http", "url": "https://x", '
        '"headers": {"A": "«${input:t}»"}}}}',
        path=VSCODE,
        message="no `inputs` entry",
    )
    # `inputs` that is not a list: the schema rule says so; nothing to match against.
    clean(
        "undefined-input", '{"inputs": 3, "servers": {"s": {"command": "${input:x}"}}}', path=VSCODE
    )


def test_undefined_input_in_user_settings() -> None:
    path = "/home/user/.config/Code/User/settings.json"
    expect(
        "undefined-input",
        '{"mcp": {"inputs": [{"id": "a"}], '
        '"servers": {"s": {"command": "x", "args": ["«${input:b}»"]}}}}',
        path=path,
    )


# -- placeholder-value -----------------------------------------------------------------------

PLACEHOLDERS = [
    "YOUR_API_KEY_HERE",
    "<token>",
    "<your-key>",
    "xxx",
    "XXXX-XXXX",
    "changeme",
    "sk-...",
    "sk-xxxxxxxx",
    "your-token-here",
    "REPLACE_ME",
    "TODO",
    "your_client_id",
    "API_KEY_HERE",
]
REAL = [
    "ghp_realtoken123",
    "xxxtentacion",
    "true",
    "https://example.com",
    "boxxx",
    "/home/user/here",
    "somewhere",
    "",
]


@pytest.mark.parametrize("value", PLACEHOLDERS)
@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_placeholders_in_env(client: str, value: str) -> None:
    path, env, text = entry(client, f'{{"command": "x", "env": {{"K": «"{value}"»}}}}')
    expect("placeholder-value", text, path=path, env=env, message="placeholder")


def test_placeholders_in_headers_args_and_codex() -> None:
    expect(
        "placeholder-value",
        '{"mcpServers": {"s": {"type": "http", "url": "https://x", '
        '"headers": {"Authorization": «"Bearer <token>"»}}}}',
        path=CODE,
    )
    expect(
        "placeholder-value",
        '{"mcpServers": {"s": {"command": "x", '
        '"args": ["--api-key", «"YOUR_API_KEY"», «"--token=xxx"»]}}}',
        path=CODE,
    )
    expect(
        "placeholder-value",
        '[mcp_servers.s]\ncommand = "x"\nenv = { K = «"changeme"» }\n',
        path=CODEX,
    )


@pytest.mark.parametrize("value", REAL)
def test_real_values_are_not_placeholders(value: str) -> None:
    clean(
        "placeholder-value",
        f'{{"mcpServers": {{"s": {{"command": "x", "env": {{"K": "{value}"}}}}}}}}',
        path=CODE,
    )


def test_shell_redirect_and_prose_args_are_not_placeholders() -> None:
    clean(
        "placeholder-value",
        '{"mcpServers": {"s": {"command": "sh", '
        '"args": ["-c", "x < in.txt", "<in.txt", "your file here"]}}}',
        path=CODE,
    )


# -- whatever the schema allows -----------------------------------------------------------------

ODD_ENTRIES = [
    '{"command": 3, "args": "~/x", "env": {"K": {"a": 1}}, "cwd": 4}',
    '{"command": "node", "args": [1, null, {"a": "~/x"}, "' + "a" * 100_000 + '"]}',
    '{"url": "https://ex ample.com/${X}", "headers": "x"}',
    '"just a string"',
    '{"command": "", "args": [""], "env": {"": ""}}',
    '{"command": ["npx"], "envFile": 3, "inputs": 2}',
]


@pytest.mark.parametrize("body", ODD_ENTRIES)
@pytest.mark.parametrize(
    "rule",
    [
        "unexpanded-path",
        "path-not-found",
        "relative-path",
        "env-var-unset",
        "unsupported-expansion",
        "undefined-input",
        "placeholder-value",
    ],
)
@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_odd_entries_never_raise(rule: str, client: str, body: str) -> None:
    path, env, text = entry(client, body)
    options = Options(only=(BY_NAME[rule],), unsafe_fixes=True)
    result = fix_bytes(text.encode(), path, env, options)
    assert all(d.rule == rule for d in result.diagnostics), result.diagnostics
