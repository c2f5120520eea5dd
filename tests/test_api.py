"""The public library API on ordinary misuse: what the caller obviously means, or a clear
TypeError/ValueError; never a silent surprise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import mcplint

BROKEN = '{"mcpServers": {"a": {"command": "sh",}}}\n'
CLEAN = '{"mcpServers": {"a": {"command": "sh"}}}\n'


def _rules(diagnostics: list[mcplint.Diagnostic]) -> list[str]:
    return [d.rule for d in diagnostics]


# -- lint_paths ----------------------------------------------------------------------------------


def test_lint_paths_with_one_string_lints_that_one_file(tmp_path: Path) -> None:
    # It walked each character as a path: ".", "m", ... and "/" walks the whole disk.
    path = tmp_path / ".mcp.json"
    path.write_text(BROKEN)
    found = mcplint.lint_paths(str(path))
    assert _rules(found) == ["trailing-comma"]
    assert {d.path for d in found} == {str(path)}


def test_lint_paths_with_one_path_object_and_a_list_of_paths(tmp_path: Path) -> None:
    path = tmp_path / ".mcp.json"
    path.write_text(BROKEN)
    assert _rules(mcplint.lint_paths(path)) == ["trailing-comma"]
    assert _rules(mcplint.lint_paths([path])) == ["trailing-comma"]
    assert _rules(mcplint.lint_paths(p for p in [str(path)])) == ["trailing-comma"]


def test_lint_paths_relative_single_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".mcp.json").write_text(BROKEN)
    monkeypatch.chdir(tmp_path)
    found = mcplint.lint_paths(".mcp.json")
    assert [(d.path, d.rule) for d in found] == [(".mcp.json", "trailing-comma")]


@pytest.mark.parametrize("bad", [b".mcp.json", 42, None, [b".mcp.json"], [1]])
def test_lint_paths_rejects_what_is_not_a_path(bad: object) -> None:
    with pytest.raises(TypeError, match="must be"):
        mcplint.lint_paths(bad)  # type: ignore[arg-type]


def test_lint_paths_max_file_size(tmp_path: Path) -> None:
    path = tmp_path / ".mcp.json"
    path.write_text(BROKEN)
    [d] = mcplint.lint_paths(path, max_file_size=10)
    assert d.rule == "io-error" and "size cap of 10 bytes" in d.message
    with pytest.raises(ValueError, match="max_file_size"):
        mcplint.lint_paths(path, max_file_size=0)
    with pytest.raises(TypeError, match="max_file_size"):
        mcplint.lint_paths(path, max_file_size="1M")  # type: ignore[arg-type]


# -- select / ignore / client --------------------------------------------------------------------


@pytest.mark.parametrize("kwargs", [{"select": ["typo"]}, {"ignore": ["typo"]}, {"select": "typo"}])
def test_an_unknown_selector_raises_value_error_naming_it(kwargs: dict[str, object]) -> None:
    # It returned [] (nothing selected) where the CLI exits 2.
    with pytest.raises(ValueError, match="unknown rule or code: typo"):
        mcplint.lint_text(BROKEN, ".mcp.json", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="typo"):
        mcplint.fix_text(BROKEN, ".mcp.json", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="typo"):
        mcplint.lint_paths([], **kwargs)  # type: ignore[arg-type]


def test_a_single_selector_string_is_one_selector_not_its_letters() -> None:
    assert _rules(mcplint.lint_text(BROKEN, ".mcp.json", select="trailing-comma")) == [
        "trailing-comma"
    ]
    assert _rules(mcplint.lint_text(BROKEN, ".mcp.json", select="MCP002")) == ["trailing-comma"]
    assert mcplint.lint_text(BROKEN, ".mcp.json", ignore="trailing-comma") == []
    both = mcplint.lint_text(BROKEN, ".mcp.json", select="trailing-comma,MCP002")
    assert _rules(both) == ["trailing-comma"]


def test_an_unknown_client_raises_value_error() -> None:
    with pytest.raises(ValueError, match="unknown client 'cursr'"):
        mcplint.lint_text(BROKEN, client="cursr")
    with pytest.raises(ValueError, match="unknown client"):
        mcplint.fix_text(BROKEN, client="cursr")
    assert _rules(mcplint.lint_text(BROKEN, "x.json", client="cursor")) == ["trailing-comma"]


# -- lint_text / fix_text ------------------------------------------------------------------------


def test_path_objects_are_accepted_for_path(tmp_path: Path) -> None:
    # It raised AttributeError ('PosixPath' object has no attribute 'lower').
    found = mcplint.lint_text(BROKEN, path=Path(".mcp.json"))
    assert _rules(found) == ["trailing-comma"] and found[0].path == ".mcp.json"
    fixed = mcplint.fix_text(BROKEN, path=Path(".mcp.json"))
    assert fixed.text == CLEAN


def test_fix_text_accepts_bytes_and_returns_text() -> None:
    # It raised AttributeError ('bytes' object has no attribute 'encode').
    new_text, applied = mcplint.fix_text(BROKEN.encode(), ".mcp.json")
    assert new_text == CLEAN
    assert _rules(applied) == ["trailing-comma"]


def test_fix_text_bytes_with_nothing_to_fix_returns_the_decoded_text() -> None:
    result = mcplint.fix_text(b"\xef\xbb\xbf" + CLEAN.encode(), ".mcp.json", select="MCP002")
    assert result.text == "\ufeff" + CLEAN and result.applied == []


def test_fix_text_bytes_keeps_undecodable_bytes_recoverably() -> None:
    data = BROKEN.encode().replace(b'"x"', b'"x\xff"')
    new_text, _ = mcplint.fix_text(data, ".mcp.json")
    assert new_text.encode("utf-8", "surrogateescape") == CLEAN.encode().replace(b'"x"', b'"x\xff"')


@pytest.mark.parametrize("bad", [None, 42, ["{}"]])
def test_text_of_another_type_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="text must be str or bytes"):
        mcplint.lint_text(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be str or bytes"):
        mcplint.fix_text(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [b".mcp.json", 42])
def test_a_path_of_another_type_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="path must be"):
        mcplint.lint_text(BROKEN, bad)  # type: ignore[arg-type]


def test_lint_text_still_takes_bytes() -> None:
    assert _rules(mcplint.lint_text(BROKEN.encode(), ".mcp.json")) == ["trailing-comma"]


def test_os_pathlike_of_a_custom_class(tmp_path: Path) -> None:
    class Named(os.PathLike[str]):
        def __init__(self, p: str) -> None:
            self.p = p

        def __fspath__(self) -> str:
            return self.p

    path = tmp_path / ".mcp.json"
    path.write_text(BROKEN)
    assert _rules(mcplint.lint_paths(Named(str(path)))) == ["trailing-comma"]
