"""The fuzz harness (issue 10): generated and mutated config files, and the invariants every
input must keep.

* `strategies`: generators of JSON/JSONC/JSON5 and Codex TOML documents shaped like MCP configs
  (and free-form), byte-level mutations of the real corpus (../shared/corpus), as plain
  functions of a `random.Random` and as Hypothesis strategies.
* `invariants`: `check_invariants(data, path) -> list[str]`, the violations for one input.
* `python -m tests.fuzz --minutes 30`: the long run; failing inputs are saved for reproduction.

A short run is part of the test suite (tests/test_fuzz.py).
"""

from .invariants import check_cli_invariants, check_invariants, check_text_invariants

__all__ = ["check_cli_invariants", "check_invariants", "check_text_invariants"]
