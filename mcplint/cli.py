"""The command line, ruff-like.

    mcplint [check] [PATH...]   lint files (a folder: the config files in it; none: this machine's)
    mcplint rule NAME|CODE      a rule's documentation
    mcplint rules               every rule
    mcplint clients             the clients mcplint knows and the config files found here

Exit codes: 0 no error or warning, 1 errors or warnings found (or, with --diff, changes to make),
2 usage error or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from mcplint import __version__

if TYPE_CHECKING:
    from mcplint.engine import FileResult, Options
    from mcplint.env import Environment

SUBCOMMANDS = ("check", "rule", "rules", "clients")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for item in values or [] for v in item.split(",") if v.strip())


def _byte_size(text: str) -> int:
    from mcplint.runner import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_check_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mcplint check", description="Lint MCP client configuration files.")
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
        choices=("text", "json"),
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
    p.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only, no summary")
    p.add_argument("--no-color", action="store_true", help="never colour the output")
    p.add_argument("--version", action="version", version=f"mcplint {__version__}")
    return p


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    env: Environment | None = None,
) -> int:
    """Run the command line; `env` is the machine to work on (default: this one)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        if args and args[0] == "rule":
            return _cmd_rule(args[1:], out)
        if args and args[0] == "rules":
            return _cmd_rules(args[1:], out)
        if args and args[0] == "clients":
            return _cmd_clients(args[1:], out, env)
        if args and args[0] == "check":
            args = args[1:]
        return _cmd_check(args, out, err, env)
    except UsageError as exc:
        err.write(f"mcplint: error: {exc}\n(see `mcplint check --help`)\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: a message and exit 2, not a traceback
        err.write(f"mcplint: internal error: {type(exc).__name__}: {exc} (please report this)\n")
        return 2


def _cmd_check(argv: list[str], out: TextIO, err: TextIO, env: Environment | None) -> int:
    from mcplint import rules as registry
    from mcplint.engine import DEFAULT_MAX_FILE_SIZE, INTERNAL_ERROR, IO_ERROR, Options
    from mcplint.env import Environment

    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to `out`
            args = build_check_parser().parse_args(argv)
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    select, ignore = _split(args.select), _split(args.ignore)
    unknown = registry.unknown_selectors(select + ignore)
    if unknown:
        raise UsageError(f"unknown rule or code: {', '.join(unknown)} (see `mcplint rules`)")
    env = env or Environment.real()
    if args.client:
        _check_client_name(args.client)
    fmt = args.output_format or os.environ.get("MCPLINT_OUTPUT_FORMAT") or "text"
    if fmt not in ("text", "json"):
        raise UsageError(f"unknown output format {fmt!r}")
    size_cap = args.max_file_size or DEFAULT_MAX_FILE_SIZE
    options = Options(select, ignore, args.client, args.unsafe_fixes, size_cap)
    fixing = args.fix or args.diff

    results: list[FileResult]
    if args.paths == ["-"]:
        results = [_check_stdin(args, env, options, fixing)]
    else:
        if "-" in args.paths:
            raise UsageError("'-' (standard input) cannot be mixed with other paths")
        paths = args.paths or _discovered(env)
        if not paths:
            if not args.quiet:
                out.write("No MCP client configuration found on this machine.\n")
            return 0
        from mcplint.runner import fix_files, lint_files

        if fixing:
            results = fix_files(paths, env, options, write=args.fix and not args.diff)
        else:
            results = lint_files(paths, env, options)

    for r in results:
        for note in r.notes:
            err.write(f"mcplint: {r.path}: {note}\n")
    if args.diff:
        diff = _diffs(results)
        out.write(diff)
        # a file that could not be read (or checked) has no diff, but must not pass unseen
        failed = [d for r in results for d in r.diagnostics if d.rule in (IO_ERROR, INTERNAL_ERROR)]
        for d in failed:
            err.write(f"mcplint: {d.path}: {d.message}\n")
        if not args.quiet and not diff and not failed:
            out.write("No fixes to apply.\n")
        if any(d.rule == INTERNAL_ERROR for d in failed):
            return 2
        return 1 if diff or failed else 0
    if args.paths == ["-"] and args.fix:  # the fixed text went to stdout: the rest to stderr
        from mcplint.output import text as text_output

        err.write(text_output.render(results, quiet=args.quiet, fixing=True))
    elif fmt == "json":
        from mcplint.output import json as json_output

        out.write(json_output.render(results))
    else:
        from mcplint.output import text as text_output

        color = _use_color(out, args.no_color)
        out.write(text_output.render(results, color=color, quiet=args.quiet, fixing=args.fix))
    diagnostics = [d for r in results for d in r.diagnostics]
    if any(d.rule == INTERNAL_ERROR for d in diagnostics):
        return 2
    if args.exit_zero:
        return 0
    return 1 if any(d.severity.value in ("error", "warning") for d in diagnostics) else 0


def _check_stdin(
    args: argparse.Namespace, env: Environment, options: Options, fixing: bool
) -> FileResult:
    from mcplint.engine import check_bytes, fix_bytes

    path = args.stdin_filename or "<stdin>"
    data = sys.stdin.buffer.read()
    if fixing:
        result = fix_bytes(data, path, env, options)
        if args.fix and not args.diff:
            sys.stdout.buffer.write(result.output if result.output is not None else data)
            sys.stdout.flush()
        return result
    return check_bytes(data, path, env, options)


def _discovered(env: Environment) -> list[str]:
    from mcplint.discovery import discover

    return [found.path for found in discover(env)]


def _check_client_name(name: str) -> None:
    from mcplint.clients.detect import known_ids

    ids = known_ids()
    if name not in ids:
        raise UsageError(f"unknown client {name!r}; known: {', '.join(sorted(ids))}")


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")  # as diff and patch see lines: CRLF keeps its CR


def _diffs(results: Sequence[object]) -> str:
    from mcplint.output.text import printable
    from mcplint.source import decode

    chunks = []
    for r in results:
        output = getattr(r, "output", None)
        original = getattr(r, "original", None)
        if output is None or original is None:
            continue
        path = getattr(r, "path", "")
        for line in difflib.unified_diff(
            _LINE.findall(decode(original).text),
            _LINE.findall(decode(output).text),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        ):
            if not line.endswith("\n"):
                line += "\n\\ No newline at end of file\n"
            chunks.append(line)
    return printable("".join(chunks))


def _use_color(out: TextIO, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):  # 0 refuses, as in Node
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _cmd_rule(argv: list[str], out: TextIO) -> int:
    from mcplint import rules as registry

    if len(argv) != 1:
        raise UsageError("usage: mcplint rule NAME|CODE")
    rule = registry.lookup(argv[0])
    if rule is None:
        raise UsageError(f"unknown rule {argv[0]!r} (see `mcplint rules`)")
    fix = {
        "safe": "safe fix",
        "unsafe": "unsafe fix",
        "sometimes": "fix sometimes available",
        "none": "no automatic fix",
    }[rule.fix]
    out.write(f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity.value}. {fix}.")
    if not rule.enabled_by_default:
        out.write(" Off by default: enable with --select.")
    out.write("\n\n" + rule.doc)
    return 0


def _cmd_rules(argv: list[str], out: TextIO) -> int:
    from mcplint import rules as registry

    if argv:
        raise UsageError("usage: mcplint rules")
    for rule in registry.ALL_RULES:
        out.write(
            f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.fix:<9} {rule.summary}\n"
        )
    return 0


def _cmd_clients(argv: list[str], out: TextIO, env: Environment | None) -> int:
    from mcplint.discovery import clients_report
    from mcplint.env import Environment

    if argv:
        raise UsageError("usage: mcplint clients")
    out.write(clients_report(env or Environment.real()))
    return 0
