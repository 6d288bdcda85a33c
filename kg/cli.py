"""``ckg``: the command line. A thin layer over library functions.

Each command turns library errors into one line on stderr and an exit code:

    0  success (validate: the data conforms)
    1  validate: the data does not conform; ingest: a document was refused or unreadable
    2  error: bad arguments, unreadable input, a store that cannot be opened, bad SPARQL

This is the one module that imports both ``ingest`` and ``api``; they never import each other.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.config import SETTINGS, Settings, load_settings
from kg.errors import CkgError, InvalidInput
from kg.store import EXPORT_FORMATS, Store, export_format, store_from_settings

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _settings_help() -> str:
    lines = ["\b", "Settings (environment variable > .env > default):"]
    lines += [f"  {s.env:<28} {s.help}" for s in SETTINGS.values()]
    return "\n".join(lines)


class Context:
    def __init__(self, settings: Settings):
        self.settings = settings

    def open_store(self, *, read_only: bool = False, reference: bool = True) -> Store:
        store = store_from_settings(self.settings, read_only=read_only)
        if reference and not read_only:
            from kg.documents import sync_reference

            sync_reference(store)
        return store


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected errors into one line on stderr and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CkgError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)
        except BrokenPipeError:
            sys.exit(EXIT_OK)

    return wrapper


@click.group(epilog=_settings_help(), context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", metavar="LOCATION", help="Store location (overrides CKG_STORE): a directory, "
              "`memory`, or a SPARQL endpoint URL.")
@click.version_option(package_name="conflict-kg")
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """conflict-kg: Arabic conflict reporting as a validated knowledge graph.

    \b
    Example:
      ckg ingest seeds/000_3c6fba5912577c82.txt --published 2017-11-04 --publisher "الحياة"
      ckg serve
    """
    try:
        settings = load_settings().with_(store=store)
    except CkgError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)
    ctx.obj = Context(settings)


def _progress(enabled: bool):
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} docs"),
                    TimeElapsedColumn(), transient=True, disable=not enabled)


@main.command()
@click.argument("source", metavar="FILE|DIR|BATCH.jsonl|-")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date (resolves 'yesterday' and weekdays).")
@click.option("--publisher", metavar="NAME", help="Publisher name.")
@click.option("--title", metavar="T", help="Headline (otherwise one is generated and marked as generated).")
@click.option("--url", metavar="U", help="Source URL.")
@click.option("--id", "doc_id", metavar="ID", help="Document id (default: derived from the text's hash).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for a batch.")
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True,
              help="SHACL engine for the per-document gate.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document on stdout.")
@click.pass_obj
@handle_errors
def ingest(obj: Context, source: str, published: str | None, publisher: str | None, title: str | None,
           url: str | None, doc_id: str | None, jobs: int, engine: str, as_json: bool) -> None:
    """Extract, validate and store Arabic articles.

    SOURCE is a UTF-8 text file (metadata from the options or a sidecar FILE.json), a folder of
    such files, a JSONL batch (one object per line: id, text, published, publisher, title, url),
    or - for standard input. Each document is validated against the SHACL shapes and stored
    whole or not at all; a batch goes on past a bad document and reports it at the end.

    \b
    Example:
      ckg ingest seeds/000_3c6fba5912577c82.txt --published 2017-11-04 --publisher "الحياة"
      ckg ingest articles.jsonl --jobs 2
    """
    from ingest.pipeline import extract
    from ingest.sources import iter_articles
    from kg.ingestion import ingest_items

    defaults = {"published": published, "publisher": publisher, "title": title, "url": url, "id": doc_id}
    tty = sys.stderr.isatty()
    failed = []
    counts = {"stored": 0, "unchanged": 0, "refused": 0, "invalid": 0}
    with obj.open_store() as store, _progress(tty) as progress:
        task = progress.add_task("ingesting", total=None)
        for outcome in ingest_items(store, iter_articles(source, defaults), extract, jobs=jobs, engine=engine):
            counts[outcome.status] += 1
            progress.advance(task)
            if as_json:
                click.echo(json.dumps(_outcome_json(outcome), ensure_ascii=False))
            for warning in outcome.warnings:
                progress.console.print(f"warning: {outcome.source}: {warning}", markup=False, style=None) \
                    if tty else click.echo(f"warning: {outcome.source}: {warning}", err=True)
            if outcome.status in ("refused", "invalid"):
                failed.append(outcome)
            elif not as_json:
                click.echo(f"{outcome.status}: {outcome.doc_id} ({len(outcome.events)} events, "
                           f"{outcome.triples} triples)", err=True)
    for outcome in failed:
        click.echo(f"{outcome.status}: {outcome.source}: {outcome.message}", err=True)
        if outcome.report is not None and not outcome.report.conforms:
            click.echo(outcome.report.to_text(), err=True)
    click.echo(", ".join(f"{n} {k}" for k, n in counts.items()), err=True)
    if failed:
        sys.exit(EXIT_FAILED)


def _outcome_json(outcome) -> dict:
    return {
        "source": outcome.source, "status": outcome.status, "id": outcome.doc_id, "iri": outcome.doc_iri,
        "events": outcome.events, "triples": outcome.triples, "warnings": outcome.warnings,
        "message": outcome.message,
        "violations": [v.line() for v in outcome.report.violations] if outcome.report else [],
    }


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True)
@click.option("--no-reference", is_flag=True, help="Validate FILES alone, without the ontology and gazetteer.")
@click.pass_obj
@handle_errors
def validate(obj: Context, files: tuple[Path, ...], fmt: str, engine: str, no_reference: bool) -> None:
    """Check RDF files, or the whole store, against the SHACL shapes.

    Exit 0 when the data conforms, 1 when it does not, 2 on error. The text report names each
    violation: focus node, path, value, message and shape.

    \b
    Example:
      ckg validate                       # the whole store
      ckg validate data/*.ttl --format json
    """
    from kg.validation import validate_files, validate_store

    if files:
        report = validate_files(files, engine=engine, with_reference=not no_reference)
    else:
        with obj.open_store(read_only=False) as store:
            report = validate_store(store, engine=engine)
    click.echo(report.render(fmt))
    sys.exit(EXIT_OK if report.conforms else EXIT_FAILED)


@main.command()
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle", show_default=True)
@click.option("--graph", "doc", metavar="DOCUMENT", help="Export one document (its id or IRI).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout).")
@click.pass_obj
@handle_errors
def export(obj: Context, fmt: str, doc: str | None, output: Path | None) -> None:
    """Stream the graph as Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML.

    Dataset formats (trig, nq, jsonld) keep one named graph per document; triple formats merge
    everything into one graph unless --graph picks a document.

    \b
    Example:
      ckg export --format trig -o kg.trig
      ckg export --format turtle --graph 000_3c6fba5912577c82
    """
    graph = _graph_iri(doc) if doc else None
    with obj.open_store() as store:
        if graph is not None and graph not in store.graph_names():
            raise InvalidInput(f"no document {doc!r} in the store")
        if output is None:
            store.dump(sys.stdout.buffer, export_format(fmt), graph)
            sys.stdout.buffer.flush()
        else:
            with output.open("wb") as fh:
                store.dump(fh, export_format(fmt), graph)


def _graph_iri(doc: str) -> str:
    from kg.iris import document_iri

    return doc if doc.startswith(("http://", "https://")) else str(document_iri(doc))


@main.command()
@click.argument("sparql", metavar="'SPARQL'|@FILE.rq")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "xml", *EXPORT_FORMATS]),
              help="table/csv/tsv/json/xml for SELECT and ASK; an RDF format for CONSTRUCT/DESCRIBE.")
@click.pass_obj
@handle_errors
def query(obj: Context, sparql: str, fmt: str) -> None:
    """Run a SPARQL query over all graphs (the default graph is their union).

    \b
    Example:
      ckg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      ckg query @questions/q1.rq --format csv
    """
    if sparql.startswith("@"):
        path = Path(sparql[1:])
        try:
            sparql = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InvalidInput(f"cannot read query file {path}: {e}") from None
    with obj.open_store() as store:
        result = store.query(sparql)
    if result.kind == "graph":
        if fmt in ("table", "csv", "tsv", "json", "xml"):
            fmt = "turtle"
        sys.stdout.buffer.write(result.serialize(fmt))
        return
    if fmt in EXPORT_FORMATS:
        raise InvalidInput(f"--format {fmt} is for CONSTRUCT/DESCRIBE; use table, csv, tsv, json or xml")
    if fmt != "table":
        sys.stdout.buffer.write(result.serialize(fmt))
        return
    _print_table(result)


def _print_table(result) -> None:
    from rich.console import Console
    from rich.table import Table

    from kg.results import _plain

    console = Console(soft_wrap=True)
    if result.kind == "ask":
        console.print("true" if result.boolean else "false")
        return
    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*("" if t is None else _plain(t) for t in row))
    console.print(table)
    console.print(f"{len(result.rows)} row(s)", style="dim")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--document", "doc", metavar="ID", help="Only the events of this document.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout).")
@click.pass_obj
@handle_errors
def events(obj: Context, fmt: str, doc: str | None, output: Path | None) -> None:
    """The ACLED-compatible events table: one row per event.

    \b
    Example:
      ckg events --format csv > events.csv
      ckg events --format jsonl --document 000_3c6fba5912577c82
    """
    from kg.events_table import iter_event_rows, write_csv, write_jsonl

    writer = write_csv if fmt == "csv" else write_jsonl
    with obj.open_store() as store:
        if doc is not None and _graph_iri(doc) not in store.graph_names():
            raise InvalidInput(f"no document {doc!r} in the store")
        rows = iter_event_rows(store, document_id=doc)
        if output is None:
            writer(rows, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                writer(rows, fh)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
@handle_errors
def stats(obj: Context, as_json: bool) -> None:
    """Counts: documents, events, claims, control states, actors, places, triples per graph.

    \b
    Example:
      ckg stats --json
    """
    from dataclasses import asdict

    from kg.documents import stats as compute

    with obj.open_store() as store:
        s = compute(store)
    if as_json:
        click.echo(json.dumps(asdict(s), ensure_ascii=False, indent=2))
        return
    for key in ("documents", "events", "claims", "control_states", "actors", "places", "triples"):
        click.echo(f"{key.replace('_', ' '):<15} {getattr(s, key)}")
    click.echo("graphs:")
    for graph, n in sorted(s.graphs.items()):
        click.echo(f"  {n:>9}  {graph}")


@main.command()
@click.argument("doc_id")
@click.pass_obj
@handle_errors
def delete(obj: Context, doc_id: str) -> None:
    """Remove one document (its whole named graph).

    \b
    Example:
      ckg delete 000_3c6fba5912577c82
    """
    from kg.documents import delete_document

    with obj.open_store() as store:
        delete_document(store, doc_id)
    click.echo(f"deleted {doc_id}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.pass_obj
@handle_errors
def serve(obj: Context, host: str, port: int, workers: int) -> None:
    """Serve GraphQL (/graphql), SPARQL (/sparql), exports and resource pages with uvicorn.

    \b
    Example:
      ckg serve --port 8000
      CKG_WRITE_TOKEN=secret ckg serve     # enables the ingestDocument mutation
    """
    from api.server import serve as run

    with obj.open_store():  # load or refresh reference data before workers start
        pass
    factory = "kg.cli:make_ingest" if obj.settings.write_token else None
    run(obj.settings, host=host, port=port, workers=workers, ingest_factory_path=factory)


def make_ingest(store: Store, settings: Settings) -> Callable[[dict], Any]:
    """The ingest callable the API's ``ingestDocument`` mutation uses (api.ports.Ingest):
    the same gate as ``ckg ingest``: extract, validate, store whole or not at all."""
    from api.ports import Ingested, ValidationFailed
    from api.ports import InvalidInput as InvalidArticle
    from ingest.article import Article
    from ingest.pipeline import extract
    from kg.ingestion import commit, prepare

    def ingest_one(article_input: dict) -> Any:
        try:
            article = Article.create(
                article_input.get("text") or "",
                doc_id=article_input.get("id"),
                published=article_input.get("published"),
                publisher=article_input.get("publisher"),
                title=article_input.get("title"),
                url=article_input.get("url"),
            )
        except CkgError as e:
            return InvalidArticle(str(e))
        outcome = commit(store, prepare(article, extract))
        if outcome.status == "invalid":
            return InvalidArticle(outcome.message or "invalid input")
        if outcome.status == "refused":
            return ValidationFailed(outcome.report)
        return Ingested(outcome.doc_id, outcome.events, outcome.report)

    return ingest_one


if __name__ == "__main__":  # pragma: no cover
    main()
