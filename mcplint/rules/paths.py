"""Paths and environment: `~` and `$HOME` a client leaves as they are, paths that do not exist,
relative scripts, variables that are unset or in a syntax the client does not expand, VS Code
inputs that are not declared, and placeholder values.

Every fact about what a client does (its expansion syntax, its working directory, which fields
it untildes) comes from the launch model (`Context.launches`, `mcplint.launch`); these rules
only judge it. The helpers at the top are shared with `rules/machine.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from mcplint.diagnostics import Severity
from mcplint.edits import replace_value
from mcplint.launch import Launch, VarRef
from mcplint.rules.base import UNSAFE, Context, Finding, rule, unsafe_fix
from mcplint.servers import ServerEntry, StrValue
from mcplint.tree import PathPart

# -- shared helpers ---------------------------------------------------------------------------

# Commands that expand variables and `~` themselves: what they are given is not judged.
SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "powershell", "pwsh"})
# Commands whose path arguments name another machine's (a container's) files.
_OTHER_MACHINE = frozenset({"docker", "podman", "kubectl", "ssh", "wsl", "nerdctl"})
_SCRIPT_EXTS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".py", ".pyw")
_PYTHON = re.compile(r"python(\d+(\.\d+)*)?w?|py")
# Options of an interpreter that take the next argument as their value.
_VALUE_OPTIONS = {
    "node": frozenset({"-r", "--require", "--import", "--loader", "--experimental-loader", "-C"}),
    "python": frozenset({"-W", "-X"}),
    "uv": frozenset(
        {"--with", "--python", "-p", "--from", "--env-file", "--index", "--extra", "--group"}
        | {"--package", "--with-requirements", "--with-editable"}
    ),
    "deno": frozenset({"--config", "-c", "--import-map", "--lock", "--cert", "--env-file"}),
    "bun": frozenset({"--cwd", "--env-file", "-r", "--preload"}),
}
# Options after which no script follows (code or a module is run instead).
_NO_SCRIPT = {
    "node": frozenset({"-e", "--eval", "-p", "--print", "-v", "--version", "-h", "--help"}),
    "python": frozenset({"-m", "-c", "-V", "--version", "-h", "--help"}),
}


def command_name(command: str) -> str:
    """`/usr/local/bin/Node.exe` -> `node`."""
    name = re.split(r"[\\/]", command.strip())[-1].lower()
    for ext in (".exe", ".cmd", ".bat", ".com"):
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


def interpreter_family(command: str) -> str | None:
    name = command_name(command)
    if name in ("node", "nodejs", "tsx", "ts-node"):
        return "node"
    if _PYTHON.fullmatch(name):
        return "python"
    if name in ("uv", "deno", "bun"):
        return name
    return None


def script_index(command: str, args: tuple[str, ...]) -> int | None:
    """The index in `args` of the script file an interpreter runs (`node build/index.js`,
    `python src/main.py`, `uv run server.py`, `deno run -A main.ts`), None when there is none
    (`python -m pkg`, `uv run --directory DIR ...`, `npx pkg`)."""
    family = interpreter_family(command)
    if family is None:
        return None
    values = _VALUE_OPTIONS.get(family, frozenset())
    stops = _NO_SCRIPT.get(family, frozenset())
    i = 0
    if family in ("uv", "deno", "bun"):
        if any(a in ("--directory", "--project", "--cwd") for a in args):
            return None  # the script is looked up in another folder
        while i < len(args) and args[i].startswith("-"):
            i += 2 if args[i] in values else 1
        if i < len(args) and args[i] == "run":
            i += 1
        elif family != "bun":
            return None
    while i < len(args):
        arg = args[i]
        if arg in stops or any(arg.startswith(s + "=") for s in stops if s.startswith("--")):
            return None
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-"):
            break
        i += 2 if arg in values else 1
    if i >= len(args):
        return None
    arg = args[i]
    if "://" in arg or re.match(r"(jsr|npm|node|file):", arg):
        return None
    looks_like_file = arg.lower().endswith(_SCRIPT_EXTS)
    if family in ("uv", "deno", "bun") and not looks_like_file:
        return None
    if not looks_like_file and "/" not in arg and "\\" not in arg:
        return None
    return i


def is_absolute(path: str, target_os: str) -> bool:
    if target_os == "win32":
        return PureWindowsPath(path).is_absolute() or path.startswith(("\\\\", "//"))
    return PurePosixPath(path).is_absolute()


def is_rooted(path: str) -> bool:
    """Absolute in some OS's form (`/x`, `C:\\x`, `C:/x`, `\\\\server`): not relative to a
    working directory, whatever the target OS (a Windows path in a file linted for Linux is
    another machine's file, not a relative one)."""
    return path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", path) is not None


def has_variable(text: str) -> bool:
    """A reference of any syntax left in a value (not known here, or not expanded)."""
    return re.search(r"\$\{[^}]*\}|\$[A-Za-z_]|%[A-Za-z_][A-Za-z0-9_]*%", text) is not None


def string_span(ctx: Context, path: tuple[PathPart, ...], start: int, end: int) -> tuple[int, int]:
    """Offsets in the file of `[start, end)` of the string value at `path`: exact when the
    token is the value between two quotes (no escape, one line), else the whole value."""
    node = ctx.node(path)
    if node is None:
        return ctx.span(path)
    raw = ctx.text[node.start : node.end]
    value = node.value
    if (
        isinstance(value, str)
        and len(raw) >= 2
        and raw[0] in "\"'"
        and raw[-1] == raw[0]
        and raw[1:-1] == value
    ):
        return node.start + 1 + start, node.start + 1 + end
    return node.start, node.end


def cwd_defined(launch: Launch) -> bool:
    """Whether the server's working directory is known from the file alone: the entry's `cwd`
    that the client honours, or a client that starts servers in the project (workspace)."""
    client = launch.client
    if launch.cwd.from_entry:
        return client.honours_cwd is True
    return client.default_cwd in ("project", "workspace-or-home") and client.default_cwd_confirmed


def stdio_command(launch: Launch) -> StrValue | None:
    """The entry's `command` when it is a stdio entry with a string command."""
    view = launch.view
    if view.command is None or view.transport not in ("stdio", None):
        return None
    return view.command


def entries(ctx: Context) -> Iterator[tuple[ServerEntry, Launch]]:
    yield from zip(ctx.servers, ctx.launches, strict=True)


def _quote(text: str, limit: int = 60) -> str:
    return f"`{text}`" if len(text) <= limit else f"`{text[: limit - 1]}…`"


# -- unexpanded-path --------------------------------------------------------------------------

_HOME_VAR = re.compile(r"\$HOME\b|\$\{HOME\}|%USERPROFILE%|%HOME%", re.IGNORECASE)


def _expand_home(text: str, spans: list[tuple[int, int, str]], home: str) -> str:
    out = text
    for start, end, _ in sorted(spans, reverse=True):
        out = out[:start] + home + out[end:]
    return out


@rule(
    "MCP301",
    "unexpanded-path",
    Severity.ERROR,
    fix="sometimes",
    safety=(UNSAFE,),
)
def unexpanded_path(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds `~`, `$HOME`, `${HOME}` and `%USERPROFILE%` in the `command`, `args` or `cwd` of a
    server for a client that does not expand them there.

    ## Why is this bad?
    No shell runs between the client and the server: the server gets the text as written and
    looks for a folder literally named `~` (or `$HOME`). Claude Desktop, Claude Code, Gemini CLI
    (for `~`) and Cline leave `~` as it is; VS Code expands a leading `~` in command, args and
    cwd. Where no source says what the client does (Cursor, Windsurf, Zed, Codex) the finding is
    a warning.

    ## Example
    ```json
    {"mcpServers": {"files": {"command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "~/Documents"]}}}
    ```
    Use the absolute path: `"/Users/me/Documents"`.

    ## Fix safety
    Unsafe: the fix writes this machine's home folder into the file, which is wrong for a file
    shared with other people or machines. Offered only when linting for this machine's OS.

    References: FAILURES.md (paths: `~` not expanded), CLIENTS-DETAIL.md `tilde_fields`.
    """
    for _entry, launch in entries(ctx):
        view = launch.view
        if view.command is not None and command_name(view.command.text) in SHELLS:
            continue  # a shell expands them itself
        values: list[tuple[str, StrValue]] = []
        if view.command is not None:
            values.append(("command", view.command))
        values.extend(("args", a) for a in view.args)
        if view.cwd is not None:
            values.append(("cwd", view.cwd))
        for field, value in values:
            found = _refs_for(value, field, launch)
            if not found:
                continue
            what = ", ".join(dict.fromkeys(f"`{w}`" for _, _, w in found))
            unconfirmed = launch.client.tilde_fields is None and all(w == "~" for *_, w in found)
            message = (
                f"{launch.client.name} does not expand {what} in `{field}`: the server gets "
                f"{_quote(value.text)} as written; use an absolute path"
            )
            if unconfirmed:
                message = (
                    f"{launch.client.name} may not expand {what} in `{field}` (unconfirmed; no "
                    f"shell runs between client and server); use an absolute path"
                )
            fix = None
            node = ctx.node(value.path)
            if launch.same_os and node is not None:
                new = _expand_home(value.text, found, ctx.env.home)
                fix = unsafe_fix(
                    f"Write {_quote(new)} (this machine's home folder)",
                    replace_value(node, json.dumps(new, ensure_ascii=False)),
                )
            start, end = ctx.span(value.path)
            yield Finding(
                start,
                end,
                message,
                fix=fix,
                severity=Severity.WARNING if unconfirmed else None,
                json_path=value.path,
            )


def _refs_for(value: StrValue, field: str, launch: Launch) -> list[tuple[int, int, str]]:
    expanded = [r for r in launch.refs_in(value.path) if r.expanded]
    found: list[tuple[int, int, str]] = []
    tilde = launch.client.tilde_fields
    text = value.text
    if (text == "~" or text.startswith(("~/", "~\\"))) and (tilde is None or field not in tilde):
        found.append((0, 1, "~"))
    for m in _HOME_VAR.finditer(text):
        if any(r.start < m.end() and m.start() < r.end for r in expanded):
            continue  # the client expands this one
        found.append((m.start(), m.end(), m.group(0)))
    return found


# -- path-not-found ---------------------------------------------------------------------------


def _path_in_arg(arg: str, target_os: str) -> tuple[int, str] | None:
    """(offset, path) of an absolute path that is the argument, or the value of `--opt=PATH`."""
    offset, path = 0, arg
    if arg.startswith("-") and "=" in arg:
        offset = arg.index("=") + 1
        path = arg[offset:]
    if not path or len(path) > 1024 or not is_absolute(path, target_os):
        return None
    if "://" in path or any(c in path for c in "\n\r*?") or has_variable(path):
        return None
    if target_os != "win32" and (":" in path or path.startswith("//")):
        return None  # `/host:/container`, a PATH list, a URL path
    return offset, path


@rule("MCP302", "path-not-found", Severity.ERROR, tags=("machine",))
def path_not_found(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds an absolute path in a server's `args`, `cwd` or `envFile`, or the script given to
    `node`, `python`, `uv run`, `deno run` or `bun`, that does not exist on this machine.

    ## Why is this bad?
    The server starts and fails at once (`Cannot find module`, `can't open file`,
    `ENOENT`), and the client shows only "Server disconnected". A path that a server creates
    (a database file whose folder exists) is not reported.

    ## Example
    ```json
    {"mcpServers": {"db": {"command": "node", "args": ["/Users/me/old/build/index.js"]}}}
    ```

    ## Fix safety
    No fix: only the user knows where the file went.

    Tag `machine`: this checks this machine's files (`--ignore machine` for a colleague's file).
    When linting for another OS (`--target-os`) nothing is looked up.

    References: FAILURES.md (server exits at start: wrong path), servers#1748 (ENOENT).
    """
    env = ctx.env
    cache = ctx.resolve_cache
    for entry, launch in entries(ctx):
        if not launch.same_os:
            continue
        target = launch.target_os
        view = launch.view
        command = launch.command or ""
        if command_name(command) in _OTHER_MACHINE | SHELLS:
            continue
        script = script_index(command, launch.args) if stdio_command(launch) else None
        for i, (value, arg) in enumerate(zip(view.args, launch.args, strict=True)):
            found = _path_in_arg(arg, target)
            if found is None:
                continue
            _, path = found
            probe = cache.probe(env, path)
            if probe.kind != "missing":
                continue
            parent = str(
                PureWindowsPath(path).parent if target == "win32" else PurePosixPath(path).parent
            )
            if (
                i != script
                and "." in path.rsplit("/", 1)[-1]
                and cache.probe(env, parent).kind == "dir"
            ):
                continue  # a file the server may create in a folder that exists
            what = "the script" if i == script else "the path"
            start, end = ctx.span(value.path)
            yield Finding(
                start,
                end,
                f"{what} {_quote(path)} does not exist on this machine",
                json_path=value.path,
            )
        if view.cwd is not None and launch.cwd.from_entry and launch.cwd.path is not None:
            cwd = launch.cwd.path
            if not has_variable(cwd) and is_absolute(cwd, target):
                kind = cache.probe(env, cwd).kind
                if kind in ("missing", "file"):
                    why = "does not exist" if kind == "missing" else "is a file, not a folder"
                    start, end = ctx.span(view.cwd.path)
                    yield Finding(
                        start,
                        end,
                        f"the working directory {_quote(cwd)} {why} on this machine",
                        json_path=view.cwd.path,
                    )
        env_file = entry.value.get("envFile") if isinstance(entry.value, dict) else None
        if (
            isinstance(env_file, str)
            and not has_variable(env_file)
            and is_absolute(env_file, target)
            and cache.probe(env, env_file).kind == "missing"
        ):
            file_path = (*entry.path, "envFile")
            start, end = ctx.span(file_path)
            yield Finding(
                start,
                end,
                f"the env file {_quote(env_file)} does not exist on this machine",
                json_path=file_path,
            )


# -- relative-path ----------------------------------------------------------------------------


@rule("MCP303", "relative-path", Severity.WARNING)
def relative_path(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a relative script path (`server.js`, `build/index.js`, `src/main.py`) given to
    `node`, `python`, `uv run`, `deno run` or `bun` by a client whose working directory for
    servers is not fixed by the file.

    ## Why is this bad?
    The script is looked up in the server's working directory, which is where the client was
    started (Claude Code, Gemini CLI, Codex), undefined (Claude Desktop: often `/`), or
    unconfirmed (Cursor, Windsurf): the same file works from one folder and fails from
    another. An entry `cwd` the client honours, or a client that starts servers in the project
    folder (VS Code, Zed), makes the path well defined and is not reported.

    ## Example
    ```json
    {"mcpServers": {"local": {"command": "node", "args": ["build/index.js"]}}}
    ```
    Use the absolute path, or (where the client honours it) set `cwd`.

    ## Fix safety
    No fix: mcplint does not know which folder the path was meant to be relative to.

    References: FAILURES.md (relative paths, working directory), CLIENTS-DETAIL.md (cwd per
    client).
    """
    for _entry, launch in entries(ctx):
        if stdio_command(launch) is None or launch.command is None or cwd_defined(launch):
            continue
        i = script_index(launch.command, launch.args)
        if i is None:
            continue
        arg = launch.args[i]
        value = launch.view.args[i]
        if is_rooted(arg) or arg.startswith("~") or has_variable(value.text):
            continue  # a variable: the author chose what it is relative to
        start, end = ctx.span(value.path)
        yield Finding(
            start,
            end,
            f"the script {_quote(arg)} is relative to the server's working directory, not to "
            f"this file's folder: {launch.cwd.why}; use an absolute path",
            json_path=value.path,
        )


# -- env-var-unset ----------------------------------------------------------------------------


def _unique(refs: list[VarRef]) -> list[VarRef]:
    seen: set[tuple[tuple[PathPart, ...], int, int]] = set()
    out = []
    for r in refs:
        key = (r.path, r.start, r.end)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# What Gemini CLI substitutes itself in an extension manifest (gemini-cli docs/extensions.md,
# "Variables"); not in the client data yet, so kept here.
GEMINI_EXTENSION_VARS = frozenset({"extensionPath", "workspacePath", "pathSeparator"})


def _builtin(ctx: Context, launch: Launch, name: str) -> bool:
    in_manifest = ctx.path.replace("\\", "/").endswith("gemini-extension.json")
    return launch.client.id == "gemini" and in_manifest and name in GEMINI_EXTENSION_VARS


@rule("MCP304", "env-var-unset", Severity.ERROR, tags=("machine",))
def env_var_unset(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a variable reference in the client's own syntax (`${VAR}` in Claude Code,
    `${env:VAR}` in VS Code, Cursor and Cline, `$VAR` in Gemini CLI) that has no default and
    names a variable that is not set in the environment mcplint runs in, where the client
    expands it.

    ## Why is this bad?
    The server gets the reference as written (Claude Code, Cline, Gemini CLI) or an empty
    value (VS Code): an API key that is `${GITHUB_TOKEN}` fails to authenticate. A desktop
    app started from the Dock does not see what the shell profile exports either.

    ## Example
    ```json
    {"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@github/mcp"],
      "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}
    ```
    Export `GITHUB_TOKEN` where the client starts, or give a default: `${GITHUB_TOKEN:-}`.

    ## Fix safety
    No fix.

    Tag `machine`: the answer depends on this machine's environment. Not run when linting for
    another OS (`--target-os`).

    References: FAILURES.md (env vars: unset variable), claude-code "Missing environment
    variables" warning, Cline "[MCP Config] Environment variable not found".
    """
    for _entry, launch in entries(ctx):
        if not launch.same_os:
            continue
        refs = [
            r
            for r in launch.refs
            if r.refers_to == "env"
            and r.expanded
            and r.default is None
            and r.value is None
            and not _builtin(ctx, launch, r.name)
        ]
        for r in _unique(refs):
            start, end = string_span(ctx, r.path, r.start, r.end)
            became = {
                "empty": "an empty value",
                "error": "an error",
                "literal": "the text as written",
            }.get(r.unset, "the text as written or an empty value (unconfirmed)")
            yield Finding(
                start,
                end,
                f"`{r.name}` is not set in this environment: {launch.client.name} passes "
                f"{became} to the server",
                json_path=r.path,
            )


# -- unsupported-expansion --------------------------------------------------------------------

_CAPS = re.compile(r"[A-Z_][A-Z0-9_]+")


def _foreign(launch: Launch) -> list[VarRef]:
    """References the client leaves as written: another client's syntax, or its own syntax in
    a field where it does not expand it (and no other of its syntaxes does)."""
    expanded = [r for r in launch.refs if r.expanded]
    texts = {value.path: value.text for _, value in launch.view.strings()}
    out = []
    for r in [*launch.lookalikes, *(r for r in launch.refs if not r.expanded)]:
        if any(e.path == r.path and e.start < r.end and r.start < e.end for e in expanded):
            continue
        if r.field in ("command", "args", "cwd") and r.name.upper() in ("HOME", "USERPROFILE"):
            continue  # unexpanded-path
        if r.field == "cwd" and launch.client.honours_cwd is False:
            continue  # the client ignores `cwd` altogether
        text = texts.get(r.path, "")
        if not text.startswith("${", r.start) and not _stands_alone(text, r.start, r.end, r.name):
            continue  # `$TMP` in a list, `$foo` in a password: no reference meant
        out.append(r)
    return out


def _stands_alone(text: str, start: int, end: int, name: str) -> bool:
    """A bare `$VAR` or `%VAR%` that reads as a reference: an upper-case name that is the
    whole value, or starts a path, or follows a space or `=`."""
    if not _CAPS.fullmatch(name):
        return False
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return before in ("", " ", "=", ":") and after in ("", "/", "\\", " ", ":", ";")


@rule("MCP305", "unsupported-expansion", Severity.ERROR)
def unsupported_expansion(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a variable reference in a syntax the client does not expand in that field:
    `${VAR}` in Claude Desktop (which expands nothing) or Codex, `${env:VAR}` in Claude Code
    (which wants `${VAR}`), `${VAR}` or `$VAR` in VS Code (which wants `${env:VAR}`),
    `%VAR%` outside Gemini CLI's `env`.

    ## Why is this bad?
    The server gets the reference as literal text: an API key that is `${API_KEY}` fails to
    authenticate, a path with `$HOME` does not exist.

    ## Example
    ```json
    {"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@github/mcp"],
      "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}
    ```
    in `claude_desktop_config.json`: write the value itself.

    ## Fix safety
    No fix: the value is a secret mcplint should not copy into the file.

    References: FAILURES.md (env vars: expansion syntax per client), CLIENTS-DETAIL.md
    (expansion).
    """
    for _entry, launch in entries(ctx):
        view = launch.view
        if view.command is not None and command_name(view.command.text) in SHELLS:
            continue  # a shell expands them
        by_path: dict[tuple[PathPart, ...], list[VarRef]] = {}
        for r in _foreign(launch):
            by_path.setdefault(r.path, []).append(r)
        for path, refs in by_path.items():
            field = refs[0].field
            text = next(v.text for _, v in view.strings() if v.path == path)
            shown = ", ".join(dict.fromkeys(f"`{text[r.start : r.end]}`" for r in refs))
            ours = [
                e.syntax
                for e in launch.client.expansion
                if e.refers_to == "env" and e.applies_to(field) and launch.target_os in e.platforms
            ]
            hint = f" (it expands {ours[0]})" if ours else " (it expands no variables there)"
            start, end = ctx.span(path)
            yield Finding(
                start,
                end,
                f"{launch.client.name} does not expand {shown} in `{field}`{hint}: the server "
                "gets the text as written",
                json_path=path,
            )


# -- undefined-input --------------------------------------------------------------------------


def _input_ids(ctx: Context, entry_path: tuple[PathPart, ...]) -> list[str] | None:
    """The `inputs` ids next to the server map holding the entry (None: `inputs` is not a
    list, so nothing can be said)."""
    inputs: Any = ctx.value
    for part in (*entry_path[:-2], "inputs"):
        if not isinstance(inputs, dict) or part not in inputs:
            return []
        inputs = inputs[part]
    if not isinstance(inputs, list):
        return None
    return [str(i["id"]) for i in inputs if isinstance(i, dict) and isinstance(i.get("id"), str)]


@rule("MCP306", "undefined-input", Severity.ERROR, clients=("vscode",))
def undefined_input(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a `${input:ID}` reference whose ID names no entry of the file's `inputs`.

    ## Why is this bad?
    VS Code cannot resolve the variable when it starts the server and the server does not
    start. Usually a typo or an `inputs` entry that was not copied along.

    ## Example
    ```json
    {"inputs": [{"id": "api-key", "type": "promptString", "password": true}],
     "servers": {"x": {"command": "x", "env": {"KEY": "${input:apikey}"}}}}
    ```
    Did you mean `api-key`?

    ## Fix safety
    No fix.

    References: VS Code MCP docs (input variables), RULES.md.
    """
    for entry, launch in entries(ctx):
        ids = _input_ids(ctx, entry.path)
        if ids is None:
            continue
        for r in _unique([r for r in launch.refs if r.refers_to == "input"]):
            if r.name in ids:
                continue
            from difflib import get_close_matches  # only when suggesting

            close = get_close_matches(r.name, ids, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            declared = "no `inputs` entry" if not ids else "no entry of `inputs`"
            start, end = string_span(ctx, r.path, r.start, r.end)
            yield Finding(
                start,
                end,
                f"`{r.name}` names {declared}: VS Code cannot resolve `${{input:{r.name}}}`{hint}",
                json_path=r.path,
            )


# -- placeholder-value ------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"""(?ix)
    <[a-z][\w .-]*>                                  # <token>, <your-key>
    | \[your[\w .-]*\]                               # [YOUR_KEY]
    | your[-_ ]?[\w.-]*                              # YOUR_API_KEY_HERE, your-token-here
    | [\w.-]*[-_ ]here                               # API_KEY_HERE
    | (insert|enter|put|add|paste)[-_ ]your[-_ ][\w.-]*
    | replace[-_ ]?(me|this|with[-_ ][\w.-]*)
    | change[-_ ]?me | todo | tbd | fixme | placeholder
    | x{3,}([-_]x+)*                                 # xxx, xxxx-xxxx
    | \.\.\.|…
    | [a-z]{2,6}[-_](\.\.\.|…|x{3,}|\*{3,})          # sk-..., ghp_xxx, sk-****
    """
)
_BEARER = re.compile(r"(?i)(bearer|token|basic)\s+")
# A README's example path: /ABSOLUTE/PATH/TO/PARENT/FOLDER/weather, /path/to/server.js,
# C:\\path\\to\\x, /Users/<username>/... (FAILURES.md G2).
_PLACEHOLDER_PATH = re.compile(
    r"(?i)(^|[/\\])(absolute[-_ ]?path|path[/\\]to)([/\\]|$)|[/\\]<[a-z][\w .-]*>([/\\]|$)"
)


# A variable's name where its value belongs (FAILURES.md G2: `"--api-key", "CONTEXT7_API_KEY"`,
# `"GITHUB_TOKEN": "GITHUB_TOKEN"`).
_CREDENTIAL_NAME = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*_?(KEY|TOKEN|SECRET|PASSWORD|PAT)")
_CREDENTIAL_FLAGS = frozenset(
    {"--api-key", "--apikey", "--token", "--access-token", "--auth-token", "--secret", "--password"}
)


def name_for_value(value: str, key: str | None, flag: str | None) -> bool:
    """Whether a credential's value is only the name of its variable: the env entry's own key,
    or an upper-case `*_KEY`/`*_TOKEN` name right after `--api-key`/`--token`."""
    if _CREDENTIAL_NAME.fullmatch(value) is None:
        return False
    return value == key or (flag is not None and flag.lower() in _CREDENTIAL_FLAGS)


def _placeholder_place(field: str, path: tuple[PathPart, ...]) -> str:
    """`env` `API_KEY`, `headers` `Authorization`, `args` item 3."""
    last = path[-1] if path else None
    if isinstance(last, int):
        return f"`{field}` item {last + 1}"
    return f"`{field}` `{last}`"


def _shown(text: str, limit: int = 40) -> str:
    """The value quoted for a message (outputs mask it further if it looks like a secret)."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return json.dumps(short, ensure_ascii=False)


def placeholder_in(text: str, field: str) -> bool:
    """Whether a value is a placeholder left from an example."""
    value = text.strip()
    if field == "headers":
        value = _BEARER.sub("", value, count=1)
    if field == "args" and value.startswith("-") and "=" in value:
        value = value.split("=", 1)[1]
    if not value or len(value) > 200:
        return False
    if field == "args" and value.lower().startswith(("your", "<")) and " " in value:
        return False  # prose, or a shell redirect
    if field != "headers" and _PLACEHOLDER_PATH.search(value):
        return True
    return _PLACEHOLDER.fullmatch(value) is not None


@rule("MCP307", "placeholder-value", Severity.ERROR)
def placeholder_value(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a value in `env`, `headers` or `args` left as an example's placeholder:
    `YOUR_API_KEY_HERE`, `<token>`, `<your-key>`, `xxx`, `changeme`, `sk-...`,
    `your-token-here`, `REPLACE_ME`, `TODO`, and a README's example path
    (`/ABSOLUTE/PATH/TO/PARENT/FOLDER/weather`, `/path/to/server.js`, `/Users/<username>/...`),
    and a variable's name given as its value (`"--api-key", "CONTEXT7_API_KEY"`,
    `"GITHUB_TOKEN": "GITHUB_TOKEN"`).

    ## Why is this bad?
    The server starts and every call fails to authenticate (401, "invalid API key"), or it
    opens a folder that does not exist; the client shows a tool error far from the cause.

    ## Example
    ```json
    {"mcpServers": {"brave": {"command": "npx", "args": ["-y", "@brave/brave-search-mcp"],
      "env": {"BRAVE_API_KEY": "YOUR_API_KEY_HERE"}}}}
    ```

    ## Fix safety
    No fix: only the user has the real value.

    References: FAILURES.md G2 (placeholder values copied from READMEs), python-sdk#334.
    """
    for _entry, launch in entries(ctx):
        view = launch.view
        values: list[tuple[str, StrValue, str | None]] = []
        by_index = {a.path[-1]: a.text for a in view.args}
        for a in view.args:
            before = a.path[-1] - 1 if isinstance(a.path[-1], int) else None
            values.append(("args", a, by_index.get(before) if before is not None else None))
        values += [("env", e.value, e.name) for e in view.env if e.value is not None]
        values += [("headers", h.value, None) for h in view.headers if h.value is not None]
        for field, value, other in values:
            key = other if field == "env" else None
            flag = other if field == "args" else None
            if placeholder_in(value.text, field):
                where = _placeholder_place(field, value.path)
                message = (
                    f"{where} of server {json.dumps(view.name, ensure_ascii=False)} looks like "
                    f"a placeholder left from an example ({_shown(value.text)}): the server "
                    "gets this text, not a real value; put the real value here"
                )
            elif name_for_value(value.text, key, flag):
                message = (
                    f"`{value.text}` is the name of a variable, not its value: put the real "
                    "value here (or a reference in the client's syntax)"
                )
            else:
                continue
            start, end = ctx.span(value.path)
            yield Finding(
                start,
                end,
                message,
                json_path=value.path,
            )
