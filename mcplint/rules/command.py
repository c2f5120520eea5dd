"""Command-line shape rules (MCP2xx, and `quoted-argument` MCP106): what a stdio server's
`command` + `args` look like as an argv, read statically (nothing is run). The values come from
the typed server view (`servers.server_view`); positions from the tree, only when reporting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from mcplint import shellwords
from mcplint.diagnostics import Severity
from mcplint.edits import insert_item, remove_item
from mcplint.rules.base import SAFE, Context, Finding, rule, safe_fix
from mcplint.servers import ServerView
from mcplint.text import TextEdit
from mcplint.tree import Node, PathPart

_Getter = Callable[[str], str | None]

# -- the argv of an entry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One word of the argv: the command (`index` -1) or `args[index]`."""

    text: str
    path: tuple[PathPart, ...]
    index: int

    @property
    def base(self) -> str:
        return program_name(self.text)


def program_name(text: str) -> str:
    """`C:\\Program Files\\nodejs\\npx.cmd` -> `npx`: the lower-case file name without a
    Windows executable extension."""
    name = re.split(r"[\\/]", text.strip())[-1].lower()
    for ext in (".exe", ".cmd", ".bat", ".ps1"):
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


def stdio_views(ctx: Context) -> Iterator[ServerView]:
    """The typed view of every entry that has a string `command`."""
    for entry in ctx.servers:
        view = ctx.view(entry)
        if view.command is not None and view.transport in ("stdio", None):
            yield view


def argv(view: ServerView) -> list[Word]:
    """The command and its string args (a wrong-typed arg is left out: the schema reports it)."""
    assert view.command is not None
    words = [Word(view.command.text, view.command.path, -1)]
    words.extend(Word(a.text, a.path, int(a.path[-1])) for a in view.args)
    return words


# Programs that run (some of) their arguments through a shell: `&&` and quotes are theirs.
SHELLS = frozenset(
    {"sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "cmd", "powershell", "pwsh", "ssh", "wsl"}
)


def shell_index(words: list[Word]) -> int | None:
    """The index of the first word that is a shell (`sh`, `cmd`, `powershell`, `ssh`, ...):
    what follows it is the shell's to interpret."""
    for i, word in enumerate(words):
        if word.base in SHELLS:
            return i
    return None


def cmd_program(words: list[Word]) -> int:
    """The index of the program actually run: after `cmd /c` (and its `/s /d /q` switches)
    when the command is `cmd`, else 0."""
    if words and words[0].base == "cmd":
        for i in range(1, len(words)):
            flag = words[i].text.lower()
            if flag in ("/c", "/k"):
                return i + 1 if i + 1 < len(words) else 0
            if flag not in ("/s", "/d", "/q"):
                return 0
    return 0


def _dumps(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _items(texts: list[str]) -> str:
    return ", ".join(_dumps(t) for t in texts)


# -- fixes on the argv ---------------------------------------------------------------------------


def _args_node(ctx: Context, view: ServerView) -> Node | None:
    node = ctx.node((*view.path, "args"))
    return node if node is not None and node.kind == "array" else None


def insert_args(ctx: Context, view: ServerView, index: int, texts: list[str]) -> TextEdit | None:
    """Insert `texts` as args `index...` (an existing array), or a new `args` member right
    after `command` when the entry has none and `index` is 0. None when not possible."""
    array = _args_node(ctx, view)
    if array is not None:
        if index > len(array.items):
            return None
        return insert_item(ctx.text, array, index, _items(texts))
    if index != 0 or ctx.node((*view.path, "args")) is not None:
        return None  # an `args` of the wrong type: the schema reports it, no guess here
    entry = ctx.node(view.path)
    member = entry.get("command") if entry is not None and entry.kind == "object" else None
    if entry is None or member is None or member.value is None:
        return None
    at = member.value.end
    if ctx.dialect == "toml":
        if ctx.text.startswith("{", entry.start):  # an inline table
            return TextEdit(at, at, f", args = [{_items(texts)}]")
        if ctx.text.startswith("[", entry.start):  # a [mcp_servers.NAME] table
            return TextEdit(at, at, f"{_newline(ctx.text)}args = [{_items(texts)}]")
        return None  # dotted keys (`fetch.command = ...`): no guess at the right key
    sep = " "
    between = ctx.text[entry.start : member.start]
    if "\n" in between or "\r" in between:
        line_start = max(
            ctx.text.rfind("\n", 0, member.start), ctx.text.rfind("\r", 0, member.start)
        )
        indent = ctx.text[line_start + 1 : member.start]
        if indent.strip() == "":
            sep = _newline(ctx.text) + indent
    return TextEdit(at, at, f',{sep}"args": [{_items(texts)}]')


def _newline(text: str) -> str:
    at = text.find("\n")
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def replace_word(ctx: Context, word: Word, texts: list[str]) -> TextEdit | None:
    """Replace one word's value by one or (for an arg) several strings."""
    node = ctx.node(word.path)
    if node is None or node.kind != "string" or (word.index < 0 and len(texts) != 1):
        return None
    return TextEdit(node.start, node.end, _items(texts))


def _span(ctx: Context, path: tuple[PathPart, ...]) -> tuple[int, int]:
    return ctx.span(path)


def _name(view: ServerView) -> str:
    return f"server {_dumps(view.name)}"


# -- command-includes-arguments --------------------------------------------------------------

# Words that are arguments, not part of a file name with spaces.
_SCRIPT = re.compile(r"\.(m?js|cjs|ts|mts|py|rb|pl|php|jar|sh|ps1)$", re.IGNORECASE)
_SHELL_CHARS = re.compile(r"[()<>|&;$`]")
# Programs that take a package, a script or a subcommand as their first argument.
_RUNNERS = frozenset(
    {
        "npx",
        "uvx",
        "uv",
        "node",
        "python",
        "python3",
        "py",
        "deno",
        "bun",
        "bunx",
        "docker",
        "podman",
        "pipx",
        "java",
        "go",
        "dotnet",
        "ruby",
        "php",
        "npm",
        "pnpm",
        "pnpx",
        "yarn",
        "cargo",
        "poetry",
        "conda",
        "mcp-proxy",
        "mcp-remote",
        "sh",
        "bash",
        "cmd",
        "pwsh",
        "powershell",
        "tsx",
        "ts-node",
        "kubectl",
        "gh",
    }
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PATH_START = re.compile(r"^([/~.]|[A-Za-z]:[\\/]|\\\\)")


def _looks_argument(word: str) -> bool:
    return (
        word.startswith(("-", "@"))
        or "=" in word
        or "://" in word
        or _SCRIPT.search(word) is not None
        or word in ("run", "exec", "serve", "start", "stdio")
    )


@dataclass(frozen=True)
class CommandSplit:
    words: list[str] | None  # None: no split is safe
    why: str = ""


def split_command(text: str) -> CommandSplit | None:
    """How a `command` holding spaces splits into a program and arguments; None when it is
    one program (a path with spaces and nothing that looks like an argument)."""
    line = text.strip()
    if " " not in line or _CONTROL.search(line):
        return None  # a tab or newline is an escape gone wrong (`"c:\tools"`), not a space
    if shellwords.has_quotes(line):
        words = shellwords.split(line)
        if words is None:
            return CommandSplit(None, "its quotes are not closed")
        if len(words) < 2:
            return None  # one quoted program name: nothing to split
        return CommandSplit(words)
    plain = line.split()
    if not _PATH_START.match(line):
        if _SHELL_CHARS.search(line) or not (
            program_name(plain[0]) in _RUNNERS or any(_looks_argument(w) for w in plain[1:])
        ):
            return CommandSplit(
                None,
                "it reads as words or a placeholder, not as a program and its arguments: "
                "split it by hand",
            )
        return CommandSplit(shellwords.split(line))
    # An unquoted path: `/Applications/My App/bin/x` is one file; `/usr/bin/node server.js`
    # is a program and an argument. Only the words up to the first argument-looking one can
    # be the program; more than one of them is a path with spaces: no safe split.
    first_arg = next((i for i, w in enumerate(plain) if i > 0 and _looks_argument(w)), None)
    if first_arg is None:
        return None
    if first_arg > 1:
        program = " ".join(plain[:first_arg])
        return CommandSplit(
            None, f"the program may be `{program}` (a path with spaces): quote it or split by hand"
        )
    return CommandSplit(shellwords.split(line))


_SEVERAL = re.compile(r"^-{1,2}[A-Za-z][\w.-]*$")
_FORBIDDEN_IN_SPLIT = re.compile(r"[\"'\\$`|&;<>(){}]")
# Flags whose value is a command line or a script for the program: their arg is one string.
_SCRIPT_FLAGS = frozenset({"-c", "-e", "--eval", "-p", "--print", "--command", "-command", "/c"})


def split_arg(text: str) -> list[str] | None:
    """`"-y @scope/pkg"` -> `["-y", "@scope/pkg"]`: several arguments in one element, when
    unambiguous (a flag followed by its value, flags, no quotes or escapes); else None."""
    if _FORBIDDEN_IN_SPLIT.search(text) or _CONTROL.search(text) or text != text.strip():
        return None
    words = text.split()
    if len(words) < 2 or not _SEVERAL.match(words[0]):
        return None
    value_allowed = False
    for word in words:
        if _SEVERAL.match(word):
            value_allowed = True
        elif value_allowed and not word.startswith("-"):
            value_allowed = False
        else:
            return None
    return words


# Runners whose first argument is a subcommand: `"run --with mcp[cli] mcp run server.py"` given
# to `uv` as one element is several arguments too (FAILURES.md C2).
_SUBCOMMANDS = {
    "uv": frozenset({"run", "tool"}),
    "docker": frozenset({"run"}),
    "podman": frozenset({"run"}),
    "npm": frozenset({"exec"}),
    "pnpm": frozenset({"dlx", "exec"}),
    "yarn": frozenset({"dlx"}),
    "deno": frozenset({"run"}),
    "bun": frozenset({"run", "x"}),
}
# Backslashes are kept: no shell is involved, a Windows path is one word.
_FORBIDDEN_IN_SUBCOMMAND = re.compile(r"[\"'$`|&;<>(){}]")


def split_subcommand(program: str, text: str) -> list[str] | None:
    """`uv` + `"run --with mcp[cli] mcp run server.py"` -> its words, when the element starts
    with the runner's subcommand and holds no quotes or shell syntax; else None."""
    if _FORBIDDEN_IN_SUBCOMMAND.search(text) or _CONTROL.search(text) or text != text.strip():
        return None
    words = text.split()
    if len(words) < 2 or words[0] not in _SUBCOMMANDS.get(program_name(program), frozenset()):
        return None
    return words


@rule(
    "MCP201",
    "command-includes-arguments",
    Severity.ERROR,
    fix="sometimes",
    safety=(SAFE,),
)
def command_includes_arguments(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a whole command line in `command` (`"npx -y pkg"`,
    `"\\"C:\\\\Program Files\\\\nodejs\\\\node.exe\\" server.js"`) and several
    arguments in one `args` element (`"-y @scope/pkg"`, `"--port 3000"`, and a runner's
    subcommand line as its first argument: `uv` + `"run --with mcp[cli] mcp run server.py"`).
    A command that is a path with spaces and nothing else (`/Applications/My App/bin/x`) is
    left alone.

    ## Why is this bad?
    Clients start the server without a shell: the whole string is taken as the program's file
    name (`spawn npx -y pkg ENOENT`), and an element `"--port 3000"` reaches the program as one
    argument, which its option parser does not recognise.

    ## Example
    ```json
    {"mcpServers": {"fetch": {"command": "npx -y mcp-fetch"}}}
    ```
    Use instead: `{"command": "npx", "args": ["-y", "mcp-fetch"]}`

    ## Fix safety
    Safe: the line is split as a POSIX shell would (quotes respected; backslashes kept in a
    Windows path), the program stays in `command` and the other words go first in `args`. No
    fix when the split is ambiguous (an unquoted path with spaces followed by arguments,
    unclosed quotes), or when `args` is not an array.

    References: FAILURES.md C1 "whole command line in command" (`spawn npx -y ... ENOENT`),
    C2 (several arguments in one element; copilot-cli#117).
    """
    for view in stdio_views(ctx):
        words = argv(view)
        command = words[0]
        if not ctx.env.exists(command.text.strip()):
            found = split_command(command.text)
            if found is not None:
                yield _command_finding(ctx, view, command, found)
        shell = shell_index(words)
        for i, word in enumerate(words[1:], start=1):
            if shell is not None and i > shell:
                break
            if words[i - 1].text.lower() in _SCRIPT_FLAGS:
                continue
            parts = split_arg(word.text)
            if parts is None and i == 1 and not ctx.env.exists(word.text):
                parts = split_subcommand(command.text, word.text)
            if parts is None:
                continue
            start, end = _span(ctx, word.path)
            edit = replace_word(ctx, word, parts)
            fix = safe_fix("Split into " + _items(parts), edit) if edit is not None else None
            message = (
                f"{_name(view)}: args[{word.index}] {_dumps(word.text)} holds {len(parts)} "
                "arguments in one string; the program gets it as one argument"
            )
            yield Finding(start, end, message, fix, json_path=word.path)


def _command_finding(ctx: Context, view: ServerView, command: Word, found: CommandSplit) -> Finding:
    start, end = _span(ctx, command.path)
    message = (
        f"{_name(view)}: `command` holds a whole command line; the client runs no shell and "
        "looks for a program of that name"
    )
    fix = None
    if found.words is None:
        message += f" ({found.why})"
    elif found.words:
        program, rest = found.words[0], found.words[1:]
        edits = [replace_word(ctx, command, [program]), insert_args(ctx, view, 0, rest)]
        if all(e is not None for e in edits) and rest:
            message += f": the program is {_dumps(program)}"
            fix = safe_fix(
                f"Split into command {_dumps(program)} and args [{_items(rest)}]",
                *[e for e in edits if e is not None],
            )
    return Finding(start, end, message, fix, json_path=command.path)


# -- quoted-argument -------------------------------------------------------------------------


def unquoted(text: str) -> str | None:
    """The text inside its own quotes (`"\\"C:\\\\x y\\""` -> `C:\\x y`), or None."""
    if len(text) < 3 or text[0] not in "\"'" or text[-1] != text[0]:
        return None
    inner = text[1:-1]
    return None if text[0] in inner else inner


@rule("MCP106", "quoted-argument", Severity.WARNING, fix="always", safety=(SAFE,))
def quoted_argument(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds an argument wrapped in its own quotes: `"\\"C:\\\\My Files\\\\x.js\\""`, `"'--flag'"`,
    and a `command` wrapped in them (`"\\"C:\\\\Program Files\\\\nodejs\\\\node.exe\\""`).

    ## Why is this bad?
    Clients pass `args` to the program as they are, without a shell: no one strips the quotes,
    and the program gets a file name or a flag that starts and ends with a quote character.
    Each element is already one argument, spaces and all.

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "node", "args": ["\\"C:\\\\My Files\\\\x.js\\""]}}}
    ```
    Use instead: `"args": ["C:\\\\My Files\\\\x.js"]`

    ## Fix safety
    Safe: the outer quotes go, the argument is the one the quotes meant. Arguments of a shell
    (`sh -c`, `cmd /c`, `powershell`) are the shell's to unquote and are not reported.

    References: FAILURES.md "quoted paths in args" (Windows paths with spaces).
    """
    for view in stdio_views(ctx):
        words = argv(view)
        shell = shell_index(words)
        for i, word in enumerate(words):
            if shell is not None and i > shell:
                break
            inner = unquoted(word.text)
            if inner is None:
                continue
            start, end = _span(ctx, word.path)
            edit = replace_word(ctx, word, [inner])
            fix = safe_fix(f"Drop the quotes: {_dumps(inner)}", edit) if edit else None
            if word.index < 0:
                what = "the program's file name: the client looks for a file named with quotes"
                where = "`command`"
            else:
                what = "the program gets them as part of the argument"
                where = f"args[{word.index}]"
            message = (
                f"{_name(view)}: {where} is wrapped in its own quotes; no shell strips them, {what}"
            )
            yield Finding(start, end, message, fix, json_path=word.path)


# -- shell-syntax-in-args --------------------------------------------------------------------

_OPERATORS = frozenset({"&&", "||", "|", ">", ">>", "<", ";", "&", "2>&1", "2>", "&>", "|&"})
_REDIRECT = re.compile(r"^(\d?>>?|&>)(/|&\d|[\w.~-]+$)")
# Inside a longer argument only what is unmistakably shell: `a && b`, `$(...)`, `` `...` ``
# (a lone `|`, `>` or `;` there is as likely a regex, a query or SQL).
_INLINE = re.compile(r"\s(&&|\|\|)\s|\$\([^)]*\)|`[^`]+`")


def shell_syntax(text: str) -> str | None:
    """The shell syntax in one argument (`&&`, `|`, `>`, `$(...)`, backticks, `;`), or None."""
    stripped = text.strip()
    if stripped in _OPERATORS:
        return stripped
    if _REDIRECT.match(stripped):
        return stripped
    found = _INLINE.search(text)
    if found is None:
        return None
    return found.group(1) or found.group(0).strip()


@rule("MCP202", "shell-syntax-in-args", Severity.WARNING)
def shell_syntax_in_args(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds shell syntax in `command` or `args`: `&&`, `||`, `|`, `>`, `;`, `$(...)`,
    backticks, where no shell runs them. A shell run on purpose (`sh -c "..."`, `bash -c`,
    `cmd /c`, `powershell -Command`, `ssh host ...`) is fine: what follows it is its job.

    ## Why is this bad?
    Clients start the program directly: `&&` and `>` reach it as plain arguments, `$(...)` is
    never substituted, and the second command never runs. The server fails with a confusing
    usage error or works on a literal `$(pwd)`.

    ## Example
    ```json
    {"mcpServers": {"x": {"command": "cd", "args": ["/srv", "&&", "node", "index.js"]}}}
    ```
    Use instead: `{"command": "node", "args": ["index.js"], "cwd": "/srv"}` (where the client
    reads `cwd`), or `"command": "sh", "args": ["-c", "cd /srv && node index.js"]`.

    ## Fix safety
    No automatic fix: only you know whether a shell is wanted.

    References: FAILURES.md "shell syntax in args"; clients spawn without a shell.
    """
    for view in stdio_views(ctx):
        words = argv(view)
        shell = shell_index(words)
        for i, word in enumerate(words):
            if shell is not None and i >= shell:
                break
            found = shell_syntax(word.text)
            if found is None:
                continue
            start, end = _span(ctx, word.path)
            where = "`command`" if word.index < 0 else f"args[{word.index}]"
            message = (
                f"{_name(view)}: {where} has shell syntax `{found}`, but no shell runs the "
                "server: it reaches the program as plain text (use `sh -c` or `cmd /c` if a "
                "shell is meant)"
            )
            yield Finding(start, end, message, json_path=word.path)


# -- npx-missing-yes -------------------------------------------------------------------------

_NPX_VALUE_FLAGS = frozenset({"-p", "--package", "-c", "--call", "-w", "--workspace"})
_NPX_YES = re.compile(r"^(-y|--yes|--yes=.*|--no|--no-yes|--no-install|-n|--prefer-offline)$")


def npx_answers(args: list[str]) -> bool:
    """True when npx's own flags (before the package) say whether to install: `-y`, `--yes`,
    `--no`, `--no-install`."""
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--" or not word.startswith("-"):
            return False
        if _NPX_YES.match(word):
            return True
        if word in _NPX_VALUE_FLAGS:
            i += 1
        i += 1
    return False


@rule("MCP203", "npx-missing-yes", Severity.INFO, fix="sometimes", safety=(SAFE,))
def npx_missing_yes(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds `npx` (also `npx.cmd`, `cmd /c npx ...`) run without `-y`/`--yes` before the package.

    ## Why is this bad?
    When the package is not in npm's cache, npx asks "Need to install the following packages:
    ... Ok to proceed?" when stdin is a TTY, and refuses when npm's `yes` is set to false.
    With `-y` the answer is given up front. `--no` (or `--no-install`) also answers: never
    install, and is left alone.

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx", "args": ["@modelcontextprotocol/server-filesystem"]}}}
    ```
    Use instead: `"args": ["-y", "@modelcontextprotocol/server-filesystem"]`

    ## Fix safety
    Safe: `-y` is inserted right after `npx`; it only answers the install question.

    References: npm exec docs (`--yes`); FAILURES.md "npx prompts to install".
    """
    for view in stdio_views(ctx):
        words = argv(view)
        at = cmd_program(words)
        if at >= len(words) or words[at].base != "npx" or len(words) == at + 1:
            continue
        if npx_answers([w.text for w in words[at + 1 :]]):
            continue
        npx = words[at]
        start, end = _span(ctx, npx.path)
        edit = insert_args(ctx, view, npx.index + 1, ["-y"])
        fix = safe_fix("Insert `-y` after npx", edit) if edit is not None else None
        message = (
            f"{_name(view)}: npx without `-y` asks before installing the package; the client "
            "cannot answer"
        )
        yield Finding(start, end, message, fix, json_path=npx.path)


# -- docker ----------------------------------------------------------------------------------

_DOCKER = frozenset({"docker", "podman", "nerdctl"})
_DOCKER_GLOBAL_VALUE = frozenset(
    {"--context", "-c", "-H", "--host", "--config", "-l", "--log-level"}
)
_RUN_VALUE_FLAGS = frozenset(
    """-e --env -v --volume -p --publish --name --network --net -w --workdir -u --user
    --env-file --mount -l --label --entrypoint --platform -m --memory --cpus --add-host
    --device --cap-add --cap-drop --security-opt --ulimit --dns --hostname -h --restart --pull
    --runtime --shm-size --tmpfs --log-driver --log-opt --gpus --ipc --pid --userns
    --volumes-from --link --expose --label-file --cidfile --stop-signal --stop-timeout
    --health-cmd --group-add --memory-swap --cpu-shares -c --cpuset-cpus --attach -a
    --detach-keys --isolation --ip --ip6 --mac-address --network-alias --annotation
    --storage-opt --sysctl --uts --cgroupns --device-cgroup-rule --oom-score-adj""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class DockerRun:
    run: int  # index of `run` in the argv
    options: list[int]  # indexes of the run options (and their values), before the image


def docker_run(words: list[Word]) -> DockerRun | None:
    """`docker run ...` (or podman/nerdctl; `container run`): where `run` and its options are."""
    if not words or words[0].base not in _DOCKER:
        return None
    i = 1
    while i < len(words) and words[i].text.startswith("-"):
        i += 2 if words[i].text in _DOCKER_GLOBAL_VALUE else 1
    if i < len(words) and words[i].text == "container":
        i += 1
    if i >= len(words) or words[i].text != "run":
        return None
    run = i
    options: list[int] = []
    i += 1
    while i < len(words) and words[i].text.startswith("-") and words[i].text != "--":
        options.append(i)
        if words[i].text in _RUN_VALUE_FLAGS and i + 1 < len(words):
            options.append(i + 1)
            i += 1
        i += 1
    return DockerRun(run, options)


def _interactive(words: list[Word], found: DockerRun) -> bool:
    for i in found.options:
        text = words[i].text
        if text in ("--interactive", "--interactive=true"):
            return True
        is_value = i - 1 in found.options and words[i - 1].text in _RUN_VALUE_FLAGS
        if re.match(r"^-[A-Za-z]+$", text) and "i" in text[1:] and not is_value:
            return True
    return False


def _detached(words: list[Word], found: DockerRun) -> int | None:
    """The index of `-d`/`--detach` (or a flag group such as `-dit`) among the run options."""
    for i in found.options:
        text = words[i].text
        if text in ("--detach", "--detach=true"):
            return i
        is_value = i - 1 in found.options and words[i - 1].text in _RUN_VALUE_FLAGS
        if re.match(r"^-[A-Za-z]+$", text) and "d" in text[1:] and not is_value:
            return i
    return None


@rule("MCP204", "docker-missing-interactive", Severity.ERROR, fix="sometimes", safety=(SAFE,))
def docker_missing_interactive(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds `docker run` (or `podman run`) without `-i` (`--interactive`, or a flag group such
    as `-it` or `-ti`) before the image, and `docker run -d` (`--detach`), which detaches the
    container even with `-i`.

    ## Why is this bad?
    Without `-i` Docker does not attach the container's stdin: the stdio transport has no
    input, the server reads end-of-file and exits, and the client reports "Connection closed".
    With `-d` the docker command prints the container's id and exits at once.

    ## Example
    ```json
    {"mcpServers": {"gh": {"command": "docker",
      "args": ["run", "--rm", "ghcr.io/github/github-mcp-server"]}}}
    ```
    Use instead: `"args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"]`

    ## Fix safety
    Safe: `-i` is inserted right after `run`; it only keeps stdin open. A lone `-d` is removed
    (safe: a detached container never served the client); a flag group such as `-dit` is left
    to you.

    References: FAILURES.md H10 "docker run without -i" (or with `-d`), servers#450; every
    Docker MCP server README uses `-i`.
    """
    for view in stdio_views(ctx):
        words = argv(view)
        found = docker_run(words)
        if found is None:
            continue
        if _interactive(words, found):
            detach = _detached(words, found)
            if detach is not None:
                yield _detached_finding(ctx, view, words, detach)
            continue
        command = words[0]
        start, end = _span(ctx, command.path)
        run = words[found.run]
        edit = insert_args(ctx, view, run.index + 1, ["-i"]) if run.index >= 0 else None
        fix = safe_fix("Insert `-i` after `run`", edit) if edit is not None else None
        message = (
            f"{_name(view)}: `{command.base} run` without `-i`: the container's stdin is "
            "closed and the stdio server exits at once"
        )
        yield Finding(start, end, message, fix, json_path=command.path)


def _detached_finding(ctx: Context, view: ServerView, words: list[Word], detach: int) -> Finding:
    command, flag = words[0], words[detach]
    start, end = _span(ctx, command.path)
    fix = None
    array = _args_node(ctx, view)
    if flag.text in ("-d", "--detach") and array is not None and flag.index < len(array.items):
        edits = remove_item(ctx.text, array, flag.index)
        fix = safe_fix(f"Remove `{flag.text}`", *edits)
    message = (
        f"{_name(view)}: `{command.base} run {flag.text}` runs the container detached: the "
        "client gets the container's id and an ended process instead of the server's stdio"
    )
    return Finding(start, end, message, fix, json_path=command.path)


# Variables the docker CLI itself reads, or that are no container's business.
_DOCKER_OWN = re.compile(
    r"^(DOCKER_.*|PATH|HOME|USER|USERPROFILE|APPDATA|LOCALAPPDATA|SYSTEMROOT|TMPDIR|TEMP|TMP|"
    r"XDG_.*|SSH_AUTH_SOCK|LANG|LC_.*|HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|"
    r"BUILDKIT_.*|CONTAINER_HOST|CONTAINERS_.*|PODMAN_.*)$"
)
_ENV_FLAGS = ("-e", "--env")
_NOTE = re.compile(r"^(//|#)|comment", re.IGNORECASE)  # `"_comment": "..."`: a note, no variable


def _passed_envs(words: list[Word], found: DockerRun) -> list[tuple[str, Word, bool]]:
    """(NAME, the word naming it, whether a value is given) for each `-e`/`--env` option."""
    out: list[tuple[str, Word, bool]] = []
    for i in found.options:
        text = words[i].text
        value: Word | None = None
        if text in _ENV_FLAGS and i + 1 in found.options:
            value = words[i + 1]
            body = value.text
        elif text.startswith("--env="):
            value, body = words[i], text[len("--env=") :]
        elif text.startswith("-e") and len(text) > 2 and text[2] != "-":
            value, body = words[i], text[2:].lstrip("=")
        else:
            continue
        name, has_value = body.split("=", 1)[0], "=" in body
        if name:
            out.append((name, value, has_value))
    return out


@rule("MCP205", "docker-env-not-passed", Severity.WARNING, tags=("machine",))
def docker_env_not_passed(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Checks the environment variables of `docker run`: a `-e NAME` whose NAME the server's
    process does not have (not in the entry's `env`, not in the environment the client passes
    on, as seen on this machine), and an `env` entry of the server that no `-e NAME`,
    `--env NAME` or `--env-file` passes into the container.

    ## Why is this bad?
    `env` sets variables for the `docker` process, not for the container: a token there never
    reaches the server inside. And `-e NAME` without a value copies NAME from docker's own
    environment: when it is unset, the container gets nothing and the server fails to log in.

    ## Example
    ```json
    {"mcpServers": {"gh": {"command": "docker",
      "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
      "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_..."}}}}
    ```
    Use instead: `"args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN",
    "ghcr.io/github/github-mcp-server"]`

    ## Fix safety
    No automatic fix: where the value should come from is for you to decide.

    References: FAILURES.md "docker env not passed"; github-mcp-server README (`-e` + `env`).
    """
    for view in stdio_views(ctx):
        words = argv(view)
        found = docker_run(words)
        if found is None:
            continue
        passed = _passed_envs(words, found)
        names = {name for name, _, _ in passed}
        server_env = _child_env(ctx, view)
        for name, word, has_value in passed:
            if has_value or server_env(name) is not None:
                continue
            start, end = _span(ctx, word.path)
            message = (
                f"{_name(view)}: `-e {name}` copies {name} from docker's environment, but "
                "neither the server's `env` nor the environment the client passes on (as seen "
                "here) sets it: the container gets nothing"
            )
            yield Finding(start, end, message, json_path=word.path)
        if any(words[i].text.startswith("--env-file") for i in found.options):
            continue
        mentioned = " ".join(words[i].text for i in found.options)
        for env in view.env:
            if env.name in names or _DOCKER_OWN.match(env.name) or _NOTE.search(env.name):
                continue
            if re.search(rf"(?<![\w]){re.escape(env.name)}(?![\w])", mentioned):
                continue
            start, end = ctx.span(env.path, key=True)
            message = (
                f"{_name(view)}: `env` sets {env.name} for the docker command, but no "
                f"`-e {env.name}` passes it into the container"
            )
            yield Finding(start, end, message, json_path=env.path)


def _child_env(ctx: Context, view: ServerView) -> _Getter:
    """The server process's environment: the launch model's when the client is known."""
    client = ctx.client
    if client is not None:
        from mcplint.launch import plan_launch

        launch = plan_launch(view, client, ctx.env, config_path=ctx.path, kind=ctx.kind)
        return launch.env.get
    names = {e.name: e.value for e in view.env}

    def get(name: str) -> str | None:
        value = names.get(name)
        return value.text if value is not None else ctx.env.getenv(name)

    return get


# -- windows-npx-needs-cmd -------------------------------------------------------------------

_SHIMS = frozenset(
    {"npx", "npm", "pnpm", "pnpx", "yarn", "yarnpkg", "tsx", "ts-node", "corepack", "bunx"}
)
_UNCONFIRMED_REPORTED = ("claude-code", "cline")


@rule(
    "MCP206",
    "windows-npx-needs-cmd",
    Severity.WARNING,
    fix="sometimes",
    safety=(SAFE,),
)
def windows_npx_needs_cmd(ctx: Context) -> Iterator[Finding]:
    """## What it does
    On Windows, finds `npx`, `npm`, `pnpm`, `yarn` and other `.cmd` shims used as `command`
    by a client that spawns them directly, without resolving `.cmd` through PATHEXT: Claude
    Code before mid-2026 (whether current versions still need it is unconfirmed) and older
    Cline builds. Clients that resolve shims (Claude Desktop, VS Code, current Cline, Gemini
    CLI, Codex) are never reported.

    ## Why is this bad?
    `npx` on Windows is `npx.cmd`, a batch file: spawned without a shell it is not found
    (`spawn npx ENOENT`) and the client says "Connection closed".

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"]}}}
    ```
    Use instead: `{"command": "cmd", "args": ["/c", "npx", "-y", "pkg"]}`

    ## Fix safety
    Safe: `cmd /c` runs the same command line through the shell that knows `.cmd` files.

    References: Claude Code docs' former Windows warning (`cmd /c npx`, removed 2026-06-24);
    cline/cline#2204; CLIENTS-DETAIL.md "Windows shims".
    """
    client = ctx.client
    if client is None or not ctx.env.is_windows:
        return
    shims = client.resolves_cmd_shims
    if shims is True or (shims is None and client.id not in _UNCONFIRMED_REPORTED):
        return
    for view in stdio_views(ctx):
        command = argv(view)[0]
        if command.base not in _SHIMS or re.search(r"[\\/]", command.text):
            continue
        start, end = _span(ctx, command.path)
        if shims is False:
            why = f"{client.name} does not run `.cmd` shims directly"
        else:
            why = (
                f"{client.name} did not run `.cmd` shims directly (whether current versions "
                "still need `cmd /c` is unconfirmed)"
            )
        message = (
            f"{_name(view)}: `{command.text}` is a `.cmd` shim on Windows and {why}: "
            f"use `cmd /c {command.text}`"
        )
        edits = [
            replace_word(ctx, command, ["cmd"]),
            insert_args(ctx, view, 0, ["/c", command.text]),
        ]
        fix = None
        if all(e is not None for e in edits):
            fix = safe_fix(
                f"Run through `cmd /c {command.text}`", *[e for e in edits if e is not None]
            )
        yield Finding(start, end, message, fix, json_path=command.path)


# -- mcp-remote-allow-http -------------------------------------------------------------------

_LOOPBACK = re.compile(r"^(localhost|.*\.localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0|\[::1\])$")


def _non_loopback_http(text: str) -> bool:
    if not text.lower().startswith("http://") or any(ch in text for ch in "${}% "):
        return False
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return False
    return bool(host) and _LOOPBACK.match(host or "") is None


def _is_mcp_remote(word: Word) -> bool:
    text = word.text.strip().lower()
    return word.base == "mcp-remote" or re.match(r"^mcp-remote(@[\w.^~-]+)?$", text) is not None


@rule("MCP207", "mcp-remote-allow-http", Severity.ERROR, fix="sometimes", safety=(SAFE,))
def mcp_remote_allow_http(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds `mcp-remote` (run through `npx` or directly) pointed at a plain `http://` url of a
    host that is not this machine (`localhost`, `127.0.0.1`, `::1` are fine) without
    `--allow-http`.

    ## Why is this bad?
    mcp-remote refuses non-HTTPS urls except on loopback unless `--allow-http` is given: the
    proxy exits with "Non-HTTPS URLs are only allowed for localhost or when --allow-http flag
    is provided" and the client shows the server as failed.

    ## Example
    ```json
    {"mcpServers": {"r": {"command": "npx", "args": ["-y", "mcp-remote", "http://10.0.0.5:8000/mcp"]}}}
    ```
    Use instead: `"args": ["-y", "mcp-remote", "http://10.0.0.5:8000/mcp", "--allow-http"]`,
    or better an `https://` url.

    ## Fix safety
    Safe: the flag only lets mcp-remote do what the url asks for; the url itself is unchanged
    (serving it over HTTPS remains the better fix).

    References: mcp-remote README (`--allow-http`); FAILURES.md "mcp-remote http".
    """
    for view in stdio_views(ctx):
        words = argv(view)
        at = next((i for i, w in enumerate(words) if _is_mcp_remote(w)), None)
        if at is None:
            continue
        rest = words[at + 1 :]
        if any(w.text.strip() == "--allow-http" for w in rest):
            continue
        url = next((w for w in rest if w.text.lower().startswith(("http://", "https://"))), None)
        if url is None or not _non_loopback_http(url.text) or url.index < 0:
            continue
        start, end = _span(ctx, url.path)
        edit = insert_args(ctx, view, url.index + 1, ["--allow-http"])
        fix = safe_fix("Add `--allow-http`", edit) if edit is not None else None
        message = (
            f"{_name(view)}: mcp-remote refuses a plain http:// url of another host without "
            "`--allow-http` (use https, or add the flag)"
        )
        yield Finding(start, end, message, fix, json_path=url.path)
