"""GitHub Actions workflow commands, one line per diagnostic, which GitHub shows as annotations
on the pull request:

    ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE rule-name::MESSAGE

`error`, `warning` or `notice` after the severity. GitHub reads `%`, CR and LF escaped
(`%25`, `%0D`, `%0A`) in the message, and `:` and `,` too (`%3A`, `%2C`) in the properties.
Credentials are masked and other control characters escaped before that."""

from __future__ import annotations

from collections.abc import Sequence

from mcplint.diagnostics import Diagnostic, Severity
from mcplint.engine import FileResult
from mcplint.output.options import RenderOptions
from mcplint.output.sanitize import safe

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message as GitHub reads it back."""
    return safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (`file=`, `title=`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic) -> str:
    properties = [
        f"file={escape_property(d.path)}",
        f"line={d.start.line}",
        f"col={d.start.column}",
        f"endLine={d.end.line}",
        f"endColumn={d.end.column}",
        f"title={escape_property(f'{d.code} {d.rule}')}",
    ]
    return f"::{COMMANDS[d.severity]} {','.join(properties)}::{escape_data(d.message)}"


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    return "".join(command(d) + "\n" for r in results for d in r.diagnostics)
