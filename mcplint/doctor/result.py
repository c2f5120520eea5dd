"""What one probe of one server found (shared by the stdio and http/sse probes)."""

from __future__ import annotations

from dataclasses import dataclass, field

# The protocol revisions mcplint knows, newest first.
PROTOCOL_VERSIONS: tuple[str, ...] = ("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")
LATEST_PROTOCOL_VERSION = PROTOCOL_VERSIONS[0]


@dataclass
class ProbeResult:
    """One server's probe: `outcome` is the name of a doctor rule (RULES.md's doctor table:
    "server-ok", "http-unreachable", "http-status", "port-in-use", ...)."""

    server: str
    transport: str  # "stdio", "http", "sse"
    outcome: str
    message: str
    elapsed_ms: int | None = None
    protocol_version: str | None = None
    server_name: str | None = None
    server_version: str | None = None
    tools: tuple[str, ...] = ()
    details: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == "server-ok"
