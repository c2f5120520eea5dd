"""The shipped package table (mcplint/data/packages.json) and the package-argument parser."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from mcplint.packages import (
    ECOSYSTEMS,
    STATUSES,
    PackageDataError,
    package_arg,
    package_table,
    parse_table,
)


def _raw() -> dict[str, object]:
    text = resources.files("mcplint.data").joinpath("packages.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_every_entry_has_a_source_a_valid_ecosystem_and_status() -> None:
    entries = _raw()["packages"]
    assert isinstance(entries, list) and len(entries) >= 20
    for item in entries:
        assert item["ecosystem"] in ECOSYSTEMS, item
        assert item["status"] in STATUSES, item
        assert item["source"].strip(), item
        assert item["source"].startswith(("http", "FAILURES.md")), item
    assert len(package_table().entries) == len(entries)


def test_names_are_unique_per_ecosystem() -> None:
    keys = [(e.ecosystem, e.name) for e in package_table().entries]
    assert len(set(keys)) == len(keys)


def test_the_archived_reference_servers_are_listed() -> None:
    table = package_table()
    for short in (
        "github",
        "puppeteer",
        "brave-search",
        "slack",
        "postgres",
        "gdrive",
        "gitlab",
        "google-maps",
        "aws-kb-retrieval",
        "everart",
    ):
        info = table.lookup(f"@modelcontextprotocol/server-{short}", "npm")
        assert info is not None and info.status in ("archived", "replaced"), short
        assert "servers-archived" in info.source
    redis = table.lookup("@modelcontextprotocol/server-redis")  # npm 404 (servers#856)
    assert redis is not None and redis.status == "never-published" and redis.runner is None
    github = table.lookup("@modelcontextprotocol/server-github")
    assert github is not None and "github/github-mcp-server" in (github.replacement or "")
    fetch = table.lookup("@modelcontextprotocol/server-fetch")
    assert fetch is not None and (fetch.status, fetch.replacement, fetch.runner) == (
        "never-published",
        "mcp-server-fetch",
        "uvx",
    )


def test_pypi_names_compare_normalised() -> None:
    table = package_table()
    info = table.lookup("MCP_Server.Fetch")
    assert info is not None and info.name == "mcp-server-fetch"
    assert table.lookup("mcp-server-fetch", "npm") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "`packages` array"),
        ({"packages": [1]}, "expected an object"),
        ({"packages": [{"name": "a", "ecosystem": "cargo", "status": "archived"}]}, "ecosystem"),
        ({"packages": [{"name": "a", "ecosystem": "npm", "status": "gone"}]}, "status"),
        ({"packages": [{"name": "a", "ecosystem": "npm", "status": "archived"}]}, "source"),
        (
            {
                "packages": [
                    {"name": "a", "ecosystem": "npm", "status": "archived", "source": "x"},
                    {"name": "", "ecosystem": "npm", "status": "archived", "source": "x"},
                ]
            },
            "name",
        ),
        (
            {
                "packages": [
                    {
                        "name": "a",
                        "ecosystem": "npm",
                        "status": "renamed",
                        "source": "x",
                        "versions": "<<1",
                    }
                ]
            },
            "versions",
        ),
        (
            {
                "packages": [
                    {"name": "a", "ecosystem": "npm", "status": "renamed", "source": "x"}
                    | {"runner": "cargo"}
                ]
            },
            "runner",
        ),
    ],
)
def test_bad_tables_are_refused_with_the_reason(data: object, message: str) -> None:
    with pytest.raises(PackageDataError, match=message):
        parse_table(data)


def test_versions_limit_an_entry_to_the_versions_it_names() -> None:
    table = parse_table(
        {
            "packages": [
                {
                    "name": "old-name",
                    "ecosystem": "npm",
                    "status": "renamed",
                    "replacement": "new-name",
                    "versions": "<2",
                    "source": "https://example.invalid",
                }
            ]
        }
    )
    info = table.lookup("old-name")
    assert info is not None
    assert info.affects(None) and info.affects("1.9.3") and info.affects("1.0.0-beta.1")
    assert not info.affects("2.0.0") and info.affects("^1") and info.affects("latest")


@pytest.mark.parametrize(
    ("command", "args", "want"),
    [
        ("npx", ["-y", "@scope/pkg@1.2.3"], ("npx", 1, "@scope/pkg", "1.2.3", True)),
        ("npx", ["--yes", "pkg"], ("npx", 1, "pkg", None, False)),
        ("npx", ["pkg@latest", "--flag"], ("npx", 0, "pkg", "latest", False)),
        ("npx", ["-y", "pkg@^1.2"], ("npx", 1, "pkg", "^1.2", False)),
        ("npx", ["-y", "-p", "pkg@2.0.0", "bin"], ("npx", 2, "pkg", "2.0.0", True)),
        ("npx", ["--package=pkg", "bin"], ("npx", 0, "pkg", None, False)),
        ("npx.cmd", ["-y", "pkg"], ("npx", 1, "pkg", None, False)),
        ("C:\\nodejs\\npx.cmd", ["-y", "pkg"], ("npx", 1, "pkg", None, False)),
        ("/usr/local/bin/npx", ["-y", "pkg"], ("npx", 1, "pkg", None, False)),
        ("cmd", ["/c", "npx", "-y", "pkg@1.0.0"], ("npx", 3, "pkg", "1.0.0", True)),
        ("npm", ["exec", "-y", "pkg"], ("npm exec", 2, "pkg", None, False)),
        ("bunx", ["pkg"], ("bunx", 0, "pkg", None, False)),
        ("pnpm", ["dlx", "pkg"], ("pnpm dlx", 1, "pkg", None, False)),
        ("yarn", ["dlx", "pkg"], ("yarn dlx", 1, "pkg", None, False)),
        ("uvx", ["mcp-server-fetch"], ("uvx", 0, "mcp-server-fetch", None, False)),
        ("uvx", ["mcp-server-fetch==1.0"], ("uvx", 0, "mcp-server-fetch", "==1.0", True)),
        ("uvx", ["mcp-server-fetch@1.0"], ("uvx", 0, "mcp-server-fetch", "1.0", True)),
        ("uvx", ["pkg@latest"], ("uvx", 0, "pkg", "latest", False)),
        ("uvx", ["pkg[extra]>=1"], ("uvx", 0, "pkg", ">=1", False)),
        ("uvx", ["--python", "3.12", "pkg"], ("uvx", 2, "pkg", None, False)),
        ("uvx", ["--from", "pkg==2", "exe"], ("uvx", 1, "pkg", "==2", True)),
        ("uv", ["tool", "run", "pkg"], ("uv tool run", 2, "pkg", None, False)),
        ("pipx", ["run", "--spec", "pkg", "exe"], ("pipx run", 2, "pkg", None, False)),
        ("uvx", ["@scope/pkg"], ("uvx", 0, "@scope/pkg", None, False)),
        (
            "docker",
            ["run", "-i", "--rm", "-e", "TOKEN", "ghcr.io/github/github-mcp-server"],
            ("docker run", 5, "ghcr.io/github/github-mcp-server", None, False),
        ),
        (
            "docker",
            ["run", "--env=A=b", "-i", "mcp/x:1.2"],
            ("docker run", 3, "mcp/x", "1.2", True),
        ),
    ],
)
def test_package_arg(
    command: str, args: list[str], want: tuple[str, int, str, str | None, bool]
) -> None:
    found = package_arg(command, tuple(args))
    assert found is not None
    assert (found.runner, found.index, found.name, found.version, found.exact) == want


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("node", ["server.js"]),
        ("npx", []),
        ("npx", ["-y"]),
        ("npx", ["./local/dir"]),
        ("npx", ["github:user/repo"]),
        ("npx", ["-c", "echo hi"]),
        ("npx", ["https://example.com/pkg.tgz"]),
        ("uvx", ["git+https://github.com/a/b"]),
        ("uvx", ["--from", "git+https://github.com/a/b", "exe"]),
        ("uvx", ["./dist/pkg.whl"]),
        ("uvx", ["--from"]),
        ("docker", ["run", "-i"]),
        ("docker", ["ps"]),
        ("npm", ["install", "pkg"]),
        ("cmd", ["/c"]),
        ("", []),
    ],
)
def test_no_package_arg(command: str, args: list[str]) -> None:
    assert package_arg(command, tuple(args)) is None


def test_package_arg_copes_with_huge_arguments() -> None:
    assert package_arg("npx", ("-y", "a" * 100_000)) is not None
    assert package_arg("uvx", ("a b " * 30_000,)) is None
