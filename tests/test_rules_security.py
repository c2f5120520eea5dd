"""Security rules: hardcoded-secret and secret-in-url, on every client's files."""

from __future__ import annotations

import json

import pytest

from mcplint.diagnostics import Severity
from mcplint.engine import Options, check_bytes
from mcplint.env import FakeEnvironment
from mcplint.rules import BY_NAME
from tests.rule_tester import NO_FIX, clean, expect

# Known token shapes (made up, never real).
GHP = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
PAT = "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
OPENAI = "sk-proj-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe"
ANTHROPIC = "sk-ant-api03-" + "Qw3Er4Ty5Ui6Op7As8Df9Gh0Jk1Lz2Xc"
SLACK = "xoxb-" + "1234567890-0987654321-AbCdEfGhIjKlMnOp"
AWS = "AKIA" + "IOSFODNN7EXAMPL3"
GOOGLE = "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"
NAMED = "q8Zr2Lx7Vb4Nm1Kp9Wd3"

HOME = "/home/user"
LINUX = FakeEnvironment(platform="linux", home=HOME, cwd=f"{HOME}/proj")
MAC = FakeEnvironment(platform="darwin", home="/Users/me", cwd="/Users/me/proj")
DESKTOP = "/Users/me/Library/Application Support/Claude/claude_desktop_config.json"


def entry(server: dict[str, object], key: str = "mcpServers") -> str:
    return json.dumps({key: {"s": server}})


def mark(text: str, value: str) -> str:
    """`text` with the JSON string token of `value` between « and »."""
    token = json.dumps(value)
    assert text.count(token) == 1
    return text.replace(token, f"«{token}»")


@pytest.mark.parametrize("token", [GHP, PAT, OPENAI, ANTHROPIC, SLACK, AWS, GOOGLE, JWT])
def test_known_token_in_env_of_project_mcp_json(token: str) -> None:
    text = entry({"command": "npx", "env": {"API": token}})
    found = expect(
        "hardcoded-secret",
        mark(text, token),
        path=f"{HOME}/proj/.mcp.json",
        env=LINUX,
        severity=Severity.ERROR,
        fixed=text.replace(token, "${API}"),
        unsafe=True,
    )
    assert token not in found[0].message and "****" in found[0].message
    assert found[0].json_path == ("mcpServers", "s", "env", "API")


def test_named_value_and_user_scope_warning() -> None:
    # ~/.claude.json: user (top-level) and local (projects) entries are the user's own: warning
    text = json.dumps(
        {
            "mcpServers": {"a": {"command": "x", "env": {"DB_PASSWORD": NAMED}}},
            "projects": {
                f"{HOME}/proj": {"mcpServers": {"b": {"command": "y", "env": {"K": GHP}}}}
            },
        }
    )
    source = mark(mark(text, NAMED), GHP)
    expect(
        "hardcoded-secret",
        source,
        path=f"{HOME}/.claude.json",
        env=LINUX,
        severity=Severity.WARNING,
    )


@pytest.mark.parametrize(
    "args, secret",
    [
        (["run", "-i", "--rm", "-e", f"GITHUB_TOKEN={GHP}", "img"], f"GITHUB_TOKEN={GHP}"),
        (["--api-key", NAMED], NAMED),
        ([f"--token={NAMED}"], f"--token={NAMED}"),
        (["--header", f"Authorization: Bearer {NAMED}"], f"Authorization: Bearer {NAMED}"),
        (["server.js", OPENAI], OPENAI),
    ],
)
def test_secrets_in_args(args: list[str], secret: str) -> None:
    text = entry({"command": "docker", "args": args})
    expect(
        "hardcoded-secret",
        mark(text, secret),
        path=f"{HOME}/proj/.mcp.json",
        env=LINUX,
        fixed=NO_FIX,
        unsafe=True,
    )


def test_bearer_header_fix_keeps_the_scheme() -> None:
    text = entry(
        {
            "type": "http",
            "url": "https://x.example/mcp",
            "headers": {"Authorization": f"Bearer {NAMED}"},
        }
    )
    expect(
        "hardcoded-secret",
        mark(text, f"Bearer {NAMED}"),
        path=f"{HOME}/proj/.mcp.json",
        env=LINUX,
        fixed=text.replace(f"Bearer {NAMED}", "Bearer ${S_TOKEN}"),
        unsafe=True,
    )


def test_token_in_url_path() -> None:
    url = f"https://hooks.example.com/{GHP}/mcp"
    text = entry({"type": "http", "url": url})
    expect(
        "hardcoded-secret",
        mark(text, url),
        path=f"{HOME}/proj/.mcp.json",
        env=LINUX,
        fixed=NO_FIX,
        unsafe=True,
    )


@pytest.mark.parametrize(
    "path, env, key, severity, fixed",
    [
        (DESKTOP, MAC, "mcpServers", Severity.WARNING, None),  # no expansion: no fix
        (f"{HOME}/proj/.cursor/mcp.json", LINUX, "mcpServers", Severity.ERROR, "${env:API_KEY}"),
        (f"{HOME}/.cursor/mcp.json", LINUX, "mcpServers", Severity.WARNING, "${env:API_KEY}"),
        (f"{HOME}/proj/.vscode/mcp.json", LINUX, "servers", Severity.ERROR, "${env:API_KEY}"),
        (f"{HOME}/.codeium/windsurf/mcp_config.json", LINUX, "mcpServers", Severity.WARNING, None),
        (f"{HOME}/proj/.gemini/settings.json", LINUX, "mcpServers", Severity.ERROR, None),
        (f"{HOME}/.gemini/settings.json", LINUX, "mcpServers", Severity.WARNING, None),
        (f"{HOME}/.config/zed/settings.json", LINUX, "context_servers", Severity.WARNING, None),
        (
            f"{HOME}/.cline/data/settings/cline_mcp_settings.json",
            LINUX,
            "mcpServers",
            Severity.WARNING,
            None,
        ),
    ],
)
def test_every_json_client(
    path: str, env: FakeEnvironment, key: str, severity: Severity, fixed: str | None
) -> None:
    text = entry({"command": "npx", "env": {"API_KEY": OPENAI}}, key)
    found = expect("hardcoded-secret", mark(text, OPENAI), path=path, env=env, severity=severity)
    if fixed is not None:
        expect(
            "hardcoded-secret",
            mark(text, OPENAI),
            path=path,
            env=env,
            fixed=text.replace(OPENAI, fixed),
            unsafe=True,
        )
    elif found[0].fix is not None:  # gemini/windsurf: whatever the client data offers, it re-parses
        expect("hardcoded-secret", mark(text, OPENAI), path=path, env=env, fixed=None)


def test_codex_toml_has_no_fix() -> None:
    text = f'[mcp_servers.s]\ncommand = "npx"\nenv = {{ API_KEY = "{OPENAI}" }}\n'
    found = expect(
        "hardcoded-secret",
        text.replace(f'"{OPENAI}"', f'«"{OPENAI}"»'),
        path=f"{HOME}/.codex/config.toml",
        env=LINUX,
        severity=Severity.WARNING,
        fixed=NO_FIX,
        unsafe=True,
    )
    assert found[0].fix is None


@pytest.mark.parametrize(
    "value",
    [
        "${GITHUB_TOKEN}",
        "${env:GITHUB_TOKEN}",
        "<your-token>",
        "YOUR_API_KEY",
        "ANTHROPIC_API_KEY_HERE",
        "ghp_your_github_personal_access_token",
        "test-api-key",
        "xxxxxxxx",
        "",
        "true",
        "8080",
        "/home/user/.config/key.pem",
        "mcp-server-github",
    ],
)
def test_placeholders_and_ordinary_values_are_not_secrets(value: str) -> None:
    text = entry({"command": "npx", "args": ["--api-key", value], "env": {"API_KEY": value}})
    clean("hardcoded-secret", text, path=f"{HOME}/proj/.mcp.json", env=LINUX)


def test_placeholder_credentials_in_headers() -> None:
    for header in ("Bearer token123", "Basic dGVzdEBsaWZlcmF5LmNvbTp0ZXN0", "Bearer ${TOKEN}"):
        text = entry(
            {"type": "http", "url": "https://x.example", "headers": {"Authorization": header}}
        )
        clean("hardcoded-secret", text, path=f"{HOME}/proj/.mcp.json", env=LINUX)


# -- secret-in-url ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "server, secret",
    [
        ({"type": "http", "url": f"https://api.example.com/mcp?api_key={NAMED}"}, "url"),
        ({"type": "http", "url": f"https://user:{NAMED}@api.example.com/mcp"}, "url"),
        (
            {
                "command": "npx",
                "args": ["-y", "pg-mcp", f"postgresql://admin:{NAMED}@db.example.com/app"],
            },
            "arg",
        ),
        ({"command": "npx", "env": {"DATABASE_URL": f"postgres://u:{NAMED}@h:5432/db"}}, "env"),
        ({"type": "sse", "url": f"https://x.example/sse?x=1&token={NAMED}"}, "url"),
    ],
)
def test_secret_in_url(server: dict[str, object], secret: str) -> None:
    text = entry(server)
    values = [v for v in _strings(server) if NAMED in v]
    found = expect(
        "secret-in-url",
        mark(text, values[0]),
        path=f"{HOME}/proj/.mcp.json",
        env=LINUX,
        severity=Severity.ERROR,
        fixed=NO_FIX,
    )
    assert NAMED not in found[0].message
    # not reported twice: hardcoded-secret leaves URL credentials to secret-in-url
    if secret != "arg":
        clean("hardcoded-secret", text, path=f"{HOME}/proj/.mcp.json", env=LINUX)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_url_without_credentials_and_placeholders() -> None:
    for url in (
        "https://api.example.com/mcp?page=2",
        "https://user:${PASSWORD}@api.example.com/mcp",
        "postgresql://postgres:password@localhost:5432/db",
        "${DATABASE_URL:-postgresql://app:app_secret@localhost/app}",
        "https://api.example.com/mcp?api_key=YOUR_API_KEY",
        "http://[::1/broken",
        "https://exa mple.com/ with spaces?token",
    ):
        clean(
            "secret-in-url",
            entry({"type": "http", "url": url}),
            path=f"{HOME}/proj/.mcp.json",
            env=LINUX,
        )


def test_secret_in_url_in_codex_toml() -> None:
    url = f"https://u:{NAMED}@mcp.example.com/"
    text = f'[mcp_servers.s]\nurl = "{url}"\n'
    expect(
        "secret-in-url",
        text.replace(f'"{url}"', f'«"{url}"»'),
        path=f"{HOME}/.codex/config.toml",
        env=LINUX,
    )


def test_escaped_value_reports_the_whole_token() -> None:
    escaped = '"\\u0067hp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"'
    raw = '{"mcpServers": {"s": {"command": "x", "env": {"API": «' + escaped + "»}}}}"
    expect("hardcoded-secret", raw, path=f"{HOME}/proj/.mcp.json", env=LINUX)


def test_bad_input_never_raises() -> None:
    big = "A" * 100_000
    documents = [
        {
            "mcpServers": {
                "s": {"command": 3, "args": "--token x", "env": {"K": {"a": 1}, "API_KEY": None}}
            }
        },
        {"mcpServers": {"s": {"url": 5, "headers": ["Authorization"]}}},
        {
            "mcpServers": {
                "s": {
                    "command": "x",
                    "args": [big, f"--api-key={big}", "--token"],
                    "env": {"TOKEN": big},
                }
            }
        },
        {"mcpServers": {"s": {"url": "https://exa mple.com/?token=" + big}}},
        {"mcpServers": {"s": "npx"}},
        {"mcpServers": []},
    ]
    for rule in ("hardcoded-secret", "secret-in-url"):
        for doc in documents:
            result = check_bytes(
                json.dumps(doc).encode(),
                f"{HOME}/proj/.mcp.json",
                LINUX,
                Options(only=(BY_NAME[rule],)),
            )
            assert all(d.rule == rule for d in result.diagnostics)
