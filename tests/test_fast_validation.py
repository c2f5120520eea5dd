"""The fast yes/no schema check (`mcplint/_validators`) against `jsonschema`, the reference: the
same verdict on every corpus document, the SchemaStore tests and fuzzed documents, for every
shipped schema and for the server part the engine validates separately."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from mcplint._validators import compile_check, equal
from mcplint.parser import parse
from mcplint.validation import _part_schema, load_schema

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE.parent / "schemas"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SCHEMAS = sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))


def parts(name: str) -> list[tuple[str, ...]]:
    """The whole schema, and its server definition (validated per entry by the engine)."""
    found: list[tuple[str, ...]] = [()]
    if "server" in load_schema(name).get("$defs", {}):
        found.append(("$defs", "server"))
    return found


CASES = [(name, part) for name in SCHEMAS for part in parts(name)]


@functools.cache
def reference(name: str, part: tuple[str, ...]) -> Validator:
    schema = _part_schema(name, part)
    validator: Validator = validator_for(schema)(schema)
    return validator


def reference_verdict(name: str, part: tuple[str, ...], value: Any) -> bool:
    return reference(name, part).is_valid(value)


def fast_verdict(name: str, part: tuple[str, ...], value: Any) -> bool:
    check = compile_check(_part_schema(name, part))
    assert check is not None, f"{name} {part}: no fast check (the cold path imports jsonschema)"
    return check.is_valid(value)


def documents() -> list[tuple[str, Any]]:
    """Every JSON document of the corpus and of the SchemaStore tests (unparseable ones left
    out), plus the objects inside them that look like server entries."""
    files = sorted((HERE / "data" / "schemastore").rglob("*.json"))
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.rglob("*") if p.suffix in (".json", ".jsonc", ".json5"))
    found: list[tuple[str, Any]] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            value = json.loads(text)
        except ValueError:
            parsed = parse(text)  # JSONC/JSON5: mcplint's own parser (json5 is slow)
            if not parsed.ok or parsed.root is None:
                continue
            value = parsed.root.value
        found.append((str(path), value))
        for key in ("mcpServers", "servers", "context_servers"):
            servers = value.get(key) if isinstance(value, dict) else None
            if isinstance(servers, dict):
                found += [(f"{path}:{key}.{k}", v) for k, v in servers.items()]
    return found


DOCUMENTS = documents()


def test_every_shipped_schema_has_a_fast_check() -> None:
    for name, part in CASES:
        assert compile_check(_part_schema(name, part)) is not None, (name, part)


def test_there_are_documents_of_both_verdicts() -> None:
    assert len(DOCUMENTS) > 100
    verdicts = {reference_verdict("claude-code-mcp-json.schema.json", (), v) for _, v in DOCUMENTS}
    assert verdicts == {True, False}


@pytest.mark.parametrize(("name", "part"), CASES, ids=lambda x: str(x))
def test_same_verdict_as_jsonschema_on_corpus_and_schemastore(
    name: str, part: tuple[str, ...]
) -> None:
    check = compile_check(_part_schema(name, part))
    assert check is not None
    disagree = [
        where
        for where, value in DOCUMENTS
        if check.is_valid(value) != reference(name, part).is_valid(value)
    ]
    assert disagree == []


# -- fuzzed documents: values built from the names and constants the schemas use ---------------


def _schema_words() -> tuple[list[str], list[Any]]:
    keys: set[str] = set()
    constants: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, sub in node.items():
                if key in ("properties", "patternProperties", "$defs", "definitions"):
                    keys.update(sub)
                    for item in sub.values():
                        walk(item)
                elif key == "enum":
                    constants.extend(sub)
                elif key == "const":
                    constants.append(sub)
                elif key == "required":
                    keys.update(sub)
                else:
                    walk(sub)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in SCHEMAS:
        walk(load_schema(name))
    return sorted(keys), [c for c in constants if not isinstance(c, dict | list)]


KEYS, CONSTANTS = _schema_words()
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 70000),
    st.sampled_from([0.0, 1.0, 1.5, -2.0, 1e300]),
    st.text(max_size=8),
    st.sampled_from(["", "npx", "stdio", "http", "sse", "https://x.y/mcp", "${env:A}", "a b"]),
    st.sampled_from(CONSTANTS),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=4)), inner, max_size=5),
    ),
    max_leaves=25,
)
SERVER_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "command": st.one_of(st.sampled_from(["npx", "uvx", ""]), SCALARS),
        "args": st.one_of(st.lists(st.one_of(st.text(max_size=5), SCALARS), max_size=3), SCALARS),
        "env": st.one_of(st.dictionaries(st.text(max_size=4), SCALARS, max_size=3), SCALARS),
        "type": st.one_of(st.sampled_from(CONSTANTS), SCALARS),
        "url": st.one_of(st.sampled_from(["https://x.y/mcp", "http://l", ""]), SCALARS),
        "headers": st.one_of(st.dictionaries(st.text(max_size=4), SCALARS, max_size=2), SCALARS),
        "disabled": SCALARS,
        "timeout": SCALARS,
    },
)
DOCUMENT = st.one_of(
    VALUES,
    st.dictionaries(
        st.sampled_from(["mcpServers", "servers", "context_servers", "projects", "inputs"]),
        st.one_of(st.dictionaries(st.text(max_size=4), SERVER_LIKE, max_size=3), VALUES),
        max_size=3,
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT, st.sampled_from(CASES))
def test_same_verdict_as_jsonschema_on_fuzzed_documents(
    value: Any, case: tuple[str, tuple[str, ...]]
) -> None:
    name, part = case
    assert fast_verdict(name, part, value) == reference_verdict(name, part, value)


@settings(max_examples=200, deadline=None)
@given(SERVER_LIKE, st.sampled_from([c for c in CASES if c[1]]))
def test_same_verdict_as_jsonschema_on_fuzzed_server_entries(
    value: Any, case: tuple[str, tuple[str, ...]]
) -> None:
    name, part = case
    assert fast_verdict(name, part, value) == reference_verdict(name, part, value)


def test_equality_is_jsonschemas() -> None:
    assert not equal(True, 1) and not equal([False], [0]) and not equal({"a": 1}, {"a": True})
    assert equal(1, 1.0) and equal({"a": [1]}, {"a": [1.0]}) and not equal("1", 1)


def test_unknown_keyword_or_remote_ref_gets_no_fast_check() -> None:
    base = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    assert compile_check({**base, "dependentRequired": {"a": ["b"]}}) is None
    assert compile_check({**base, "$ref": "https://example.com/s.json"}) is None
    assert compile_check({"$schema": "http://json-schema.org/draft-04/schema#"}) is None
    assert compile_check({**base, "type": "object"}) is not None


def test_draft7_ref_ignores_its_siblings_like_jsonschema() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"s": {"type": "string"}},
        "properties": {"a": {"$ref": "#/definitions/s", "minLength": 5}},
    }
    check = compile_check(schema)
    assert check is not None
    assert check.is_valid({"a": "ab"}) is True
    assert not any(validator_for(schema)(schema).iter_errors({"a": "ab"}))
    assert json.loads("1") == 1  # the documents above are parsed JSON values
