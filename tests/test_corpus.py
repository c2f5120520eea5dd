"""The real-world corpus in ../shared/corpus: mcplint never crashes on it, and its findings are
exactly the reviewed snapshot in tests/data/corpus_findings.txt.

Each file is linted as it would be found: under its original path in its repository (MANIFEST.tsv
`path`, e.g. `.cursor/mcp.json`), not under the flattened corpus name, so that detection sees the
real file name. Nothing reads the disk: the path is only used for detection and messages.

Every finding in the snapshot was reviewed by hand (tests/data/corpus_review.md). When the
findings change, look at each difference, then rewrite the snapshot with
`MCPLINT_UPDATE_SNAPSHOT=1 python -m pytest tests/test_corpus.py` and update the review.
Skipped when the corpus is absent.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
from pathlib import Path

import pytest

from mcplint.engine import INTERNAL_ERROR, Options, check_bytes
from mcplint.env import FakeEnvironment

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SNAPSHOT = Path(__file__).resolve().parent / "data" / "corpus_findings.txt"
UPDATE_VAR = "MCPLINT_UPDATE_SNAPSHOT"

# The corpus folders of config files (schemastore_* and external_schema hold schemas and their
# tests, not config files as found).
KIND_FOLDERS = (
    "claude_code_mcp_json",
    "claude_desktop",
    "cursor_mcp",
    "vscode_mcp",
    "generic_mcp_json",
    "claude_code_settings",
    "other_clients",
)

# A Linux user whose home holds the repositories' dotfiles: a relative original path such as
# `.config/zed/settings.json` is where the client looks for it on this machine.
HOME = "/home/user"
ENV = FakeEnvironment(platform="linux", home=HOME, cwd=HOME)

# (repo, folder) of corpus `.mcp.json` files that sit next to `.claude-plugin/plugin.json` in
# their repository (checked with the search tool's find_files): a Claude Code plugin's root.
# The corpus holds only the config files, so the manifest is put in the fake machine.
PLUGIN_ROOTS = frozenset(
    {
        ("0cars0903/harness-engineering", ""),
        ("0h-n0/auto-research", ""),
        ("0labs-in/vision-link", ""),
        ("0reo/cursor-agent-mcp", ""),
        ("AgiFlow/ai-plugin", ""),
        ("ChromeDevTools/chrome-devtools-mcp", ""),
        ("eyaltoledano/claude-task-master", "packages/claude-code-plugin/"),
        ("getsentry/sentry-mcp", "plugins/sentry-mcp-experimental/"),
        ("getsentry/sentry-mcp", "plugins/sentry-mcp/"),
        ("upstash/context7", ""),
        ("upstash/context7", "plugins/claude/context7/"),
        ("upstash/context7", "plugins/context7/"),
    }
)


def environment(row: dict[str, str]) -> FakeEnvironment:
    """The machine the file is found on: ENV, plus a plugin manifest beside a plugin's file."""
    folder, _, name = row["path"].rpartition("/")
    folder = f"{folder}/" if folder else ""
    if name == ".mcp.json" and (row["repo"], folder) in PLUGIN_ROOTS:
        manifest = f"{HOME}/{folder}.claude-plugin/plugin.json"
        return FakeEnvironment(platform="linux", home=HOME, cwd=HOME, files={manifest: "{}"})
    return ENV


# Token shapes of the corpus's (redacted, still real-looking) secrets: no message may print one.
SECRET_LIKE = re.compile(
    r"(ghp_|github_pat_|sk-|sbp_|AKIA|AIza|xox[abprs]-|ctx7sk-|eyJ)[A-Za-z0-9_\-]{12,}"
)

HEADER = (
    "# mcplint findings on ../shared/corpus (tests/test_corpus.py), one per line:\n"
    "# saved_file<TAB>line:col<TAB>rule<TAB>severity<TAB>message, sorted by file and position\n"
    "# Every line was reviewed by hand: tests/data/corpus_review.md.\n"
    f"# Regenerate: {UPDATE_VAR}=1 python -m pytest tests/test_corpus.py\n"
)


def corpus_rows() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if r["kind"].partition(":")[0] in KIND_FOLDERS]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def corpus_findings() -> tuple[list[str], list[str]]:
    """(snapshot lines, crashes) for the whole corpus; lines sorted by file, then position."""
    found: list[tuple[str, int, int, str, str]] = []
    crashes: list[str] = []
    for row in corpus_rows():
        saved = row["saved_file"]
        data = (CORPUS / saved).read_bytes()
        try:
            result = check_bytes(data, row["path"], environment(row), Options(ignore=("machine",)))
        except Exception as exc:  # reported all together below
            crashes.append(f"{saved}: {type(exc).__name__}: {exc}")
            continue
        for d in result.diagnostics:
            if d.rule == INTERNAL_ERROR:
                crashes.append(f"{saved}: {d.message}")
            tail = f"{d.rule}\t{d.severity}\t{_one_line(d.message)}"
            found.append((saved, d.start.line, d.start.column, d.rule, tail))
    lines = [f"{saved}\t{line}:{col}\t{tail}" for saved, line, col, _, tail in sorted(found)]
    return lines, crashes


def skip_without_corpus() -> None:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"shared corpus not found at {CORPUS}")


def read_snapshot() -> list[str]:
    if not SNAPSHOT.is_file():
        return []
    text = SNAPSHOT.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_corpus_is_there() -> None:
    skip_without_corpus()
    rows = corpus_rows()
    assert len(rows) > 400
    missing = [r["saved_file"] for r in rows if not (CORPUS / r["saved_file"]).is_file()]
    assert missing == []


def test_corpus_findings_match_the_reviewed_snapshot() -> None:
    skip_without_corpus()
    found, crashes = corpus_findings()
    assert crashes == [], "mcplint crashed on corpus files:\n" + "\n".join(crashes)
    leaks = [line for line in found if SECRET_LIKE.search(line.split("\t", 4)[-1])]
    assert leaks == [], "messages that print a secret:\n" + "\n".join(leaks)
    if os.environ.get(UPDATE_VAR) == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(HEADER + "".join(f"{line}\n" for line in found), encoding="utf-8")
        return
    expected = read_snapshot()
    if found != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected, found, "tests/data/corpus_findings.txt", "now", lineterm="", n=0
            )
        )
        pytest.fail(
            f"the findings on the corpus changed (review each line, then rerun with "
            f"{UPDATE_VAR}=1 and update tests/data/corpus_review.md):\n{diff}",
            pytrace=False,
        )
