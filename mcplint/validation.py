"""JSON Schema work: loading the schemas shipped in `schemas/`, walking them, validating a
document (in memoised parts), and wording each error for a person.

A fast yes/no check (`mcplint/_validators`) passes a valid document without importing
`jsonschema`; `jsonschema`, the reference, validates only a document that check rejects (or
whose schema it cannot interpret). Each error carries the
document path of the offending value; `describe` words it: the schema's own `errorMessage` where
it has one, else a sentence built from the failing keyword ("`args` must be a list of strings,
got a string"). The `schema` rule (`rules/schema.py`) and `unknown-key` both read
`Context.schema_errors`, which calls `validate` once per file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcplint._validators import FastCheck, compile_check
from mcplint.tree import PathPart

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

    from mcplint.rules.base import Context

# Keywords whose errors are unknown keys: the `unknown-key` rule reports them, as warnings.
UNKNOWN_KEY_KEYWORDS = ("additionalProperties", "unevaluatedProperties")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in `mcplint.schemas` (the repository's `schemas/` folder, which an
    install maps to that package; from a plain source checkout it is read where it is).
    Read once per process; callers must not modify it."""
    try:  # a package only in an install (pyproject maps schemas/ to it): no static import
        folder = Path(str(import_module("mcplint.schemas").__file__)).parent
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parents[1] / "schemas"
    schema: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
    return schema


def _part_schema(name: str, part: tuple[str, ...] = ()) -> dict[str, Any]:
    """A schema, or the part of it that applies at `part` (a path through `properties`, with
    "*" for `additionalProperties`) with the `$defs` its `#/$defs/...` references need."""
    schema = load_schema(name)
    if part:
        sub = schema_at(schema, part)
        assert sub is not None
        schema = {"$schema": schema.get("$schema"), "$defs": schema.get("$defs", {}), **sub}
    return schema


@cache
def _validator(name: str, part: tuple[str, ...] = ()) -> Validator:
    """The `jsonschema` validator of `_part_schema(name, part)`: imported and built only for a
    document the fast check finds invalid (it words the errors)."""
    from jsonschema.validators import validator_for

    schema = _part_schema(name, part)
    cls = validator_for(schema)
    validator: Validator = cls(schema)
    return validator


@cache
def _fast_check(name: str, part: tuple[str, ...] = ()) -> FastCheck | None:
    return compile_check(_part_schema(name, part))


def _errors(name: str, part: tuple[str, ...], value: Any) -> list[ValidationError]:
    """The errors of `value` against `_part_schema(name, part)`: none without `jsonschema` when
    the fast check passes it (`mcplint/_validators`), else `jsonschema`'s."""
    fast = _fast_check(name, part)
    if fast is not None and fast.is_valid(value):
        return []
    return list(_validator(name, part).iter_errors(value))


def schema_at(schema: dict[str, Any], path: tuple[PathPart, ...]) -> dict[str, Any] | None:
    """The schema describing the value at a document path, through `properties`,
    `additionalProperties` (for any other key, or "*") and `items`, following local `$ref`s;
    `("$defs", "server")` reaches a definition. None where it cannot be told without
    validating (combinators)."""
    node: Any = schema
    raw = False  # the name after "$defs" is a key of it, not a property
    for part in path:
        node = _deref(schema, node)
        if not isinstance(node, dict):
            return None
        if raw or (isinstance(part, str) and part.startswith("$")):
            node, raw = node.get(part), not raw
        elif isinstance(part, int):
            node = node.get("items")
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        else:
            node = node.get("additionalProperties")
    node = _deref(schema, node)
    return node if isinstance(node, dict) else None


def value_fits(value: Any, schema: dict[str, Any] | None) -> bool:
    """Whether `value` has a type `schema` allows (True when the schema names none)."""
    declared = schema.get("type") if schema else None
    if declared is None:
        return True
    types = [declared] if isinstance(declared, str) else list(declared)
    actual = {
        bool: ("boolean",),
        int: ("integer", "number"),
        float: ("number",),
        str: ("string",),
        list: ("array",),
        dict: ("object",),
        type(None): ("null",),
    }.get(type(value), ())
    return any(t in types for t in actual)


def _deref(root: dict[str, Any], node: Any) -> Any:
    """Follow a schema that is only a local `$ref` ("#/$defs/server")."""
    for _ in range(20):  # a bounded chain: a reference cycle ends here
        if not (isinstance(node, dict) and set(node) == {"$ref"}):
            return node
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        target: Any = root
        for key in ref[2:].split("/"):
            target = target.get(key) if isinstance(target, dict) else None
        node = target
    return node


@dataclass(frozen=True)
class SchemaError:
    path: tuple[PathPart, ...]  # where in the document (the error's own path may be relative)
    error: ValidationError


def validate(ctx: Context) -> list[SchemaError]:
    """The validation errors of a file (use `ctx.schema_errors`, which computes them once); an
    `anyOf`/`oneOf` failure is replaced by the error of the branch the user meant."""
    try:
        return [resolve(found) for found in _validate(ctx)]
    except RecursionError:
        # A value nested a few hundred levels deep (the parser reads up to MAX_DEPTH): jsonschema
        # recurses per level. No config is shaped like that; the file is left unvalidated
        # rather than reported as mcplint's own error.
        return []


def _validate(ctx: Context) -> list[SchemaError]:
    """Validate the document in parts, each distinct part once: the objects a "*" of the server
    paths matches (the projects of `~/.claude.json`) and each server entry are validated
    separately, memoised by content, and the rest of the document with those emptied. The
    errors are the same as validating the whole document (tested), at a fraction of the cost
    when a 6 MB `~/.claude.json` repeats itself across 2,000 projects."""
    kind = ctx.kind
    if kind is None or not kind.schema or ctx.parsed.root is None:
        return []
    schema = load_schema(kind.schema)
    if not kind.reads_servers or "server" not in schema.get("$defs", {}):
        found = _errors(kind.schema, (), ctx.value)
        return [SchemaError(tuple(e.absolute_path), e) for e in found]
    errors: list[SchemaError] = []
    rest = _empty_at_all(ctx.value, kind.servers_paths)
    for pattern in kind.servers_paths:
        if "*" not in pattern:
            continue
        part = pattern[: pattern.index("*") + 1]  # ("projects", "*")
        sub = schema_at(schema, part)
        keys = examined_keys(sub) if sub is not None else None
        container = _get(rest, part[:-1])
        if keys is None or not isinstance(container, dict):
            continue
        memo: dict[str, list[ValidationError]] = {}
        for name, obj in container.items():
            view = {k: v for k, v in obj.items() if k in keys} if isinstance(obj, dict) else obj
            found = _memoised(kind.schema, part, view, memo)
            errors.extend(SchemaError((*part[:-1], name, *e.absolute_path), e) for e in found)
        rest = _empty_at(rest, part[:-1])
    errors[:0] = [SchemaError(tuple(e.absolute_path), e) for e in _errors(kind.schema, (), rest)]
    memo = {}
    for entry in ctx.servers:
        found = _memoised(kind.schema, ("$defs", "server"), entry.value, memo)
        errors.extend(SchemaError((*entry.path, *e.absolute_path), e) for e in found)
    return errors


def resolve(found: SchemaError) -> SchemaError:
    """For `anyOf`/`oneOf`: the deepest error of a branch whose type fits the value (the branch
    the user meant), instead of "is not valid under any of the given schemas"."""
    error, path = found.error, found.path
    while error.validator in ("anyOf", "oneOf") and error.context:
        # A branch meant for another kind of value: the wrong type, or a discriminating
        # `type`/`const` field that does not match ("type": "prompt" for a command hook).
        other_kind = {
            e.relative_schema_path[0]
            for e in error.context
            if (e.validator == "type" and not e.relative_path)
            or (e.validator in ("const", "enum") and len(e.relative_path) == 1)
        }
        candidates = [e for e in error.context if e.relative_schema_path[0] not in other_kind]
        best = max(candidates or error.context, key=lambda e: len(e.relative_path))
        path = (*path, *best.relative_path)
        error = best
    return SchemaError(path, error)


def _memoised(
    name: str, part: tuple[str, ...], value: Any, memo: dict[str, list[ValidationError]]
) -> list[ValidationError]:
    key = repr(value)  # exact for parsed JSON: str, int, float, bool, None, list, dict
    if key not in memo:
        memo[key] = _errors(name, part, value)
    return memo[key]


# Keywords that look at every key of an object: a part using them is validated whole.
_ALL_KEYS = (
    "additionalProperties",
    "patternProperties",
    "unevaluatedProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentSchemas",
)
_COMBINATORS = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else")


def examined_keys(schema: Any) -> set[str] | None:
    """The keys of an object that `schema` can look at, or None when it may look at any."""
    if not isinstance(schema, dict):
        return set()
    if any(k in schema for k in _ALL_KEYS):
        return None
    keys = set(schema.get("properties", {})) | set(schema.get("required", []))
    for keyword in _COMBINATORS:
        sub = schema.get(keyword)
        for item in sub if isinstance(sub, list) else [sub]:
            if item is None:
                continue
            more = examined_keys(item)
            if more is None:
                return None
            keys |= more
    return keys


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _empty_at_all(value: Any, patterns: tuple[tuple[str, ...], ...]) -> Any:
    """A copy of `value` in which every server map (an object) is empty; only the objects on
    the way are copied."""
    for pattern in patterns:
        value = _empty_at(value, pattern)
    return value


def _empty_at(value: Any, pattern: tuple[str, ...]) -> Any:
    if not isinstance(value, dict):
        return value
    if not pattern:
        return {}
    head, rest = pattern[0], pattern[1:]
    keys = list(value) if head == "*" else [head]
    copy = dict(value)
    for key in keys:
        if key in copy:
            copy[key] = _empty_at(copy[key], rest)
    return copy


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


def describe_path(path: Sequence[Any]) -> str:
    """`args`, `env.API_KEY`, item 2 of `args`: the path as a person names it."""
    if not path:
        return "the entry"
    if isinstance(path[-1], int):
        owner = describe_path(path[:-1]) if len(path) > 1 else ""
        return f"item {path[-1] + 1} of {owner}" if owner else f"item {path[-1] + 1}"
    text = ""
    for part in path:  # projects["/home/me/app"].enabledMcpjsonServers
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_NAME.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return f"`{text}`"


_PLAIN_NAME = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")


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


def describe(error: ValidationError, path: Sequence[Any] | None = None, top: bool = False) -> str:
    """A sentence a user understands for one validation error; `path` is how to name the
    place (default: the error's whole path)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("errorMessage")
    if isinstance(custom, str):
        return custom
    path = list(error.absolute_path) if path is None else list(path)
    where = describe_path(path)
    value: Any = error.validator_value
    instance: Any = error.instance
    match error.validator:
        case "type":
            return f"{where} must be {_expected(value, schema)}, got {json_type(instance)}"
        case "required":
            missing = [p for p in value if isinstance(instance, dict) and p not in instance]
            names = ", ".join(f"`{p}`" for p in missing) or "a required field"
            owner = "the file" if top else where
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
    return str(error.message)
