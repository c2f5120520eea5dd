"""Secrets are never printed (issue 12, item 7).

Known credentials of each kind are written into a config and run through every output path the
CLI offers: each `--output-format` of the output registry, plain lint, `--diff` (with and without
unsafe fixes, whose diff lines hold the replaced token), `--fix` and its summaries,
`--statistics`, standard input (`-` with `--stdin-filename`). None may appear whole on stdout or
stderr. (`--fix -` prints the fixed file itself on stdout, by design: not an output of findings.)

The masking lives in the outputs (h-output: `mcplint/output/sanitize.py`); until that branch is
merged this test is skipped.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcplint.cli import main
from mcplint.env import Environment

REPO = Path(__file__).resolve().parents[1]

pytest.importorskip("mcplint.output.sanitize", reason="the masking outputs are not merged yet")

# Made-up credentials, one of each kind (never real).
SECRETS = {
    "github classic": "ghp_" + "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8",
    "github fine-grained": "github_pat_"
    + "11AAAAAAA0bCdEfGhIjKlMn_OpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrSt",
    "openai": "sk-proj-" + "Lm4Nb5Vc6Xz7As8Dq9Wr0Et1Yu2Io3Pa",
    "anthropic": "sk-ant-api03-" + "Zq1Xw2Ce3Vr4Bt5Ny6Mu7Ki8Lo9Pa0Sd",
    "slack": "xoxb-" + "2345678901-1098765432-ZyXwVuTsRqPoNmLk",
    "aws": "AKIA" + "Z7Y6X5W4V3U2T1S0",
    "google": "AIza" + "SyZ9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtY3BsaW50In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg",
    "dsn password": "Pg7pAss9Word2Xy",
    "query token": "Qt5kEn8Val3Zz9Yy",
    "docker -e": "Dk3rT0k3nV4lu3Qx",
    "bearer": "Br9Xy7Zw5Vu3Ts1Rq",
}


def config() -> str:
    s = SECRETS
    servers = {
        "github": {
            "command": "npx",
            "args": ["-y", "@github/mcp"],
            "env": {
                "GITHUB_TOKEN": s["github classic"],
                "GITHUB_PAT": s["github fine-grained"],
                "OPENAI_API_KEY": s["openai"],
                "ANTHROPIC_API_KEY": s["anthropic"],
                "SLACK_BOT_TOKEN": s["slack"],
                "AWS_ACCESS_KEY_ID": s["aws"],
                "GOOGLE_API_KEY": s["google"],
                "SESSION": s["jwt"],
            },
        },
        "db": {
            "command": "npx",
            "args": ["-y", "pg-mcp", f"postgresql://admin:{s['dsn password']}@db.example.com/app"],
        },
        "docker": {
            "command": "docker",
            "args": ["run", "-i", "--rm", "-e", f"API_TOKEN={s['docker -e']}", "img"],
        },
        "remote": {
            "type": "http",
            "url": f"https://mcp.example.com/mcp?token={s['query token']}",
            "headers": {"Authorization": f"Bearer {s['bearer']}"},
        },
    }
    text = json.dumps({"mcpServers": servers}, indent=2)
    # a trailing comma on a line beside tokens, so that fixes and diffs touch their lines
    return text.replace(f'"{s["jwt"]}"\n', f'"{s["jwt"]}",\n')


def formats() -> list[str]:
    from mcplint.output import FORMATS

    return sorted(FORMATS)


MODES = [
    [],
    ["--diff"],
    ["--diff", "--unsafe-fixes"],
    ["--fix"],
    ["--fix", "--unsafe-fixes"],
    ["--statistics"],
    ["--select", "ALL"],
    ["-q"],
]


def leaked(text: str) -> list[str]:
    return [kind for kind, value in SECRETS.items() if value in text]


def run(argv: list[str], tmp_path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(cwd=str(tmp_path), home=str(tmp_path / "home"), environ={})
    main(argv, stdout=out, stderr=err, env=env)
    return out.getvalue(), err.getvalue()


def run_process(argv: list[str], tmp_path: Path, stdin: bytes) -> tuple[str, str]:
    """`mcplint ARGV < stdin` as a real process (standard input is a real pipe)."""
    environ = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "mcplint", *argv],
        input=stdin,
        capture_output=True,
        cwd=tmp_path,
        env=environ,
        timeout=120,
    )
    return done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def test_the_config_holds_every_secret() -> None:
    text = config()
    assert leaked(text) == list(SECRETS)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "lint")
@pytest.mark.parametrize("fmt", formats())
def test_no_output_path_prints_a_secret(tmp_path: Path, fmt: str, mode: list[str]) -> None:
    path = tmp_path / ".mcp.json"
    path.write_text(config())
    out, err = run(["--output-format", fmt, *mode, str(path)], tmp_path)
    assert out or err
    assert leaked(out) == [], out
    assert leaked(err) == [], err


@pytest.mark.parametrize("mode", [[], ["--diff", "--unsafe-fixes"]])
@pytest.mark.parametrize("fmt", formats())
def test_standard_input(tmp_path: Path, fmt: str, mode: list[str]) -> None:
    argv = ["--output-format", fmt, *mode, "--stdin-filename", ".mcp.json", "-"]
    out, err = run_process(argv, tmp_path, config().encode())
    assert out or err
    assert leaked(out) == [], out
    assert leaked(err) == [], err


def test_the_rules_report_every_secret(tmp_path: Path) -> None:
    """The outputs had something to mask: each credential is a finding of a security rule."""
    path = tmp_path / ".mcp.json"
    path.write_text(config())
    out, _ = run(["--output-format", "json", str(path)], tmp_path)
    document = json.loads(out)
    items = document["diagnostics"] if isinstance(document, dict) else document
    rules = [d["rule"] for d in items]
    assert rules.count("hardcoded-secret") == 10
    assert rules.count("secret-in-url") == 2
