"""The one door to the machine: platform, home, working directory, environment variables,
files, PATH look-ups and the clock.

Rules, discovery and the fix writer never call `os`, `shutil` or `pathlib` I/O directly; they ask
an `Environment`. `Environment.real()` is this machine. `FakeEnvironment` is an in-memory machine
of any platform, so tests can run "as macOS" or "as Windows" on Linux, and the doctor can build
the view a GUI client has (its PATH, its environment variables).

Paths are plain strings in the platform's own syntax (`C:\\Users\\me\\x.json` for "win32",
`/home/me/x.json` otherwise); `Environment.path()` returns the matching `PurePath` flavour.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Literal

PLATFORMS = ("linux", "darwin", "win32")

# What is at a path: a regular file, a folder, nothing, a symlink loop, a place this user may not
# look into (a parent folder without search permission), or something else (fifo, socket, ...).
ProbeKind = Literal["file", "dir", "missing", "loop", "denied", "other"]


@dataclass(frozen=True)
class PathProbe:
    """What `Environment.probe` found at a path (symlinks followed)."""

    kind: ProbeKind
    executable: bool = False  # a file this user may run (win32: any file)
    searchable: bool = False  # a folder this user may look up names in


def _probe_os(p: str, windows: bool) -> PathProbe:
    try:
        st = os.stat(p)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return PathProbe("loop")
        if e.errno in (errno.EACCES, errno.EPERM):
            return PathProbe("denied")
        if e.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG):
            return PathProbe("missing")
        return PathProbe("other")
    except ValueError:  # an embedded NUL
        return PathProbe("missing")
    if stat.S_ISDIR(st.st_mode):
        return PathProbe("dir", searchable=os.access(p, os.X_OK))
    if stat.S_ISREG(st.st_mode):
        return PathProbe("file", executable=windows or os.access(p, os.X_OK))
    return PathProbe("other")


# What `FileInfo.kind` can be, and how a message names it.
KIND_NAMES = {
    "file": "a regular file",
    "dir": "a folder",
    "fifo": "a FIFO (named pipe)",
    "socket": "a socket",
    "char-device": "a character device",
    "block-device": "a block device",
    "other": "a special file",
}


@dataclass(frozen=True)
class FileInfo:
    """What `Environment.stat` tells about a path (symlinks followed)."""

    kind: str  # a key of KIND_NAMES
    size: int
    identity: tuple[int, int]  # (st_dev, st_ino): the same file under any name
    nlink: int = 1
    mode: int = 0o644  # permission bits
    mtime_ns: int = 0


class NotRegularFileError(OSError):
    """Raised instead of opening (and maybe blocking on) a FIFO, socket or device."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(f"not a regular file: {KIND_NAMES.get(kind, kind)}")
        self.path = path
        self.kind = kind


class FileTooLargeError(OSError):
    """Raised when a file holds more than the size cap: nothing above the cap is read."""

    def __init__(self, path: str, size: int, limit: int) -> None:
        super().__init__(f"file is larger than {limit} bytes")
        self.path = path
        self.size = size  # as far as known: at least limit + 1
        self.limit = limit


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "char-device"
    if stat.S_ISBLK(mode):
        return "block-device"
    return "other"


def file_info(st: os.stat_result) -> FileInfo:
    return FileInfo(
        kind=_kind(st.st_mode),
        size=st.st_size,
        identity=(st.st_dev, st.st_ino),
        nlink=st.st_nlink,
        mode=stat.S_IMODE(st.st_mode),
        mtime_ns=st.st_mtime_ns,
    )


@dataclass(frozen=True)
class RunResult:
    """What `Environment.run` got from a finished command."""

    returncode: int
    stdout: str
    stderr: str


def _normalize_platform(name: str) -> str:
    if name.startswith("linux"):
        return "linux"
    if name in ("win32", "cygwin", "msys"):
        return "win32"
    return name


class Environment:
    """This machine, as mcplint may see it. Subclass (see `FakeEnvironment`) to fake it."""

    def __init__(
        self,
        *,
        platform: str | None = None,
        home: str | None = None,
        cwd: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.platform = _normalize_platform(platform or sys.platform)
        self.environ: Mapping[str, str] = dict(os.environ if environ is None else environ)
        self.home = home if home is not None else os.path.expanduser("~")
        self.cwd = cwd if cwd is not None else os.getcwd()

    @classmethod
    def real(cls) -> Environment:
        return cls()

    # -- paths -----------------------------------------------------------------------------
    @property
    def is_windows(self) -> bool:
        return self.platform == "win32"

    def path(self, *parts: str) -> PurePath:
        """A pure path in this platform's flavour."""
        flavour = PureWindowsPath if self.is_windows else PurePosixPath
        return flavour(*parts)

    def join(self, *parts: str) -> str:
        return str(self.path(*parts))

    def is_absolute(self, p: str) -> bool:
        return self.path(p).is_absolute()

    def resolve(self, p: str, base: str | None = None) -> str:
        """`p` made absolute against `base` (default: the working directory), not touching disk."""
        pp = self.path(p)
        if pp.is_absolute():
            return str(pp)
        return str(self.path(base or self.cwd, p))

    # -- environment variables -------------------------------------------------------------
    def getenv(self, name: str, default: str | None = None) -> str | None:
        if self.is_windows:  # Windows variable names are case-insensitive
            upper = name.upper()
            for key, value in self.environ.items():
                if key.upper() == upper:
                    return value
            return default
        return self.environ.get(name, default)

    # -- files -----------------------------------------------------------------------------
    def read_bytes(self, p: str, max_size: int | None = None) -> bytes:
        """The bytes of the regular file at `p`; raises OSError (FileNotFoundError,
        IsADirectoryError, ...), `NotRegularFileError` for a FIFO, socket or device (never
        opened for reading, so nothing blocks) and `FileTooLargeError` when it holds more than
        `max_size` bytes (at most `max_size + 1` bytes are read, even from a growing file)."""
        info = self.stat(p)
        if info is not None and info.kind == "dir":
            raise IsADirectoryError(21, "Is a directory", p)
        if info is not None and info.kind != "file":
            raise NotRegularFileError(p, info.kind)
        if max_size is not None and info is not None and info.size > max_size:
            raise FileTooLargeError(p, info.size, max_size)
        # O_NONBLOCK: should a FIFO replace the file after the stat, opening it cannot block.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(p, flags)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(21, "Is a directory", p)
            if not stat.S_ISREG(st.st_mode):
                raise NotRegularFileError(p, _kind(st.st_mode))
            if max_size is None:
                return f.read()
            data = f.read(max_size + 1)
            if len(data) > max_size:
                raise FileTooLargeError(p, max(st.st_size, len(data)), max_size)
            return data

    def stat(self, p: str) -> FileInfo | None:
        """What is at `p`, following symlinks; None when nothing is (or it cannot be seen)."""
        try:
            return file_info(os.stat(p))
        except (OSError, ValueError):
            return None

    def identity(self, p: str) -> tuple[int, int] | None:
        """(device, inode) of what `p` names, following symlinks: equal for two names of one
        file or folder (a hard link, a symlink, `a/../a`). None when nothing is there."""
        info = self.stat(p)
        return None if info is None else info.identity

    def exists(self, p: str) -> bool:
        return os.path.exists(p)

    def is_file(self, p: str) -> bool:
        return os.path.isfile(p)

    def is_dir(self, p: str) -> bool:
        return os.path.isdir(p)

    def is_executable(self, p: str) -> bool:
        return os.path.isfile(p) and os.access(p, os.X_OK)

    def listdir(self, p: str) -> list[str]:
        try:
            return sorted(os.listdir(p))
        except OSError:
            return []

    def probe(self, p: str) -> PathProbe:
        """What is at `p`, following symlinks; never raises."""
        return _probe_os(p, self.is_windows)

    def write_atomic(self, p: str, data: bytes, expected: bytes | None = None) -> None:
        """Replace the file at `p` (through a symlink, at its target) with `data` atomically.

        The data goes to a temporary file in the same folder, is fsynced, gets the old file's
        mode, and is renamed over the target. When `expected` is given and the file on disk no
        longer holds exactly those bytes, nothing is written and `FileChangedError` is raised.
        """
        from mcplint.writer import write_atomic

        write_atomic(p, data, expected=expected)

    # -- mcplint's own cache (`mcplint/cache.py`) --------------------------------------------
    def cache_dir(self) -> str:
        """mcplint's cache folder for this user (platformdirs: `~/.cache/mcplint` on Linux,
        `~/Library/Caches/mcplint` on macOS, `%LOCALAPPDATA%\\mcplint\\Cache` on Windows);
        `MCPLINT_CACHE_DIR` overrides it."""
        chosen = self.getenv("MCPLINT_CACHE_DIR")
        if chosen:
            return chosen
        from platformdirs import user_cache_dir

        return user_cache_dir("mcplint", appauthor=False)

    def write_cache_file(self, p: str, data: bytes) -> None:
        """Write a cache entry atomically (a temporary file of this process renamed over `p`,
        folders made as needed): a reader sees the old entry, the new one or none, never a
        torn one. No fsync: a cache entry lost in a crash is only a miss. Raises OSError."""
        os.makedirs(os.path.dirname(p), exist_ok=True)
        temp = f"{p}.{os.getpid()}.{time.monotonic_ns()}.tmp"
        try:
            with open(temp, "xb") as f:
                f.write(data)
            os.replace(temp, p)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(temp)
            raise

    def remove_file(self, p: str) -> None:
        """Remove a file; a file already gone is not an error. Raises other OSErrors."""
        with contextlib.suppress(FileNotFoundError):
            os.remove(p)

    # -- commands --------------------------------------------------------------------------
    def path_dirs(self, path_value: str | None = None) -> list[str]:
        value = self.getenv("PATH", "") if path_value is None else path_value
        sep = ";" if self.is_windows else ":"
        return [d for d in (value or "").split(sep) if d]

    def which(self, command: str, path: str | None = None) -> str | None:
        """Where `command` would be found on `path` (default: this environment's PATH).

        On Windows, PATHEXT extensions are tried too (as cross-spawn and cmd.exe do).
        """
        if self.is_windows:
            exts = [e for e in (self.getenv("PATHEXT") or ".COM;.EXE;.BAT;.CMD").split(";") if e]
        else:
            exts = []
        has_dir = ("/" in command) or (self.is_windows and "\\" in command)
        candidates_dirs = [""] if has_dir else self.path_dirs(path)
        for d in candidates_dirs:
            base = self.join(d, command) if d else command
            names = [base]
            if self.is_windows and not any(base.lower().endswith(e.lower()) for e in exts):
                names = [base + e for e in exts] + [base]
            for name in names:
                if self._is_runnable(name):
                    return name
        return None

    def _is_runnable(self, p: str) -> bool:
        if self.is_windows:
            return self.is_file(p)
        return self.is_executable(p)

    def readlink(self, p: str) -> str | None:
        """The target of the symlink at `p` (`/proc/PID/fd/N`: `socket:[INODE]`); None when
        it is not a symlink or cannot be read."""
        try:
            return os.readlink(p)
        except (OSError, ValueError):
            return None

    # -- processes -------------------------------------------------------------------------
    def run(self, argv: Sequence[str], timeout: float = 5.0) -> RunResult | None:
        """Run a short command (no shell, stdin closed, this environment's variables) and
        return its exit code and output; None when it cannot be started or times out."""
        import signal
        import subprocess

        posix = os.name == "posix"
        try:
            proc = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=dict(self.environ),
                cwd=self.cwd if os.path.isdir(self.cwd) else None,
                start_new_session=posix,  # its own process group: all of it is ended below
            )
        except (OSError, ValueError):
            return None
        timed_out = False
        out = err = b""
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            if posix:  # children a script started are ended too, also on timeout or Ctrl-C
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        if timed_out or proc.returncode is None:
            return None
        return RunResult(
            proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        )

    def run_version(self, command: str) -> RunResult | None:
        """`command --version` where `command` is on this environment's PATH (timeout 5 s);
        None when it is not installed, cannot start or times out."""
        found = self.which(command)
        if found is None:
            return None
        return self.run([found, "--version"], timeout=5.0)

    # -- clock -----------------------------------------------------------------------------
    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


EXECUTABLE = "executable"


FIFO = "fifo"  # a `FakeEnvironment.files` value: a FIFO (named pipe) at that path


@dataclass
class FakeFile:
    data: bytes = b""
    executable: bool = False
    kind: str = "file"  # a key of KIND_NAMES


@dataclass
class FakeEnvironment(Environment):
    """An in-memory machine. `files` maps a path to its bytes (or text, `EXECUTABLE` for an
    executable file, `FIFO` for a named pipe, or a `FakeFile`); folders are implied by the files
    in them and may be listed in `dirs`. Every path is its own file (no links).

    >>> env = FakeEnvironment(platform="darwin", home="/Users/me",
    ...                       files={"/usr/local/bin/npx": EXECUTABLE})
    """

    platform: str = "linux"
    home: str = "/home/user"
    cwd: str = ""
    environ: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, bytes | str | FakeFile] = field(default_factory=dict)
    dirs: Iterable[str] = ()
    clock: float = 1_800_000_000.0

    def __post_init__(self) -> None:
        self.platform = _normalize_platform(self.platform)
        if not self.cwd:
            self.cwd = self.home
        self._files: dict[str, FakeFile] = {}
        for p, content in self.files.items():
            if isinstance(content, FakeFile):
                self._files[self._key(p)] = content
            elif content == EXECUTABLE:
                self._files[self._key(p)] = FakeFile(b"", executable=True)
            elif content == FIFO:
                self._files[self._key(p)] = FakeFile(b"", kind="fifo")
            elif isinstance(content, str):
                self._files[self._key(p)] = FakeFile(content.encode("utf-8"))
            else:
                self._files[self._key(p)] = FakeFile(bytes(content))
        self._dirs: set[str] = {self._key(d) for d in self.dirs}
        for p in list(self._files):
            for parent in self.path(p).parents:
                self._dirs.add(self._key(str(parent)))

    def _key(self, p: str) -> str:
        pp = self.path(p)
        key = str(pp)
        return key.lower() if self.is_windows else key

    def read_bytes(self, p: str, max_size: int | None = None) -> bytes:
        key = self._key(p)
        if key in self._dirs:
            raise IsADirectoryError(21, "Is a directory", p)
        try:
            f = self._files[key]
        except KeyError:
            raise FileNotFoundError(2, "No such file or directory", p) from None
        if f.kind != "file":
            raise NotRegularFileError(p, f.kind)
        if max_size is not None and len(f.data) > max_size:
            raise FileTooLargeError(p, len(f.data), max_size)
        return f.data

    def stat(self, p: str) -> FileInfo | None:
        key = self._key(p)
        names = sorted(self._dirs | set(self._files))  # a fake inode: the place in this list
        if key in self._dirs:
            return FileInfo("dir", 0, (0, names.index(key)), mode=0o755)
        f = self._files.get(key)
        if f is None:
            return None
        mode = 0o755 if f.executable else 0o644
        return FileInfo(f.kind, len(f.data), (0, names.index(key)), mode=mode)

    def exists(self, p: str) -> bool:
        return self._key(p) in self._files or self.is_dir(p)

    def is_file(self, p: str) -> bool:
        f = self._files.get(self._key(p))
        return f is not None and f.kind == "file"

    def is_dir(self, p: str) -> bool:
        return self._key(p) in self._dirs

    def is_executable(self, p: str) -> bool:
        f = self._files.get(self._key(p))
        return f is not None and f.executable

    def listdir(self, p: str) -> list[str]:
        key = self._key(p)
        names = set()
        for candidate in list(self._files) + list(self._dirs):
            cp = self.path(candidate)
            if str(cp.parent) == key and str(cp) != key:
                names.add(cp.name)
        return sorted(names)

    def probe(self, p: str) -> PathProbe:
        f = self._files.get(self._key(p))
        if f is not None:
            return PathProbe("file", executable=self.is_windows or f.executable)
        if self.is_dir(p):
            return PathProbe("dir", searchable=True)
        return PathProbe("missing")

    def write_atomic(self, p: str, data: bytes, expected: bytes | None = None) -> None:
        from mcplint.writer import FileChangedError

        key = self._key(p)
        if expected is not None and (key not in self._files or self._files[key].data != expected):
            raise FileChangedError(p)
        old = self._files.get(key)
        if old is not None and old.kind != "file":
            raise NotRegularFileError(p, old.kind)
        self._files[key] = FakeFile(data, executable=old.executable if old else False)

    def readlink(self, p: str) -> str | None:
        return None  # a fake machine has no links

    def run(self, argv: Sequence[str], timeout: float = 5.0) -> RunResult | None:
        return None  # a fake machine runs nothing

    def cache_dir(self) -> str:
        return self.getenv("MCPLINT_CACHE_DIR") or str(self.path(self.home, ".cache", "mcplint"))

    def write_cache_file(self, p: str, data: bytes) -> None:
        self._files[self._key(p)] = FakeFile(data)
        for parent in self.path(p).parents:
            self._dirs.add(self._key(str(parent)))

    def remove_file(self, p: str) -> None:
        self._files.pop(self._key(p), None)

    def now(self) -> float:
        return self.clock

    def monotonic(self) -> float:
        return self.clock
