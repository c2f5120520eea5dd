"""Output formats. Each format is one module with one function,
`render(results: Sequence[FileResult], options: RenderOptions) -> str`, the text for standard
output; `FORMATS` maps the name `--output-format` takes to it. A new format is one module and
one line here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mcplint.output import concise, github, json, json_lines, lsp, sarif, text
from mcplint.output.options import RenderOptions

if TYPE_CHECKING:
    from mcplint.engine import FileResult

Renderer = Callable[[Sequence["FileResult"], RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "concise": concise.render,
    "json": json.render,
    "json-lines": json_lines.render,
    "sarif": sarif.render,
    "github": github.render,
    "lsp": lsp.render,
}

__all__ = ["FORMATS", "RenderOptions", "Renderer"]
