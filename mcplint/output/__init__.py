"""Output formats. Each format is one module with one function,
`render(results: Sequence[FileResult], options: RenderOptions) -> str`, the text for standard
output; `FORMATS` maps the name `--output-format` takes to it. A new format is one module and
one line in `_MODULES`. A format's module is imported when it is first used, so a run pays only
for the format it prints."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from mcplint.output.options import RenderOptions

if TYPE_CHECKING:
    from mcplint.engine import FileResult

Renderer = Callable[[Sequence["FileResult"], RenderOptions], str]

# `--output-format` name -> the module (in mcplint.output) whose `render` prints it
_MODULES = {
    "text": "text",
    "concise": "concise",
    "json": "json",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "lsp": "lsp",
}


class _Formats(Mapping[str, Renderer]):
    """The registry: a read-only mapping from format name to its `render`."""

    def __getitem__(self, name: str) -> Renderer:
        module = import_module(f"mcplint.output.{_MODULES[name]}")
        render: Renderer = module.render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATS: Mapping[str, Renderer] = _Formats()

__all__ = ["FORMATS", "RenderOptions", "Renderer"]
