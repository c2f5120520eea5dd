"""The rule registry: every rule, by code and by name.

Rules are declared where they are written (`@rule(...)` on the check function, see
`rules/base.py`); a family is one module. This module only gathers the `Rule`s of the modules
listed in `MODULES`, in code order.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from mcplint.rules import (
    command,
    crossfile,
    doctor,
    machine,
    packages,
    paths,
    schema,
    security,
    structure,
    syntax,
    tool,
    transport,
)
from mcplint.rules.base import TAGS, Context, Finding, Rule

MODULES: tuple[ModuleType, ...] = (
    syntax,
    schema,
    structure,
    tool,
    transport,
    packages,
    command,
    machine,
    paths,
    security,
    crossfile,
    doctor,
)


def _gather(modules: Iterable[ModuleType]) -> tuple[Rule, ...]:
    found = [value for module in modules for value in vars(module).values()]
    return tuple(sorted((r for r in found if isinstance(r, Rule)), key=lambda r: r.code))


ALL_RULES: tuple[Rule, ...] = _gather(MODULES)

BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES}
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = [
    "ALL_RULES",
    "BY_CODE",
    "BY_NAME",
    "Context",
    "Finding",
    "Rule",
    "lookup",
    "select",
    "unknown_selectors",
]


def lookup(name_or_code: str) -> Rule | None:
    return BY_NAME.get(name_or_code) or BY_CODE.get(name_or_code.upper())


def _matches(rule: Rule, selector: str) -> bool:
    """A selector is a rule name, a code or code prefix (`MCP0`), a tag (`machine`) or `ALL`."""
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    if selector == rule.name or selector in rule.tags:
        return True
    return rule.code.startswith(selector.upper()) and selector.upper().startswith("MCP")


def _known_selector(selector: str) -> bool:
    return selector.strip() in TAGS or any(_matches(r, selector) for r in ALL_RULES)


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    """Selectors that match no rule (a typo in --select/--ignore is a usage error)."""
    return [s for s in selectors if s.strip() and not _known_selector(s)]


def select(
    selected: Iterable[str] | None = None, ignored: Iterable[str] | None = None
) -> tuple[Rule, ...]:
    """The rules to run: `selected` (names, codes, code prefixes such as `MCP0`, or tags;
    default: the rules enabled by default) minus `ignored`."""
    chosen = list(selected or [])
    dropped = list(ignored or [])
    if chosen:
        rules = [r for r in ALL_RULES if any(_matches(r, s) for s in chosen)]
    else:
        rules = [r for r in ALL_RULES if r.enabled_by_default]
    return tuple(r for r in rules if not any(_matches(r, s) for s in dropped))
