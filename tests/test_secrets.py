"""The credential detector: each kind found, ordinary config values left alone, masks short."""

from __future__ import annotations

import pytest

from mcplint.secrets import (
    SecretKind,
    classify_value,
    find_secrets,
    is_secret_name,
    mask,
    redact,
)

# Fake credentials of every known shape, built in pieces so that no scanner takes this file for
# a leak.
GITHUB_CLASSIC = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
GITHUB_FINE = "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
OPENAI = "sk-proj-" + "Abcdefghijklmnopqrstuvwxyz0123456789"
ANTHROPIC = "sk-ant-api03-" + "Abcdefghijklmnopqrstuvwxyz0123"
SLACK = "xoxb-" + "1234567890-abcdefghijklmnop"
AWS = "AKIA" + "IOSFODNN7EXAMPLE"
GOOGLE = "AIza" + "SyA-1234567890abcdefghijklmnopqrstu"
STRIPE = "sk_live_" + "0123456789abcdefABCDEF"
GITLAB = "glpat-" + "abcdefghij0123456789"
NPM = "npm_" + "abcdefghijklmnopqrstuvwxyz0123456789"
HUGGINGFACE = "hf_" + "abcdefghijklmnopqrstuvwxyzABCDEFGH"
JWT = (
    "eyJhbGciOiJIUzI1NiJ9"
    + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0"
    + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
)

TOKENS = [
    (GITHUB_CLASSIC, SecretKind.GITHUB_TOKEN),
    (GITHUB_FINE, SecretKind.GITHUB_TOKEN),
    (OPENAI, SecretKind.OPENAI_KEY),
    (ANTHROPIC, SecretKind.ANTHROPIC_KEY),
    (SLACK, SecretKind.SLACK_TOKEN),
    (AWS, SecretKind.AWS_ACCESS_KEY),
    (GOOGLE, SecretKind.GOOGLE_API_KEY),
    (STRIPE, SecretKind.STRIPE_KEY),
    (GITLAB, SecretKind.GITLAB_TOKEN),
    (NPM, SecretKind.NPM_TOKEN),
    (HUGGINGFACE, SecretKind.HUGGINGFACE_TOKEN),
    (JWT, SecretKind.JWT),
]


@pytest.mark.parametrize(("token", "kind"), TOKENS)
def test_known_tokens_are_found_in_free_text_and_by_value(token: str, kind: SecretKind) -> None:
    text = f'run with "{token}", then stop'
    [span] = find_secrets(text)
    assert (text[span.start : span.end], span.kind) == (token, kind)
    assert classify_value(None, token) is kind
    assert token not in redact(text) and redact(text).startswith('run with "')


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('"API_KEY": "plainvalue123"', "plainvalue123"),  # JSON member
        ('clientSecret = "s3cr3t-value"', "s3cr3t-value"),  # TOML
        ('"-e", "MY_TOKEN=supersecretvalue"', "supersecretvalue"),  # docker -e in args
        ('"--api-key", "abcd1234efgh"', "abcd1234efgh"),  # a flag and its value, two strings
        ('"--api-key",\n        "abcd1234efgh"', "abcd1234efgh"),  # ... on two lines
        ("--password=hunter2hunter", "hunter2hunter"),
        ('"Authorization: Bearer abcdef123456"', "abcdef123456"),  # a header in args
        ('"Authorization": "Basic dXNlcjpwYXNzd29yZA=="', "dXNlcjpwYXNzd29yZA=="),
        ("X-API-Key: secretvalue123", "secretvalue123"),
        ("postgres://admin:hunter2pass@db.internal:5432/app", "hunter2pass"),  # DSN password
        ("https://h.example/mcp?api_key=abc123def456&page=2", "abc123def456"),  # query token
        ("https://h.example/x?sig=0a1b2c3d4e5f&access_token=zyxwvu987654", "zyxwvu987654"),
        ("-----BEGIN RSA PRIVATE KEY-----\\nMIIEabc\\n-----END RSA PRIVATE KEY-----", "MIIEabc"),
    ],
)
def test_named_values_urls_and_headers_are_found(text: str, secret: str) -> None:
    assert find_secrets(text)
    assert secret not in redact(text)
    assert secret not in redact(text, keep_length=True)


@pytest.mark.parametrize(
    "text",
    [
        '"GITHUB_TOKEN": "${GITHUB_TOKEN}"',
        '"API_KEY": "${env:OPENAI_API_KEY}"',
        '"API_KEY": "${input:api-key}"',
        '"API_KEY": "<your-api-key>"',
        '"API_KEY": "YOUR_API_KEY"',
        '"token": "xxx"',
        '"token": ""',
        '"TOKEN_FILE": "/run/secrets/token"',
        '"SSH_KEY": "~/.ssh/id_ed25519"',
        '"useAuth": true',
        '"AUTH_TIMEOUT": 5000',
        '"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]',
        '"author": "Jane Doe", "keywords": ["mcp"]',
        "Authorization: Bearer ${GITHUB_PAT}",
        "postgres://user:${DB_PASSWORD}@localhost/db",
        'unknown key `apiKey` in server "gh": Claude Code ignores it',
        "https://example.com/mcp?page=2&limit=10",
        # met in real configs
        '"allow": ["Bash(pwd:*)", "Bash(ls:*)"]',
        '"Authorization": "Bearer ${CONTEXT7_API_KEY:-}"',
        '"Authorization": "Bearer $GITHUB_MCP_PAT"',
        '"apiKey": "{env:DEEPSEEK_API_KEY}"',
        '"proxy_pass": "http://localhost:3001/sse"',
        '"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_your_github_personal_access_token"',
        '"SLACK_BOT_TOKEN": "xoxb-your-slack-bot-token"',
        '"ANTHROPIC_API_KEY": "ANTHROPIC_API_KEY_HERE"',
        'headers = { Authorization = "GITHUB_PERSONAL_ACCESS_TOKEN" }',
    ],
)
def test_ordinary_config_values_are_left_alone(text: str) -> None:
    assert find_secrets(text) == []
    assert redact(text) == text


def test_classify_value_asks_about_one_value_under_a_name() -> None:
    assert classify_value("GITHUB_TOKEN", "${GITHUB_TOKEN}") is None
    assert classify_value("OPENAI_API_KEY", "abc") is SecretKind.NAMED_VALUE
    assert classify_value("DEBUG", "abcdef123456") is None
    assert classify_value("PORT", "8080") is None
    assert classify_value("API_KEY", "true") is None
    assert classify_value("Authorization", "Bearer abcdefgh12") is SecretKind.AUTH_HEADER
    assert classify_value(None, "mysql://root:pw12345678@h/db") is SecretKind.URL_PASSWORD
    assert classify_value("x", GITHUB_CLASSIC) is SecretKind.GITHUB_TOKEN


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("API_KEY", True),
        ("githubToken", True),
        ("X-Api-Key", True),
        ("--password", True),
        ("DB_PASSWD", True),
        ("AWS_SECRET_ACCESS_KEY", True),
        ("Authorization", True),
        ("TOKEN_FILE", False),
        ("KEY_PATH", False),
        ("author", False),
        ("keywords", False),
        ("command", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_mask_keeps_at_most_four_characters_and_none_of_a_short_value() -> None:
    assert mask(GITHUB_CLASSIC) == "ghp_****"
    assert mask(ANTHROPIC) == "sk-a****"
    assert mask("hunter2") == "****"  # below 8 characters: nothing kept
    assert mask("hunter22") == "hu****"
    for value, _ in TOKENS:
        assert len(mask(value)) <= 8 and value not in mask(value)


def test_redact_keeping_the_length_keeps_offsets_and_line_breaks() -> None:
    text = f'"args": ["--token",\n  "{OPENAI}"], "env": {{"K": "{AWS}"}}\n'
    masked = redact(text, keep_length=True)
    assert len(masked) == len(text) and masked.count("\n") == 2
    assert OPENAI not in masked and AWS not in masked
    assert masked.index('"env"') == text.index('"env"')
    assert redact(masked) == masked  # a mask is no secret: redacting again changes nothing


def test_braces_around_json_strings_are_no_template_that_hides_a_token() -> None:
    """Found by the fuzz run: `{{` ... `}}` across two JSON strings hid the token inside."""
    text = '"{{/":"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"}}'
    assert "ghp_A1b2" not in redact(text)
    assert redact("{{ token }}") == "{{ token }}"


def test_an_aws_key_with_text_glued_after_it_is_still_masked() -> None:
    """Found by the fuzz run: `AKIA…` + 16 characters followed by more was printed whole."""
    assert "AKIAIOSFODNN7EXAMPLQ" not in redact('"TOKEN":"AKIAIOSFODNN7EXAMPLQ2}')


def test_a_token_glued_after_other_text_is_never_printed_whole() -> None:
    """Found by the fuzz run: `bAKIA…` is no credential to report, but is masked in output."""
    assert "AKIAIOSFODNN7EXAMPLQ" not in redact('"TOKEN" : bAKIAIOSFODNN7EXAMPLQ"}')
    assert "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8" not in redact(
        "xghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    )
    assert len(redact("bAKIAIOSFODNN7EXAMPLQ", keep_length=True)) == 21
