"""Installed client CLI versions (the guide's step 9), and the config features they predate.

Where a client's CLI is on PATH (`claude`, `codex`, `gemini`, `code`), `<cli> --version` is run
through `Environment.run_version` (timeout 5 s). The features and the version that introduced
them are in `mcplint/data/client_features.json` (dated by CLIENTS-DETAIL.md); a feature counts
as used when one of its keys appears in a config file of that client found on this machine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from packaging.version import InvalidVersion, Version

from mcplint.env import Environment

_VERSION = re.compile(r"\b(\d+\.\d+(?:\.\d+)?)\b")


@dataclass(frozen=True)
class Feature:
    client: str
    feature: str
    keys: tuple[str, ...]
    since: str
    source: str


@dataclass(frozen=True)
class ProtocolSupport:
    client: str
    protocol: str
    since: str  # the client version that speaks it


@dataclass(frozen=True)
class FeatureData:
    commands: Mapping[str, str]  # client id -> CLI command
    features: tuple[Feature, ...]
    protocol: tuple[ProtocolSupport, ...]


@dataclass(frozen=True)
class ClientVersion:
    client: str
    command: str
    version: str | None  # None: installed, but the output names no version
    output: str  # the first line of `--version`


@dataclass(frozen=True)
class VersionFinding:
    client: str
    installed: str
    feature: str
    since: str
    path: str | None  # the config file that uses it (None: a protocol revision)
    message: str


def load_features() -> FeatureData:
    text = resources.files("mcplint.data").joinpath("client_features.json").read_text("utf-8")
    raw = json.loads(text)
    features = tuple(
        Feature(f["client"], f["feature"], tuple(f["keys"]), f["since"], f["source"])
        for f in raw["features"]
    )
    protocol = tuple(
        ProtocolSupport(p["client"], p["protocol"], p["since"]) for p in raw["protocol"]
    )
    return FeatureData(dict(raw["commands"]), features, protocol)


def parse_version(output: str) -> str | None:
    """The first dotted version number in `--version` output (`2.1.200 (Claude Code)`,
    `codex-cli 0.154.0`, VS Code's `1.104.0\\n<commit>\\nx64`)."""
    m = _VERSION.search(output)
    return m.group(1) if m else None


def installed_versions(env: Environment, data: FeatureData | None = None) -> list[ClientVersion]:
    """The version of each client CLI installed on this environment's PATH."""
    data = data or load_features()
    found = []
    for client, command in data.commands.items():
        done = env.run_version(command)
        if done is None:
            continue
        text = (done.stdout or done.stderr).strip()
        first = text.splitlines()[0] if text else ""
        found.append(ClientVersion(client, command, parse_version(text), first[:200]))
    return found


def _older(installed: str, since: str) -> bool:
    try:
        return Version(installed) < Version(since)
    except InvalidVersion:
        return False


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def used_keys(env: Environment) -> dict[str, dict[str, str]]:
    """client id -> {setting key: the first config file using it}, from this machine's files."""
    from mcplint.discovery import discover
    from mcplint.engine import _parse
    from mcplint.source import decode

    used: dict[str, dict[str, str]] = {}
    for found in discover(env):
        try:
            data = env.read_bytes(found.path, max_size=64 * 1024 * 1024)
        except OSError:
            continue
        value = _parse(decode(data).text, found.kind.dialect).value
        keys = used.setdefault(found.kind.client, {})
        for key in _keys(value):
            keys.setdefault(key, found.path)
    return used


def version_findings(
    env: Environment,
    versions: list[ClientVersion] | None = None,
    used: Mapping[str, Mapping[str, str]] | None = None,
    protocols: Mapping[str, str] | None = None,
) -> list[VersionFinding]:
    """Config features the installed CLI versions predate, and protocol revisions they do not
    speak (`protocols`: server name -> protocol revision it answered with, from doctor)."""
    data = load_features()
    versions = installed_versions(env, data) if versions is None else versions
    used = used_keys(env) if used is None else used
    findings = []
    for cv in versions:
        if cv.version is None:
            continue
        client_keys = used.get(cv.client, {})
        for f in data.features:
            if f.client != cv.client or not _older(cv.version, f.since):
                continue
            hits = [k for k in f.keys if k in client_keys]
            if not hits:
                continue
            path = client_keys[hits[0]]
            findings.append(
                VersionFinding(
                    cv.client,
                    cv.version,
                    f.feature,
                    f.since,
                    path,
                    f"{cv.command} {cv.version} predates {f.feature} ({cv.client} {f.since}+), "
                    f"used in {path}: update the client, or expect the older behaviour",
                )
            )
        for server, protocol in (protocols or {}).items():
            needed = next(
                (p for p in data.protocol if p.client == cv.client and p.protocol == protocol), None
            )
            if needed is not None and _older(cv.version, needed.since):
                findings.append(
                    VersionFinding(
                        cv.client,
                        cv.version,
                        f"protocol {protocol}",
                        needed.since,
                        None,
                        f"{cv.command} {cv.version} does not speak protocol {protocol} "
                        f"(server {server!r}; {needed.since}+ does): update the client",
                    )
                )
    return findings
