"""I/O safety on real files: FIFOs, devices, huge files, symlink loops, duplicate names,
read-only files, hard links and the changed-on-disk window of the writer."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.engine import DEFAULT_MAX_FILE_SIZE, Options
from mcplint.env import (
    FIFO,
    Environment,
    FakeEnvironment,
    FakeFile,
    FileTooLargeError,
    NotRegularFileError,
)
from mcplint.runner import expand, fix_files, lint_files, parse_size
from mcplint.writer import FileChangedError, ReadOnlyError, write_atomic

BROKEN = b'{"mcpServers": {"a": {"command": "sh",}}}\n'
CLEAN = b'{"mcpServers": {"a": {"command": "sh"}}}\n'
TIMEOUT = 30  # seconds: the old code never finished these

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def _limit_memory() -> None:
    import resource

    gib = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (2 * gib, 2 * gib))


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a real process, killed if it hangs (the FIFO defect) and denied
    more than 2 GiB of memory (the huge-file defect), so a regression fails instead of
    freezing or exhausting the machine."""
    return subprocess.run(
        [sys.executable, "-m", "mcplint", "--no-color", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )


def run(*args: str, env: Environment | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-color", *args], out, err, env=env)
    return code, out.getvalue(), err.getvalue()


# -- 1. FIFOs and other special files ------------------------------------------------------------


@needs_fifo
@pytest.mark.parametrize("fix", [False, True])
def test_a_fifo_named_on_the_command_line_is_an_io_error_not_a_hang(
    tmp_path: Path, fix: bool
) -> None:
    os.mkfifo(tmp_path / ".mcp.json")
    args = ["--fix", ".mcp.json"] if fix else [".mcp.json"]
    done = cli(*args, cwd=tmp_path)
    assert done.returncode == 1
    assert ".mcp.json:1:1: MCP900 [io-error] not a regular file: a FIFO" in done.stdout
    assert stat.S_ISFIFO(os.stat(tmp_path / ".mcp.json").st_mode)  # untouched


@needs_fifo
@pytest.mark.parametrize("fix", [False, True])
def test_a_fifo_met_in_a_folder_walk_is_skipped(tmp_path: Path, fix: bool) -> None:
    (tmp_path / "proj").mkdir()
    os.mkfifo(tmp_path / "proj" / ".mcp.json")
    (tmp_path / "proj" / ".cursor").mkdir()
    (tmp_path / "proj" / ".cursor" / "mcp.json").write_bytes(CLEAN)
    done = cli(*(["--fix"] if fix else []), "proj", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No problems found in 1 file" in done.stdout


def test_a_character_device_is_not_read(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    done = cli("/dev/zero", cwd=tmp_path)
    assert done.returncode == 1
    assert "/dev/zero:1:1: MCP900 [io-error] not a regular file: a character device" in done.stdout


@needs_fifo
def test_read_bytes_never_opens_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code = (
        "import sys\n"
        "from mcplint.env import Environment, NotRegularFileError\n"
        "try:\n"
        "    Environment().read_bytes(sys.argv[1])\n"
        "except NotRegularFileError as exc:\n"
        "    print(exc.kind, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.stdout == "fifo not a regular file: a FIFO (named pipe)\n"


def test_fake_environment_fifo() -> None:
    env = FakeEnvironment(files={"/p/.mcp.json": FIFO, "/p/.cursor/mcp.json": CLEAN})
    assert not env.is_file("/p/.mcp.json") and env.exists("/p/.mcp.json")
    info = env.stat("/p/.mcp.json")
    assert info is not None and info.kind == "fifo"
    assert list(expand(["/p"], env)) == ["/p/.cursor/mcp.json"]
    [result] = lint_files(["/p/.mcp.json"], env, Options())
    assert [d.rule for d in result.diagnostics] == ["io-error"]
    assert "FIFO" in result.diagnostics[0].message


# -- 2. Huge files ---------------------------------------------------------------------------------


def test_a_huge_sparse_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / ".mcp.json"
    with big.open("wb") as f:
        f.truncate(3 * 1024**3)  # 3 GiB, sparse: no disk used
    done = cli(str(big), cwd=tmp_path)
    assert done.returncode == 1
    line = done.stdout.splitlines()[0]
    assert line.startswith(f"{big}:1:1: MCP900 [io-error] too large to read: 3221225472 bytes")
    assert "3.0 GiB" in line
    assert f"size cap of {DEFAULT_MAX_FILE_SIZE} bytes (64.0 MiB)" in line
    assert "--max-file-size BYTES" in line


def test_the_cap_is_an_option_on_the_cli(tmp_path: Path) -> None:
    path = tmp_path / ".mcp.json"
    path.write_bytes(BROKEN)
    code, out, _ = run("--max-file-size", "10", str(path))
    assert code == 1 and "too large to read" in out and "size cap of 10 bytes" in out
    code, out, _ = run("--max-file-size", "1K", str(path))
    assert "too large" not in out and "trailing-comma" in out
    code, _, err = run("--max-file-size", "lots", str(path))
    assert code == 2 and "not a size in bytes: 'lots'" in err


def test_fix_respects_the_cap(tmp_path: Path) -> None:
    path = tmp_path / ".mcp.json"
    path.write_bytes(BROKEN)
    env = Environment()
    [result] = fix_files([str(path)], env, Options(max_file_size=10), write=True)
    assert [d.rule for d in result.diagnostics] == ["io-error"]
    assert path.read_bytes() == BROKEN


def test_at_most_cap_plus_one_bytes_are_read_from_a_growing_file(tmp_path: Path) -> None:
    # A file that is small when stat'ed but larger when read (it grew): /proc files are like
    # this (size 0, content on read); the read itself must stop at the cap.
    proc = Path("/proc/self/status")
    if not proc.exists() or os.stat(proc).st_size != 0:
        pytest.skip("no /proc here")
    with pytest.raises(FileTooLargeError) as info:
        Environment().read_bytes(str(proc), 16)
    assert info.value.limit == 16
    assert Environment().read_bytes(str(proc), 1 << 20).startswith(b"Name:")


def test_parse_size() -> None:
    assert parse_size("67108864") == 67108864
    assert parse_size("64M") == parse_size("64MiB") == parse_size("64mb") == 64 * 1024**2
    assert parse_size("1g") == 1024**3 and parse_size("2k") == 2048
    for bad in ("", "0", "-1", "1T", "1.5M", "M"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_discovered_files_get_the_cap_too(tmp_path: Path) -> None:
    huge = b'{"mcpServers": {}, "x": "' + b"a" * 100 + b'"}'
    env = FakeEnvironment(home="/home/u", cwd="/home/u", files={"/home/u/.claude.json": huge})
    code, out, _ = run("--max-file-size", "50", env=env)
    assert code == 1 and "/home/u/.claude.json:1:1: MCP900 [io-error] too large" in out


# -- 3. Symlink loops and duplicate names --------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    (proj / ".cursor").mkdir(parents=True)
    (proj / ".cursor" / "mcp.json").write_bytes(BROKEN)
    return proj


def test_a_self_link_does_not_lint_a_file_many_times(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    (proj / "self").symlink_to(".")
    assert list(expand([str(proj)], Environment())) == [str(proj / ".cursor" / "mcp.json")]


def test_two_self_links_finish(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    (proj / "a").symlink_to(".")
    (proj / "b").symlink_to(".")
    (proj / ".cursor" / "up").symlink_to("..")
    done = cli("proj", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.count("trailing-comma") == 1
    assert done.stdout.startswith("proj/.cursor/mcp.json:1:38:")


def test_a_link_to_a_folder_outside_is_still_followed(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    other = tmp_path / "other" / ".vscode"
    other.mkdir(parents=True)
    (other / "mcp.json").write_bytes(b'{"servers": {}}')
    (proj / "linked").symlink_to(tmp_path / "other")
    found = list(expand([str(proj)], Environment()))
    assert sorted(found) == sorted(
        [str(proj / ".cursor" / "mcp.json"), str(proj / "linked" / ".vscode" / "mcp.json")]
    )


def test_the_same_file_named_twice_or_through_links_is_linted_once(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    real = proj / ".cursor" / "mcp.json"
    sym = tmp_path / "sym.json"
    sym.symlink_to(real)
    hard = tmp_path / "hard.json"
    os.link(real, hard)
    named = [str(real), str(sym), str(real), str(hard), str(proj)]
    assert list(expand(named, Environment())) == [str(real)]  # the first name given is kept
    # found in a walk first, then named: once, under the walk's name
    assert list(expand([str(proj), str(sym)], Environment())) == [str(real)]


def test_a_missing_file_named_twice_is_reported_once(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.json")
    results = lint_files([missing, missing], Environment(), Options())
    assert len(results) == 1 and results[0].diagnostics[0].message == "no such file"


def test_fake_environment_identity() -> None:
    env = FakeEnvironment(files={"/a/x.json": b"{}", "/a/y.json": b"{}"})
    assert env.identity("/a/x.json") == env.identity("/a/x.json")
    assert env.identity("/a/x.json") != env.identity("/a/y.json")
    assert env.identity("/a") is not None and env.identity("/nope") is None
    assert list(expand(["/a/x.json", "/a/x.json", "/a/y.json"], env)) == ["/a/x.json", "/a/y.json"]


# -- 4. Read-only files and hard links -----------------------------------------------------------


def test_fix_does_not_replace_a_read_only_file(tmp_path: Path) -> None:
    # Run as root here, which may write anything: the mode bits decide, not access().
    path = tmp_path / ".mcp.json"
    path.write_bytes(BROKEN)
    os.chmod(path, 0o444)
    inode = os.stat(path).st_ino
    code, out, _ = run("--fix", str(path))
    assert code == 1
    assert path.read_bytes() == BROKEN
    assert os.stat(path).st_ino == inode
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert "read-only (mode 0444): not fixed" in out.splitlines()[0]
    assert "trailing-comma" in out  # the problems are still reported
    assert sorted(os.listdir(tmp_path)) == [".mcp.json"]


def test_writer_refuses_read_only(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(BROKEN)
    os.chmod(path, 0o400)
    with pytest.raises(ReadOnlyError):
        write_atomic(str(path), CLEAN, expected=BROKEN)
    assert path.read_bytes() == BROKEN


def test_fix_keeps_hard_links(tmp_path: Path) -> None:
    path = tmp_path / ".mcp.json"
    path.write_bytes(BROKEN)
    os.chmod(path, 0o640)
    other = tmp_path / "backup-name.json"
    os.link(path, other)
    inode = os.stat(path).st_ino
    code, _, _ = run("--fix", str(path))
    assert code == 0
    assert path.read_bytes() == CLEAN
    assert other.read_bytes() == CLEAN  # the other name sees the fix: still one file
    assert os.stat(path).st_ino == inode and os.stat(path).st_nlink == 2
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == [".mcp.json", "backup-name.json"]  # no copy left


def test_hard_linked_write_shorter_and_longer(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(b"0123456789")
    os.link(path, tmp_path / "d.json")
    write_atomic(str(path), b"abc", expected=b"0123456789")
    assert (tmp_path / "d.json").read_bytes() == b"abc"
    write_atomic(str(path), b"x" * 100, expected=b"abc")
    assert (tmp_path / "d.json").read_bytes() == b"x" * 100


def test_hard_linked_write_refuses_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(b"theirs")
    os.link(path, tmp_path / "d.json")
    with pytest.raises(FileChangedError):
        write_atomic(str(path), CLEAN, expected=BROKEN)
    assert path.read_bytes() == b"theirs"
    assert sorted(os.listdir(tmp_path)) == ["c.json", "d.json"]


def test_ordinary_files_still_get_a_new_inode_through_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(BROKEN)
    os.chmod(real, 0o600)
    link = tmp_path / ".mcp.json"
    link.symlink_to(real)
    inode = os.stat(real).st_ino
    code, _, _ = run("--fix", str(link))
    assert code == 0 and real.read_bytes() == CLEAN and link.is_symlink()
    assert os.stat(real).st_ino != inode
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600


def test_writer_refuses_a_fifo_target(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError):
        write_atomic(str(fifo), CLEAN)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    env = FakeEnvironment(files={"/p.json": FakeFile(kind="fifo")})
    with pytest.raises(NotRegularFileError):
        env.write_atomic("/p.json", CLEAN)


# -- 5. The check-then-rename window -------------------------------------------------------------


def test_a_write_after_the_temporary_file_is_made_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Other programs write the file while mcplint fsyncs its temporary file: one writes its own
    # bytes, another puts the old bytes back. The bytes match what mcplint read, but the file
    # was rewritten (mtime): the last look compares (size, mtime_ns, inode) too and refuses.
    # (os.fsync is wrapped only to land the other writes at this exact point of the window.)
    path = tmp_path / "c.json"
    path.write_bytes(BROKEN)
    real_fsync = os.fsync
    state = {"done": False}

    def racing_fsync(fd: int) -> None:
        real_fsync(fd)
        if not state["done"]:
            state["done"] = True
            path.write_bytes(BROKEN.replace(b"x", b"y"))  # their write lands now
            path.write_bytes(BROKEN)  # and another one puts the old bytes back
            os.utime(path, ns=(1, 1))

    monkeypatch.setattr(os, "fsync", racing_fsync)
    with pytest.raises(FileChangedError):
        write_atomic(str(path), CLEAN, expected=BROKEN)
    assert path.read_bytes() == BROKEN
    assert sorted(os.listdir(tmp_path)) == ["c.json"]


def test_a_write_during_the_temporary_file_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(BROKEN)
    theirs = b'{"numStartups": 1}'
    real_fsync = os.fsync

    def racing_fsync(fd: int) -> None:
        real_fsync(fd)
        path.write_bytes(theirs)

    monkeypatch.setattr(os, "fsync", racing_fsync)
    with pytest.raises(FileChangedError):
        write_atomic(str(path), CLEAN, expected=BROKEN)
    assert path.read_bytes() == theirs
    assert sorted(os.listdir(tmp_path)) == ["c.json"]
