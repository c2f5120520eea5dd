"""LSP output: one JSON object mapping each checked file's URI to its list of LSP `Diagnostic`
objects (`Diagnostic.to_lsp()`: 0-based lines, characters in UTF-16 code units), an empty list
for a file without problems (so an editor clears what it showed):

    {"file:///home/me/project/.mcp.json": [{"range": ..., "severity": 1, "code": "MCP002",
      "codeDescription": {"href": ...}, "source": "mcplint", "message": ..., "data": ...}]}

Relative paths are made absolute against the working directory. Credentials are masked; control
characters are escaped."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mcplint.diagnostics import path_to_uri
from mcplint.engine import FileResult
from mcplint.output.options import RenderOptions
from mcplint.output.sanitize import json_safe


def document(results: Sequence[FileResult], options: RenderOptions) -> dict[str, Any]:
    files: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        uri = path_to_uri(r.path, options.cwd)
        items = files.setdefault(uri, [])
        items.extend(d.to_lsp(r.lines, uri=uri) for d in r.diagnostics)
    return files


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    text = json.dumps(document(results, options), indent=2, ensure_ascii=False)
    return json_safe(text) + "\n"
