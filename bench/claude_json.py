"""A realistic, large `~/.claude.json`: the file Claude Code keeps per user, which grows with
every project opened (history, per-project servers, settings)."""

from __future__ import annotations

import json
import random
from typing import Any


def server(i: int) -> dict[str, Any]:
    return {
        "type": "stdio",
        "command": "npx",
        "args": ["-y", f"@example/mcp-server-{i}", "--stdio"],
        "env": {"API_KEY": "${EXAMPLE_API_KEY}", "LOG_LEVEL": "info"},
    }


def make(projects: int = 2000, user_servers: int = 20, seed: int = 1) -> str:
    rnd = random.Random(seed)
    words = [
        "fix",
        "the",
        "failing",
        "test",
        "add",
        "a",
        "feature",
        "refactor",
        "the",
        "parser",
        "update",
        "docs",
        "build",
        "deploy",
        "why",
        "does",
        "the",
        "server",
        "not",
        "start",
        "explain",
        "this",
        "error",
        "write",
        "a",
        "migration",
        "review",
        "my",
        "diff",
    ]
    doc: dict[str, Any] = {
        "numStartups": 412,
        "installMethod": "native",
        "autoUpdates": True,
        "theme": "dark",
        "tipsHistory": {f"tip-{i}": i for i in range(40)},
        "mcpServers": {f"user-server-{i}": server(i) for i in range(user_servers)},
        "projects": {},
    }
    for p in range(projects):
        history = [
            {
                "display": " ".join(rnd.choice(words) for _ in range(rnd.randint(5, 60))),
                "pastedContents": {},
            }
            for _ in range(rnd.randint(3, 13))
        ]
        doc["projects"][f"/home/user/src/project-{p}"] = {
            "allowedTools": ["Bash(git status)", "Read"],
            "history": history,
            "mcpContextUris": [],
            "mcpServers": {f"p{p}-s{j}": server(j) for j in range(rnd.randint(0, 2))},
            "enabledMcpjsonServers": [],
            "disabledMcpjsonServers": [],
            "hasTrustDialogAccepted": True,
            "projectOnboardingSeenCount": 1,
            "lastCost": 0.1234,
            "lastAPIDuration": 12345,
            "lastDuration": 67890,
            "lastSessionId": f"0b7c8f1e-1111-2222-3333-{p:012d}",
        }
    return json.dumps(doc, indent=2)
