"""The rule registry: every rule, by code and by name.

Rule families live one per module (`syntax.py`, ...); each ends with a `RULES` tuple. This module
only gathers them, so the list of rules is explicit and in one place.
"""

from __future__ import annotations

from collections.abc import Iterable

from mcplint.rules import structure, syntax
from mcplint.rules.base import Context, Finding, Rule

ALL_RULES: tuple[Rule, ...] = (*syntax.RULES, *structure.RULES)

BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES}
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "BY_CODE", "BY_NAME", "Context", "Finding", "Rule", "lookup", "select"]


def lookup(name_or_code: str) -> Rule | None:
    return BY_NAME.get(name_or_code) or BY_CODE.get(name_or_code.upper())


def _matches(rule: Rule, selector: str) -> bool:
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    if selector == rule.name:
        return True
    return rule.code.startswith(selector.upper()) and selector.upper().startswith("MCP")


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    """Selectors that match no rule (a typo in --select/--ignore is a usage error)."""
    return [s for s in selectors if s.strip() and not any(_matches(r, s) for r in ALL_RULES)]


def select(
    selected: Iterable[str] | None = None, ignored: Iterable[str] | None = None
) -> tuple[Rule, ...]:
    """The rules to run: `selected` (names, codes or code prefixes such as `MCP0`; default: the
    rules enabled by default) minus `ignored`."""
    chosen = list(selected or [])
    dropped = list(ignored or [])
    if chosen:
        rules = [r for r in ALL_RULES if any(_matches(r, s) for s in chosen)]
    else:
        rules = [r for r in ALL_RULES if r.enabled_by_default]
    return tuple(r for r in rules if not any(_matches(r, s) for s in dropped))
