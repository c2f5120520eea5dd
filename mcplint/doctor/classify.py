"""What a failed probe means: the server's stderr tail and exit code matched against known
failure signatures (`mcplint/data/signatures.json`, from FAILURES.md's launch-probe classifier,
each with its cause, fix and source), and the protocol revisions each client speaks
(`mcplint/data/protocols.json`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from mcplint.secrets import redact

STDERR_TAIL_LINES = 8
STDERR_TAIL_CHARS = 2000


@dataclass(frozen=True)
class Signature:
    """One known failure: a regex over the stderr tail (case-insensitive), its cause and fix."""

    id: str
    pattern: str
    cause: str
    fix: str
    source: str
    exit_code: int | None = None

    def matches(self, stderr: str, exit_code: int | None) -> bool:
        if self.exit_code is not None and exit_code != self.exit_code:
            return False
        return re.search(self.pattern, stderr, re.IGNORECASE) is not None


def _load(name: str) -> Any:
    return json.loads(resources.files("mcplint.data").joinpath(name).read_text("utf-8"))


@cache
def signatures() -> tuple[Signature, ...]:
    """Every known failure signature, in matching order (first match wins)."""
    return tuple(
        Signature(s["id"], s["pattern"], s["cause"], s["fix"], s["source"], s.get("exit_code"))
        for s in _load("signatures.json")["signatures"]
    )


def match_signature(stderr: str, exit_code: int | None) -> Signature | None:
    """The first known failure whose pattern is in `stderr` (and whose exit code fits)."""
    for sig in signatures():
        if sig.matches(stderr, exit_code):
            return sig
    return None


@cache
def _protocols() -> Any:
    return _load("protocols.json")


def newest_protocol() -> str:
    """The protocol revision doctor offers in `initialize`."""
    return str(_protocols()["newest"])


def client_protocols(client_id: str) -> tuple[str, ...]:
    """The revisions `client_id` accepts in an `initialize` answer (all known ones by default)."""
    data = _protocols()
    entry = data["clients"].get(client_id)
    return tuple(entry["speaks"] if entry else data["known"])


def stderr_tail(text: str) -> str:
    """The last lines of a server's stderr, credentials masked (never shown unmasked)."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    tail = "\n".join(lines[-STDERR_TAIL_LINES:])
    if len(tail) > STDERR_TAIL_CHARS:
        tail = "..." + tail[-STDERR_TAIL_CHARS:]
    return redact(tail)


def explain(stderr: str, exit_code: int | None) -> str:
    """ " cause: ...; fix: ... (source)" for a known failure, else ""."""
    sig = match_signature(stderr, exit_code)
    if sig is None:
        return ""
    return f"; likely cause: {sig.cause}; fix: {sig.fix} (known failure {sig.id}: {sig.source})"
