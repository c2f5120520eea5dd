"""The command-line shape rules (rules/command.py) and the shell-style splitter they use, with
the one rule tester: exact ranges, fixes applied, re-parsed and idempotent."""

from __future__ import annotations

import json

import pytest
from rule_tester import NO_FIX, clean, expect

from mcplint import shellwords
from mcplint.diagnostics import Severity
from mcplint.env import FakeEnvironment

DESKTOP = "/Users/me/Library/Application Support/Claude/claude_desktop_config.json"
LINUX = FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")
MAC = FakeEnvironment(platform="darwin", home="/Users/me", cwd="/Users/me/proj")
WINDOWS = FakeEnvironment(platform="win32", home="C:\\Users\\me", cwd="C:\\Users\\me\\proj")

# client id -> (path, the key that holds servers, machine) for the JSON clients.
JSON_CLIENTS = {
    "claude-code": ("/home/user/proj/.mcp.json", "mcpServers", LINUX),
    "claude-desktop": (DESKTOP, "mcpServers", MAC),
    "cursor": ("/home/user/proj/.cursor/mcp.json", "mcpServers", LINUX),
    "vscode": ("/home/user/proj/.vscode/mcp.json", "servers", LINUX),
    "windsurf": ("/home/user/.codeium/windsurf/mcp_config.json", "mcpServers", LINUX),
    "gemini": ("/home/user/proj/.gemini/settings.json", "mcpServers", LINUX),
    "zed": ("/home/user/.config/zed/settings.json", "context_servers", LINUX),
    "cline": (
        "/home/user/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/"
        "cline_mcp_settings.json",
        "mcpServers",
        LINUX,
    ),
}
CODEX = "/home/user/.codex/config.toml"


def doc(key: str, entry: str) -> str:
    return '{"' + key + '": {"s": ' + entry + "}}"


# -- shellwords ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("npx -y pkg", ["npx", "-y", "pkg"]),
        ("  uvx   mcp-server-fetch ", ["uvx", "mcp-server-fetch"]),
        ("node 'my dir/x.js' \"a b\"", ["node", "my dir/x.js", "a b"]),
        (
            '"C:\\Program Files\\nodejs\\node.exe" server.js',
            ["C:\\Program Files\\nodejs\\node.exe", "server.js"],
        ),
        ("node C:\\srv\\index.js", ["node", "C:\\srv\\index.js"]),
        ("node server\\index.js", ["node", "server\\index.js"]),
        ("echo a\\ b", ["echo", "a b"]),
        ('echo "a \\"b\\""', ["echo", 'a "b"']),
        ("node 'unclosed", None),
        ('"unclosed', None),
        ("trailing\\", None),
        ("", []),
    ],
)
def test_split(line: str, words: list[str] | None) -> None:
    assert shellwords.split(line) == words


# -- command-includes-arguments --------------------------------------------------------------

RULE = "command-includes-arguments"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_whole_command_line_split_on_every_client(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        RULE,
        doc(key, '{"command": «"npx -y @scope/pkg"»}'),
        path=path,
        env=env,
        severity=Severity.ERROR,
        message="whole command line",
        fixed=doc(key, '{"command": "npx", "args": ["-y", "@scope/pkg"]}'),
    )
    clean(RULE, doc(key, '{"command": "npx", "args": ["-y", "@scope/pkg"]}'), path=path, env=env)


def test_codex_toml_command_line_gets_a_toml_args_line() -> None:
    expect(
        RULE,
        '[mcp_servers.fetch]\ncommand = «"uvx mcp-server-fetch"»\n',
        path=CODEX,
        env=LINUX,
        fixed='[mcp_servers.fetch]\ncommand = "uvx"\nargs = ["mcp-server-fetch"]\n',
    )
    expect(
        RULE,
        '[mcp_servers.fetch]\ncommand = «"uvx --from x mcp-server-fetch"»\nargs = ["--y"]\n',
        path=CODEX,
        env=LINUX,
        fixed='[mcp_servers.fetch]\ncommand = "uvx"\nargs = ["--from", "x", "mcp-server-fetch", '
        '"--y"]\n',
    )
    expect(
        RULE,
        "[mcp_servers]\nf = { command = «'uvx pkg'» }\n",
        path=CODEX,
        env=LINUX,
        fixed='[mcp_servers]\nf = { command = "uvx", args = ["pkg"] }\n',
    )
    clean(RULE, '[mcp_servers.fetch]\ncommand = "uvx"\nargs = ["a b"]\n', path=CODEX, env=LINUX)
    # Dotted keys: `args` would need the same dotted prefix; no fix rather than a wrong key.
    expect(
        RULE,
        '[mcp_servers]\nfetch.command = «"uvx mcp-server-fetch"»\n',
        path=CODEX,
        env=LINUX,
        fixed=NO_FIX,
    )


def test_prepends_to_existing_args_and_keeps_layout() -> None:
    expect(
        RULE,
        '{"mcpServers": {"s": {\n  "command": «"npx -y"»,\n  "args": ["pkg"]\n}}}',
        fixed='{"mcpServers": {"s": {\n  "command": "npx",\n  "args": ["-y", "pkg"]\n}}}',
    )
    expect(
        RULE,
        '{"mcpServers": {"s": {\n  "command": «"npx -y pkg"»,\n  "env": {}\n}}}',
        fixed='{"mcpServers": {"s": {\n  "command": "npx",\n  "args": ["-y", "pkg"],\n'
        '  "env": {}\n}}}',
    )
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"npx -y pkg"», "args": []}}}',
        fixed='{"mcpServers": {"s": {"command": "npx", "args": ["-y", "pkg"]}}}',
    )


def test_quoted_windows_program_keeps_backslashes() -> None:
    expect(
        RULE,
        r'{"mcpServers": {"s": {"command": '
        r'«"\"C:\\Program Files\\nodejs\\node.exe\" C:\\srv\\x.js"»}}}',
        fixed=r'{"mcpServers": {"s": {"command": "C:\\Program Files\\nodejs\\node.exe", '
        r'"args": ["C:\\srv\\x.js"]}}}',
    )


def test_quoted_posix_words() -> None:
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"node \'/my dir/x.js\' --a=\\"b c\\""»}}}',
        fixed='{"mcpServers": {"s": {"command": "node", "args": ["/my dir/x.js", "--a=b c"]}}}',
    )


def test_path_with_spaces_is_one_program() -> None:
    for command in (
        "/Applications/My App/bin/x",
        "C:\\\\Program Files\\\\Tool\\\\tool.exe",
        "~/My Tools/server",
        '\\"/opt/my app/x\\"',
    ):
        clean(RULE, ('{"mcpServers": {"s": {"command": "' + command + '"}}}'))


def test_existing_file_with_spaces_is_not_split() -> None:
    env = FakeEnvironment(files={"/opt/my tool --beta": b""})
    clean(RULE, '{"mcpServers": {"s": {"command": "/opt/my tool --beta"}}}', env=env)


def test_unquoted_path_with_spaces_then_arguments_has_no_fix() -> None:
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"/Applications/My App/bin/x --port 3000"»}}}',
        message="a path with spaces",
        fixed=NO_FIX,
    )
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"/usr/bin/node server.js"»}}}',
        fixed='{"mcpServers": {"s": {"command": "/usr/bin/node", "args": ["server.js"]}}}',
    )


def test_tabs_and_newlines_from_bad_escapes_are_not_split() -> None:
    # `"c:\tools\new.exe"` holds a TAB and a newline: suspicious-escape's business, no split.
    clean(RULE, '{"mcpServers": {"s": {"command": "c:\\tools\\new.exe"}}}')
    clean(RULE, '{"mcpServers": {"s": {"command": "x", "args": ["--a\\tb"]}}}')


def test_placeholder_or_words_get_no_fix() -> None:
    # From the corpus: a placeholder is no command line to split into "absolute" + 4 args.
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"absolute path to python (in .venv)"»}}}',
        message="split it by hand",
        fixed=NO_FIX,
    )
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"my server"»}}}',
        fixed=NO_FIX,
    )
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"uvx mcp-server-fetch"»}}}',
        fixed='{"mcpServers": {"s": {"command": "uvx", "args": ["mcp-server-fetch"]}}}',
    )


def test_unclosed_quote_and_wrong_args_type_report_without_fix() -> None:
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"node \'x.js"»}}}',
        message="not closed",
        fixed=NO_FIX,
    )
    expect(
        RULE,
        '{"mcpServers": {"s": {"command": «"npx -y pkg"», "args": "other"}}}',
        fixed=NO_FIX,
    )


@pytest.mark.parametrize(
    ("arg", "parts"),
    [
        ("-y @scope/pkg", ["-y", "@scope/pkg"]),
        ("--port 3000", ["--port", "3000"]),
        ("-e GITHUB_TOKEN", ["-e", "GITHUB_TOKEN"]),
        ("--stdio --port 8080", ["--stdio", "--port", "8080"]),
    ],
)
def test_several_arguments_in_one_element(arg: str, parts: list[str]) -> None:
    items = ", ".join(json.dumps(p) for p in parts)
    expect(
        RULE,
        ('{"mcpServers": {"s": {"command": "npx", "args": ["a", «"' + arg + '"», "b"]}}}'),
        message="arguments in one string",
        fixed=('{"mcpServers": {"s": {"command": "npx", "args": ["a", ' + items + ', "b"]}}}'),
    )


@pytest.mark.parametrize(
    "arg",
    [
        "/Users/me/My Documents",
        "--name=My Server",
        "--title My Long Title",
        "hello world",
        "--path '/a b'",
        "-y  ",
        "--flag -- x",
    ],
)
def test_elements_that_are_one_value_are_not_split(arg: str) -> None:
    clean(RULE, ('{"mcpServers": {"s": {"command": "x", "args": [' + json.dumps(arg) + "]}}}"))


def test_script_flags_and_shells_keep_their_string() -> None:
    clean(RULE, '{"mcpServers": {"s": {"command": "bash", "args": ["-c", "--x y"]}}}')
    clean(RULE, '{"mcpServers": {"s": {"command": "python", "args": ["-c", "--x y"]}}}')
    clean(RULE, '{"mcpServers": {"s": {"command": "cmd", "args": ["/c", "npx", "--x y"]}}}')


# -- quoted-argument -------------------------------------------------------------------------

QUOTED = "quoted-argument"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_quoted_argument_on_every_client(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        QUOTED,
        doc(key, r'{"command": "node", "args": [«"\"C:\\My Files\\x.js\""», «"\'--flag\'"»]}'),
        path=path,
        env=env,
        severity=Severity.WARNING,
        fixed=doc(key, r'{"command": "node", "args": ["C:\\My Files\\x.js", "--flag"]}'),
    )
    clean(
        QUOTED, doc(key, r'{"command": "node", "args": ["C:\\My Files\\x.js"]}'), path=path, env=env
    )


def test_quoted_command() -> None:
    expect(
        QUOTED,
        r'{"mcpServers": {"s": {"command": «"\"C:\\Program Files\\nodejs\\node.exe\""», '
        r'"args": ["x.js"]}}}',
        message="`command` is wrapped",
        fixed=r'{"mcpServers": {"s": {"command": "C:\\Program Files\\nodejs\\node.exe", '
        r'"args": ["x.js"]}}}',
    )
    # A quoted program followed by arguments is a command line: command-includes-arguments.
    clean(QUOTED, r'{"mcpServers": {"s": {"command": "\"C:\\a b\\n.exe\" x.js"}}}')


def test_quoted_argument_codex() -> None:
    expect(
        QUOTED,
        '[mcp_servers.s]\ncommand = "node"\nargs = [«\'"/a b/x.js"\'»]\n',
        path=CODEX,
        env=LINUX,
        fixed='[mcp_servers.s]\ncommand = "node"\nargs = ["/a b/x.js"]\n',
    )


def test_quoted_argument_not_for_shells_or_partial_quotes() -> None:
    for args in (
        '["-c", "\'echo hi\'"]',
        '["/c", "\\"C:\\\\x y\\\\a.exe\\""]',
    ):
        clean(QUOTED, ('{"mcpServers": {"s": {"command": "sh", "args": ' + args + "}}}"))
        clean(QUOTED, ('{"mcpServers": {"s": {"command": "cmd", "args": ' + args + "}}}"))
    for arg in ('"--a=\\"b\\""', '"\\"\\""', "\"'a'b'\"", '"\'"', '"\\"a\'"'):
        clean(QUOTED, ('{"mcpServers": {"s": {"command": "x", "args": [' + arg + "]}}}"))


# -- shell-syntax-in-args --------------------------------------------------------------------

SHELL = "shell-syntax-in-args"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_shell_syntax_on_every_client(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        SHELL,
        doc(key, '{"command": "cd", "args": ["/srv", «"&&"», "node", "x.js", «">/dev/null"»]}'),
        path=path,
        env=env,
        severity=Severity.WARNING,
        fixed=NO_FIX,
    )
    clean(
        SHELL,
        doc(key, '{"command": "sh", "args": ["-c", "cd /srv && node x.js"]}'),
        path=path,
        env=env,
    )


@pytest.mark.parametrize(
    "arg",
    ["|", ";", "2>&1", "cd /x && node y", "a || b", "--dir=$(pwd)", "`whoami`", "1>>log.txt"],
)
def test_shell_syntax_forms(arg: str) -> None:
    expect(
        SHELL, ('{"mcpServers": {"s": {"command": "node", "args": [«' + json.dumps(arg) + "»]}}}")
    )


def test_shell_syntax_in_command() -> None:
    expect(SHELL, '{"mcpServers": {"s": {"command": «"cd /srv && node x.js"»}}}')


@pytest.mark.parametrize(
    "arg",
    [
        "pkg>=1.0",
        "--filter=a|b",
        "${HOME}/x",
        "${env:TOKEN}",
        "a&b",
        "--query=x > y",
        "a | b",
        "SELECT 1;",
        "a; b",
        "say `hi",
        "https://x.io/?a=1&b=2",
    ],
)
def test_not_shell_syntax(arg: str) -> None:
    clean(SHELL, ('{"mcpServers": {"s": {"command": "node", "args": [' + json.dumps(arg) + "]}}}"))


def test_shells_run_their_own_syntax() -> None:
    for command, args in (
        ("bash", '["-lc", "a && b"]'),
        ("cmd", '["/c", "a", "&&", "b"]'),
        ("powershell", '["-Command", "a | b"]'),
        ("ssh", '["host", "cd x && y"]'),
        ("docker", '["run", "-i", "img", "sh", "-c", "a && b"]'),
        ("wsl", '["bash", "-c", "a; b"]'),
    ):
        clean(
            SHELL, ('{"mcpServers": {"s": {"command": "' + command + '", "args": ' + args + "}}}")
        )


def test_shell_syntax_codex() -> None:
    expect(
        SHELL,
        '[mcp_servers.s]\ncommand = "node"\nargs = ["x.js", «"|"», "tee"]\n',
        path=CODEX,
        env=LINUX,
    )


# -- npx-missing-yes -------------------------------------------------------------------------

NPX = "npx-missing-yes"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_npx_missing_yes_on_every_client(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        NPX,
        doc(key, '{"command": «"npx"», "args": ["@modelcontextprotocol/server-memory"]}'),
        path=path,
        env=env,
        severity=Severity.INFO,
        fixed=doc(key, '{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}'),
    )


def test_npx_forms() -> None:
    expect(
        NPX,
        '{"mcpServers": {"s": {"command": "cmd", "args": ["/c", «"npx"», "pkg", "-y"]}}}',
        fixed='{"mcpServers": {"s": {"command": "cmd", "args": ["/c", "npx", "-y", "pkg", "-y"]}}}',
    )
    expect(
        NPX,
        '{"mcpServers": {"s": {"command": «"C:\\\\nodejs\\\\npx.cmd"», "args": ["pkg"]}}}',
        fixed='{"mcpServers": {"s": {"command": "C:\\\\nodejs\\\\npx.cmd", '
        '"args": ["-y", "pkg"]}}}',
    )
    expect(
        NPX,
        '[mcp_servers.s]\ncommand = «"npx"»\nargs = ["pkg"]\n',
        path=CODEX,
        env=LINUX,
        fixed='[mcp_servers.s]\ncommand = "npx"\nargs = ["-y", "pkg"]\n',
    )
    expect(
        NPX,
        '{"mcpServers": {"s": {"command": «"npx"», "args": ["-p", "-y", "pkg"]}}}',
    )


@pytest.mark.parametrize(
    "args",
    [
        '["-y", "pkg"]',
        '["--yes", "pkg"]',
        '["--yes=true", "pkg"]',
        '["--no", "pkg"]',
        '["--no-install", "pkg"]',
        '["--package", "x", "-y", "cmd"]',
        "[]",
        '"-y pkg"',
        "[1, 2]",
    ],
)
def test_npx_answered(args: str) -> None:
    clean(NPX, ('{"mcpServers": {"s": {"command": "npx", "args": ' + args + "}}}"))


def test_npx_without_args_member_has_nothing_to_install() -> None:
    clean(NPX, '{"mcpServers": {"s": {"command": "npx"}}}')
    clean(NPX, '{"mcpServers": {"s": {"command": "node", "args": ["npx", "pkg"]}}}')


# -- docker-missing-interactive --------------------------------------------------------------

DOCKER = "docker-missing-interactive"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_docker_missing_interactive_on_every_client(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        DOCKER,
        doc(key, '{"command": «"docker"», "args": ["run", "--rm", "-e", "T", "mcp/x"]}'),
        path=path,
        env=env,
        severity=Severity.ERROR,
        fixed=doc(key, '{"command": "docker", "args": ["run", "-i", "--rm", "-e", "T", "mcp/x"]}'),
    )


def test_docker_forms() -> None:
    expect(
        DOCKER,
        '{"mcpServers": {"s": {"command": «"podman"», "args": ["--context", "c", "run", "img"]}}}',
        fixed='{"mcpServers": {"s": {"command": "podman", "args": ["--context", "c", "run", '
        '"-i", "img"]}}}',
    )
    expect(
        DOCKER,
        '{"mcpServers": {"s": {"command": «"docker"», "args": ["run", '
        '"--name", "-i", "img", "-i"]}}}',
    )
    expect(
        DOCKER,
        '{"mcpServers": {"s": {"command": «"docker"», "args": ["run", '
        '"--interactive=false", "img"]}}}',
    )
    expect(
        DOCKER,
        '[mcp_servers.s]\ncommand = «"docker"»\nargs = ["run", "img"]\n',
        path=CODEX,
        env=LINUX,
        fixed='[mcp_servers.s]\ncommand = "docker"\nargs = ["run", "-i", "img"]\n',
    )


@pytest.mark.parametrize(
    "args",
    [
        '["run", "-i", "img"]',
        '["run", "-it", "img"]',
        '["run", "--rm", "-ti", "img"]',
        '["run", "--interactive", "img"]',
        '["container", "run", "-i", "img"]',
        '["ps"]',
        '["compose", "run", "x"]',
        '"run img"',
    ],
)
def test_docker_interactive_ok(args: str) -> None:
    clean(DOCKER, ('{"mcpServers": {"s": {"command": "docker", "args": ' + args + "}}}"))


# -- docker-env-not-passed -------------------------------------------------------------------

DENV = "docker-env-not-passed"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_docker_env_not_passed_on_every_client(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        DENV,
        doc(
            key,
            '{"command": "docker", "args": ["run", "-i", "-e", «"MISSING"», "-e", "SET", "img"], '
            '"env": {"SET": "1", «"NEVER"»: "2"}}',
        ),
        path=path,
        env=env,
        severity=Severity.WARNING,
        fixed=NO_FIX,
    )


def test_docker_env_forms() -> None:
    clean(
        DENV,
        '{"mcpServers": {"s": {"command": "docker", "args": ["run", "-i", "--env=A", "-eB", '
        '"--env", "C=1", "img"], "env": {"A": "1", "B": "2", "DOCKER_HOST": "x", '
        '"_comment": "y"}}}}',
    )
    clean(
        DENV,
        '{"mcpServers": {"s": {"command": "docker", "args": ["run", "-i", "--env-file", ".env", '
        '"img"], "env": {"A": "1"}}}}',
    )
    expect(
        DENV,
        '{"mcpServers": {"s": {"command": "docker", "args": ["run", "-i", '
        '«"--env=TOKEN"», "img"]}}}',
        message="`-e TOKEN`",
    )
    # After the image: the container's own arguments, not docker's options.
    clean(DENV, '{"mcpServers": {"s": {"command": "docker", "args": ["run", "img", "-e", "X"]}}}')


def test_docker_env_inherited_from_this_machine() -> None:
    env = FakeEnvironment(environ={"TOKEN": "t", "PATH": "/usr/bin"})
    clean(
        DENV,
        '{"mcpServers": {"s": {"command": "docker", "args": ["run", "-i", "-e", "TOKEN", "img"]}}}',
        env=env,
    )
    # Codex gives its servers only a few variables (and `env_vars`): TOKEN does not reach them.
    home = FakeEnvironment(home="/home/user", environ={"TOKEN": "t", "HOME": "/home/user"})
    toml = '[mcp_servers.s]\ncommand = "docker"\nargs = ["run", "-i", "-e", %s, "img"]\n'
    expect(DENV, toml % '«"TOKEN"»', path=CODEX, env=home, message="neither")
    clean(DENV, toml % '"HOME"', path=CODEX, env=home)
    clean(DENV, toml % '"TOKEN"' + 'env_vars = ["TOKEN"]\n', path=CODEX, env=home)


def test_docker_env_codex() -> None:
    expect(
        DENV,
        '[mcp_servers.s]\ncommand = "docker"\nargs = ["run", "-i", "img"]\n'
        '[mcp_servers.s.env]\n«GH»= "x"\n',
        path=CODEX,
        env=LINUX,
    )


# -- windows-npx-needs-cmd -------------------------------------------------------------------

WIN = "windows-npx-needs-cmd"


def test_windows_claude_code_unconfirmed() -> None:
    found = expect(
        WIN,
        '{"mcpServers": {"s": {"command": «"npx"», "args": ["-y", "pkg"]}}}',
        path="C:\\Users\\me\\proj\\.mcp.json",
        env=WINDOWS,
        severity=Severity.WARNING,
        message="unconfirmed",
        fixed='{"mcpServers": {"s": {"command": "cmd", "args": ["/c", "npx", "-y", "pkg"]}}}',
    )
    assert "cmd /c npx" in found[0].message
    expect(
        WIN,
        '{"mcpServers": {"s": {"command": «"pnpm"»}}}',
        path="C:\\Users\\me\\proj\\.mcp.json",
        env=WINDOWS,
        fixed='{"mcpServers": {"s": {"command": "cmd", "args": ["/c", "pnpm"]}}}',
    )


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_windows_npx_only_for_clients_that_do_not_resolve_shims(client: str) -> None:
    path, key, _ = JSON_CLIENTS[client]
    text = doc(key, '{"command": "npx", "args": ["-y", "pkg"]}')
    if client == "claude-code":
        expect(
            WIN,
            doc(key, '{"command": «"npx"», "args": ["-y", "pkg"]}'),
            path=path,
            env=WINDOWS,
            client=client,
        )
    else:
        clean(WIN, text, path=path, env=WINDOWS, client=client)
    clean(WIN, text, path=path, env=LINUX, client=client)


def test_windows_npx_not_for_cmd_or_paths() -> None:
    for command in ("cmd", "node", "C:\\\\nodejs\\\\npx.cmd", "npx-like"):
        clean(
            WIN,
            ('{"mcpServers": {"s": {"command": "' + command + '", "args": ["/c", "npx"]}}}'),
            path="C:\\Users\\me\\proj\\.mcp.json",
            env=WINDOWS,
        )


# -- mcp-remote-allow-http -------------------------------------------------------------------

REMOTE = "mcp-remote-allow-http"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_mcp_remote_allow_http_on_every_client(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        REMOTE,
        doc(
            key,
            '{"command": "npx", "args": ["-y", "mcp-remote@0.1", «"http://10.0.0.5:8000/mcp"»]}',
        ),
        path=path,
        env=env,
        severity=Severity.ERROR,
        fixed=doc(
            key,
            '{"command": "npx", "args": ["-y", "mcp-remote@0.1", "http://10.0.0.5:8000/mcp", '
            '"--allow-http"]}',
        ),
    )


def test_mcp_remote_direct_and_codex() -> None:
    expect(
        REMOTE,
        '{"mcpServers": {"s": {"command": "mcp-remote", '
        '"args": [«"HTTP://example.com/sse"», "--x"]}}}',
        fixed='{"mcpServers": {"s": {"command": "mcp-remote", "args": ["HTTP://example.com/sse", '
        '"--allow-http", "--x"]}}}',
    )
    expect(
        REMOTE,
        '[mcp_servers.s]\ncommand = "npx"\nargs = ["mcp-remote", «"http://h.example/mcp"»]\n',
        path=CODEX,
        env=LINUX,
        fixed='[mcp_servers.s]\ncommand = "npx"\nargs = ["mcp-remote", "http://h.example/mcp", '
        '"--allow-http"]\n',
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/mcp",
        "http://localhost:3000/mcp",
        "http://127.0.0.1/mcp",
        "http://[::1]:80/",
        "http://api.localhost/",
        "http://${HOST}/mcp",
        "http://exa mple.com/",
        "http://[bad/",
        "http://",
    ],
)
def test_mcp_remote_ok_urls(url: str) -> None:
    clean(
        REMOTE,
        (
            '{"mcpServers": {"s": {"command": "npx", "args": ["mcp-remote", '
            + json.dumps(url)
            + "]}}}"
        ),
    )


def test_mcp_remote_flag_present_or_other_package() -> None:
    clean(
        REMOTE,
        '{"mcpServers": {"s": {"command": "npx", "args": ["mcp-remote", '
        '"http://h.io/", "--allow-http"]}}}',
    )
    clean(REMOTE, '{"mcpServers": {"s": {"command": "npx", "args": ["other", "http://h.io/"]}}}')


# -- whatever the entry holds ----------------------------------------------------------------

ALL = (RULE, QUOTED, SHELL, NPX, DOCKER, DENV, WIN, REMOTE)
ODD_ENTRIES = [
    '{"command": 42}',
    '{"command": "npx", "args": "-y pkg"}',
    '{"command": ["npx"], "args": [1, null, {"a": 1}]}',
    '{"command": "docker", "args": ["run"], "env": {"A": {"x": 1}, "B": null}}',
    '{"command": "docker", "args": ["run", "-e"]}',
    '{"command": "cmd", "args": ["/c"]}',
    '{"command": ""}',
    '{"command": "   "}',
    '"not an object"',
    "null",
    '{"url": "http://x y z"}',
]


@pytest.mark.parametrize("entry", ODD_ENTRIES)
@pytest.mark.parametrize("rule", ALL)
def test_odd_entries_never_raise(rule: str, entry: str) -> None:
    for env, path in ((LINUX, ".mcp.json"), (WINDOWS, "C:\\p\\.mcp.json")):
        from rule_tester import run

        run(rule, ('{"mcpServers": {"s": ' + entry + "}}"), path, env)


def test_huge_argument() -> None:
    big = "x" * 100_000
    for rule in ALL:
        clean(rule, ('{"mcpServers": {"s": {"command": "npx", "args": ["-y", "' + big + '"]}}}'))
    expect(RULE, ('{"mcpServers": {"s": {"command": «"npx ' + big + '"»}}}'))


# -- misplaced-servers: entries pasted without their wrapper, or wrapped twice -------------------

MISPLACED = "misplaced-servers"


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_pasted_entry_without_wrapper(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        MISPLACED,
        '{«"github"»: {"command": "npx", "args": ["-y", "pkg"]}}',
        path=path,
        env=env,
        severity=Severity.ERROR,
        message=f"loads nothing from here; put it inside `{key}`",
        fixed=NO_FIX,
    )


def test_pasted_remote_entry_only_in_mcp_only_files() -> None:
    expect(MISPLACED, '{«"r"»: {"url": "https://x.io/mcp"}}')
    # A settings file holds other objects: only a command with args/env counts there.
    gemini, _, env = JSON_CLIENTS["gemini"]
    clean(MISPLACED, '{"r": {"url": "https://x.io/mcp"}, "mcpServers": {}}', path=gemini, env=env)
    clean(MISPLACED, '{"tool": {"command": "x"}, "mcpServers": {}}', path=gemini, env=env)
    claude_settings = "/home/user/proj/.claude/settings.json"
    clean(
        MISPLACED,
        '{"statusLine": {"type": "command", "command": "x.sh"}}',
        path=claude_settings,
        env=LINUX,
    )


def test_pasted_entry_codex_table() -> None:
    expect(
        MISPLACED,
        '[«github»]\ncommand = "npx"\nargs = ["-y", "pkg"]\n',
        path=CODEX,
        env=LINUX,
        message="inside `mcp_servers`",
    )


@pytest.mark.parametrize("client", sorted(JSON_CLIENTS))
def test_servers_map_nested_in_itself(client: str) -> None:
    path, key, env = JSON_CLIENTS[client]
    expect(
        MISPLACED,
        '{"' + key + '": {«"mcpServers"»: {"a": {"command": "x"}, "b": {"url": "https://x"}}}}',
        path=path,
        env=env,
        message='starts none of the servers in it ("a", "b"); move them up one level',
    )
    # A server that happens to be named `servers` is a server.
    clean(MISPLACED, '{"' + key + '": {"servers": {"command": "x"}}}', path=path, env=env)
