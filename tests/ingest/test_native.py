"""The compiled build of the rule stages (ingest/native.py): used only when it matches the
sources, and giving exactly the graphs the sources give."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import native

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import hashlib, json, sys
from datetime import UTC, datetime
from ingest import native
from ingest.article import Article
from ingest.pipeline import extract
from bench.corpus import articles
items = json.loads(sys.stdin.read())
items += [{"id": a["id"], "text": a["text"], "published": a["published"]} for a in articles(40, seed=3)]
out = {}
for it in items:
    x = extract(Article.create(it["text"], doc_id=it["id"], published=it["published"]),
                now=datetime(2024, 1, 1, tzinfo=UTC))
    out[it["id"]] = [hashlib.sha256(x.ntriples).hexdigest(), x.warnings]
print(json.dumps({"compiled": native.active(), "files": {m: sys.modules[m].__file__ for m in native.MODULES},
                  "graphs": out}, ensure_ascii=False))
"""


def _inputs() -> list[dict]:
    items = [{"id": "seed", "text": (ROOT / "seeds" / "000_3c6fba5912577c82.txt").read_text(encoding="utf-8"),
              "published": "2017-11-04"}]
    for txt in sorted((ROOT / "tests" / "cases").glob("*.txt")):
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        items.append({"id": meta["id"], "text": txt.read_text(encoding="utf-8"), "published": meta["published"]})
    return items


def _run(items: list[dict], **env: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(items), capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **env}, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_the_compiled_stages_give_the_graphs_the_sources_give():
    status = native.check()
    if not status.usable:
        # `make test` sets CKG_REQUIRE_NATIVE: there, a missing or stale build is a failure
        assert not os.environ.get("CKG_REQUIRE_NATIVE"), f"no usable native build: {status.reason}"
        pytest.skip(f"no usable native build: {status.reason}")
    items = _inputs()
    compiled, sources = _run(items), _run(items, CKG_NATIVE="0")
    assert compiled["compiled"] and not sources["compiled"]
    assert all(f.endswith(".so") for f in compiled["files"].values())
    assert all(f.endswith(".py") for f in sources["files"].values())
    assert len(compiled["graphs"]) == len(items) + 40
    differ = sorted(k for k in sources["graphs"] if compiled["graphs"][k] != sources["graphs"][k])
    assert not differ, f"compiled and source extraction differ on {differ}"


def _fake_build(tmp_path: Path) -> Path:
    """A build directory whose manifest matches the sources now (files are placeholders)."""
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    modules = {}
    for m in native.MODULES:
        f = Path(*m.split(".")).with_suffix(suffix)
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_bytes(b"")
        modules[m] = {"file": str(f), "sha256": native.source_digest(m)}
    (tmp_path / f"rt{suffix}").write_bytes(b"")
    manifest = {"suffix": suffix, "runtime": "rt", "runtime_file": f"rt{suffix}", "modules": modules}
    (tmp_path / native.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def test_a_build_matching_the_sources_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("CKG_NATIVE", raising=False)
    status = native.check(_fake_build(tmp_path))
    assert status.usable, status.reason
    assert set(status.files) == set(native.MODULES) | {"rt"}


def test_a_build_of_other_sources_is_not_used(tmp_path, monkeypatch):
    """An edited stage takes effect at once: the whole build is set aside, not just that module."""
    monkeypatch.delenv("CKG_NATIVE", raising=False)
    build = _fake_build(tmp_path)
    manifest = json.loads((build / native.MANIFEST).read_text(encoding="utf-8"))
    manifest["modules"]["ingest.events"]["sha256"] = hashlib.sha256(b"an older events.py").hexdigest()
    (build / native.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    status = native.check(build)
    assert not status.usable and "ingest.events" in status.reason and "changed" in status.reason


@pytest.mark.parametrize("damage", ["suffix", "missing-file", "no-manifest", "bad-json", "other-modules", "env",
                                    "empty-manifest", "no-runtime"])
def test_an_unusable_build_says_why(tmp_path, monkeypatch, damage):
    monkeypatch.delenv("CKG_NATIVE", raising=False)
    build = _fake_build(tmp_path)
    manifest = json.loads((build / native.MANIFEST).read_text(encoding="utf-8"))
    if damage == "suffix":
        manifest["suffix"] = ".cpython-27-x86_64-linux-gnu.so"
    elif damage == "missing-file":
        (build / manifest["modules"]["ingest.tokens"]["file"]).unlink()
    elif damage == "other-modules":
        del manifest["modules"]["ingest.dates"]
    elif damage == "env":
        monkeypatch.setenv("CKG_NATIVE", "0")
    elif damage == "empty-manifest":
        manifest = []
    elif damage == "no-runtime":
        del manifest["runtime"]
    (build / native.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    if damage == "no-manifest":
        (build / native.MANIFEST).unlink()
    elif damage == "bad-json":
        (build / native.MANIFEST).write_text("{", encoding="utf-8")
    status = native.check(build)
    assert not status.usable
    expected = {"suffix": "built for", "missing-file": "tokens", "no-manifest": "no build", "bad-json": "unreadable",
                "other-modules": "other modules", "env": "CKG_NATIVE=0", "empty-manifest": "malformed",
                "no-runtime": "malformed"}[damage]
    assert expected in status.reason


def test_without_mypyc_the_builder_says_so_and_builds_nothing(tmp_path):
    """Without mypyc installed the builder exits 0 and says the stages run from their sources."""
    code = "import sys; sys.modules['mypyc'] = None; from ingest.native_build import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run([sys.executable, "-c", code, "--out", str(tmp_path / "b")], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "mypyc is not installed" in proc.stderr
    assert not (tmp_path / "b").exists()


def test_a_failed_build_leaves_the_previous_one_in_place(tmp_path):
    """The compiler failing (here: CC=false) exits non-zero, says so, and leaves the build
    directory as it was (a build is written elsewhere and moved into place whole)."""
    pytest.importorskip("mypyc")
    out = tmp_path / "native"
    out.mkdir()
    (out / "previous").write_text("the previous build", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ingest.native_build", "--out", str(out), "--opt-level", "0"],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CC": "false"}, timeout=600)
    assert proc.returncode == 1 and "the build failed" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["previous"]
    assert not out.with_name("native.new").exists()
