"""JSON Lines output: one JSON object per diagnostic and line, as `Diagnostic.to_dict()` gives
it (see `mcplint.output.json` for the keys), for `jq` and log pipelines. Nothing else is
written: no summary, no notes. Credentials are masked; control characters are escaped."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mcplint.engine import FileResult
from mcplint.output.options import RenderOptions
from mcplint.output.sanitize import json_safe


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    return "".join(
        json_safe(json.dumps(d.to_dict(r.lines), ensure_ascii=False)) + "\n"
        for r in results
        for d in r.diagnostics
    )
