"""Writing fixed files safely.

An ordinary file: the new content goes to a temporary file in the target's folder, is flushed and
fsynced, gets the old file's mode (and owner, where allowed), and is renamed over the target in
one step, so a crash leaves either the old file or the new one, never half of each. A symlink is
followed and its target replaced (dotfile managers symlink `~/.claude.json`); the link stays a
link.

Nothing is written (an `OSError` subclass says why) when:

* the file no longer holds the bytes that were read (`FileChangedError`: Claude Code rewrites
  `~/.claude.json` all the time);
* its permission bits make it read-only for us (`ReadOnlyError`). The bits are checked, not
  `access()`: root may write anything, but a file someone made read-only is not mcplint's to
  change;
* it is not a regular file (`NotRegularFileError`: a FIFO, socket, device or folder).

A file with hard links (`st_nlink > 1`) is written in place, not renamed over: a rename would give
this name a new file and leave the other names holding the old bytes. The new content is first
written and fsynced to a temporary file beside it (a complete copy), then the target itself is
checked, overwritten, truncated and fsynced, and the copy removed. In-place writing is not
atomic: should it fail half-way, the copy is kept and `InPlaceWriteError` names it, so no data
is lost.

The check-then-write window. The last check is made after the temporary file is fully written
and fsynced, immediately before the rename (or the in-place write): the target is opened, its
(device, inode, size, mtime_ns) compared with what was seen when writing began and its bytes
compared with the bytes read. What remains is a write by another program landing in the
microseconds between that final compare and the rename: it is lost (replaced by mcplint's
version). No portable lock can close it: the programs that write these files take no lock
mcplint could share.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

from mcplint.env import NotRegularFileError, file_info

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


class FileChangedError(OSError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} changed on disk since mcplint read it (another program is writing it); "
            "nothing was written: run mcplint again"
        )
        self.path = path


class ReadOnlyError(OSError):
    def __init__(self, path: str, mode: int) -> None:
        super().__init__(
            f"{path} is read-only (mode {mode:04o}): not fixed; "
            "make it writable (chmod u+w) to let mcplint fix it"
        )
        self.path = path
        self.mode = mode


class InPlaceWriteError(OSError):
    def __init__(self, path: str, copy: str, cause: OSError) -> None:
        super().__init__(
            f"writing {path} in place failed ({cause.strerror or cause}); "
            f"the fixed content is kept in {copy}"
        )
        self.path = path
        self.copy = copy


def is_read_only(st: os.stat_result) -> bool:
    """Whether the permission bits that apply to this process deny writing."""
    mode = st.st_mode
    if not hasattr(os, "geteuid"):  # Windows: the read-only attribute
        return not mode & stat.S_IWRITE
    uid = os.geteuid()
    if uid in (0, st.st_uid):
        return not mode & stat.S_IWUSR
    if st.st_gid == os.getegid() or st.st_gid in os.getgroups():
        return not mode & stat.S_IWGRP
    return not mode & stat.S_IWOTH


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace the content of the file at `path` with `data` (see the module's docstring).
    With `expected`, write only while the file still holds exactly those bytes."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        first: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        first = None
    if first is not None:
        if not stat.S_ISREG(first.st_mode):
            raise NotRegularFileError(path, file_info(first).kind)
        if is_read_only(first):
            raise ReadOnlyError(path, stat.S_IMODE(first.st_mode))
    if expected is not None:
        _check_unchanged(path, target, expected, first)  # already changed: no temporary file
    in_place = first is not None and first.st_nlink > 1
    fd, tmp = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".mcplint", dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            if first is not None and not in_place:
                os.chmod(tmp, stat.S_IMODE(first.st_mode))
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, first.st_uid, first.st_gid)
        if in_place:
            assert first is not None
            _write_in_place(path, target, data, expected, first, tmp)
            os.unlink(tmp)
        else:
            if expected is not None:
                _check_unchanged(path, target, expected, first)  # the last look
            os.replace(tmp, target)
    except InPlaceWriteError:
        raise  # the temporary file is the only complete copy: kept
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _check_unchanged(path: str, target: str, expected: bytes, first: os.stat_result | None) -> None:
    try:
        fd = os.open(target, os.O_RDONLY | _O_NONBLOCK | _O_BINARY)
    except FileNotFoundError:
        raise FileChangedError(path) from None
    try:
        _check_fd(path, fd, expected, first)
    finally:
        os.close(fd)


def _check_fd(path: str, fd: int, expected: bytes, first: os.stat_result | None) -> None:
    """Raise `FileChangedError` unless the open file is the one first seen, with `expected`."""
    st = os.fstat(fd)
    if first is not None and _signature(st) != _signature(first):
        raise FileChangedError(path)
    if not stat.S_ISREG(st.st_mode) or st.st_size != len(expected):
        raise FileChangedError(path)
    chunks = []
    remaining = len(expected) + 1  # one byte more: a file grown since the fstat shows it
    os.lseek(fd, 0, os.SEEK_SET)
    while remaining > 0:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    if b"".join(chunks) != expected:
        raise FileChangedError(path)


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _write_in_place(
    path: str,
    target: str,
    data: bytes,
    expected: bytes | None,
    first: os.stat_result,
    copy: str,
) -> None:
    fd = os.open(target, os.O_RDWR | _O_NONBLOCK | _O_BINARY)
    try:
        if expected is not None:
            _check_fd(path, fd, expected, first)  # the last look
        try:
            view = memoryview(data)
            os.lseek(fd, 0, os.SEEK_SET)
            offset = 0
            while offset < len(view):
                offset += os.write(fd, view[offset:])
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError as exc:
            raise InPlaceWriteError(path, copy, exc) from exc
    finally:
        os.close(fd)
