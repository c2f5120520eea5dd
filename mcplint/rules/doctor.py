"""The doctor's rules (RULES.md "Doctor"): `mcplint doctor` reports them from real probes of the
servers (`mcplint.doctor`); these check functions find nothing statically, like `rules/tool.py`.
They are rules so that every probe finding has a code, a doc and a place in every output format,
and `--select`/`--ignore` and `mcplint rule NAME` work for them."""

from __future__ import annotations

from collections.abc import Iterator

from mcplint.diagnostics import Severity
from mcplint.rules.base import Context, Finding, rule


@rule("MCP700", "server-start-failed", Severity.ERROR, tags=("doctor",))
def server_start_failed(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a stdio server whose process could not be started: the command is not on the PATH
    the client gives it (ENOENT, the PATH searched is named), it is not executable (EACCES), or
    it is not a program this machine runs (exec format error).

    ## Why is this bad?
    The client shows the server as failed, often with no more than "spawn ENOENT".

    ## Example
    ```json
    {"mcpServers": {"fs": {"command": "npx-typo", "args": ["-y", "server-filesystem"]}}}
    ```
    `mcplint doctor` reports: cannot start `npx-typo`: not found on the server's PATH (ENOENT);
    searched /usr/bin:/bin

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP701", "server-exited", Severity.ERROR, tags=("doctor",))
def server_exited(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a server that exited before answering `initialize`, with its exit code, the last
    lines of its stderr (secrets masked) and, when the stderr matches a known failure, its
    cause and fix.

    ## Why is this bad?
    The client only says "connection closed"; the reason is on the server's stderr, which the
    client hides.

    ## Example
    ```json
    {"mcpServers": {"db": {"command": "python3", "args": ["server.py"]}}}
    ```
    `mcplint doctor`: the server exited with code 1 before answering `initialize`; likely
    cause: a Python module the server imports is not installed ...

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP702", "server-timeout", Severity.ERROR, tags=("doctor",))
def server_timeout(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a server that is running but does not answer `initialize` within the timeout (the
    client's own by default, e.g. Claude Code's `MCP_TIMEOUT`, Codex's `startup_timeout_sec`).

    ## Why is this bad?
    The client gives up and marks the server failed; a first `npx`/`uvx` install, a server
    waiting for input (`npx` without `-y`) or one not in stdio mode are the usual causes.

    ## Example
    ```json
    {"mcpServers": {"web": {"command": "npx", "args": ["some-http-only-server"]}}}
    ```

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP703", "stdout-pollution", Severity.ERROR, tags=("doctor",))
def stdout_pollution(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports the first line a server prints on stdout that is not JSON-RPC (a banner, a log
    line), quoted.

    ## Why is this bad?
    Stdout is the transport: clients drop the connection (or fail to parse) on anything else.
    Logs belong on stderr.

    ## Example
    A server printing `Server started on stdio` on stdout before answering.

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP704", "protocol-mismatch", Severity.WARNING, tags=("doctor",))
def protocol_mismatch(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a server that answers `initialize` with a protocol version the client does not
    speak, or refuses the version offered.

    ## Why is this bad?
    The client disconnects right after the handshake ("Unsupported protocol version").

    ## Example
    A server answering `"protocolVersion": "2023-01-01"`.

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP705", "http-unreachable", Severity.ERROR, tags=("doctor",))
def http_unreachable(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a url server that cannot be reached: connection refused, DNS failure, a TLS problem
    or a proxy.

    ## Why is this bad?
    The client cannot connect; the cause is on the network side, not in the file's syntax.

    ## Example
    ```json
    {"mcpServers": {"api": {"type": "http", "url": "http://127.0.0.1:9/mcp"}}}
    ```

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP706", "http-status", Severity.ERROR, tags=("doctor",))
def http_status(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a url server that answers with an HTTP error status, explained: 401/403
    (credentials), 404 (wrong path), 405 (wrong transport).

    ## Why is this bad?
    The client reports a generic connection failure.

    ## Example
    ```json
    {"mcpServers": {"api": {"type": "http", "url": "https://example.com/sse"}}}
    ```

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP707", "port-in-use", Severity.ERROR, tags=("doctor",))
def port_in_use(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a server told to listen on a port (`--port N`, `PORT=N`, a loopback url) when that
    port is already taken, naming the owning process where the OS tells.

    ## Why is this bad?
    The server fails to start (`EADDRINUSE`), or the client talks to another instance.

    ## Example
    ```json
    {"mcpServers": {"bridge": {"command": "bridge", "args": ["--port", "8080"]}}}
    ```

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP708", "tool-name-too-long", Severity.WARNING, tags=("doctor",))
def tool_name_too_long(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a tool whose full name as the client builds it (`mcp__SERVER__TOOL` for Claude
    Code) is longer than the client allows, or has characters outside `[A-Za-z0-9_-]`.

    ## Why is this bad?
    The model API rejects the tool list, or the client drops or truncates the tool.

    ## Example
    A server `my-very-long-server-name` with a tool `get_all_the_repository_issues_for_user`.

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP709", "too-many-tools", Severity.WARNING, tags=("doctor",))
def too_many_tools(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a server with more tools than the client sends to the model (Cursor 40, Windsurf
    100, VS Code 128).

    ## Why is this bad?
    The client silently leaves out tools past its limit.

    ## Example
    A server with 60 tools in Cursor.

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP710", "slow-start", Severity.WARNING, tags=("doctor",))
def slow_start(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a server whose handshake worked but took more than half the client's timeout.

    ## Why is this bad?
    On a cold cache (a first `npx`/`uvx` install) the same start takes longer and times out.

    ## Example
    A server answering `initialize` after 20 s in Claude Code (30 s timeout).

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())


@rule("MCP711", "server-ok", Severity.INFO, tags=("doctor",))
def server_ok(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a server whose handshake worked: its name, version, protocol version, tool count
    and start-up time.

    ## Why is this bad?
    It is not: it confirms the server starts as the client would start it.

    ## Example
    `fs` (Claude Code): secure-filesystem-server 0.2.0 answered in 412 ms, protocol 2025-11-25,
    14 tools

    ## Fix safety
    No automatic fix: reported by `mcplint doctor` from a real start of the server.
    """
    return iter(())
