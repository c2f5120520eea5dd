"""The command line, ruff-like.

    mcplint [check] [PATH...]   lint files (a folder: the config files in it; none: this machine's)
    mcplint rule NAME|CODE      a rule's documentation
    mcplint rules               every rule
    mcplint clients             the clients mcplint knows and the config files found here
    mcplint help [COMMAND]      help on mcplint or one command

Exit codes: 0 no error or warning, 1 errors or warnings found (or, with --diff, changes to make
or errors that no fix repairs; or a folder holding no config file mcplint knows), 2 usage error
or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, BinaryIO, NoReturn, TextIO

from mcplint import __version__

if TYPE_CHECKING:
    from mcplint.cache import ResultCache
    from mcplint.diagnostics import Diagnostic
    from mcplint.engine import FileResult, Options
    from mcplint.env import Environment


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, its arguments for the usage line, and one line of help."""

    name: str
    args: str
    summary: str


# Every subcommand, in the order `mcplint --help` lists them: a new one is added here.
COMMANDS: tuple[Command, ...] = (
    Command("check", "[PATH...]", "lint files (the default command: `mcplint PATH` is the same)"),
    Command("rule", "NAME|CODE", "explain one rule"),
    Command("rules", "", "list every rule"),
    Command("clients", "", "list the clients mcplint knows and their config files found here"),
    Command("help", "[COMMAND]", "show this help, or one command's"),
)
SUBCOMMANDS = tuple(c.name for c in COMMANDS)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for item in values or [] for v in item.split(",") if v.strip())


def commands_table() -> str:
    """The subcommands, one line each (for `mcplint --help` and `mcplint help`)."""
    width = max(len(f"{c.name} {c.args}") for c in COMMANDS)
    rows = [f"  mcplint {f'{c.name} {c.args}'.strip():<{width}}  {c.summary}" for c in COMMANDS]
    return "commands:\n" + "\n".join(rows) + "\n"


def _format_names() -> tuple[str, ...]:
    from mcplint.output import FORMATS

    return tuple(FORMATS)


def _byte_size(text: str) -> int:
    from mcplint.runner import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_check_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="mcplint check",
        description="Lint MCP client configuration files.",
        epilog=commands_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to lint ('-' reads standard input); "
        "none: the configs of every client found on this machine",
    )
    p.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    p.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too"
    )
    p.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff and write nothing"
    )
    p.add_argument(
        "--output-format",
        choices=_format_names(),
        default=None,
        help="how to print diagnostics (default: text; env MCPLINT_OUTPUT_FORMAT)",
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="run only these rules (names, codes or code prefixes, comma-separated)",
    )
    p.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules")
    p.add_argument(
        "--client", metavar="NAME", help="read every file as this client's (see `mcplint clients`)"
    )
    p.add_argument(
        "--target-os",
        choices=("macos", "windows", "linux"),
        default=None,
        help="lint for clients running on this OS (default: this machine's); see README",
    )
    p.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with '-', the path the text on standard input stands for",
    )
    p.add_argument(
        "--max-file-size",
        type=_byte_size,
        metavar="BYTES",
        help="read no file larger than this (default 64M; K, M, G suffixes allowed)",
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    p.add_argument(
        "--statistics", action="store_true", help="print the number of problems per rule"
    )
    p.add_argument(
        "--show-files",
        action="store_true",
        help="list the files that would be checked (client, kind, scope) and exit",
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", help="also say which files were skipped and why"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only, no summary")
    p.add_argument("--no-color", action="store_true", help="never colour the output")
    p.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the result cache"
    )
    p.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep the result cache here (default: mcplint's user cache folder; "
        "env MCPLINT_CACHE_DIR)",
    )
    p.add_argument("--version", action="version", version=f"mcplint {__version__}")
    return p


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    env: Environment | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Run the command line. `env` is the machine to work on (its files and variables, default:
    this one); `stdin` what `-` reads (default: the process's standard input)."""
    from mcplint.env import Environment

    args = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    machine = env or Environment.real()
    try:
        command = args[0] if args and args[0] in SUBCOMMANDS else "check"
        rest = args[1:] if args and args[0] in SUBCOMMANDS else args
        if command == "check":
            return _cmd_check(rest, out, err, machine, stdin)
        try:
            with contextlib.redirect_stdout(out):  # --help prints to `out`
                parsed = _PARSERS[command]().parse_args(rest)
        except SystemExit as exc:
            return int(exc.code or 0)
        return _HANDLERS[command](parsed, out, machine)
    except UsageError as exc:
        err.write(f"mcplint: error: {exc}\n(see `mcplint help`)\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: a message and exit 2, not a traceback
        from mcplint.output.sanitize import safe  # the message may quote a file's content

        why = safe(str(exc))
        err.write(f"mcplint: internal error: {type(exc).__name__}: {why} (please report this)\n")
        return 2


def entry() -> NoReturn:
    """The `mcplint` command (and `python -m mcplint`): `main`, then the output flushed and the
    process ended without the interpreter's teardown (freeing every module and object costs
    about a sixth of a short run, and mcplint registers nothing to run at exit)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _cmd_check(
    argv: list[str], out: TextIO, err: TextIO, env: Environment, stdin: BinaryIO | None
) -> int:
    from mcplint import rules as registry
    from mcplint.engine import DEFAULT_MAX_FILE_SIZE, INTERNAL_ERROR, IO_ERROR, Options

    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to `out`
            args = build_check_parser().parse_args(argv)
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    select, ignore = _split(args.select), _split(args.ignore)
    unknown = registry.unknown_selectors(select + ignore)
    if unknown:
        raise UsageError(f"unknown rule or code: {', '.join(unknown)} (see `mcplint rules`)")
    if args.client:
        _check_client_name(args.client)
    fmt = args.output_format or env.getenv("MCPLINT_OUTPUT_FORMAT") or "text"
    from mcplint.output import FORMATS, RenderOptions
    from mcplint.output import text as text_output
    from mcplint.output.options import Mode

    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {fmt!r}")
    size_cap = args.max_file_size or DEFAULT_MAX_FILE_SIZE
    options = Options(
        select,
        ignore,
        args.client,
        args.unsafe_fixes,
        max_file_size=size_cap,
        target_os=args.target_os,
    )
    fixing = (args.fix or args.diff) and not args.show_files
    mode = Mode.DIFF if args.diff else Mode.FIX if args.fix else Mode.CHECK
    from_stdin = args.paths == ["-"]
    render_options = RenderOptions(
        mode=mode,
        color=_use_color(out, args.no_color, env),
        quiet=args.quiet,
        discovered=not args.paths,
        stdin=from_stdin,
    )

    results: list[FileResult]
    messages: list[str] = []  # about the run rather than one file (text: stderr; JSON: notes)
    if from_stdin:
        # `--fix -` prints the fixed text on stdout; the JSON format carries it in the document
        results = [_check_stdin(args, env, options, fixing, stdin, out, raw_output=fmt == "text")]
    else:
        if "-" in args.paths:
            raise UsageError("'-' (standard input) cannot be mixed with other paths")
        paths = args.paths or _discovered(env)
        from mcplint.runner import fix_files, lint_files

        empty = _folders_without_configs(args.paths, env)
        messages += [f"warning: {_no_configs_message(folder)}" for folder in empty]
        if not paths:
            results = []
        elif fixing:
            results = fix_files(paths, env, options, write=args.fix and not args.diff)
        else:
            results = lint_files(paths, env, options, _result_cache(args, env))

    if args.show_files:
        if fmt == "json":
            out.write(json.dumps(_files_json(results, env), indent=2) + "\n")
        else:
            out.write(_files_list(results, env, verbose=True))
        return 0
    if render_options.discovered and not args.quiet and fmt == "text" and not args.statistics:
        out.write(_files_list(results, env, verbose=args.verbose))
    for r in results:  # what the user should know about a file besides its diagnostics
        r.notes = [n for n in r.notes if args.verbose or not n.startswith("skipped:")]
        if r.assumed and not args.quiet:
            r.notes.append(r.assumed)
    unfixable = _unfixable(results) if mode is Mode.DIFF else []
    if unfixable:
        count = "1 error remains" if len(unfixable) == 1 else f"{len(unfixable)} errors remain"
        unsafe = not args.unsafe_fixes and any(
            d.fix is not None and not d.fix.is_safe for d in unfixable
        )
        how = "no safe fix repairs (--unsafe-fixes may)" if unsafe else "no fix can repair"
        messages.append(f"{count} that {how}; run without --diff to see them")
    render_options = replace(render_options, messages=tuple(messages))
    diagnostics = [d for r in results for d in r.diagnostics]
    if fmt == "text":
        err.write(text_output.stderr(results, render_options))
    if args.statistics:
        if fmt == "json":
            out.write(json.dumps(_statistics_json(results), indent=2) + "\n")
        else:
            out.write(_statistics(results))
    elif from_stdin and mode is Mode.FIX and fmt == "text":  # the fixed text went to stdout
        err.write(text_output.render(results, replace(render_options, color=False)))
    else:
        out.write(FORMATS[fmt](results, render_options))
    if not results:
        return 1 if messages else 0
    if any(d.rule == INTERNAL_ERROR for d in diagnostics):
        return 2
    if mode is Mode.DIFF:
        changed = any(r.output is not None for r in results)
        failed = any(d.rule == IO_ERROR for d in diagnostics)
        return 1 if changed or failed or unfixable else 0
    if args.exit_zero:
        return 0
    return 1 if any(d.severity.value in ("error", "warning") for d in diagnostics) else 0


def _check_stdin(
    args: argparse.Namespace,
    env: Environment,
    options: Options,
    fixing: bool,
    stdin: BinaryIO | None,
    out: TextIO,
    *,
    raw_output: bool,
) -> FileResult:
    from mcplint.engine import check_bytes, fix_bytes

    path = args.stdin_filename or "<stdin>"
    data = (stdin or sys.stdin.buffer).read()
    if fixing:
        result = fix_bytes(data, path, env, options)
        if args.fix and not args.diff and raw_output:
            fixed = result.output if result.output is not None else data
            binary = getattr(out, "buffer", None)
            if binary is not None:
                out.flush()
                binary.write(fixed)
                binary.flush()
            else:  # an in-memory text stream (tests)
                from mcplint.source import decode

                out.write(decode(fixed).text)
        return result
    return check_bytes(data, path, env, options)


def _result_cache(args: argparse.Namespace, env: Environment) -> ResultCache | None:
    """The result cache of a lint run (`mcplint/cache.py`); None with `--no-cache`."""
    if args.no_cache:
        return None
    from mcplint.cache import ResultCache

    return ResultCache(args.cache_dir or env.cache_dir(), env)


def _discovered(env: Environment) -> list[str]:
    from mcplint.discovery import discover

    return [found.path for found in discover(env)]


def _folders_without_configs(paths: list[str], env: Environment) -> list[str]:
    """The folders given on the command line in which no config file has a name mcplint knows."""
    from mcplint.runner import expand

    return [p for p in paths if env.is_dir(p) and next(expand([p], env), None) is None]


def _no_configs_message(folder: str) -> str:
    from mcplint.clients import FILE_KINDS

    names = sorted({n for kind in FILE_KINDS.values() for n in kind.file_names})
    return (
        f"no MCP configuration files found in {folder} (names mcplint knows: "
        f"{', '.join(names)}; pass a file by name or use --client)"
    )


def _files_list(results: Sequence[FileResult], env: Environment, *, verbose: bool) -> str:
    """One line per file: its path, client file kind and scope (and, verbose, skipped ones)."""
    from mcplint.clients import FILE_KINDS
    from mcplint.clients.detect import scope_of

    lines = []
    for r in results:
        skipped = next((n for n in r.notes if n.startswith("skipped:")), None)
        if skipped and not verbose:
            continue
        kind = FILE_KINDS.get(r.kind_id or "")
        if kind is None:
            what = "unknown client"
        else:
            what = f"{kind.client}, {kind.id}, {scope_of(r.path, env, kind)} scope"
        if r.assumed:
            what += ", assumed"
        lines.append(f"{r.path}  [{what}]" + (f"  ({skipped})" if skipped else "") + "\n")
    if not lines:
        return ""
    return (
        f"Checking {len(lines)} file{'s' if len(lines) != 1 else ''}:\n"
        + "".join("  " + line for line in lines)
        + "\n"
    )


def _unfixable(results: Sequence[FileResult]) -> list[Diagnostic]:
    """The errors that remain after the fixes (a file that could not be read aside)."""
    from mcplint.engine import INTERNAL_ERROR, IO_ERROR

    return [
        d
        for r in results
        for d in r.diagnostics
        if d.severity.value == "error" and d.rule not in (IO_ERROR, INTERNAL_ERROR)
    ]


def _files_json(results: Sequence[FileResult], env: Environment) -> list[dict[str, object]]:
    from mcplint.clients import FILE_KINDS
    from mcplint.clients.detect import scope_of

    items: list[dict[str, object]] = []
    for r in results:
        kind = FILE_KINDS.get(r.kind_id or "")
        items.append(
            {
                "path": r.path,
                "client": kind.client if kind else None,
                "kind": kind.id if kind else None,
                "scope": scope_of(r.path, env, kind) if kind else None,
                "assumed": r.assumed or None,
                "notes": list(r.notes),
            }
        )
    return items


def _statistics_json(results: Sequence[FileResult]) -> list[dict[str, object]]:
    counts: dict[tuple[str, str], list[int]] = {}
    for r in results:
        for d in r.diagnostics:
            entry = counts.setdefault((d.code, d.rule), [0, 0])
            entry[0] += 1
            entry[1] += d.fix is not None
    rows = sorted(counts.items(), key=lambda item: (-item[1][0], item[0][0]))
    return [
        {"count": n, "code": code, "name": name, "fixable": fixable}
        for (code, name), (n, fixable) in rows
    ]


def _statistics(results: Sequence[FileResult]) -> str:
    """Problems per rule, most frequent first, as ruff: `count  code  name  [*]`."""
    counts: dict[tuple[str, str], list[int]] = {}
    for r in results:
        for d in r.diagnostics:
            entry = counts.setdefault((d.code, d.rule), [0, 0])
            entry[0] += 1
            entry[1] += d.fix is not None
    rows = sorted(counts.items(), key=lambda item: (-item[1][0], item[0][0]))
    return "".join(
        f"{n:>5}  {code}  {name:<28} {'[*]' if fixable else '   '}\n".rstrip() + "\n"
        for (code, name), (n, fixable) in rows
    )


def _check_client_name(name: str) -> None:
    from mcplint.clients.detect import known_ids

    ids = known_ids()
    if name not in ids:
        raise UsageError(f"unknown client {name!r}; known: {', '.join(sorted(ids))}")


def _use_color(out: TextIO, no_color: bool, env: Environment) -> bool:
    if no_color or env.getenv("NO_COLOR"):
        return False
    if (env.getenv("FORCE_COLOR") or "0") != "0":  # 0 refuses, as in Node
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _command_parser(name: str) -> argparse.ArgumentParser:
    command = next(c for c in COMMANDS if c.name == name)
    return _Parser(
        prog=f"mcplint {name}", description=command.summary[:1].upper() + command.summary[1:] + "."
    )


def _rule_parser() -> argparse.ArgumentParser:
    p = _command_parser("rule")
    p.add_argument("rule", metavar="NAME|CODE", help="a rule's name or code (see `mcplint rules`)")
    return p


def _output_format_parser(name: str) -> argparse.ArgumentParser:
    p = _command_parser(name)
    p.add_argument("--output-format", choices=("text", "json"), default="text")
    return p


def _help_parser() -> argparse.ArgumentParser:
    p = _command_parser("help")
    p.add_argument("command", nargs="?", choices=SUBCOMMANDS, metavar="COMMAND")
    return p


def _cmd_help(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    name = args.command or "check"
    parser = build_check_parser() if name == "check" else _PARSERS[name]()
    out.write(parser.format_help())
    return 0


def _cmd_rule(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    from mcplint import rules as registry

    rule = registry.lookup(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r} (see `mcplint rules`)")
    if rule.fix == "none":
        fix = "No automatic fix"
    else:
        fix = f"{'/'.join(a.value for a in rule.safety).capitalize()} fix"
        fix += " sometimes available" if rule.fix == "sometimes" else ""
    out.write(f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity.value}. {fix}.")
    if rule.tags:
        out.write(f" Tags: {', '.join(rule.tags)}.")
    if rule.clients is not None:
        out.write(f" Clients: {', '.join(rule.clients)}.")
    if not rule.enabled_by_default:
        out.write(" Off by default: enable with --select.")
    out.write("\n\n" + rule.doc)
    return 0


def _cmd_rules(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    from mcplint import rules as registry

    if args.output_format == "json":
        items = []
        for rule in registry.ALL_RULES:
            item: dict[str, object] = {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.value,
                "fix": rule.fix,
                "fix_safety": [a.value for a in rule.safety],
                "enabled_by_default": rule.enabled_by_default,
                "tags": list(rule.tags),
                "clients": list(rule.clients) if rule.clients is not None else None,
                "url": rule.url,
                "summary": rule.summary,
            }
            items.append(item)
        out.write(json.dumps(items, indent=2) + "\n")
        return 0
    for rule in registry.ALL_RULES:
        out.write(
            f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.fix_label:<17} "
            f"{','.join(rule.tags):<10} {rule.summary}\n"
        )
    return 0


def _cmd_clients(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    from mcplint.discovery import client_reports, clients_report

    if args.output_format == "json":
        items = [
            {
                "id": report.client.id,
                "name": report.client.name,
                "kinds": [
                    {"id": k.id, "title": k.title, "dialect": k.dialect}
                    for k in report.client.kinds
                ],
                "found": [
                    {"path": f.path, "kind": f.kind.id, "scope": f.scope, "status": f.status}
                    for f in report.found
                ],
            }
            for report in client_reports(env)
        ]
        out.write(json.dumps(items, indent=2) + "\n")
        return 0
    out.write(clients_report(env))
    return 0


_PARSERS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "rule": _rule_parser,
    "rules": lambda: _output_format_parser("rules"),
    "clients": lambda: _output_format_parser("clients"),
    "help": _help_parser,
}
_HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO, Environment], int]] = {
    "rule": _cmd_rule,
    "rules": _cmd_rules,
    "clients": _cmd_clients,
    "help": _cmd_help,
}
