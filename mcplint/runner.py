"""Files in, results out: expands folders, reads through the `Environment`, turns unreadable
paths into `io-error` diagnostics, and writes fixes back safely.

Only regular files are read, and only up to `Options.max_file_size` bytes: a FIFO, socket or
device named on the command line is an `io-error` (nothing is opened that could block), and one
met in a folder walk is skipped (a walk looks for config files; a special file is not one, and
failing a run over a socket some tool left in a project would be noise). A folder walk follows
symlinks to folders but enters each folder (by device and inode) once, so a `self -> .` link
cannot loop. Each file is linted once, under the first name it is given or found by.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from mcplint.engine import (
    INTERNAL_ERROR,
    IO_ERROR,
    FileResult,
    Options,
    check_bytes,
    fix_bytes,
    tool_diagnostic,
)
from mcplint.env import Environment, FileTooLargeError, NotRegularFileError

if TYPE_CHECKING:
    from mcplint.cache import ResultCache
    from mcplint.config import Configs

# Folders never searched for config files when a folder is given on the command line.
SKIPPED_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "dist"})


def expand(
    paths: Iterable[str], env: Environment, excluded: Callable[[str], bool] | None = None
) -> Iterator[str]:
    """The files to lint: each file as given, and for a folder the config files below it
    (but those `excluded` says to skip); each file once (by identity: a second name, hard link or
    symlink of a file already listed is dropped)."""
    seen: set[tuple[int, int] | str] = set()
    visited: set[tuple[int, int]] = set()  # folders entered, by (device, inode)
    for path in paths:
        found = _walk(path, env, visited) if env.is_dir(path) else iter([path])
        if excluded is not None and env.is_dir(path):
            found = (file for file in found if not excluded(file))
        for file in found:
            key = env.identity(file) or env.resolve(file)  # nothing there: by its name
            if key not in seen:
                seen.add(key)
                yield file


def _walk(folder: str, env: Environment, visited: set[tuple[int, int]]) -> Iterator[str]:
    identity = env.identity(folder)
    if identity is not None:
        if identity in visited:
            return
        visited.add(identity)
    stack = [folder]
    while stack:
        current = stack.pop()
        for name in env.listdir(current):
            full = env.join(current, name)
            info = env.stat(full)
            if info is not None and info.kind == "dir":
                if name not in SKIPPED_DIRS and info.identity not in visited:
                    visited.add(info.identity)
                    stack.append(full)
            elif (info is None or info.kind == "file") and is_config_file(full, env):
                yield full  # (nothing there: a dangling symlink, reported when read)


def is_config_file(path: str, env: Environment) -> bool:
    """Whether a file found in a folder is an MCP client config (by its name and place)."""
    from mcplint.engine import detect_kind

    return detect_kind(path, env, None, None) is not None


def read(path: str, env: Environment, max_size: int | None = None) -> bytes | FileResult:
    """The file's bytes, or a result holding the `io-error` diagnostic that explains why not."""
    try:
        return env.read_bytes(path, max_size)
    except NotRegularFileError as exc:
        message = f"{exc.strerror or exc}: mcplint reads only regular files"
    except FileTooLargeError as exc:
        message = (
            f"too large to read: {_size_text(exc.size, exc.limit)}, above the size cap of "
            f"{exc.limit} bytes ({human_size(exc.limit)}); raise the cap with "
            "--max-file-size BYTES (max_file_size= in the library)"
        )
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


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _size_text(size: int, limit: int) -> str:
    if size > limit + 1:
        return f"{size} bytes ({human_size(size)})"
    return f"more than {limit} bytes"  # it grew while read: its size is not known


_SIZE = re.compile(r"\s*(\d+)\s*(|k|m|g|kb|mb|gb|kib|mib|gib)\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """A size in bytes from `67108864`, `64M`, `64MiB`, `1g` (binary units); ValueError when
    it is not one or is 0."""
    match = _SIZE.fullmatch(text)
    if match is None or int(match.group(1)) <= 0:
        raise ValueError(f"not a size in bytes: {text!r} (e.g. 67108864, 64M, 1G)")
    return int(match.group(1)) * _UNITS[match.group(2)[:1].lower()]


def _internal_error(path: str, exc: Exception) -> FileResult:
    """A bug met on one file: reported on that file (exit 2), the other files still checked."""
    message = f"internal error: {type(exc).__name__}: {exc} (please report this)"
    return FileResult(path, "", [tool_diagnostic(path, INTERNAL_ERROR, message)])


def excluder(configs: Configs | None, env: Environment) -> Callable[[str], bool] | None:
    """Whether a file found in a folder walk (or by discovery) is excluded by its
    configuration's `exclude` globs."""
    if configs is None:
        return None

    def excluded(path: str) -> bool:
        config = configs.for_path(path)
        return config is not None and config.excludes(path, env)

    return excluded


def options_for(path: str, options: Options, configs: Configs | None) -> Options:
    """`options` with the configuration of `path` applied (the command line wins)."""
    config = configs.for_path(path) if configs is not None else None
    return config.apply(options) if config is not None else options


def config_results(configs: Configs | None) -> list[FileResult]:
    """A result for each configuration file read that has errors (`config-error`)."""
    if configs is None:
        return []
    return [
        FileResult(c.path, c.text, list(c.errors)) for c in configs.loaded() if c.errors and c.path
    ]


def lint_files(
    paths: list[str],
    env: Environment,
    options: Options,
    configs: Configs | None = None,
    cache: ResultCache | None = None,
) -> list[FileResult]:
    """Lint each file (`configs`: where each file's configuration is found; None: none); with a
    `cache` (`mcplint/cache.py`), unchanged files come from it."""
    results = []
    for path in list(expand(paths, env, excluder(configs, env))):
        try:
            data = read(path, env, options.max_file_size)
            if isinstance(data, FileResult):
                results.append(data)
            else:
                file_options = options_for(path, options, configs)
                if cache is not None:
                    results.append(cache.check(data, path, file_options))
                else:
                    results.append(check_bytes(data, path, env, file_options))
        except Exception as exc:
            results.append(_internal_error(path, exc))
    return config_results(configs) + results


def fix_files(
    paths: list[str],
    env: Environment,
    options: Options,
    *,
    write: bool,
    configs: Configs | None = None,
) -> list[FileResult]:
    """Fix each file; with `write`, write the result back (atomically, only if unchanged)."""
    results = []
    # listed before any write changes an identity
    for path in list(expand(paths, env, excluder(configs, env))):
        try:
            file_options = options_for(path, options, configs)
            results.append(_fix_file(path, env, file_options, write=write))
        except Exception as exc:
            results.append(_internal_error(path, exc))
    return config_results(configs) + results


def _fix_file(path: str, env: Environment, options: Options, *, write: bool) -> FileResult:
    data = read(path, env, options.max_file_size)
    if isinstance(data, FileResult):
        return data
    result = fix_bytes(data, path, env, options)
    if write and result.output is not None:
        try:
            env.write_atomic(path, result.output, expected=data)
        except OSError as exc:
            from mcplint import writer  # only now: it imports tempfile

            refusals = (
                writer.FileChangedError,
                writer.ReadOnlyError,
                writer.InPlaceWriteError,
                NotRegularFileError,
            )
            why = (
                str(exc)
                if isinstance(exc, refusals)
                else f"cannot write the fixed file: {exc.strerror or exc}"
            )
            result = check_bytes(data, path, env, options)  # nothing was written
            result.diagnostics.insert(0, tool_diagnostic(path, IO_ERROR, why))
    return result
