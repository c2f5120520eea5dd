"""Every test run keeps mcplint's result cache in a temporary folder, never the user's."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if "MCPLINT_CACHE_DIR" not in os.environ:  # subprocesses inherit it
        os.environ["MCPLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="mcplint-test-cache-")
    # A test's own `Environment(environ=...)` has no MCPLINT_CACHE_DIR: platformdirs then reads
    # the process's XDG_CACHE_HOME (Linux), which points at the same temporary folder.
    os.environ["XDG_CACHE_HOME"] = os.environ["MCPLINT_CACHE_DIR"]


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = os.environ.get("MCPLINT_CACHE_DIR", "")
    if os.path.basename(folder).startswith("mcplint-test-cache-"):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
