"""Syntax rules (MCP0xx): the file as text.

The parser accepts the union of JSON, JSONC and JSON5 and reports what it met; these rules judge
it against the dialect the client really reads (strict `JSON.parse`, JSONC, JSON5).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from mcplint.diagnostics import Fix, Severity
from mcplint.parser import JSON5_KINDS
from mcplint.rules.base import SAFE, UNSAFE, Context, Finding, rule, safe_fix, unsafe_fix
from mcplint.text import TextEdit
from mcplint.tree import Node

_DIALECT_NAMES = {"json": "strict JSON", "jsonc": "JSONC", "json5": "JSON5", "toml": "TOML"}


def _reader(ctx: Context) -> str:
    what = ctx.kind.title if ctx.kind is not None else "this file"
    dialect = _DIALECT_NAMES[ctx.dialect]
    if ctx.kind is not None and ctx.dialect == "jsonc" and not ctx.allows_trailing_commas:
        dialect = "JSON with comments but without trailing commas"
    return f"{what} is read as {dialect}"


@rule("MCP001", "syntax-error", Severity.ERROR, tags=("syntax",), on_broken=True)
def syntax_error(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports text that no JSON dialect accepts: an empty file, a missing bracket, colon or comma,
    an unterminated string, stray characters. Parsing recovers and goes on, so every error in the
    file is reported, not only the first.

    ## Why is this bad?
    The client cannot read the file at all. Claude Desktop then starts with no servers (and may
    rewrite the file); Claude Code refuses a broken `~/.claude.json` outright and skips a broken
    `.mcp.json`.

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx" "args": []}}}
    ```
    Use instead: `{"mcpServers": {"fs": {"command": "npx", "args": []}}}`

    ## Fix safety
    No automatic fix: what was meant is not knowable.
    """
    if not ctx.text.strip("\ufeff \t\r\n") and ctx.kind is not None and ctx.kind.blank_ok:
        client = ctx.client.name if ctx.client is not None else "the client"
        yield Finding(0, 0, f"blank file: {client} reads it as no servers", severity=Severity.INFO)
        return
    for error in ctx.parsed.errors:
        if error.kind == "syntax-error":
            yield Finding(error.start, error.end, error.message, related=error.related)


@rule(
    "MCP002",
    "trailing-comma",
    Severity.ERROR,
    fix="always",
    safety=(SAFE,),
    tags=("syntax",),
    on_broken=True,
)
def trailing_comma(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a comma right before `}` or `]`.

    ## Why is this bad?
    Strict JSON (`JSON.parse`, used by Claude Desktop and for `.mcp.json` and `~/.claude.json`)
    rejects it: the whole file fails to load. JSONC readers (VS Code) accept it, so there it is
    only reported as information.

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"],}}}
    ```
    Use instead: `{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"]}}}`

    ## Fix safety
    Safe: removing the comma does not change the value.
    """
    allowed = ctx.allows_trailing_commas
    severity = Severity.INFO if allowed else Severity.ERROR
    why = (
        "trailing comma (accepted here, but not portable to strict-JSON clients)"
        if allowed
        else f"trailing comma: {_reader(ctx)}, which does not allow it"
    )
    for ext in ctx.parsed.extensions:
        if ext.kind == "trailing-comma":
            fix = safe_fix("Remove the trailing comma", TextEdit(ext.start, ext.end, ""))
            yield Finding(ext.start, ext.end, why, fix, severity)


@rule(
    "MCP003",
    "comment-in-strict-json",
    Severity.ERROR,
    fix="always",
    safety=(UNSAFE,),
    tags=("syntax",),
    on_broken=True,
)
def comment_in_strict_json(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds `//` and `/* */` comments in a file the client parses as strict JSON.

    ## Why is this bad?
    `JSON.parse` does not know comments: Claude Desktop, `.mcp.json` and `~/.claude.json` fail
    to load with "Unexpected token /".

    ## Example
    ```json
    {
      // my servers
      "mcpServers": {}
    }
    ```
    Use instead: move the note elsewhere (a `README`), or into a harmless key such as
    `"_comment": "my servers"` (clients ignore unknown keys, mcplint reports them as info).

    ## Fix safety
    Unsafe: the fix deletes the comment, which is text you wrote.
    """
    if ctx.allows_comments:
        return
    for comment in ctx.parsed.comments:
        edit = _comment_removal(ctx.text, comment.start, comment.end)
        fix = unsafe_fix("Remove the comment", edit)
        message = f"comment in a strict-JSON file: {_reader(ctx)}, which has no comments"
        yield Finding(comment.start, comment.end, message, fix)


def _comment_removal(text: str, start: int, end: int) -> TextEdit:
    """Delete a comment; a comment alone on its line goes with its line."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    m = re.compile(r"[ \t]*(\r\n|\r|\n|$)").match(text, end)
    before = text[line_start:start]
    if m and not before.strip():
        return TextEdit(line_start, m.end(), "")
    spaces = len(before) - len(before.rstrip(" \t"))
    return TextEdit(start - spaces, end, "")


@rule(
    "MCP004",
    "json5-syntax",
    Severity.ERROR,
    fix="sometimes",
    safety=(SAFE,),
    tags=("syntax",),
    on_broken=True,
)
def json5_syntax(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds JSON5 syntax in a file the client reads as JSON or JSONC: single-quoted strings,
    unquoted keys, hexadecimal numbers, a leading `+`, `.5` or `5.`, `NaN` and `Infinity`,
    escapes JSON lacks (`\\x41`, `\\v`, `\\'`), line continuations, unusual whitespace, raw
    control characters in strings.

    ## Why is this bad?
    Neither `JSON.parse` nor a JSONC reader accepts it: the file fails to load.

    ## Example
    ```json
    {mcpServers: {'fs': {command: 'npx'}}}
    ```
    Use instead: `{"mcpServers": {"fs": {"command": "npx"}}}`

    ## Fix safety
    Safe where strict JSON has an equivalent (quotes, numbers, escapes): the value is unchanged.
    `NaN` and `Infinity` have no JSON equivalent and are not fixed.
    """
    if ctx.dialect == "json5":
        return
    for ext in ctx.parsed.extensions:
        if ext.kind not in JSON5_KINDS:
            continue
        what = _JSON5_WHAT[ext.kind]
        message = f"{what} is JSON5, not JSON: {_reader(ctx)}"
        fix = None
        if ext.replacement is not None:
            fix = safe_fix(
                f"Write it as JSON: `{_short(ext.replacement)}`"
                if ext.replacement
                else "Remove it",
                TextEdit(ext.start, ext.end, ext.replacement),
            )
        yield Finding(ext.start, ext.end, message, fix)


_JSON5_WHAT = {
    "single-quoted-string": "a single-quoted string",
    "unquoted-key": "an unquoted key",
    "hex-number": "a hexadecimal number",
    "leading-plus": "a leading '+'",
    "leading-decimal-point": "a number starting with '.'",
    "trailing-decimal-point": "a number ending with '.'",
    "infinity-nan": "NaN/Infinity",
    "line-continuation": "a line continuation (backslash-newline) in a string",
    "json5-escape": "this escape",
    "json5-whitespace": "this whitespace character",
    "control-character": "a raw control character in a string",
}


def _short(s: str, limit: int = 40) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


@rule(
    "MCP005",
    "smart-quotes",
    Severity.ERROR,
    fix="always",
    safety=(SAFE,),
    tags=("syntax",),
    on_broken=True,
)
def smart_quotes(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds typographic quotes (`“ ” ‘ ’`) used where JSON needs a straight `"`, typically after
    copying a config from a web page, a chat or a word processor.

    ## Why is this bad?
    No JSON reader accepts them: the file fails to load, often with a puzzling message about an
    unexpected character.

    ## Example
    ```json
    {“mcpServers”: {}}
    ```
    Use instead: `{"mcpServers": {}}`

    ## Fix safety
    Safe: the string is rewritten with straight quotes and the same content.
    """
    for error in ctx.parsed.errors:
        if error.kind == "smart-quotes":
            edits = tuple(TextEdit(s, e, c) for s, e, c in error.edits)
            fix = safe_fix("Use straight quotes", *edits)
            yield Finding(error.start, error.end, error.message, fix)


@rule(
    "MCP006",
    "invalid-escape",
    Severity.ERROR,
    fix="always",
    safety=(SAFE,),
    tags=("syntax",),
    on_broken=True,
)
def invalid_escape(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a backslash escape JSON does not allow, most often a Windows path written with single
    backslashes: `"C:\\Users\\me\\server.js"` contains `\\U`, `\\m` and `\\s`.

    ## Why is this bad?
    The file fails to load ("Bad escaped character in JSON").

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "node", "args": ["C:\\Users\\me\\server.js"]}}}
    ```
    Use instead: `"C:\\\\Users\\\\me\\\\server.js"` or forward slashes `"C:/Users/me/server.js"`.

    ## Fix safety
    Safe: doubling the backslash gives the string the text you typed.
    """
    for error in ctx.parsed.errors:
        if error.kind == "invalid-escape":
            edits = tuple(TextEdit(s, e, c) for s, e, c in error.edits)
            yield Finding(
                error.start, error.end, error.message, safe_fix("Double the backslash", *edits)
            )


@rule(
    "MCP007",
    "byte-order-mark",
    Severity.ERROR,
    fix="always",
    safety=(SAFE,),
    tags=("syntax",),
    on_broken=True,
)
def byte_order_mark(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a UTF-8 byte-order mark (BOM) at the start of the file, as some Windows editors and
    PowerShell's `Out-File` write it.

    ## Why is this bad?
    `JSON.parse` rejects it: Claude Desktop fails to read the file and may rewrite it without
    your `mcpServers`. Claude Code strips a BOM before parsing, and VS Code ignores it, so there
    it is only information.

    ## Example
    The bytes `EF BB BF` before the first `{`.

    ## Fix safety
    Safe: the BOM carries no content.
    """
    if not ctx.text.startswith("\ufeff") or ctx.source.encoding != "utf-8":
        return
    tolerated = ctx.kind.strips_bom if ctx.kind is not None else not ctx.strict_json
    severity = Severity.INFO if tolerated else Severity.ERROR
    message = "UTF-8 byte-order mark at the start of the file" + (
        "; this client strips it" if tolerated else f": {_reader(ctx)} and rejects it"
    )
    yield Finding(
        0, 1, message, safe_fix("Remove the byte-order mark", TextEdit(0, 1, "")), severity
    )


@rule(
    "MCP008",
    "invalid-encoding",
    Severity.ERROR,
    fix="sometimes",
    safety=(SAFE,),
    tags=("syntax",),
    on_broken=True,
)
def invalid_encoding(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a file that is not UTF-8: UTF-16 (Windows Notepad's "Unicode", PowerShell 5's
    `>` redirection) or bytes that are not valid UTF-8 (a legacy code page).

    ## Why is this bad?
    Clients read their config as UTF-8: a UTF-16 file looks like garbage to them and fails to
    parse; invalid bytes corrupt the strings they sit in.

    ## Example
    A `claude_desktop_config.json` saved from Notepad as "Unicode".

    ## Fix safety
    Safe for UTF-16: the same text is written back as UTF-8. Invalid UTF-8 bytes are not fixed
    (the intended characters are unknown), and fixes elsewhere in such a file keep those bytes.
    """
    problem = ctx.source.problem
    if problem is None:
        return
    if problem.kind == "utf-16":
        edits = (TextEdit(0, 1, ""),) if ctx.text.startswith("\ufeff") else ()
        fix = safe_fix("Re-encode the file as UTF-8", *edits, encoding="utf-8")
        yield Finding(0, 0, problem.message, fix if problem.fixable else None)
    else:
        yield Finding(problem.offset, problem.offset + 1, problem.message)


@rule("MCP009", "duplicate-key", Severity.ERROR, tags=("syntax",), on_broken=True)
def duplicate_key(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds the same key twice in one object, e.g. two servers with one name.

    ## Why is this bad?
    Clients do not complain: they silently keep the last one, so the first server (or setting)
    you wrote is simply gone.

    ## Example
    ```json
    {"mcpServers": {"db": {"command": "a"}, "db": {"command": "b"}}}
    ```
    Use instead: give each server its own name, or delete the one you do not want.

    ## Fix safety
    No automatic fix: which one you meant to keep is not knowable.
    """
    for error in ctx.parsed.errors:
        if error.kind == "duplicate-key":
            who = f"{ctx.client.name} silently keeps" if ctx.client else "clients silently keep"
            message = f"{error.message}: {who} only the last one"
            yield Finding(error.start, error.end, message, related=error.related)


@rule(
    "MCP010",
    "concatenated-documents",
    Severity.ERROR,
    fix="sometimes",
    safety=(UNSAFE,),
    tags=("syntax",),
    on_broken=True,
)
def concatenated_documents(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a second complete JSON document pasted after the first (`{…}{…}`), typically after
    appending a server snippet from a README at the end of the file.

    ## Why is this bad?
    The file is not JSON any more: the client fails to read it at all.

    ## Example
    ```json
    {"mcpServers": {"a": {"command": "x"}}}
    {"mcpServers": {"b": {"command": "y"}}}
    ```
    Use instead: `{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}}}`

    ## Fix safety
    Unsafe: when both documents hold only server maps under the same key and no name collides,
    the second document's servers are moved into the first; review the result.
    """
    for error, extra in zip(
        [e for e in ctx.parsed.errors if e.kind == "concatenated-documents"],
        ctx.parsed.extra_roots,
        strict=False,
    ):
        fix = None
        root = ctx.parsed.root
        if root is not None:
            fix = _merge_documents(ctx.text, root, extra)
        client = ctx.client.name if ctx.client is not None else "the client"
        message = f"{error.message}: a config file holds one document; {client} cannot read it"
        yield Finding(error.start, error.end, message, fix)


def _merge_documents(text: str, first: Node, second: Node) -> Fix | None:
    if first.kind != "object" or second.kind != "object" or len(second.members) != 1:
        return None
    key = second.members[0].name
    target = first.get(key)
    source = second.members[0].value
    if target is None or target.value is None or source is None:
        return None
    target_obj, source_obj = target.value, source
    if target_obj.kind != "object" or source_obj.kind != "object" or not source_obj.members:
        return None
    if {m.name for m in target_obj.members} & {m.name for m in source_obj.members}:
        return None
    inner = text[source_obj.members[0].start : source_obj.members[-1].end]
    edits = []
    if target_obj.members:
        last = target_obj.members[-1]
        indent = _indent_of(text, last.start)
        edits.append(TextEdit(last.end, last.end, ",\n" + indent + inner))
    else:
        edits.append(TextEdit(target_obj.start + 1, target_obj.start + 1, inner))
    edits.append(TextEdit(first.end, second.end, ""))
    return unsafe_fix(f"Move the servers of the second document into `{key}`", *edits)


def _indent_of(text: str, offset: int) -> str:
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    prefix = text[line_start:offset]
    return prefix if not prefix.strip() else ""


_PATHLIKE = re.compile(r"[A-Za-z]:\\")
_ESCAPE = re.compile(r"\\(.)", re.S)


@rule(
    "MCP011",
    "suspicious-escape",
    Severity.WARNING,
    fix="always",
    safety=(SAFE,),
    tags=("syntax",),
    on_broken=True,
)
def suspicious_escape(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a valid JSON escape that silently changes a Windows path: in `"c:\\temp"` the `\\t`
    is a TAB, in `"C:\\new"` the `\\n` is a newline.

    ## Why is this bad?
    The file parses, so nothing complains, but the server gets a path that does not exist.

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "node", "args": ["c:\\tools\\server.js"]}}}
    ```
    Use instead: `"c:\\\\tools\\\\server.js"` or `"c:/tools/server.js"`.

    ## Fix safety
    Safe: doubling the backslash gives the string the text you typed.
    """
    text = ctx.text
    comments = sorted((c.start, c.end) for c in ctx.parsed.comments)
    comment_starts = [start for start, _ in comments]
    seen_lines: set[int] = set()
    for hit in _drive_letters(text):
        if _in_comment(comments, comment_starts, hit) is not None:
            continue  # a note about a path, not a path: never reported nor edited
        # The strings on the line that holds "C:\": cheap on big files. Both searches stop at
        # the previous line break, so the work stays linear in the text.
        newline = text.rfind("\n", 0, hit)
        line_start = max(newline, text.rfind("\r", newline + 1, hit)) + 1
        if line_start in seen_lines:
            continue
        seen_lines.add(line_start)
        line_end_match = _LINE_BREAK.search(text, hit)
        line_end = line_end_match.start() if line_end_match else len(text)
        pos = line_start
        while True:
            string = _STRING.search(text, pos, line_end)
            if string is None:
                break
            comment_end = _in_comment(comments, comment_starts, string.start())
            if comment_end is not None:  # the quote is inside a comment: go on after it
                pos = comment_end
                continue
            pos = string.end()
            yield from _path_escapes(string.start(1), string.group(1))


def _in_comment(comments: list[tuple[int, int]], starts: list[int], offset: int) -> int | None:
    """The end of the comment holding `offset`, or None."""
    i = bisect_right(starts, offset) - 1
    if i >= 0 and offset < comments[i][1]:
        return comments[i][1]
    return None


def _path_escapes(body_start: int, body: str) -> Iterator[Finding]:
    if not _PATHLIKE.search(body):
        return
    for esc in _ESCAPE.finditer(body):
        letter = esc.group(1)
        if letter in "bfnrt" and body[esc.end() : esc.end() + 1].isalnum():
            at = body_start + esc.start()
            message = (
                f"`\\{letter}` in this path is {_ESCAPED_AS[letter]}, not a backslash "
                f"and `{letter}`: write `\\\\` in JSON paths"
            )
            fix = safe_fix("Double the backslash", TextEdit(at, at, "\\"))
            yield Finding(at, at + 2, message, fix)


def _drive_letters(text: str) -> Iterator[int]:
    """Offsets of `X:\\` (a drive letter and a backslash), found with a fast literal search."""
    i = text.find(":\\")
    while i >= 0:
        if i > 0 and text[i - 1].isascii() and text[i - 1].isalpha():
            yield i - 1
        i = text.find(":\\", i + 2)


_LINE_BREAK = re.compile(r"[\r\n]")
_STRING = re.compile(r'"((?:[^"\\\r\n]++|\\.)*+)"')  # possessive: linear on an unclosed string
_ESCAPED_AS = {
    "b": "a backspace",
    "f": "a form feed",
    "n": "a newline",
    "r": "a carriage return",
    "t": "a TAB",
}
