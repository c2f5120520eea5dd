"""The clients' MCP logs (`mcplint logs`, the guide's step 8): find them, and summarise the last
errors per server with timestamps, matched against known failure signatures.

Where the logs are (all through `Environment`):

* Claude Desktop: `mcp.log` and `mcp-server-NAME.log` in `~/Library/Logs/Claude` (macOS),
  `%APPDATA%\\Claude\\logs` (Windows), `~/.config/Claude/logs` (Linux builds);
  lines look like `2025-06-01T10:00:00.000Z [NAME] [error] message`.
* Claude Code: `mcp-logs-NAME/*` under `claude-cli-nodejs/<project>` in the cache folder
  (`~/Library/Caches`, `~/.cache`, `%LOCALAPPDATA%`): JSON arrays or lines of
  `{"error"|"debug": ..., "timestamp": ...}`; and `claude --debug` logs in `~/.claude/debug`.
* VS Code: `mcpServer*.log` (its MCP output channels) under `Code/logs/<session>/window*/`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from mcplint.env import Environment
from mcplint.secrets import redact

MAX_LOG_SIZE = 16 * 1024 * 1024
LAST_ERRORS = 3


@dataclass(frozen=True)
class LogFile:
    client: str
    path: str
    server: str | None  # when the file is one server's


@dataclass
class LogError:
    timestamp: str | None  # ISO 8601, UTC
    message: str  # secrets masked
    cause: str | None = None  # a known failure signature matched
    fix: str | None = None


@dataclass
class ServerErrors:
    client: str
    server: str
    count: int
    last: list[LogError]
    files: list[str] = field(default_factory=list)


@dataclass
class LogSummary:
    files: list[LogFile]
    servers: list[ServerErrors]
    skipped: list[str]


# -- where the logs are -------------------------------------------------------------------------


def log_files(env: Environment) -> list[LogFile]:
    """Every MCP log file of every client found on this machine."""
    found: list[LogFile] = []
    for folder in _claude_desktop_dirs(env):
        for name in env.listdir(folder):
            if name.startswith("mcp") and name.endswith(".log"):
                server = (
                    name[len("mcp-server-") : -len(".log")]
                    if name.startswith("mcp-server-")
                    else None
                )
                found.append(LogFile("claude-desktop", env.join(folder, name), server))
    for cache in _cache_dirs(env):
        base = env.join(cache, "claude-cli-nodejs")
        for project in env.listdir(base):
            pdir = env.join(base, project)
            for sub in env.listdir(pdir):
                if sub.startswith("mcp-logs-"):
                    sdir = env.join(pdir, sub)
                    for name in env.listdir(sdir):
                        found.append(
                            LogFile("claude-code", env.join(sdir, name), sub[len("mcp-logs-") :])
                        )
    debug = env.join(env.home, ".claude", "debug")
    for name in env.listdir(debug):
        if name.endswith((".txt", ".log")):
            found.append(LogFile("claude-code", env.join(debug, name), None))
    for logs in _vscode_log_dirs(env):
        for session in env.listdir(logs):
            sdir = env.join(logs, session)
            for window in env.listdir(sdir):
                if window.startswith("window"):
                    found.extend(_vscode_mcp_logs(env, env.join(sdir, window), 3))
    return [f for f in found if env.is_file(f.path)]


def _claude_desktop_dirs(env: Environment) -> list[str]:
    if env.platform == "darwin":
        return [env.join(env.home, "Library", "Logs", "Claude")]
    if env.platform == "win32":
        appdata = env.getenv("APPDATA") or env.join(env.home, "AppData", "Roaming")
        return [env.join(appdata, "Claude", "logs")]
    config = env.getenv("XDG_CONFIG_HOME") or env.join(env.home, ".config")
    return [env.join(config, "Claude", "logs")]


def _cache_dirs(env: Environment) -> list[str]:
    if env.platform == "darwin":
        return [env.join(env.home, "Library", "Caches")]
    if env.platform == "win32":
        local = env.getenv("LOCALAPPDATA") or env.join(env.home, "AppData", "Local")
        return [local]
    return [env.getenv("XDG_CACHE_HOME") or env.join(env.home, ".cache")]


def _vscode_log_dirs(env: Environment) -> list[str]:
    names = ("Code", "Code - Insiders")
    if env.platform == "darwin":
        base = env.join(env.home, "Library", "Application Support")
    elif env.platform == "win32":
        base = env.getenv("APPDATA") or env.join(env.home, "AppData", "Roaming")
    else:
        base = env.getenv("XDG_CONFIG_HOME") or env.join(env.home, ".config")
    return [env.join(base, n, "logs") for n in names]


def _vscode_mcp_logs(env: Environment, folder: str, depth: int) -> list[LogFile]:
    out: list[LogFile] = []
    for name in env.listdir(folder):
        p = env.join(folder, name)
        if name.startswith("mcpServer") and name.endswith(".log"):
            # mcpServer.mcp.config.usrlocal.NAME.log: the server's name is the last part
            stem = name[: -len(".log")]
            out.append(LogFile("vscode", p, stem.rsplit(".", 1)[-1] if "." in stem else None))
        elif depth > 0 and env.is_dir(p):
            out.extend(_vscode_mcp_logs(env, p, depth - 1))
    return out


# -- reading them -------------------------------------------------------------------------------

_ISO = re.compile(r"^\s*(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_NAMED_SERVER = re.compile(r'MCP server "([^"]+)"')
_LEVELS = {"error", "err", "fatal", "warn", "warning", "info", "debug", "trace"}
_ERROR_WORDS = re.compile(
    r"\b(error|failed|exception|traceback|ENOENT|EACCES|EADDRINUSE|disconnected|"
    r"exited|timed out|timeout)\b",
    re.IGNORECASE,
)


def parse_time(text: str) -> datetime | None:
    text = text.strip().replace(",", ".")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_duration(text: str) -> float:
    """Seconds in `30s`, `15m`, `2h`, `7d`, `1w`; raises ValueError otherwise."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*", text)
    if not m:
        raise ValueError(f"invalid duration {text!r} (use e.g. 30m, 2h, 7d)")
    return float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[m.group(2)]


@dataclass(frozen=True)
class _Entry:
    when: datetime | None
    server: str | None
    message: str
    is_error: bool


def _entries(text: str, log: LogFile) -> list[_Entry]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [e for item in items if (e := _json_entry(item, log)) is not None]
    entries: list[_Entry] = []
    last_time: datetime | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                item = json.loads(line)
            except ValueError:
                item = None
            entry = _json_entry(item, log) if isinstance(item, dict) else None
            if entry is not None:
                entries.append(entry)
                continue
        m = _ISO.match(line)
        when = parse_time(m.group(1)) if m else None
        rest = line[m.end() :] if m else line
        when = when or last_time
        last_time = when
        server, level = log.server, None
        for token in _BRACKETS.findall(rest[:200]) if m else []:
            low = token.strip().lower()
            if low in _LEVELS:
                level = level or low
            elif server is None and low:
                server = token.strip()
        named = _NAMED_SERVER.search(rest)
        if named and log.server is None:  # Claude Code: `[ERROR] MCP server "github" ...`
            server = named.group(1)
        message = _BRACKETS.sub("", rest, count=2).strip() if m else rest.strip()
        is_error = level in ("error", "err", "fatal") or (
            level is None and bool(_ERROR_WORDS.search(rest))
        )
        entries.append(_Entry(when, server, message, is_error))
    return entries


def _json_entry(item: object, log: LogFile) -> _Entry | None:
    if not isinstance(item, dict):
        return None
    when = parse_time(str(item.get("timestamp", ""))) if item.get("timestamp") else None
    if "error" in item:
        return _Entry(when, log.server, str(item["error"]), True)
    text = item.get("debug") or item.get("message") or item.get("info")
    if text is None:
        return None
    level = str(item.get("level", "")).lower()
    return _Entry(when, log.server, str(text), level in ("error", "fatal"))


def match_signature(text: str) -> tuple[str, str] | None:
    """(cause, fix) of a known failure signature in `text`.

    The one place to repoint to the doctor's signature matcher (mcplint.doctor.classify and
    mcplint/data/signatures.json) when it is merged; until then, a few built-in signatures."""
    for pattern, cause, fix in _SIGNATURES:
        if pattern.search(text):
            return cause, fix
    return None


_SIGNATURES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), cause, fix)
    for p, cause, fix in (
        (r"spawn \S+ ENOENT", "the command is not on the client's PATH", "use an absolute path"),
        (r"Cannot find module", "a Node module is missing", "reinstall the package"),
        (r"ModuleNotFoundError", "a Python module is missing", "install it in the env used"),
        (r"npm ERR! (code E)?404", "the npm package does not exist", "check the package name"),
        (r"ENOTEMPTY", "the npx cache is corrupt", "delete ~/.npm/_npx and retry"),
        (r"EADDRINUSE", "the port is already in use", "stop the other process or change port"),
        (r"invalid_token|\b401\b|Unauthorized", "the credentials are refused", "renew the token"),
        (
            r"UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED_CERT|unable to verify the first certificate",
            "a proxy's certificate is not trusted",
            "set NODE_EXTRA_CA_CERTS to the proxy's CA certificate",
        ),
        (
            r"Cannot connect to the Docker daemon",
            "the docker daemon is not running",
            "start Docker",
        ),
        (r"EACCES", "permission denied", "fix the permissions (npm: a user-owned prefix)"),
    )
)


def summarise(
    env: Environment, *, server: str | None = None, since: float = 7 * 86400
) -> LogSummary:
    """The errors of the last `since` seconds per (client, server), newest last."""
    cutoff = datetime.fromtimestamp(env.now() - since, UTC)
    files = log_files(env)
    skipped: list[str] = []
    groups: dict[tuple[str, str], ServerErrors] = {}
    for log in files:
        try:
            data = env.read_bytes(log.path, max_size=MAX_LOG_SIZE)
        except OSError as exc:
            skipped.append(f"{log.path}: {exc.strerror or exc}")
            continue
        info = env.stat(log.path)
        mtime = datetime.fromtimestamp(info.mtime_ns / 1e9, UTC) if info and info.mtime_ns else None
        for entry in _entries(data.decode("utf-8", "replace"), log):
            if not entry.is_error:
                continue
            name = entry.server or "(no server named)"
            if server is not None and name != server:
                continue
            when = entry.when or mtime
            if when is not None and when < cutoff:
                continue
            group = groups.setdefault((log.client, name), ServerErrors(log.client, name, 0, []))
            group.count += 1
            if log.path not in group.files:
                group.files.append(log.path)
            message = redact(entry.message)[:300]
            matched = match_signature(entry.message)
            stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ") if when is not None else None
            group.last.append(LogError(stamp, message, *(matched if matched else (None, None))))
    for group in groups.values():
        group.last.sort(key=lambda e: e.timestamp or "")
        group.last = group.last[-LAST_ERRORS:]
    servers = sorted(groups.values(), key=lambda g: (g.client, g.server))
    return LogSummary(files, servers, skipped)


def render_text(summary: LogSummary) -> str:
    if not summary.files:
        return "No MCP client logs found on this machine.\n"
    out = [f"Read {len(summary.files)} log file{'s' if len(summary.files) != 1 else ''}.\n"]
    if not summary.servers:
        out.append("No errors in that period.\n")
    for g in summary.servers:
        out.append(f"\n{g.server} ({g.client}): {g.count} error{'s' if g.count != 1 else ''}\n")
        for e in g.last:
            out.append(f"  {e.timestamp or '(no time)'}  {e.message}\n")
            if e.cause:
                out.append(f"    -> {e.cause}: {e.fix}\n")
        out.append(f"  log: {', '.join(g.files)}\n")
    out.extend(f"warning: cannot read {s}\n" for s in summary.skipped)
    return "".join(out)


def render_json(summary: LogSummary) -> str:
    doc = {
        "files": [asdict(f) for f in summary.files],
        "servers": [asdict(s) for s in summary.servers],
        "skipped": summary.skipped,
    }
    return json.dumps(doc, indent=2) + "\n"
