"""Client CLI versions: fake executables (scripts) on a temporary PATH, real processes."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from mcplint.env import Environment, FakeEnvironment
from mcplint.versions import installed_versions, load_features, parse_version, version_findings


def script(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text("#!/bin/sh\n" + body + "\n")
    p.chmod(0o755)


def test_versions_of_installed_clis_only(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    script(bin_dir, "claude", 'echo "2.1.150 (Claude Code)"')
    script(bin_dir, "code", "printf '1.104.0\\nabcdef\\nx64\\n'")
    env = Environment(home=str(tmp_path), environ={"PATH": str(bin_dir)})
    found = {v.client: v for v in installed_versions(env)}
    assert set(found) == {"claude-code", "vscode"}  # codex and gemini are not installed
    assert found["claude-code"].version == "2.1.150"
    assert found["vscode"].version == "1.104.0" and found["vscode"].command == "code"


def test_features_the_installed_version_predates(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    script(bin_dir, "claude", 'echo "2.1.190 (Claude Code)"')
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(
        json.dumps({"disableClaudeAiConnectors": True, "allowClaudeInChromeWithManagedMcp": True})
    )
    env = Environment(home=str(tmp_path), cwd=str(tmp_path), environ={"PATH": str(bin_dir)})
    findings = version_findings(env)
    assert [(f.feature, f.since) for f in findings] == [
        ("allowClaudeInChromeWithManagedMcp", "2.1.282")
    ]
    # 2.1.182 introduced disableClaudeAiConnectors: 2.1.190 has it, so it is not reported
    assert "claude 2.1.190 predates allowClaudeInChromeWithManagedMcp" in findings[0].message
    assert findings[0].path == str(settings)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_run_version_times_out_and_leaves_no_process(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    pid_file = tmp_path / "child.pid"
    script(bin_dir, "gemini", f"/bin/sleep 30 & echo $! > {pid_file}; /bin/sleep 30")
    env = Environment(environ={"PATH": str(bin_dir)})
    start = time.monotonic()
    assert env.run([str(bin_dir / "gemini"), "--version"], timeout=0.5) is None
    assert time.monotonic() - start < 5
    if sys.platform == "linux":
        assert not _alive(int(pid_file.read_text()))  # the grandchild was ended too
    assert FakeEnvironment(files={"/usr/bin/claude": "executable"}).run_version("claude") is None


def test_protocol_support_table_and_version_parsing() -> None:
    data = load_features()
    assert data.commands == {
        "claude-code": "claude",
        "codex": "codex",
        "gemini": "gemini",
        "vscode": "code",
    }
    assert all(f.since and f.source for f in data.features)
    assert parse_version("codex-cli 0.154.0") == "0.154.0"
    assert parse_version("no version here") is None


def test_mcplint_doctor_says_which_features_the_installed_client_predates(tmp_path: Path) -> None:
    """`mcplint doctor` reports the installed CLI's version findings beside the probes."""
    import io

    from mcplint.cli import main

    bin_dir = tmp_path / "bin"
    script(bin_dir, "claude", 'echo "2.1.190 (Claude Code)"')
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({"allowClaudeInChromeWithManagedMcp": True}))
    env = Environment(home=str(tmp_path), cwd=str(tmp_path), environ={"PATH": str(bin_dir)})
    out, err = io.StringIO(), io.StringIO()
    main(["doctor", "--output-format", "json", str(settings)], out, err, env=env)
    notes = [n["message"] for n in json.loads(out.getvalue())["notes"]]
    assert any("predates allowClaudeInChromeWithManagedMcp" in n for n in notes), notes
