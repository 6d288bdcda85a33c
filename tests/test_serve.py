"""`ckg serve` as a user runs it: a real uvicorn process, one or several workers, over the
embedded store or a remote SPARQL store (a real `oxigraph serve`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.oxigraph_server import free_port, start_oxigraph

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3c6fba5912577c82.txt"
STATS = {"query": "{ stats { documents } }"}


def env_for(store: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKG_")}
    env.update({"CKG_STORE": store, **extra})
    return env


def ckg(env: dict, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc


class Served:
    def __init__(self, env: dict, workers: int, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._out = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--port", str(self.port), "--workers", str(workers)],
            env=env, cwd=ROOT, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True)

    def __enter__(self) -> Served:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ckg serve exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"ckg serve did not answer: {self.log.read_text()}")

    def __exit__(self, *exc) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._out.close()


def test_two_workers_share_a_remote_store(tmp_path):
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        env = env_for(server.query, CKG_STORE_UPDATE=server.update, CKG_STORE_GSP=server.gsp)
        ckg(env, "ingest", str(SEED))
        with Served(env, 2, tmp_path / "serve.log") as served, httpx.Client(base_url=served.url) as client:
            for _ in range(20):
                r = client.post("/graphql", json=STATS, timeout=30)
                assert r.json() == {"data": {"stats": {"documents": 1}}}
            assert client.get("/health").json()["store"] == "remote"
            log = served.log.read_text()
        assert log.count("Started server process") >= 2, log
    finally:
        server.stop()


def test_single_worker_embedded_with_token_accepts_mutations(tmp_path):
    env = env_for(str(tmp_path / "store"), CKG_WRITE_TOKEN="s3cret")
    ckg(env, "ingest", str(SEED))
    mutation = {"query": 'mutation { deleteDocument(id: "000_3c6fba5912577c82") { __typename } }'}
    with Served(env, 1, tmp_path / "serve.log") as served, httpx.Client(base_url=served.url) as client:
        denied = client.post("/graphql", json=mutation)
        assert denied.json()["data"]["deleteDocument"]["__typename"] == "Forbidden"
        wrong = client.post("/graphql", json=mutation, headers={"Authorization": "Bearer guess"})
        assert wrong.json()["data"]["deleteDocument"]["__typename"] == "Forbidden"
        ok = client.post("/graphql", json=mutation, headers={"Authorization": "Bearer s3cret"})
        assert ok.json()["data"]["deleteDocument"]["__typename"] == "DocumentDeleted", ok.text
        assert client.post("/graphql", json=STATS).json() == {"data": {"stats": {"documents": 0}}}


@pytest.mark.parametrize("workers", [2])
def test_several_workers_on_an_embedded_store_are_read_only(tmp_path, workers):
    env = env_for(str(tmp_path / "store"), CKG_WRITE_TOKEN="s3cret")
    ckg(env, "ingest", str(SEED))
    with Served(env, workers, tmp_path / "serve.log") as served, httpx.Client(base_url=served.url) as client:
        assert client.get("/health").json()["read_only"] is True
        assert client.post("/graphql", json=STATS).json() == {"data": {"stats": {"documents": 1}}}
        mutation = {"query": 'mutation { deleteDocument(id: "000_3c6fba5912577c82") { __typename } }'}
        r = client.post("/graphql", json=mutation, headers={"Authorization": "Bearer s3cret"})
        assert r.json()["data"]["deleteDocument"]["__typename"] == "Forbidden"
        assert client.post("/graphql", json=STATS).json() == {"data": {"stats": {"documents": 1}}}
