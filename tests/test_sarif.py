"""`--output-format sarif` through the real command line, validated against the official SARIF
2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json, see its LICENSE note): driver rules with
helpUri, results with ruleIndex, 1-based regions and snippets, fixes, fingerprints that survive
lines moving, credentials masked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mcplint.rules import ALL_RULES, BY_NAME
from mcplint.text import TextEdit, apply_edits

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
SECRET = "sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa"
BROKEN = (
    '{\n  "mcpServers": {\n'
    '    "名前😀x": {"command": "npx", "args": ["-y", "p",], "env": {"OPENAI_API_KEY": "'
    + SECRET
    + '"}},\n    "a": {"command": "x"},\n    "a": {"command": "y"}\n  }\n}\n'
)


COMMAND = [sys.executable, "-m", "mcplint", "--ignore", "machine", "--output-format", "sarif"]


def sarif(tmp_path: Path, text: str, *extra: str) -> dict[str, Any]:
    (tmp_path / ".mcp.json").write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MCPLINT_OUTPUT_FORMAT"}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [*COMMAND, *extra, ".mcp.json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout
    document: dict[str, Any] = json.loads(proc.stdout)
    return document


def validate(document: dict[str, Any]) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = [e.message for e in jsonschema.Draft4Validator(SCHEMA).iter_errors(document)]
    assert errors == []


def test_the_schema_catches_an_invalid_log() -> None:
    # the validation is real: a result without a message is rejected
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]}
    assert list(jsonschema.Draft4Validator(SCHEMA).iter_errors(bad))


def test_valid_sarif_with_rules_results_regions_and_fixes(tmp_path: Path) -> None:
    document = sarif(tmp_path, BROKEN)
    validate(document)
    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mcplint" and driver["version"] and driver["informationUri"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in ALL_RULES]
    comma_rule = rules[[r["id"] for r in rules].index("MCP002")]
    assert comma_rule["name"] == "trailing-comma"
    assert comma_rule["helpUri"] == BY_NAME["trailing-comma"].url
    assert comma_rule["helpUri"].endswith("/docs/rules/trailing-comma.md")
    assert comma_rule["shortDescription"]["text"] == BY_NAME["trailing-comma"].summary
    assert "## Why is this bad?" in comma_rule["fullDescription"]["text"]
    assert comma_rule["defaultConfiguration"]["level"] == "error"
    assert run["columnKind"] == "unicodeCodePoints"

    results = run["results"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]
    [comma] = [r for r in results if r["ruleId"] == "MCP002"]
    assert comma["level"] == "error"
    location = comma["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == ".mcp.json"
    assert location["region"] == {
        "startLine": 3,
        "startColumn": 50,  # code points: the emoji is one column
        "endLine": 3,
        "endColumn": 51,
        "snippet": {"text": ","},
    }
    [fix] = comma["fixes"]
    [change] = fix["artifactChanges"]
    [replacement] = change["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 3, "startColumn": 50, "endLine": 3, "endColumn": 51},
        "insertedContent": {"text": ""},
    }
    lines = BROKEN.split("\n")
    offset = sum(len(line) + 1 for line in lines[:2]) + 49
    assert apply_edits(BROKEN, [TextEdit(offset, offset + 1, "")]) == BROKEN.replace(
        '"p",]', '"p"]'
    )

    [secret] = [r for r in results if r["ruleId"] == "MCP401"]
    snippet = secret["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    assert snippet.startswith('"sk-p****') and SECRET[6:] not in snippet
    context = secret["locations"][0]["physicalLocation"]["contextRegion"]
    assert context["startLine"] == 3 and SECRET[6:] not in context["snippet"]["text"]

    [dup] = [r for r in results if r["ruleId"] == "MCP009"]
    [related] = dup["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == 4


def test_fingerprints_survive_lines_moving(tmp_path: Path) -> None:
    def prints(text: str) -> dict[str, tuple[str, int]]:
        results = sarif(tmp_path, text)["runs"][0]["results"]
        return {
            r["partialFingerprints"]["mcplintFingerprint/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
        }

    before = prints(BROKEN)
    after = prints("\n\n" + BROKEN)
    assert set(before) == set(after) and len(before) == 4
    assert all(after[k] == (rule, line + 2) for k, (rule, line) in before.items())
    # a different finding gets a different fingerprint
    changed = prints(BROKEN.replace('"a"', '"b"'))
    assert len(set(changed) - set(before)) == 1


@pytest.mark.parametrize("extra", [[], ["--diff"], ["--select", "MCP0"]])
def test_valid_whatever_the_flags(tmp_path: Path, extra: list[str]) -> None:
    validate(sarif(tmp_path, BROKEN, *extra))


def test_valid_for_a_clean_and_an_unreadable_file(tmp_path: Path) -> None:
    clean = sarif(tmp_path, '{"mcpServers": {}}\n')
    validate(clean)
    assert clean["runs"][0]["results"] == []
    broken = sarif(tmp_path, "\x1b[31m{")
    validate(broken)
    assert broken["runs"][0]["results"][0]["ruleId"] == "MCP001"
