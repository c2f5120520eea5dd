"""Security rules (MCP4xx): credentials written into a config file.

Every judgement of what is a credential comes from `mcplint.secrets` (the one detector, which the
outputs also use to mask), and messages show masked values only (`secrets.mask`/`redact`).
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from mcplint.clients.detect import scope_of
from mcplint.diagnostics import Fix, Severity
from mcplint.edits import replace_value
from mcplint.rules.base import UNSAFE, Context, Finding, rule, unsafe_fix
from mcplint.secrets import (
    SecretKind,
    classify_value,
    find_secrets,
    is_placeholder,
    mask,
    redact,
    token_kind,
)
from mcplint.servers import ServerView, entry_scope
from mcplint.tree import PathPart

# Scopes whose files are shared (committed to a repository, readable by every user).
_SHARED_SCOPES = ("project", "managed")
# Kinds `secret-in-url` reports (not `hardcoded-secret`, to report each value once).
_URL_KINDS = (SecretKind.URL_PASSWORD, SecretKind.URL_PARAMETER)

_KIND_WORDS = {
    SecretKind.GITHUB_TOKEN: "GitHub token",
    SecretKind.ANTHROPIC_KEY: "Anthropic API key",
    SecretKind.OPENAI_KEY: "OpenAI-style API key",
    SecretKind.SLACK_TOKEN: "Slack token",
    SecretKind.AWS_ACCESS_KEY: "AWS access key",
    SecretKind.GOOGLE_API_KEY: "Google API key",
    SecretKind.STRIPE_KEY: "Stripe key",
    SecretKind.GITLAB_TOKEN: "GitLab token",
    SecretKind.NPM_TOKEN: "npm token",
    SecretKind.HUGGINGFACE_TOKEN: "Hugging Face token",
    SecretKind.JWT: "JSON Web Token",
    SecretKind.PRIVATE_KEY: "private key",
    SecretKind.NAMED_VALUE: "credential",
    SecretKind.AUTH_HEADER: "authorization credential",
}

_FLAG_VALUE = re.compile(r"^--?([A-Za-z][A-Za-z0-9_-]*)=(.+)$", re.DOTALL)
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*)=(.+)$", re.DOTALL)
_FLAG = re.compile(r"^--?([A-Za-z][A-Za-z0-9_-]*)$")
_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.+)$", re.DOTALL)
_SCHEME_PREFIX = re.compile(r"^\s*(?:bearer|basic|token)\s+", re.IGNORECASE)
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")
_MAX_VALUE = 10_000
# Words of values that stand for a credential (examples, tests, templates), not ones.
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)here|your|example|change_?me|dummy|placeholder|sample|secret|passw(or)?d|token"
    r"|test|fake|demo|xxxx|replace|insert"
)  # longer values are data, not a pasted credential (and stay fast)


@dataclass(frozen=True)
class _Hit:
    """One credential found in one string value of a server entry."""

    path: tuple[PathPart, ...]
    kind: SecretKind
    value: str  # the credential itself (never printed)
    where: str  # for the message: "env `GITHUB_TOKEN`", "argument 3", "header `Authorization`"
    field: str  # the entry field: "env", "args", "headers", "url"
    name: str | None = None  # the variable name a fix would use
    prefix: str = ""  # kept before the reference in a fix ("Bearer ")


def _file_severity(ctx: Context, view: ServerView) -> Severity:
    if ctx.kind is None:
        return Severity.ERROR
    scope = (
        entry_scope(ctx.kind, view.path)
        if ctx.kind.id == "claude-code-user"
        else scope_of(ctx.path, ctx.env, ctx.kind)
    )
    return Severity.ERROR if scope in _SHARED_SCOPES else Severity.WARNING


def _views(ctx: Context) -> Iterator[ServerView]:
    for entry in ctx.servers:
        yield ctx.view(entry)


def _entropy(value: str) -> float:
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _looks_random(value: str) -> bool:
    """A named value worth calling a credential: long enough, no spaces, not plain words
    (a digit, or upper and lower case, or long and varied)."""
    value = value.strip()
    if len(value) < 8 or any(ch.isspace() for ch in value):
        return False
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    varied = digit or (lower and upper) or len(value) >= 24
    return varied and _entropy(value) >= 3.0


def _stands_for_one(name: str | None, value: str) -> bool:
    """A value that describes a credential rather than being one: `ANTHROPIC_API_KEY_HERE`,
    `test-api-key`, `Bearer token123`, `Basic base64("test@example.com:test")`."""
    value = _SCHEME_PREFIX.sub("", value.strip())
    if name and len(name) >= 3 and name.upper() in value.upper():
        return True
    if _PLACEHOLDER_WORDS.search(value):
        return True
    basic = _decoded_basic(value)
    return basic is not None and (is_placeholder(basic) or _stands_for_one(None, basic))


def _decoded_basic(value: str) -> str | None:
    """The password of a base64 `user:password` (HTTP Basic credentials), if it is one."""
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    user, colon, password = decoded.partition(":")
    return password if colon and user else None


def _credential(name: str | None, value: str) -> SecretKind | None:
    """The kind of credential `value` (stored under `name`) is, for `hardcoded-secret`."""
    if len(value) > _MAX_VALUE:
        return None
    kind = classify_value(name, value)
    if kind is None or kind in _URL_KINDS:
        return None
    if kind in (SecretKind.NAMED_VALUE, SecretKind.AUTH_HEADER):
        # no known shape: judged by its look
        if _stands_for_one(name, value):
            return None
        if kind is SecretKind.NAMED_VALUE and not _looks_random(value):
            return None
    return kind


def _var_name(*parts: str) -> str:
    name = _NOT_NAME.sub("_", "_".join(p for p in parts if p)).strip("_").upper()
    if not name or name[0].isdigit():
        name = "SECRET_" + name
    return name


def _hits(view: ServerView) -> Iterator[_Hit]:
    for env in view.env:
        if env.value is not None:
            kind = _credential(env.name, env.value.text)
            if kind is not None:
                yield _Hit(env.path, kind, env.value.text, f"env `{env.name}`", "env", env.name)
    for header in view.headers:
        if header.value is None:
            continue
        kind = _credential(header.name, header.value.text)
        if kind is not None:
            m = _SCHEME_PREFIX.match(header.value.text)
            yield _Hit(
                header.path,
                kind,
                header.value.text,
                f"header `{header.name}`",
                "headers",
                _var_name(view.name, header.name if not m else "token"),
                m.group(0) if m else "",
            )
    yield from _arg_hits(view)
    if view.url is not None:
        kind = _url_token(view.url.text)
        if kind is not None:
            yield _Hit(view.url.path, kind, view.url.text, "the url", "url")


def _arg_hits(view: ServerView) -> Iterator[_Hit]:
    """`-e NAME=VALUE`, `--flag=VALUE`, `--flag VALUE`, `Header: VALUE` and bare tokens."""
    args = view.args
    skip = -1
    for i, arg in enumerate(args):
        if i == skip:
            continue
        text = arg.text
        assignment = _FLAG_VALUE.match(text) or _ASSIGNMENT.match(text)
        flag = _FLAG.match(text)
        header = _HEADER.match(text) if "://" not in text else None
        if assignment:
            kind = _credential(assignment.group(1), assignment.group(2))
        elif flag and i + 1 < len(args) and not args[i + 1].text.startswith("-"):
            following = args[i + 1]
            kind = _credential(flag.group(1), following.text)
            if kind is not None:
                skip = i + 1
                where = f"argument {i + 2} (after `{text}`)"
                yield _Hit(following.path, kind, following.text, where, "args")
            continue
        elif header:
            kind = _credential(header.group(1), header.group(2))
        else:
            kind = _credential(None, text)
        if kind is not None:
            yield _Hit(arg.path, kind, text, f"argument {i + 1}", "args")


def _url_token(url: str) -> SecretKind | None:
    """A token of a known shape in a url's host or path (query and userinfo: `secret-in-url`)."""
    if len(url) > _MAX_VALUE:
        return None
    try:
        parts = urlsplit(url.strip())
        rest = (parts.hostname or "") + parts.path + parts.fragment
    except ValueError:
        return None
    return token_kind(rest) if rest else None


def _reference_fix(ctx: Context, hit: _Hit) -> Fix | None:
    """Replace the value with the client's own reference to an environment variable."""
    client = ctx.client
    if hit.name is None or client is None or ctx.dialect == "toml":
        return None
    name = _var_name(hit.name)
    for expansion in client.expansion:
        if expansion.refers_to != "env" or not expansion.applies_to(hit.field):
            continue
        if not expansion.confirmed:
            continue
        first = expansion.syntax.split(" / ")[0]
        reference = re.sub(r"\b(VAR|NAME)\b", name, first, count=1)
        found = expansion.regex.fullmatch(reference)
        if found is None or found.group("name") != name:
            continue
        node = ctx.node(hit.path)
        if node is None:
            return None
        text = json.dumps(hit.prefix + reference, ensure_ascii=False)
        return unsafe_fix(
            f"Replace it with `{hit.prefix}{reference}` and set {name} in the environment "
            f"{client.name} starts in",
            replace_value(node, text),
        )
    return None


@rule(
    "MCP401",
    "hardcoded-secret",
    Severity.ERROR,
    fix="sometimes",
    safety=(UNSAFE,),
)
def hardcoded_secret(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a live-looking credential written into a server entry: a GitHub (`ghp_`,
    `github_pat_`), OpenAI or Anthropic (`sk-`), Slack (`xox?-`), AWS (`AKIA`), Google (`AIza`)
    token, a JWT, or a random-looking value of a key named like a credential (`*TOKEN`, `*KEY`,
    `*SECRET`, `*PASSWORD`), in `env`, `args` (`-e TOKEN=...`, `--api-key VALUE`,
    `--token=VALUE`), `headers` (`Authorization: Bearer ...`) or the url. An error in files
    that are shared (a project's `.mcp.json`, `.vscode/mcp.json`, `.cursor/mcp.json`, managed
    files), a warning in a user's own files. The message shows a masked value only.

    ## Why is this bad?
    A config file is copied, committed, pasted into issues and read by every process of the
    user; a token in it leaks. Placeholders (`${GITHUB_TOKEN}`, `<token>`, `YOUR_API_KEY`) are
    not reported.

    ## Example
    ```json
    {"mcpServers": {"github": {"command": "npx", "args": ["-y", "@github/mcp"],
      "env": {"GITHUB_TOKEN": "ghp_0123456789abcdefghijklmnopqrstuvwxyz"}}}}
    ```
    Use instead: `"GITHUB_TOKEN": "${GITHUB_TOKEN}"` (Claude Code) and set the variable in the
    environment the client starts in.

    ## Fix safety
    Unsafe: the server then needs the variable set where the client runs. Offered in `env` and
    `headers` of clients that expand environment variables there (Claude Code `${VAR}`, VS Code
    and Cursor `${env:VAR}`, ...), never in TOML files or for clients without expansion.

    Option: `[tool.mcplint.rules.hardcoded-secret] extra-patterns = ["corp_[A-Za-z0-9]{20,}"]`:
    regular expressions of your own credential shapes (searched in env values, headers, args
    and the url).

    References: FAILURES.md (secrets in configs), CLIENTS.md ("hard-coded tokens" accepted
    silently), CLIENTS-DETAIL.md §2 (managed-mcp.json is readable by every user).
    """
    patterns: tuple[str, ...] = ctx.option("hardcoded-secret", "extra-patterns", ())
    extra = [re.compile(p) for p in patterns]
    for view in _views(ctx):
        if not view.is_object:
            continue
        severity = _file_severity(ctx, view)
        hits = list(_hits(view))
        if extra:
            hits += _extra_hits(view, extra, {hit.path for hit in hits})
        for hit in hits:
            start, end = ctx.span(hit.path)
            label = _KIND_WORDS.get(hit.kind, "credential")
            message = (
                f"hard-coded {label} in {hit.where} of `{view.name}`: `{mask(hit.value)}`; "
                "read it from the environment instead"
            )
            yield Finding(
                start,
                end,
                message,
                _reference_fix(ctx, hit),
                severity=severity,
                json_path=hit.path,
            )


def _extra_hits(
    view: ServerView, patterns: list[re.Pattern[str]], seen: set[tuple[PathPart, ...]]
) -> list[_Hit]:
    """Values matching one of the configuration's `extra-patterns` (not already reported)."""
    hits = []
    names = {env.path: env.name for env in view.env}
    for path, text, where in _url_strings(view):
        if path in seen or not any(p.search(text) for p in patterns):
            continue
        seen.add(path)
        name = names.get(path)
        field = "env" if name is not None else ""
        hits.append(_Hit(path, SecretKind.NAMED_VALUE, text, where, field, name))
    return hits


def _url_strings(view: ServerView) -> Iterator[tuple[tuple[PathPart, ...], str, str]]:
    if view.url is not None:
        yield view.url.path, view.url.text, "the url"
    for i, arg in enumerate(view.args):
        yield arg.path, arg.text, f"argument {i + 1}"
    for env in view.env:
        if env.value is not None:
            yield env.path, env.value.text, f"env `{env.name}`"
    for header in view.headers:
        if header.value is not None:
            yield header.path, header.value.text, f"header `{header.name}`"


@rule("MCP402", "secret-in-url", Severity.ERROR)
def secret_in_url(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Finds a credential inside a URL: a password in its userinfo (`https://user:PASS@host`, a
    database DSN `postgres://user:PASS@host/db` in `args` or `env`) or a credential in its query
    string (`?api_key=...`, `&token=...`, `access_token`, `key`, `sig`), in the server's url,
    its arguments, `env` values or headers. The message shows the URL masked.

    ## Why is this bad?
    URLs are logged, shown in error messages and process lists, and sent to proxies: the
    credential leaks even when the file itself stays private.

    ## Example
    ```json
    {"mcpServers": {"db": {"command": "npx", "args": ["-y", "some-postgres-mcp",
      "postgresql://admin:s3cr3t-Pa55@db.example.com/app"]}}}
    ```
    Use instead: keep the password out of the URL (`PGPASSWORD` in the environment, a
    `.pgpass` file), or send API keys in a header read from the environment.

    ## Fix safety
    No automatic fix: where the server reads the credential from instead depends on the server.

    References: FAILURES.md (secrets in configs), RULES.md "Security".
    """
    for view in _views(ctx):
        if not view.is_object:
            continue
        for path, text, where in _url_strings(view):
            if ("://" not in text and "?" not in text) or len(text) > _MAX_VALUE:
                continue
            spans = [s for s in find_secrets(text) if s.kind in _URL_KINDS]
            kinds = {s.kind for s in spans if not _stands_for_one(None, text[s.start : s.end])}
            if not kinds:
                continue
            what = (
                "a password in the URL's userinfo"
                if SecretKind.URL_PASSWORD in kinds
                else "a credential in the URL's query string"
            )
            shown = redact(text)
            if len(shown) > 120:
                shown = shown[:117] + "..."
            start, end = ctx.span(path)
            message = f"{what} in {where} of `{view.name}`: `{shown}`"
            yield Finding(start, end, message, json_path=path)
