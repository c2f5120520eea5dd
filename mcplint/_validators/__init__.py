"""A fast yes/no JSON Schema check, so that a valid file never imports `jsonschema`.

`jsonschema` stays the reference: it words every error. This module only answers "is this
document valid?" for the keywords mcplint's own schemas use (`SUPPORTED`), interpreting the
schema directly (nothing is generated or compiled). A schema using anything else, a `$ref` that
is not a plain local pointer, or an `$id` below the root gets no fast check (`compile_check`
returns None) and the caller validates with `jsonschema`. When the answer is "invalid", the
caller runs `jsonschema` to get the errors, so only the verdict must agree: the differential
test (tests/test_fast_validation.py) compares it with `jsonschema` on the corpus, the
SchemaStore tests and fuzzed documents.

The semantics follow `jsonschema` 4 exactly where JSON Schema leaves room: booleans are not
numbers, `1.0` is an integer, `enum`/`const`/`uniqueItems` compare `True` and `1` as different,
`pattern` is Python's `re.search`, lengths count code points, `format` is an annotation, and a
draft-07 `$ref` ignores the keywords beside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Keywords that only annotate: never change the verdict.
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "format",  # jsonschema checks formats only with a format checker; mcplint sets none
        "errorMessage",
        "allowTrailingCommas",
        "markdownDescription",
    }
)
SUPPORTED = ANNOTATIONS | {
    "$ref",
    "type",
    "enum",
    "const",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "required",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
}
DRAFT7 = "http://json-schema.org/draft-07/schema#"
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_ONES = ("additionalProperties", "propertyNames", "items", "not", "if", "then", "else")


@dataclass(frozen=True)
class FastCheck:
    """The yes/no check of one schema (a whole schema, or a part of it with its `$defs`)."""

    root: dict[str, Any]
    draft7: bool

    def is_valid(self, value: Any) -> bool:
        return _valid(self, self.root, value)


def compile_check(root: dict[str, Any]) -> FastCheck | None:
    """The fast check of `root`, or None when it uses what this module does not interpret."""
    draft = root.get("$schema")
    if draft not in (DRAFT7, "https://json-schema.org/draft/2020-12/schema"):
        return None
    if not _supported(root, root, top=True):
        return None
    return FastCheck(root, draft == DRAFT7)


def _supported(root: dict[str, Any], node: Any, *, top: bool = False) -> bool:
    if isinstance(node, bool):
        return True
    if not isinstance(node, dict) or not set(node) <= SUPPORTED:
        return False
    if "$id" in node and not top:
        return False
    ref = node.get("$ref")
    if ref is not None and _resolve(root, ref) is None:
        return False
    if isinstance(node.get("items"), list):  # the draft-07 tuple form
        return False
    for key in _SCHEMA_MAPS:
        sub = node.get(key, {})
        if not isinstance(sub, dict) or not all(_supported(root, s) for s in sub.values()):
            return False
    for key in _SCHEMA_LISTS:
        sub = node.get(key, [])
        if not isinstance(sub, list) or not all(_supported(root, s) for s in sub):
            return False
    return all(_supported(root, node[key]) for key in _SCHEMA_ONES if key in node)


def _resolve(root: dict[str, Any], ref: Any) -> Any:
    """The target of a plain local pointer ("#/$defs/server"), else None."""
    if not isinstance(ref, str) or not ref.startswith("#/") or "~" in ref or "%" in ref:
        return None
    target: Any = root
    for key in ref[2:].split("/"):
        target = target.get(key) if isinstance(target, dict) else None
    return target if isinstance(target, dict | bool) else None


def _valid(check: FastCheck, schema: Any, value: Any) -> bool:
    if schema is True:
        return True
    if schema is False:
        return False
    if "$ref" in schema:
        if not _valid(check, _resolve(check.root, schema["$ref"]), value):
            return False
        if check.draft7:
            return True  # draft 7: the keywords beside `$ref` are ignored
    for keyword, argument in schema.items():
        if keyword in ANNOTATIONS or keyword == "$ref":
            continue
        if not _KEYWORDS[keyword](check, argument, value, schema):
            return False
    return True


# -- types and equality, as jsonschema has them -----------------------------------------------


def _is_type(value: Any, name: str) -> bool:
    match name:
        case "object":
            return isinstance(value, dict)
        case "array":
            return isinstance(value, list)
        case "string":
            return isinstance(value, str)
        case "boolean":
            return isinstance(value, bool)
        case "null":
            return value is None
        case "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        case "integer":
            if isinstance(value, bool):
                return False
            return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return False


def _number(value: Any) -> bool:
    return _is_type(value, "number")


def _unbool(value: Any) -> Any:
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value


_TRUE, _FALSE = object(), object()


def equal(one: Any, two: Any) -> bool:
    """jsonschema's equality: `True` is not `1`, in lists and objects too."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(k in two and equal(v, two[k]) for k, v in one.items())
    return bool(_unbool(one) == _unbool(two))


# -- keywords: each returns whether `value` passes ---------------------------------------------


def _type(check: FastCheck, types: Any, value: Any, schema: Any) -> bool:
    names = [types] if isinstance(types, str) else types
    return any(_is_type(value, name) for name in names)


def _enum(check: FastCheck, choices: Any, value: Any, schema: Any) -> bool:
    return any(equal(value, choice) for choice in choices)


def _const(check: FastCheck, const: Any, value: Any, schema: Any) -> bool:
    return equal(value, const)


def _properties(check: FastCheck, props: Any, value: Any, schema: Any) -> bool:
    if not isinstance(value, dict):
        return True
    return all(_valid(check, sub, value[k]) for k, sub in props.items() if k in value)


def _pattern_properties(check: FastCheck, patterns: Any, value: Any, schema: Any) -> bool:
    if not isinstance(value, dict):
        return True
    return all(
        _valid(check, sub, v)
        for pattern, sub in patterns.items()
        for k, v in value.items()
        if re.search(pattern, k)
    )


def _additional_properties(check: FastCheck, extra: Any, value: Any, schema: Any) -> bool:
    if not isinstance(value, dict):
        return True
    known = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    for key, item in value.items():
        if key in known or any(re.search(p, key) for p in patterns):
            continue
        if not _valid(check, extra, item):
            return False
    return True


def _property_names(check: FastCheck, names: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, dict) or all(_valid(check, names, key) for key in value)


def _required(check: FastCheck, required: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, dict) or all(key in value for key in required)


def _min_properties(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, dict) or len(value) >= bound


def _max_properties(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, dict) or len(value) <= bound


def _items(check: FastCheck, items: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, list) or all(_valid(check, items, item) for item in value)


def _min_items(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, list) or len(value) >= bound


def _max_items(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, list) or len(value) <= bound


def _unique_items(check: FastCheck, unique: Any, value: Any, schema: Any) -> bool:
    if not unique or not isinstance(value, list):
        return True
    return not any(equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :])


def _min_length(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, str) or len(value) >= bound


def _max_length(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, str) or len(value) <= bound


def _pattern(check: FastCheck, pattern: Any, value: Any, schema: Any) -> bool:
    return not isinstance(value, str) or re.search(pattern, value) is not None


def _minimum(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not _number(value) or bool(value >= bound)


def _maximum(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not _number(value) or bool(value <= bound)


def _exclusive_minimum(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not _number(value) or bool(value > bound)


def _exclusive_maximum(check: FastCheck, bound: Any, value: Any, schema: Any) -> bool:
    return not _number(value) or bool(value < bound)


def _all_of(check: FastCheck, subs: Any, value: Any, schema: Any) -> bool:
    return all(_valid(check, sub, value) for sub in subs)


def _any_of(check: FastCheck, subs: Any, value: Any, schema: Any) -> bool:
    return any(_valid(check, sub, value) for sub in subs)


def _one_of(check: FastCheck, subs: Any, value: Any, schema: Any) -> bool:
    return sum(1 for sub in subs if _valid(check, sub, value)) == 1


def _not(check: FastCheck, sub: Any, value: Any, schema: Any) -> bool:
    return not _valid(check, sub, value)


def _if(check: FastCheck, condition: Any, value: Any, schema: Any) -> bool:
    if _valid(check, condition, value):
        return "then" not in schema or _valid(check, schema["then"], value)
    return "else" not in schema or _valid(check, schema["else"], value)


def _ignored(check: FastCheck, argument: Any, value: Any, schema: Any) -> bool:
    return True  # `then`/`else`: checked by `if`; alone, jsonschema ignores them


_KEYWORDS = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
    "propertyNames": _property_names,
    "required": _required,
    "minProperties": _min_properties,
    "maxProperties": _max_properties,
    "items": _items,
    "minItems": _min_items,
    "maxItems": _max_items,
    "uniqueItems": _unique_items,
    "minLength": _min_length,
    "maxLength": _max_length,
    "pattern": _pattern,
    "minimum": _minimum,
    "maximum": _maximum,
    "exclusiveMinimum": _exclusive_minimum,
    "exclusiveMaximum": _exclusive_maximum,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
    "then": _ignored,
    "else": _ignored,
}
