"""Inputs for the fuzzer: generated documents and mutated real files.

Every generator is a plain function of a `random.Random`, so that the long run
(`python -m tests.fuzz`) draws from a seeded `Random` at full speed, and the test suite draws the
same generators through Hypothesis (`st.randoms()`, whose draws Hypothesis shrinks).

A generated case is `(data, path)`: the bytes of a file and the path it is linted under (the
path picks the client and its dialect).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

Case = tuple[bytes, str]

# Paths that pick each client's file kind (FakeEnvironment: Linux, home /home/user).
JSON_PATHS = (
    "/home/user/proj/.mcp.json",
    "/home/user/.claude.json",
    "/home/user/proj/.claude/settings.json",
    "/home/user/.config/Claude/claude_desktop_config.json",
    "/home/user/proj/.cursor/mcp.json",
    "/home/user/proj/.vscode/mcp.json",
    "/home/user/proj/.gemini/settings.json",
    "/home/user/.codeium/windsurf/mcp_config.json",
    "/home/user/.config/zed/settings.json",
    "/home/user/.cline/data/settings/cline_mcp_settings.json",
    "/home/user/proj/config.json5",
    "/home/user/proj/unknown.json",
)
CODEX_PATH = "/home/user/.codex/config.toml"

# Tokens with the shape of real secrets: no output may show them whole once masking exists.
SECRET_TOKENS = (
    "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
    "sk-ant-api03-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbCdEfGh",
    "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "AKIA" + "IOSFODNN7EXAMPLQ",
)

_KEYS = (
    "mcpServers",
    "servers",
    "command",
    "args",
    "env",
    "url",
    "type",
    "headers",
    "cwd",
    "Args",
    "ARGS",
    "arguments",
    "enviroment",
    "mcpServer",
    "transport",
    "inputs",
    "projects",
    "context_servers",
    "$schema",
    "_note",
)
_WORDS = ("npx", "-y", "@scope/pkg", "uvx", "node", "stdio", "http", "sse", "C:\\temp", "~/x")
# Characters that have broken tolerant parsers: line separators, BOM, quotes, escapes, emoji.
# Lone surrogates only ever go into `str` input (`text_case`), never into bytes.
_CHARS = "ab Z0:/\\\"'\u2028\u2029\ufeff\u201c\u201d\u00e9\u4e2d\U0001f600\t\n\x00\x7f{}[],#*"


def _string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(_WORDS)
    if roll < 0.5:
        return rng.choice(SECRET_TOKENS)
    if roll < 0.55:
        return "${" + rng.choice(("HOME", "API_KEY", "env:TOKEN", "input:pat")) + "}"
    return "".join(rng.choice(_CHARS) for _ in range(rng.randrange(0, 12)))


def _number(rng: random.Random) -> str:
    return rng.choice(
        (
            str(rng.randrange(-1000, 1000)),
            "1e400",
            "-0.0",
            "12345678901234567890123456789",
            repr(rng.random()),
            "0",
        )
    )


def value(rng: random.Random, depth: int = 0) -> object:
    """A JSON value (numbers as `_Raw` text), MCP-shaped most of the time."""
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        kind = rng.random()
        if kind < 0.6:
            return _string(rng)
        if kind < 0.8:
            return _Raw(_number(rng))
        return rng.choice((True, False, None))
    if roll < 0.45:
        return [value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    if roll < 0.75:
        return server(rng)
    keys = [rng.choice(_KEYS) if rng.random() < 0.7 else _string(rng) for _ in range(5)]
    return {k: value(rng, depth + 1) for k in keys[: rng.randrange(0, 5)]}


def server(rng: random.Random) -> dict[str, object]:
    entry: dict[str, object] = {}
    if rng.random() < 0.7:
        entry["command"] = rng.choice(_WORDS)
        entry["args"] = [_string(rng) for _ in range(rng.randrange(0, 4))]
    else:
        entry["url"] = "https://example.com/mcp"
        entry["type"] = rng.choice(("http", "sse", "streamable-http", "stdio"))
    if rng.random() < 0.5:
        entry["env"] = {"API_KEY": _string(rng), "TOKEN": rng.choice(SECRET_TOKENS)}
    if rng.random() < 0.3:
        entry[rng.choice(_KEYS)] = value(rng, 3)
    return entry


def config(rng: random.Random) -> object:
    """A whole MCP config document, or now and then any value."""
    if rng.random() < 0.15:
        return value(rng)
    servers = {
        rng.choice(("fs", "git", "my server", "a.b", "__proto__", "x" * 60, "é")): server(rng)
        for _ in range(rng.randrange(0, 4))
    }
    top = rng.choice(("mcpServers", "servers", "context_servers", "mcp_servers", "mcpServer"))
    doc: dict[str, object] = {top: servers}
    if rng.random() < 0.3:
        doc["projects"] = {"/home/user/proj": {"mcpServers": servers}}
    if rng.random() < 0.2:
        doc[rng.choice(_KEYS)] = value(rng, 2)
    return doc


class _Raw:
    """Number text to write as is (huge ints, 1e400)."""

    def __init__(self, text: str) -> None:
        self.text = text


def render(doc: object, rng: random.Random) -> str:
    """`doc` as JSON text with JSONC/JSON5 syntax sprinkled in: comments, trailing commas,
    single quotes, unquoted keys, odd whitespace and duplicate keys."""
    out: list[str] = []
    _render(doc, rng, out, 0)
    text = "".join(out)
    if rng.random() < 0.1:
        text = "\ufeff" + text
    if rng.random() < 0.2:
        text = rng.choice(("// top\n", "/* c */", "\n\n", "  ")) + text
    return text


def _ws(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return rng.choice(("", " ", "\n  ", "\r\n"))
    if roll < 0.85:
        return rng.choice(("// note\n", "/* block */", "/* a\u2028b */", "// C:\\temp\n", "#x\n"))
    return rng.choice(("\t", "\u00a0", "\u2028", "\n\n"))


def _str_lit(s: str, rng: random.Random) -> str:
    text = json.dumps(s, ensure_ascii=rng.random() < 0.3)
    if rng.random() < 0.08 and '"' not in s and "'" not in s and "\\" not in s:
        return "'" + text[1:-1] + "'"
    if rng.random() < 0.05:
        return "\u201c" + text[1:-1] + "\u201d"
    return text


def _render(doc: object, rng: random.Random, out: list[str], depth: int) -> None:
    if isinstance(doc, _Raw):
        out.append(doc.text)
    elif isinstance(doc, str):
        out.append(_str_lit(doc, rng))
    elif isinstance(doc, bool) or doc is None:
        out.append(json.dumps(doc))
    elif isinstance(doc, list):
        out.append("[")
        for i, item in enumerate(doc):
            if i:
                out.append(",")
            out.append(_ws(rng))
            _render(item, rng, out, depth + 1)
        if doc and rng.random() < 0.15:
            out.append(",")
        out.append(_ws(rng) + "]")
    elif isinstance(doc, dict):
        out.append("{")
        items = list(doc.items())
        if items and rng.random() < 0.05:
            items.append(items[0])  # a duplicate key
        for i, (key, item) in enumerate(items):
            if i:
                out.append(",")
            out.append(_ws(rng))
            if rng.random() < 0.05 and key.isidentifier():
                out.append(key)
            else:
                out.append(_str_lit(key, rng))
            out.append(rng.choice((":", ": ", " : ")))
            _render(item, rng, out, depth + 1)
        if items and rng.random() < 0.15:
            out.append(",")
        out.append(_ws(rng) + "}")


# Nesting deeper than ~1000 makes the schema validation hit Python's recursion limit (a known
# defect, reported): the test suite stays below it, the long run goes beyond.
SHALLOW = (100, 500)
DEEP = (100, 1000, 5000)


def deep(rng: random.Random, sizes: tuple[int, ...] = DEEP) -> str:
    n = rng.choice(sizes)
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    tail = closer * n if rng.random() < 0.8 else closer * (n // 2)
    return '{"mcpServers": {"x": {"command": "n", "args": ' + opener * n + tail + "}}}"


def json_case(rng: random.Random, depths: tuple[int, ...] = DEEP) -> Case:
    """A generated JSON/JSONC/JSON5 document under a random client's path."""
    path = rng.choice(JSON_PATHS)
    text = deep(rng, depths) if rng.random() < 0.05 else render(config(rng), rng)
    return text.encode("utf-8"), path


def toml_case(rng: random.Random) -> Case:
    """A Codex config.toml: servers tables, inline tables, arrays, comments, odd strings."""
    lines = []
    if rng.random() < 0.5:
        lines.append('model = "gpt-5"  # comment')
    for _ in range(rng.randrange(0, 4)):
        name = rng.choice(("fs", "git", '"my server"', "a-b", "x" * 40))
        lines.append(f"[mcp_servers.{name}]")
        lines.append(f"command = {_toml_str(rng)}")
        args = ", ".join(_toml_str(rng) for _ in range(rng.randrange(0, 3)))
        lines.append(f"args = [{args}{',' if args and rng.random() < 0.3 else ''}]")
        if rng.random() < 0.5:
            lines.append(f'env = {{ API_KEY = {_toml_str(rng)}, "TOKEN" = {_toml_str(rng)} }}')
        if rng.random() < 0.3:
            lines.append(rng.choice(("startup_timeout_sec = 20", "enabled = true", "x = 1e400")))
        if rng.random() < 0.2:
            lines.append(rng.choice(("bearer_token = 'abc'", "url = 'https://x/mcp'", "= 1")))
        if rng.random() < 0.3:
            lines.append(f"[mcp_servers.{name}.env]\nLOG = {_toml_str(rng)}")
    text = rng.choice(("\n", "\r\n")).join(lines) + "\n"
    return text.encode("utf-8"), CODEX_PATH


def _toml_str(rng: random.Random) -> str:
    s = _string(rng).replace("\x00", "")
    roll = rng.random()
    if roll < 0.2 and "'" not in s and "\n" not in s:
        return "'" + s + "'"
    if roll < 0.25:
        return '"""' + s.replace("\\", "\\\\").replace('"', '\\"') + '"""'
    return json.dumps(s)


# -- mutation of real files ----------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
_CORPUS_PATHS = {
    "claude_code_mcp_json": "/home/user/proj/.mcp.json",
    "claude_desktop": "/home/user/.config/Claude/claude_desktop_config.json",
    "cursor_mcp": "/home/user/proj/.cursor/mcp.json",
    "vscode_mcp": "/home/user/proj/.vscode/mcp.json",
    "generic_mcp_json": "/home/user/proj/mcp.json",
    "claude_code_settings": "/home/user/proj/.claude/settings.json",
    "other_clients": "/home/user/proj/.gemini/settings.json",
}
MAX_CORPUS_FILE = 32_000


def corpus_files(corpus: Path = CORPUS) -> list[Case]:
    """The real config files of the corpus (small enough to fuzz), with a path of their kind;
    [] when the corpus is not there."""
    cases: list[Case] = []
    if not corpus.is_dir():
        return cases
    for folder, path in sorted(_CORPUS_PATHS.items()):
        for file in sorted((corpus / folder).glob("*")):
            if not file.is_file() or file.stat().st_size > MAX_CORPUS_FILE:
                continue
            if file.suffix == ".toml":
                cases.append((file.read_bytes(), CODEX_PATH))
            elif file.suffix in (".json", ".jsonc", ".json5"):
                cases.append((file.read_bytes(), path))
    return cases


_INSERTS = (b",", b"}", b"]", b"{", b"[", b'"', b"\\", b"//", b"/*", b"\xff", b"\xc3", b"\x00")


def mutate(data: bytes, rng: random.Random, other: bytes = b"") -> bytes:
    """A few byte-level mutations: flips, inserts, deletes, a splice with another file."""
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        roll = rng.random()
        at = rng.randrange(len(buf) + 1)
        if roll < 0.3 and buf:
            i = min(at, len(buf) - 1)
            buf[i] ^= 1 << rng.randrange(8)
        elif roll < 0.55:
            buf[at:at] = rng.choice(_INSERTS)
        elif roll < 0.8 and buf:
            del buf[at : at + rng.randrange(1, 8)]
        elif other:
            cut = rng.randrange(len(other) + 1)
            buf[at:] = other[cut:]
    return bytes(buf)


def corpus_case(rng: random.Random, files: list[Case]) -> Case:
    data, path = rng.choice(files)
    other = rng.choice(files)[0]
    return mutate(data, rng, other), path


def generated_mutant_case(rng: random.Random, depths: tuple[int, ...] = DEEP) -> Case:
    data, path = json_case(rng, depths) if rng.random() < 0.8 else toml_case(rng)
    return mutate(data, rng), path


def text_case(rng: random.Random) -> tuple[str, str]:
    """A `str` document (an editor buffer), which may hold lone surrogates."""
    text = render(config(rng), rng)
    if text and rng.random() < 0.5:
        at = rng.randrange(len(text))
        text = text[:at] + rng.choice(("\ud800", "\udc80", "\udfff")) + text[at:]
    return text, rng.choice(JSON_PATHS)


# -- Hypothesis strategies -----------------------------------------------------------------------


def _from(generator: Callable[[random.Random], Case]) -> st.SearchStrategy[Case]:
    return st.randoms(use_true_random=False).map(generator)


# The test suite's strategies: nesting below the known recursion defect.
json_documents = _from(lambda rng: json_case(rng, SHALLOW))
toml_documents = _from(toml_case)
mutated_documents = _from(lambda rng: generated_mutant_case(rng, SHALLOW))
text_documents = st.randoms(use_true_random=False).map(text_case)


def corpus_mutants(files: list[Case]) -> st.SearchStrategy[Case]:
    return st.randoms(use_true_random=False).map(lambda rng: corpus_case(rng, files))
