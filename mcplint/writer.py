"""Writing fixed files safely.

The new content goes to a temporary file in the target's folder, is flushed and fsynced, gets the
old file's mode (and owner, where allowed), and is renamed over the target in one step, so a
crash leaves either the old file or the new one, never half of each. A symlink is followed and
its target replaced (dotfile managers symlink `~/.claude.json`); the link stays a link. When the
file no longer holds the bytes that were read (Claude Code rewrites `~/.claude.json` all the
time), nothing is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


class FileChangedError(OSError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} changed on disk since mcplint read it (another program is writing it); "
            "nothing was written: run mcplint again"
        )
        self.path = path


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if expected is not None:
        try:
            with open(target, "rb") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != expected:
            raise FileChangedError(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".mcplint", dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            if st is not None:
                os.chmod(tmp, stat.S_IMODE(st.st_mode))
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, st.st_uid, st.st_gid)
        if expected is not None:
            with open(target, "rb") as f:  # last look, right before the rename
                if f.read() != expected:
                    raise FileChangedError(path)
        os.replace(tmp, target)
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
