"""What must hold for every input, whatever its bytes: `check_invariants(data, path)` returns the
violations (empty when all hold). Used by tests/test_fuzz.py and the long run (`python -m
tests.fuzz`)."""

from __future__ import annotations

import importlib.util
import io
import re
import traceback
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from mcplint.cli import main as cli_main
from mcplint.diagnostics import Applicability
from mcplint.engine import (
    INTERNAL_ERROR,
    FileResult,
    Options,
    _choose_fixes,
    _parse,
    check_bytes,
    check_text,
    fix_bytes,
)
from mcplint.env import FakeEnvironment
from mcplint.output import FORMATS, RenderOptions
from mcplint.output.options import Mode
from mcplint.source import decode

from .strategies import SECRET_TOKENS

ENV = FakeEnvironment(platform="linux", home="/home/user", cwd="/home/user/proj")
SAFE = Options()
UNSAFE = Options(unsafe_fixes=True)
# Rules whose fixes may change or remove a comment (and what it holds): the one about comments
# in strict JSON, and the one that drops what follows the first document.
COMMENT_RULES = frozenset({"comment-in-strict-json", "concatenated-documents"})
READABILITY_RULES = ("syntax-error", "duplicate-key")
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def secrets_available() -> bool:
    """Whether secret masking (`mcplint.secrets`, being written in parallel) exists yet."""
    return importlib.util.find_spec("mcplint.secrets") is not None


def check_invariants(data: bytes, path: str, *, secrets: bool | None = None) -> list[str]:
    """The invariants the brief of issue 10 lists, for one file's bytes linted under `path`.
    `secrets`: check that no output shows a secret token whole (default: when
    `mcplint.secrets` exists)."""
    violations: list[str] = []
    lint = _run(violations, "lint", lambda: check_bytes(data, path, ENV, SAFE))
    if lint is None:
        return violations
    _no_internal_error(violations, "lint", lint)
    results = [lint]
    for options, name in ((SAFE, "fix"), (UNSAFE, "unsafe fix")):
        fixed = _run(violations, name, _fixer(data, path, options))
        if fixed is None:
            continue
        results.append(fixed)
        _no_internal_error(violations, name, fixed)
        _check_fix(violations, name, data, path, options, lint, fixed)
    if secrets is None:
        secrets = secrets_available()
    if secrets:
        _no_secret_shown(violations, data, results)
    return violations


def _fixer(data: bytes, path: str, options: Options) -> Callable[[], FileResult]:
    return lambda: fix_bytes(data, path, ENV, options)


def check_text_invariants(text: str, path: str) -> list[str]:
    """A decoded buffer (an editor's, which may hold lone surrogates): lint never raises."""
    violations: list[str] = []
    result = _run(violations, "lint text", lambda: check_text(text, path, ENV, SAFE))
    if result is not None:
        _no_internal_error(violations, "lint text", result)
        for name, render in FORMATS.items():
            _run(violations, f"render {name}", partial(render, [result], RenderOptions()))
    return violations


def check_cli_invariants(data: bytes, name: str, folder: Path) -> list[str]:
    """The real CLI on a real file: `mcplint FILE` and `mcplint --fix FILE` exit 0 or 1 with no
    internal error, and `--fix` writes what `fix_bytes` computes (or leaves the file alone)."""
    violations: list[str] = []
    file = folder / name.lstrip("/")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    for argv in ([str(file)], ["--output-format", "json", str(file)], ["--fix", str(file)]):
        out, err = io.StringIO(), io.StringIO()
        code = cli_main(["check", *argv], out, err)
        if code not in (0, 1) or "internal error" in out.getvalue() + err.getvalue():
            violations.append(f"cli {argv[:-1]}: exit {code}: {err.getvalue()[-300:]}")
    expected = fix_bytes(data, str(file), ENV, SAFE)
    written = file.read_bytes()
    # The CLI resolves the real machine (home, platform), the library call a fake one: compare
    # only when both agree on the file's kind, which the path alone decides here.
    if expected.output is not None and written not in (expected.output, data):
        violations.append("cli --fix wrote bytes that are neither the fix nor the original")
    if not _undecodable_kept(data, written):
        violations.append("cli --fix lost undecodable bytes")
    return violations


# -- the checks ----------------------------------------------------------------------------------


def _run(violations: list[str], what: str, fn: Callable[[], FileResult | str]) -> FileResult | None:
    try:
        result = fn()
    except RecursionError:
        violations.append(f"{what} raised RecursionError")
        return None
    except Exception as exc:
        frames = traceback.format_exception(exc)
        violations.append(f"{what} raised {type(exc).__name__}: {exc}\n{''.join(frames[-3:])}")
        return None
    return result if isinstance(result, FileResult) else None


def _no_internal_error(violations: list[str], what: str, result: FileResult) -> None:
    for d in result.diagnostics:
        if d.rule == INTERNAL_ERROR:
            violations.append(f"{what}: {d.message}")


def _check_fix(
    violations: list[str],
    name: str,
    data: bytes,
    path: str,
    options: Options,
    lint: FileResult,
    fixed: FileResult,
) -> None:
    output = fixed.output if fixed.output is not None else data
    if fixed.output is None:
        return
    # fix(fix(x)) changes nothing more
    again = _run(violations, f"{name} (second run)", lambda: fix_bytes(output, path, ENV, options))
    if again is not None and again.output is not None:
        rules = sorted({d.rule for d in again.fixed})
        violations.append(f"{name} is not idempotent: a second run fixes {rules}")
    # a file the client could read stays readable
    if not any(d.rule == "syntax-error" for d in lint.diagnostics):
        after = _run(violations, f"lint after {name}", lambda: check_bytes(output, path, ENV))
        if after is not None:
            for rule in READABILITY_RULES:
                before_n = sum(1 for d in lint.diagnostics if d.rule == rule)
                after_n = sum(1 for d in after.diagnostics if d.rule == rule)
                if after_n > before_n:
                    violations.append(
                        f"{name} made a readable file worse: {rule} {before_n}->{after_n}"
                    )
    fixed_rules = {d.rule for d in fixed.fixed}
    # undecodable bytes are kept (but removing a comment removes what it holds)
    if not fixed_rules & COMMENT_RULES and not _undecodable_kept(data, output):
        violations.append(f"{name} lost undecodable bytes")
    # comments change only through the rule about comments: each comment of the input is
    # still there, as many times (a fix may make the parser see more comments, never fewer)
    if not fixed_rules & COMMENT_RULES and fixed.encoding == lint.encoding == "utf-8":
        before = _comments(data, lint)
        in_text = data.decode("utf-8", "surrogateescape")
        out_text = output.decode("utf-8", "surrogateescape")
        if before is not None:
            # (the parser may list a comment twice after an error: count the text's copies)
            counts = Counter(before).items()
            lost = [c for c, n in counts if out_text.count(c) < min(n, in_text.count(c))]
            if lost:
                violations.append(f"{name} ({sorted(fixed_rules)}) changed comments: {lost[:3]!r}")
    # the first pass edits nothing inside a comment unless its rule is about comments
    wanted = Applicability.UNSAFE if options.unsafe_fixes else Applicability.SAFE
    spans = _comment_spans(lint)
    for d in _choose_fixes(lint.diagnostics, wanted):
        if d.rule in COMMENT_RULES or d.fix is None:
            continue
        for edit in d.fix.edits:
            for start, end in spans:
                if start < edit.end and edit.start < end:
                    violations.append(f"{name}: a {d.rule} fix edits inside a comment")


def _comments(data: bytes, result: FileResult) -> list[str] | None:
    source = decode(data)
    dialect = result.dialect or "jsonc"
    try:
        parsed = _parse(source.text, dialect)  # type: ignore[arg-type]
    except Exception:
        return None
    return [source.text[c.start : c.end] for c in parsed.comments]


def _comment_spans(result: FileResult) -> list[tuple[int, int]]:
    try:
        parsed = _parse(result.text, result.dialect or "jsonc")  # type: ignore[arg-type]
    except Exception:
        return []
    return [(c.start, c.end) for c in parsed.comments]


def _undecodable_kept(before: bytes, after: bytes) -> bool:
    """Every invalid UTF-8 byte of `before` is still in `after` (as many times)."""
    if decode(before).encoding != "utf-8":
        return True  # UTF-16 files have no undecodable bytes of this kind
    old = Counter(_UNDECODABLE.findall(before.decode("utf-8", "surrogateescape")))
    new = Counter(_UNDECODABLE.findall(after.decode("utf-8", "surrogateescape")))
    return not old - new


def _no_secret_shown(violations: list[str], data: bytes, results: list[FileResult]) -> None:
    tokens = [t for t in SECRET_TOKENS if t.encode() in data]
    if not tokens:
        return
    outputs = {
        f"{name} ({mode.value})": render(results, RenderOptions(mode=mode))
        for name, render in FORMATS.items()
        for mode in Mode
    }
    for fmt, out in outputs.items():
        for token in tokens:
            if token in out:
                violations.append(f"the {fmt} output shows the secret {token[:6]}... whole")
