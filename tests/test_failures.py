"""One case per statically visible cause of FAILURES.md (sections A-H, J, K1, L): the reported
config on the client it concerns, at the client's real path, on the OS of the report; mcplint
must report the catalogue rule at the marked range with the catalogue's severity (and fix), and
the corrected config must get no error or warning at all (no false positive).

Not here (a launch probe or the live machine only can tell): B2, D2-D7 (partly), D9, D10, E3-E6,
F5, G3 (partly), H2 (network), H5-H9, H11, I*, J3, J5, K2-K4, L2, L4, M*; see the audit report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

import mcplint
from mcplint.diagnostics import Severity
from mcplint.env import EXECUTABLE, FakeEnvironment
from tests.rule_tester import NO_FIX, expect, unmark

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

MAC_HOME = "/Users/me"
LINUX_HOME = "/home/user"
WIN_HOME = "C:\\Users\\me"
DESKTOP = f"{MAC_HOME}/Library/Application Support/Claude/claude_desktop_config.json"
DESKTOP_WIN = f"{WIN_HOME}\\AppData\\Roaming\\Claude\\claude_desktop_config.json"
PROJ = f"{LINUX_HOME}/proj"
MCP_JSON = f"{PROJ}/.mcp.json"
CLAUDE_JSON = f"{LINUX_HOME}/.claude.json"
CC_SETTINGS = f"{PROJ}/.claude/settings.json"
CC_USER_SETTINGS = f"{LINUX_HOME}/.claude/settings.json"
CURSOR = f"{PROJ}/.cursor/mcp.json"
VSCODE = f"{PROJ}/.vscode/mcp.json"
WINDSURF = f"{LINUX_HOME}/.codeium/windsurf/mcp_config.json"
GEMINI = f"{PROJ}/.gemini/settings.json"
CODEX = f"{LINUX_HOME}/.codex/config.toml"
ZED = f"{LINUX_HOME}/.config/zed/settings.json"
CLINE = (
    f"{LINUX_HOME}/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/"
    "cline_mcp_settings.json"
)

TOOLS = ("npx", "node", "uvx", "uv", "docker", "python3", "gh", "pg")


def linux(**kw: object) -> FakeEnvironment:
    files: dict[str, object] = {f"/usr/bin/{t}": EXECUTABLE for t in TOOLS}
    files.update(kw.pop("files", {}))  # type: ignore[call-overload]
    environ = {"PATH": "/usr/bin:/bin", "HOME": LINUX_HOME}
    environ.update(kw.pop("environ", {}))  # type: ignore[call-overload]
    return FakeEnvironment(
        platform="linux",
        home=LINUX_HOME,
        cwd=PROJ,
        files=files,
        environ=environ,
        **kw,  # type: ignore[arg-type]
    )


def mac(**kw: object) -> FakeEnvironment:
    files: dict[str, object] = {f"/usr/bin/{t}": EXECUTABLE for t in TOOLS}
    files.update(kw.pop("files", {}))  # type: ignore[call-overload]
    environ = {"PATH": "/usr/bin:/bin", "HOME": MAC_HOME}
    environ.update(kw.pop("environ", {}))  # type: ignore[call-overload]
    return FakeEnvironment(
        platform="darwin",
        home=MAC_HOME,
        cwd=f"{MAC_HOME}/proj",
        files=files,
        environ=environ,  # type: ignore[arg-type]
    )


def windows(**kw: object) -> FakeEnvironment:
    node = "C:\\Program Files\\nodejs"
    files: dict[str, object] = {
        f"{node}\\npx.cmd": EXECUTABLE,
        f"{node}\\node.exe": EXECUTABLE,
        "C:\\Windows\\System32\\cmd.exe": EXECUTABLE,
    }
    files.update(kw.pop("files", {}))  # type: ignore[call-overload]
    environ = {
        "PATH": f"C:\\Windows\\System32;{node}",
        "PATHEXT": ".COM;.EXE;.BAT;.CMD",
        "USERPROFILE": WIN_HOME,
        "APPDATA": f"{WIN_HOME}\\AppData\\Roaming",
    }
    return FakeEnvironment(
        platform="win32",
        home=WIN_HOME,
        cwd=WIN_HOME,
        files=files,
        environ=environ,  # type: ignore[arg-type]
    )


@dataclass
class Case:
    id: str
    summary: str
    rule: str
    severity: Severity
    source: str  # the reported config, with the expected range(s) between « and »
    path: str
    good: str | None  # the corrected config: no error or warning at all
    env: FakeEnvironment = field(default_factory=linux)
    fixed: str | None = None  # the rule's fix applied (NO_FIX: none)
    unsafe: bool = False
    message: str | None = None

    def __str__(self) -> str:
        return self.id


CASES: list[Case] = []


def add(*cases: Case) -> None:
    CASES.extend(cases)


GOOD_CD = '{"mcpServers": {"ctx7": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}}}'
GOOD_CC = '{"mcpServers": {"ctx7": {"type": "http", "url": "https://mcp.context7.com/mcp"}}}'

# -- A. File syntax and encoding --------------------------------------------------------------
add(
    Case(
        "A1",
        "trailing comma pasted into a strict-JSON file (Claude Code)",
        "trailing-comma",
        E,
        '{"mcpServers": {"ctx7": {"type": "http", "url": "https://mcp.context7.com/mcp"«,»}}}',
        MCP_JSON,
        GOOD_CC,
        fixed=GOOD_CC,
    ),
    Case(
        "A1-comment",
        "a // comment in Claude Desktop's strict JSON",
        "comment-in-strict-json",
        E,
        '{\n  «// docs»\n  "mcpServers": {"ctx7": {"command": "npx", "args": ["-y", '
        '"@upstash/context7-mcp"]}}\n}',
        DESKTOP,
        GOOD_CD,
        env=mac(),
    ),
    Case(
        "A2",
        "a second whole document pasted after the first",
        "concatenated-documents",
        E,
        '{"mcpServers": {"a": {"command": "npx", "args": ["-y", "a"]}}}\n'
        '«{"mcpServers": {"b": {"command": "npx", "args": ["-y", "b"]}}}»',
        DESKTOP,
        '{"mcpServers": {"a": {"command": "npx", "args": ["-y", "a"]}, '
        '"b": {"command": "npx", "args": ["-y", "b"]}}}',
        env=mac(),
    ),
    Case(
        "A3",
        "single backslashes in a Windows path (invalid escape)",
        "invalid-escape",
        E,
        '{"mcpServers": {"git": {"command": "uvx", "args": ["mcp-server-git", "--repository", '
        '"c:«\\W»ork«\\p»roject"]}}}',
        DESKTOP_WIN,
        None,
        env=windows(),
    ),
    Case(
        "A3-tab",
        "c:\\temp parses as c:<TAB>emp: a valid but corrupted path",
        "suspicious-escape",
        W,
        '{"mcpServers": {"git": {"command": "uvx", "args": ["mcp-server-git", "--repository", '
        '"c:«\\t»emp\\\\project"]}}}',
        DESKTOP_WIN,
        None,
        env=windows(),
        fixed='{"mcpServers": {"git": {"command": "uvx", "args": ["mcp-server-git", '
        '"--repository", "c:\\\\temp\\\\project"]}}}',
    ),
    Case(
        "A5",
        "smart quotes copied from a web page",
        "smart-quotes",
        E,
        '{"mcpServers": {"browser-tools": {"command": «“»npx", "args": ["-y", "b"]}}}',
        CURSOR,
        None,
    ),
    Case(
        "A6",
        "a path quoted shell-style inside the JSON string",
        "quoted-argument",
        W,
        '{"mcpServers": {"revit": {"command": "node", "args": '
        '[«"\\"C:\\\\Users\\\\me\\\\OneDrive - Corp\\\\revit-mcp\\\\build\\\\index.js\\""»]}}}',
        DESKTOP_WIN,
        None,
        env=windows(),
        fixed='{"mcpServers": {"revit": {"command": "node", "args": '
        '["C:\\\\Users\\\\me\\\\OneDrive - Corp\\\\revit-mcp\\\\build\\\\index.js"]}}}',
    ),
    Case(
        "A7",
        "the same server name twice (hand-merged snippets)",
        "duplicate-key",
        E,
        '{"mcpServers": {"deepwiki": {"type": "http", "url": "https://mcp.deepwiki.com/mcp"}, '
        '«"deepwiki"»: {"command": "npx", "args": ["-y", "mcp-deepwiki"]}}}',
        MCP_JSON,
        '{"mcpServers": {"deepwiki": {"type": "http", "url": "https://mcp.deepwiki.com/mcp"}, '
        '"deepwiki-local": {"command": "npx", "args": ["-y", "mcp-deepwiki"]}}}',
        fixed=NO_FIX,
    ),
)
add(
    Case(
        "A4",
        "a UTF-8 BOM written by PowerShell: Claude Desktop's JSON.parse rejects it",
        "byte-order-mark",
        E,
        "«\ufeff»" + GOOD_CD,
        DESKTOP,
        GOOD_CD,
        env=mac(),
        fixed=GOOD_CD,
    ),
    Case(
        "A4-claude-code",
        "the same BOM in .mcp.json: Claude Code strips it (info)",
        "byte-order-mark",
        INFO,
        "«\ufeff»" + GOOD_CC,
        MCP_JSON,
        GOOD_CC,
        fixed=GOOD_CC,
    ),
)


def test_a4_utf16_file() -> None:
    """FAILURES.md A4: Notepad / PowerShell 5 `>` wrote UTF-16."""
    data = GOOD_CD.encode("utf-16")
    found = mcplint.lint_text(data, path=DESKTOP, env=mac())
    assert [(d.rule, d.severity, d.start.offset) for d in found] == [("invalid-encoding", E, 0)]
    fixed = mcplint.fix_text(data, path=DESKTOP, env=mac())
    assert fixed.text == GOOD_CD


# -- B. Wrong file, wrong key, wrong schema ---------------------------------------------------
add(
    Case(
        "B1",
        "mcpServers in ~/.claude/settings.json, which Claude Code ignores",
        "misplaced-servers",
        E,
        '{«"mcpServers"»: {"max": {"command": "node", "args": ["/home/user/max/index.js"]}}}',
        CC_USER_SETTINGS,
        '{"permissions": {"allow": []}}',
        fixed=NO_FIX,
    ),
    Case(
        "B3",
        "mcpServers in VS Code's mcp.json (wants servers)",
        "misplaced-servers",
        E,
        '{«"mcpServers"»: {"gh": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}}}',
        VSCODE,
        '{"servers": {"gh": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}}}',
    ),
    Case(
        "B3-desktop",
        "servers in Claude Desktop's config",
        "misplaced-servers",
        E,
        '{«"servers"»: {"ctx7": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}}}',
        DESKTOP,
        GOOD_CD,
        env=mac(),
    ),
    Case(
        "B4",
        "environment instead of env (silently dropped)",
        "unknown-key",
        W,
        '{"mcpServers": {"ctx": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"], '
        '«"environment"»: {"TIMEOUT_MS": "5000"}}}}',
        MCP_JSON,
        '{"mcpServers": {"ctx": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"], '
        '"env": {"TIMEOUT_MS": "5000"}}}}',
        fixed='{"mcpServers": {"ctx": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"], '
        '"env": {"TIMEOUT_MS": "5000"}}}}',
    ),
    Case(
        "B5",
        "a url server in Claude Desktop's stdio-only file",
        "unsupported-transport",
        E,
        '{"mcpServers": {"statamic": {"url": «"https://site.test/mcp"»}}}',
        DESKTOP,
        '{"mcpServers": {"statamic": {"command": "npx", "args": ["-y", "mcp-remote", '
        '"https://site.test/mcp"]}}}',
        env=mac(),
    ),
    Case(
        "B6",
        "type streamableHttp in Claude Code's .mcp.json",
        "schema",
        E,
        '{"mcpServers": {"chrome": {"type": «"streamableHttp"», '
        '"url": "http://127.0.0.1:12306/mcp"}}}',
        MCP_JSON,
        '{"mcpServers": {"chrome": {"type": "http", "url": "http://127.0.0.1:12306/mcp"}}}',
    ),
    Case(
        "B7",
        "an empty command",
        "schema",
        E,
        '{"mcpServers": {"x": {"command": «""»}}}',
        MCP_JSON,
        '{"mcpServers": {"x": {"type": "http", "url": "https://example.com/mcp"}}}',
    ),
)

# -- C. Shape of command / args / env ---------------------------------------------------------
add(
    Case(
        "C1",
        "the whole command line in command",
        "command-includes-arguments",
        E,
        '{"mcpServers": {"fetch": {"command": «"python3 -m mcp_server_fetch"»}}}',
        MCP_JSON,
        '{"mcpServers": {"fetch": {"command": "python3", "args": ["-m", "mcp_server_fetch"]}}}',
        fixed='{"mcpServers": {"fetch": {"command": "python3", "args": ["-m", '
        '"mcp_server_fetch"]}}}',
    ),
    Case(
        "C1-codex",
        "uvx mcp-server-fetch in Codex TOML",
        "command-includes-arguments",
        E,
        '[mcp_servers.fetch]\ncommand = «"uvx mcp-server-fetch"»\n',
        CODEX,
        '[mcp_servers.fetch]\ncommand = "uvx"\nargs = ["mcp-server-fetch"]\n',
        fixed='[mcp_servers.fetch]\ncommand = "uvx"\nargs = ["mcp-server-fetch"]\n',
    ),
    Case(
        "C2",
        "several arguments in one args element",
        "command-includes-arguments",
        E,
        '{"mcpServers": {"s": {"command": "npx", "args": [«"-y @upstash/context7-mcp"»]}}}',
        CURSOR,
        '{"mcpServers": {"s": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}}}',
        fixed='{"mcpServers": {"s": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}}}',
    ),
    Case(
        "C2-string",
        "args given as a string",
        "schema",
        E,
        '{"mcpServers": {"s": {"command": "gh", "args": «"serve --mcp"»}}}',
        MCP_JSON,
        '{"mcpServers": {"s": {"command": "gh", "args": ["serve", "--mcp"]}}}',
    ),
    Case(
        "C4",
        "env values that are not strings",
        "schema",
        E,
        '{"mcpServers": {"directus": {"command": "npx", "args": ["-y", "@directus/content-mcp"], '
        '"env": {"DISABLE_TOOLS": «["delete-item"]», "PORT": «3306»}}}}',
        DESKTOP,
        '{"mcpServers": {"directus": {"command": "npx", "args": ["-y", "@directus/content-mcp"], '
        '"env": {"DISABLE_TOOLS": "delete-item", "PORT": "3306"}}}}',
        env=mac(),
    ),
)

# -- D. Finding the executable -----------------------------------------------------------------
add(
    Case(
        "D1",
        "uvx only in ~/.local/bin: Claude Desktop on macOS (launchd PATH) cannot see it",
        "command-shell-only",
        W,
        '{"mcpServers": {"fetch": {"command": «"uvx"», "args": ["mcp-server-fetch"]}}}',
        DESKTOP,
        '{"mcpServers": {"fetch": {"command": "/Users/me/.local/bin/uvx", '
        '"args": ["mcp-server-fetch"]}}}',
        env=FakeEnvironment(
            platform="darwin",
            home=MAC_HOME,
            cwd=MAC_HOME,
            files={f"{MAC_HOME}/.local/bin/uvx": EXECUTABLE, "/usr/bin/true": EXECUTABLE},
            environ={"PATH": f"{MAC_HOME}/.local/bin:/usr/bin:/bin", "HOME": MAC_HOME},
        ),
    ),
    Case(
        "D4",
        "no uvx at all on the machine",
        "command-not-found",
        E,
        '{"mcpServers": {"fetch": {"command": «"uvx"», "args": ["mcp-server-fetch"]}}}',
        MCP_JSON,
        None,
        env=FakeEnvironment(
            platform="linux",
            home=LINUX_HOME,
            cwd=PROJ,
            files={"/usr/bin/node": EXECUTABLE},
            environ={"PATH": "/usr/bin:/bin"},
        ),
    ),
    Case(
        "D4-runner",
        "uvx mcp-remote: an npm package under a PyPI runner",
        "wrong-package-runner",
        E,
        '{"mcpServers": {"r": {"command": "uvx", "args": [«"mcp-remote"», '
        '"https://h.example/mcp"]}}}',
        MCP_JSON,
        '{"mcpServers": {"r": {"command": "npx", "args": ["-y", "mcp-remote", '
        '"https://h.example/mcp"]}}}',
    ),
    Case(
        "D5",
        "python where only python3 exists",
        "command-not-found",
        E,
        '{"mcpServers": {"istat": {"command": «"python"», "args": ["-m", "istat_mcp_server"]}}}',
        MCP_JSON,
        '{"mcpServers": {"istat": {"command": "python3", "args": ["-m", "istat_mcp_server"]}}}',
    ),
    Case(
        "D8",
        "a downloaded binary without the execute bit",
        "command-not-executable",
        E,
        '{"mcpServers": {"fs": {"command": «"/home/user/.flutter-skill/bin/flutter-skill"», '
        '"args": ["server"]}}}',
        MCP_JSON,
        None,
        env=linux(files={f"{LINUX_HOME}/.flutter-skill/bin/flutter-skill": b"\x7fELF"}),
    ),
)

# -- E. Windows --------------------------------------------------------------------------------
add(
    Case(
        "E1",
        "npx spawned directly by Claude Code on Windows",
        "windows-npx-needs-cmd",
        W,
        '{"mcpServers": {"context7": {"command": «"npx"», "args": ["-y", '
        '"@upstash/context7-mcp"]}}}',
        f"{WIN_HOME}\\proj\\.mcp.json",
        '{"mcpServers": {"context7": {"command": "cmd", "args": ["/c", "npx", "-y", '
        '"@upstash/context7-mcp"]}}}',
        env=windows(),
    ),
)

# -- F. Paths and working directory ------------------------------------------------------------
add(
    Case(
        "F1",
        "~ in an argument: no shell expands it",
        "unexpanded-path",
        E,
        '{"mcpServers": {"s": {"command": "uv", "args": ["run", «"~/mcp/server.py"»]}}}',
        DESKTOP,
        '{"mcpServers": {"s": {"command": "uv", "args": ["run", "/Users/me/mcp/server.py"]}}}',
        env=mac(files={f"{MAC_HOME}/mcp/server.py": "print()"}),
    ),
    Case(
        "F2",
        "Cursor's ${env:VAR} in Claude Code's .mcp.json",
        "unsupported-expansion",
        E,
        '{"mcpServers": {"oodle": {"type": "http", "url": "https://api.oodle.ai/mcp", '
        '"headers": {"X-API-KEY": «"${env:OODLE_KEY}"»}}}}',
        MCP_JSON,
        '{"mcpServers": {"oodle": {"type": "http", "url": "https://api.oodle.ai/mcp", '
        '"headers": {"X-API-KEY": "${OODLE_KEY}"}}}}',
        env=linux(environ={"OODLE_KEY": "k"}),
    ),
    Case(
        "F2-desktop",
        "${VAR} in Claude Desktop, which expands nothing",
        "unsupported-expansion",
        E,
        '{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"], '
        '"env": {"API_TOKEN": «"${API_TOKEN}"»}}}}',
        DESKTOP,
        GOOD_CD,
        env=mac(environ={"API_TOKEN": "x"}),
    ),
    Case(
        "F2-unset",
        "${VAR} in .mcp.json, VAR unset, no default",
        "env-var-unset",
        E,
        '{"mcpServers": {"api": {"type": "http", "url": "https://api.example.com/mcp", '
        '"headers": {"Authorization": "Bearer «${API_TOKEN}»"}}}}',
        MCP_JSON,
        '{"mcpServers": {"api": {"type": "http", "url": "https://api.example.com/mcp", '
        '"headers": {"Authorization": "Bearer ${API_TOKEN:-}"}}}}',
    ),
    Case(
        "F3",
        "a relative script path: the client's cwd is not the project",
        "relative-path",
        W,
        '{"mcpServers": {"s": {"command": "node", "args": [«"build/index.js"»]}}}',
        DESKTOP,
        '{"mcpServers": {"s": {"command": "node", "args": ["/Users/me/proj/build/index.js"]}}}',
        env=mac(files={f"{MAC_HOME}/proj/build/index.js": "x"}),
    ),
    Case(
        "F3-cmd",
        "a relative command",
        "relative-command",
        W,
        '{"mcpServers": {"s": {"command": «"./server.js"»}}}',
        DESKTOP,
        None,
        env=mac(),
    ),
    Case(
        "F4",
        "a script that was never built",
        "path-not-found",
        E,
        '{"mcpServers": {"rijks": {"command": "node", '
        '"args": [«"/Users/me/rijksmuseum-mcp/dist/index.js"»]}}}',
        DESKTOP,
        None,
        env=mac(),
        fixed=NO_FIX,
    ),
)

# -- G. Environment variables and secrets ------------------------------------------------------
add(
    Case(
        "G2",
        "a README placeholder left in env",
        "placeholder-value",
        E,
        '{"mcpServers": {"github": {"command": "docker", "args": ["run", "-i", "--rm", "-e", '
        '"GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"], '
        '"env": {"GITHUB_PERSONAL_ACCESS_TOKEN": «"<YOUR_TOKEN>"»}}}}',
        DESKTOP,
        None,
        env=mac(),
        fixed=NO_FIX,
    ),
    Case(
        "G2-path",
        "/ABSOLUTE/PATH/TO/PARENT/FOLDER left in args",
        "placeholder-value",
        E,
        '{"mcpServers": {"weather": {"command": "uv", "args": ["--directory", '
        '«"/ABSOLUTE/PATH/TO/PARENT/FOLDER/weather"», "run", "weather.py"]}}}',
        DESKTOP,
        None,
        env=mac(),
        fixed=NO_FIX,
    ),
    Case(
        "G4",
        "docker -e NAME with no NAME in env",
        "docker-env-not-passed",
        W,
        '{"mcpServers": {"github": {"command": "docker", "args": ["run", "-i", "--rm", "-e", '
        '«"GITHUB_PERSONAL_ACCESS_TOKEN"», "ghcr.io/github/github-mcp-server"]}}}',
        DESKTOP,
        None,
        env=mac(),
    ),
    Case(
        "G4-token",
        "a token pasted after -e instead of a name",
        "hardcoded-secret",
        E,
        '{"mcpServers": {"github": {"command": "docker", "args": ["run", "-i", "--rm", "-e", '
        '«"ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5"», "ghcr.io/github/github-mcp-server"]}}}',
        MCP_JSON,
        None,
    ),
)

# -- H. Package runners ------------------------------------------------------------------------
add(
    Case(
        "H1",
        "npx without -y",
        "npx-missing-yes",
        INFO,
        '{"mcpServers": {"bt": {"command": «"npx"», '
        '"args": ["@agentdeskai/browser-tools-mcp@1.2.0"]}}}',
        CURSOR,
        '{"mcpServers": {"bt": {"command": "npx", "args": ["-y", '
        '"@agentdeskai/browser-tools-mcp@1.2.0"]}}}',
        fixed='{"mcpServers": {"bt": {"command": "npx", "args": ["-y", '
        '"@agentdeskai/browser-tools-mcp@1.2.0"]}}}',
    ),
    Case(
        "H3",
        "npx @modelcontextprotocol/server-fetch: the fetch server is PyPI",
        "wrong-package-runner",
        E,
        '{"mcpServers": {"fetch": {"command": "npx", "args": ["-y", '
        '«"@modelcontextprotocol/server-fetch"»]}}}',
        MCP_JSON,
        '{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}}}',
    ),
    Case(
        "H3-npx",
        "npx mcp-server-fetch",
        "wrong-package-runner",
        E,
        '{"mcpServers": {"fetch": {"command": "npx", "args": ["-y", «"mcp-server-fetch"»]}}}',
        MCP_JSON,
        '{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}}}',
    ),
    Case(
        "H4",
        "the archived GitHub reference server",
        "deprecated-package",
        W,
        '{"mcpServers": {"github": {"command": "npx", "args": ["-y", '
        '«"@modelcontextprotocol/server-github"»]}}}',
        MCP_JSON,
        '{"mcpServers": {"github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}}}',
    ),
    Case(
        "H10",
        "docker run without -i",
        "docker-missing-interactive",
        E,
        '{"mcpServers": {"gitlab": {"command": «"docker"», "args": ["run", "--rm", '
        '"mcp/gitlab"]}}}',
        MCP_JSON,
        '{"mcpServers": {"gitlab": {"command": "docker", "args": ["run", "-i", "--rm", '
        '"mcp/gitlab"]}}}',
        fixed='{"mcpServers": {"gitlab": {"command": "docker", "args": ["run", "-i", "--rm", '
        '"mcp/gitlab"]}}}',
    ),
)

# -- J. Remote servers -------------------------------------------------------------------------
add(
    Case(
        "J2",
        "a url without a scheme",
        "invalid-url",
        E,
        '{"mcpServers": {"Bifrost": {"url": «"localhost:8008/sse"»}}}',
        CURSOR,
        '{"mcpServers": {"Bifrost": {"url": "http://localhost:8008/sse"}}}',
        fixed='{"mcpServers": {"Bifrost": {"url": "http://localhost:8008/sse"}}}',
        unsafe=True,
    ),
    Case(
        "J2-http",
        "clear-text http to a remote host",
        "insecure-url",
        W,
        '{"servers": {"x": {"type": "http", "url": «"http://mcp.example.com/mcp"»}}}',
        VSCODE,
        '{"servers": {"x": {"type": "http", "url": "https://mcp.example.com/mcp"}}}',
    ),
    Case(
        "J4",
        "a token in the url's query string",
        "secret-in-url",
        E,
        '{"mcpServers": {"x": {"url": «"https://mcp.example.com/mcp?api_key=a8F3kQ9zL2mX7pR4tV6w"»}}}',
        CURSOR,
        None,
        fixed=NO_FIX,
    ),
    Case(
        "J4-key",
        "authorization_token instead of headers",
        "unknown-key",
        W,
        '{"mcpServers": {"github-remote": {"url": "https://api.githubcopilot.com/mcp/", '
        '«"authorization_token"»: "Bearer ${GITHUB_TOKEN}"}}}',
        CURSOR,
        None,
    ),
    Case(
        "J6",
        "mcp-remote to plain http on a LAN host",
        "mcp-remote-allow-http",
        E,
        '{"mcpServers": {"1c": {"command": "npx", "args": ["-y", "mcp-remote", '
        '«"http://10.0.0.5:6003/mcp"»]}}}',
        DESKTOP,
        None,
        env=mac(),
        fixed='{"mcpServers": {"1c": {"command": "npx", "args": ["-y", "mcp-remote", '
        '"http://10.0.0.5:6003/mcp", "--allow-http"]}}}',
    ),
)

# -- K. Tool surface ---------------------------------------------------------------------------
add(
    Case(
        "K1",
        "a server name with a space",
        "invalid-server-name",
        W,
        '{"mcpServers": {«"Astro docs"»: {"type": "http", '
        '"url": "https://mcp.docs.astro.build/mcp"}}}',
        MCP_JSON,
        '{"mcpServers": {"astro-docs": {"type": "http", '
        '"url": "https://mcp.docs.astro.build/mcp"}}}',
    ),
    Case(
        "K1-codex",
        '[mcp_servers."Salesforce DX"] in Codex',
        "invalid-server-name",
        W,
        '[mcp_servers.«"Salesforce DX"»]\ncommand = "npx"\nargs = ["-y", "@salesforce/mcp"]\n',
        CODEX,
        '[mcp_servers.salesforce-dx]\ncommand = "npx"\nargs = ["-y", "@salesforce/mcp"]\n',
    ),
)


# -- the test ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_failure_report(case: Case) -> None:
    expect(
        case.rule,
        case.source,
        path=case.path,
        env=case.env,
        severity=case.severity,
        message=case.message,
        fixed=case.fixed,
        unsafe=case.unsafe,
    )
    # In a full run (every rule), too, the finding is there.
    text = unmark(case.source).text
    full = mcplint.lint_text(text, path=case.path, env=case.env)
    assert any(d.rule == case.rule for d in full), [d.rule for d in full]
    if case.good is not None:
        found = mcplint.lint_text(case.good, path=case.path, env=case.env)
        loud = [
            f"{d.rule} {d.start.line}:{d.start.column} {d.message}"
            for d in found
            if d.severity in (E, W)
        ]
        assert loud == [], loud


add(
    Case(
        "B3-codex",
        "[mcp.servers.x] in Codex's config.toml (ignored; wants [mcp_servers.x])",
        "misplaced-servers",
        E,
        '[«mcp».servers."mcp-obsidian"]\ncommand = "uvx"\nargs = ["mcp-obsidian"]\n',
        CODEX,
        '[mcp_servers.mcp-obsidian]\ncommand = "uvx"\nargs = ["mcp-obsidian"]\n',
        fixed=NO_FIX,
    ),
    Case(
        "C2-subcommand",
        "a runner's whole command line in args[0] (uv run --with ...)",
        "command-includes-arguments",
        E,
        '{"mcpServers": {"s": {"command": "uv", "args": '
        '[«"run --with mcp[cli] mcp run /home/user/server.py"»]}}}',
        MCP_JSON,
        '{"mcpServers": {"s": {"command": "uv", "args": '
        '["run", "--with", "mcp[cli]", "mcp", "run", "/home/user/server.py"]}}}',
        env=linux(files={f"{LINUX_HOME}/server.py": "x"}),
        fixed='{"mcpServers": {"s": {"command": "uv", "args": '
        '["run", "--with", "mcp[cli]", "mcp", "run", "/home/user/server.py"]}}}',
    ),
    Case(
        "C2-windows",
        "the same on Windows, backslashes kept in the split",
        "command-includes-arguments",
        E,
        '{"mcpServers": {"s": {"command": "uv", "args": '
        '[«"run --with mcp[cli] mcp run c:\\\\github\\\\server.py"»]}}}',
        DESKTOP_WIN,
        None,
        env=windows(),
        fixed='{"mcpServers": {"s": {"command": "uv", "args": '
        '["run", "--with", "mcp[cli]", "mcp", "run", "c:\\\\github\\\\server.py"]}}}',
    ),
    Case(
        "G2-name",
        "--api-key followed by the variable's name, not its value",
        "placeholder-value",
        E,
        '{"mcpServers": {"c": {"command": "npx", "args": ["-y", "@upstash/context7-mcp", '
        '"--api-key", «"CONTEXT7_API_KEY"»]}}}',
        MCP_JSON,
        '{"mcpServers": {"c": {"command": "npx", "args": ["-y", "@upstash/context7-mcp", '
        '"--api-key", "${CONTEXT7_API_KEY}"]}}}',
        env=linux(environ={"CONTEXT7_API_KEY": "k"}),
        fixed=NO_FIX,
    ),
    Case(
        "G2-env-name",
        "an env value that is its own key's name",
        "placeholder-value",
        E,
        '{"mcpServers": {"gh": {"command": "gh", "env": {"GITHUB_TOKEN": «"GITHUB_TOKEN"»}}}}',
        MCP_JSON,
        '{"mcpServers": {"gh": {"command": "gh", "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}',
        env=linux(environ={"GITHUB_TOKEN": "t"}),
    ),
)

add(
    Case(
        "H10-detach",
        "docker run -d: detached even with -i",
        "docker-missing-interactive",
        E,
        '{"mcpServers": {"fetch": {"command": «"docker"», "args": ["run", "-d", "-i", "--rm", '
        '"mcp/fetch"]}}}',
        MCP_JSON,
        '{"mcpServers": {"fetch": {"command": "docker", "args": ["run", "-i", "--rm", '
        '"mcp/fetch"]}}}',
        fixed='{"mcpServers": {"fetch": {"command": "docker", "args": ["run", "-i", "--rm", '
        '"mcp/fetch"]}}}',
        message="detached",
    ),
    Case(
        "H10-detach-group",
        "docker run -di: the group holds -d (detached); no fix for a group",
        "docker-missing-interactive",
        E,
        '{"mcpServers": {"fetch": {"command": «"docker"», "args": ["run", "-di", "mcp/fetch"]}}}',
        MCP_JSON,
        None,
        fixed=NO_FIX,
    ),
    Case(
        "H10-codex",
        "docker run without -i in Codex TOML",
        "docker-missing-interactive",
        E,
        '[mcp_servers.gitlab]\ncommand = «"docker"»\nargs = ["run", "--rm", "mcp/gitlab"]\n',
        CODEX,
        '[mcp_servers.gitlab]\ncommand = "docker"\nargs = ["run", "-i", "--rm", "mcp/gitlab"]\n',
        fixed='[mcp_servers.gitlab]\ncommand = "docker"\n'
        'args = ["run", "-i", "--rm", "mcp/gitlab"]\n',
    ),
)


# -- F2 per client: each client's own expansion syntax (issue 12 item 4) ------------------------
SET = {"API_TOKEN": "t"}


def _expansion_case(cid: str, path: str, key: str, bad: str, good: str, rule: str) -> Case:
    entry = '{{"{key}": {{"api": {{"command": "gh", "env": {{"API_TOKEN": {value}}}}}}}}}'
    return Case(
        cid,
        f"{bad} in {cid.split('-')[-1]}: {rule}",
        rule,
        E,
        entry.format(key=key, value="«" + json.dumps(bad) + "»"),
        path,
        entry.format(key=key, value=json.dumps(good)),
        env=linux(environ=SET),
    )


add(
    _expansion_case(
        "F2-vscode", VSCODE, "servers", "${API_TOKEN}", "${env:API_TOKEN}", "unsupported-expansion"
    ),
    _expansion_case(
        "F2-cursor",
        CURSOR,
        "mcpServers",
        "${API_TOKEN}",
        "${env:API_TOKEN}",
        "unsupported-expansion",
    ),
    _expansion_case(
        "F2-cline", CLINE, "mcpServers", "${API_TOKEN}", "${env:API_TOKEN}", "unsupported-expansion"
    ),
    _expansion_case(
        "F2-gemini", GEMINI, "mcpServers", "${env:API_TOKEN}", "$API_TOKEN", "unsupported-expansion"
    ),
    _expansion_case(
        "F2-claude-code",
        MCP_JSON,
        "mcpServers",
        "$API_TOKEN",
        "${API_TOKEN}",
        "unsupported-expansion",
    ),
    _expansion_case(
        "F2-claude-code-default",
        MCP_JSON,
        "mcpServers",
        "${env:API_TOKEN}",
        "${API_TOKEN:-none}",
        "unsupported-expansion",
    ),
    _expansion_case(
        "F2-windsurf",
        WINDSURF,
        "mcpServers",
        "${API_TOKEN}",
        "${env:API_TOKEN}",
        "unsupported-expansion",
    ),
    Case(
        "F2-codex",
        "${VAR} in Codex env (Codex expands nothing; env_vars forwards a variable)",
        "unsupported-expansion",
        E,
        '[mcp_servers.api]\ncommand = "gh"\nenv = { API_TOKEN = «"${API_TOKEN}"» }\n',
        CODEX,
        '[mcp_servers.api]\ncommand = "gh"\nenv_vars = ["API_TOKEN"]\n',
        env=linux(environ=SET),
    ),
    Case(
        "F2-zed",
        "${VAR} in Zed (no expansion found)",
        "unsupported-expansion",
        E,
        '{"context_servers": {"api": {"command": "gh", "args": [], '
        '"env": {"API_TOKEN": «"${API_TOKEN}"»}}}}',
        ZED,
        '{"context_servers": {"api": {"command": "gh", "args": []}}}',
        env=linux(environ=SET),
    ),
    Case(
        "F2-vscode-input",
        "${input:ID} naming no entry of inputs (typo)",
        "undefined-input",
        E,
        '{"servers": {"api": {"type": "http", "url": "https://api.example.com/mcp", '
        '"headers": {"Authorization": "Bearer «${input:tok}»"}}}, '
        '"inputs": [{"id": "token", "type": "promptString", "password": true, '
        '"description": "API token"}]}',
        VSCODE,
        '{"servers": {"api": {"type": "http", "url": "https://api.example.com/mcp", '
        '"headers": {"Authorization": "Bearer ${input:token}"}}}, '
        '"inputs": [{"id": "token", "type": "promptString", "password": true, '
        '"description": "API token"}]}',
        message="did you mean `token`?",
    ),
    Case(
        "F2-vscode-unset",
        "${env:VAR} unset: VS Code passes an empty value",
        "env-var-unset",
        E,
        '{"servers": {"api": {"command": "gh", "env": {"API_TOKEN": "«${env:API_TOKEN}»"}}}}',
        VSCODE,
        None,
    ),
)


def test_tilde_is_fine_where_the_client_expands_it() -> None:
    """VS Code expands `~` in command, args and cwd (CLIENTS-DETAIL.md)."""
    text = '{"servers": {"x": {"command": "node", "args": ["~/x.js"], "cwd": "~"}}}'
    env = linux(files={f"{LINUX_HOME}/x.js": "x"})
    found = mcplint.lint_text(text, path=VSCODE, env=env)
    assert [d.rule for d in found if d.severity in (E, W)] == []


def test_claude_desktop_url_is_an_unsupported_transport_not_an_unknown_key() -> None:
    for entry in (
        '{"url": "https://a.example/mcp", "headers": {"A": "b"}}',
        '{"type": "http", "url": "https://a.example/mcp"}',
    ):
        text = '{"mcpServers": {"x": ' + entry + "}}"
        rules = [d.rule for d in mcplint.lint_text(text, path=DESKTOP, env=mac())]
        assert "unsupported-transport" in rules and "unknown-key" not in rules, rules


# -- L. Client-side gating and scopes (Claude Code, several files) -----------------------------
PG = '{"mcpServers": {"postgres": {"command": "pg"}}}'

add(
    Case(
        "L1",
        "a .mcp.json server the user declined (disabledMcpjsonServers in ~/.claude.json)",
        "project-server-not-approved",
        INFO,
        '{"mcpServers": {«"postgres"»: {"command": "pg"}}}',
        MCP_JSON,
        None,
        env=linux(
            files={
                CLAUDE_JSON: '{"projects": {"/home/user/proj": '
                '{"disabledMcpjsonServers": ["postgres"]}}}'
            }
        ),
    ),
    Case(
        "L1-pending",
        "a server added to .mcp.json after the others were approved",
        "project-server-not-approved",
        INFO,
        '{"mcpServers": {"github": {"command": "gh"}, «"postgres"»: {"command": "pg"}}}',
        MCP_JSON,
        None,
        env=linux(
            files={
                CLAUDE_JSON: '{"projects": {"/home/user/proj": '
                '{"enabledMcpjsonServers": ["github"]}}}'
            }
        ),
    ),
    Case(
        "L1-ref",
        "enabledMcpjsonServers naming no server (typo)",
        "unknown-server-reference",
        W,
        '{"enabledMcpjsonServers": [«"postgress"»]}',
        CC_SETTINGS,
        '{"enabledMcpjsonServers": ["postgres"]}',
        env=linux(files={MCP_JSON: PG}),
    ),
    Case(
        "L3",
        "the same name in user scope (~/.claude.json) and project scope (.mcp.json)",
        "shadowed-server",
        INFO,
        '{"mcpServers": {«"postgres"»: {"command": "pg"}}, "projects": {"/home/user/proj": {}}}',
        CLAUDE_JSON,
        None,
        env=linux(files={MCP_JSON: PG}),
        fixed=NO_FIX,
    ),
)


# -- What bad input gets (issue 12): a finding or nothing, never a traceback, and a short message


BIG = "a" * 100_000
BAD_ENTRIES = [
    '{"command": 42, "args": "serve"}',
    '{"command": "gh", "env": {"A": {"b": 1}}}',
    '{"type": "http", "url": "http://a b c/ mcp"}',
    '{"command": "gh", "args": ["' + BIG + '"]}',
    '{"command": "' + BIG + '"}',
    '{"command": "' + BIG + ' x"}',
    '{"command": "gh", "args": ["~/' + BIG + '"]}',
    '{"command": "node", "args": ["/' + BIG + '.js"]}',
    '{"command": "gh", "env": {"A": "${' + "A" * 100_000 + '}"}}',
    '{"type": "http", "url": "https://' + BIG + '"}',
    '{"command": null, "args": null, "env": null, "url": null, "headers": null}',
    '["npx"]',
    '{"command": "docker", "args": ["run", "-e"]}',
    '{"command": "npx", "args": ["-y"]}',
    '{"command": "cmd", "args": ["/c"]}',
]
JSON_CLIENTS = [
    (DESKTOP, "mcpServers", mac),
    (DESKTOP_WIN, "mcpServers", windows),
    (MCP_JSON, "mcpServers", linux),
    (CURSOR, "mcpServers", linux),
    (VSCODE, "servers", linux),
    (WINDSURF, "mcpServers", linux),
    (GEMINI, "mcpServers", linux),
    (ZED, "context_servers", linux),
    (CLINE, "mcpServers", linux),
]


@pytest.mark.parametrize("entry", BAD_ENTRIES, ids=lambda e: e[:40])
def test_bad_input_never_raises(entry: str) -> None:
    for path, key, machine in JSON_CLIENTS:
        text = f'{{"{key}": {{"x": {entry}}}}}'
        found = mcplint.lint_text(text, path=path, env=machine())
        assert not [d for d in found if d.rule == "internal-error"], (path, found)
        assert all(len(d.message) <= 1000 for d in found), [(d.rule, len(d.message)) for d in found]


def test_bad_input_in_codex_toml_never_raises() -> None:
    for body in (
        'command = 1\nargs = "x"\nenv = 3\nurl = 4\n',
        f'command = "{BIG}"\n',
        f'command = "gh"\nargs = ["~/{BIG}"]\n',
        'command = "docker"\nargs = ["run", "-d"]\n',
    ):
        found = mcplint.lint_text(f"[mcp_servers.x]\n{body}", path=CODEX, env=linux())
        assert not [d for d in found if d.rule == "internal-error"], found
        assert all(len(d.message) <= 1000 for d in found)
