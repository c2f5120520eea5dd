"""The `schema` rule: the document against its file kind's JSON Schema (`schemas/`).

Loading, walking and validating the schemas is `mcplint/validation.py`'s work; this module words
and places the errors (`Context.schema_errors`, shared with `unknown-key`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from mcplint.diagnostics import Severity
from mcplint.rules.base import Context, Finding, rule
from mcplint.validation import UNKNOWN_KEY_KEYWORDS, describe


@rule("MCP101", "schema", Severity.ERROR, tags=("structure",))
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
    for found in ctx.schema_errors:
        error, path = found.error, found.path
        if error.validator in UNKNOWN_KEY_KEYWORDS:
            continue
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
        message = prefix + describe(error, relative, top=not path)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        start, end = ctx.span(path, key=error.validator == "required")
        yield Finding(start, end, message, json_path=path)
