"""The client model: what mcplint knows about each MCP client, as plain frozen data.

A `Client` (Claude Desktop, Cursor, ...) reads one or more kinds of file (`FileKind`). Each
client module (`claude_desktop.py`, ...) holds its facts as one `CLIENT = Client(...)` constant;
the facts come from /shared/spec CLIENTS.md and CLIENTS-DETAIL.md, and what those mark
*unconfirmed* is still encoded (so rules can use it) with a comment and an entry in
`Client.unconfirmed`, never as a silent guess.

Nothing here reads the machine: `mcplint.discovery` turns `Location`s into paths for an
`Environment`, and `mcplint.clients.detect` maps a path (and content) to a `FileKind`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Dialect = Literal["json", "jsonc", "json5", "toml"]
Scope = Literal["user", "project", "local", "managed"]
Platform = Literal["linux", "darwin", "win32"]

ALL_PLATFORMS: tuple[Platform, ...] = ("linux", "darwin", "win32")

# Where a `Location` path starts. Resolved by `mcplint.discovery.root_dir`:
#   home                 the user's home folder (%USERPROFILE% on Windows)
#   appdata              %APPDATA% (default <home>\AppData\Roaming)
#   localappdata         %LOCALAPPDATA% (default <home>\AppData\Local)
#   xdg_config           $XDG_CONFIG_HOME when absolute, else <home>/.config (Electron's appData
#                        and Rust's dirs::config_dir() on Linux)
#   xdg_config_flatpak   $FLATPAK_XDG_CONFIG_HOME, else as xdg_config (Zed on Linux)
#   codex_home           $CODEX_HOME, else <home>/.codex
#   cline_data           $CLINE_DATA_DIR, else $CLINE_DIR/data, else <home>/.cline/data
#   absolute             the path is absolute (system-wide managed files)
#   project              a project folder: cwd and each parent up to the repository root
Root = Literal[
    "home",
    "appdata",
    "localappdata",
    "xdg_config",
    "xdg_config_flatpak",
    "codex_home",
    "cline_data",
    "absolute",
    "project",
]

# "read": the client reads this file. "unconfirmed": a source says so, none confirms it.
# "legacy": older versions read it; the current client does not (or migrated it away).
LocationStatus = Literal["read", "unconfirmed", "legacy"]

# What happens to a reference whose variable is not set.
Unset = Literal["literal", "empty", "error", "unconfirmed"]

# What a reference refers to: an environment variable, a VS Code `inputs` entry, a value the
# client knows itself (`${workspaceFolder}`), a file's content, a setting or a command.
RefersTo = Literal["env", "input", "builtin", "file", "config", "command"]

# How the client uses a server entry's `type` key.
TypeKey = Literal["honoured", "ignored", "absent", "unconfirmed"]

# The environment a stdio server process gets.
#   full         the client's whole environment (plus `env`)
#   filtered     the client's environment minus some variables (plus `env`)
#   sdk-default  the MCP SDKs' short default list (HOME, PATH, ...; `env_whitelist`) plus `env`
#   whitelist    a client-specific short list (`env_whitelist`) plus `env`
#   unconfirmed  not known
ChildEnv = Literal["full", "filtered", "sdk-default", "whitelist", "unconfirmed"]

# The MCP SDKs' `getDefaultEnvironment()` (TS SDK src/client/stdio.ts; CLIENTS-DETAIL.md, top).
SDK_DEFAULT_ENV_POSIX = ("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER")
SDK_DEFAULT_ENV_WIN32 = (
    "APPDATA",
    "HOMEDRIVE",
    "HOMEPATH",
    "LOCALAPPDATA",
    "PATH",
    "PROCESSOR_ARCHITECTURE",
    "SYSTEMDRIVE",
    "SYSTEMROOT",
    "TEMP",
    "USERNAME",
    "USERPROFILE",
    "PROGRAMFILES",
)

# launchd's PATH, which a macOS app started from the Dock or Finder gets.
LAUNCHD_PATH = "/usr/bin:/bin:/usr/sbin:/sbin"

# The PATH a Linux desktop session commonly gives an app started from a launcher (systemd's
# default user PATH). Unconfirmed per client: display managers may source ~/.profile (which can
# add ~/.local/bin) but never ~/.bashrc (where nvm, fnm, pyenv... are set up).
LINUX_DESKTOP_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Where a stdio server starts when the entry sets no `cwd` (or the client ignores it):
#   client-cwd          the client process's working directory (a CLI: where it was started)
#   workspace-or-home   the workspace folder for a project file, else the user's home (VS Code)
#   project             the project folder holding the config file (Zed's worktree)
#   unknown             not documented (Claude Desktop: "may be undefined, like / on macOS")
DefaultCwd = Literal["client-cwd", "workspace-or-home", "project", "unknown"]

# Server names that are safe everywhere: the name becomes part of tool names, which model APIs
# restrict to [A-Za-z0-9_-] (FAILURES.md K1/K2).
PORTABLE_NAME_PATTERN = r"^[A-Za-z0-9_-]+$"


def frozen_map(items: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """A read-only mapping, for the mapping fields of the frozen dataclasses below."""
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class FileKind:
    """One kind of config file of one client, e.g. Claude Code's `.mcp.json`."""

    id: str
    client: str  # the `Client.id` that reads it
    title: str  # for messages: "Claude Code's .mcp.json"
    dialect: Dialect
    strips_bom: bool  # the client tolerates a leading UTF-8 BOM
    # Where server maps live, as key paths from the top; "*" matches any key.
    servers_paths: tuple[tuple[str, ...], ...]
    schema: str | None  # file name in the top-level schemas/ folder: "<id>.schema.json"
    scope: Scope  # the scope of such a file outside the client's user and managed locations
    # Path patterns that identify the file: "/"-separated, matched case-insensitively against
    # the end of a path, one fnmatch pattern per component ("*" does not match a leading ".").
    patterns: tuple[str, ...]
    scopes: tuple[Scope, ...] = ()  # every scope a file of this kind can have (default: scope)
    reads_servers: bool = True  # False: the client never reads servers from this file
    # Servers may also sit directly at the top level, when none of `servers_paths` is there
    # (a Claude Code plugin's `.mcp.json`: `{"name": {...}}` as well as `{"mcpServers": ...}`).
    top_level_servers: bool = False
    # A key that users wrongly put servers under -> why it is wrong.
    misplaced_server_keys: Mapping[str, str] = field(default_factory=frozen_map)
    # The known top-level keys, or None when the file holds many other settings.
    top_level_keys: tuple[str, ...] | None = None
    rewritten_by_client: bool = False  # the client itself writes this file (fixes may race it)
    blank_ok: bool = False  # the client reads a blank file as "no servers", not as an error
    # Overrides of what `dialect` implies, where a client's reader is in between: Gemini CLI
    # strips comments but still rejects trailing commas. None: as the dialect says.
    comments: bool | None = None
    trailing_commas: bool | None = None
    also_read_by: tuple[str, ...] = ()  # other clients that read this file
    deprecated: str | None = None  # set when the whole file kind is a legacy place for servers
    notes: tuple[str, ...] = ()

    @property
    def file_names(self) -> tuple[str, ...]:
        """The last component of each detection pattern (may contain `*`)."""
        return tuple(dict.fromkeys(p.rsplit("/", 1)[-1] for p in self.patterns))

    @property
    def all_scopes(self) -> tuple[Scope, ...]:
        return self.scopes or (self.scope,)

    @property
    def allows_comments(self) -> bool:
        if self.comments is not None:
            return self.comments
        return self.dialect in ("jsonc", "json5", "toml")

    @property
    def allows_trailing_commas(self) -> bool:
        if self.trailing_commas is not None:
            return self.trailing_commas
        return self.dialect in ("jsonc", "json5")


@dataclass(frozen=True)
class Location:
    """Where a client looks for a file of one kind, as data: a path below a `Root`."""

    kind: str  # FileKind id
    scope: Scope
    root: Root
    path: str  # "/"-separated below `root`; a "*" component matches any non-hidden name
    platforms: tuple[Platform, ...] = ALL_PLATFORMS
    # A variable whose value, when set and non-empty, is the full path used instead.
    env_override: str | None = None
    status: LocationStatus = "read"
    walks_up: bool = False  # project files: the client also reads them from parent folders
    # (root, path) of a folder whose presence means the client reads another file instead.
    superseded_if: tuple[Root, str] | None = None
    note: str = ""


@dataclass(frozen=True)
class Expansion:
    """One variable syntax the client expands in server entries."""

    syntax: str  # for messages: "${VAR}"
    pattern: str  # a regex; group "name" is the variable, group "default" its fallback
    fields: tuple[str, ...]  # entry fields where it applies; "*" = every string value
    unset: Unset  # what an unset variable (without default) becomes
    refers_to: RefersTo = "env"
    platforms: tuple[Platform, ...] = ALL_PLATFORMS
    confirmed: bool = True
    note: str = ""

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def applies_to(self, field_name: str) -> bool:
        return "*" in self.fields or field_name in self.fields


@dataclass(frozen=True)
class Transport:
    """One transport a client speaks from its config file, and the keys of such an entry."""

    name: str  # "stdio", "sse", "http" (Streamable HTTP), "ws", "extension" (Zed)
    type_values: tuple[str, ...]  # `type` values that select it (empty: none, or no `type`)
    fields: tuple[str, ...]  # every key the client knows in such an entry (common ones too)
    required: tuple[str, ...] = ()
    # Keys that select this transport when the entry has no `type` (e.g. ("command",)).
    selected_by: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class GuiPath:
    """What PATH a stdio server gets when the client is started from the desktop."""

    gui: bool  # a desktop app; False for CLIs, which inherit the launching shell
    login_shell: bool | None  # resolves the login-shell environment (None: unconfirmed)
    darwin_path: str | None = None  # the PATH from the Dock/Finder on macOS, when known
    prepends: tuple[str, ...] = ()  # directories the client adds itself ("*" = every match)
    # Directories a source says the client adds, none confirms (kept as data, not as a guess).
    unconfirmed_prepends: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Client:
    """One MCP client and its facts."""

    id: str
    name: str
    kinds: tuple[FileKind, ...]  # the first one is the default for `--client <id>`
    locations: tuple[Location, ...]
    transports: tuple[Transport, ...]
    type_key: TypeKey
    expansion: tuple[Expansion, ...]
    supports_remote: bool  # remote (url) servers can be configured in the file
    url_keys: tuple[str, ...]  # keys holding a remote server's URL
    name_pattern: str | None  # server names the client accepts unchanged (None: no rule known)
    reserved_names: tuple[str, ...]
    tool_name_limit: int | None  # longest tool name the model API / client accepts
    tool_name_format: str | None  # how the limited name is built: "mcp__{server}__{tool}"
    max_tools: int | None  # tools the client sends to the model at most
    honours_cwd: bool | None  # a `cwd` key is used (None: unconfirmed)
    tilde_fields: tuple[str, ...] | None  # fields where "~" is expanded (None: unconfirmed)
    startup_timeout_ms: int | None  # default wait for `initialize`
    resolves_cmd_shims: bool | None  # Windows .cmd/.bat shims found via PATHEXT (None: unconfirmed)
    gui_path: GuiPath
    child_env: ChildEnv
    env_whitelist: tuple[str, ...] = ()  # for "sdk-default"/"whitelist" (POSIX list)
    default_cwd: DefaultCwd = "unknown"  # where a server starts without (an honoured) `cwd`
    default_cwd_confirmed: bool = True
    deprecated_fields: Mapping[str, str] = field(default_factory=frozen_map)
    unconfirmed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def type_values(self) -> tuple[str, ...]:
        """Every `type` value the client accepts."""
        return tuple(v for t in self.transports for v in t.type_values)

    @property
    def server_fields(self) -> Mapping[str, tuple[str, ...]]:
        """Transport name -> the keys the client knows in such an entry."""
        return MappingProxyType({t.name: t.fields for t in self.transports})

    @property
    def known_server_keys(self) -> frozenset[str]:
        """Every key the client knows in any server entry (for `unknown-key`)."""
        return frozenset(f for t in self.transports for f in t.fields)

    def transport(self, name: str) -> Transport | None:
        for t in self.transports:
            if t.name == name:
                return t
        return None

    def transport_for_type(self, type_value: str) -> Transport | None:
        for t in self.transports:
            if type_value in t.type_values:
                return t
        return None

    def locations_for(self, platform: str) -> tuple[Location, ...]:
        return tuple(loc for loc in self.locations if platform in loc.platforms)

    def kind(self, kind_id: str) -> FileKind | None:
        for k in self.kinds:
            if k.id == kind_id:
                return k
        return None
