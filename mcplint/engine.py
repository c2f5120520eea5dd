"""The engine: read → parse → detect the client → run the rules → diagnostics → fixes.

`check_bytes` lints one file's content and returns a `FileResult`; `fix_bytes` runs the fix loop
(apply non-overlapping fixes, re-parse, repeat while a pass makes progress, never keeping a pass
that adds a syntax error or whose text the file's encoding cannot hold). The public functions in
`mcplint/__init__.py` wrap these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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

MAX_PASSES = 10

IO_ERROR = "io-error"
INTERNAL_ERROR = "internal-error"
NOT_CHECKED = "not-checked"
_TOOL_CODES = {IO_ERROR: "MCP900", INTERNAL_ERROR: "MCP901", NOT_CHECKED: "MCP902"}


@dataclass(frozen=True)
class Options:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    client: str | None = None  # a client or file-kind id, overriding detection
    unsafe_fixes: bool = False

    def rules(self) -> tuple[Rule, ...]:
        return select(self.select, self.ignore)


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
    data: bytes, path: str, env: Environment, options: Options = Options()
) -> FileResult:
    """Lint one file's bytes."""
    source = decode(data)
    result = _check_source(source, path, env, options, options.rules())
    result.original = data
    return result


def check_text(text: str, path: str, env: Environment, options: Options = Options()) -> FileResult:
    """Lint text that is already decoded (an editor's buffer, a library caller's string)."""
    return _check_source(Source(text, "utf-8"), path, env, options, options.rules())


def _check_source(
    source: Source, path: str, env: Environment, options: Options, rules: Sequence[Rule]
) -> FileResult:
    if path.lower().endswith((".yaml", ".yml")):  # Continue's YAML configs: not read yet
        message = "not checked: mcplint reads JSON, JSONC, JSON5 and TOML, not YAML"
        note = tool_diagnostic(path, NOT_CHECKED, message, Severity.INFO)
        return FileResult(path, source.text, [note], encoding=source.encoding)
    kind = detect_kind(path, env, None, options.client)
    dialect = dialect_of(path, kind)
    parsed = _parse(source.text, dialect)
    # Unknown by name, or `--client NAME` naming a client of several file kinds: the content
    # decides (a `~/.claude.json` and a `.mcp.json` are both Claude Code's).
    if parsed.root is not None and (kind is None or _names_a_client(options.client)):
        kind = detect_kind(path, env, parsed.root.value, options.client) or kind
        if kind is not None and kind.dialect != dialect:
            dialect = kind.dialect
            parsed = _parse(source.text, dialect)
    ctx = Context(path, source, parsed, dialect, env, kind)
    diagnostics = run_rules(ctx, rules)
    return FileResult(
        path,
        source.text,
        diagnostics,
        kind_id=kind.id if kind is not None else None,
        dialect=dialect,
        encoding=source.encoding,
        _lines=ctx.__dict__.get("lines"),  # built only if a rule reported something
    )


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    broken = not ctx.parsed.ok
    diagnostics: list[Diagnostic] = []
    for rule in rules:
        if broken and not rule.on_broken:
            continue  # after a structural error, semantic rules would only cascade
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


def to_diagnostic(ctx: Context, rule: Rule, finding: Finding) -> Diagnostic:
    lines = ctx.lines
    related = tuple(
        Related(message, lines.position(start), lines.position(end), ctx.path)
        for message, start, end in finding.related
    )
    return Diagnostic(
        rule=rule.name,
        code=rule.code,
        severity=finding.severity or rule.severity,
        message=finding.message,
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
    from mcplint.text import Position

    here = Position(1, 1, 0)
    return Diagnostic(rule, _TOOL_CODES[rule], severity, message, path, here, here)


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
        new_result = _check_source(new_source, path, env, options, rules)
        if _syntax_errors(new_result) > _syntax_errors(result):
            notes.append(f"a fix ({names}) would have introduced a syntax error: not applied")
            break
        applied.extend(chosen)
        source, result = new_source, new_result
    else:
        if passes:
            notes.append(f"fixes did not settle after {passes} passes")
    result.fixed = applied
    result.notes = notes
    return result


def _syntax_errors(result: FileResult) -> int:
    return sum(1 for d in result.diagnostics if d.rule in ("syntax-error", INTERNAL_ERROR))


def _choose_fixes(diagnostics: Iterable[Diagnostic], wanted: Applicability) -> list[Diagnostic]:
    """Applicable fixes whose edits overlap no fix chosen before them (the rest wait a pass)."""
    candidates = [d for d in diagnostics if d.fix is not None and _applies(d.fix, wanted)]
    candidates.sort(key=lambda d: _fix_span(d.fix))
    chosen: list[Diagnostic] = []
    taken: list[TextEdit] = []
    seen: set[tuple[TextEdit, ...]] = set()
    for d in candidates:
        assert d.fix is not None
        if d.fix.edits in seen and d.fix.edits:
            continue  # the same edit offered by two rules
        if any(_overlap(a, b) for a in d.fix.edits for b in taken):
            continue
        chosen.append(d)
        taken.extend(d.fix.edits)
        seen.add(d.fix.edits)
    return chosen


def _applies(fix: Fix, wanted: Applicability) -> bool:
    return fix.applicability is Applicability.SAFE or wanted is Applicability.UNSAFE


def _fix_span(fix: Fix | None) -> tuple[int, int]:
    if fix is None or not fix.edits:
        return (-1, -1)
    return (min(e.start for e in fix.edits), max(e.end for e in fix.edits))


def _overlap(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one place: their order would matter
    return a.start < b.end and b.start < a.end
