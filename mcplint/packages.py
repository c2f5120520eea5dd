"""Packages that servers are run from: which argument of an entry names a package, and what the
shipped table (`mcplint/data/packages.json`) knows about it.

`package_arg(command, args)` finds the package a runner fetches: after `npx [-y]`, `npm exec`,
`bunx`, `pnpm dlx`/`pnpx`, `yarn dlx`, `uvx`, `uv tool run`, `pipx run`, or the image of
`docker run ... IMAGE`, with its version split off (`pkg@1.2.3`, `@scope/pkg@latest`,
`pkg==1.2`, `pkg[extra]>=1`). `PackageTable.lookup(name)` returns the table's entry.

Version ranges use `packaging` (PEP 440 specifiers): an entry's `versions` names the affected
versions; npm versions are compared as the PEP 440 versions they parse to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # `packaging` is imported where a version or requirement is parsed
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

Ecosystem = Literal["npm", "pypi", "oci"]
ECOSYSTEMS: tuple[str, ...] = ("npm", "pypi", "oci")
STATUSES: tuple[str, ...] = (
    "archived",
    "renamed",
    "replaced",
    "never-published",
    "pypi-only",
    "npm-only",
)
# The statuses `deprecated-package` reports (the others are about the runner).
DEPRECATED: tuple[str, ...] = ("archived", "renamed", "replaced")
RUNNERS: tuple[str, ...] = ("npx", "uvx", "docker")

# The runner (as written in `command`) -> the ecosystem it fetches from.
RUNNER_ECOSYSTEM: dict[str, Ecosystem] = {
    "npx": "npm",
    "npm exec": "npm",
    "bunx": "npm",
    "pnpm dlx": "npm",
    "pnpx": "npm",
    "yarn dlx": "npm",
    "uvx": "pypi",
    "uv tool run": "pypi",
    "pipx run": "pypi",
    "docker run": "oci",
}


@dataclass(frozen=True)
class PackageInfo:
    """One entry of the table (see the `_doc` of `mcplint/data/packages.json`)."""

    name: str
    ecosystem: Ecosystem
    status: str
    replacement: str | None
    runner: str | None
    source: str
    versions: SpecifierSet | None = None
    note: str = ""

    def affects(self, version: str | None) -> bool:
        """Whether the entry applies to `version` (None: not pinned, so any version may run)."""
        if self.versions is None or version is None:
            return True
        parsed = _version(version)
        if parsed is None:
            return True  # a range or a tag: it may resolve to an affected version
        return self.versions.contains(parsed, prereleases=True)


class PackageDataError(ValueError):
    """The table is not what `_doc` describes (a test checks the shipped one)."""


@dataclass(frozen=True)
class PackageTable:
    entries: tuple[PackageInfo, ...]

    def lookup(self, name: str, ecosystem: str | None = None) -> PackageInfo | None:
        """The entry for `name` (PyPI names compare normalised), in `ecosystem` when given."""
        for entry in self.entries:
            if ecosystem is not None and entry.ecosystem != ecosystem:
                continue
            if _same_name(entry, name):
                return entry
        return None


def _same_name(entry: PackageInfo, name: str) -> bool:
    if entry.ecosystem == "pypi":
        return _normalise_pypi(entry.name) == _normalise_pypi(name)
    return entry.name == name


def _normalise_pypi(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_table(data: Any) -> PackageTable:
    """The table from the parsed JSON document; raises `PackageDataError` on a bad entry."""
    if not isinstance(data, dict) or not isinstance(data.get("packages"), list):
        raise PackageDataError("expected an object with a `packages` array")
    entries: list[PackageInfo] = []
    for i, item in enumerate(data["packages"]):
        where = f"packages[{i}]"
        if not isinstance(item, dict):
            raise PackageDataError(f"{where}: expected an object")
        name, ecosystem, status = item.get("name"), item.get("ecosystem"), item.get("status")
        source = item.get("source")
        if not isinstance(name, str) or not name:
            raise PackageDataError(f"{where}: `name` must be a non-empty string")
        if ecosystem not in ECOSYSTEMS:
            raise PackageDataError(f"{where} ({name}): `ecosystem` must be one of {ECOSYSTEMS}")
        if status not in STATUSES:
            raise PackageDataError(f"{where} ({name}): `status` must be one of {STATUSES}")
        if not isinstance(source, str) or not source.strip():
            raise PackageDataError(f"{where} ({name}): every entry needs a `source`")
        replacement, runner = item.get("replacement"), item.get("runner")
        if replacement is not None and not isinstance(replacement, str):
            raise PackageDataError(f"{where} ({name}): `replacement` must be a string or null")
        if runner is not None and runner not in RUNNERS:
            raise PackageDataError(f"{where} ({name}): `runner` must be one of {RUNNERS}")
        versions: SpecifierSet | None = None
        if item.get("versions") is not None:
            from packaging.specifiers import InvalidSpecifier, SpecifierSet

            try:
                versions = SpecifierSet(str(item["versions"]))
            except InvalidSpecifier as e:
                raise PackageDataError(f"{where} ({name}): bad `versions`: {e}") from None
        note = item.get("note", "")
        entries.append(
            PackageInfo(
                name,
                ecosystem,
                status,
                replacement,
                runner,
                source,
                versions,
                note if isinstance(note, str) else "",
            )
        )
    return PackageTable(tuple(entries))


@cache
def package_table() -> PackageTable:
    """The shipped table, read once per process (immutable)."""
    text = (Path(__file__).parent / "data" / "packages.json").read_text(encoding="utf-8")
    return parse_table(json.loads(text))


# -- which argument names a package ------------------------------------------------------------


@dataclass(frozen=True)
class PackageArg:
    """The package an entry's runner fetches."""

    runner: str  # a key of RUNNER_ECOSYSTEM ("npx", "uv tool run", "docker run", ...)
    index: int  # the index in `args` of the argument holding the package spec
    spec: str  # that argument's package part (for `--from=X` / `--package=X`: X)
    name: str  # the package name, version and extras stripped
    version: str | None  # npm `@1.2.3` / `@latest`, uvx `@1.2`, or PyPI's `==1.2` specifier text
    exact: bool  # pinned to one version
    runner_args: tuple[int, ...]  # indexes of the runner's own options before the package

    @property
    def ecosystem(self) -> Ecosystem:
        return RUNNER_ECOSYSTEM[self.runner]


# Runner options that take a value (the next argument, unless written `--opt=value`).
_NPX_VALUED = {"-p", "--package", "--registry", "--cache", "--userconfig", "-w", "--workspace"}
_NPX_CALL = {"-c", "--call"}
_UVX_VALUED = {
    "--from",
    "--with",
    "--with-editable",
    "--with-requirements",
    "-w",
    "-p",
    "--python",
    "--index",
    "--default-index",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--index-strategy",
    "--keyring-provider",
    "-c",
    "--constraints",
    "--overrides",
    "--build-constraints",
    "--resolution",
    "--prerelease",
    "--exclude-newer",
    "--cache-dir",
    "--directory",
    "--project",
    "--config-file",
    "--color",
    "--python-preference",
    "--allow-insecure-host",
    "--env-file",
    "--refresh-package",
    "--reinstall-package",
    "--upgrade-package",
    "-P",
    "--link-mode",
    "--config-setting",
    "-C",
    "--no-build-package",
    "--no-binary-package",
    "--only-binary",
    "--no-binary",
    "--torch-backend",
}
_PIPX_VALUED = {"--spec", "--python", "--pip-args", "--index-url", "-i", "--backend"}
_DOCKER_VALUED = {
    "-a",
    "--attach",
    "--add-host",
    "--annotation",
    "--blkio-weight",
    "--cap-add",
    "--cap-drop",
    "--cgroup-parent",
    "--cgroupns",
    "--cidfile",
    "--cpu-period",
    "--cpu-quota",
    "--cpu-shares",
    "-c",
    "--cpus",
    "--cpuset-cpus",
    "--cpuset-mems",
    "--device",
    "--dns",
    "--dns-option",
    "--dns-search",
    "--domainname",
    "--entrypoint",
    "-e",
    "--env",
    "--env-file",
    "--expose",
    "--gpus",
    "--group-add",
    "--health-cmd",
    "--health-interval",
    "--health-retries",
    "--health-timeout",
    "-h",
    "--hostname",
    "--ip",
    "--ip6",
    "--ipc",
    "--isolation",
    "-l",
    "--label",
    "--label-file",
    "--link",
    "--log-driver",
    "--log-opt",
    "--mac-address",
    "-m",
    "--memory",
    "--memory-reservation",
    "--memory-swap",
    "--mount",
    "--name",
    "--network",
    "--net",
    "--network-alias",
    "--pid",
    "--pids-limit",
    "--platform",
    "-p",
    "--publish",
    "--pull",
    "--restart",
    "--runtime",
    "--security-opt",
    "--shm-size",
    "--stop-signal",
    "--stop-timeout",
    "--storage-opt",
    "--sysctl",
    "--tmpfs",
    "--ulimit",
    "-u",
    "--user",
    "--userns",
    "--uts",
    "-v",
    "--volume",
    "--volumes-from",
    "-w",
    "--workdir",
}

_NPM_NAME = re.compile(r"^(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$", re.IGNORECASE)
_NPM_EXACT = re.compile(r"^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_IMAGE = re.compile(r"^[a-z0-9][a-z0-9._/:-]*(?:@sha256:[0-9a-f]{64})?$", re.IGNORECASE)


def runner_of(command: str, args: tuple[str, ...]) -> tuple[str, int] | None:
    """(runner, index of the first argument after it) for a command line, or None.

    `command` may be a path (`/usr/local/bin/npx`) or a Windows shim (`npx.cmd`); `cmd /c npx
    ...` is looked through."""
    base = re.split(r"[\\/]", command.strip())[-1].lower()
    base = re.sub(r"\.(cmd|exe|bat|ps1)$", "", base)
    if base == "cmd" and args and args[0].lower() in ("/c", "/k") and len(args) > 1:
        inner = runner_of(args[1], args[2:])
        return (inner[0], inner[1] + 2) if inner is not None else None
    pairs = {"npm": ("exec", "x"), "pnpm": ("dlx",), "yarn": ("dlx",), "pipx": ("run",)}
    if base in ("npx", "bunx", "pnpx", "uvx"):
        return base, 0
    if base in pairs and args and args[0] in pairs[base]:
        return ("npm exec" if base == "npm" else f"{base} {args[0]}"), 1
    if base == "uv" and len(args) >= 2 and args[0] == "tool" and args[1] == "run":
        return "uv tool run", 2
    if base in ("docker", "podman") and args and args[0] == "run":
        return "docker run", 1
    if base in ("docker", "podman") and len(args) >= 2 and args[:2] == ("container", "run"):
        return "docker run", 2
    return None


def package_arg(command: str, args: tuple[str, ...]) -> PackageArg | None:
    """The package the runner of this command line fetches, or None (no runner known, a path
    or URL instead of a registry package, or arguments it cannot follow)."""
    found = runner_of(command, args)
    if found is None:
        return None
    runner, start = found
    if RUNNER_ECOSYSTEM[runner] == "npm":
        return _npm_arg(runner, args, start)
    if RUNNER_ECOSYSTEM[runner] == "pypi":
        return _pypi_arg(runner, args, start)
    return _docker_arg(args, start)


def _option(arg: str, valued: set[str]) -> tuple[str | None, bool]:
    """(the option's value when written `--opt=value`, whether the next argument is its value)."""
    if arg.startswith("--") and "=" in arg:
        return arg.split("=", 1)[1], False
    return None, arg in valued


def _npm_arg(runner: str, args: tuple[str, ...], start: int) -> PackageArg | None:
    # `npx -p pkg bin`: the package is the option's value; `npx -c 'cmd'` runs a command string
    return _runner_arg(
        runner, args, start, _NPX_VALUED, ("-p", "--package"), frozenset(_NPX_CALL), _npm_spec
    )


def _runner_arg(
    runner: str,
    args: tuple[str, ...],
    start: int,
    valued: set[str],
    package_options: tuple[str, ...],
    no_package: frozenset[str],
    spec_of: Callable[[str, int, str, tuple[int, ...]], PackageArg | None],
) -> PackageArg | None:
    """The package argument after a runner's own options (`valued`: those that take the next
    argument; `package_options`: those whose value is the package; `no_package`: those after
    which there is none), read with `spec_of`."""
    i = start
    options: list[int] = []
    while i < len(args):
        arg = args[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        if arg in no_package:
            return None
        inline, takes_value = _option(arg, valued)
        if arg.split("=", 1)[0] in package_options:
            index = i if inline is not None else i + 1
            if index >= len(args):
                return None
            spec = inline if inline is not None else args[index]
            return spec_of(runner, index, spec, tuple(options))
        options.append(i)
        i += 2 if takes_value else 1
    if i >= len(args):
        return None
    return spec_of(runner, i, args[i], tuple(options))


def _npm_spec(runner: str, index: int, spec: str, options: tuple[int, ...]) -> PackageArg | None:
    spec_text = spec[4:] if spec.startswith("npm:") else spec
    at = spec_text.find("@", 1)
    name, version = (spec_text[:at], spec_text[at + 1 :]) if at > 0 else (spec_text, None)
    if not _NPM_NAME.match(name):
        return None  # a path, a URL, `github:user/repo`, a tarball...
    exact = version is not None and _NPM_EXACT.match(version) is not None
    return PackageArg(runner, index, spec, name, version, exact, options)


def _pypi_arg(runner: str, args: tuple[str, ...], start: int) -> PackageArg | None:
    # `uvx --from pkg exe`: the package is the option's value
    valued = _PIPX_VALUED if runner == "pipx run" else _UVX_VALUED
    return _runner_arg(runner, args, start, valued, ("--from", "--spec"), frozenset(), _pypi_spec)


def _pypi_spec(runner: str, index: int, spec: str, options: tuple[int, ...]) -> PackageArg | None:
    if spec.startswith("@"):
        # An npm scope: never a PyPI name. Kept so `wrong-package-runner` can say so.
        parsed = _npm_spec(runner, index, spec, options)
        return parsed
    text = spec
    version: str | None = None
    at = spec.find("@")
    if at > 0 and "://" not in spec and not spec[at + 1 :].startswith(("git+", "http")):
        # uvx's `pkg@1.2.3` / `pkg@latest`.
        text, version = spec[:at], spec[at + 1 :]
        if version == "latest":
            return PackageArg(runner, index, spec, text, "latest", False, options)
        text = f"{text}=={version}"
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None  # a URL, a path, `git+https://...`
    if requirement.url:
        return None
    specifiers = list(requirement.specifier)
    exact = (
        len(specifiers) == 1
        and specifiers[0].operator in ("==", "===")
        and "*" not in specifiers[0].version
    )
    if version is None and specifiers:
        version = str(requirement.specifier)
    return PackageArg(runner, index, spec, requirement.name, version, exact, options)


def _docker_arg(args: tuple[str, ...], start: int) -> PackageArg | None:
    i = start
    options: list[int] = []
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-") or arg == "-":
            break
        _inline, takes_value = _option(arg, _DOCKER_VALUED)
        options.append(i)
        i += 2 if takes_value else 1
    if i >= len(args) or not _IMAGE.match(args[i]):
        return None
    spec = args[i]
    name, version = spec, None
    if "@sha256:" in spec:
        name, version = spec.split("@", 1)
    else:
        last = spec.rsplit("/", 1)[-1]
        if ":" in last:
            name, version = spec.rsplit(":", 1)
    exact = version is not None and (version.startswith("sha256:") or version != "latest")
    return PackageArg("docker run", i, spec, name, version, exact, tuple(options))


def _version(text: str) -> Version | None:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text.lstrip("=v"))
    except InvalidVersion:
        return None
