"""The atomic writer, on real files: content, no leftovers, mode, symlinks, refusal on change."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mcplint.env import Environment
from mcplint.writer import FileChangedError, write_atomic

OLD = b'{"mcpServers": {"a": {"command": "x",}}}\n'
NEW = b'{"mcpServers": {"a": {"command": "x"}}}\n'


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_replaces_the_content_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "config.json"
    target.write_bytes(OLD)
    write_atomic(str(target), NEW, expected=OLD)
    assert target.read_bytes() == NEW
    assert _listing(tmp_path) == ["config.json"]


def test_writes_a_new_inode_rather_than_truncating(tmp_path: Path) -> None:
    # The rename is what makes the write atomic: a reader holding the old file keeps old bytes.
    target = tmp_path / "config.json"
    target.write_bytes(OLD)
    with target.open("rb") as reader:
        write_atomic(str(target), NEW, expected=OLD)
        assert reader.read() == OLD
    assert target.read_bytes() == NEW


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o755])  # 0o444: refused
def test_keeps_the_file_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "config.json"
    target.write_bytes(OLD)
    os.chmod(target, mode)
    write_atomic(str(target), NEW, expected=OLD)
    assert stat.S_IMODE(os.stat(target).st_mode) == mode
    assert target.read_bytes() == NEW


def test_keeps_the_owner(tmp_path: Path) -> None:
    target = tmp_path / "config.json"
    target.write_bytes(OLD)
    before = os.stat(target)
    write_atomic(str(target), NEW)
    after = os.stat(target)
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)


def test_writes_through_a_symlink_which_stays_a_symlink(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    home = tmp_path / "home"
    dotfiles.mkdir()
    home.mkdir()
    real = dotfiles / "claude.json"
    real.write_bytes(OLD)
    os.chmod(real, 0o600)
    link = home / ".claude.json"
    link.symlink_to(real)

    write_atomic(str(link), NEW, expected=OLD)

    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == NEW
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600
    # the temporary file was made beside the target (same file system), and is gone
    assert _listing(dotfiles) == ["claude.json"]
    assert _listing(home) == [".claude.json"]


def test_relative_symlink_and_a_chain_of_links(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    real = tmp_path / "store" / "mcp.json"
    real.write_bytes(OLD)
    first = tmp_path / "first.json"
    first.symlink_to(os.path.join("store", "mcp.json"))  # relative to the link's folder
    second = tmp_path / "second.json"
    second.symlink_to("first.json")

    write_atomic(str(second), NEW, expected=OLD)

    assert second.is_symlink() and first.is_symlink()
    assert os.readlink(second) == "first.json"
    assert real.read_bytes() == NEW


def test_refuses_when_the_file_changed_since_it_was_read(tmp_path: Path) -> None:
    target = tmp_path / ".claude.json"
    target.write_bytes(OLD)
    theirs = b'{"numStartups": 42, "mcpServers": {}}\n'
    target.write_bytes(theirs)  # another program rewrote it after mcplint read OLD

    with pytest.raises(FileChangedError) as info:
        write_atomic(str(target), NEW, expected=OLD)

    assert target.read_bytes() == theirs
    assert _listing(tmp_path) == [".claude.json"]
    message = str(info.value)
    assert str(target) in message
    assert "changed on disk" in message and "nothing was written" in message
    assert isinstance(info.value, OSError)  # callers handle it with the other write errors


def test_refuses_when_the_file_was_deleted_since_it_was_read(tmp_path: Path) -> None:
    target = tmp_path / "mcp.json"
    with pytest.raises(FileChangedError):
        write_atomic(str(target), NEW, expected=OLD)
    assert not target.exists()
    assert _listing(tmp_path) == []


def test_refuses_a_change_seen_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"{}\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(FileChangedError):
        write_atomic(str(link), NEW, expected=OLD)
    assert real.read_bytes() == b"{}\n"
    assert link.is_symlink()


def test_without_expected_it_writes_whatever_is_there(tmp_path: Path) -> None:
    target = tmp_path / "mcp.json"
    target.write_bytes(b"something else")
    write_atomic(str(target), NEW)
    assert target.read_bytes() == NEW


def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path: Path) -> None:
    # The target's folder is gone: nothing can be created, nothing is half-written.
    target = tmp_path / "gone" / "mcp.json"
    with pytest.raises(OSError):
        write_atomic(str(target), NEW)
    assert _listing(tmp_path) == []


def test_a_failed_rename_removes_the_temporary_file(tmp_path: Path) -> None:
    # A folder where the file should be: the temporary file is written, the rename fails.
    (tmp_path / "mcp.json").mkdir()
    with pytest.raises(OSError):
        write_atomic(str(tmp_path / "mcp.json"), NEW)
    assert _listing(tmp_path) == ["mcp.json"]
    assert (tmp_path / "mcp.json").is_dir()


def test_environment_write_atomic_is_the_real_writer(tmp_path: Path) -> None:
    target = tmp_path / "mcp.json"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    env = Environment()
    env.write_atomic(str(target), NEW, expected=OLD)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    target.write_bytes(b"changed")
    with pytest.raises(FileChangedError):
        env.write_atomic(str(target), OLD, expected=NEW)
    assert target.read_bytes() == b"changed"
