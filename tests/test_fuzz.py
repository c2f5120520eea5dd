"""A short fuzz run (a few seconds, derandomized) of the harness in tests/fuzz: generated
JSON/JSONC/JSON5 and Codex TOML documents, byte-level mutants of them and of the real corpus,
`str` buffers, and real files through the real CLI must keep every invariant of
`tests.fuzz.check_invariants`. The long run is `python -m tests.fuzz --minutes 30`.

Known defects other engineers are fixing are kept out of the generators here (not out of the
long run): nesting deeper than ~1000 (RecursionError in the schema validation). Lone
surrogates in `str` input are generated but have passed so far."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fuzz import check_cli_invariants, check_invariants, check_text_invariants
from fuzz.invariants import secrets_available
from fuzz.strategies import (
    SECRET_TOKENS,
    SHALLOW,
    corpus_case,
    corpus_files,
    json_case,
    json_documents,
    mutated_documents,
    text_case,
    toml_documents,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SHORT = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SHORT
@given(json_documents)
def test_generated_json_documents_keep_the_invariants(case: tuple[bytes, str]) -> None:
    data, path = case
    assert check_invariants(data, path) == []


@SHORT
@given(toml_documents)
def test_generated_codex_toml_keeps_the_invariants(case: tuple[bytes, str]) -> None:
    data, path = case
    assert check_invariants(data, path) == []


@SHORT
@given(mutated_documents)
def test_mutated_documents_keep_the_invariants(case: tuple[bytes, str]) -> None:
    data, path = case
    assert check_invariants(data, path) == []


CORPUS = corpus_files()


@pytest.mark.skipif(not CORPUS, reason="the corpus (../shared/corpus) is absent")
@SHORT
@given(st.randoms(use_true_random=False))
def test_mutated_corpus_files_keep_the_invariants(rng: random.Random) -> None:
    data, path = corpus_case(rng, CORPUS)
    assert check_invariants(data, path) == []


@pytest.mark.skipif(not CORPUS, reason="the corpus (../shared/corpus) is absent")
def test_every_corpus_file_keeps_the_invariants() -> None:
    failures = {}
    for data, path in CORPUS:
        violations = check_invariants(data, path)
        if violations:
            failures[data[:60]] = violations
    assert failures == {}


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.randoms(use_true_random=False))
def test_str_buffers_keep_the_invariants(rng: random.Random) -> None:
    text, path = text_case(rng)
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # no surrogates
    assert check_text_invariants(text, path) == []


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.randoms(use_true_random=False))
def test_str_buffers_with_lone_surrogates(rng: random.Random) -> None:
    text, path = text_case(rng)
    assert check_text_invariants(text, path) == []


def test_files_through_the_real_cli(tmp_path: Path) -> None:
    rng = random.Random(10)
    for n in range(12):
        data, path = json_case(rng, SHALLOW)
        assert check_cli_invariants(data, path, tmp_path / str(n)) == [], (data, path)


def test_a_key_with_undecodable_bytes_is_not_renamed_and_lost_bytes_are_caught() -> None:
    # Found by the fuzzer: unknown-key renamed `"url\xc3"` to `"url"`, dropping the byte. And
    # the invariant itself can fail.
    data = b'{"mcpServers":{"a":{"command":"x","url\xc3":"https://x"}}}'
    assert check_invariants(data, "/home/user/proj/.mcp.json") == []
    from fuzz import invariants

    assert not invariants._undecodable_kept(data, data.replace(b"\xc3", b""))


def test_no_output_shows_a_secret_whole() -> None:
    if not secrets_available():
        pytest.skip("mcplint.secrets (secret masking) does not exist yet")
    for token in SECRET_TOKENS:
        text = '{"mcpServers": {"a": {"command": "x", "env": {"API_KEY": "%s"}, "Args": 1,}}}'
        data = (text % token).encode()
        assert check_invariants(data, "/home/user/proj/.mcp.json", secrets=True) == []
