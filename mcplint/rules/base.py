"""What a rule is, and what it sees.

A rule is a plain function `check(ctx) -> Iterable[Finding]` whose docstring is its documentation
(four sections: What it does / Why is this bad? / Example / Fix safety), declared where it is
written with the `@rule(...)` decorator, which gives it a stable name, a code, a default
severity, its fix availability, tags and the clients it applies to::

    @rule("MCP002", "trailing-comma", Severity.ERROR, fix="always", safety=(SAFE,))
    def trailing_comma(ctx: Context) -> Iterator[Finding]:
        "## What it does ... (the docstring: the rule's documentation)"

The decorator returns the `Rule`; `mcplint.rules` gathers every `Rule` of its family modules.
Rules report offsets; the engine turns findings into `Diagnostic`s with lines and columns.

Fix *availability* (does the rule offer a fix: never, sometimes, always) is the rule's; a fix's
*applicability* (safe, unsafe, display-only) is each fix's own, and `safety` declares which ones
the rule's fixes can have (a test checks both against the fixes rules really emit).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from mcplint.diagnostics import Applicability, Fix, Related, Severity
from mcplint.env import Environment
from mcplint.parser import ParseResult
from mcplint.source import Source
from mcplint.text import LineIndex, TextEdit

if TYPE_CHECKING:
    from mcplint.clients.base import Client, FileKind
    from mcplint.launch import Launch, ResolveCache
    from mcplint.servers import ServerEntry, ServerView
    from mcplint.tree import Node, PathPart
    from mcplint.validation import SchemaError

T = TypeVar("T")
Dialect = Literal["json", "jsonc", "json5", "toml"]
FixAvailability = Literal["none", "sometimes", "always"]

# Where each rule's documentation lives (generated from the rule's doc: docs/rules/NAME.md).
DOCS_URL = "https://github.com/mcplint/mcplint/blob/main/docs/rules/{name}.md"

# Tags a rule may carry (selectable like names: `--ignore machine`).
TAGS = {
    "machine": "asks this machine (PATH, files, environment variables): describes this machine, "
    "not the file; turn off in CI or for a colleague's file with `--ignore machine`",
    "tool": "about mcplint's own work (a file it could not read, an internal error)",
    "syntax": "the file as text",
    "structure": "the parsed document against its schema and the client's keys",
    "doctor": "found by `mcplint doctor` starting the server (never by a static check)",
}


@dataclass(frozen=True)
class Finding:
    """One problem a rule found: offsets into the text, a message, maybe a fix."""

    start: int
    end: int
    message: str
    fix: Fix | None = None
    severity: Severity | None = None  # None: the rule's default
    # (message, start, end) in this file, or a `Related` with its own path and positions (a
    # place in another file: the cross-file rules)
    related: tuple[tuple[str, int, int] | Related, ...] = ()
    json_path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    fix: FixAvailability
    check: Callable[[Context], Iterable[Finding]]
    safety: tuple[Applicability, ...] = ()  # the applicabilities its fixes can have
    enabled_by_default: bool = True
    on_broken: bool = False  # also runs when the file has syntax errors (the syntax rules)
    tags: tuple[str, ...] = ()
    clients: tuple[str, ...] | None = None  # the client ids it applies to (None: every client)

    def __call__(self, ctx: Context) -> Iterable[Finding]:
        return self.check(ctx)

    @property
    def url(self) -> str:
        """Where the rule's documentation is published."""
        return DOCS_URL.format(name=self.name)

    @property
    def fix_label(self) -> str:
        """`safe`, `unsafe`, `safe/unsafe`, `display-only` or `none`, with `sometimes` noted."""
        if self.fix == "none":
            return "none"
        label = "/".join(a.value for a in self.safety) or "yes"
        return label if self.fix == "always" else f"{label} (sometimes)"

    def applies_to(self, client: str | None) -> bool:
        return self.clients is None or client in self.clients

    @property
    def doc(self) -> str:
        return _dedent_doc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence of the doc's "What it does" section."""
        lines = [line.strip() for line in self.doc.splitlines()]
        try:
            start = lines.index("## What it does") + 1
        except ValueError:
            start = 0
        text = " ".join(line for line in lines[start:] if line and not line.startswith("#"))
        return re.split(r"(?<!e\.g)(?<!i\.e)\. ", text)[0].rstrip(".") + "."


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    fix: FixAvailability = "none",
    safety: tuple[Applicability, ...] = (),
    tags: tuple[str, ...] = (),
    clients: tuple[str, ...] | None = None,
    enabled_by_default: bool = True,
    on_broken: bool = False,
) -> Callable[[Callable[[Context], Iterable[Finding]]], Rule]:
    """Declare a rule on its check function (see the module doc)."""
    if (fix == "none") != (not safety):
        raise ValueError(f"{name}: a rule with a fix declares its fixes' safety, and only then")
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        raise ValueError(f"{name}: unknown tags {unknown}")

    def declare(check: Callable[[Context], Iterable[Finding]]) -> Rule:
        return Rule(
            code,
            name,
            severity,
            fix,
            check,
            safety=safety,
            enabled_by_default=enabled_by_default,
            on_broken=on_broken,
            tags=tags,
            clients=clients,
        )

    return declare


def _dedent_doc(doc: str) -> str:
    lines = doc.expandtabs().splitlines()
    if not lines:
        return ""
    indents = [len(x) - len(x.lstrip()) for x in lines[1:] if x.strip()]
    cut = min(indents) if indents else 0
    return "\n".join([lines[0].strip()] + [x[cut:] for x in lines[1:]]).strip() + "\n"


@dataclass
class Context:
    """Everything a rule may look at for one file."""

    path: str
    source: Source
    parsed: ParseResult
    dialect: Dialect
    env: Environment
    kind: FileKind | None = None
    target_os: str | None = None  # the OS the file is linted for (None: this machine's)
    # Rule options from the configuration (`[tool.mcplint.rules.NAME]`): rule -> key -> value.
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def option(self, rule: str, key: str, default: T) -> T:
        """A rule's option from the configuration (`config.RULE_OPTIONS` declares them), or
        `default` when it is not set."""
        value = self.rule_options.get(rule, {}).get(key, default)
        return cast(T, value)

    @property
    def text(self) -> str:
        return self.parsed.text

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.parsed.text)

    @property
    def value(self) -> Any:
        return self.parsed.value

    @cached_property
    def client(self) -> Client | None:
        from mcplint.clients import get_client

        return get_client(self.kind.client) if self.kind is not None else None

    @cached_property
    def schema_errors(self) -> list[SchemaError]:
        """The JSON Schema errors of this file, validated once and shared by the rules that
        read them (`schema`, `unknown-key`)."""
        from mcplint.validation import validate

        return validate(self)

    @cached_property
    def servers(self) -> list[ServerEntry]:
        from mcplint.servers import server_entries

        return server_entries(self.parsed.value, self.kind)

    @cached_property
    def views(self) -> list[ServerView]:
        """The typed view of each server entry (`mcplint.servers.server_view`), in the order of
        `servers`, built once per file for every rule that asks."""
        from mcplint.servers import server_view

        return [server_view(e, self.kind, self.client) for e in self.servers]

    def view(self, entry: ServerEntry) -> ServerView:
        """The typed view of an entry: one of `servers` computed once per file, any other
        (another file's) built anew."""
        index = self._server_index.get(entry.path)
        if index is not None and self.servers[index] is entry:
            return self.views[index]
        from mcplint.servers import server_view

        return server_view(entry, self.kind, self.client)

    def entry_at(self, path: tuple[PathPart, ...]) -> ServerEntry | None:
        """The server entry at a JSON path (one of `servers`), found in constant time."""
        index = self._server_index.get(path)
        return self.servers[index] if index is not None else None

    @cached_property
    def _server_index(self) -> dict[tuple[PathPart, ...], int]:
        return {entry.path: i for i, entry in enumerate(self.servers)}

    @cached_property
    def launches(self) -> list[Launch]:
        """What the client does with each server entry on the target OS (`mcplint.launch`),
        computed once per file for every rule that asks."""
        from mcplint.launch import plan_launch

        client = self.client
        if client is None:
            return []
        return [
            plan_launch(
                self.view(e),
                client,
                self.env,
                target_os=self.target_os,
                config_path=self.path,
                kind=self.kind,
            )
            for e in self.servers
        ]

    @cached_property
    def resolve_cache(self) -> ResolveCache:
        """PATH and file look-ups of this file's rules (`launch.resolve_command`)."""
        from mcplint.launch import ResolveCache

        return ResolveCache()

    def node(self, path: tuple[PathPart, ...]) -> Node | None:
        """The value node at a JSON path (positions are computed only for what is asked)."""
        root = self.parsed.root
        return root.find(path) if root is not None else None

    def key_node(self, path: tuple[PathPart, ...]) -> Node | None:
        """The key node of the member at `path` (None for the root or an array item)."""
        if not path or isinstance(path[-1], int):
            return None
        parent = self.node(path[:-1])
        member = parent.get(path[-1]) if parent is not None else None
        return member.key if member is not None else None

    def span(self, path: tuple[PathPart, ...], *, key: bool = False) -> tuple[int, int]:
        """Offsets of the value (or, with `key`, of the key) at `path`; the nearest enclosing
        node that exists when the path does not."""
        if key:
            key_node = self.key_node(path)
            if key_node is not None:
                return key_node.start, key_node.end
        for cut in range(len(path), -1, -1):
            node = self.node(path[:cut])
            if node is not None:
                if cut < len(path) or (not path and key):
                    return node.start, node.start + 1
                return node.start, node.end
        return 0, 0

    @property
    def strict_json(self) -> bool:
        return self.dialect == "json"

    @property
    def allows_comments(self) -> bool:
        if self.kind is not None:
            return self.kind.allows_comments
        return self.dialect != "json"

    @property
    def allows_trailing_commas(self) -> bool:
        if self.kind is not None:
            return self.kind.allows_trailing_commas
        return self.dialect in ("jsonc", "json5")


def safe_fix(message: str, *edits: TextEdit, encoding: str | None = None) -> Fix:
    return Fix(Applicability.SAFE, message, tuple(edits), encoding)


def unsafe_fix(message: str, *edits: TextEdit) -> Fix:
    return Fix(Applicability.UNSAFE, message, tuple(edits))


def display_only_fix(message: str, *edits: TextEdit) -> Fix:
    """A suggestion shown to the user (and to editors) that no `--fix` applies."""
    return Fix(Applicability.DISPLAY_ONLY, message, tuple(edits))


SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE
DISPLAY_ONLY = Applicability.DISPLAY_ONLY
