"""Shared fixtures: real stores (in memory and on disk), the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import OxigraphStore

pytest_plugins = ["tests.oxigraph_server"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3c6fba5912577c82.txt"


@pytest.fixture
def memory_store():
    store = OxigraphStore(None)
    yield store
    store.close()


@pytest.fixture
def disk_store(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    yield store
    store.close()


class Cli:
    """Runs `ckg` in a subprocess against one store directory, as a user would."""

    def __init__(self, store: Path, cwd: Path):
        self.store = store
        self.cwd = cwd

    def __call__(self, *args: str, input: str | bytes | None = None, env: dict | None = None,
                 check: int | None = 0) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("CKG_")}
        full_env["CKG_STORE"] = str(self.store)
        full_env.update(env or {})
        data = input.encode("utf-8") if isinstance(input, str) else input
        proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], input=data, capture_output=True,
                              cwd=self.cwd, env=full_env, timeout=300)
        proc.out = proc.stdout.decode("utf-8")  # type: ignore[attr-defined]
        proc.err = proc.stderr.decode("utf-8")  # type: ignore[attr-defined]
        if check is not None:
            assert proc.returncode == check, f"exit {proc.returncode}\nstdout:\n{proc.out}\nstderr:\n{proc.err}"
        return proc


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "store", tmp_path)
