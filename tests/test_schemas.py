"""The JSON Schemas in schemas/: well-formed, documented, and as strict as the clients (no more).

Besides hand-written good and broken documents per file kind, this validates SchemaStore's own
claude-code-settings tests and the real-world corpus in ../shared/corpus (skipped when absent).
Corpus files that fail were reviewed by hand; they are listed in CORPUS_REVIEWED_FAILURES with the
reason, and the test fails when a failure appears or disappears without that list being updated.
"""

from __future__ import annotations

import copy
import csv
import functools
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import json5
import pytest
from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE.parent / "schemas"
FIXTURES = HERE / "data" / "schemastore"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

KINDS = (
    "claude-desktop",
    "claude-code-mcp-json",
    "claude-code-managed-mcp",
    "claude-code-plugin-mcp-json",
    "claude-code-user",
    "claude-code-settings",
    "cursor",
    "vscode",
    "vscode-settings",
    "windsurf",
    "gemini",
    "zed",
    "codex",
    "cline",
)
VENDORED_DRAFT_07 = {"claude-code-settings"}  # copied from SchemaStore, keeps its draft


@functools.cache
def load_schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    )
    return schema


@functools.cache
def validator(kind: str) -> Validator:
    schema = load_schema(kind)
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)  # no network: every $ref in these schemas is local


def errors(kind: str, doc: Any) -> list[ValidationError]:
    return sorted(validator(kind).iter_errors(doc), key=lambda e: (path_of(e), e.validator))


def path_of(error: ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path)


def summary(kind: str, doc: Any) -> list[tuple[str, str]]:
    return [(path_of(e), str(e.validator)) for e in errors(kind, doc)]


# --------------------------------------------------------------------------------------------
# The schemas themselves
# --------------------------------------------------------------------------------------------


def test_schema_files_are_exactly_the_kinds() -> None:
    found = {p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json")}
    assert found == set(KINDS)
    assert (SCHEMA_DIR / "__init__.py").is_file()
    assert (SCHEMA_DIR / "README.md").is_file()
    assert (SCHEMA_DIR / "LICENSE-schemastore.txt").is_file()


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_and_identified(kind: str) -> None:
    schema = load_schema(kind)
    validator_for(schema).check_schema(schema)
    assert schema["$id"] == f"https://mcplint.dev/schemas/{kind}.schema.json"
    assert schema["$schema"] == (DRAFT_07 if kind in VENDORED_DRAFT_07 else DRAFT_2020_12)
    assert isinstance(schema.get("title"), str) and schema["title"].strip()
    assert isinstance(schema.get("description"), str) and len(schema["description"]) > 40
    assert schema.get("type") == "object"


@pytest.mark.parametrize("kind", KINDS)
def test_schema_mentions_its_kind_in_readme(kind: str) -> None:
    readme = (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    assert f"`{kind}.schema.json`" in readme


def resolve_local(root: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"non-local $ref {ref!r} would need the network"
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def walk_properties(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    """Every (pointer, subschema) declared under `properties`/`patternProperties`.

    Conditions (`if`) and negations (`not`) only test a document; they document nothing and are
    skipped.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("if", "not"):
                continue
            if key in ("properties", "patternProperties") and isinstance(value, dict):
                for name, sub in value.items():
                    yield f"{where}/{key}/{name}", sub
                    yield from walk_properties(sub, f"{where}/{key}/{name}")
            else:
                yield from walk_properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from walk_properties(item, f"{where}/{i}")


def description_of(root: dict[str, Any], sub: Any) -> str | None:
    if not isinstance(sub, dict):
        return None
    if isinstance(sub.get("description"), str):
        return str(sub["description"])
    if "$ref" in sub:
        return description_of(root, resolve_local(root, sub["$ref"]))
    return None


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_description(kind: str) -> None:
    schema = load_schema(kind)
    props = list(walk_properties(schema))
    assert props
    missing = [where for where, sub in props if not description_of(schema, sub)]
    assert missing == []
    if kind not in VENDORED_DRAFT_07:  # SchemaStore has a few terse ones ("Hook type")
        short = [w for w, sub in props if len((description_of(schema, sub) or "").strip()) < 10]
        assert short == []


def test_walk_finds_an_undocumented_property() -> None:
    # guard for the test above: it really inspects nested and $ref'd properties
    schema = {"$defs": {"s": {"properties": {"a": {"type": "string"}}}}}
    assert [w for w, s in walk_properties(schema) if not description_of(schema, s)] == [
        "#/$defs/s/properties/a"
    ]


def iter_dicts(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from iter_dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_dicts(item)


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in VENDORED_DRAFT_07])
def test_own_schemas_use_no_oneof_and_no_closed_objects(kind: str) -> None:
    """Transports are told apart with if/then (specific errors), unknown keys are left to the
    `unknown-key` rule, and every forbidden key carries a human `errorMessage`."""
    for node in iter_dicts(load_schema(kind)):
        assert "oneOf" not in node
        assert node.get("additionalProperties") is not False
        if node.get("not") == {}:
            assert isinstance(node.get("errorMessage"), str)
        if "$ref" in node:
            assert node["$ref"].startswith("#/$defs/")


# --------------------------------------------------------------------------------------------
# Hand-written documents per kind
# --------------------------------------------------------------------------------------------

STDIO = {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}

VALID: list[tuple[str, Any]] = [
    ("claude-desktop", {}),
    ("claude-desktop", {"mcpServers": {}, "preferences": {"menuBarEnabled": True}}),
    (
        "claude-desktop",
        {"mcpServers": {"fs": {**STDIO, "env": {"HOME": "/Users/me"}}, "x": {"command": "uvx"}}},
    ),
    # remote in Desktop is the `unsupported-transport` rule's business, not a schema error
    ("claude-desktop", {"mcpServers": {"remote": {"url": "https://mcp.example.com/mcp"}}}),
    ("claude-code-mcp-json", {"mcpServers": {}}),
    (
        "claude-code-mcp-json",
        {
            "mcpServers": {
                "mem": STDIO,
                "typed": {**STDIO, "type": "stdio", "env": {"A": "${A:-x}"}, "timeout": 120000},
                "gh": {
                    "type": "http",
                    "url": "https://api.githubcopilot.com/mcp/",
                    "headers": {"Authorization": "Bearer ${GITHUB_PAT}"},
                    "oauth": {"clientId": "abc", "callbackPort": 8080, "scopes": "repo"},
                },
                "alias": {"type": "streamable-http", "url": "https://x.example/mcp"},
                "legacy": {"type": "sse", "url": "https://x.example/sse", "headersHelper": "h.sh"},
                "sock": {"type": "ws", "url": "wss://x.example/ws", "alwaysLoad": True},
                "extra": {**STDIO, "someFutureKey": 1},  # unknown keys: `unknown-key` rule
            }
        },
    ),
    ("claude-code-managed-mcp", {"mcpServers": {}}),
    ("claude-code-managed-mcp", {"mcpServers": {"corp": {"type": "http", "url": "https://m.co"}}}),
    ("claude-code-plugin-mcp-json", {"db": {"command": "${CLAUDE_PLUGIN_ROOT}/bin/db"}}),
    ("claude-code-plugin-mcp-json", {"sentry": {"type": "http", "url": "https://mcp.sentry.dev"}}),
    ("claude-code-plugin-mcp-json", {"mcpServers": {"mem": STDIO}}),
    ("claude-code-user", {"numStartups": 12, "oauthAccount": {"emailAddress": "a@b.c"}}),
    (
        "claude-code-user",
        {
            "mcpServers": {"mem": STDIO},
            "projects": {
                "/Users/me/app": {
                    "mcpServers": {"local": {"type": "sse", "url": "http://localhost:9000/sse"}},
                    "enabledMcpjsonServers": ["github"],
                    "disabledMcpjsonServers": [],
                    "enableAllProjectMcpServers": False,
                    "hasTrustDialogAccepted": True,
                    "history": [{"display": "hi"}],
                }
            },
        },
    ),
    ("claude-code-settings", {}),
    (
        "claude-code-settings",
        {
            "enabledMcpjsonServers": ["github"],
            "permissions": {
                "allow": [
                    "mcp__github__search_repositories",
                    "AskUserQuestion",
                    "Bash(python -c \"print\\('ok'\\)\")",
                    "Bash(git commit -m \"$(cat <<'EOF'\nmsg\nEOF\n)\")",
                    "Read",
                    "Read",  # Claude Code itself writes duplicates into settings.local.json
                ]
            },
        },
    ),
    ("cursor", {"mcpServers": {"c7": {"url": "https://mcp.context7.com/mcp", "type": "whatever"}}}),
    ("cursor", {"mcpServers": {"local": {**STDIO, "envFile": "${workspaceFolder}/.env"}}}),
    ("vscode", {}),
    (
        "vscode",
        {
            "servers": {
                "mem": STDIO,
                "typed": {**STDIO, "type": "stdio", "env": {"N": 1, "UNSET": None}},
                "gh": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"},
                "untyped": {"url": "http://localhost:3001/mcp", "headers": {"X": "${input:tok}"}},
                "dev": {**STDIO, "dev": {"watch": ["src/**"], "debug": {"type": "node"}}},
            },
            "inputs": [
                {"type": "promptString", "id": "tok", "description": "Token", "password": True},
                {"type": "pickString", "id": "env", "options": ["dev", {"value": "prod"}]},
            ],
        },
    ),
    ("vscode-settings", {"editor.fontSize": 14}),
    (
        "vscode-settings",
        {"mcp": {"servers": {"mem": STDIO}, "inputs": []}, "settings": {"mcp": {"servers": {}}}},
    ),
    ("windsurf", {"mcpServers": {"r": {"serverUrl": "https://x.example/mcp"}, "s": STDIO}}),
    ("windsurf", {"mcpServers": {"r": {"url": "https://x.example/mcp", "disabled": True}}}),
    ("gemini", {"general": {"vimMode": True}}),
    (
        "gemini",
        {
            "mcpServers": {
                "s": {**STDIO, "cwd": "./srv", "trust": True, "timeout": 30000},
                "h": {"httpUrl": "https://x.example/mcp"},
                "u": {"url": "https://x.example/mcp", "type": "http"},
                "untyped": {"url": "https://x.example/sse"},
                "hu": {"httpUrl": "https://x.example/mcp", "type": "http"},
            },
            "mcp": {"allowed": ["s"]},
        },
    ),
    ("zed", {"theme": "One Dark", "context_servers": {}}),
    (
        "zed",
        {
            "context_servers": {
                "s": {"command": "npx", "args": [], "env": {"K": "v"}, "timeout": 30},
                "h": {"url": "https://x.example/mcp", "headers": {}, "enabled": False},
                "ext": {"enabled": True, "settings": {}},
                "mid2025": {"source": "custom", "command": "npx", "args": ["-y", "pkg"]},
            },
            "context_server_timeout": 120,
        },
    ),
    (
        "codex",
        tomllib.loads(
            """
            model = "o4"
            [mcp_servers.docs]
            command = "npx"
            args = ["-y", "mcp-server"]
            env_vars = ["JAVA_HOME", { name = "TOKEN", source = "remote" }]
            startup_timeout_sec = 20
            [mcp_servers.docs.env]
            API_URL = "https://example.com"
            [mcp_servers.gh]
            url = "https://api.githubcopilot.com/mcp/"
            bearer_token_env_var = "GITHUB_TOKEN"
            enabled_tools = ["search"]
            tool_timeout_sec = 60.5
            [mcp_servers.gh.tools.search]
            approval_mode = "approve"
            """
        ),
    ),
    ("cline", {"mcpServers": {}}),
    (
        "cline",
        {
            "mcpServers": {
                "s": {**STDIO, "disabled": False, "autoApprove": ["read"], "timeout": 60},
                "sse": {"url": "https://x.example/sse"},
                "http": {"type": "streamableHttp", "url": "https://x.example/mcp"},
                "cli": {"transport": {"type": "streamableHttp", "url": "https://x.example/mcp"}},
            }
        },
    ),
]


@pytest.mark.parametrize(("kind", "doc"), VALID, ids=[f"{k}-{i}" for i, (k, _) in enumerate(VALID)])
def test_valid_document(kind: str, doc: Any) -> None:
    assert summary(kind, doc) == []


# (kind, document, expected [(error path, failing keyword)], a word of the errorMessage or None)
INVALID: list[tuple[str, Any, list[tuple[str, str]], str | None]] = [
    # --- Claude Desktop
    (
        "claude-desktop",
        {"mcpServers": {"x": {"args": ["a"]}}},
        [("mcpServers/x", "required")],
        "command",
    ),
    (
        "claude-desktop",
        {"mcpServers": {"x": {"command": ""}}},
        [("mcpServers/x/command", "minLength")],
        None,
    ),
    (
        "claude-desktop",
        {"mcpServers": {"x": {"command": "npx", "args": "-y pkg"}}},
        [("mcpServers/x/args", "type")],
        None,
    ),
    (
        "claude-desktop",
        {"mcpServers": {"x": {"command": "npx", "env": {"PORT": 8080}}}},
        [("mcpServers/x/env/PORT", "type")],
        None,
    ),
    ("claude-desktop", {"mcpServers": {"x": "npx -y pkg"}}, [("mcpServers/x", "type")], None),
    ("claude-desktop", {"mcpServers": []}, [("mcpServers", "type")], None),
    ("claude-desktop", [], [("", "type")], None),
    # --- Claude Code .mcp.json
    ("claude-code-mcp-json", {"servers": {}}, [("", "required")], "mcpServers"),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"command": "npx", "args": "-y"}}},
        [("mcpServers/x/args", "type")],
        None,
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"command": "", "args": []}}},
        [("mcpServers/x/command", "minLength")],
        "non-empty",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"args": ["-y"]}}},
        [("mcpServers/x", "required")],
        "stdio",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"type": "http"}}},
        [("mcpServers/x", "required")],
        "url",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"type": "ws", "headers": {}}}},
        [("mcpServers/x", "required")],
        "url",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"url": "https://a.example/mcp"}}},
        [("mcpServers/x", "required")],
        '"type"',
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"type": "stdio", "command": "a", "url": "https://a.example"}}},
        [("mcpServers/x/url", "not")],
        "stdio",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"command": "a", "url": "https://a.example"}}},
        [("mcpServers/x/url", "not")],
        "stdio",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"type": "http", "url": "https://a.example", "command": "a"}}},
        [("mcpServers/x/command", "not")],
        "remote",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"type": "streamableHttp", "url": "https://a.example"}}},
        [("mcpServers/x/type", "enum")],
        "streamable-http",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"type": "sdk", "name": "x"}}},
        [("mcpServers/x/type", "enum")],
        None,
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {**STDIO, "env": {"A": True}}}},
        [("mcpServers/x/env/A", "type")],
        None,
    ),
    (
        "claude-code-mcp-json",
        {
            "mcpServers": {
                "x": {
                    "type": "http",
                    "url": "https://a",
                    "oauth": {"authServerMetadataUrl": "http://a"},
                }
            }
        },
        [("mcpServers/x/oauth/authServerMetadataUrl", "pattern")],
        "https://",
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"type": "http", "url": "https://a", "oauth": {"callbackPort": 0}}}},
        [("mcpServers/x/oauth/callbackPort", "minimum")],
        None,
    ),
    (
        "claude-code-mcp-json",
        {"mcpServers": {"x": {"command": "npx", "args": ["-y", 1]}}},
        [("mcpServers/x/args/1", "type")],
        None,
    ),
    # --- managed-mcp.json, plugin .mcp.json and ~/.claude.json share the Claude Code entry
    ("claude-code-managed-mcp", {}, [("", "required")], "managed-mcp.json"),
    (
        "claude-code-managed-mcp",
        {"mcpServers": {"x": {"type": "sse"}}},
        [("mcpServers/x", "required")],
        "url",
    ),
    ("claude-code-plugin-mcp-json", {"db": {"args": ["x"]}}, [("db", "required")], "command"),
    (
        "claude-code-plugin-mcp-json",
        {"mcpServers": {"db": {"url": "https://a"}}},
        [("mcpServers/db", "required")],
        '"type"',
    ),
    (
        "claude-code-user",
        {"mcpServers": {"x": {"command": 5}}},
        [("mcpServers/x/command", "type")],
        None,
    ),
    (
        "claude-code-user",
        {"projects": {"/p": {"mcpServers": {"x": {"type": "http"}}}}},
        [("projects//p/mcpServers/x", "required")],
        "url",
    ),
    (
        "claude-code-user",
        {"projects": {"/p": {"enabledMcpjsonServers": "github"}}},
        [("projects//p/enabledMcpjsonServers", "type")],
        None,
    ),
    (
        "claude-code-user",
        {"projects": {"/p": {"enableAllProjectMcpServers": "yes"}}},
        [("projects//p/enableAllProjectMcpServers", "type")],
        None,
    ),
    # --- Claude Code settings.json (SchemaStore)
    (
        "claude-code-settings",
        {"enabledMcpjsonServers": "github"},
        [("enabledMcpjsonServers", "type")],
        None,
    ),
    (
        "claude-code-settings",
        {"enableAllProjectMcpServers": "true"},
        [("enableAllProjectMcpServers", "type")],
        None,
    ),
    (
        "claude-code-settings",
        {"permissions": {"allow": ["Bash()"]}},
        [("permissions/allow/0", "pattern")],
        None,
    ),
    # --- Cursor
    ("cursor", {"mcpServers": {"x": {"args": []}}}, [("mcpServers/x", "required")], "url"),
    (
        "cursor",
        {"mcpServers": {"x": {"command": "a", "url": "https://a"}}},
        [("mcpServers/x/url", "not")],
        "both",
    ),
    (
        "cursor",
        {"mcpServers": {"x": {"url": "https://a", "headers": []}}},
        [("mcpServers/x/headers", "type")],
        None,
    ),
    # --- VS Code
    (
        "vscode",
        {"servers": {"x": {"type": "stdio", "args": []}}},
        [("servers/x", "required")],
        "command",
    ),
    ("vscode", {"servers": {"x": {"type": "http"}}}, [("servers/x", "required")], "url"),
    (
        "vscode",
        {"servers": {"x": {"type": "sse", "url": "https://a", "command": "a"}}},
        [("servers/x/command", "not")],
        None,
    ),
    (
        "vscode",
        {"servers": {"x": {"type": "stdio", "command": "a", "url": "https://a"}}},
        [("servers/x/url", "not")],
        None,
    ),
    (
        "vscode",
        {"servers": {"x": {"type": "streamable-http", "url": "https://a"}}},
        [("servers/x/type", "enum")],
        "stdio, http, sse",
    ),
    (
        "vscode",
        {"servers": {"x": {"command": "a", "env": {"A": True}}}},
        [("servers/x/env/A", "type")],
        None,
    ),
    ("vscode", {"servers": {}, "inputs": {"id": "x"}}, [("inputs", "type")], None),
    ("vscode", {"inputs": [{"type": "promptString"}]}, [("inputs/0", "required")], None),
    (
        "vscode",
        {"inputs": [{"type": "pickString", "id": "p"}]},
        [("inputs/0", "required")],
        "options",
    ),
    ("vscode", {"inputs": [{"type": "secret", "id": "p"}]}, [("inputs/0/type", "enum")], None),
    # --- VS Code settings.json / .code-workspace
    (
        "vscode-settings",
        {"mcp": {"servers": {"x": {"type": "http"}}}},
        [("mcp/servers/x", "required")],
        "url",
    ),
    (
        "vscode-settings",
        {"settings": {"mcp": {"servers": {"x": {"command": ["npx"]}}}}},
        [("settings/mcp/servers/x/command", "type")],
        None,
    ),
    # --- Windsurf
    (
        "windsurf",
        {"mcpServers": {"x": {"headers": {}}}},
        [("mcpServers/x", "required")],
        "serverUrl",
    ),
    (
        "windsurf",
        {"mcpServers": {"x": {"command": "a", "serverUrl": "https://a"}}},
        [("mcpServers/x/serverUrl", "not")],
        None,
    ),
    (
        "windsurf",
        {"mcpServers": {"x": {"command": "a", "args": [1]}}},
        [("mcpServers/x/args/0", "type")],
        None,
    ),
    ("windsurf", {"mcpServers": [{"name": "x", "command": "a"}]}, [("mcpServers", "type")], None),
    # --- Gemini
    ("gemini", {"mcpServers": {"x": {"args": ["a"]}}}, [("mcpServers/x", "required")], "httpUrl"),
    (
        "gemini",
        {"mcpServers": {"x": {"command": "a", "httpUrl": "https://a"}}},
        [("mcpServers/x/command", "not")],
        None,
    ),
    (
        "gemini",
        {"mcpServers": {"x": {"type": "http", "command": "a"}}},
        [("mcpServers/x", "required")],
        "url",
    ),
    (
        "gemini",
        {"mcpServers": {"x": {"url": "https://a", "type": "streamable-http"}}},
        [("mcpServers/x/type", "enum")],
        None,
    ),
    (
        "gemini",
        {"mcpServers": {"x": {**STDIO, "trust": "yes"}}},
        [("mcpServers/x/trust", "type")],
        None,
    ),
    # --- Zed
    (
        "zed",
        {"context_servers": {"x": {"command": "npx"}}},
        [("context_servers/x", "required")],
        "args",
    ),
    (
        "zed",
        {"context_servers": {"x": {"command": {"path": "npx", "args": []}, "settings": {}}}},
        [("context_servers/x/command", "type")],
        "string",
    ),
    (
        "zed",
        {"context_servers": {"x": {"enabled": True}}},
        [("context_servers/x", "required")],
        "settings",
    ),
    (
        "zed",
        {"context_servers": {"x": {"command": "a", "args": [], "url": "https://a"}}},
        [("context_servers/x/url", "not")],
        None,
    ),
    (
        "zed",
        {"context_servers": {"x": {"url": "https://a", "timeout": -1}}},
        [("context_servers/x/timeout", "minimum")],
        None,
    ),
    # --- Codex
    (
        "codex",
        tomllib.loads("[mcp_servers.x]\nenabled = true"),
        [("mcp_servers/x", "required")],
        "invalid transport",
    ),
    (
        "codex",
        tomllib.loads(
            '[mcp_servers.x]\ncommand = "npx"\nurl = "https://a"\nbearer_token_env_var = "T"'
        ),
        [("mcp_servers/x/bearer_token_env_var", "not"), ("mcp_servers/x/url", "not")],
        "not supported for stdio",
    ),
    (
        "codex",
        tomllib.loads(
            '[mcp_servers.x]\nurl = "https://a"\nargs = ["-y"]\n[mcp_servers.x.env]\nA = "b"'
        ),
        [("mcp_servers/x/args", "not"), ("mcp_servers/x/env", "not")],
        "streamable_http",
    ),
    (
        "codex",
        tomllib.loads('[mcp_servers.x]\nurl = "https://a"\nbearer_token = "sk-123"'),
        [("mcp_servers/x/bearer_token", "not")],
        "bearer_token_env_var",
    ),
    (
        "codex",
        tomllib.loads('[mcp_servers.x]\ncommand = "a"\nargs = "-y"'),
        [("mcp_servers/x/args", "type")],
        None,
    ),
    (
        "codex",
        tomllib.loads(
            '[mcp_servers.x]\ncommand = "a"\nenv_vars = [{ name = "A", source = "cloud" }]'
        ),
        [("mcp_servers/x/env_vars/0/source", "enum")],
        "local",
    ),
    (
        "codex",
        tomllib.loads('[mcp_servers.x]\nurl = "https://a"\nhttp_headers_helper = "  "'),
        [("mcp_servers/x/http_headers_helper", "pattern")],
        "empty",
    ),
    (
        "codex",
        tomllib.loads('[mcp_servers.x]\ncommand = "a"\nstartup_timeout_sec = "10"'),
        [("mcp_servers/x/startup_timeout_sec", "type")],
        None,
    ),
    # --- Cline
    (
        "cline",
        {"mcpServers": {"x": {"type": "http", "url": "https://a"}}},
        [("mcpServers/x/type", "enum")],
        "streamableHttp",
    ),
    (
        "cline",
        {"mcpServers": {"x": {"type": "streamableHttp"}}},
        [("mcpServers/x", "required")],
        "url",
    ),
    (
        "cline",
        {"mcpServers": {"x": {"disabled": False}}},
        [("mcpServers/x", "required")],
        "command",
    ),
    (
        "cline",
        {"mcpServers": {"x": {**STDIO, "timeout": 0}}},
        [("mcpServers/x/timeout", "minimum")],
        None,
    ),
    (
        "cline",
        {"mcpServers": {"x": {**STDIO, "autoApprove": "all"}}},
        [("mcpServers/x/autoApprove", "type")],
        None,
    ),
    (
        "cline",
        {"mcpServers": {"x": {"transport": {"type": "stdio"}}}},
        [("mcpServers/x/transport", "required")],
        "command",
    ),
]


@pytest.mark.parametrize(
    ("kind", "doc", "expected", "message_word"),
    INVALID,
    ids=[f"{k}-{i}" for i, (k, *_) in enumerate(INVALID)],
)
def test_invalid_document(
    kind: str, doc: Any, expected: list[tuple[str, str]], message_word: str | None
) -> None:
    found = errors(kind, doc)
    # exactly these errors: specific paths, no "not valid under any of the given schemas" noise
    assert [(path_of(e), e.validator) for e in found] == sorted(expected)
    if message_word is not None:
        messages = [e.schema.get("errorMessage", "") for e in found if isinstance(e.schema, dict)]
        assert any(message_word in m for m in messages), messages


# --------------------------------------------------------------------------------------------
# SchemaStore's own tests for claude-code-settings
# --------------------------------------------------------------------------------------------


def fixture_files(kind: str) -> list[Path]:
    return sorted((FIXTURES / kind).glob("*.json"))


def test_schemastore_fixtures_are_present() -> None:
    assert len(fixture_files("positive")) >= 3
    assert len(fixture_files("negative")) >= 3
    assert (FIXTURES / "NOTICE").is_file()


@pytest.mark.parametrize("path", fixture_files("positive"), ids=lambda p: p.stem)
def test_schemastore_fixture_positive(path: Path) -> None:
    assert summary("claude-code-settings", json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", fixture_files("negative"), ids=lambda p: p.stem)
def test_schemastore_fixture_negative(path: Path) -> None:
    assert errors("claude-code-settings", json.loads(path.read_text(encoding="utf-8")))


def corpus_schemastore_tests(folder: str) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted((CORPUS / folder).glob("SchemaStore__*__claude-code-settings__*.json"))


def skip_without_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")


@pytest.mark.parametrize(
    "path",
    corpus_schemastore_tests("schemastore_positive") or [None],
    ids=lambda p: getattr(p, "stem", "absent"),
)
def test_corpus_schemastore_positive(path: Path | None) -> None:
    skip_without_corpus()
    assert path is not None, "corpus present but it has no claude-code-settings positive tests"
    assert summary("claude-code-settings", json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "path",
    corpus_schemastore_tests("schemastore_negative") or [None],
    ids=lambda p: getattr(p, "stem", "absent"),
)
def test_corpus_schemastore_negative(path: Path | None) -> None:
    skip_without_corpus()
    assert path is not None, "corpus present but it has no claude-code-settings negative tests"
    assert errors("claude-code-settings", json.loads(path.read_text(encoding="utf-8")))


SCHEMASTORE_TOOLS_ADDED = (
    "AskUserQuestion|CronCreate|CronDelete|CronList|EndConversation|EnterPlanMode|ExitWorktree|"
    "ListAgents|ListMcpResourcesTool|PushNotification|ReadMcpResourceTool|RemoteTrigger|"
    "ReportFindings|ScheduleWakeup|SendFeedback|SendMessage|SendUserFile|WaitForMcpServers"
)


def test_settings_schema_differs_from_schemastore_only_as_documented() -> None:
    """schemas/README.md lists every change to SchemaStore's file; this re-applies them."""
    skip_without_corpus()
    upstream_file = (
        CORPUS
        / "schemastore_schema"
        / "SchemaStore__schemastore__src__schemas__json__claude-code-settings.json"
    )
    upstream = json.loads(upstream_file.read_text(encoding="utf-8"))
    expected = copy.deepcopy(upstream)
    expected["$id"] = "https://mcplint.dev/schemas/claude-code-settings.schema.json"
    rule = expected["$defs"]["permissionRule"]
    head, tail = rule["pattern"].split(")(\\([^)]+\\))?", 1)
    tools = sorted(
        head.removeprefix("^((").split("|") + SCHEMASTORE_TOOLS_ADDED.split("|"), key=str.lower
    )
    rule["pattern"] = "^((" + "|".join(tools) + ")(\\([\\s\\S]+\\))?" + tail
    for key in ("allow", "deny", "ask"):
        del expected["properties"]["permissions"]["properties"][key]["uniqueItems"]
    assert load_schema("claude-code-settings") == expected


# --------------------------------------------------------------------------------------------
# The real-world corpus
# --------------------------------------------------------------------------------------------

CORPUS_FOLDER_KIND = {
    "claude_desktop": "claude-desktop",
    "claude_code_mcp_json": "claude-code-mcp-json",
    "cursor_mcp": "cursor",
    "vscode_mcp": "vscode",
    "claude_code_settings": "claude-code-settings",
}
OTHER_CLIENT_KIND = {
    "gemini": "gemini",
    "gemini-extension": "gemini",  # same mcpServers entries as settings.json
    "codex": "codex",
    "zed": "zed",
    "windsurf": "windsurf",
    "cline": "cline",
}
PLUGIN_MCP_JSON = re.compile(r"(^|/)plugins/[^/]+/\.mcp\.json$")

# Reviewed by hand: each is a real mistake in the file (or a file the client does not read as this
# kind), not a schema bug. {saved_file: {(error path, keyword), ...}}
CORPUS_REVIEWED_FAILURES: dict[str, set[tuple[str, str]]] = {
    # url without type: Claude Code skips it ('has a "url" but no "type"')
    "claude_code_mcp_json/0X6C7879__aegissec__.mcp.json": {
        ("mcpServers/pentest-challenge-platform", "required")
    },
    # {"managed", "servers"} with "transport": not Claude Code's format (fatal: no mcpServers)
    "claude_code_mcp_json/0dai-dev__docs__templates__root__.mcp.json": {("", "required")},
    # servers at top level: the plugin format, but this is a repository-root .mcp.json
    "claude_code_mcp_json/0labs-in__vision-link__.mcp.json": {("", "required")},
    # {"mcp": {...: {"link": ...}}, "plugins": ...}: a list of links, not an MCP config
    "claude_code_mcp_json/0swell__skills-and-mcp__.mcp.json": {("", "required")},
    # nested {"transport": {"type": "http", "url"}} (Cline CLI style): Cursor reads neither
    "cursor_mcp/0xProject__matcha-mobile-regret-calculator__.cursor__mcp.json": {
        ("mcpServers/figma", "required")
    },
    # mcpServers is an array of {name, command: "cd … && … bun run …"}
    "other_clients/PaulJPhilp__EffectPatterns__packages__api-server__.windsurf__mcp_config.json": {
        ("mcpServers", "type")
    },
    # early-2025 {"command": {"path", "args", "env"}} form: current Zed takes command as a string
    "other_clients/RageLtd__dotfiles__.config__zed__settings.json": {
        ("context_servers/Serena/command", "type"),
        ("context_servers/nx-mcp/command", "type"),
    },
    # {"enabled": true} only: matches no Zed shape (later versions of this file add "settings": {})
    "other_clients/elecdeer__dotfiles__dot_config__zed__settings@de1ea5ce72.json": {
        ("context_servers/mcp-server-context7", "required")
    },
    # settings.json (SchemaStore schema): stale tool names in permission rules (SlashCommand, Task,
    # LS are no longer Claude Code tools; Task became Agent), non-rules ("MCP:*", "// === Git ==="
    # used as comments), a theme that does not exist, keys Claude Code does not have.
    "claude_code_settings/012090120901209__ahk-mcp__.claude__settings.json": {
        ("permissions/allow/115", "pattern")
    },
    "claude_code_settings/012090120901209__ahk-mcp__.claude__settings.local.json": {
        ("permissions/allow/115", "pattern")
    },
    "claude_code_settings/0K-cool__athena__.claude__settings.json": {
        ("permissions/allow/8", "pattern")
    },
    "claude_code_settings/IsaiahDupree__acd__.claude__settings.json": {
        ("permissions/allow/6", "pattern")
    },
    "claude_code_settings/IshanG97__dotfiles__.claude__settings.json": {
        ("permissions", "additionalProperties"),
        ("permissions/allow/3", "pattern"),
    },
    "claude_code_settings/Randallsm83__chezmoi__dot_claude__settings.json": {
        ("permissions/allow/3", "pattern")
    },
    "claude_code_settings/Agentic-Person__manifest-the-unseen__.claude__settings.local.json": {
        ("permissions/allow/4", "pattern")
    },
    "claude_code_settings/bobstrange__dotfiles__dot_claude__settings.json": {
        (f"permissions/allow/{i}", "pattern") for i in (0, 6, 13, 17, 20, 23, 25, 33, 37, 45)
    },
    (
        "claude_code_settings/anthropics__claude-code__plugins__project-theme__examples__"
        ".claude__settings.json"
    ): {("theme", "anyOf")},
    # "if" on the matcher group instead of on the hook: ignored, the hook runs for every Bash call
    "claude_code_settings/4444J99__domus-semper-palingenesis__private_dot_claude__settings.json": {
        (f"hooks/PreToolUse/{i}", "additionalProperties") for i in (0, 1, 2)
    },
    # claude-flow hooks with "continueOnError" (not a Claude Code hook key) and a statusLine with
    # "enabled"/"refreshMs" (not Claude Code keys)
    "claude_code_settings/ASRagab__supermemory-clone__.claude__settings.json": {
        ("hooks/Notification/0/hooks/0", "anyOf"),
        ("hooks/PostToolUse/0/hooks/0", "anyOf"),
        ("hooks/PostToolUse/1/hooks/0", "anyOf"),
        ("hooks/PostToolUse/2/hooks/0", "anyOf"),
        ("hooks/PreToolUse/0/hooks/0", "anyOf"),
        ("hooks/PreToolUse/1/hooks/0", "anyOf"),
        ("hooks/PreToolUse/2/hooks/0", "anyOf"),
        ("hooks/SessionStart/0/hooks/0", "anyOf"),
        ("hooks/SessionStart/0/hooks/1", "anyOf"),
        ("hooks/UserPromptSubmit/0/hooks/0", "anyOf"),
        ("statusLine", "additionalProperties"),
    },
}


def corpus_documents() -> Iterator[tuple[str, str, Any]]:
    """(saved_file, kind, parsed value) for every corpus file of a kind with a schema."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        folder, _, sub = row["kind"].partition(":")
        if folder in CORPUS_FOLDER_KIND:
            kind = CORPUS_FOLDER_KIND[folder]
        elif folder == "other_clients" and sub in OTHER_CLIENT_KIND:
            kind = OTHER_CLIENT_KIND[sub]
        else:
            continue
        if kind == "claude-code-mcp-json" and PLUGIN_MCP_JSON.search(row["path"]):
            kind = "claude-code-plugin-mcp-json"
        path = CORPUS / row["saved_file"]
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        try:
            if path.suffix == ".toml":
                value: Any = tomllib.loads(text)
            elif path.suffix in (".yaml", ".yml"):
                continue
            else:
                value = json5.loads(text)
        except (
            ValueError
        ):  # broken files are the parser's business (JSONDecodeError, TOMLDecodeError)
            continue
        yield row["saved_file"], kind, value


def test_real_corpus() -> None:
    skip_without_corpus()
    failures: dict[str, set[tuple[str, str]]] = {}
    per_kind: dict[str, list[int]] = {}
    for saved_file, kind, value in corpus_documents():
        found = errors(kind, value)
        counts = per_kind.setdefault(kind, [0, 0])
        counts[0] += 1
        if found:
            failures[saved_file] = {(path_of(e), str(e.validator)) for e in found}
            for e in found:
                print(f"{saved_file}: {path_of(e) or '<root>'}: {e.message[:160]}")
        else:
            counts[1] += 1
    for kind, (total, passed) in sorted(per_kind.items()):
        print(f"{kind}: {passed}/{total} valid")
    assert sum(total for total, _ in per_kind.values()) > 300
    assert set(per_kind) >= {"claude-desktop", "claude-code-mcp-json", "vscode", "codex", "zed"}
    unexpected = {f: e - CORPUS_REVIEWED_FAILURES.get(f, set()) for f, e in failures.items()}
    assert {f: e for f, e in unexpected.items() if e} == {}, (
        "new failures: schema bug or new finding?"
    )
    present = {f for f in CORPUS_REVIEWED_FAILURES if (CORPUS / f).is_file()}
    gone = {f: CORPUS_REVIEWED_FAILURES[f] - failures.get(f, set()) for f in present}
    assert {f: e for f, e in gone.items() if e} == {}, (
        "reviewed failures no longer fail: update the list"
    )
