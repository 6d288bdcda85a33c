"""pytest plugin: a real ``oxigraph serve`` for the tests that run against a remote store.

Registered in tests/conftest.py with ``pytest_plugins = ["tests.oxigraph_server"]``.

* ``oxigraph_server`` (session): starts ``oxigraph serve`` from the ``oxigraph`` package on
  127.0.0.1 with a free port and a temporary directory, waits until it answers, stops it at
  the end. A missing binary FAILS the run with a message (it is a dev dependency:
  ``pip install 'oxigraph>=0.5.13,<0.6'``); it is never skipped.
* ``remote_store``: a :class:`kg.remote.RemoteStore` on that server, emptied before each test.

``OxigraphServer`` and ``start_oxigraph`` are also used by the benchmarks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

STARTUP_SECONDS = 30.0


@dataclass
class OxigraphServer:
    process: subprocess.Popen
    base: str  # http://127.0.0.1:PORT
    directory: Path | None
    log: IO[bytes] | None = None  # the server's stderr

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def gsp(self) -> str:
        return self.base + "/store"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log is not None:
            self.log.close()
            self.log = None

    def log_text(self) -> str:
        if self.log is None:
            return ""
        self.log.seek(0)
        return self.log.read().decode("utf-8", errors="replace").strip()


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` executable: next to this Python first (the venv), then on PATH."""
    candidate = Path(sys.executable).parent / "oxigraph"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(
    directory: Path | None,
    *,
    timeout_s: int | None = None,
    extra: list[str] | None = None,
    startup: float = STARTUP_SECONDS,
) -> OxigraphServer:
    """Start ``oxigraph serve`` bound to 127.0.0.1 on a free port; return once it answers.
    ``directory=None`` runs it in memory."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError(
            "the `oxigraph` server binary is missing: install the dev dependencies "
            "(pip install 'oxigraph>=0.5.13,<0.6'; `make dev` does it)"
        )
    last_error: Exception | None = None
    for _attempt in range(3):  # a free port can be taken between probing and binding
        port = free_port()
        cmd = [binary, "serve", "--bind", f"127.0.0.1:{port}"]
        if directory is not None:
            cmd += ["--location", str(directory)]
        if timeout_s is not None:
            cmd += ["--timeout-s", str(timeout_s)]
        cmd += extra or []
        log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server never blocks
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
        server = OxigraphServer(process, f"http://127.0.0.1:{port}", directory, log)
        deadline = time.monotonic() + startup
        while time.monotonic() < deadline:
            if process.poll() is not None:
                last_error = RuntimeError(
                    f"oxigraph serve exited with {process.returncode}: {server.log_text()}"
                )
                server.stop()
                break
            try:
                r = httpx.post(
                    server.query,
                    data={"query": "ASK {}"},
                    timeout=1.0,
                    headers={"Accept": "application/sparql-results+json"},
                )
                if r.status_code == 200:
                    return server
            except httpx.TransportError as e:
                last_error = e
            time.sleep(0.05)
        else:
            server.stop()
            raise RuntimeError(f"oxigraph serve did not answer on {server.base} within {startup:g} s")
    raise RuntimeError(f"could not start oxigraph serve: {last_error}")


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    with tempfile.TemporaryDirectory(prefix="ckg-oxigraph-") as tmp:
        try:
            server = start_oxigraph(Path(tmp) / "store")
        except RuntimeError as e:
            pytest.fail(str(e), pytrace=False)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def remote_store(oxigraph_server: OxigraphServer):
    from kg.remote import RemoteStore

    store = RemoteStore(
        oxigraph_server.query,
        update_endpoint=oxigraph_server.update,
        gsp_endpoint=oxigraph_server.gsp,
        query_timeout=30.0,
    )
    store.update("DROP ALL")
    try:
        yield store
    finally:
        store.close()
