"""The PATH a client gives its stdio servers, per client and target OS, and the folders only a
login shell puts on PATH.

A CLI (Claude Code, Codex, Gemini CLI) inherits the launching shell's PATH. A desktop app
started from the Dock, Finder or a launcher does not see what `~/.zshrc`/`~/.bashrc` add:

* macOS: launchd's `/usr/bin:/bin:/usr/sbin:/sbin` (`LAUNCHD_PATH`), plus what the client adds
  itself (Claude Desktop scans `~/.nvm/versions/node/*/bin` and prepends every version, oldest
  first); clients that resolve the login-shell environment (VS Code, and Cline inside it) get
  the shell's PATH. Where the client's behaviour is unconfirmed (Cursor, Windsurf) the launchd
  PATH is assumed and `ClientPath.confirmed` is False.
* Linux: a launcher's session PATH (`LINUX_DESKTOP_PATH`), never confirmed per client.
* Windows: the user + machine PATH from the registry, which is what a new shell gets too, so
  the shell PATH is used (a GUI started before an install keeps a stale PATH: not modelled).

The client facts are data in `mcplint.clients` (`Client.gui_path`); this module only combines
them with the machine (through `Environment`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from mcplint.clients.base import LAUNCHD_PATH, LINUX_DESKTOP_PATH, Client, Platform
from mcplint.env import Environment

# Where the PATH comes from:
#   shell     the launching shell's PATH (CLIs; GUIs that resolve the login shell; Windows)
#   launchd   macOS launchd's PATH plus what the client adds
#   desktop   a Linux desktop session's PATH
#   unknown   the shell PATH of another OS than this machine's: not known here
PathSource = Literal["shell", "launchd", "desktop", "unknown"]

# Where one PATH folder comes from: inherited by the client, or added by the client itself.
DirOrigin = Literal["inherited", "client"]


@dataclass(frozen=True)
class PathDir:
    dir: str
    origin: DirOrigin


@dataclass(frozen=True)
class ClientPath:
    """The PATH a client's stdio servers are looked up in (before the entry's own `env`)."""

    client: str
    target_os: str
    source: PathSource
    dirs: tuple[PathDir, ...]
    confirmed: bool  # False: the client's behaviour is inferred, not documented
    why: str
    # Folders a source says the client adds, none confirms (not in `dirs`).
    unconfirmed_dirs: tuple[str, ...] = ()

    @property
    def separator(self) -> str:
        return ";" if self.target_os == "win32" else ":"

    @property
    def value(self) -> str:
        """The PATH as the child gets it."""
        return self.separator.join(d.dir for d in self.dirs)

    @property
    def sees_shell_path(self) -> bool:
        return self.source == "shell"


@dataclass(frozen=True)
class ToolDir:
    """A folder that a version manager or installer adds to PATH from a shell profile."""

    family: str  # "nvm", "homebrew", "local-bin", ...
    pattern: str  # a regex matched against the whole folder ("~" stands for the home folder)
    platforms: tuple[Platform, ...] = ("linux", "darwin")
    note: str = ""


# Folders a GUI app's PATH lacks (FAILURES.md D1). Matched after "~" is replaced by the home
# folder and trailing separators are dropped.
SHELL_ONLY_DIRS: tuple[ToolDir, ...] = (
    ToolDir("nvm", r"~/\.nvm/versions/node/[^/]+/bin"),
    ToolDir("fnm", r"(~/\.fnm|~/\.local/share/fnm|~/Library/Application Support/fnm)(/.*)?"),
    ToolDir("fnm", r".*/fnm_multishells/[^/]+(/bin)?", note="a per-shell folder fnm creates"),
    ToolDir("volta", r"~/\.volta/(bin|tools/image/.*)"),
    ToolDir("asdf", r"~/\.asdf/(shims|bin)"),
    ToolDir("mise", r"~/\.local/share/mise/(shims|installs/.*)"),
    ToolDir("pyenv", r"~/\.pyenv/(shims|bin)"),
    ToolDir("homebrew", r"/opt/homebrew/s?bin", ("darwin",)),
    ToolDir("homebrew", r"/usr/local/s?bin", ("darwin",), "Homebrew on Intel Macs"),
    ToolDir("homebrew", r"(/home/linuxbrew/\.linuxbrew|~/\.linuxbrew)/s?bin", ("linux",)),
    ToolDir("local-bin", r"~/\.local/bin", note="uv, uvx and pipx install here"),
    ToolDir("cargo", r"~/\.cargo/bin"),
    ToolDir("bun", r"~/\.bun/bin"),
    ToolDir("deno", r"~/\.deno/bin"),
)


def tool_family(directory: str, home: str, target_os: str) -> str | None:
    """The version manager or installer that `directory` belongs to, or None."""
    if target_os == "win32":
        return None  # a Windows GUI gets the registry PATH: no shell-only folders modelled
    d = directory.rstrip("/") or "/"
    h = home.rstrip("/")
    for tool in SHELL_ONLY_DIRS:
        if target_os not in tool.platforms:
            continue
        pattern = re.escape(h).join(tool.pattern.split("~"))
        if re.fullmatch(pattern, d):
            return tool.family
    return None


def _version_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: "v9.1.0" before "v10.0.0"."""
    parts = re.findall(r"\d+|[^\d]+", name)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def expand_prepend(pattern: str, env: Environment) -> list[str]:
    """The folders a `GuiPath.prepends` pattern names on this machine, oldest version first.

    "~" is the home folder; a "*" component matches every entry of its folder (as Claude
    Desktop's nvm scan does: all installed versions, in ascending order)."""
    parts = pattern.split("/")
    if parts[0] == "~":
        parts[0] = env.home.rstrip("/")
    found = [parts[0] or "/"]
    for part in parts[1:]:
        if not part:
            continue
        nxt: list[str] = []
        for base in found:
            if part == "*":
                names = sorted(env.listdir(base), key=_version_key)
                nxt.extend(env.join(base, n) for n in names if not n.startswith("."))
            else:
                nxt.append(env.join(base, part))
        found = nxt
    return [d for d in found if env.is_dir(d)]


def client_path(client: Client, env: Environment, target_os: str | None = None) -> ClientPath:
    """The PATH `client`, started the usual way (a CLI from a shell, an app from the desktop),
    gives its stdio servers on `target_os` (default: this machine's platform)."""
    target = target_os or env.platform
    gp = client.gui_path
    same_os = target == env.platform
    shell_dirs = tuple(PathDir(d, "inherited") for d in env.path_dirs()) if same_os else ()

    def shell(why: str, confirmed: bool = True) -> ClientPath:
        if not same_os:
            return ClientPath(
                client.id,
                target,
                "unknown",
                (),
                confirmed,
                f"{why}; the shell PATH of a {target} machine is not known on this {env.platform} "
                "machine",
            )
        return ClientPath(client.id, target, "shell", shell_dirs, confirmed, why)

    if not gp.gui:
        return shell(f"{client.name} is a CLI: it inherits the launching shell's PATH")
    if target == "win32":
        return shell(
            f"{client.name} gets the user and machine PATH from the registry, as a new shell does"
        )
    if gp.login_shell is True:
        return shell(f"{client.name} resolves the login shell's environment at start-up")
    confirmed = gp.login_shell is False
    unsure = "" if confirmed else " (unconfirmed: assumed, no source says it reads the shell)"
    if target == "darwin":
        base = gp.darwin_path or LAUNCHD_PATH
        added: list[str] = []
        for pattern in gp.prepends:
            added.extend(expand_prepend(pattern, env) if same_os else [])
        dirs = tuple(PathDir(d, "client") for d in added) + tuple(
            PathDir(d, "inherited") for d in base.split(":") if d
        )
        why = f"{client.name} started from the Dock or Finder gets launchd's PATH{unsure}"
        if gp.prepends:
            why += f", plus what it adds itself ({', '.join(gp.prepends)}, oldest first)"
        return ClientPath(
            client.id,
            target,
            "launchd",
            dirs,
            confirmed,
            why,
            unconfirmed_dirs=gp.unconfirmed_prepends,
        )
    dirs = tuple(PathDir(d, "inherited") for d in LINUX_DESKTOP_PATH.split(":"))
    return ClientPath(
        client.id,
        target,
        "desktop",
        dirs,
        False,
        f"{client.name} started from a desktop launcher gets the session's PATH, without what "
        "~/.bashrc adds (the exact PATH depends on the distribution: unconfirmed)",
    )
