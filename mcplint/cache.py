"""A result cache, as ruff keeps one: a file linted again with the same content, options and
mcplint version is not parsed, validated or checked again.

An entry is keyed by a SHA-256 of the file's bytes, mcplint's version, the cache format, the
file's path (which decides its client and kind, and which every diagnostic names), what of the
machine decides the client and kind (platform, home, working folder) and every option that
changes results (`Options`: selection, client, target OS, size cap, unsafe fixes). It holds the
diagnostics of the rules that read only the file. Rules that ask the machine (tagged `machine`,
plus `ASKS_THE_MACHINE`) are never served from it: on a hit they run again on the file, so a
command installed or a variable set since the last run is seen.

Entries live in `Environment.cache_dir()/v1/<2 hex>/<key>.json` (`--cache-dir` elsewhere). They
are written atomically (a temporary file renamed over the entry), so concurrent runs see an old
entry, a new one or none. An entry is trusted only when it parses, names the same key and the
same mcplint version; anything else is a miss. The size is bounded: at most `SHARD_ENTRIES`
entries in each of the 256 shards (a full shard is emptied before a new entry goes in), and no
entry above `MAX_ENTRY_BYTES`. Results with an io-error or internal-error are not cached.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from mcplint import __version__
from mcplint.diagnostics import Applicability, Diagnostic, Fix, Related, Severity
from mcplint.engine import INTERNAL_ERROR, IO_ERROR, FileResult, Options, check_bytes
from mcplint.env import Environment
from mcplint.rules import Rule
from mcplint.source import decode
from mcplint.text import Position, TextEdit

FORMAT = 1  # bump when the entry layout changes
SHARD_ENTRIES = 256  # at most 256 * 256 = 65,536 entries
MAX_ENTRY_BYTES = 8 * 1024 * 1024
# Rules not tagged `machine` whose verdict still asks the machine: re-run on a hit as well.
ASKS_THE_MACHINE = frozenset({"command-includes-arguments"})  # a file named like the command


def asks_the_machine(rule: Rule) -> bool:
    return "machine" in rule.tags or rule.name in ASKS_THE_MACHINE


@dataclass(frozen=True)
class ResultCache:
    """The result cache in `folder` (`ResultCache.default(env)`: mcplint's cache folder)."""

    folder: str
    env: Environment

    @classmethod
    def default(cls, env: Environment) -> ResultCache:
        return cls(env.cache_dir(), env)

    def key(self, path: str, data: bytes, options: Options) -> str:
        env = self.env
        facts = [
            FORMAT,
            __version__,
            path,
            env.platform,
            env.home,
            env.cwd,
            list(options.select),
            list(options.ignore),
            options.client,
            options.unsafe_fixes,
            options.target_os,
            options.max_file_size,
            [rule.name for rule in options.only] if options.only is not None else None,
            # the configuration that applies (its file and content): ignores, severities, options
            [options.config.path, options.config.text] if options.config is not None else None,
        ]
        digest = hashlib.sha256(json.dumps(facts).encode("utf-8"))
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def entry_path(self, key: str) -> str:
        return self.env.join(self.folder, f"v{FORMAT}", key[:2], f"{key}.json")

    def check(self, data: bytes, path: str, options: Options) -> FileResult:
        """`check_bytes(data, path, env, options)`, from the cache when it can be."""
        key = self.key(path, data, options)
        cached = self._get(key)
        again = tuple(r for r in options.rules() if asks_the_machine(r))
        if cached is None:
            result = check_bytes(data, path, self.env, options)
            self._put(key, result, {r.name for r in again})
            return result
        if again:
            fresh = check_bytes(data, path, self.env, replace(options, only=again))
            cached.diagnostics = sorted(
                [*cached.diagnostics, *fresh.diagnostics], key=Diagnostic.sort_key
            )
        cached.text = decode(data).text
        cached.original = data
        return cached

    def _get(self, key: str) -> FileResult | None:
        """The cached result of `key`; None when there is none or it cannot be trusted."""
        try:
            raw = self.env.read_bytes(self.entry_path(key), MAX_ENTRY_BYTES)
            entry = json.loads(raw)
            if entry.get("key") != key or entry.get("version") != __version__:
                return None
            return _result_from_json(entry["result"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _put(self, key: str, result: FileResult, rerun: set[str]) -> None:
        if result.original is None or any(
            d.rule in (IO_ERROR, INTERNAL_ERROR) for d in result.diagnostics
        ):
            return
        stable = [d for d in result.diagnostics if d.rule not in rerun]
        entry = {
            "key": key,
            "version": __version__,
            "result": {
                "path": result.path,
                "diagnostics": [_diagnostic_json(d) for d in stable],
                "kind_id": result.kind_id,
                "dialect": result.dialect,
                "encoding": result.encoding,
                "notes": result.notes,
                "assumed": result.assumed,
            },
        }
        data = json.dumps(entry).encode("ascii")  # \u escapes keep lone surrogates
        if len(data) > MAX_ENTRY_BYTES:
            return
        target = self.entry_path(key)
        try:
            shard = self.env.path(target).parent
            names = [n for n in self.env.listdir(str(shard)) if n.endswith(".json")]
            if len(names) >= SHARD_ENTRIES:  # bounded: a full shard starts over
                for name in names:
                    self.env.remove_file(str(shard / name))
            self.env.write_cache_file(target, data)
        except OSError:
            pass  # a cache that cannot be written is only slower


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return asdict(d)


def _position(raw: dict[str, Any]) -> Position:
    return Position(int(raw["line"]), int(raw["column"]), int(raw["offset"]))


def _diagnostic_from_json(raw: dict[str, Any]) -> Diagnostic:
    fix = raw["fix"]
    return Diagnostic(
        rule=str(raw["rule"]),
        code=str(raw["code"]),
        severity=Severity(raw["severity"]),
        message=str(raw["message"]),
        path=str(raw["path"]),
        start=_position(raw["start"]),
        end=_position(raw["end"]),
        fix=None
        if fix is None
        else Fix(
            Applicability(fix["applicability"]),
            str(fix["message"]),
            tuple(
                TextEdit(int(e["start"]), int(e["end"]), str(e["content"])) for e in fix["edits"]
            ),
            fix["encoding"],
        ),
        related=tuple(
            Related(str(r["message"]), _position(r["start"]), _position(r["end"]), r["path"])
            for r in raw["related"]
        ),
        json_path=tuple(raw["json_path"]),
    )


def _result_from_json(raw: dict[str, Any]) -> FileResult:
    from mcplint.clients import FILE_KINDS

    kind_id = raw["kind_id"]
    return FileResult(
        path=str(raw["path"]),
        text="",  # the caller decodes the bytes it has
        diagnostics=[_diagnostic_from_json(d) for d in raw["diagnostics"]],
        kind_id=kind_id,
        dialect=raw["dialect"],
        encoding=str(raw["encoding"]),
        notes=[str(n) for n in raw["notes"]],
        kind=FILE_KINDS.get(kind_id) if kind_id is not None else None,
        assumed=str(raw["assumed"]),
    )
