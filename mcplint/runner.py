"""Files in, results out: expands folders, reads through the `Environment`, turns unreadable
paths into `io-error` diagnostics, and writes fixes back safely."""

from __future__ import annotations

from collections.abc import Iterator

from mcplint.engine import (
    INTERNAL_ERROR,
    IO_ERROR,
    FileResult,
    Options,
    check_bytes,
    fix_bytes,
    tool_diagnostic,
)
from mcplint.env import Environment

# Folders never searched for config files when a folder is given on the command line.
SKIPPED_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "dist"})


def expand(paths: list[str], env: Environment) -> Iterator[str]:
    """The files to lint: each file as given, and for a folder the config files below it."""
    for path in paths:
        if env.is_dir(path):
            yield from _walk(path, env)
        else:
            yield path


def _walk(folder: str, env: Environment) -> Iterator[str]:
    stack = [folder]
    while stack:
        current = stack.pop()
        for name in env.listdir(current):
            full = env.join(current, name)
            if env.is_dir(full):
                if name not in SKIPPED_DIRS:
                    stack.append(full)
            elif is_config_file(full, env):
                yield full


def is_config_file(path: str, env: Environment) -> bool:
    """Whether a file found in a folder is an MCP client config (by its name and place)."""
    from mcplint.engine import detect_kind

    return detect_kind(path, env, None, None) is not None


def read(path: str, env: Environment) -> bytes | FileResult:
    """The file's bytes, or a result holding the `io-error` diagnostic that explains why not."""
    try:
        return env.read_bytes(path)
    except FileNotFoundError:
        message = "no such file"
    except IsADirectoryError:
        message = "is a folder, not a file"
    except PermissionError:
        message = "permission denied: mcplint cannot read it"
    except OSError as exc:
        message = f"cannot read it: {exc.strerror or exc}"
    except ValueError as exc:  # a path no file can have ("embedded null byte")
        message = f"cannot read it: {exc}"
    return FileResult(path, "", [tool_diagnostic(path, IO_ERROR, message)])


def _internal_error(path: str, exc: Exception) -> FileResult:
    """A bug met on one file: reported on that file (exit 2), the other files still checked."""
    message = f"internal error: {type(exc).__name__}: {exc} (please report this)"
    return FileResult(path, "", [tool_diagnostic(path, INTERNAL_ERROR, message)])


def lint_files(paths: list[str], env: Environment, options: Options) -> list[FileResult]:
    results = []
    for path in expand(paths, env):
        try:
            data = read(path, env)
            if isinstance(data, FileResult):
                results.append(data)
            else:
                results.append(check_bytes(data, path, env, options))
        except Exception as exc:
            results.append(_internal_error(path, exc))
    return results


def fix_files(
    paths: list[str], env: Environment, options: Options, *, write: bool
) -> list[FileResult]:
    """Fix each file; with `write`, write the result back (atomically, only if unchanged)."""
    results = []
    for path in expand(paths, env):
        try:
            results.append(_fix_file(path, env, options, write=write))
        except Exception as exc:
            results.append(_internal_error(path, exc))
    return results


def _fix_file(path: str, env: Environment, options: Options, *, write: bool) -> FileResult:
    data = read(path, env)
    if isinstance(data, FileResult):
        return data
    result = fix_bytes(data, path, env, options)
    if write and result.output is not None:
        try:
            env.write_atomic(path, result.output, expected=data)
        except OSError as exc:
            from mcplint.writer import FileChangedError  # only now: it imports tempfile

            why = (
                str(exc)
                if isinstance(exc, FileChangedError)
                else f"cannot write the fixed file: {exc.strerror or exc}"
            )
            result = check_bytes(data, path, env, options)  # nothing was written
            result.diagnostics.insert(0, tool_diagnostic(path, IO_ERROR, why))
    return result
