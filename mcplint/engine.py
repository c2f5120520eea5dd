"""The engine: read → parse → detect the client → run the rules → diagnostics → fixes.

`check_bytes` lints one file's content and returns a `FileResult`; `fix_bytes` runs the fix loop
(apply non-overlapping fixes, re-parse, repeat while a pass makes progress, never keeping a pass
that adds a syntax error or whose text the file's encoding cannot hold). The public functions in
`mcplint/__init__.py` wrap these.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mcplint.clients import CLIENTS
from mcplint.clients.base import FileKind
from mcplint.clients.detect import detect
from mcplint.diagnostics import Applicability, Diagnostic, Fix, Related, Severity
from mcplint.env import Environment
from mcplint.parser import ParseResult, parse
from mcplint.rules import Rule, select
from mcplint.rules.base import Context, Dialect, Finding
from mcplint.source import Source, decode, decode_as, encode_exact
from mcplint.text import LineIndex, TextEdit, apply_edits
from mcplint.tree import Member, Node

if TYPE_CHECKING:
    from mcplint.config import Config

MAX_PASSES = 10

# mcplint's own diagnostics (declared with their docs in `rules/tool.py`)
IO_ERROR = "io-error"
INTERNAL_ERROR = "internal-error"
NOT_CHECKED = "not-checked"
SYNTAX_ERROR = "syntax-error"
MISPLACED_SERVERS = "misplaced-servers"  # MCP configuration wherever it is in a shared file
# Files above this size are not read (the real ~/.claude.json reaches 6+ MB).
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024


# `--target-os` values (and the platform ids they stand for).
TARGET_OS_NAMES = frozenset({"macos", "windows", "linux", "darwin", "win32", "mac"})


@dataclass(frozen=True)
class Options:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    client: str | None = None  # a client or file-kind id, overriding detection
    unsafe_fixes: bool = False
    target_os: str | None = None  # "macos", "windows", "linux" (None: this machine's OS)
    # The rules to run, given explicitly (a test running one rule); None: from select/ignore.
    only: tuple[Rule, ...] | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; a larger file is an io-error
    # The configuration file's settings for this file (`mcplint.config`; None: none).
    config: Config | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.target_os is not None and self.target_os.lower() not in TARGET_OS_NAMES:
            raise ValueError(f"unknown target OS {self.target_os!r}: use macos, windows or linux")

    def rules(self) -> tuple[Rule, ...]:
        """The selected rules, plus `syntax-error` whatever the selection: a file that does not
        parse is always reported (as ruff does), never "No problems found". A rule list given
        explicitly (`only`) is run as it is."""
        if self.only is not None:
            return self.only
        chosen = select(self.select, self.ignore)
        if any(rule.name == SYNTAX_ERROR for rule in chosen):
            return chosen
        return (*select((SYNTAX_ERROR,)), *chosen)

    def names(self, d: Diagnostic) -> bool:
        """Whether the user selected the rule of `d` by its name or full code (not a prefix)."""
        return any(s.strip() in (d.rule, d.code) for s in self.select)


@dataclass
class FileResult:
    path: str
    text: str
    diagnostics: list[Diagnostic]
    kind_id: str | None = None
    dialect: str | None = None
    encoding: str = "utf-8"
    fixed: list[Diagnostic] = field(default_factory=list)  # fixes applied (by the fix loop)
    original: bytes | None = None  # the bytes read, for the fix writer and --diff
    output: bytes | None = None  # the bytes to write after fixes (None: unchanged)
    notes: list[str] = field(default_factory=list)
    kind: FileKind | None = None  # the detected file kind, kept across fix passes
    # Why the client was assumed, when neither the name nor the place of the file tells it for
    # certain ("" when it does): shown in the text summary.
    assumed: str = ""

    _lines: LineIndex | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines


def detect_kind(
    path: str, env: Environment, value: object, override: str | None
) -> FileKind | None:
    """The client file kind of `path` (see `mcplint.clients.detect`)."""
    return detect(path, env, value, override)


def _names_a_client(override: str | None) -> bool:
    return override is not None and any(client.id == override for client in CLIENTS)


def dialect_of(path: str, kind: FileKind | None) -> Dialect:
    if kind is not None:
        return kind.dialect
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name.endswith(".toml"):
        return "toml"
    if name.endswith(".json5"):
        return "json5"
    return "jsonc"


def _parse(text: str, dialect: Dialect) -> ParseResult:
    if dialect == "toml":
        from mcplint.tomlparse import parse_toml

        return parse_toml(text)
    return parse(text)


def check_bytes(
    data: bytes,
    path: str,
    env: Environment,
    options: Options = Options(),
    *,
    kind: FileKind | None = None,
) -> FileResult:
    """Lint one file's bytes (`kind`: the file kind already detected, e.g. by a previous pass)."""
    source = decode(data)
    result = _check_source(source, path, env, options, options.rules(), kind=kind)
    result.original = data
    return result


def check_text(text: str, path: str, env: Environment, options: Options = Options()) -> FileResult:
    """Lint text that is already decoded (an editor's buffer, a library caller's string)."""
    return _check_source(Source(text, "utf-8"), path, env, options, options.rules())


STDIN = "<stdin>"
# Rules whose verdict does not depend on the client: kept as they are when the client is assumed.
_PORTABLE_RULES = frozenset(
    {
        SYNTAX_ERROR,
        "smart-quotes",
        "invalid-escape",
        "invalid-encoding",
        "duplicate-key",
        "concatenated-documents",
        "suspicious-escape",
    }
)
# Rules that report what one client ignores and another reads: not run when the client is assumed.
_CLIENT_KEY_RULES = frozenset({"unknown-key"})


def _check_source(
    source: Source,
    path: str,
    env: Environment,
    options: Options,
    rules: Sequence[Rule],
    *,
    kind: FileKind | None = None,
    assumed: str = "",
) -> FileResult:
    """Lint one decoded file. `kind` (with `assumed`) is what a previous pass detected: the fix
    loop passes it so that each pass neither detects nor parses twice."""
    if path.lower().endswith((".yaml", ".yml")):  # Continue's YAML configs: not read yet
        message = "not checked: mcplint reads JSON, JSONC, JSON5 and TOML, not YAML"
        note = tool_diagnostic(path, NOT_CHECKED, message, Severity.INFO)
        return FileResult(path, source.text, [note], encoding=source.encoding)
    if kind is not None:
        dialect = kind.dialect
        parsed = _parse(source.text, dialect)
    else:
        kind = detect_kind(path, env, None, options.client)
        dialect = dialect_of(path, kind)
        if kind is None and dialect != "toml" and _unnamed(path) and _looks_like_toml(source.text):
            dialect = "toml"  # piped Codex config: TOML, whatever `--stdin-filename` is missing
        parsed = _parse(source.text, dialect)
        # Unknown by name, or `--client NAME` naming a client of several file kinds: the content
        # decides (a `~/.claude.json` and a `.mcp.json` are both Claude Code's).
        if parsed.root is not None and (kind is None or _names_a_client(options.client)):
            by_name = kind
            kind = detect_kind(path, env, parsed.root.value, options.client) or kind
            if by_name is None and options.client is None:
                assumed = _assumption(path, env, kind, parsed.root.value)
            if kind is not None and _parser_of(kind.dialect) != _parser_of(dialect):
                parsed = _parse(source.text, kind.dialect)  # only JSON <-> TOML parses again
            if kind is not None:
                dialect = kind.dialect
    rule_options = options.config.rule_options if options.config is not None else {}
    ctx = Context(path, source, parsed, dialect, env, kind, options.target_os, rule_options)
    notes: list[str] = []
    sections = _mcp_sections(kind, parsed) if kind is not None else None
    if sections == []:  # a shared settings file without MCP configuration: not mcplint's,
        # unless server entries were pasted where the client never reads them
        rules = [r for r in rules if r.name in (SYNTAX_ERROR, MISPLACED_SERVERS)]
    elif assumed and kind is not None:
        rules = [r for r in rules if r.name not in _CLIENT_KEY_RULES]
    diagnostics = run_rules(ctx, rules)
    if sections == [] and not any(d.rule == MISPLACED_SERVERS for d in diagnostics):
        notes.append("skipped: no MCP configuration")
    if sections:
        diagnostics = _shared_settings_diagnostics(diagnostics, sections, options)
    if assumed and kind is not None:
        diagnostics = [_portable(d) for d in diagnostics]
    diagnostics = configured(ctx, diagnostics, options, rules)
    return FileResult(
        path,
        source.text,
        diagnostics,
        kind_id=kind.id if kind is not None else None,
        dialect=dialect,
        encoding=source.encoding,
        notes=notes,
        kind=kind,
        assumed=assumed,
        _lines=ctx.__dict__.get("lines"),  # built only if a rule reported something
    )


def configured(
    ctx: Context, diagnostics: list[Diagnostic], options: Options, rules: Sequence[Rule]
) -> list[Diagnostic]:
    """The step after the rules: the configuration's per-file and per-server ignores, the
    file's suppression comments (and its unused ones), then the severity overrides."""
    from mcplint.suppress import apply_suppressions

    config = options.config
    if config is not None:
        from mcplint.config import ignore_configured

        diagnostics = ignore_configured(ctx, diagnostics, config)
    diagnostics = apply_suppressions(ctx, diagnostics, rules)
    if config is not None and config.severity:
        from mcplint.config import regrade

        diagnostics = regrade(diagnostics, config)
    return diagnostics


def _parser_of(dialect: Dialect) -> str:
    return "toml" if dialect == "toml" else "json"  # one tolerant parser reads every JSON dialect


def _unnamed(path: str) -> bool:
    """Standard input without `--stdin-filename`, or a file name without an extension."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return path == STDIN or "." not in name.lstrip(".")


_TOML_LINE = re.compile(r"(\[\[?[^\[\]{}\"]+\]\]?|[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*\s*=)")


def _looks_like_toml(text: str) -> bool:
    """Whether the first significant line is a TOML table header or `key = value`."""
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return _TOML_LINE.match(line) is not None
    return False


def _assumption(path: str, env: Environment, kind: FileKind | None, value: object) -> str:
    """Why the client is not certain when the file's name and place do not tell it ("" when the
    content names it unambiguously)."""
    stdin = path == STDIN
    where = (
        "standard input has no name"
        if stdin
        else f"no client reads a file named `{env.path(path).name}`"
    )
    how = "--client NAME or --stdin-filename PATH" if stdin else "--client NAME"
    if kind is None:
        if not isinstance(value, dict):
            return ""
        return (
            f"no client known: {where} and its content names none; only client-independent "
            f"checks ran (name the client with {how})"
        )
    if kind.id != "claude-code-mcp-json":
        return ""  # keys only one client has (`mcp_servers`, `context_servers`, ...) tell it
    return (
        f"client assumed: {kind.title} (`mcpServers`), as {where}; unknown keys not checked, "
        f"strict-JSON syntax reported as warnings (name the client with {how})"
    )


def _portable(d: Diagnostic) -> Diagnostic:
    """A client-dependent error as a warning: some candidate client may accept what this one
    rejects (a trailing comma in a file Cursor reads as JSONC)."""
    if d.severity is Severity.ERROR and d.rule not in _PORTABLE_RULES and d.code < "MCP900":
        return replace(d, severity=Severity.WARNING)
    return d


def _mcp_sections(kind: FileKind, parsed: ParseResult) -> list[tuple[int, int]] | None:
    """The spans of the MCP parts of a shared settings file (None: not a shared settings file,
    or one that does not parse as an object: all of it is checked)."""
    root = parsed.root
    if not kind.shared_settings or root is None or root.kind != "object":
        return None
    paths = [*(kind.mcp_sections or kind.servers_paths)]
    paths += [(key,) for key in kind.misplaced_server_keys]
    paths += [(m.key.value,) for m in root.members if _mcp_like(str(m.key.value))]
    spans = []
    for path in dict.fromkeys(paths):
        member = _member_at(root, path)
        if member is not None:
            end = member.value.end if member.value is not None else member.key.end
            spans.append((member.key.start, end))
    return spans


def _mcp_like(key: str) -> bool:
    """A top-level key that is (or misspells) an MCP setting: `mcp*`, `context_server`, ..."""
    return "mcp" in key.lower() or "server" in key.lower()


def _member_at(root: Node, path: tuple[str, ...]) -> Member | None:
    node: Node | None = root
    member: Member | None = None
    for key in path:
        if node is None or node.kind != "object":
            return None
        member = node.get(key)
        node = member.value if member is not None else None
    return member


def _shared_settings_diagnostics(
    diagnostics: list[Diagnostic], sections: list[tuple[int, int]], options: Options
) -> list[Diagnostic]:
    """In a shared settings file: what is in its MCP parts, and what stops the client from
    reading the file at all. Info-level syntax findings (a trailing comma the editor accepts)
    lose their fix unless their rule was selected by name: `--fix` does not restyle an
    editor's settings."""
    from mcplint.rules import BY_NAME

    kept = []
    for d in diagnostics:
        inside = any(start <= d.start.offset < end for start, end in sections)
        if not inside and d.rule not in (SYNTAX_ERROR, MISPLACED_SERVERS) and d.code < "MCP900":
            continue
        style = "syntax" in BY_NAME[d.rule].tags
        if style and d.severity is Severity.INFO and d.fix is not None and not options.names(d):
            d = replace(d, fix=None)
        kept.append(d)
    return kept


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    broken = not ctx.parsed.ok
    diagnostics: list[Diagnostic] = []
    client = ctx.kind.client if ctx.kind is not None else None
    for rule in rules:
        if broken and not rule.on_broken:
            continue  # after a structural error, semantic rules would only cascade
        if not rule.applies_to(client):
            continue
        try:
            findings = list(rule.check(ctx))
        except Exception as exc:  # a bug in a rule must not hide the others' findings
            diagnostics.append(
                tool_diagnostic(
                    ctx.path,
                    INTERNAL_ERROR,
                    f"internal error in rule {rule.name}: {type(exc).__name__}: {exc} "
                    "(please report this)",
                )
            )
            continue
        diagnostics.extend(to_diagnostic(ctx, rule, f) for f in findings)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


# A message quotes values from the file; a 100 KB argument must not make a 100 KB message.
MAX_MESSAGE = 1000


def clip_message(message: str, limit: int = MAX_MESSAGE) -> str:
    """`message`, cut in the middle (with an ellipsis) when longer than `limit` characters."""
    if len(message) <= limit:
        return message
    half = (limit - 1) // 2
    return message[:half] + "…" + message[len(message) - half :]


def to_diagnostic(ctx: Context, rule: Rule, finding: Finding) -> Diagnostic:
    lines = ctx.lines
    related = tuple(
        item
        if isinstance(item, Related)
        else Related(item[0], lines.position(item[1]), lines.position(item[2]), ctx.path)
        for item in finding.related
    )
    return Diagnostic(
        rule=rule.name,
        code=rule.code,
        severity=finding.severity or rule.severity,
        message=clip_message(finding.message),
        path=ctx.path,
        start=lines.position(finding.start),
        end=lines.position(finding.end),
        fix=finding.fix,
        related=related,
        json_path=finding.json_path,
    )


def tool_diagnostic(
    path: str, rule: str, message: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    """A diagnostic about mcplint's own work (unreadable file, internal error) at 1:1."""
    from mcplint.rules import BY_NAME
    from mcplint.text import Position

    here = Position(1, 1, 0)
    return Diagnostic(rule, BY_NAME[rule].code, severity, message, path, here, here)


# -- fixes ---------------------------------------------------------------------------------------


def fix_bytes(data: bytes, path: str, env: Environment, options: Options = Options()) -> FileResult:
    """Lint, then fix in passes until nothing applies. `result.output` holds the new bytes (None
    when nothing changed); `result.diagnostics` are what remains; `result.fixed` what was fixed.

    The encoding is decided once, from `data`: each pass re-parses its text and encodes it in
    that encoding (or the one an `invalid-encoding` fix names), never re-detecting it, so a fix
    cannot flip the detection. A pass whose text the encoding cannot give back exactly is not
    applied (a note says why). Never raises for any input."""
    source = decode(data)
    writable = encode_exact(source.text, source.encoding) == data
    result = _fix_loop(source, path, env, options, to_bytes=True, writable=writable)
    result.original = data
    output = encode_exact(result.text, result.encoding) if result.fixed else None
    result.output = output if output is not None and output != data else None
    return result


def fix_source(
    source: Source, path: str, env: Environment, options: Options = Options()
) -> FileResult:
    """`fix_bytes` for text already decoded (a library caller's `str`): the result is
    `result.text`, any `str` (lone surrogates included) is kept as it is; `output` stays None."""
    return _fix_loop(source, path, env, options, to_bytes=False, writable=True)


def _fix_loop(
    source: Source,
    path: str,
    env: Environment,
    options: Options,
    *,
    to_bytes: bool,
    writable: bool,
) -> FileResult:
    """The passes: apply the chosen fixes, re-parse, repeat while a pass makes progress.

    The number of passes is bounded by MAX_PASSES plus the fixable diagnostics of the first
    pass (each pass fixes at least one, so a pass cap never leaves work undone, and
    fix(fix(x)) == fix(x))."""
    rules = options.rules()
    wanted = Applicability.UNSAFE if options.unsafe_fixes else Applicability.SAFE
    result = _check_source(source, path, env, options, rules)
    applied: list[Diagnostic] = []
    notes: list[str] = []
    passes = MAX_PASSES + sum(1 for d in result.diagnostics if d.fix is not None)
    if not writable:
        notes.append("not fixed: mcplint cannot write this file back byte for byte")
        passes = 0
    for _ in range(passes):
        chosen = _choose_fixes(result.diagnostics, wanted)
        if not chosen:
            break
        edits = [edit for d in chosen for edit in (d.fix.edits if d.fix else ())]
        encoding = next((d.fix.encoding for d in chosen if d.fix and d.fix.encoding), None)
        target = encoding or source.encoding
        names = ", ".join(sorted({d.rule for d in chosen}))
        new_text = apply_edits(source.text, edits)
        if new_text == source.text and target == source.encoding:
            break  # no progress
        if to_bytes:
            new_data = encode_exact(new_text, target)
            if new_data is None:
                notes.append(
                    f"a fix ({names}) would give text that {target.upper()} cannot hold "
                    "exactly: not applied"
                )
                break
            new_source = decode_as(new_data, target)
        else:
            new_source = Source(
                new_text, target, source.problem if target == source.encoding else None
            )
        new_result = _check_source(
            new_source, path, env, options, rules, kind=result.kind, assumed=result.assumed
        )
        if _syntax_errors(new_result) > _syntax_errors(result):
            notes.append(f"a fix ({names}) would have introduced a syntax error: not applied")
            break
        applied.extend(chosen)
        source, result = new_source, new_result
    else:
        if passes:
            notes.append(f"fixes did not settle after {passes} passes")
    result.fixed = applied
    result.notes = [*result.notes, *notes]
    return result


def _syntax_errors(result: FileResult) -> int:
    return sum(1 for d in result.diagnostics if d.rule in ("syntax-error", INTERNAL_ERROR))


def _choose_fixes(diagnostics: Iterable[Diagnostic], wanted: Applicability) -> list[Diagnostic]:
    """Applicable fixes whose edits overlap no fix chosen before them (the rest wait a pass).

    The edits taken so far are kept sorted (`_Taken`), so each candidate costs O(log n) look-ups:
    8,000 trailing commas are chosen in milliseconds, not in half a minute."""
    candidates = [d for d in diagnostics if d.fix is not None and _applies(d.fix, wanted)]
    candidates.sort(key=lambda d: _fix_span(d.fix))
    chosen: list[Diagnostic] = []
    taken = _Taken()
    seen: set[tuple[TextEdit, ...]] = set()
    for d in candidates:
        assert d.fix is not None
        if d.fix.edits in seen and d.fix.edits:
            continue  # the same edit offered by two rules
        if any(taken.overlaps(edit) for edit in d.fix.edits):
            continue
        chosen.append(d)
        for edit in d.fix.edits:
            taken.add(edit)
        seen.add(d.fix.edits)
    return chosen


class _Taken:
    """The edits chosen in one pass, pairwise non-overlapping (in the sense of `_overlap`).

    Replacements (non-empty spans) are disjoint, so sorted by start they are sorted by end too:
    the only one that can overlap a span is the last one starting before the span's end.
    Insertions (empty spans) are kept apart as sorted points."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # replacements, sorted
        self.ends: list[int] = []  # their ends, in the same order
        self.points: list[int] = []  # insertions, sorted

    def overlaps(self, edit: TextEdit) -> bool:
        start, end = edit.start, edit.end
        if start == end:
            i = bisect.bisect_left(self.points, start)
            if i < len(self.points) and self.points[i] == start:
                return True  # two insertions at one place: their order would matter
            j = bisect.bisect_left(self.starts, start) - 1  # last replacement starting before
            return j >= 0 and self.ends[j] > start
        j = bisect.bisect_left(self.starts, end) - 1  # last replacement starting before `end`
        if j >= 0 and self.ends[j] > start:
            return True
        i = bisect.bisect_right(self.points, start)  # an insertion strictly inside the span
        return i < len(self.points) and self.points[i] < end

    def add(self, edit: TextEdit) -> None:
        if edit.start == edit.end:
            bisect.insort(self.points, edit.start)
        else:
            i = bisect.bisect_left(self.starts, edit.start)
            self.starts.insert(i, edit.start)
            self.ends.insert(i, edit.end)


def _applies(fix: Fix, wanted: Applicability) -> bool:
    if fix.applicability is Applicability.DISPLAY_ONLY:
        return False  # shown, never applied
    return fix.applicability is Applicability.SAFE or wanted is Applicability.UNSAFE


def _fix_span(fix: Fix | None) -> tuple[int, int]:
    if fix is None or not fix.edits:
        return (-1, -1)
    return (min(e.start for e in fix.edits), max(e.end for e in fix.edits))


def _overlap(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one place: their order would matter
    return a.start < b.end and b.start < a.end
