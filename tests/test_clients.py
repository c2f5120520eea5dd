"""The client model: ids, invariants across clients, and the facts rules rely on."""

from __future__ import annotations

import dataclasses
import re

import pytest

from mcplint.clients import CLIENTS, FILE_KINDS, get_client, get_kind
from mcplint.clients.base import ALL_PLATFORMS, Client, FileKind

KIND_IDS = {
    "claude-desktop",
    "claude-code-mcp-json",
    "claude-code-managed-mcp",
    "claude-code-plugin-mcp-json",
    "claude-code-user",
    "claude-code-settings",
    "cursor",
    "vscode",
    "vscode-settings",
    "windsurf",
    "gemini",
    "zed",
    "codex",
    "cline",
}
CLIENT_IDS = {
    "claude-desktop",
    "claude-code",
    "cursor",
    "vscode",
    "windsurf",
    "gemini",
    "zed",
    "codex",
    "cline",
}


def test_ids() -> None:
    assert set(FILE_KINDS) == KIND_IDS
    assert {c.id for c in CLIENTS} == CLIENT_IDS
    assert len(CLIENTS) == len(CLIENT_IDS)


@pytest.mark.parametrize("kind", FILE_KINDS.values(), ids=lambda k: k.id)
def test_kind_invariants(kind: FileKind) -> None:
    client = get_client(kind.client)
    assert kind in client.kinds
    assert kind.schema == f"{kind.id}.schema.json"
    assert kind.dialect in ("json", "jsonc", "json5", "toml")
    assert kind.scope in kind.all_scopes
    assert kind.patterns and all(p and not p.startswith("/") for p in kind.patterns)
    assert kind.servers_paths and all(kind.servers_paths)
    assert kind.title
    if kind.reads_servers:
        for key in kind.misplaced_server_keys:
            assert (key,) not in kind.servers_paths


@pytest.mark.parametrize("client", CLIENTS, ids=lambda c: c.id)
def test_client_invariants(client: Client) -> None:
    kind_ids = {k.id for k in client.kinds}
    for loc in client.locations:
        assert loc.kind in kind_ids, loc
        assert loc.platforms and set(loc.platforms) <= set(ALL_PLATFORMS)
        assert "\\" not in loc.path, "paths are '/'-separated data"
    assert client.transports
    names = [t.name for t in client.transports]
    assert len(names) == len(set(names))
    assert len(client.type_values) == len(set(client.type_values))
    for exp in client.expansion:
        assert "name" in exp.regex.groupindex, exp.syntax
        assert exp.fields
    if client.name_pattern is not None:
        re.compile(client.name_pattern)
    # Every client has something CLIENTS-DETAIL.md leaves open.
    assert client.unconfirmed
    assert client.supports_remote == bool(client.url_keys)


def test_lookup_errors() -> None:
    with pytest.raises(KeyError):
        get_client("claude")
    with pytest.raises(KeyError):
        get_kind("mcp.json")


def test_frozen() -> None:
    kind = get_kind("vscode")
    with pytest.raises(dataclasses.FrozenInstanceError):
        kind.dialect = "json"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kind.misplaced_server_keys["x"] = "y"  # type: ignore[index]
    with pytest.raises(TypeError):
        FILE_KINDS["x"] = kind  # type: ignore[index]


def test_servers_paths() -> None:
    assert get_kind("claude-code-user").servers_paths == (
        ("mcpServers",),
        ("projects", "*", "mcpServers"),
    )
    assert get_kind("claude-code-mcp-json").servers_paths == (("mcpServers",),)
    assert get_kind("vscode").servers_paths == (("servers",),)
    assert get_kind("vscode-settings").servers_paths == (
        ("mcp", "servers"),
        ("settings", "mcp", "servers"),
    )
    assert get_kind("zed").servers_paths == (("context_servers",),)
    assert get_kind("codex").servers_paths == (("mcp_servers",),)


def test_reads_servers_only_settings_files_do_not() -> None:
    not_read = {k.id for k in FILE_KINDS.values() if not k.reads_servers}
    assert not_read == {"claude-code-settings"}
    assert "mcpServers" in get_kind("claude-code-settings").misplaced_server_keys


def test_misplaced_keys() -> None:
    assert "servers" in get_kind("vscode").misplaced_server_keys["mcpServers"]
    assert "mcpServers" in get_kind("claude-desktop").misplaced_server_keys["servers"]
    assert "servers" in get_kind("claude-code-mcp-json").misplaced_server_keys
    assert "mcpServers" in get_kind("zed").misplaced_server_keys
    assert "mcpServers" in get_kind("codex").misplaced_server_keys
    # `mcp` is a real Gemini settings key, so it must not be called misplaced there.
    assert "mcp" not in get_kind("gemini").misplaced_server_keys


def test_dialects_and_bom() -> None:
    desktop = get_kind("claude-desktop")
    assert (desktop.dialect, desktop.strips_bom) == ("json", False)
    assert not desktop.allows_comments and not desktop.allows_trailing_commas
    for kind_id in ("claude-code-mcp-json", "claude-code-user"):
        assert get_kind(kind_id).dialect == "json"
        assert get_kind(kind_id).strips_bom
    vscode = get_kind("vscode")
    assert vscode.dialect == "jsonc" and vscode.allows_comments and vscode.allows_trailing_commas
    gemini = get_kind("gemini")
    assert gemini.allows_comments and not gemini.allows_trailing_commas
    assert get_kind("zed").allows_trailing_commas
    assert get_kind("codex").dialect == "toml"
    assert get_kind("cline").dialect == "json"


def test_top_level_keys() -> None:
    assert get_kind("claude-code-mcp-json").top_level_keys == ("mcpServers",)
    assert get_kind("vscode").top_level_keys == ("servers", "inputs")
    for kind_id in ("claude-code-user", "claude-code-settings", "gemini", "zed", "codex"):
        assert get_kind(kind_id).top_level_keys is None


def test_rewritten_by_client() -> None:
    assert get_kind("claude-code-user").rewritten_by_client
    assert not get_kind("claude-code-mcp-json").rewritten_by_client


def test_transports() -> None:
    cc = get_client("claude-code")
    assert set(cc.type_values) == {"stdio", "sse", "http", "streamable-http", "ws"}
    http = cc.transport_for_type("streamable-http")
    assert http is not None and http.name == "http"
    assert "headersHelper" in cc.server_fields["http"]
    assert "cwd" not in cc.known_server_keys and cc.honours_cwd is False
    cline = get_client("cline")
    assert cline.transport_for_type("streamableHttp") is not None
    assert cline.transport_for_type("http") is None
    sse = cline.transport("sse")
    assert sse is not None and sse.selected_by == ("url",)  # url without type means SSE
    codex = get_client("codex")
    assert codex.type_key == "absent" and codex.transport("sse") is None
    assert "bearer_token_env_var" in codex.server_fields["http"]
    assert "bearer_token" not in codex.known_server_keys
    desktop = get_client("claude-desktop")
    assert not desktop.supports_remote
    assert desktop.known_server_keys == {"command", "args", "env"}
    assert get_client("cursor").type_key == "ignored"
    zed_stdio = get_client("zed").transport("stdio")
    assert zed_stdio is not None and "args" in zed_stdio.required


def test_url_keys() -> None:
    assert get_client("windsurf").url_keys == ("serverUrl", "url")
    assert get_client("gemini").url_keys == ("httpUrl", "url")
    assert "httpUrl" in get_client("gemini").deprecated_fields


def _names(client_id: str, text: str, field_name: str = "args") -> list[str]:
    found = []
    for exp in get_client(client_id).expansion:
        if exp.refers_to == "env" and exp.applies_to(field_name):
            for m in exp.regex.finditer(text):
                found.append(m.group("name") or m.groupdict().get("bare") or "")
    return found


def test_expansion_claude_code() -> None:
    (exp,) = get_client("claude-code").expansion
    m = exp.regex.fullmatch("${API_KEY:-none}")
    assert m is not None and m.group("name") == "API_KEY" and m.group("default") == "none"
    assert _names("claude-code", "$HOME ${env:X} ${VAR-x} ~/x") == []
    assert exp.unset == "literal"
    assert not exp.applies_to("cwd")


def test_expansion_vscode_and_cursor() -> None:
    assert _names("vscode", "${env:GITHUB_TOKEN} ${VAR}") == ["GITHUB_TOKEN"]
    inputs = [e for e in get_client("vscode").expansion if e.refers_to == "input"]
    assert inputs and inputs[0].regex.search("${input:api-key}")
    assert _names("cursor", "${env:A} ${B}") == ["A"]


def test_expansion_gemini() -> None:
    assert _names("gemini", "$A ${B} ${C:-x}", "args") == ["A", "B", "C"]
    percent = [e for e in get_client("gemini").expansion if e.syntax == "%VAR%"]
    assert percent and percent[0].platforms == ("win32",) and percent[0].unset == "empty"
    assert get_client("gemini").tilde_fields == ()


def test_no_expansion() -> None:
    assert get_client("claude-desktop").expansion == ()
    assert get_client("codex").expansion == ()


def test_limits_and_names() -> None:
    cc = get_client("claude-code")
    assert cc.tool_name_limit == 64 and cc.tool_name_format == "mcp__{server}__{tool}"
    assert cc.name_pattern is not None and re.match(cc.name_pattern, "my-server_1")
    assert not re.match(cc.name_pattern, "my server")
    assert {"__proto__", "constructor", "prototype"} <= set(cc.reserved_names)
    assert get_client("cursor").tool_name_limit == 60
    assert get_client("cursor").max_tools == 40
    assert get_client("vscode").max_tools == 128
    assert get_client("windsurf").max_tools == 100
    assert cc.startup_timeout_ms == 30_000
    assert get_client("codex").startup_timeout_ms == 10_000


def test_launch_facts() -> None:
    desktop = get_client("claude-desktop")
    assert desktop.gui_path.gui and desktop.gui_path.darwin_path == "/usr/bin:/bin:/usr/sbin:/sbin"
    assert desktop.gui_path.login_shell is False
    assert get_client("vscode").gui_path.login_shell is True
    assert not get_client("claude-code").gui_path.gui
    assert get_client("claude-code").resolves_cmd_shims is None  # unconfirmed
    assert get_client("vscode").resolves_cmd_shims is True
    assert get_client("vscode").tilde_fields == ("command", "args", "cwd")
    assert get_client("cline").child_env == "sdk-default"
    assert "PATH" in get_client("codex").env_whitelist
