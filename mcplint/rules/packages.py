"""Package rules (MCP504-MCP506): the package a runner (`npx`, `uvx`, `pipx run`, `docker run`)
fetches, judged against the shipped table `mcplint/data/packages.json` (`mcplint.packages`).

Static: nothing asks a registry. The package argument is found by `mcplint.packages.package_arg`
on the entry's typed view (`mcplint.servers.server_view`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from mcplint.diagnostics import Fix, Severity
from mcplint.edits import insert_item, remove_item, replace_value
from mcplint.packages import DEPRECATED, PackageArg, PackageInfo, package_arg, package_table
from mcplint.rules.base import SAFE, Context, Finding, rule, safe_fix
from mcplint.servers import ServerView
from mcplint.text import TextEdit
from mcplint.tree import PathPart


@dataclass(frozen=True)
class _Run:
    """One entry whose command runs a package."""

    view: ServerView
    command: str
    args: tuple[str, ...]
    package: PackageArg

    @property
    def arg_path(self) -> tuple[PathPart, ...]:
        return (*self.view.path, "args", self.package.index)


def _runs(ctx: Context) -> Iterator[_Run]:
    """Every entry of the file whose command line names a package."""
    for entry in ctx.servers:
        view = ctx.view(entry)
        if view.command is None:
            continue
        args_path = (*view.path, "args")
        if any(bad.path[: len(args_path)] == args_path for bad in view.invalid):
            continue  # a non-string argument: indexes would not match the file
        args = tuple(a.text for a in view.args)
        package = package_arg(view.command.text, args)
        if package is not None:
            yield _Run(view, view.command.text, args, package)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(info: PackageInfo) -> str:
    what = {
        "archived": "is archived (no longer maintained)",
        "renamed": "was renamed",
        "replaced": "is archived and replaced",
    }.get(info.status, info.status)
    text = f"`{info.name}` {what}"
    if info.replacement:
        text += f": use {info.replacement} instead"
    return text


@rule(
    "MCP504",
    "deprecated-package",
    Severity.WARNING,
)
def deprecated_package(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a server run from a package that is archived, renamed or replaced: the reference
    servers moved to `modelcontextprotocol/servers-archived` (`@modelcontextprotocol/server-github`,
    `-gitlab`, `-puppeteer`, `-brave-search`, `-slack`, `-postgres`, `-gdrive`, `-google-maps`,
    `-redis`, `-aws-kb-retrieval`, `-everart`, PyPI `mcp-server-sentry`, `mcp-server-sqlite`),
    with the maintained replacement where there is one. The table, with a source for each
    entry, is `mcplint/data/packages.json`. The package is found after `npx [-y]`, `bunx`,
    `pnpm dlx`, `yarn dlx`, `uvx`, `uv tool run`, `pipx run` or `docker run ... IMAGE`, its
    version stripped.

    ## Why is this bad?
    An archived package gets no fixes, including security fixes, and follows API changes of
    the service it talks to no more (npm warns "Package no longer supported"). GitHub's server
    moved to `github/github-mcp-server`.

    ## Example
    ```json
    {"mcpServers": {"github": {"command": "npx",
                               "args": ["-y", "@modelcontextprotocol/server-github"]}}}
    ```
    Use instead the maintained server, e.g. `{"command": "docker", "args": ["run", "-i", "--rm",
    "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"]}`.

    ## Fix safety
    No automatic fix: the replacement takes other arguments and settings.

    References: FAILURES.md H4 (deprecated-or-archived-server);
    https://github.com/modelcontextprotocol/servers-archived
    """
    table = package_table()
    for run in _runs(ctx):
        package = run.package
        info = table.lookup(package.name, package.ecosystem)
        if info is None or info.status not in DEPRECATED or not info.affects(package.version):
            continue
        start, end = ctx.span(run.arg_path)
        yield Finding(start, end, _describe(info), json_path=run.arg_path)


@rule(
    "MCP505",
    "wrong-package-runner",
    Severity.ERROR,
    fix="sometimes",
    safety=(SAFE,),
)
def wrong_package_runner(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a package run with another ecosystem's runner: a PyPI package under `npx`
    (`npx mcp-server-fetch`: the fetch, git, time and sqlite reference servers are Python), an
    npm package under `uvx` or `pipx run` (`uvx mcp-remote`, `uvx @scope/pkg`: a PyPI name has
    no `@scope/`), and names that were never published where they are asked for
    (`npx @modelcontextprotocol/server-fetch`, which exists only on PyPI as `mcp-server-fetch`).

    ## Why is this bad?
    The runner asks its own registry, which has no such package (`npm error 404 Not Found`), or
    installs something that is not the server ("Package `mcp-remote` does not provide any
    executables"). The server never starts; the client says only "Connection closed".

    ## Example
    ```json
    {"mcpServers": {"fetch": {"command": "npx", "args": ["-y", "mcp-server-fetch"]}}}
    ```
    Use instead: `{"command": "uvx", "args": ["mcp-server-fetch"]}`

    ## Fix safety
    Safe where the package table names the right runner (or the name is an npm `@scope/` name)
    and the runner's own options are only `-y`/`--yes`: the command becomes that runner, `-y`
    is dropped for `uvx` and added for `npx`, and a never-published name becomes its real one.
    No fix when the command runs the runner indirectly (`cmd /c npx`) or passes other options.

    References: FAILURES.md H3 (wrong-ecosystem-package), D4; modelcontextprotocol/servers#3800;
    punkpeye/mcp-remote#191
    """
    table = package_table()
    for run in _runs(ctx):
        package = run.package
        if package.ecosystem == "oci":
            continue
        found = _wrong_runner(table.lookup(package.name), package)
        if found is None:
            continue
        message, runner, name = found
        start, end = ctx.span(run.arg_path)
        fix = _runner_fix(ctx, run, runner, name) if runner is not None else None
        yield Finding(start, end, message, fix, json_path=run.arg_path)


def _wrong_runner(
    info: PackageInfo | None, package: PackageArg
) -> tuple[str, str | None, str] | None:
    """(message, the right runner or None, the package name to run) or None when all is well."""
    runner = package.runner
    if info is None:
        if package.ecosystem == "pypi" and package.name.startswith("@"):
            return (
                f"`{_short(package.name)}` is an npm package (PyPI names have no `@scope/`): "
                f"`{runner}` cannot run it; use `npx -y`",
                "npx",
                package.name,
            )
        return None
    if info.ecosystem == package.ecosystem:
        if info.status != "never-published":
            return None
        target = info.replacement or info.name
        how = f"{info.runner} {target}" if info.runner else target
        return (
            f"`{info.name}` was never published on {info.ecosystem}: the server is `{how}`",
            info.runner,
            target,
        )
    where = {"npm": "npm", "pypi": "PyPI", "oci": "a container registry"}[info.ecosystem]
    how = f"`{info.runner} {info.name}`" if info.runner else f"a {where} runner"
    return (
        f"`{info.name}` is a {where} package: `{runner}` cannot run it; use {how}",
        info.runner,
        info.name,
    )


_SIMPLE = re.compile(r"^[A-Za-z0-9@/._=-]+$")


def _runner_fix(ctx: Context, run: _Run, runner: str, name: str) -> Fix | None:
    """Command -> `runner`, `-y` dropped (uvx) or added (npx), the package arg -> `name`."""
    if runner not in ("npx", "uvx") or run.package.runner not in ("npx", "uvx", "pipx run"):
        return None
    direct = re.split(r"[\\/]", run.command)[-1].lower()
    if direct not in ("npx", "uvx", "pipx") or run.command != direct:
        return None  # a path or a shim (`npx.cmd`, `/usr/bin/npx`): the new command's is unknown
    options = [run.args[i] for i in run.package.runner_args]
    if any(o not in ("-y", "--yes") for o in options):
        return None
    first = 1 if run.package.runner == "pipx run" else 0  # `run` of `pipx run`
    if run.package.index != first + len(options):
        return None  # `--from`/`-p` forms: leave them to the user
    spec = run.package.spec
    if name != run.package.name:
        spec = name  # a never-published name: its real package, version dropped
    elif run.package.version is not None and "@" not in spec[1:]:
        return None  # `pkg==1.2` means nothing to npx
    command_node = ctx.node((*run.view.path, "command"))
    args_node = ctx.node((*run.view.path, "args"))
    arg_node = ctx.node(run.arg_path)
    if command_node is None or args_node is None or arg_node is None:
        return None
    if ctx.dialect == "toml" and ("#" in ctx.text[args_node.start : args_node.end]):
        return None  # the shared edits know JSON comments, not TOML's
    if not _SIMPLE.match(spec):
        return None
    edits: list[TextEdit] = [replace_value(command_node, json.dumps(runner))]
    drop = list(range(first)) + list(run.package.runner_args)  # `run`, -y/--yes
    for index in drop:
        edits.extend(remove_item(ctx.text, args_node, index))
    if spec != run.package.spec:
        edits.append(replace_value(arg_node, json.dumps(spec)))
    if runner == "npx":
        edits.append(insert_item(ctx.text, args_node, run.package.index, '"-y"'))
    if len(edits) > 1 and _overlapping(edits):
        return None
    args = ["-y", spec] if runner == "npx" else [spec]
    return safe_fix(f"Run it with `{runner} {' '.join(args)}`", *edits)


def _overlapping(edits: list[TextEdit]) -> bool:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    return any(b.start < a.end for a, b in pairwise(ordered))


@rule(
    "MCP506",
    "unpinned-package",
    Severity.INFO,
    enabled_by_default=False,
)
def unpinned_package(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a package run by `npx`, `bunx`, `pnpm dlx`, `yarn dlx`, `uvx`, `uv tool run` or
    `pipx run` without an exact version (`pkg`, `pkg@^1`, `pkg>=1`), or with `@latest`. Off by
    default: select it with `--select unpinned-package`.

    ## Why is this bad?
    Every start may run another version than the one you tried: a new release can break the
    server or change what it does with your credentials, and `@latest` makes npx ask the
    registry at every start (slow, and no start at all offline).

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx",
                           "args": ["-y", "@modelcontextprotocol/server-filesystem"]}}}
    ```
    Use instead: `"args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21"]`

    ## Fix safety
    No automatic fix: which version to pin is yours to choose.

    References: FAILURES.md H7 (runner-cache-corrupt-or-stale), H8 (registry-unreachable-at-startup)
    """
    for run in _runs(ctx):
        package = run.package
        if package.ecosystem == "oci" or package.exact:
            continue
        start, end = ctx.span(run.arg_path)
        name, version = _short(package.name), _short(package.version or "")
        if version == "latest":
            message = f"`{name}@latest` asks the registry at every start: pin a version"
        elif version:
            message = f"`{name}` is not pinned to one version (`{version}`)"
        else:
            message = f"`{name}` is not pinned: every start may run another version"
        yield Finding(start, end, message, json_path=run.arg_path)
