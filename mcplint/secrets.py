"""One credential detector, shared by the output (which masks what it finds) and the rules that
report hard-coded secrets.

    find_secrets(text)          credentials in free text (a line, a file, a diff, a message)
    classify_value(key, value)  the kind of credential one value is, or None
    mask(value)                 a short prefix and `****`: `ghp_****`, never the whole value
    redact(text)                text with every credential replaced by its mask

What counts: tokens with a known prefix (GitHub, OpenAI, Anthropic, Slack, AWS, Google, Stripe,
GitLab, npm, Hugging Face, JWTs, private key blocks), the values of keys named like a credential
(`"API_KEY": "..."`, `TOKEN = "..."`, `-e TOKEN=...`, `--api-key VALUE`, `Authorization: Bearer
...`), passwords in URLs (`postgres://user:PASS@host`) and credential query parameters
(`?api_key=...`). Placeholders (`${GITHUB_TOKEN}`, `<token>`, `YOUR_API_KEY`, `xxx`), paths,
booleans and small numbers are not credentials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class SecretKind(StrEnum):
    GITHUB_TOKEN = "github-token"
    ANTHROPIC_KEY = "anthropic-key"
    OPENAI_KEY = "openai-key"
    SLACK_TOKEN = "slack-token"
    AWS_ACCESS_KEY = "aws-access-key"
    GOOGLE_API_KEY = "google-api-key"
    STRIPE_KEY = "stripe-key"
    GITLAB_TOKEN = "gitlab-token"
    NPM_TOKEN = "npm-token"
    HUGGINGFACE_TOKEN = "huggingface-token"
    JWT = "jwt"
    PRIVATE_KEY = "private-key"
    NAMED_VALUE = "named-value"  # the value of a key, variable, flag or header named like one
    AUTH_HEADER = "auth-header"  # `Bearer ...` / `Basic ...`
    URL_PASSWORD = "url-password"  # scheme://user:PASSWORD@host
    URL_PARAMETER = "url-parameter"  # ?token=...


@dataclass(frozen=True)
class SecretSpan:
    """text[start:end] is a credential of this kind."""

    start: int
    end: int
    kind: SecretKind


_B = r"(?<![A-Za-z0-9_])"  # no word character just before a token
_E = r"(?![A-Za-z0-9_])"

# Most specific first: at one place the first pattern that matches wins.
_TOKENS: tuple[tuple[SecretKind, re.Pattern[str]], ...] = (
    (
        SecretKind.GITHUB_TOKEN,
        re.compile(_B + r"(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_\w{22,255})"),
    ),
    (SecretKind.ANTHROPIC_KEY, re.compile(_B + r"sk-ant-[A-Za-z0-9_-]{16,}")),
    (SecretKind.STRIPE_KEY, re.compile(_B + r"(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}")),
    (SecretKind.OPENAI_KEY, re.compile(_B + r"sk-[A-Za-z0-9_-]{20,}")),
    (SecretKind.SLACK_TOKEN, re.compile(_B + r"xox[abposr]-[A-Za-z0-9-]{10,}")),
    # no end boundary: a key with text glued after it (a typo, a mangled paste) is still masked
    (SecretKind.AWS_ACCESS_KEY, re.compile(_B + r"(?:AKIA|ASIA)[A-Z0-9]{16}")),
    (SecretKind.GOOGLE_API_KEY, re.compile(_B + r"AIza[A-Za-z0-9_-]{35}")),
    (SecretKind.GITLAB_TOKEN, re.compile(_B + r"glpat-[A-Za-z0-9_-]{20,}")),
    (SecretKind.NPM_TOKEN, re.compile(_B + r"npm_[A-Za-z0-9]{36}" + _E)),
    (SecretKind.HUGGINGFACE_TOKEN, re.compile(_B + r"hf_[A-Za-z0-9]{30,}" + _E)),
    (
        SecretKind.JWT,
        re.compile(_B + r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),
    ),
    (
        SecretKind.PRIVATE_KEY,
        re.compile(
            r"-----BEGIN[A-Z ]*PRIVATE KEY-----(?:.*?-----END[A-Z ]*PRIVATE KEY-----|[^\"']*)",
            re.DOTALL,
        ),
    ),
)

# The last word of a name that holds a credential: API_KEY, githubToken, X-Api-Key, DB_PASSWORD.
_SECRET_WORDS = frozenset(
    {
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "credential",
        "credentials",
        "auth",
        "authorization",
        "key",
        "apikey",
        "sig",
        "signature",
        "cookie",
        "pat",
    }
)
# Words that, last, make a name about a credential rather than one (TOKEN_FILE, KEY_PATH).
_NAME_PARTS = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")

_STRING = r'"((?:[^"\\\n]|\\.)*)"'
_JSON_MEMBER = re.compile(_STRING + r"\s*:\s*" + _STRING)
# NAME=value, NAME = "value" (TOML, env files, `-e NAME=value`, query strings)
_ASSIGNMENT = re.compile(
    r"(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)[\"']?[ \t]*=[ \t]*"
    r"(?:\"([^\"\n]*)\"|'([^'\n]*)'|([^\s\"'&,;#]+))"
)
# --flag value / --flag=value, also split over two JSON or TOML strings: "--api-key", "value"
_FLAG = re.compile(
    r"(?<![A-Za-z0-9_-])--?([A-Za-z][A-Za-z0-9_-]*)"
    r"(?:=|[ \t]+|[\"']\s*,\s*[\"'])([^\s\"',\\][^\s\"',]*)"
)
_HEADER = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*([^\s\"',][^\"'\n]*)")
_SCHEME_AUTH = re.compile(r"(?i)(?<![A-Za-z0-9])(?:bearer|basic)[ \t]+([A-Za-z0-9._~+/=-]{6,})")
_URL_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@\"'<>]*:([^/\s@\"'<>]+)@")

_PLACEHOLDER = re.compile(
    r"""(?ix)
    ^\s*$
    | \$\{[^}]*\}          # ${VAR}, ${env:VAR}, ${input:x}
    | \{\{[^}]*\}\}        # {{ template }}
    | \{env:[^}]*\}        # {env:VAR} (opencode)
    | ^\$[A-Za-z_]\w*$     # $VAR
    | ^%[A-Za-z_]\w*%$     # %VAR%
    | ^<[^<>]*>$           # <token>
    | ^\[[^\[\]]*\]$       # [token]
    | ^(?:your|my|insert|replace|enter|put|add|paste)[-_ ]
    | [-_]your[-_]         # ghp_your_token, xoxb-your-slack-bot-token
    | [-_ ]here$           # API_KEY_HERE
    | ^[x*.•_-]+$          # xxx, ****, ...
    | \*{4}               # masked already: ghp_****
    | ^(?:changeme|change[-_]me|placeholder|example|redacted|secret|password|token|none|null
        |undefined|todo|test|dummy|sample|foo|bar|string|value)$
    """
)
_NOT_SECRET = re.compile(
    r"""(?ix)
    ^(?:true|false|yes|no|on|off|enabled?|disabled?)$
    | ^-?\d{1,6}(?:\.\d+)?$             # small numbers
    | ^(?:/|\./|\.\./|~[/\\]|[a-z]:[\\/]|\\\\)   # paths
    | ^env:                              # a reference, not a value
    | ^[a-z][a-z0-9+.-]*://[^@\s]*$      # a URL without a password (its parameters: see below)
    | ^(?:bearer|basic)$
    """
)


_VARIABLE_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")  # GITHUB_TOKEN: a name, not a value


def is_placeholder(value: str) -> bool:
    """Whether a value stands for a credential without being one (`${TOKEN}`, `<key>`, `xxx`,
    `GITHUB_TOKEN`)."""
    return bool(_PLACEHOLDER.search(value) or _VARIABLE_NAME.fullmatch(value))


def is_secret_name(name: str) -> bool:
    """Whether a key, variable, flag or header name is one for a credential (`API_KEY`,
    `githubToken`, `X-Api-Key`, `--password`) and not one about it (`TOKEN_FILE`, `KEY_PATH`)."""
    parts = [p for p in _NAME_PARTS.split(_CAMEL.sub(r"\1_\2", name).lower()) if p]
    if not parts:
        return False
    last = parts[-1]
    return last in _SECRET_WORDS or last.endswith(("token", "secret", "password", "apikey"))


def token_kind(value: str) -> SecretKind | None:
    """The kind of a value that holds a token of a known shape (anywhere in it), or None."""
    for kind, pattern in _TOKENS:
        if pattern.search(value):
            return kind
    return None


def classify_value(key: str | None, value: str) -> SecretKind | None:
    """What kind of credential `value` is, given the name it is stored under (a key, an
    environment variable, a header, a flag; None: unknown), or None when it is none."""
    if is_placeholder(value):
        return None
    kind = token_kind(value)
    if kind is not None:
        return kind
    if _SCHEME_AUTH.match(value.strip()):
        return SecretKind.AUTH_HEADER
    if _URL_PASSWORD.search(value) and any(
        not is_placeholder(m.group(1)) for m in _URL_PASSWORD.finditer(value)
    ):
        return SecretKind.URL_PASSWORD
    if key is not None and is_secret_name(key) and not _NOT_SECRET.search(value.strip()):
        return SecretKind.NAMED_VALUE
    return None


def find_secrets(text: str) -> list[SecretSpan]:
    """The credentials in `text`, in order, not overlapping."""
    spans: list[SecretSpan] = []
    for kind, pattern in _TOKENS:
        spans.extend(
            SecretSpan(m.start(), m.end(), kind)
            for m in pattern.finditer(text)
            if not is_placeholder(m.group())
        )
    for m in _JSON_MEMBER.finditer(text):
        _named(spans, m.group(1), m.group(2), m.start(2), SecretKind.NAMED_VALUE)
    for m in _ASSIGNMENT.finditer(text):
        group = next(g for g in (2, 3, 4) if m.group(g) is not None)
        in_url = m.start() > 0 and text[m.start() - 1] in "?&"
        kind = SecretKind.URL_PARAMETER if in_url else SecretKind.NAMED_VALUE
        _named(spans, m.group(1), m.group(group), m.start(group), kind)
    for m in _FLAG.finditer(text):
        _named(spans, m.group(1), m.group(2), m.start(2), SecretKind.NAMED_VALUE)
    for m in _HEADER.finditer(text):
        # `X-Api-Key: v`, `Authorization: v`; not `key: v` or `pwd:*` (prose, permissions)
        if re.search(r"[-_]", m.group(1)) or m.group(1).lower() == "authorization":
            _named(spans, m.group(1), m.group(2).rstrip(), m.start(2), SecretKind.NAMED_VALUE)
    for m in _SCHEME_AUTH.finditer(text):
        if not is_placeholder(m.group(1)):
            spans.append(SecretSpan(m.start(1), m.end(1), SecretKind.AUTH_HEADER))
    for m in _URL_PASSWORD.finditer(text):
        if not is_placeholder(m.group(1)):
            spans.append(SecretSpan(m.start(1), m.end(1), SecretKind.URL_PASSWORD))
    # nothing inside a reference: `${API_KEY:-}`, `{env:TOKEN}`
    references = [m.span() for m in _REFERENCE.finditer(text)]
    if references:
        spans = [s for s in spans if not any(a <= s.start and s.end <= b for a, b in references)]
    return _merge(spans)


# A reference is one token of the text: no quote or line break inside (`"{{/":"ghp_…"}}` is two
# JSON strings between braces, not a template).
_REFERENCE = re.compile(r"\$\{[^{}\"'\n]*\}|\{env:[^{}\"'\n]*\}|\{\{[^{}\"'\n]*\}\}")
_SCHEME = re.compile(r"(?i)^(?:bearer|basic|token)\s+")


def _named(spans: list[SecretSpan], name: str, value: str, start: int, kind: SecretKind) -> None:
    stripped = value.strip()
    if (
        is_secret_name(name)
        and not is_placeholder(stripped)
        and not is_placeholder(_SCHEME.sub("", stripped))
        and not _NOT_SECRET.search(stripped)
        and not (kind is SecretKind.NAMED_VALUE and _SCHEME_AUTH.match(stripped))
    ):
        spans.append(SecretSpan(start, start + len(value), kind))


def _merge(spans: list[SecretSpan]) -> list[SecretSpan]:
    merged: list[SecretSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start == span.end:
            continue
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = SecretSpan(last.start, span.end, last.kind)
            continue
        merged.append(span)
    return merged


def _kept(value: str) -> int:
    """How many leading characters a mask keeps: none below 8 characters, at most 4."""
    n = len(value)
    if n < 8:
        return 0
    return min(4, n // 4)


def mask(value: str) -> str:
    """`value` as a short prefix and `****` (`ghp_****`, `sk-a****`); never the whole value."""
    return value[: _kept(value)] + "****"


def mask_same_length(value: str) -> str:
    """`mask` that keeps the length (and line breaks), so columns after it do not move."""
    kept = _kept(value)
    return value[:kept] + "".join(c if c in "\r\n" else "*" for c in value[kept:])


# Printing is stricter than judging: a known token shape glued to other text (a mangled paste,
# `bAKIA…`) is not reported as a credential, but it is never printed whole either.
_GLUED = re.compile(
    r"(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_\w{22,255}|sk-ant-[A-Za-z0-9_-]{16,}"
    r"|(?:AKIA|ASIA)[A-Z0-9]{16}|AIza[A-Za-z0-9_-]{35}|xox[abposr]-[A-Za-z0-9-]{10,}"
    r"|glpat-[A-Za-z0-9_-]{20,})"
)


def redact(text: str, *, keep_length: bool = False) -> str:
    """`text` with every credential replaced by its mask (`keep_length`: by as many
    characters, so that offsets into the text stay right)."""
    spans = find_secrets(text)
    taken = [(s.start, s.end) for s in spans]
    for m in _GLUED.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken) and not is_placeholder(
            m.group()
        ):
            spans.append(SecretSpan(m.start(), m.end(), SecretKind.NAMED_VALUE))
    spans.sort(key=lambda span: span.start)
    if not spans:
        return text
    hide = mask_same_length if keep_length else mask
    pieces = []
    last = 0
    for span in spans:
        pieces.append(text[last : span.start])
        pieces.append(hide(text[span.start : span.end]))
        last = span.end
    pieces.append(text[last:])
    return "".join(pieces)
