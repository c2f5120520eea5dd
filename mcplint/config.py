"""mcplint's own configuration: `[tool.mcplint]` in `pyproject.toml`, or `.mcplint.toml`.

A file's configuration is found by walking up from the file's folder: in each folder
`.mcplint.toml` (its top-level table, or its `[tool.mcplint]` table) wins over a `pyproject.toml`
with a `[tool.mcplint]` table; a `pyproject.toml` without one is passed over. The nearest wins
(configurations are not merged). `--config PATH` names one file for every linted file, and
`--isolated` reads none.

Keys (`[tool.mcplint]`)::

    select = ["MCP0", "hardcoded-secret"]      # replaces the default rule set
    extend-select = ["some-rule"]              # adds to it
    ignore = ["machine"]                       # names, codes, code prefixes, tags
    target-os = "linux"                        # macos, windows, linux
    exclude = ["fixtures/**", "legacy"]        # globs skipped in folder walks and discovery

    [tool.mcplint.per-file-ignores]
    "examples/*.json" = ["hardcoded-secret"]   # globs relative to the configuration's folder

    [tool.mcplint.per-server-ignores]
    "legacy-server" = ["command-not-found"]    # findings inside that server entry

    [tool.mcplint.severity]
    windows-npx-needs-cmd = "info"             # error, warning or info

    [tool.mcplint.rules.hardcoded-secret]
    extra-patterns = ["corp_[A-Za-z0-9]{20,}"]
    [tool.mcplint.rules.command-not-found]
    allow = ["my-wrapper"]

The command line wins over the file: `--select` replaces `select`, `--ignore` adds to `ignore`,
`--target-os` replaces `target-os`. Rule options reach rules through `Context.option(rule, key,
default)`; the options a rule has are declared in `RULE_OPTIONS` (and validated here).

The configuration is validated: an unknown key, an unknown rule name or a value of the wrong type
is a `config-error` diagnostic at its line and column in the configuration file; the rest of the
configuration still applies.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from mcplint.diagnostics import Diagnostic, Severity
from mcplint.env import Environment

if TYPE_CHECKING:
    from mcplint.engine import Options
    from mcplint.rules.base import Context
    from mcplint.tree import Node

CONFIG_ERROR = "config-error"
CONFIG_NAMES = (".mcplint.toml", "pyproject.toml")  # in one folder, the first found wins
SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
TARGET_OSES = ("macos", "windows", "linux")
# Diagnostics that no configuration hides or re-grades: a file not read is never "clean".
UNCONFIGURABLE = frozenset({"io-error", "internal-error", CONFIG_ERROR})

# The options each rule reads through `Context.option(rule, key, default)`: key -> kind of value
# ("strings": a list of strings; "patterns": a list of regular expressions).
RULE_OPTIONS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "hardcoded-secret": MappingProxyType({"extra-patterns": "patterns"}),
        "command-not-found": MappingProxyType({"allow": "strings"}),
    }
)

_LIST_KEYS = ("select", "ignore", "extend-select", "exclude")
_TABLE_KEYS = ("per-file-ignores", "per-server-ignores", "severity", "rules")
KNOWN_KEYS = (*_LIST_KEYS, "target-os", *_TABLE_KEYS)


def _frozen(value: Mapping[str, Mapping[str, object]]) -> Mapping[str, Mapping[str, object]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in value.items()})


@dataclass(frozen=True)
class Config:
    """One configuration file, read and validated (`errors`: its `config-error` diagnostics)."""

    path: str | None  # the file it was read from (None: the empty configuration)
    root: str  # the folder its globs are relative to
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    target_os: str | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_server_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    rule_options: Mapping[str, Mapping[str, object]] = field(default_factory=lambda: _frozen({}))
    errors: tuple[Diagnostic, ...] = ()
    text: str = field(default="", repr=False)  # the file's text (for the errors' snippets)

    def apply(self, options: Options) -> Options:
        """`options` (from the command line or a library caller) with this configuration under
        them: the caller's select and target OS win, ignores add up."""
        from mcplint.rules import ALL_RULES

        select = options.select or self.select or ()
        if self.extend_select:
            base = select or tuple(r.name for r in ALL_RULES if r.enabled_by_default)
            select = (*base, *self.extend_select)
        return replace(
            options,
            select=tuple(select),
            ignore=(*self.ignore, *options.ignore),
            target_os=options.target_os or self.target_os,
            config=self,
        )

    def relative(self, path: str, env: Environment) -> str:
        """`path` relative to the configuration's folder, "/"-separated ("" outside it)."""
        full = env.resolve(path).replace("\\", "/")
        root = self.root.replace("\\", "/").rstrip("/") + "/"
        return full[len(root) :] if full.startswith(root) else ""

    def excludes(self, path: str, env: Environment) -> bool:
        """Whether a file found in a folder walk or by discovery is excluded."""
        return any(glob_matches(self.relative(path, env), pattern) for pattern in self.exclude)

    def ignored_in_file(self, path: str, env: Environment) -> tuple[str, ...]:
        """The rule selectors `per-file-ignores` turns off for `path`."""
        rel = self.relative(path, env)
        return tuple(
            s for glob, rules in self.per_file_ignores if glob_matches(rel, glob) for s in rules
        )


def glob_matches(rel: str, pattern: str) -> bool:
    """A glob against a relative "/"-separated path: the whole path, any leading folder of it
    (`fixtures` excludes everything below), or, for a pattern without "/", the file name."""
    if not rel:
        return False
    pattern = pattern.replace("\\", "/").strip("/")
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    if any(fnmatch.fnmatchcase(p, pattern) for p in prefixes):
        return True
    if pattern.endswith("/**") and any(p == pattern[:-3] for p in prefixes):
        return True
    return "/" not in pattern and any(fnmatch.fnmatchcase(part, pattern) for part in parts)


def rule_matches(rule_name: str, selectors: tuple[str, ...]) -> bool:
    """Whether `rule_name` is chosen by one of `selectors` (names, codes, prefixes, tags)."""
    from mcplint.rules import BY_NAME, select

    if rule_name not in BY_NAME or not selectors:
        return False
    return any(r.name == rule_name for r in select(selectors))


# -- applying -----------------------------------------------------------------------------------


def ignore_configured(
    ctx: Context, diagnostics: list[Diagnostic], config: Config
) -> list[Diagnostic]:
    """`diagnostics` without those `per-file-ignores` and `per-server-ignores` turn off."""
    by_file = config.ignored_in_file(ctx.path, ctx.env) if config.per_file_ignores else ()
    servers: list[tuple[int, int, tuple[str, ...]]] = []  # (start, end, selectors)
    for name, selectors in config.per_server_ignores:
        for entry in ctx.servers:
            node = ctx.node(entry.path) if entry.name == name else None
            if node is not None:
                servers.append((node.start, node.end, selectors))
    if not by_file and not servers:
        return diagnostics
    kept = []
    for d in diagnostics:
        if d.rule not in UNCONFIGURABLE:
            if rule_matches(d.rule, by_file):
                continue
            if any(
                start <= d.start.offset < end and rule_matches(d.rule, selectors)
                for start, end, selectors in servers
            ):
                continue
        kept.append(d)
    return kept


def regrade(diagnostics: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """`diagnostics` with the severities `[tool.mcplint.severity]` sets (the last match wins)."""
    graded = []
    for d in diagnostics:
        if d.rule not in UNCONFIGURABLE:
            for selector, severity in config.severity:
                if rule_matches(d.rule, (selector,)):
                    d = replace(d, severity=severity)
        graded.append(d)
    return graded


# -- finding ------------------------------------------------------------------------------------


class Configs:
    """Finds, reads and caches the configuration of each linted file.

    `explicit`: the file `--config` names (used for every file); `isolated`: read none."""

    def __init__(
        self, env: Environment, *, explicit: str | None = None, isolated: bool = False
    ) -> None:
        self.env = env
        self.explicit = explicit
        self.isolated = isolated
        self._by_file: dict[str, Config | None] = {}  # configuration file -> its Config
        self._by_dir: dict[str, str | None] = {}  # folder -> its configuration file

    def for_path(self, path: str) -> Config | None:
        """The configuration that applies to `path` (None: none)."""
        if self.isolated:
            return None
        if self.explicit is not None:
            return self._load(self.env.resolve(self.explicit))
        folder = self.env.path(self.env.resolve(path)).parent
        found = self._find(str(folder))
        return self._load(found) if found is not None else None

    def loaded(self) -> list[Config]:
        """The configurations read so far (for their errors)."""
        return [c for c in self._by_file.values() if c is not None]

    def _find(self, folder: str) -> str | None:
        seen: list[str] = []
        current = self.env.path(folder)
        found: str | None = None
        while True:
            key = str(current)
            if key in self._by_dir:
                found = self._by_dir[key]
                break
            seen.append(key)
            found = self._config_in(key)
            if found is not None or current.parent == current:
                break
            current = current.parent
        for key in seen:
            self._by_dir[key] = found
        return found

    def _config_in(self, folder: str) -> str | None:
        for name in CONFIG_NAMES:
            candidate = self.env.join(folder, name)
            if not self.env.is_file(candidate):
                continue
            if name == "pyproject.toml" and not _has_tool_section(candidate, self.env):
                continue
            return candidate
        return None

    def _load(self, path: str) -> Config:
        if path not in self._by_file:
            self._by_file[path] = load_config(path, self.env)
        config = self._by_file[path]
        assert config is not None
        return config


def _has_tool_section(path: str, env: Environment) -> bool:
    try:
        text = env.read_bytes(path, 4 * 1024 * 1024).decode("utf-8", "replace")
    except (OSError, ValueError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*mcplint\s*[\].]", text, re.MULTILINE) is not None


# -- reading and validating --------------------------------------------------------------------


def load_config(path: str, env: Environment) -> Config:
    """Read and validate one configuration file. Never raises: what is wrong is in `errors`."""
    root = str(env.path(env.resolve(path)).parent)
    try:
        data = env.read_bytes(path, 4 * 1024 * 1024)
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return Config(path, root, errors=(_error_at(path, "", 0, f"cannot read it: {why}"),))
    from mcplint.source import decode

    text = decode(data).text
    return parse_config(text, path, root)


def parse_config(text: str, path: str, root: str) -> Config:
    """The configuration in `text` (a `.mcplint.toml` or a `pyproject.toml`)."""
    from mcplint.tomlparse import parse_toml

    parsed = parse_toml(text)
    reader = _Reader(text, path)
    if parsed.errors or parsed.root is None:
        error = parsed.errors[0] if parsed.errors else None
        message = error.message if error is not None else "not a TOML document"
        reader.error(error.start if error is not None else 0, f"invalid TOML: {message}")
        return Config(path, root, errors=tuple(reader.errors), text=text)
    table: Node | None = parsed.root
    if path.replace("\\", "/").rsplit("/", 1)[-1] == "pyproject.toml" or _has_tool(parsed.root):
        table = _child(parsed.root, ("tool", "mcplint"))
    if table is None:
        return Config(path, root)
    if table.kind != "object":
        reader.error(table.start, "[tool.mcplint] must be a table")
        return Config(path, root, errors=tuple(reader.errors), text=text)
    values = reader.read(table)
    return Config(path, root, errors=tuple(reader.errors), text=text, **values)


def _has_tool(root: Node) -> bool:
    member = root.get("tool") if root.kind == "object" else None
    return member is not None and member.value is not None and member.value.kind == "object"


def _child(node: Node, path: tuple[str, ...]) -> Node | None:
    current: Node | None = node
    for key in path:
        if current is None or current.kind != "object":
            return None
        member = current.get(key)
        current = member.value if member is not None else None
    return current


class _Reader:
    """Reads the `[tool.mcplint]` table, collecting a `config-error` for each mistake."""

    def __init__(self, text: str, path: str) -> None:
        from mcplint.text import LineIndex

        self.text = text
        self.path = path
        self.lines = LineIndex(text)
        self.errors: list[Diagnostic] = []

    def error(self, start: int, message: str, end: int | None = None) -> None:
        self.errors.append(_error_at(self.path, self.text, start, message, end, self.lines))

    def read(self, table: Node) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for member in table.members:
            key, node = str(member.key.value), member.value
            if node is None:
                continue
            if key not in KNOWN_KEYS:
                self.error(
                    member.key.start,
                    f"unknown key `{key}` in [tool.mcplint] (known: {', '.join(KNOWN_KEYS)})",
                    member.key.end,
                )
            elif key in ("select", "ignore", "extend-select"):
                values[key.replace("-", "_")] = self.selectors(node, key)
            elif key == "exclude":
                values["exclude"] = self.strings(node, key)
            elif key == "target-os":
                if node.kind != "string" or str(node.value).lower() not in TARGET_OSES:
                    self.error(node.start, f"target-os must be one of {', '.join(TARGET_OSES)}")
                else:
                    values["target_os"] = str(node.value).lower()
            elif key in ("per-file-ignores", "per-server-ignores"):
                values[key.replace("-", "_")] = self.rule_table(node, key)
            elif key == "severity":
                values["severity"] = self.severities(node)
            elif key == "rules":
                values["rule_options"] = _frozen(self.rule_options(node))
        return values

    def strings(self, node: Node, key: str) -> tuple[str, ...]:
        if node.kind != "array":
            self.error(node.start, f"`{key}` must be a list of strings", node.end)
            return ()
        found = []
        for item in node.items:
            if item.kind != "string":
                self.error(item.start, f"`{key}` must be a list of strings", item.end)
            else:
                found.append(str(item.value))
        return tuple(found)

    def selectors(self, node: Node, key: str) -> tuple[str, ...]:
        from mcplint.rules import unknown_selectors

        if node.kind != "array":
            self.error(node.start, f"`{key}` must be a list of rule names or codes", node.end)
            return ()
        found = []
        for item in node.items:
            if item.kind != "string":
                self.error(item.start, f"`{key}` must be a list of rule names or codes", item.end)
            elif unknown_selectors([str(item.value)]):
                self.error(item.start, f"unknown rule or code {item.value!r} in `{key}`", item.end)
            else:
                found.append(str(item.value))
        return tuple(found)

    def rule_table(self, node: Node, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if node.kind != "object":
            self.error(node.start, f"[tool.mcplint.{key}] must be a table of lists of rules")
            return ()
        found = []
        for member in node.members:
            if member.value is not None:
                rules = self.selectors(member.value, f"{key}.{member.key.value}")
                found.append((str(member.key.value), rules))
        return tuple(found)

    def severities(self, node: Node) -> tuple[tuple[str, Severity], ...]:
        from mcplint.rules import unknown_selectors

        if node.kind != "object":
            self.error(node.start, '[tool.mcplint.severity] must be a table: rule = "warning"')
            return ()
        found = []
        for member in node.members:
            name, value = str(member.key.value), member.value
            if unknown_selectors([name]):
                self.error(
                    member.key.start,
                    f"unknown rule or code {name!r} in [tool.mcplint.severity]",
                    member.key.end,
                )
            elif name in UNCONFIGURABLE:
                self.error(member.key.start, f"the severity of `{name}` cannot be changed")
            elif value is None or value.kind != "string" or value.value not in SEVERITIES:
                where = value.start if value is not None else member.key.start
                self.error(where, f"severity of `{name}` must be error, warning or info")
            else:
                found.append((name, SEVERITIES[str(value.value)]))
        return tuple(found)

    def rule_options(self, node: Node) -> dict[str, dict[str, object]]:
        from mcplint.rules import BY_NAME

        if node.kind != "object":
            self.error(node.start, "[tool.mcplint.rules] must hold one table per rule")
            return {}
        found: dict[str, dict[str, object]] = {}
        for member in node.members:
            name, table = str(member.key.value), member.value
            if name not in BY_NAME:
                self.error(
                    member.key.start,
                    f"unknown rule `{name}` in [tool.mcplint.rules]",
                    member.key.end,
                )
                continue
            known = RULE_OPTIONS.get(name, {})
            if not known:
                self.error(member.key.start, f"rule `{name}` has no options", member.key.end)
                continue
            if table is None or table.kind != "object":
                where = table.start if table is not None else member.key.start
                self.error(where, f"[tool.mcplint.rules.{name}] must be a table")
                continue
            options: dict[str, object] = {}
            for option in table.members:
                key, value = str(option.key.value), option.value
                if key not in known:
                    self.error(
                        option.key.start,
                        f"unknown option `{key}` of rule `{name}` (known: {', '.join(known)})",
                        option.key.end,
                    )
                elif value is not None:
                    options[key] = self.option_value(value, f"{name}.{key}", known[key])
            found[name] = options
        return found

    def option_value(self, node: Node, key: str, kind: str) -> tuple[str, ...]:
        values = self.strings(node, key)
        if kind != "patterns":
            return values
        good = []
        for item, value in zip(node.items, values, strict=False):
            try:
                re.compile(value)
            except re.error as exc:
                self.error(item.start, f"`{key}`: not a regular expression: {exc}", item.end)
            else:
                good.append(value)
        return tuple(good)


def _error_at(
    path: str, text: str, start: int, message: str, end: int | None = None, lines: Any = None
) -> Diagnostic:
    from mcplint.rules import BY_NAME
    from mcplint.text import LineIndex

    index = lines or LineIndex(text)
    here = index.position(start)
    there = index.position(end if end is not None and end > start else start + 1)
    return Diagnostic(
        CONFIG_ERROR, BY_NAME[CONFIG_ERROR].code, Severity.ERROR, message, path, here, there
    )


# -- pre-commit --------------------------------------------------------------------------------


def config_files_regex() -> str:
    """A regular expression (Python, for pre-commit's `files:`) matching the path of every
    config file mcplint knows by name and place, derived from the client data."""
    from mcplint.clients import FILE_KINDS

    alternatives = []
    for kind in FILE_KINDS.values():
        for pattern in kind.patterns:
            parts = ["[^/]*".join(map(_escape, part.split("*"))) for part in pattern.split("/")]
            alternatives.append("/".join(parts))
    unique = sorted(set(alternatives))
    # a pattern that ends with another one adds nothing (`plugins/[^/]*/\.mcp\.json`)
    kept = [a for a in unique if not any(a.endswith("/" + b) for b in unique)]
    return "(?i)(^|/)(" + "|".join(kept) + ")$"


def _escape(text: str) -> str:
    """`re.escape` for the few characters config file names have (readable in the YAML)."""
    return re.sub(r"([.+?^$()\[\]{}|\\])", r"\\\1", text)
