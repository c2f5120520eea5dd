"""Where the command is: not found on the client's PATH, not executable, found only on the
shell's PATH (a GUI app's PATH lacks it), or relative to a working directory the file does not
fix.

The look-ups are the launch model's (`mcplint.launch.resolve_command`, cached per file in
`Context.resolve_cache`); nothing here searches PATH itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from mcplint.diagnostics import Severity
from mcplint.edits import replace_value
from mcplint.launch import CommandResolution, Launch, resolve_command
from mcplint.rules.base import UNSAFE, Context, Finding, rule, unsafe_fix
from mcplint.rules.paths import cwd_defined, entries, has_variable, is_rooted, stdio_command


def _short_path(dirs: tuple[str, ...] | list[str], limit: int = 4) -> str:
    if not dirs:
        return "(empty)"
    shown = list(dirs[:limit])
    more = f" and {len(dirs) - limit} more" if len(dirs) > limit else ""
    windows = any((len(d) > 1 and d[1] == ":") or "\\" in d for d in shown)
    return (";" if windows else ":").join(shown) + more


def _resolutions(ctx: Context) -> Iterator[tuple[Launch, CommandResolution]]:
    """The resolution of every stdio entry's command on this machine (another target OS:
    nothing; the launch model then answers "unknown")."""
    if not ctx.env.path_dirs():
        return  # no PATH here: this process was not started from a user's shell
    for _entry, launch in entries(ctx):
        if stdio_command(launch) is None or not launch.same_os:
            continue
        yield launch, resolve_command(launch, ctx.env, ctx.resolve_cache)


def _gui(launch: Launch) -> bool:
    return launch.client_path.source in ("launchd", "desktop")


@rule("MCP220", "command-not-found", Severity.ERROR, tags=("machine",))
def command_not_found(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server `command` that is not on the PATH the client gives its servers (the
    client's PATH model for this OS: launchd's PATH for a macOS app started from the Dock,
    the shell's PATH for a CLI, the entry's own `env.PATH` when it sets one), or an absolute
    command that does not exist.

    ## Why is this bad?
    The client cannot start the server: `spawn npx ENOENT`, "Server disconnected", "Failed to
    connect". When the command is on this shell's PATH but the client's servers do not get
    that folder, `command-shell-only` reports it instead (for a desktop app).

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "uvx", "args": ["mcp-server-fetch"]}}}
    ```
    with `uv` not installed.

    ## Fix safety
    No fix: install the program or give its absolute path.

    Tag `machine`: asks this machine's PATH. Not run when linting for another OS, nor when
    mcplint itself has no PATH or none of the PATH's folders exists (nothing to judge by).

    Option: `[tool.mcplint.rules.command-not-found] allow = ["my-wrapper"]`: commands (by name
    or full path) never reported, e.g. installed only where the client runs.

    References: FAILURES.md D1 (spawn ENOENT), servers#40, claude-code#1254.
    """
    allowed: set[str] = set(ctx.option("command-not-found", "allow", ()))
    for launch, res in _resolutions(ctx):
        command = stdio_command(launch)
        assert command is not None
        if allowed and _allowed(res.command or "", allowed):
            continue  # `[tool.mcplint.rules.command-not-found] allow`
        client = launch.client.name
        if res.outcome == "not-found":
            if not res.searched:
                continue  # no folder of the PATH exists here: it says nothing about this machine
            message = (
                f"`{res.command}` is not on the PATH {client} gives its servers "
                f"({_short_path(res.searched)})"
            )
        elif res.outcome == "absolute-missing":
            message = f"`{res.command}` does not exist: {res.why}"
        elif res.outcome == "symlink-loop":
            message = f"`{res.command}` cannot be run: {res.why}"
        elif res.outcome == "shell-only" and not _gui(launch):
            message = (
                f"`{res.command}` is not on the PATH the server gets: {res.why}; use the "
                f"absolute path {res.path}"
            )
        else:
            continue
        start, end = ctx.span(command.path)
        yield Finding(start, end, message, json_path=command.path)


def _allowed(command: str, allowed: set[str]) -> bool:
    """Whether `command` (a name or a path) is one the configuration allows."""
    name = command.replace("\\", "/").rsplit("/", 1)[-1]
    return command in allowed or name in allowed


@rule("MCP221", "command-not-executable", Severity.ERROR, tags=("machine",))
def command_not_executable(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server `command` that exists but cannot be run: a folder, or a file without the
    execute permission.

    ## Why is this bad?
    The client's spawn fails with `EACCES` and the server never starts.

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "/Users/me/mcp/server"}}}
    ```
    where `server` is a folder (the program is `server/bin/run`) or was not `chmod +x`-ed.

    ## Fix safety
    No fix: `chmod +x` the file or name the program inside the folder.

    Tag `machine`: asks this machine's files.

    References: FAILURES.md D1 (EACCES), RULES.md.
    """
    for launch, res in _resolutions(ctx):
        if res.outcome not in ("is-directory", "not-executable"):
            continue
        command = stdio_command(launch)
        assert command is not None
        start, end = ctx.span(command.path)
        yield Finding(
            start,
            end,
            f"`{res.command}` cannot be run: {res.why}",
            json_path=command.path,
        )


@rule(
    "MCP222",
    "command-shell-only",
    Severity.WARNING,
    fix="sometimes",
    safety=(UNSAFE,),
    tags=("machine",),
)
def command_shell_only(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server `command` that this shell finds only in a folder a desktop app's PATH
    lacks: nvm, fnm, volta, asdf, mise or pyenv shims, Homebrew on macOS, `~/.local/bin`
    (uv, pipx), `~/.cargo/bin`. Only for desktop clients started from the Dock or a
    launcher (Claude Desktop, Cursor, Windsurf, Zed), which do not read the shell profile.

    ## Why is this bad?
    `npx` works in the terminal and the server fails in the app with `spawn npx ENOENT`:
    the app's PATH is launchd's `/usr/bin:/bin:/usr/sbin:/sbin` on macOS.

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "npx", "args": ["-y", "some-server"]}}}
    ```
    with `npx` from nvm. Use `/Users/me/.nvm/versions/node/v22.1.0/bin/npx` (and note that
    `npx` itself then needs `node` on PATH: set `env.PATH` too).

    ## Fix safety
    Unsafe: the absolute path is this machine's; it breaks when the version manager switches
    versions, and a file shared with others gets your home folder.

    Tag `machine`: asks this machine's PATH. The PATH of Cursor, Windsurf and of Linux desktop
    apps is assumed (unconfirmed), which the message says.

    References: FAILURES.md D1, CLIENTS-DETAIL.md (PATH per client), servers#64, claude-code
    desktop nvm scan.
    """
    for launch, res in _resolutions(ctx):
        if res.outcome != "shell-only" or not _gui(launch) or res.path is None:
            continue
        command = stdio_command(launch)
        assert command is not None
        where = f" ({res.family})" if res.family else ""
        unsure = "" if res.confirmed else " (assumed: unconfirmed for this client)"
        message = (
            f"`{res.command}` is found only in {res.dir}{where} on this shell's PATH, which "
            f"{launch.client.name} started from the desktop does not get{unsure}: "
            f"{launch.client_path.why}"
        )
        node = ctx.node(command.path)
        fix = None
        if node is not None:
            fix = unsafe_fix(
                f"Use the absolute path {res.path}",
                replace_value(node, json.dumps(res.path, ensure_ascii=False)),
            )
        start, end = ctx.span(command.path)
        yield Finding(start, end, message, fix=fix, json_path=command.path)


@rule("MCP223", "relative-command", Severity.WARNING)
def relative_command(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a `command` that is a relative path (`./server.js`, `bin/server`, `.\\run.cmd`) for
    a client whose working directory for servers the file does not fix.

    ## Why is this bad?
    A relative command is resolved against the server's working directory, not the config
    file's folder: where the client was started (Claude Code, Gemini CLI, Codex), undefined
    (Claude Desktop, often `/`), or unconfirmed (Cursor, Windsurf). It works from one folder
    and fails from another. With an entry `cwd` the client honours, or a client that starts
    servers in the project folder (VS Code, Zed), it is not reported.

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "./build/server"}}}
    ```
    Use the absolute path.

    ## Fix safety
    No fix.

    References: FAILURES.md (relative paths, working directory), CLIENTS-DETAIL.md (cwd per
    client).
    """
    for _entry, launch in entries(ctx):
        command = stdio_command(launch)
        if command is None or launch.command is None or cwd_defined(launch):
            continue
        text = launch.command
        windows = launch.target_os == "win32"
        head = text.split()[0] if text.strip() else text
        has_sep = "/" in head or (windows and "\\" in head)
        if not has_sep or "://" in text:
            continue  # `npx @scope/pkg` in `command`: command-includes-arguments says so
        if is_rooted(text) or text.startswith("~") or has_variable(command.text):
            continue
        start, end = ctx.span(command.path)
        yield Finding(
            start,
            end,
            f"`{text}` is resolved against the server's working directory, not this file's "
            f"folder: {launch.cwd.why}; use an absolute path",
            json_path=command.path,
        )
