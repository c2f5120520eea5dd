"""The package rules: deprecated-package, wrong-package-runner, unpinned-package, on every
client (each at its real file path; Codex in TOML)."""

from __future__ import annotations

import json

import pytest

from mcplint.diagnostics import Severity
from mcplint.rules import BY_NAME, select
from tests.rule_tester import NO_FIX, clean, expect
from tests.test_rules_transport import CODEX, JSON_CLIENTS, LINUX, codex, doc, where

CLIENTS = sorted(JSON_CLIENTS)


def stdio(command: str, args: list[str], marked: int | None = None) -> str:
    """A stdio entry; the argument at index `marked` between the tester's markers."""
    items = [json.dumps(a) for a in args]
    if marked is not None:
        items[marked] = f"«{items[marked]}»"
    return f'{{"command": {json.dumps(command)}, "args": [{", ".join(items)}]}}'


# -- deprecated-package --------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_archived_github_server_on_every_client(client: str) -> None:
    expect(
        "deprecated-package",
        doc(client, stdio("npx", ["-y", "@modelcontextprotocol/server-github"], 1)),
        **where(client),  # type: ignore[arg-type]
        message="github/github-mcp-server",
        severity=Severity.WARNING,
    )


def test_archived_package_in_codex() -> None:
    expect(
        "deprecated-package",
        codex('command = "npx"\nargs = ["-y", «"@modelcontextprotocol/server-postgres@0.6.2"»]'),
        path=CODEX,
        env=LINUX,
        message="archived",
    )


@pytest.mark.parametrize(
    ("command", "args", "index"),
    [
        ("npx", ["@modelcontextprotocol/server-slack@latest"], 0),
        ("npx", ["-y", "@modelcontextprotocol/server-brave-search@0.6.2"], 1),
        ("bunx", ["@modelcontextprotocol/server-puppeteer"], 0),
        ("cmd", ["/c", "npx", "-y", "@modelcontextprotocol/server-gdrive"], 3),
        ("pnpm", ["dlx", "@modelcontextprotocol/server-everart"], 1),
        ("uvx", ["mcp-server-sentry"], 0),
        ("uvx", ["--from", "mcp-server-sqlite==0.6.2", "mcp-server-sqlite"], 1),
        ("pipx", ["run", "mcp_server_sentry"], 1),
    ],
)
def test_archived_packages_behind_every_runner(command: str, args: list[str], index: int) -> None:
    expect("deprecated-package", doc("claude-code", stdio(command, args, index)))


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("npx", ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]),
        ("npx", ["-y", "@modelcontextprotocol/server-memory"]),
        ("uvx", ["mcp-server-fetch"]),
        ("node", ["@modelcontextprotocol/server-github"]),  # not a runner
        # a PyPI package under npx is wrong-package-runner's, not this rule's
        ("npx", ["-y", "mcp-server-sentry"]),
        ("docker", ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"]),
    ],
)
def test_maintained_packages_are_clean(command: str, args: list[str]) -> None:
    clean("deprecated-package", doc("claude-code", stdio(command, args)))


def test_package_rules_cope_with_any_shape() -> None:
    for entry in (
        '{"command": 5, "args": ["@modelcontextprotocol/server-github"]}',
        '{"command": "npx", "args": "-y @modelcontextprotocol/server-github"}',
        '{"command": "npx", "args": [5, "@modelcontextprotocol/server-github"]}',
        '{"command": "npx", "args": [{"a": 1}]}',
        '{"command": "npx", "args": null}',
        '{"command": "npx", "args": [' + json.dumps("a b" * 30_000) + "]}",
        '{"url": "https://x.example/mcp"}',
        '"npx"',
        "[]",
    ):
        for rule in ("deprecated-package", "wrong-package-runner", "unpinned-package"):
            clean(rule, doc("claude-code", entry))


# -- wrong-package-runner ------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_npx_pypi_package_becomes_uvx_on_every_client(client: str) -> None:
    expect(
        "wrong-package-runner",
        doc(client, stdio("npx", ["-y", "mcp-server-fetch"], 1)),
        **where(client),  # type: ignore[arg-type]
        message="PyPI package",
        severity=Severity.ERROR,
        fixed=doc(client, '{"command": "uvx", "args": ["mcp-server-fetch"]}'),
    )


def test_codex_toml_fix() -> None:
    expect(
        "wrong-package-runner",
        codex('command = "npx"\nargs = ["-y", «"mcp-server-time"», "--local-timezone=UTC"]'),
        path=CODEX,
        env=LINUX,
        fixed=codex('command = "uvx"\nargs = ["mcp-server-time", "--local-timezone=UTC"]'),
    )


def test_codex_toml_with_a_comment_in_args_gets_no_fix() -> None:
    expect(
        "wrong-package-runner",
        codex('command = "npx"\nargs = [\n  "-y", # yes\n  «"mcp-server-fetch"»,\n]'),
        path=CODEX,
        env=LINUX,
        fixed=NO_FIX,
    )


def test_never_published_npm_name_becomes_the_pypi_server() -> None:
    expect(
        "wrong-package-runner",
        doc("claude-code", stdio("npx", ["-y", "@modelcontextprotocol/server-fetch"], 1)),
        message="never published",
        fixed=doc("claude-code", '{"command": "uvx", "args": ["mcp-server-fetch"]}'),
    )
    expect(
        "wrong-package-runner",
        doc("claude-code", stdio("npx", ["@modelcontextprotocol/server-git@1.0.0", "-r", "."], 0)),
        fixed=doc("claude-code", '{"command": "uvx", "args": ["mcp-server-git", "-r", "."]}'),
    )


def test_never_published_name_without_a_runnable_replacement_has_no_fix() -> None:
    expect(
        "wrong-package-runner",
        doc(
            "claude-code",
            stdio("npx", ["-y", "@modelcontextprotocol/server-redis", "redis://x"], 1),
        ),
        message="redis/mcp-redis",
        fixed=NO_FIX,
    )


def test_uvx_npm_packages_become_npx_y() -> None:
    expect(
        "wrong-package-runner",
        doc("claude-code", stdio("uvx", ["mcp-remote", "https://x.example/mcp"], 0)),
        message="npm package",
        fixed=doc(
            "claude-code",
            '{"command": "npx", "args": ["-y", "mcp-remote", "https://x.example/mcp"]}',
        ),
    )
    expect(
        "wrong-package-runner",
        doc("claude-code", stdio("uvx", ["@scope/some-server@1.2.3"], 0)),
        message="PyPI names have no `@scope/`",
        fixed=doc("claude-code", '{"command": "npx", "args": ["-y", "@scope/some-server@1.2.3"]}'),
    )
    expect(
        "wrong-package-runner",
        doc("claude-code", stdio("pipx", ["run", "@scope/pkg"], 1)),
        fixed=doc("claude-code", '{"command": "npx", "args": ["-y", "@scope/pkg"]}'),
    )


@pytest.mark.parametrize(
    ("command", "args", "index"),
    [
        ("cmd", ["/c", "npx", "-y", "mcp-server-fetch"], 3),  # the runner is inside cmd
        ("/usr/local/bin/npx", ["-y", "mcp-server-fetch"], 1),  # uvx's path is not known
        ("npx", ["--registry", "https://r.example", "mcp-server-fetch"], 2),
        ("uvx", ["--python", "3.12", "mcp-remote"], 2),
        ("npx", ["-p", "@modelcontextprotocol/server-time", "x"], 1),
        ("uvx", ["mcp-remote==0.1.0"], 0),  # `==` means nothing to npx
    ],
)
def test_wrong_runner_without_a_sure_fix(command: str, args: list[str], index: int) -> None:
    expect(
        "wrong-package-runner",
        doc("claude-code", stdio(command, args, index)),
        fixed=NO_FIX,
    )


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("uvx", ["mcp-server-fetch"]),
        ("uvx", ["mcp-server-git", "--repository", "."]),
        ("npx", ["-y", "mcp-remote", "https://x.example/mcp"]),
        ("npx", ["-y", "@modelcontextprotocol/server-everything"]),
        ("uvx", ["some-unknown-pypi-server"]),
        ("npx", ["-y", "some-unknown-npm-server"]),
        ("docker", ["run", "-i", "mcp-server-fetch"]),
    ],
)
def test_right_runners_are_clean(command: str, args: list[str]) -> None:
    clean("wrong-package-runner", doc("claude-code", stdio(command, args)))


# -- unpinned-package ----------------------------------------------------------------------------


def test_unpinned_package_is_off_by_default() -> None:
    rule = BY_NAME["unpinned-package"]
    assert not rule.enabled_by_default and rule not in select()
    assert rule in select(["unpinned-package"])


@pytest.mark.parametrize("client", CLIENTS)
def test_unpinned_npx_package_on_every_client(client: str) -> None:
    expect(
        "unpinned-package",
        doc(client, stdio("npx", ["-y", "@modelcontextprotocol/server-memory"], 1)),
        **where(client),  # type: ignore[arg-type]
        message="not pinned",
        severity=Severity.INFO,
    )


@pytest.mark.parametrize(
    ("command", "args", "index", "message"),
    [
        ("npx", ["-y", "pkg@latest"], 1, "@latest"),
        ("npx", ["-y", "pkg@^1.2.0"], 1, "`^1.2.0`"),
        ("uvx", ["mcp-server-fetch"], 0, "not pinned"),
        ("uvx", ["mcp-server-fetch>=1"], 0, "`>=1`"),
        ("uvx", ["pkg@latest"], 0, "@latest"),
        ("pipx", ["run", "pkg"], 1, "not pinned"),
    ],
)
def test_unpinned(command: str, args: list[str], index: int, message: str) -> None:
    expect("unpinned-package", doc("claude-code", stdio(command, args, index)), message=message)


def test_a_huge_package_name_is_shortened_in_the_message() -> None:
    (found,) = expect(
        "unpinned-package",
        doc("claude-code", '{"command": "npx", "args": [«' + json.dumps("a" * 100_000) + "»]}"),
    )
    assert len(found.message) < 200


def test_unpinned_in_codex() -> None:
    expect("unpinned-package", codex('command = "uvx"\nargs = [«"mcp-server-time"»]'), path=CODEX)


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("npx", ["-y", "pkg@1.2.3"]),
        ("npx", ["-y", "@scope/pkg@1.2.3-beta.1"]),
        ("uvx", ["mcp-server-fetch==2025.4.7"]),
        ("uvx", ["pkg@1.0"]),
        ("docker", ["run", "-i", "image"]),  # images are not packages here
        ("node", ["server.js"]),
    ],
)
def test_pinned_packages_are_clean(command: str, args: list[str]) -> None:
    clean("unpinned-package", doc("claude-code", stdio(command, args)))
