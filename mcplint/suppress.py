"""Inline suppression comments, where the file's format allows comments (JSONC, JSON5, TOML)::

    // mcplint: disable-next-line RULE[, RULE...]   the findings that start on the next line
    // mcplint: disable-file RULE[, RULE...]        the findings anywhere in the file
    # mcplint: disable-next-line RULE               (TOML)

RULE is a rule name or code (a code prefix or a tag works too); text after ` -- ` is a reason
and is ignored. A suppression that hides nothing (of a rule that ran) is reported as
`unused-suppression` (info), and so is one naming no rule mcplint knows. Strict-JSON files cannot
hold comments: use `per-file-ignores` or `per-server-ignores` in the configuration instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mcplint.diagnostics import Diagnostic, Severity
from mcplint.rules.base import Context, Rule

UNUSED_SUPPRESSION = "unused-suppression"
# Never hidden: a file not read or a bug is never "clean", and a configuration error is not in
# this file.
_UNSUPPRESSIBLE = frozenset({"io-error", "internal-error", "config-error", UNUSED_SUPPRESSION})

_DIRECTIVE = re.compile(
    r"^(?://|/\*|#)\s*mcplint:\s*(?P<what>disable-next-line|disable-file)\b(?P<rules>.*?)"
    r"(?:\*/)?\s*$",
    re.DOTALL,
)


@dataclass
class Suppression:
    """One rule selector of one comment."""

    selector: str
    whole_file: bool
    line: int  # the line whose findings it hides (0 for the whole file)
    start: int  # offsets of the rule's name in the comment
    end: int
    used: bool = False


def suppressions(ctx: Context) -> list[Suppression]:
    """The suppressions written in the file's comments (none where comments are not allowed)."""
    if not ctx.allows_comments:
        return []
    found = []
    for comment in ctx.parsed.comments:
        raw = ctx.text[comment.start : comment.end]
        text = raw.strip()
        match = _DIRECTIVE.match(text)
        if match is None:
            continue
        base = comment.start + (len(raw) - len(raw.lstrip())) + match.start("rules")
        whole = match.group("what") == "disable-file"
        rules = match.group("rules").split(" -- ", 1)[0]
        line = 0 if whole else ctx.lines.position(comment.end).line + 1
        for selector in re.finditer(r"[^,\s]+", rules):  # each one reported at its own place
            start, end = base + selector.start(), base + selector.end()
            found.append(Suppression(selector.group(), whole, line, start, end))
        if not rules.strip():  # a directive naming no rule: reported, hides nothing
            found.append(Suppression("", whole, line, comment.start, comment.end))
    return found


def apply_suppressions(
    ctx: Context, diagnostics: list[Diagnostic], rules: Sequence[Rule]
) -> list[Diagnostic]:
    """`diagnostics` without the suppressed ones, plus an `unused-suppression` for each
    suppression that hid nothing (when its rule ran) or names no known rule."""
    from mcplint.config import rule_matches
    from mcplint.engine import to_diagnostic
    from mcplint.rules import BY_NAME, Finding, unknown_selectors

    found = suppressions(ctx)
    if not found:
        return diagnostics
    kept = []
    for d in diagnostics:
        hidden = False
        if d.rule not in _UNSUPPRESSIBLE:
            for s in found:
                if (
                    (s.whole_file or s.line == d.start.line)
                    and s.selector
                    and (rule_matches(d.rule, (s.selector,)))
                ):
                    s.used = hidden = True
        if not hidden:
            kept.append(d)
    ran = [r.name for r in rules]
    unused_rule = BY_NAME[UNUSED_SUPPRESSION]
    if unused_rule not in rules:
        return kept  # the unused-suppression rule itself was not selected
    for s in found:
        if s.used:
            continue
        where = "in this file" if s.whole_file else f"on line {s.line}"
        if not s.selector:
            message = "suppression comment names no rule: write `mcplint: disable-... RULE`"
        elif unknown_selectors([s.selector]):
            message = f"suppression of unknown rule `{s.selector}` (see `mcplint rules`)"
        elif not any(rule_matches(name, (s.selector,)) for name in ran):
            continue  # its rule did not run: no telling whether it is needed
        else:
            message = f"unused suppression: no `{s.selector}` finding {where}"
        finding = Finding(s.start, s.end, message, severity=Severity.INFO)
        kept.append(to_diagnostic(ctx, unused_rule, finding))
    kept.sort(key=Diagnostic.sort_key)
    return kept
