"""What a `mcplint FILE` run on a valid file imports: a new import on the cold path shows up
here as a changed list (issue 15: nothing imported at start-up that the run does not use)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# mcplint's own modules a lint of a valid `.mcp.json` needs (rules are all imported: the
# registry lists them). A change here is a deliberate one: update the list.
EXPECTED_MCPLINT = {
    "mcplint",
    "mcplint._validators",
    "mcplint.cli",
    "mcplint.config",  # the configuration files of the linted file's folders
    "mcplint.suppress",  # inline suppressions
    "mcplint.rules.doctor",  # the registry gathers every rule module
    "mcplint.clients",
    "mcplint.clients.base",
    "mcplint.clients.claude_code",
    "mcplint.clients.claude_desktop",
    "mcplint.clients.cline",
    "mcplint.clients.codex",
    "mcplint.clients.cursor",
    "mcplint.clients.detect",
    "mcplint.clients.gemini",
    "mcplint.clients.roots",
    "mcplint.clients.vscode",
    "mcplint.clients.windsurf",
    "mcplint.clients.zed",
    "mcplint.diagnostics",
    "mcplint.edits",
    "mcplint.engine",
    "mcplint.env",
    "mcplint.launch",
    "mcplint.output",
    "mcplint.output.diff",
    "mcplint.output.options",
    "mcplint.output.sanitize",
    "mcplint.output.text",
    "mcplint.packages",
    "mcplint.parser",
    "mcplint.pathmodel",
    "mcplint.rules",
    "mcplint.rules.base",
    "mcplint.rules.command",
    "mcplint.rules.crossfile",
    "mcplint.rules.machine",
    "mcplint.rules.packages",
    "mcplint.rules.paths",
    "mcplint.rules.schema",
    "mcplint.rules.security",
    "mcplint.rules.structure",
    "mcplint.rules.syntax",
    "mcplint.rules.tool",
    "mcplint.rules.transport",
    "mcplint.runner",
    "mcplint.schemas",  # the schema files' package (a source checkout or an install)
    "mcplint.scopes",
    "mcplint.secrets",
    "mcplint.servers",
    "mcplint.shellwords",
    "mcplint.source",
    "mcplint.text",
    "mcplint.tree",
    "mcplint.validation",
}
# Imported only when a run needs them: an invalid file (jsonschema words its errors), a
# `uvx`/`pipx` requirement or a version range (packaging), a suggestion or a diff (difflib),
# TOML (tomllib), the cache folder (platformdirs).
NEVER_ON_THE_COLD_PATH = {
    "jsonschema",
    "referencing",
    "rpds",
    "attrs",
    "attr",
    "packaging",
    "difflib",
    "importlib.resources",
    "tomllib",
    "json5",
    "hypothesis",
    "tempfile",
    "uuid",
    "mcplint.tomlparse",
    "mcplint.writer",
}

PROBE = """
import io, json, sys
from mcplint.cli import main
out, err = io.StringIO(), io.StringIO()
code = main(sys.argv[1:], stdout=out, stderr=err)
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""

VALID = {
    "mcpServers": {
        "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]}
    }
}


def imported(tmp_path: Path, content: object, *args: str) -> tuple[int, set[str]]:
    config = tmp_path / ".mcp.json"
    config.write_text(json.dumps(content, indent=2) + "\n")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(config), "--ignore", "machine", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    report = json.loads(done.stdout)
    return report["code"], set(report["modules"])


def third_party(modules: set[str]) -> set[str]:
    tops = {m.split(".")[0] for m in modules}
    return {t for t in tops if t not in sys.stdlib_module_names and not t.startswith("_")}


def test_a_valid_file_imports_only_what_it_needs(tmp_path: Path) -> None:
    code, modules = imported(tmp_path, VALID, "--no-cache")
    assert code == 0
    assert {m for m in modules if m.split(".")[0] == "mcplint"} == EXPECTED_MCPLINT
    assert modules & NEVER_ON_THE_COLD_PATH == set()
    assert third_party(modules) <= {"mcplint", "sitecustomize", "usercustomize"} | {
        m for m in third_party(modules) if m.startswith("__editable__")
    }


def test_a_cache_hit_adds_only_the_cache(tmp_path: Path) -> None:
    imported(tmp_path, VALID, "--cache-dir", str(tmp_path / "c"))
    code, modules = imported(tmp_path, VALID, "--cache-dir", str(tmp_path / "c"))
    assert code == 0
    expected = (EXPECTED_MCPLINT - {"mcplint.schemas"}) | {"mcplint.cache"}  # nothing validated
    assert {m for m in modules if m.split(".")[0] == "mcplint"} == expected
    assert modules & NEVER_ON_THE_COLD_PATH == set()


@pytest.mark.parametrize(
    ("content", "module"),
    [
        ({"mcpServers": {"fs": {"command": "npx", "args": "-y pkg"}}}, "jsonschema"),
        ({"mcpServers": {"p": {"command": "uvx", "args": ["mcp-server-fetch==1.0"]}}}, "packaging"),
    ],
)
def test_what_is_left_off_is_imported_when_needed(
    tmp_path: Path, content: object, module: str
) -> None:
    code, modules = imported(tmp_path, content, "--no-cache")
    assert module in modules
    assert code in (0, 1)


def test_the_command_ends_without_teardown_but_with_all_its_output(tmp_path: Path) -> None:
    """`python -m mcplint` ends with `os._exit` after flushing: a long report reaches a file
    and a pipe whole, and the exit code is kept."""
    servers = {f"s{i}": {"command": "npx", "args": f"-y pkg{i}"} for i in range(300)}
    config = tmp_path / ".mcp.json"
    config.write_text(json.dumps({"mcpServers": servers}))
    argv = [sys.executable, "-m", "mcplint", str(config), "--no-cache", "--output-format", "json"]
    piped = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert piped.returncode == 1
    assert len(json.loads(piped.stdout)["diagnostics"]) >= 300
    target = tmp_path / "out.json"
    with target.open("w") as out:
        code = subprocess.run(argv, stdout=out, check=False, cwd=tmp_path).returncode
    assert code == 1 and json.loads(target.read_text()) == json.loads(piped.stdout)
