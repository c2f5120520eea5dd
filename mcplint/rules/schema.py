"""The `schema` rule (MCP101): the document against its file kind's JSON Schema (`schemas/`).

Validation uses `jsonschema`, imported only when a file has a schema. Each error is placed on
the offending value (for a missing property: the key of the object that lacks it) and worded
for a person: the schema's own `errorMessage` where it has one, else a sentence built from the
failing keyword ("`args` must be a list of strings, got a string").
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcplint.rules.base import Context, Finding

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# Keywords whose errors are unknown keys: the `unknown-key` rule reports them, as warnings.
UNKNOWN_KEY_KEYWORDS = ("additionalProperties", "unevaluatedProperties")


def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in `mcplint.schemas` (the repository's `schemas/` folder, which an
    install maps to that package; from a plain source checkout it is read where it is)."""
    try:
        folder: Any = resources.files("mcplint.schemas")
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parents[2] / "schemas"
    schema: dict[str, Any] = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
    return schema


@cache
def _validator(name: str) -> Validator:
    from jsonschema.validators import validator_for

    schema = load_schema(name)
    cls = validator_for(schema)
    validator: Validator = cls(schema)
    return validator


def schema_errors(ctx: Context) -> list[ValidationError]:
    """The validation errors of this file (computed once, shared with `unknown-key`)."""
    if "schema_errors" not in ctx.memo:
        errors: list[ValidationError] = []
        if ctx.kind is not None and ctx.kind.schema and ctx.parsed.root is not None:
            errors = list(_validator(ctx.kind.schema).iter_errors(ctx.value))
        ctx.memo["schema_errors"] = errors
    result: list[ValidationError] = ctx.memo["schema_errors"]
    return result


def schema(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Checks the file against the JSON Schema of its kind (shipped in `schemas/`): wrong types
    (`args` as a string), missing required fields (a stdio server without `command`), values
    outside a list (`"type": "htpp"`), a stdio server with a `url`, an http server without one.

    ## Why is this bad?
    The client skips the server (Claude Code: "Skipped — invalid MCP server config"), ignores the
    field, or refuses the whole file; most clients do it silently.

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx", "args": "-y @modelcontextprotocol/server-filesystem"}}}
    ```
    Use instead: `"args": ["-y", "@modelcontextprotocol/server-filesystem"]`

    ## Fix safety
    No automatic fix: the intended value is not knowable.
    """
    seen: set[tuple[tuple[Any, ...], str]] = set()
    for error in schema_errors(ctx):
        if error.validator in UNKNOWN_KEY_KEYWORDS:
            continue
        path = tuple(error.absolute_path)
        prefix, relative = "", path
        for entry in ctx.servers:  # name the server, and the path inside it
            if path[: len(entry.path)] == entry.path and len(path) > len(entry.path):
                prefix = f"server {json.dumps(entry.name, ensure_ascii=False)}: "
                relative = path[len(entry.path) :]
                break
            if path == entry.path:
                prefix = f"server {json.dumps(entry.name, ensure_ascii=False)}: "
                relative = ()
                break
        message = prefix + describe(error, relative)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        start, end = ctx.span(path, key=error.validator == "required")
        yield Finding(start, end, message, json_path=path)


# -- messages ----------------------------------------------------------------------------------

_JSON_TYPES = {
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "null",
}


_PLURALS = {
    "string": "strings",
    "object": "objects",
    "number": "numbers",
    "integer": "whole numbers",
    "boolean": "booleans",
}


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _where(path: Sequence[Any]) -> str:
    """`args`, `env.API_KEY`, item 2 of `args`: the path as a person names it."""
    if not path:
        return "the entry"
    if isinstance(path[-1], int):
        owner = _where(path[:-1]) if len(path) > 1 else ""
        return f"item {path[-1] + 1} of {owner}" if owner else f"item {path[-1] + 1}"
    return "`" + ".".join(str(p) for p in path) + "`"


def _expected(types: Any, schema: dict[str, Any]) -> str:
    names = [types] if isinstance(types, str) else list(types)
    phrases = []
    for name in names:
        phrase = _JSON_TYPES.get(name, name)
        items = schema.get("items")
        if name == "array" and isinstance(items, dict) and items.get("type") in _PLURALS:
            phrase = f"a list of {_PLURALS[items['type']]}"
        if name == "object":
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra.get("type") == "string":
                phrase = "an object of strings"
        phrases.append(phrase)
    return " or ".join(phrases)


def describe(error: ValidationError, path: Sequence[Any] | None = None) -> str:
    """A sentence a user understands for one validation error; `path` is how to name the
    place (default: the error's whole path)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("errorMessage")
    if isinstance(custom, str):
        return custom
    path = list(error.absolute_path) if path is None else list(path)
    where = _where(path)
    value: Any = error.validator_value
    instance: Any = error.instance
    match error.validator:
        case "type":
            return f"{where} must be {_expected(value, schema)}, got {json_type(instance)}"
        case "required":
            missing = [p for p in value if isinstance(instance, dict) and p not in instance]
            names = ", ".join(f"`{p}`" for p in missing) or "a required field"
            owner = "the file" if not error.absolute_path else where
            return f"{owner} is missing {names}"
        case "enum":
            choices = ", ".join(json.dumps(v) for v in value)
            return f"{where} must be one of {choices}; got {json.dumps(instance)}"
        case "const":
            return f"{where} must be {json.dumps(value)}; got {json.dumps(instance)}"
        case "minLength" if value == 1:
            return f"{where} must not be empty"
        case "minItems" if value == 1:
            return f"{where} must not be empty"
        case "minProperties" if value == 1:
            return f"{where} must not be empty"
        case "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum":
            bound = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<="}.get(
                str(error.validator), "<"
            )
            return f"{where} must be {bound} {value}; got {json.dumps(instance)}"
        case "pattern":
            return f"{where} must match `{value}`; got {json.dumps(instance)}"
        case "not":
            return f"{where} is not allowed here"
        case "anyOf" | "oneOf" if error.context:
            from jsonschema.exceptions import best_match

            return describe(best_match(error.context), path)
    return str(error.message)
