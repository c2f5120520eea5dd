"""The launch model: what a client will actually do with a stdio server entry.

For one server entry (`mcplint.servers.server_view`), one client and one target OS,
`plan_launch` computes, without I/O of its own (everything goes through `Environment`):

* `Launch.refs`: every variable reference in the entry under the client's own expansion syntax
  (name, syntax, default, offsets inside the string, whether the client expands it in that
  field, and its value on this machine), and `Launch.lookalikes`: references in another
  client's syntax that this client leaves as they are;
* `Launch.client_path`: the PATH the client itself has (`mcplint.pathmodel.client_path`);
* `Launch.env`: the environment the child gets (the client's `child_env` model, then the
  entry's `env` merged over it, values expanded);
* `Launch.cwd`: its working directory (None = unspecified or unknown, with why);
* `Launch.command` / `Launch.args`: the values after the client's expansion (and `~`).

`resolve_command(launch, env)` then says where the command is found, with the child's PATH
(Node, cross-spawn and Codex all look the command up in the PATH of the env passed to the
child), and compares with this shell's PATH to report `shell-only`.

Target OS (`target_os`: "linux", "darwin", "win32"; also "macos", "windows"; default: the
Environment's platform). What is checked:

* Same OS as the machine: everything, against this machine's files, home and variables.
* Another OS: the syntax is still judged (variable references and their expansion, relative
  commands, Windows PATHEXT and `.cmd` shim rules, the client's PATH model with its fixed parts
  such as launchd's PATH). Nothing is looked up in this machine's files: a PATH search returns
  outcome "unknown" with why, never "not-found"; a cwd that depends on where the client was
  started is None; variable values are still this machine's (the best guess there is).

Not modelled: a Windows GUI's stale PATH (started before an install), VS Code's `envFile`, the
shell's own PATH differing from this process's PATH, Claude Code inside the desktop app.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any, Literal

from mcplint.clients.base import (
    SDK_DEFAULT_ENV_WIN32,
    Client,
    Expansion,
    FileKind,
    RefersTo,
    Unset,
)
from mcplint.clients.detect import scope_of
from mcplint.env import Environment, PathProbe
from mcplint.pathmodel import ClientPath, client_path, tool_family
from mcplint.servers import ServerEntry, ServerView, server_entries, server_view
from mcplint.tree import PathPart

TargetOS = Literal["linux", "darwin", "win32"]

_TARGET_NAMES: Mapping[str, TargetOS] = MappingProxyType(
    {
        "linux": "linux",
        "darwin": "darwin",
        "macos": "darwin",
        "mac": "darwin",
        "win32": "win32",
        "windows": "win32",
    }
)

DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD"


def target_os_of(name: str | None, env: Environment) -> TargetOS:
    """The target OS named `name` ("macos", "windows", "linux" or a platform id), default the
    Environment's platform. ValueError for an unknown name (a usage error, not bad input)."""
    key = (name or env.platform).lower()
    if key.startswith("linux"):
        key = "linux"
    if key not in _TARGET_NAMES:
        raise ValueError(f"unknown target OS {name!r}: use macos, windows or linux")
    return _TARGET_NAMES[key]


def _pure(target: str, *parts: str) -> PurePath:
    return PureWindowsPath(*parts) if target == "win32" else PurePosixPath(*parts)


# -- variable references ----------------------------------------------------------------------


@dataclass(frozen=True)
class VarRef:
    """One variable reference inside one string value of an entry.

    `start`/`end` index the decoded string value, not the file: map them to the text through
    the string node (`Context.node(ref.path)`), minding escapes before the reference. `value`
    comes from this process's environment; a GUI client may not see what the shell exports
    (`ChildEnvironment.shell_vars_visible`). Gemini CLI expands `env` twice (settings load, then
    spawn), so one span there can carry two references, one per pass.
    """

    field: str  # the entry field: "command", "args", "env", "cwd", "url", "headers"
    path: tuple[PathPart, ...]  # JSON path of the string value holding it
    start: int  # offsets of the reference inside the string value, half-open
    end: int
    syntax: str  # the client's syntax, e.g. "${VAR} / ${VAR:-default}"; "foreign" for lookalikes
    name: str
    default: str | None
    refers_to: RefersTo
    expanded: bool  # the client expands this syntax in this field
    unset: Unset  # what the client does when the variable is not set
    confirmed: bool
    value: str | None  # what it expands to on this machine; None: unset or not known statically

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


# References in any client's syntax, to find those this client does not expand.
_LOOKALIKE = re.compile(
    r"\$\{(?:env:)?\s*(?P<a>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}"
    r"|\$(?P<b>[A-Za-z_][A-Za-z0-9_]*)"
    r"|%(?P<c>[A-Za-z_][A-Za-z0-9_]*)%"
)


@dataclass(frozen=True)
class _Scope:
    """What expansion needs to know about the machine and the file."""

    env: Environment
    target: TargetOS
    workspace: str | None


def _match_name(m: re.Match[str]) -> str:
    groups = m.groupdict()
    return (groups.get("name") or groups.get("bare") or "").strip()


def _lookup(exp: Expansion, name: str, scope: _Scope) -> str | None:
    if exp.refers_to == "env":
        return scope.env.getenv(name)
    if exp.refers_to != "builtin":
        return None  # ${input:}, ${config:}, ${command:}, ${file:}: not known statically
    if name == "userHome":
        return scope.env.home
    if name in ("pathSeparator", "/"):
        return "\\" if scope.target == "win32" else "/"
    if name == "workspaceFolder":
        return scope.workspace
    if name == "workspaceFolderBasename":
        return _pure(scope.target, scope.workspace).name if scope.workspace else None
    return None


def _expansions(client: Client, target: str) -> list[Expansion]:
    return [e for e in client.expansion if target in e.platforms]


def find_refs(
    text: str, field_name: str, path: tuple[PathPart, ...], client: Client, scope: _Scope
) -> tuple[list[VarRef], list[VarRef]]:
    """(references in the client's syntax, lookalikes in another syntax) in one string."""
    refs: list[VarRef] = []
    spans: list[tuple[int, int]] = []
    for exp in _expansions(client, scope.target):
        for m in exp.regex.finditer(text):
            name = _match_name(m)
            default = m.groupdict().get("default")
            refs.append(
                VarRef(
                    field_name,
                    path,
                    m.start(),
                    m.end(),
                    exp.syntax,
                    name,
                    default,
                    exp.refers_to,
                    exp.applies_to(field_name),
                    exp.unset,
                    exp.confirmed,
                    _lookup(exp, name, scope),
                )
            )
            spans.append((m.start(), m.end()))
    lookalikes: list[VarRef] = []
    if "$" in text or "%" in text:
        for m in _LOOKALIKE.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            name = m.group("a") or m.group("b") or m.group("c") or ""
            lookalikes.append(
                VarRef(
                    field_name,
                    path,
                    m.start(),
                    m.end(),
                    "foreign",
                    name,
                    None,
                    "env",
                    False,
                    "literal",
                    True,
                    scope.env.getenv(name),
                )
            )
    return refs, lookalikes


def expand_text(text: str, field_name: str, client: Client, scope: _Scope) -> str:
    """`text` as the client passes it on: each of its expansions applied in order (Gemini's
    settings-load pass, then its spawn-time pass on `env`). A reference whose value is not known
    stays as written unless the client makes it empty."""
    for exp in _expansions(client, scope.target):
        if not exp.applies_to(field_name):
            continue

        def replace(m: re.Match[str], exp: Expansion = exp) -> str:
            value = _lookup(exp, _match_name(m), scope)
            default = m.groupdict().get("default")
            if default is not None and not value:
                return default
            if value is not None:
                return value
            if exp.refers_to == "env" and exp.unset == "empty":
                return ""
            return m.group(0)

        text = exp.regex.sub(replace, text)
    return text


def _untilde(text: str, field_name: str, client: Client, scope: _Scope) -> str:
    if client.tilde_fields is None or field_name not in client.tilde_fields:
        return text
    if text == "~" or text.startswith(("~/", "~\\")):
        return scope.env.home + text[1:]
    return text


# -- the child's environment and working directory --------------------------------------------


@dataclass(frozen=True)
class ChildEnvironment:
    """The environment variables the server process gets."""

    vars: Mapping[str, str]
    model: str  # the client's `child_env`: "full", "filtered", "sdk-default", "whitelist", ...
    confirmed: bool
    why: str
    windows: bool  # names compare case-insensitively
    # False: the client is not started from the shell (a GUI from the Dock): what the shell
    # profile exports is in `vars` (this process's environment) but not in the client's.
    shell_vars_visible: bool = True
    path_from_entry: bool = False  # the entry's `env` sets (or, VS Code, extends) PATH

    def get(self, name: str) -> str | None:
        key = _find_key(self.vars, name, self.windows)
        return self.vars[key] if key is not None else None

    @property
    def path(self) -> str | None:
        """The PATH the command is looked up in."""
        return self.get("PATH")


def _find_key(values: Mapping[str, str], name: str, windows: bool) -> str | None:
    if name in values:
        return name
    if windows:
        upper = name.upper()
        for key in values:
            if key.upper() == upper:
                return key
    return None


# Gemini CLI's redaction of the inherited environment (CLIENTS-DETAIL.md §6).
_REDACTED = re.compile(
    r"GEMINI_API_KEY|GOOGLE_API_KEY|.*(TOKEN|SECRET|PASSWORD|KEY|AUTH|CREDENTIAL).*"
)


def _child_env(
    view: ServerView, client: Client, cpath: ClientPath, scope: _Scope
) -> ChildEnvironment:
    env = scope.env
    windows = scope.target == "win32"
    same_os = scope.target == env.platform
    inherited: dict[str, str] = dict(env.environ) if same_os else {}
    path_key = _find_key(inherited, "PATH", windows) or "PATH"
    if cpath.source in ("launchd", "desktop"):
        inherited[path_key] = cpath.value
    elif cpath.source == "unknown":
        inherited.pop(path_key, None)
    model = client.child_env
    confirmed = model != "unconfirmed" and cpath.confirmed
    if model == "filtered":
        kept = {k: v for k, v in inherited.items() if not _REDACTED.fullmatch(k.upper())}
        why = f"{client.name} passes its environment minus secret-looking names, then `env`"
    elif model in ("sdk-default", "whitelist"):
        names = list(client.env_whitelist)
        if windows and model == "sdk-default":
            names = list(SDK_DEFAULT_ENV_WIN32)
        elif windows:
            confirmed = False  # Codex's WINDOWS_CORE_ENV_VARS were not read
        names += [v.text for v in view.env_vars]
        kept = {}
        for name in names:
            key = _find_key(inherited, name, windows)
            if key is not None:
                kept[key] = inherited[key]
        why = f"{client.name} passes only {', '.join(names)}, then `env`"
    else:
        kept = inherited
        why = f"{client.name} passes its whole environment, then `env`"
        if model == "unconfirmed":
            why = f"assumed: {client.name}'s environment then `env` (what it passes is unconfirmed)"
    sep = ";" if windows else ":"
    path_from_entry = False
    for item in view.env:
        if _find_key({item.name: ""}, "PATH", windows) is not None:
            path_from_entry = True
        key = _find_key(kept, item.name, windows) or item.name
        if item.value is None:
            kept.pop(key, None)  # VS Code: null unsets
            continue
        value = expand_text(item.value.text, "env", client, scope)
        if client.id == "vscode" and item.name.upper() == "PATH" and kept.get(key):
            value = kept[key] + sep + value  # VS Code appends PATH from `env`
        kept[key] = value
    return ChildEnvironment(
        MappingProxyType(kept),
        model,
        confirmed,
        why,
        windows,
        shell_vars_visible=cpath.source != "launchd" and cpath.source != "desktop",
        path_from_entry=path_from_entry,
    )


@dataclass(frozen=True)
class WorkingDir:
    """Where the server process starts. `path` None: unspecified or unknown (see `why`)."""

    path: str | None
    why: str
    confirmed: bool
    from_entry: bool  # the entry's `cwd` decides it


def workspace_of(config_path: str | None, kind: FileKind | None, target: str) -> str | None:
    """The project folder of a project config file (`<folder>/.vscode/mcp.json` -> `<folder>`),
    None without a path. The caller checks that the file is a project file."""
    if config_path is None or kind is None:
        return None
    parent = _pure(target, config_path).parent
    if parent.name.startswith(".") and parent.name not in (".", ".."):
        parent = parent.parent
    return str(parent)


def _default_cwd(client: Client, view: ServerView, scope: _Scope) -> WorkingDir:
    sure = client.default_cwd_confirmed
    same_os = scope.target == scope.env.platform
    if client.default_cwd == "client-cwd":
        if not same_os:
            return WorkingDir(None, "where the client is started, on another machine", sure, False)
        return WorkingDir(
            scope.env.cwd,
            f"where {client.name} is started (here: the current directory)",
            sure,
            False,
        )
    if client.default_cwd == "workspace-or-home":
        if view.scope == "project":
            if scope.workspace is None:
                return WorkingDir(None, "the workspace folder (not known here)", sure, False)
            return WorkingDir(scope.workspace, "the workspace folder", sure, False)
        return WorkingDir(scope.env.home if same_os else None, "the user's home", sure, False)
    if client.default_cwd == "project":
        if scope.workspace is None:
            return WorkingDir(None, "the project folder (not known for this file)", sure, False)
        return WorkingDir(scope.workspace, "the project folder", sure, False)
    return WorkingDir(
        None, f"{client.name}'s working directory for servers is undocumented", False, False
    )


def _working_dir(view: ServerView, client: Client, scope: _Scope) -> WorkingDir:
    if view.cwd is None:
        return _default_cwd(client, view, scope)
    if client.honours_cwd is False:
        d = _default_cwd(client, view, scope)
        return WorkingDir(d.path, f"{client.name} ignores `cwd`: {d.why}", d.confirmed, False)
    text = _untilde(expand_text(view.cwd.text, "cwd", client, scope), "cwd", client, scope)
    sure = client.honours_cwd is True
    if client.honours_cwd is None:
        return WorkingDir(None, f"whether {client.name} honours `cwd` is unconfirmed", False, True)
    if _pure(scope.target, text).is_absolute():
        return WorkingDir(text, "the entry's `cwd`", sure, True)
    base = _default_cwd(client, view, scope)
    if base.path is None:
        return WorkingDir(None, f"a relative `cwd` joined onto {base.why}", False, True)
    joined = str(_pure(scope.target, base.path, text))
    return WorkingDir(joined, f"the entry's relative `cwd` joined onto {base.why}", sure, True)


# -- the launch -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    """What `client` does with one server entry on `target_os` (see the module docstring)."""

    view: ServerView
    client: Client
    target_os: TargetOS
    same_os: bool  # the target OS is this machine's: file look-ups mean something
    client_path: ClientPath
    env: ChildEnvironment
    cwd: WorkingDir
    refs: tuple[VarRef, ...]
    lookalikes: tuple[VarRef, ...]
    command: str | None  # after expansion and `~`; None: absent or not a string
    args: tuple[str, ...]  # after expansion and `~`

    def refs_in(self, path: tuple[PathPart, ...]) -> list[VarRef]:
        """The references inside the string value at `path`."""
        return [r for r in self.refs if r.path == path]

    @property
    def unresolved(self) -> list[VarRef]:
        """References the client expands whose value is not known here: unset without default
        (and not made empty by the client), or an input, setting or command."""
        return [
            r
            for r in self.refs
            if r.expanded
            and r.value is None
            and r.default is None
            and not (r.refers_to == "env" and r.unset == "empty")
        ]


def plan_launch(
    view: ServerView,
    client: Client,
    env: Environment,
    *,
    target_os: str | None = None,
    config_path: str | None = None,
    kind: FileKind | None = None,
) -> Launch:
    """The launch of one entry by `client` on `target_os` (default: `env.platform`).

    `config_path` and `kind` locate the project folder (for `${workspaceFolder}` and the default
    cwd). Never raises on any entry content."""
    target = target_os_of(target_os, env)
    if config_path is not None and kind is not None and kind.id != "claude-code-user":
        # One kind may have several scopes (VS Code's mcp.json): the file's place decides.
        view = replace(view, scope=scope_of(config_path, env, kind))
    workspace = workspace_of(config_path, kind, target) if view.scope == "project" else None
    scope = _Scope(env, target, workspace)
    refs: list[VarRef] = []
    lookalikes: list[VarRef] = []
    for field_name, value in view.strings():
        found, foreign = find_refs(value.text, field_name, value.path, client, scope)
        refs.extend(found)
        lookalikes.extend(foreign)
    cpath = client_path(client, env, target)
    command = None
    if view.command is not None:
        command = expand_text(view.command.text, "command", client, scope)
        command = _untilde(command, "command", client, scope)
    args = tuple(
        _untilde(expand_text(a.text, "args", client, scope), "args", client, scope)
        for a in view.args
    )
    return Launch(
        view=view,
        client=client,
        target_os=target,
        same_os=target == env.platform,
        client_path=cpath,
        env=_child_env(view, client, cpath, scope),
        cwd=_working_dir(view, client, scope),
        refs=tuple(refs),
        lookalikes=tuple(lookalikes),
        command=command,
        args=args,
    )


def plan_launches(
    value: Any,
    kind: FileKind | None,
    client: Client,
    env: Environment,
    *,
    target_os: str | None = None,
    config_path: str | None = None,
) -> list[Launch]:
    """The launch of every server entry of a parsed document (`ParseResult.value`)."""
    entries: list[ServerEntry] = server_entries(value, kind)
    return [
        plan_launch(
            server_view(e, kind, client),
            client,
            env,
            target_os=target_os,
            config_path=config_path,
            kind=kind,
        )
        for e in entries
    ]


# -- finding the command ----------------------------------------------------------------------

# found           `path` is what runs (found in `dir`)
# shell-only      not on the client's PATH; found in `dir` of this shell's PATH (`family`: "nvm")
# not-found       on no PATH folder (`searched`)
# is-directory    the command (or the only match) is a folder
# not-executable  the only match lacks the execute permission
# relative        "./x", "bin/x": resolved against the server's working directory (`path`)
# absolute-missing an absolute command that does not exist
# symlink-loop    the command is a symlink loop
# cmd-shim        Windows: only a .cmd/.bat shim matches, which the client does not run (or may not)
# unknown         not checked (`why`): another OS, a variable not set here, no command
Outcome = Literal[
    "found",
    "shell-only",
    "not-found",
    "is-directory",
    "not-executable",
    "relative",
    "absolute-missing",
    "symlink-loop",
    "cmd-shim",
    "unknown",
]

# Why a PATH folder was not searched.
SkipReason = Literal["missing", "not-a-directory", "unreadable", "symlink-loop", "relative"]


@dataclass(frozen=True)
class SkippedDir:
    dir: str
    reason: SkipReason


@dataclass(frozen=True)
class CommandResolution:
    outcome: Outcome
    why: str
    command: str | None = None  # the command as the client runs it
    path: str | None = None
    dir: str | None = None
    family: str | None = None
    searched: tuple[str, ...] = ()
    skipped: tuple[SkippedDir, ...] = ()
    confirmed: bool = True  # False: rests on an unconfirmed client fact


@dataclass
class ResolveCache:
    """Look-ups of one run (pass the same object to every `resolve_command` call)."""

    probes: dict[str, PathProbe] = field(default_factory=dict)
    results: dict[tuple[str, ...], CommandResolution] = field(default_factory=dict)

    def probe(self, env: Environment, p: str) -> PathProbe:
        found = self.probes.get(p)
        if found is None:
            found = self.probes[p] = env.probe(p)
        return found


_SHIM_EXTS = (".cmd", ".bat")


@dataclass
class _Search:
    """One PATH search."""

    found: str | None = None
    found_dir: str | None = None
    directory: str | None = None  # first match that is a folder
    not_executable: str | None = None  # first match without the execute bit
    searched: list[str] = field(default_factory=list)
    skipped: list[SkippedDir] = field(default_factory=list)


def _skip_reason(probe: PathProbe) -> SkipReason:
    if probe.kind == "loop":
        return "symlink-loop"
    if probe.kind == "denied":
        return "unreadable"
    if probe.kind == "missing":
        return "missing"
    return "not-a-directory"


def _candidates(base: str, exts: list[str], windows: bool) -> list[str]:
    if not windows:
        return [base]
    lower = base.lower()
    if any(lower.endswith(e.lower()) for e in exts):
        return [base]
    return [base + e for e in exts]


def _search(
    command: str,
    dirs: list[str],
    exts: list[str],
    launch: Launch,
    env: Environment,
    cache: ResolveCache,
) -> _Search:
    windows = launch.target_os == "win32"
    s = _Search()
    for d in dirs:
        if not _pure(launch.target_os, d).is_absolute():
            s.skipped.append(SkippedDir(d, "relative"))
            continue
        probe = cache.probe(env, d)
        if probe.kind != "dir":
            reason = _skip_reason(probe)
            s.skipped.append(SkippedDir(d, reason))
            continue
        if not probe.searchable:
            s.skipped.append(SkippedDir(d, "unreadable"))
            continue
        s.searched.append(d)
        for candidate in _candidates(str(_pure(launch.target_os, d, command)), exts, windows):
            p = cache.probe(env, candidate)
            if p.kind == "file" and p.executable:
                s.found, s.found_dir = candidate, d
                return s
            if p.kind == "dir" and s.directory is None:
                s.directory = candidate
            elif p.kind == "file" and s.not_executable is None:
                s.not_executable = candidate
    return s


def resolve_command(
    launch: Launch, env: Environment, cache: ResolveCache | None = None
) -> CommandResolution:
    """Where the client will find the entry's command (see `Outcome`); never raises."""
    cache = cache if cache is not None else ResolveCache()
    command = launch.command
    if command is None:
        why = "the entry has no command" if launch.view.command is None else "not a string"
        return CommandResolution("unknown", why)
    key = (
        command,
        launch.target_os,
        launch.client.id,
        launch.env.path or "",
        launch.env.get("PATHEXT") or "",
        launch.cwd.path or "",
    )
    cached = cache.results.get(key)
    if cached is None:
        cached = cache.results[key] = _resolve(launch, command, env, cache)
    return cached


def _resolve(
    launch: Launch, command: str, env: Environment, cache: ResolveCache
) -> CommandResolution:
    target = launch.target_os
    windows = target == "win32"
    client = launch.client
    if not command.strip():
        return CommandResolution("unknown", "the command is empty", command)
    unresolved = [r for r in launch.unresolved if r.field == "command"]
    if unresolved:
        names = ", ".join(r.name for r in unresolved)
        return CommandResolution("unknown", f"the command uses {names}, not known here", command)
    pure = _pure(target, command)
    has_sep = "/" in command or (windows and "\\" in command)
    if has_sep and not pure.is_absolute():
        base = launch.cwd.path
        where = f"the server's working directory ({launch.cwd.why})"
        path = str(_pure(target, base, command)) if base is not None else None
        return CommandResolution(
            "relative",
            f"a relative command is resolved against {where}",
            command,
            path=path,
            confirmed=launch.cwd.confirmed,
        )
    if not launch.same_os:
        return CommandResolution(
            "unknown",
            f"linting as {target} on a {env.platform} machine: this machine's files say nothing "
            "about where the command is",
            command,
        )
    pathext = launch.env.get("PATHEXT") or DEFAULT_PATHEXT
    all_exts = [e for e in pathext.split(";") if e]
    shims = client.resolves_cmd_shims
    exts = all_exts if shims is True else [e for e in all_exts if e.lower() not in _SHIM_EXTS]
    if pure.is_absolute():
        return _resolve_absolute(command, exts, all_exts, launch, env, cache)
    sep = ";" if windows else ":"
    child_dirs = [d for d in (launch.env.path or "").split(sep) if d]
    s = _search(command, child_dirs, exts, launch, env, cache)
    if s.found is not None:
        return CommandResolution(
            "found",
            "found on the server's PATH",
            command,
            path=s.found,
            dir=s.found_dir,
            searched=tuple(s.searched),
            skipped=tuple(s.skipped),
            confirmed=launch.client_path.confirmed,
        )
    if windows and exts != all_exts:
        shim = _search(command, child_dirs, all_exts, launch, env, cache)
        if shim.found is not None:
            how = "does not" if shims is False else "may not (unconfirmed)"
            return CommandResolution(
                "cmd-shim",
                f"only {shim.found} matches: a .cmd/.bat shim, which {client.name} {how} run "
                "without `cmd /c`",
                command,
                path=shim.found,
                dir=shim.found_dir,
                searched=tuple(s.searched),
                skipped=tuple(s.skipped),
                confirmed=shims is False,
            )
    shell_dirs = env.path_dirs()
    if shell_dirs != child_dirs:
        shell = _search(command, shell_dirs, exts, launch, env, cache)
        if shell.found is not None and shell.found_dir is not None:
            family = tool_family(shell.found_dir, env.home, target)
            maybe = shell.found_dir.rstrip("/") in launch.client_path.unconfirmed_dirs
            because = launch.client_path.why
            if launch.env.path_from_entry:
                because = "the entry's `env` sets PATH without it"
            return CommandResolution(
                "shell-only",
                f"found in {shell.found_dir} on this shell's PATH, which {client.name}'s servers "
                f"do not get ({because})",
                command,
                path=shell.found,
                dir=shell.found_dir,
                family=family,
                searched=tuple(s.searched),
                skipped=tuple(s.skipped),
                confirmed=launch.client_path.confirmed and not maybe,
            )
    if s.directory is not None:
        return CommandResolution(
            "is-directory",
            f"{s.directory} is a folder",
            command,
            path=s.directory,
            searched=tuple(s.searched),
            skipped=tuple(s.skipped),
        )
    if s.not_executable is not None:
        return CommandResolution(
            "not-executable",
            f"{s.not_executable} is not executable",
            command,
            path=s.not_executable,
            searched=tuple(s.searched),
            skipped=tuple(s.skipped),
        )
    return CommandResolution(
        "not-found",
        "on no folder of the server's PATH",
        command,
        searched=tuple(s.searched),
        skipped=tuple(s.skipped),
        confirmed=launch.client_path.confirmed,
    )


def _resolve_absolute(
    command: str,
    exts: list[str],
    all_exts: list[str],
    launch: Launch,
    env: Environment,
    cache: ResolveCache,
) -> CommandResolution:
    windows = launch.target_os == "win32"
    first: tuple[str, PathProbe] | None = None
    for candidate in _candidates(command, exts, windows):
        p = cache.probe(env, candidate)
        if p.kind == "file" and p.executable:
            return CommandResolution(
                "found", "the absolute command exists", command, path=candidate
            )
        if first is None or first[1].kind == "missing":
            first = (candidate, p)
    if windows and exts != all_exts:
        for candidate in _candidates(command, all_exts, windows):
            if cache.probe(env, candidate).kind == "file":
                return CommandResolution(
                    "cmd-shim",
                    f"{candidate} is a .cmd/.bat shim, which {launch.client.name} may not run "
                    "without `cmd /c`",
                    command,
                    path=candidate,
                    confirmed=launch.client.resolves_cmd_shims is False,
                )
    assert first is not None
    candidate, p = first
    if p.kind == "loop":
        return CommandResolution(
            "symlink-loop", f"{candidate} is a symlink loop", command, path=candidate
        )
    if p.kind == "dir":
        return CommandResolution(
            "is-directory", f"{candidate} is a folder", command, path=candidate
        )
    if p.kind == "file":
        return CommandResolution(
            "not-executable", f"{candidate} is not executable", command, path=candidate
        )
    if p.kind == "denied":
        return CommandResolution(
            "absolute-missing",
            f"{candidate} cannot be reached (permission denied on a parent folder)",
            command,
            path=candidate,
        )
    if p.kind == "other":
        return CommandResolution(
            "not-executable", f"{candidate} is not a regular file", command, path=candidate
        )
    return CommandResolution(
        "absolute-missing", f"{candidate} does not exist", command, path=candidate
    )
