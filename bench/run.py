"""conflict-kg benchmarks, side by side in one run (``make bench`` = ``python -m bench.run``).

    python -m bench.run                      # everything that can run, then RESULTS.md
    python -m bench.run corpus               # corpus generation at 1k/10k/100k
    python -m bench.run writes               # store writes (put_graph) embedded vs remote
    python -m bench.run ingest               # extraction alone, end-to-end ingest, --jobs 1/2
    python -m bench.run memory               # RSS while ingesting a long streamed corpus
    python -m bench.run queries --sizes 1m   # analyst queries: SPARQL floor, rdflib, GraphQL (+HTTP)
    python -m bench.run validate             # whole-store SHACL at 1M: pyshacl-turbo vs pySHACL
    python -m bench.run report               # RESULTS.md from bench/results/*.json

Each part writes bench/results/<part>.json with real measurements; a part whose dependency
is missing (ingest.pipeline, api.app) records why it did not run instead of a number.
Every loop is bounded in count and in time; servers bind 127.0.0.1. Generated data is cached
in $CKG_BENCH_DIR (default /tmp/ckg-bench).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WORK = Path(os.environ.get("CKG_BENCH_DIR", "/tmp/ckg-bench"))
SIZES = {"1m": 1_000_000, "10m": 10_000_000}
TARGETS = {
    "extraction_docs_per_s": 200,
    "e2e_docs_per_s_per_core": 50,
    "graphql_events_p50_ms_10m": 50,
    "validation_1m_s": 30,
    "http_rps_one_worker": 100,
    "http_vs_floor": 2.0,
}
PREFIXES = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------


def rss_peak_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def machine() -> dict:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    import pyoxigraph

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        # the interpreter's build matters (Debian's PGO+LTO python3 runs the ingest ~20% faster
        # than a plain ./configure build): which one ran, and how it was built
        "python_build": f"{sys.base_prefix} ({platform.python_build()[1]})",
        "pyoxigraph": pyoxigraph.__version__ if hasattr(pyoxigraph, "__version__") else "?",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def code_version() -> dict:
    """The commit measured, and whether ingest/, kg/, api/ or ontology/ differed from it (read-only git
    commands; a digest of the working-tree files tells runs on uncommitted code apart)."""
    import hashlib

    def git(*cmd: str) -> str:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            return subprocess.run(
                ["git", "-C", str(ROOT), *cmd], capture_output=True, text=True, timeout=30
            ).stdout.rstrip()
        return "?"

    digest = hashlib.sha256()  # code and data the measured paths read (lexicons, shapes, gazetteer)
    for d in ("ingest", "kg", "api", "ontology"):
        for path in sorted((ROOT / d).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    status = git("status", "--porcelain", "--", "ingest", "kg", "api", "ontology")
    changed = [line.split(None, 1)[1] for line in status.splitlines() if line.strip()]
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted": changed,
        "tree_digest": digest.hexdigest()[:12],
        "root": str(ROOT),  # a frozen copy of the tree when the benchmark ran on one
    }


def save(part: str, data: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {
        "part": part,
        "machine": machine(),
        "code": code_version(),
        "command": " ".join(["python -m bench.run", *sys.argv[1:]]),
        **data,
    }
    (RESULTS / f"{part}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    with open(RESULTS / "history.jsonl", "a", encoding="utf-8") as fh:  # every run, for the trend table
        fh.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    print(f"[bench] {part}: saved {RESULTS / (part + '.json')}", file=sys.stderr)


def available(module: str, attr: str | None = None) -> str | None:
    """None when ``module`` (and ``attr``) import, else the reason."""
    try:
        mod = importlib.import_module(module)
    except Exception as e:  # noqa: BLE001 - any import failure means "not ready"
        return f"{module} not importable: {type(e).__name__}: {e}"
    if attr and not hasattr(mod, attr):
        return f"{module}.{attr} missing"
    return None


def timed_runs(fn: Callable[[], object], *, n: int = 30, warmup: int = 2, budget_s: float = 30.0) -> dict:
    """Latencies of ``fn`` in ms: at most ``n`` runs and ``budget_s`` seconds."""
    for _ in range(warmup):
        fn()
    samples = []
    start = time.perf_counter()
    while len(samples) < n and time.perf_counter() - start < budget_s:
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {
        "runs": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 2),
    }


@contextlib.contextmanager
def oxigraph_server(location: Path | None):
    sys.path.insert(0, str(ROOT))
    from tests.oxigraph_server import start_oxigraph

    server = start_oxigraph(location, startup=120)
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------
# corpus
# ---------------------------------------------------------------------------------------


def corpus_path(n: int, seed: int = 1) -> Path:
    path = WORK / f"corpus-{n}-s{seed}.jsonl"
    if not path.exists():
        from bench.corpus import write_jsonl

        WORK.mkdir(parents=True, exist_ok=True)
        write_jsonl(str(path) + ".part", n, seed)
        os.replace(str(path) + ".part", path)
    return path


def bench_corpus(args) -> None:
    from bench.corpus import write_jsonl

    rows = []
    for n in args.corpus_sizes:
        out = WORK / f"corpus-{n}-s1.jsonl"
        WORK.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        size = write_jsonl(str(out), n, 1)
        seconds = time.perf_counter() - t
        rows.append(
            {
                "documents": n,
                "seconds": round(seconds, 2),
                "docs_per_s": round(n / seconds),
                "MB": round(size / 1e6, 1),
                "avg_bytes": round(size / n),
                "peak_rss_mb": round(rss_peak_mb()),
            }
        )
    save("corpus", {"rows": rows})


# ---------------------------------------------------------------------------------------
# store writes: put_graph (read, compare, atomic replace) embedded vs remote
# ---------------------------------------------------------------------------------------


def bench_writes(args) -> None:
    from bench.corpus import article_spec, load_lexicon
    from bench.synth_graph import document_quads
    from kg.documents import put_graph
    from kg.remote import RemoteStore
    from kg.store import OxigraphStore

    lex = load_lexicon()
    docs = []
    for i in range(args.write_docs):
        lines = document_quads(article_spec(1, i, lex))
        quads = list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
        docs.append((quads[0].graph_name.value, [q.triple for q in quads]))
    triples = sum(len(t) for _, t in docs)
    rows = []

    def run(label: str, store) -> None:
        t = time.perf_counter()
        for graph, trs in docs:
            put_graph(store, graph, trs)
        first = time.perf_counter() - t
        t = time.perf_counter()
        unchanged = sum(1 for graph, trs in docs if not put_graph(store, graph, trs))
        second = time.perf_counter() - t
        rows.append(
            {
                "store": label,
                "documents": len(docs),
                "triples": triples,
                "write_docs_per_s": round(len(docs) / first, 1),
                "write_triples_per_s": round(triples / first),
                "noop_docs_per_s": round(len(docs) / second, 1),
                "noop_unchanged": unchanged,
            }
        )

    with tempfile.TemporaryDirectory(prefix="ckg-bench-") as tmp:
        with OxigraphStore(Path(tmp) / "embedded") as store:
            run("embedded (disk)", store)
        with oxigraph_server(Path(tmp) / "remote") as server:
            with RemoteStore(server.query, update_endpoint=server.update, gsp_endpoint=server.gsp) as store:
                run("remote oxigraph (SPARQL update)", store)
            with RemoteStore(server.query, gsp_endpoint=server.gsp, replace_via="gsp") as store:
                store.update("DROP ALL")
                run("remote oxigraph (GSP PUT)", store)
    save("writes", {"rows": rows})


# ---------------------------------------------------------------------------------------
# ingest (needs ingest.pipeline): extraction alone, end-to-end through the gate, memory
# ---------------------------------------------------------------------------------------


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _rss_now_mb(pid: int | str = "self", field: str = "VmRSS") -> float | None:
    """Resident set size of a process in MB: now (VmRSS) or its peak since exec (VmHWM);
    None when the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _cpu_s(children: bool = False) -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _proc_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by another process (e.g. the oxigraph server)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _dir_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def _child(argv: list[str], timeout: float) -> dict:
    """Run ``python -m bench.run <argv>`` in its own process (its own peak RSS); its last
    stdout line is a JSON object."""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.run", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:.0f} s"}
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"error": proc.stderr.strip()[-800:] or f"exit status {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _articles(corpus: str, limit: int | None):
    """Articles as `ckg ingest corpus.jsonl` reads them (streamed, one line at a time)."""
    from itertools import islice

    from ingest.sources import iter_articles

    items = iter_articles(corpus, {})
    return islice(items, limit) if limit else items


def _extract_child(args) -> None:
    """Extraction alone (``extract(article).graph_text``: every stage plus the N-Triples
    text the gate takes), one process, one core; then a per-stage breakdown of the
    gate (extract, validate_document, batched put_graphs on an embedded store) for a few
    documents."""
    from ingest import native
    from ingest.pipeline import extract
    from kg.documents import put_graphs
    from kg.store import OxigraphStore
    from kg.validation import validate_document

    code = code_version()
    items = list(_articles(args.corpus, args.limit))
    for item in items[:5]:  # warm-up: gazetteer index, lexicons, compiled shapes
        validate_document(extract(item).graph_text)
    # whether the stages ran compiled (ingest/native.py), and if not, why
    out: dict = {"loadavg_start": loadavg(), "native": native.active() or native.check().reason}
    triples = done = 0
    analyse = 0.0  # extract() analyses the text; .graph_text then builds the N-Triples text
    # with the garbage-collector settings the ingest gate runs extraction under
    from kg.ingestion import batch_gc

    with batch_gc() as freeze:
        freeze()  # the warm-up loaded the reference data
        t, c = time.perf_counter(), time.process_time()
        deadline = t + args.budget
        for item in items:
            t0 = time.perf_counter()
            extraction = extract(item)
            analyse += time.perf_counter() - t0
            triples += extraction.graph_text.count
            done += 1
            if time.perf_counter() > deadline:
                break
        wall, cpu = time.perf_counter() - t, time.process_time() - c
    out["extraction"] = {
        "documents": done,
        "seconds": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "docs_per_s": round(done / wall, 1),
        "docs_per_cpu_s": round(done / cpu, 1),
        "triples_per_s": round(triples / wall),
        "triples_per_doc": round(triples / done),
        "avg_bytes": round(sum(len(i.text.encode("utf-8")) for i in items[:done]) / done),
        "ms_per_doc": {
            "analysis (extract())": round(analyse * 1000 / done, 2),
            "building triples (.graph_text)": round((wall - analyse) * 1000 / done, 2),
        },
    }
    # the gate's steps as kg.ingestion runs them: extract, serialise + validate, and write in
    # batches of kg.ingestion.BATCH_DOCUMENTS (a batch's write time shared by its documents)
    from kg.ingestion import BATCH_DOCUMENTS

    stages = {"extract": 0.0, "validate_document": 0.0, f"put_graphs (embedded, batches of {BATCH_DOCUMENTS})": 0.0}
    write = list(stages)[-1]
    refused = n = 0
    batch: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory(prefix="ckg-bench-") as tmp, OxigraphStore(Path(tmp) / "s") as store:
        deadline = time.perf_counter() + args.budget
        limit = min(len(items), args.stage_docs)
        for item in items[:limit]:
            t0 = time.perf_counter()
            extraction = extract(item)
            doc = extraction.graph_text
            t1 = time.perf_counter()
            data = doc.ntriples
            report = validate_document(doc)
            t2 = time.perf_counter()
            if report.conforms:
                batch.append((str(extraction.doc_iri), data))
            else:
                refused += 1
            n += 1
            last = n == limit or time.perf_counter() > deadline
            if len(batch) >= BATCH_DOCUMENTS or (last and batch):
                put_graphs(store, batch)
                batch = []
            stages["extract"] += t1 - t0
            stages["validate_document"] += t2 - t1
            stages[write] += time.perf_counter() - t2
            if last:
                break
    out["stages"] = {
        "documents": n,
        "refused": refused,
        "ms_per_doc": {k: round(v * 1000 / n, 2) for k, v in stages.items()},
        "docs_per_s_all_stages": round(n / sum(stages.values()), 1),
    }
    out["loadavg_end"] = loadavg()
    out["peak_rss_mb"] = round(rss_peak_mb())
    out["code"] = code
    print(json.dumps(out))


def _ingest_child(args) -> None:
    """One ingest run through the real gate (kg.ingestion.ingest_items, as `ckg ingest`
    does), in its own process; optional RSS samples at document counts. Prints JSON."""
    import multiprocessing

    from ingest.pipeline import extract
    from kg.documents import sync_reference
    from kg.ingestion import ingest_items
    from kg.store import open_store

    code = code_version()  # this process imported the code as it was now
    store = open_store(args.store, update_endpoint=args.update or "")
    sync_reference(store)
    embedded = not args.store.startswith(("http://", "https://"))
    checkpoints = set(args.checkpoints)
    statuses: dict[str, int] = {}
    samples = []
    triples = n = 0
    first = None
    stopped = None
    start_rss = _rss_now_mb()
    load0, cpu0 = loadavg(), _cpu_s()
    t0 = time.perf_counter()
    deadline = t0 + args.budget
    last_t, last_n = t0, 0
    # Workers' peak RSS is read from /proc (VmHWM) while they live: RUSAGE_CHILDREN's maxrss
    # is not theirs alone, because a spawned worker is forked from this process before it
    # execs, and Linux keeps the forked copy's high-water mark (this process's RSS then).
    workers_hwm: dict[int, float] = {}

    def sample_workers() -> None:
        for p in multiprocessing.active_children():
            hwm = _rss_now_mb(p.pid, "VmHWM")
            if hwm is not None:
                workers_hwm[p.pid] = max(hwm, workers_hwm.get(p.pid, 0.0))

    outcomes = ingest_items(store, _articles(args.corpus, args.limit), extract, jobs=args.jobs)
    try:
        for outcome in outcomes:
            n += 1
            if args.jobs > 1 and (n % 10 == 0 or n in checkpoints):
                sample_workers()
            if first is None:
                first = time.perf_counter() - t0
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
            triples += outcome.triples
            if n in checkpoints:
                now = time.perf_counter()
                samples.append(
                    {
                        "documents": n,
                        "seconds": round(now - t0, 1),
                        "interval_docs_per_s": round((n - last_n) / (now - last_t), 1),
                        "rss_mb": _rss_now_mb(),
                        "peak_rss_mb": round(rss_peak_mb()),
                        "workers_rss_mb": [_rss_now_mb(p.pid) for p in multiprocessing.active_children()],
                        "workers_peak_rss_mb": [workers_hwm.get(p.pid) for p in multiprocessing.active_children()],
                        # memory blocks Python's allocator holds: flat while RSS grows = native (RocksDB)
                        "python_blocks": sys.getallocatedblocks(),
                        "server_rss_mb": _rss_now_mb(args.server_pid) if args.server_pid else None,
                        "store_mb": _dir_mb(Path(args.store)) if embedded else None,
                        "loadavg": loadavg(),
                    }
                )
                print(f"[bench] ingest sample: {samples[-1]}", file=sys.stderr, flush=True)
                last_t, last_n = now, n
            if time.perf_counter() > deadline:
                stopped = f"stopped by the time budget ({args.budget:.0f} s) after {n} documents"
                break
    finally:
        outcomes.close()  # closes the pool (workers are joined, so RUSAGE_CHILDREN counts them)
    seconds = time.perf_counter() - t0
    cpu_main, cpu_workers = _cpu_s() - cpu0, _cpu_s(children=True)
    store.close()
    print(
        json.dumps(
            {
                "documents": n,
                "seconds": round(seconds, 2),
                "first_outcome_s": round(first or 0, 2),
                "docs_per_s": round(n / seconds, 1),
                "triples": triples,
                "triples_per_s": round(triples / seconds),
                "triples_per_doc": round(triples / max(n, 1)),
                "statuses": statuses,
                "cpu_main_s": round(cpu_main, 1),
                "cpu_workers_s": round(cpu_workers, 1),
                "docs_per_cpu_s": round(n / (cpu_main + cpu_workers), 1),
                "start_rss_mb": start_rss,
                "peak_rss_mb": round(rss_peak_mb()),
                "workers_peak_rss_mb": round(max(workers_hwm.values())) if workers_hwm else None,
                "workers_sampled": len(workers_hwm),
                "rusage_children_maxrss_mb": round(rss_peak_mb(True)),
                "store_mb": _dir_mb(Path(args.store)) if embedded else None,
                "server_rss_mb": _rss_now_mb(args.server_pid) if args.server_pid else None,
                "loadavg_start": load0,
                "loadavg_end": loadavg(),
                "samples": samples,
                "stopped": stopped,
                "code": code,
            }
        )
    )


def bench_ingest(args) -> None:
    why = available("ingest.pipeline", "extract") or available("ingest.sources", "iter_articles")
    if why:
        save("ingest", {"skipped": why})
        return
    import httpx

    corpus = corpus_path(args.ingest_docs)
    extraction = _child(
        [
            "_extract",
            "--corpus",
            str(corpus),
            "--limit",
            str(args.ingest_docs),
            "--stage-docs",
            str(args.stage_docs),
            "--budget",
            "300",
        ],
        timeout=900,
    )
    print(f"[bench] extraction: {extraction}", file=sys.stderr)
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="ckg-bench-") as tmp,
        oxigraph_server(Path(tmp) / "remote") as server,
    ):
        for backend in ("embedded", "remote"):
            for jobs in (1, 2):
                if backend == "embedded":
                    location, update = str(Path(tmp) / f"emb-{jobs}"), ""
                else:
                    location, update = server.query, server.update
                    httpx.post(
                        update,
                        content=b"DROP ALL",
                        headers={"Content-Type": "application/sparql-update"},
                        timeout=60,
                    ).raise_for_status()
                server_cpu = _proc_cpu_s(server.process.pid)
                row = _child(
                    [
                        "_ingest",
                        "--store",
                        location,
                        "--update",
                        update,
                        "--jobs",
                        str(jobs),
                        "--corpus",
                        str(corpus),
                        "--limit",
                        str(args.ingest_docs),
                        "--budget",
                        "600",
                        *(["--server-pid", str(server.process.pid)] if backend == "remote" else []),
                    ],
                    timeout=900,
                )
                if backend == "remote" and server_cpu is not None and "error" not in row:
                    row["server_cpu_s"] = round((_proc_cpu_s(server.process.pid) or 0) - server_cpu, 1)
                rows.append({"backend": backend, "jobs": jobs, **row})
                print(f"[bench] ingest: {rows[-1]}", file=sys.stderr)
    save("ingest", {"extraction": extraction, "rows": rows, "corpus_docs": args.ingest_docs})


def bench_memory(args) -> None:
    """Bounded memory for large batches: one long streamed ingest with RSS samples at
    document counts, per --memory-configs (backend: embedded on disk or a remote oxigraph
    server; jobs)."""
    why = available("ingest.pipeline", "extract") or available("ingest.sources", "iter_articles")
    if why:
        save("memory", {"skipped": why})
        return
    checkpoints = sorted(args.memory_checkpoints)
    n = checkpoints[-1]
    t = time.perf_counter()
    existed = (WORK / f"corpus-{n}-s1.jsonl").exists()
    corpus = corpus_path(n)
    corpus_info = {
        "documents": n,
        "MB": round(corpus.stat().st_size / 1e6, 1),
        "generate_s": None if existed else round(time.perf_counter() - t, 1),
    }
    rows = []
    for backend, jobs in args.memory_configs:
        with contextlib.ExitStack() as stack:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ckg-bench-")))
            extra = ["--store", str(tmp / "emb")]
            if backend == "remote":
                server = stack.enter_context(oxigraph_server(tmp / "remote"))
                extra = ["--store", server.query, "--update", server.update, "--server-pid", str(server.process.pid)]
            row = _child(
                [
                    "_ingest",
                    *extra,
                    "--jobs",
                    str(jobs),
                    "--corpus",
                    str(corpus),
                    "--limit",
                    str(n),
                    "--checkpoints",
                    ",".join(map(str, checkpoints)),
                    "--budget",
                    str(args.memory_budget),
                ],
                timeout=args.memory_budget + 600,
            )
        rows.append({"backend": backend, "jobs": jobs, **row})
        print(f"[bench] memory: {rows[-1]}", file=sys.stderr)
    save("memory", {"corpus": corpus_info, "rows": rows, "target_docs": 100_000})


# ---------------------------------------------------------------------------------------
# analyst queries at 1M / 10M triples
# ---------------------------------------------------------------------------------------

# The floor: for each GraphQL query of GRAPHQL, the same data fetched by one direct SPARQL
# query written the way a competent engineer would for Oxigraph (measured side by side in
# /tmp while rewriting them, 1M triples on disk):
# * events page: the page is found on the date predicate alone (only events carry it; the
#   `?e a ckg:Event` join before the sort cost ~800 ms), and the full sort with its IRI
#   tie-break (~180 ms: every IRI decoded) is cut to the events on or after the 20th date
#   (a sort of dates only, ~30 ms). Details come through a UNION of branches that start
#   from the bound ?e: the same data through nested OPTIONALs took 500-1150 ms, because
#   Oxigraph evaluated each OPTIONAL over every event before joining.
# * governorate: the places within first, then events there, with the end-date condition
#   of the API's dateFrom (end >= from) and the places' Arabic names, as the API returns.
# * actor search: a CONTAINS on Arabic labels, LIMIT 20 — cheaper than what the API does
#   (Arabic-normalised match, ranked by exact word and label length), so a low floor.
# * within chain: the place's name plus every larger unit with name and kind.
SPARQL = {
    "events page (20, participants, places, evidence)": PREFIXES
    + """
SELECT ?e ?date ?type ?place ?placeLabel ?role ?actor ?actorLabel ?anchor ?b ?end WHERE {
  { SELECT ?e ?date WHERE {
      { SELECT ?t WHERE { ?x sem:hasEarliestBeginTimeStamp ?t } ORDER BY DESC(?t) LIMIT 1 OFFSET 19 }
      ?e sem:hasEarliestBeginTimeStamp ?date FILTER(?date >= ?t) } ORDER BY DESC(?date) ?e LIMIT 20 }
  { ?e ckg:eventType ?type } UNION
  { ?e sem:hasPlace ?place
    OPTIONAL { ?place skos:prefLabel ?placeLabel FILTER(LANG(?placeLabel) = "ar") } } UNION
  { ?e ckg:participation ?part . ?part sem:roleType ?role ; ckg:participant ?actor
    OPTIONAL { ?actor skos:prefLabel ?actorLabel FILTER(LANG(?actorLabel) = "ar") } } UNION
  { ?e ckg:evidence ?ev . ?ev nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?end }
}""",
    "events in a governorate, date range": PREFIXES
    + """
SELECT ?e ?date ?place ?placeLabel WHERE {
  { SELECT DISTINCT ?e ?date WHERE {
      ?p ckg:within* ?gov . ?e sem:hasPlace ?p ; sem:hasEarliestBeginTimeStamp ?date ;
                                   sem:hasLatestEndTimeStamp ?endDay
      FILTER(?date <= ?to && ?endDay >= ?from) } ORDER BY ?date ?e LIMIT 20 }
  OPTIONAL { ?e sem:hasPlace ?place
             OPTIONAL { ?place skos:prefLabel ?placeLabel FILTER(LANG(?placeLabel) = "ar") } }
} ORDER BY ?date ?e""",
    "actor search (Arabic substring)": PREFIXES
    + """
SELECT DISTINCT ?a ?l WHERE { ?a a ckg:Actor ; skos:prefLabel ?l
  FILTER(CONTAINS(STR(?l), ?needle)) } LIMIT 20""",
    "place with within chain": PREFIXES
    + """
SELECT ?name ?up ?l ?kind WHERE { ?place skos:prefLabel ?name FILTER(LANG(?name) = "ar")
  OPTIONAL { ?place ckg:within+ ?up . ?up skos:prefLabel ?l ; ckg:placeKind ?kind
             FILTER(LANG(?l) = "ar") } }""",
}
GRAPHQL = {
    "events page (20, participants, places, evidence)": (
        "{ events(first: 20, order: DATE_DESC) { edges { node { id date type { slug } places { name } "
        "participants { role actor { name } } evidence { anchorText start end } } } } }",
        {},
    ),
    "events in a governorate, date range": (
        'query($gov: ID!) { events(first: 20, place: $gov, dateFrom: "2016-01-01", dateTo: "2016-12-31") '
        "{ edges { node { id date places { name } } } } }",
        {"gov": "GOV"},
    ),
    "actor search (Arabic substring)": (
        '{ actors(first: 20, search: "الجيش") { edges { node { id name } } } }',
        {},
    ),
    "place with within chain": (
        "query($p: ID!) { place(id: $p) { name withinChain { name kind } } }",
        {"p": "PLACE"},
    ),
}


def synth_nquads(triples: int) -> Path:
    path = WORK / f"synth-{triples}.nq"
    if not path.exists():
        from bench.synth_graph import write_nquads

        WORK.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        with open(str(path) + ".part", "w", encoding="utf-8") as fh:
            docs, n = write_nquads(fh, triples)
        os.replace(str(path) + ".part", path)
        (WORK / f"synth-{triples}.json").write_text(
            json.dumps({"documents": docs, "quads": n, "generate_s": round(time.perf_counter() - t, 1)})
        )
    return path


def build_store(triples: int) -> tuple[Path, dict]:
    """An on-disk Oxigraph store with the synthetic documents and the reference data."""
    from kg.reference import load_into

    nq = synth_nquads(triples)
    directory = WORK / f"store-{triples}"
    info_path = WORK / f"store-{triples}.json"
    if not info_path.exists():
        shutil.rmtree(directory, ignore_errors=True)
        store = ox.Store(str(directory))
        t = time.perf_counter()
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        load_into(store)
        store.flush()
        store.optimize()
        info = {
            "bulk_load_s": round(time.perf_counter() - t, 1),
            **json.loads((WORK / f"synth-{triples}.json").read_text()),  # "quads": synthetic quads
            "store_quads": len(store),  # with the reference data
        }
        del store
        info_path.write_text(json.dumps(info))
    return directory, json.loads(info_path.read_text())


def query_params(store) -> dict:
    """Bound values that hit data: the governorate with most events, a place within it."""
    row = store.select(
        PREFIXES
        + """SELECT ?gov ?place (COUNT(?e) AS ?n) WHERE {
        ?e sem:hasPlace ?place . ?place ckg:within ?gov . ?gov ckg:placeKind ckg:Admin1 }
        GROUP BY ?gov ?place ORDER BY DESC(?n) LIMIT 1"""
    )[0]
    xsd_date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    return {
        "events in a governorate, date range": {
            "gov": row["gov"],
            "from": ox.Literal("2016-01-01", datatype=xsd_date),
            "to": ox.Literal("2016-12-31", datatype=xsd_date),
        },
        "actor search (Arabic substring)": {"needle": ox.Literal("الجيش")},
        "place with within chain": {"place": row["place"]},
    }


def _direct(store, params: dict, label: str, n: int) -> dict:
    out = {}
    for name, sparql in SPARQL.items():
        bindings = params.get(name)
        rows = len(store.query(sparql, bindings=bindings).rows)
        out[name] = {"rows": rows, **timed_runs(lambda s=sparql, b=bindings: store.query(s, bindings=b), n=n)}
        print(f"[bench] {label}: {name}: {out[name]}", file=sys.stderr)
    return out


def _graphql_http(location: str, params: dict, n: int, label: str) -> dict:
    why = available("api.app", "create_app")
    if why:
        return {"skipped": why}
    import httpx

    sys.path.insert(0, str(ROOT))
    from tests.oxigraph_server import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.serve_app", location, str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    out: dict = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return {"skipped": "the API server exited: " + proc.stderr.read().decode()[-600:]}
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + "/health", timeout=2).status_code < 500:
                    break
            time.sleep(0.2)
        else:
            return {"skipped": "the API server did not start within 120 s"}
        values = {
            "GOV": params["events in a governorate, date range"]["gov"].value,
            "PLACE": params["place with within chain"]["place"].value,
        }
        with httpx.Client(base_url=base, timeout=60) as client:
            for name, (query, variables) in GRAPHQL.items():
                variables = {k: values.get(v, v) for k, v in variables.items()}

                def call(q=query, v=variables):
                    r = client.post("/graphql", json={"query": q, "variables": v})
                    body = r.json()
                    if r.status_code != 200 or body.get("errors"):
                        raise RuntimeError(f"{r.status_code}: {json.dumps(body, ensure_ascii=False)[:400]}")
                    return body

                try:
                    out[name] = timed_runs(call, n=n)
                except RuntimeError as e:
                    out[name] = {"error": str(e)}
                print(f"[bench] {label} GraphQL/HTTP: {name}: {out[name]}", file=sys.stderr)
            # throughput on one worker: a bounded loop of the events page, 4 client threads
            name = "events page (20, participants, places, evidence)"
            query = GRAPHQL[name][0]
            count, errors, stop_at = [0], [0], time.perf_counter() + 15
            lock = threading.Lock()

            def worker():
                with httpx.Client(base_url=base, timeout=60) as c:
                    for _ in range(2000):
                        if time.perf_counter() > stop_at:
                            break
                        ok = c.post("/graphql", json={"query": query}).status_code == 200
                        with lock:
                            count[0] += ok
                            errors[0] += not ok

            load0, client0 = loadavg(), time.process_time()
            t, cpu0 = time.perf_counter(), _proc_cpu_s(proc.pid)
            threads = [threading.Thread(target=worker) for _ in range(4)]
            for th in threads:
                th.start()
            for th in threads:
                th.join(timeout=120)
            cpu1 = _proc_cpu_s(proc.pid)
            client_s = time.process_time() - client0
            out["throughput events page"] = {
                "requests": count[0],
                "errors": errors[0],
                "rps": round(count[0] / (time.perf_counter() - t), 1),
                # the server's CPU time per request: what the throughput is made of, and less
                # disturbed than requests/s by other work sharing the machine
                "server_cpu_ms_per_request": (
                    round((cpu1 - cpu0) * 1000 / count[0], 2) if count[0] and None not in (cpu0, cpu1) else None
                ),
                # the 4 client threads run in this process, on the same 2 cores as the server
                "client_cpu_ms_per_request": round(client_s * 1000 / count[0], 2) if count[0] else None,
                "loadavg": [load0, loadavg()],
            }
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        if proc.poll() is None:
            proc.kill()
        if proc.stderr:
            proc.stderr.close()
    return out


def _rdflib(nq: Path, params: dict, budget_s: float) -> dict:
    from rdflib import Dataset

    from kg.terms import from_ox

    ds = Dataset(default_union=True)
    t = time.perf_counter()
    ds.parse(str(nq), format="nquads")
    load_s = time.perf_counter() - t
    out: dict = {"load_s": round(load_s, 1), "peak_rss_mb": round(rss_peak_mb())}
    for name, sparql in SPARQL.items():
        init = {k: from_ox(v) for k, v in (params.get(name) or {}).items()}
        out[name] = timed_runs(
            lambda s=sparql, b=init: list(ds.query(s, initBindings=b)), n=5, warmup=1, budget_s=budget_s
        )
        print(f"[bench] rdflib: {name}: {out[name]}", file=sys.stderr)
    return out


def bench_queries(args) -> None:
    from kg.remote import RemoteStore
    from kg.store import OxigraphStore

    results = {}
    for size in args.sizes:
        triples = SIZES[size]
        directory, info = build_store(triples)
        entry: dict = {"store": info, "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
        with OxigraphStore(directory, read_only=True) as store:
            params = query_params(store)
            entry["sparql_embedded"] = _direct(store, params, f"{size} embedded", args.runs)
        entry["graphql_http_embedded"] = _graphql_http(str(directory), params, args.runs, f"{size} embedded")
        with oxigraph_server(directory) as server:
            with RemoteStore(server.query, read_only=True) as store:
                entry["sparql_remote"] = _direct(store, params, f"{size} remote", args.runs)
            entry["graphql_http_remote"] = _graphql_http(server.query, params, args.runs, f"{size} remote")
        if triples <= args.rdflib_max:
            entry["rdflib_memory"] = _rdflib(synth_nquads(triples), params, budget_s=60)
        entry["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        results[size] = entry
        save(f"queries-{size}", entry)


# ---------------------------------------------------------------------------------------
# whole-store validation
# ---------------------------------------------------------------------------------------


def _validate_child(args) -> None:
    """``total``: kg.validation.validate_store as the CLI calls it. ``split``: the same steps
    timed one by one (export to N-Quads, load into an in-memory store, compile or parse the
    shapes, validate, build the report)."""
    import io

    from kg import validation
    from kg.store import OxigraphStore

    out: dict = {"engine": args.engine, "mode": args.mode, "loadavg_start": loadavg(), "code": code_version()}
    cpu0 = time.process_time()
    if args.mode == "inplace":  # not what validate_store does: the on-disk store handed to turbo as is
        store = ox.Store.read_only(args.store)
        out["quads"] = len(store)
        t = time.perf_counter()
        conforms, results, _text = validation._compiled_shapes().validate(store, allow_warnings=True)
        report = validation.report_from_graph(bool(conforms), results)
        out["seconds"] = round(time.perf_counter() - t, 1)
        out["steps_s"] = {"validate": out["seconds"]}
    with OxigraphStore(Path(args.store), read_only=True) as store:
        if args.mode == "inplace":
            pass
        elif args.mode == "total":
            t = time.perf_counter()
            report = validation.validate_store(store, engine=args.engine)
            out["seconds"] = round(time.perf_counter() - t, 1)
        else:
            steps: dict[str, float] = {}
            t = time.perf_counter()
            buffer = io.BytesIO()
            store.dump(buffer, ox.RdfFormat.N_QUADS)
            steps["export (N-Quads dump)"] = time.perf_counter() - t
            out["export_mb"] = round(buffer.getbuffer().nbytes / 1e6, 1)
            t = time.perf_counter()
            data = ox.Store()
            data.bulk_load(buffer.getvalue(), format=ox.RdfFormat.N_QUADS)
            steps["load (in-memory store)"] = time.perf_counter() - t
            out["quads"] = len(data)
            del buffer
            if args.engine == "turbo":
                t = time.perf_counter()
                shapes = validation._compiled_shapes()
                steps["compile shapes"] = time.perf_counter() - t
                t = time.perf_counter()
                conforms, results, _text = shapes.validate(data, allow_warnings=True)
                steps["validate"] = time.perf_counter() - t
            else:
                from rdflib import Graph

                from kg.terms import from_ox

                t = time.perf_counter()
                validation.shapes_graph()
                steps["parse shapes"] = time.perf_counter() - t
                t = time.perf_counter()
                graph = Graph()
                for q in data:
                    graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
                steps["copy into rdflib"] = time.perf_counter() - t
                del data
                t = time.perf_counter()
                import pyshacl

                conforms, results, _text = pyshacl.validate(
                    graph,
                    shacl_graph=validation.shapes_graph(),
                    inference="none",
                    advanced=False,
                    allow_warnings=True,
                )
                steps["validate"] = time.perf_counter() - t
            t = time.perf_counter()
            report = validation.report_from_graph(bool(conforms), results)
            steps["report"] = time.perf_counter() - t
            out["steps_s"] = {k: round(v, 1) for k, v in steps.items()}
            out["seconds"] = round(sum(steps.values()), 1)
    out.update(
        {
            "cpu_s": round(time.process_time() - cpu0, 1),
            "conforms": report.conforms,
            "violations": len(report.violations),
            "peak_rss_mb": round(rss_peak_mb()),
            "loadavg_end": loadavg(),
        }
    )
    print(json.dumps(out))


def bench_validate(args) -> None:
    """validate_store at 1M (turbo: whole function, then step by step); pySHACL and turbo
    on a smaller store of the same shape (pySHACL on 1M only with --pyshacl-full)."""
    directory, info = build_store(SIZES["1m"])
    runs = [
        ("1m", directory, info, "turbo", "total"),
        ("1m", directory, info, "turbo", "split"),
        ("1m", directory, info, "turbo", "inplace"),
    ]
    if args.pyshacl_full:
        runs.append(("1m", directory, info, "pyshacl", "split"))
    if args.pyshacl_triples:
        sdir, sinfo = build_store(args.pyshacl_triples)
        runs += [
            ("slice", sdir, sinfo, "turbo", "split"),
            ("slice", sdir, sinfo, "pyshacl", "split"),
        ]
    rows = []
    for label, store_dir, store_info, engine, mode in runs:
        row = _child(
            ["_validate", "--store", str(store_dir), "--engine", engine, "--mode", mode],
            timeout=args.validate_timeout,
        )
        rows.append({"store": label, "store_quads": store_info["quads"], "engine": engine, "mode": mode, **row})
        print(f"[bench] validate: {rows[-1]}", file=sys.stderr)
    save("validate", {"store": info, "rows": rows})


# ---------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------


def report(args) -> None:
    from bench.report import render

    text = render(RESULTS, TARGETS)
    (Path(__file__).resolve().parent / "RESULTS.md").write_text(text, encoding="utf-8")
    print("[bench] wrote bench/RESULTS.md", file=sys.stderr)


def run_in_snapshot(argv: list[str]) -> int:
    """Run this command on a frozen copy of the tree (ingest/, kg/, api/ may be edited while a
    long benchmark runs): copy it (with .git, for the commit) under $CKG_BENCH_DIR, run there,
    and bring the results back to bench/results/."""
    code = code_version()
    snap = WORK / f"snapshot-{code['commit']}-{code['tree_digest']}"
    if not snap.exists():
        shutil.copytree(
            ROOT,
            str(snap) + ".part",
            ignore=shutil.ignore_patterns(".venv", "results", "__pycache__", "*.egg-info", ".ruff_cache"),
        )
        os.replace(str(snap) + ".part", snap)
    for path in (ROOT / "bench").glob("*.py"):  # the harness itself is always the current one
        shutil.copy2(path, snap / "bench" / path.name)
    print(f"[bench] running on a frozen copy: {snap}", file=sys.stderr)
    started = time.time()
    rc = subprocess.run([sys.executable, "-m", "bench.run", *argv], cwd=snap).returncode
    RESULTS.mkdir(parents=True, exist_ok=True)
    for path in (snap / "bench" / "results").glob("*.json"):
        if path.stat().st_mtime >= started:
            shutil.copy2(path, RESULTS / path.name)
            print(f"[bench] copied {path.name} to {RESULTS}", file=sys.stderr)
    return rc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "part",
        nargs="?",
        default="all",
        choices=[
            "all",
            "corpus",
            "writes",
            "ingest",
            "memory",
            "queries",
            "validate",
            "report",
            "_extract",
            "_ingest",
            "_validate",
        ],
    )
    parser.add_argument("--sizes", default="1m,10m", help="store sizes for queries: 1m,10m")
    parser.add_argument("--corpus-sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (bounded by 30 s each)")
    parser.add_argument("--write-docs", type=int, default=500)
    parser.add_argument("--ingest-docs", type=int, default=1000, help="documents per ingest configuration")
    parser.add_argument("--stage-docs", type=int, default=300, help="documents in the per-stage breakdown")
    parser.add_argument(
        "--memory-checkpoints",
        default="1000,2000,5000,10000",
        help="document counts at which the memory run samples RSS (the last is its length)",
    )
    parser.add_argument(
        "--memory-configs",
        default="embedded:1",
        help="backend:jobs runs of the memory part, e.g. embedded:1,embedded:2,remote:1",
    )
    parser.add_argument("--memory-budget", type=int, default=1500, help="seconds per memory run (then it stops)")
    parser.add_argument(
        "--pyshacl-triples",
        type=int,
        default=100_000,
        help="size of the smaller store validated with pySHACL (0: none)",
    )
    parser.add_argument("--pyshacl-full", action="store_true", help="also run pySHACL on the 1M store")
    parser.add_argument("--rdflib-max", type=int, default=1_000_000, help="largest store also tried in rdflib")
    parser.add_argument("--validate-timeout", type=int, default=590)
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="run on a frozen copy of the tree (see run_in_snapshot); results come back to bench/results",
    )
    # internal
    parser.add_argument("--store")
    parser.add_argument("--update", default="")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--corpus")
    parser.add_argument("--engine", default="turbo")
    parser.add_argument("--mode", default="total", choices=["total", "split", "inplace"])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--server-pid", type=int, default=0)
    parser.add_argument("--checkpoints", default="")
    parser.add_argument("--budget", type=float, default=600)
    args = parser.parse_args(argv)
    if args.snapshot and args.part != "report":
        return run_in_snapshot([a for a in (sys.argv[1:] if argv is None else argv) if a != "--snapshot"])
    args.sizes = [s for s in args.sizes.split(",") if s]
    args.corpus_sizes = [int(s) for s in args.corpus_sizes.split(",") if s]
    args.memory_checkpoints = [int(s) for s in args.memory_checkpoints.split(",") if s]
    args.memory_configs = [(c.split(":")[0], int(c.split(":")[1])) for c in args.memory_configs.split(",") if c]
    args.checkpoints = [int(s) for s in args.checkpoints.split(",") if s]
    parts = {
        "corpus": bench_corpus,
        "writes": bench_writes,
        "ingest": bench_ingest,
        "memory": bench_memory,
        "queries": bench_queries,
        "validate": bench_validate,
        "report": report,
        "_extract": _extract_child,
        "_ingest": _ingest_child,
        "_validate": _validate_child,
    }
    if args.part == "all":
        for name in ("corpus", "writes", "ingest", "memory", "validate", "queries", "report"):
            parts[name](args)
    else:
        parts[args.part](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
