"""The schema rule: validation in memoised parts equals whole-document validation; messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

import mcplint
from mcplint.clients import FILE_KINDS
from mcplint.engine import Options, check_text
from mcplint.env import FakeEnvironment
from mcplint.rules.base import Context
from mcplint.source import Source
from mcplint.validation import SchemaError, load_schema, resolve

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ENV = FakeEnvironment(home="/home/u")


def _context(text: str, path: str) -> Context:
    from mcplint.clients.detect import detect
    from mcplint.parser import parse

    parsed = parse(text)
    kind = detect(path, ENV, parsed.value)
    assert kind is not None
    return Context(path, Source(text, "utf-8"), parsed, kind.dialect, ENV, kind)


def _split(ctx: Context) -> set[tuple[tuple[Any, ...], str, str]]:
    return {(e.path, str(e.error.validator), e.error.message) for e in ctx.schema_errors}


def _whole(ctx: Context) -> set[tuple[tuple[Any, ...], str, str]]:
    assert ctx.kind is not None and ctx.kind.schema
    schema = load_schema(ctx.kind.schema)
    validator = validator_for(schema)(schema)
    resolved = [
        resolve(SchemaError(tuple(e.absolute_path), e)) for e in validator.iter_errors(ctx.value)
    ]
    return {(r.path, str(r.error.validator), r.error.message) for r in resolved}


def _claude_json(projects: int) -> dict[str, Any]:
    good = {"command": "npx", "args": ["-y", "pkg"]}
    bad_servers: list[dict[str, Any]] = [
        {"command": "npx", "args": "-y pkg"},
        {"type": "http"},
        {"url": "https://x.example/mcp"},
        {"type": "stdio", "command": ""},
        {"command": "x", "env": {"A": 1}},
    ]
    doc: dict[str, Any] = {"numStartups": 3, "mcpServers": {"u": good, "bad": bad_servers[0]}}
    doc["projects"] = {
        f"/p/{i}": {
            "history": [{"display": "x"}],
            "mcpServers": {"s": good, "t": bad_servers[i % len(bad_servers)]},
            "enabledMcpjsonServers": [] if i % 3 else "not-a-list",
        }
        for i in range(projects)
    }
    doc["projects"]["/p/odd"] = "not an object"
    return doc


def test_split_validation_equals_whole_validation_on_claude_json() -> None:
    ctx = _context(json.dumps(_claude_json(40), indent=1), "/home/u/.claude.json")
    split, whole = _split(ctx), _whole(ctx)
    assert split == whole
    assert len(whole) > 40  # the document really has errors in every part


@pytest.mark.parametrize(
    ("path", "doc"),
    [
        (".mcp.json", {"mcpServers": {"a": {"command": ""}, "b": {"type": "ws"}}, "x": 1}),
        (".mcp.json", {"mcpServers": []}),
        (".mcp.json", {}),
        ("claude_desktop_config.json", {"mcpServers": {"a": {"args": ["x"]}}}),
        (".vscode/mcp.json", {"servers": {"a": {"type": "http"}}, "inputs": [{"id": 3}]}),
        (".cursor/mcp.json", {"mcpServers": {"a": {"url": 5}}}),
        (".gemini/settings.json", {"mcpServers": {"a": {"httpUrl": 5, "timeout": "x"}}}),
    ],
)
def test_split_validation_equals_whole_validation(path: str, doc: dict[str, Any]) -> None:
    ctx = _context(json.dumps(doc), path)
    assert _split(ctx) == _whole(ctx)


def test_split_validation_equals_whole_validation_on_the_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    import csv

    checked = 0
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["saved_file"].endswith((".toml", ".yaml", ".yml")):
                continue
            text = (CORPUS / row["saved_file"]).read_text(encoding="utf-8", errors="replace")
            from mcplint.clients.detect import detect
            from mcplint.parser import parse

            parsed = parse(text)
            kind = detect(row["path"], ENV, parsed.value)
            if kind is None or not kind.schema or not parsed.ok:
                continue
            ctx = Context(row["path"], Source(text, "utf-8"), parsed, kind.dialect, ENV, kind)
            assert _split(ctx) == _whole(ctx), row["saved_file"]
            checked += 1
    assert checked > 300


def test_messages_name_the_server_and_the_field() -> None:
    text = json.dumps({"mcpServers": {"fs": {"command": "npx", "args": "-y pkg", "env": {"A": 1}}}})
    messages = [
        d.message for d in mcplint.lint_text(text, path=".mcp.json", env=ENV, select=["schema"])
    ]
    assert messages == [
        'server "fs": `args` must be a list of strings, got a string',
        'server "fs": `env.A` must be a string, got a number',
    ]


def test_missing_property_points_at_the_key_of_the_object() -> None:
    text = '{\n  "mcpServers": {\n    "web": {"type": "http"}\n  }\n}\n'
    (d,) = mcplint.lint_text(text, path=".mcp.json", env=ENV, select=["schema"])
    assert (d.start.line, d.start.column, d.end.column) == (3, 5, 10)  # "web"
    assert 'needs a "url"' in d.message


def test_every_file_kind_with_a_schema_loads() -> None:
    for kind in FILE_KINDS.values():
        if kind.schema:
            schema = load_schema(kind.schema)
            validator_for(schema).check_schema(schema)


def test_big_claude_json_is_validated_and_located() -> None:
    doc = _claude_json(300)
    text = json.dumps(doc, indent=2)
    result = check_text(text, "/home/u/.claude.json", ENV, Options(select=("schema",)))
    args_errors = [d for d in result.diagnostics if "`args` must be" in d.message]
    assert len(args_errors) == 1 + 300 // 5  # the user server and every fifth project
    for d in args_errors:
        assert text[d.start.offset : d.end.offset] == '"-y pkg"'


def test_an_unknown_key_inside_anyof_is_an_unknown_key_warning() -> None:
    text = json.dumps(
        {
            "hooks": {
                "PreToolUse": [
                    {
                        "matcher": "Bash",
                        "hooks": [{"type": "command", "command": "x", "continueOnError": True}],
                    }
                ]
            }
        }
    )
    found = [
        (d.rule, d.severity.value, d.message)
        for d in mcplint.lint_text(text, path=".claude/settings.json", env=ENV)
    ]
    assert found == [
        (
            "unknown-key",
            "warning",
            "unknown key `continueOnError` in item 1 of `hooks.PreToolUse[0].hooks`: "
            "Claude Code ignores it",
        )
    ]


def test_did_you_mean_needs_a_type_that_fits() -> None:
    # feedbackSurveyState (an object Claude Code writes itself) is no typo of the number
    # feedbackSurveyRate: no finding, and above all no "safe" rename.
    text = '{"feedbackSurveyState": {"lastShownTime": 1}}'
    assert mcplint.lint_text(text, path=".claude/settings.json", env=ENV) == []
    new, applied = mcplint.fix_text(text, path=".claude/settings.json", env=ENV)
    assert (new, applied) == (text, [])


def test_yaml_is_not_read_as_json() -> None:
    diags = mcplint.lint_text("name: x\nversion: 1\n", path=".continue/mcpServers/x.yaml", env=ENV)
    assert [(d.rule, d.severity.value) for d in diags] == [("not-checked", "info")]


@pytest.mark.parametrize(
    ("path", "severity"),
    [
        (".mcp.json", "info"),
        ("cline_mcp_settings.json", "info"),
        ("claude_desktop_config.json", "error"),
    ],
)
def test_blank_file_is_an_error_only_where_the_client_refuses_it(path: str, severity: str) -> None:
    (d,) = mcplint.lint_text(" \n", path=path, env=ENV)
    assert (d.rule, d.severity.value) == ("syntax-error", severity)
