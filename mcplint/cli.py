"""The command line, ruff-like.

    mcplint [check] [PATH...]   lint files (a folder: the config files in it; none: this machine's)
    mcplint rule NAME|CODE      a rule's documentation
    mcplint rules               every rule
    mcplint clients             the clients mcplint knows and the config files found here
    mcplint list                every server of every client and scope here ("drift" marked)
    mcplint logs                the last MCP errors in the clients' logs, per server
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
    Command("rule-docs", "DIR [--check]", "write every rule's page (NAME.md) and README.md to DIR"),
    Command("clients", "", "list the clients mcplint knows and their config files found here"),
    Command(
        "doctor",
        "[PATH...]",
        "start each server as its client would and say why it fails (--trust, --jobs)",
    ),
    Command("list", "", "list every server of every client and scope here, with drift"),
    Command("logs", "[--server NAME] [--since DURATION]", "summarise the clients' MCP log errors"),
    Command("help", "[COMMAND]", "show this help, or one command's"),
    Command("server", "", "run the language server on standard input and output (for editors)"),
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
    p.add_argument(
        "--config",
        metavar="PATH",
        help="read the configuration from this file (a pyproject.toml with [tool.mcplint], or "
        "a .mcplint.toml) instead of the nearest one above each linted file",
    )
    p.add_argument("--isolated", action="store_true", help="ignore every configuration file")
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
        if command == "doctor":
            return _cmd_doctor(rest, out, err, machine)
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
    from mcplint.config import Configs

    if args.config and args.isolated:
        raise UsageError("--config and --isolated cannot be used together")
    if args.config and not env.is_file(args.config):
        raise UsageError(f"--config {args.config}: no such file")
    configs = None if args.isolated else Configs(env, explicit=args.config)
    fixing = (args.fix or args.diff) and not args.show_files
    mode = Mode.DIFF if args.diff else Mode.FIX if args.fix else Mode.CHECK
    from_stdin = args.paths == ["-"]
    render_options = RenderOptions(
        mode=mode,
        color=_use_color(out, args.no_color, env),
        quiet=args.quiet,
        discovered=not args.paths,
        stdin=from_stdin,
        cwd=env.cwd,
    )

    results: list[FileResult]
    messages: list[str] = []  # about the run rather than one file (text: stderr; JSON: notes)
    if from_stdin:
        # `--fix -` prints the fixed text on stdout; the JSON format carries it in the document
        from mcplint.runner import config_results, options_for

        where = args.stdin_filename or env.join(env.cwd, "<stdin>")
        stdin_options = options_for(where, options, configs)
        results = [
            _check_stdin(args, env, stdin_options, fixing, stdin, out, raw_output=fmt != "json")
        ]
        results = config_results(configs) + results
    else:
        if "-" in args.paths:
            raise UsageError("'-' (standard input) cannot be mixed with other paths")
        from mcplint.runner import excluder, fix_files, lint_files

        paths = args.paths or _discovered(env, excluder(configs, env))

        empty = _folders_without_configs(args.paths, env)
        messages += [f"warning: {_no_configs_message(folder)}" for folder in empty]
        if not paths:
            results = []
        elif fixing:
            write = args.fix and not args.diff
            results = fix_files(paths, env, options, write=write, configs=configs)
        else:
            results = lint_files(paths, env, options, configs, _result_cache(args, env))

    listed = [r for r in results if not _config_only(r)]  # files checked, not configurations
    if args.show_files:
        results = listed
        if fmt == "json":
            out.write(json.dumps(_files_json(results, env), indent=2) + "\n")
        else:
            out.write(_files_list(results, env, verbose=True))
        return 0
    if render_options.discovered and not args.quiet and fmt == "text" and not args.statistics:
        out.write(_files_list(listed, env, verbose=args.verbose))
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
    if fmt != "json":  # the JSON document carries the notes; other formats say them on stderr
        err.write(text_output.stderr(results, render_options))
    if args.statistics:
        if fmt == "json":
            out.write(json.dumps(_statistics_json(results), indent=2) + "\n")
        else:
            out.write(_statistics(results))
    elif from_stdin and mode is Mode.FIX and fmt != "json":  # the fixed text went to stdout
        err.write(FORMATS[fmt](results, replace(render_options, color=False)))
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


def _config_only(result: FileResult) -> bool:
    """A result holding only a configuration file's errors (`config-error`)."""
    return bool(result.diagnostics) and all(d.rule == "config-error" for d in result.diagnostics)


def _discovered(env: Environment, excluded: Callable[[str], bool] | None) -> list[str]:
    from mcplint.discovery import discover

    paths = [found.path for found in discover(env)]
    return [p for p in paths if excluded is None or not excluded(p)]


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
    return "".join(
        f"{row['count']:>5}  {row['code']}  {row['name']:<28} "
        f"{'[*]' if row['fixable'] else '   '}".rstrip()
        + "\n"
        for row in _statistics_json(results)
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
    from mcplint.ruledocs import render_rule

    rule = registry.lookup(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r} (see `mcplint rules`)")
    out.write(render_rule(rule))
    return 0


def _rule_docs_parser() -> argparse.ArgumentParser:
    p = _command_parser("rule-docs")
    p.add_argument("dir", metavar="DIR", help="an existing folder, e.g. docs/rules")
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a page is out of date"
    )
    return p


def _cmd_rule_docs(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    from mcplint import rules as registry
    from mcplint.ruledocs import pages

    folder = env.resolve(args.dir)
    if not env.is_dir(folder):
        raise UsageError(f"{args.dir}: not a folder")
    stale = []
    for name, text in pages(registry.ALL_RULES).items():
        path = env.join(folder, name)
        data = text.encode("utf-8")
        try:
            current = env.read_bytes(path) if env.is_file(path) else None
        except OSError:
            current = None
        if current == data:
            continue
        stale.append(env.join(args.dir, name))
        if not args.check:
            env.write_atomic(path, data)
    verb = "out of date" if args.check else "written"
    out.writelines(f"{path}: {verb}\n" for path in stale)
    return 1 if args.check and stale else 0


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


def _server_parser() -> argparse.ArgumentParser:
    p = _command_parser("server")
    p.add_argument("--stdio", action="store_true", help="accepted for editors that pass it")
    return p


def _cmd_server(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    """The language server speaks on the process's own standard streams (bytes). Input is read
    unbuffered from the descriptor: the reader thread may still be waiting in a read at exit,
    which a buffered `sys.stdin` would turn into an abort at interpreter shutdown."""
    from mcplint.lsp.server import run

    with open(sys.stdin.fileno(), "rb", buffering=0, closefd=False) as stdin:
        return run(stdin, sys.stdout.buffer, env, sys.stderr)


def _doctor_parser() -> argparse.ArgumentParser:
    p = _command_parser("doctor")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="config files or folders (none: this machine's)"
    )
    p.add_argument("--server", action="append", metavar="NAME", help="probe only these servers")
    p.add_argument("--client", metavar="NAME", help="read every file as this client's")
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="wait this long for each answer (default: each client's own timeout)",
    )
    p.add_argument(
        "--trust",
        action="store_true",
        help="also start the servers of project-scoped files (.mcp.json, .cursor/mcp.json, ...)",
    )
    p.add_argument("--jobs", type=int, default=4, metavar="N", help="probes at a time (4)")
    p.add_argument("--output-format", choices=_format_names(), default=None)
    p.add_argument("-v", "--verbose", action="store_true", help="also list each server's tools")
    p.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only")
    p.add_argument("--no-color", action="store_true", help="never colour the output")
    return p


def _cmd_doctor(argv: list[str], out: TextIO, err: TextIO, env: Environment) -> int:
    from mcplint.doctor.runner import (
        DoctorOptions,
        attach,
        drop_unselected,
        plan_targets,
        run_probes,
        summary_table,
    )
    from mcplint.engine import Options
    from mcplint.output import FORMATS, RenderOptions
    from mcplint.output import text as text_output
    from mcplint.runner import lint_files

    try:
        with contextlib.redirect_stdout(out):
            args = _doctor_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.client:
        _check_client_name(args.client)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    fmt = args.output_format or env.getenv("MCPLINT_OUTPUT_FORMAT") or "text"
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {fmt!r}")
    paths = args.paths or _discovered(env, None)
    # the static findings, shown beside the probes (they never prevent one)
    results = lint_files(paths, env, Options(client=args.client)) if paths else []
    options = DoctorOptions(
        servers=_split(args.server),
        timeout=args.timeout,
        trust=args.trust,
        jobs=args.jobs,
        env=env,
    )
    outcomes = run_probes(plan_targets(results, env, options), options)
    drop_unselected(results, options.servers)
    attach(results, outcomes)
    from mcplint.versions import version_findings

    # the installed client CLIs against the config features and protocol revisions they meet
    protocols = {o.target.name: o.result.protocol for o in outcomes if o.result.protocol}
    versions = [f.message for f in version_findings(env, protocols=protocols)]
    render_options = RenderOptions(
        color=_use_color(out, args.no_color, env),
        quiet=args.quiet,
        discovered=not args.paths,
        messages=tuple(versions),
    )
    if fmt == "text":
        err.write(text_output.stderr(results, render_options))
    out.write(FORMATS[fmt](results, render_options))
    if fmt == "text" and not args.quiet:
        out.write("\n" + summary_table(outcomes, verbose=args.verbose))
    diagnostics = [d for r in results for d in r.diagnostics]
    return 1 if any(d.severity.value in ("error", "warning") for d in diagnostics) else 0


def _cmd_list(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    from mcplint.inventory import inventory, render_json, render_text

    inv = inventory(env)
    out.write(render_json(inv) if args.output_format == "json" else render_text(inv))
    return 0


def _logs_parser() -> argparse.ArgumentParser:
    p = _output_format_parser("logs")
    p.add_argument("--server", metavar="NAME", help="only this server's errors")
    p.add_argument(
        "--since", metavar="DURATION", help="only errors newer than this (30m, 2h, 7d; default 7d)"
    )
    return p


def _cmd_logs(args: argparse.Namespace, out: TextIO, env: Environment) -> int:
    from mcplint.logs import parse_duration, render_json, render_text, summarise

    try:
        since = parse_duration(args.since or "7d")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    summary = summarise(env, server=args.server, since=since)
    out.write(render_json(summary) if args.output_format == "json" else render_text(summary))
    return 0


_PARSERS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "rule": _rule_parser,
    "rules": lambda: _output_format_parser("rules"),
    "rule-docs": _rule_docs_parser,
    "clients": lambda: _output_format_parser("clients"),
    "list": lambda: _output_format_parser("list"),
    "logs": _logs_parser,
    "help": _help_parser,
    "server": _server_parser,
}
_HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO, Environment], int]] = {
    "rule": _cmd_rule,
    "rules": _cmd_rules,
    "rule-docs": _cmd_rule_docs,
    "clients": _cmd_clients,
    "list": _cmd_list,
    "logs": _cmd_logs,
    "help": _cmd_help,
    "server": _cmd_server,
}
