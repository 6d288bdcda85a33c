"""The GraphQL schema. ``schema`` is built with the default limits (it is what
``api/schema.graphql`` is exported from); :func:`build_schema` builds one with a server's
settings (limits, introspection, error masking)."""

from __future__ import annotations

import datetime as dt
import logging
from enum import Enum
from typing import Annotated

import anyio.to_thread
import pyoxigraph as ox
import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from api import execution, ids, lean, ports, preload, repository
from api.limits import cost_rule
from api.repository import EventFilter
from api.types.actor import Actor
from api.types.claim import Claim
from api.types.common import (
    ActorKind,
    Connection,
    ControlStatus,
    Modality,
    Node,
    PlaceKind,
    SpeechAct,
    concept_iri,
    decode_cursor,
    page,
)
from api.types.control_state import ControlState
from api.types.document import Document
from api.types.event import Event
from api.types.event_type import EventType
from api.types.mutations import (
    ArticleInput,
    DeleteResult,
    DocumentDeleted,
    Forbidden,
    IngestResult,
    IngestSuccess,
    InvalidInput,
    NotFound,
    ValidationFailed,
    ValidationResult,
)
from api.types.place import Place
from api.types.search import SearchHit, SearchKind
from api.types.stats import Stats
from api.types.validation import ValidationReport
from kg import documents
from kg.config import Settings
from kg.errors import CkgError
from kg.errors import InvalidInput as InvalidInputError
from kg.errors import NotFound as NotFoundError
from kg.namespaces import CKG, EVENT_TYPE, RDF, SKOS

log = logging.getLogger("api.graphql")


@strawberry.enum
class EventOrder(Enum):
    DATE_ASC = "date_asc"
    DATE_DESC = "date_desc"


@strawberry.input(description="Places within radiusKm of a point.")
class Near:
    lat: float
    long: float
    radius_km: float = 25.0


def _first(info, first: int) -> int:
    limit = info.context.app.settings.max_page_size
    if first < 0 or first > limit:
        raise InvalidInputError(f"first must be between 0 and {limit}, not {first}")
    return first


def _text_arg(value: str | None, what: str, limit: int = 200) -> str | None:
    if value is not None and len(value) > limit:
        raise InvalidInputError(f"{what} is longer than {limit} characters")
    return value


async def _rows_as(info, iris: list[str], cls) -> list:
    return [cls.from_row(r) for r in await info.context.resources(iris)]


_TYPE_CLASSES = [
    (str(CKG.Event), Event),
    (str(CKG.ControlState), ControlState),
    (str(CKG.Claim), Claim),
    (str(CKG.Document), Document),
    (str(CKG.Place), Place),
    (str(CKG.Actor), Actor),
    (str(CKG.Person), Actor),
    (str(CKG.EventType), EventType),
]


async def _typed(info, iri: str, wanted: str):
    row = await info.context.resource(iri)
    if row is None or wanted not in row.iris(str(RDF.type)):
        return None
    return row


@strawberry.type
class Query:
    @strawberry.field(description="Fetch any object by its global id (IRI).")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        iri = ids.resource_iri(str(id))
        row = await info.context.resource(iri)
        if row is None:
            return None
        types = row.iris(str(RDF.type))
        for cls_iri, cls in _TYPE_CLASSES:
            if cls_iri in types:
                return cls.from_row(row)
        return None

    @strawberry.field(description="One event, by IRI or by path (doc/{doc}/event/{key}).")
    async def event(self, info: strawberry.Info, id: strawberry.ID) -> Event | None:
        row = await _typed(info, ids.resource_iri(str(id), what="event"), str(CKG.Event))
        return Event.from_row(row) if row else None

    @strawberry.field(description="Events, ordered by date (undated last). Filters combine with AND.")
    async def events(
        self,
        info: strawberry.Info,
        first: int = 20,
        after: str | None = None,
        type: Annotated[
            str | None,
            strawberry.argument(description="Event type of our scheme: slug or IRI; narrower types are included."),
        ] = None,
        acled_event_type: str | None = None,
        acled_sub_event_type: str | None = None,
        plover_type: str | None = None,
        actor: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Actor id; units that are part of it are included."),
        ] = None,
        place: Annotated[
            strawberry.ID | None, strawberry.argument(description="Place id; places within it are included.")
        ] = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        modality: Modality | None = None,
        min_fatalities: int | None = None,
        document: strawberry.ID | None = None,
        min_confidence: float | None = None,
        order: EventOrder = EventOrder.DATE_ASC,
    ) -> Connection[Event]:
        first = _first(info, first)
        offset = decode_cursor(after)
        f = EventFilter(
            type=ids.event_type_iri(type) if type else None,
            acled_event_type=_text_arg(acled_event_type, "acledEventType"),
            acled_sub_event_type=_text_arg(acled_sub_event_type, "acledSubEventType"),
            plover_type=_text_arg(plover_type, "ploverType"),
            actor=ids.actor_iri(str(actor)) if actor else None,
            place=ids.place_iri(str(place)) if place else None,
            date_from=date_from,
            date_to=date_to,
            modality=concept_iri(modality) if modality else None,
            min_fatalities=min_fatalities,
            document=ids.document_iri(str(document)) if document else None,
            min_confidence=min_confidence,
        )
        if min_confidence is not None and not (0 <= min_confidence <= 1):
            raise InvalidInputError("minConfidence must be between 0 and 1")
        if min_fatalities is not None and min_fatalities < 0:
            raise InvalidInputError("minFatalities must be >= 0")
        iris = await repository.event_page(info.context, f, first, offset, order is EventOrder.DATE_DESC)
        # the page's list holds one event more than it shows, to tell whether a next page exists
        selection = preload.PageSelection.of(info.selected_fields)
        rows, linked = await preload.event_rows(info.context, iris[:first], selection)
        return page(
            [Event.from_row(r, linked) for r in rows],
            offset,
            first,
            lambda: repository.event_count(info.context, f),
            has_next=len(iris) > first,
        )

    @strawberry.field
    async def actor(self, info: strawberry.Info, id: strawberry.ID) -> Actor | None:
        iri = ids.actor_iri(str(id))
        row = await info.context.resource(iri)
        if row is None or not ({str(CKG.Actor), str(CKG.Person)} & set(row.iris(str(RDF.type)))):
            return None
        return Actor.from_row(row)

    @strawberry.field(description="Actors; `search` matches Arabic or English names (Arabic-aware).")
    async def actors(
        self,
        info: strawberry.Info,
        first: int = 20,
        after: str | None = None,
        search: str | None = None,
        kind: ActorKind | None = None,
    ) -> Connection[Actor]:
        first, offset = _first(info, first), decode_cursor(after)
        iris = None
        if search is not None:
            _text_arg(search, "search")
            # without `kind` every hit is an answer: rank only as many as the page needs
            limit = offset + first + 1 if kind is None else 10_000
            iris = await anyio.to_thread.run_sync(info.context.app.labels.matching_iris, search, {"actor"}, limit)
        found, _ = await repository.actor_page(
            info.context, kind=concept_iri(kind) if kind else None, iris=iris, first=first, offset=offset
        )
        return page(await _rows_as(info, found, Actor), offset, first)

    @strawberry.field
    async def place(self, info: strawberry.Info, id: strawberry.ID) -> Place | None:
        row = await _typed(info, ids.place_iri(str(id)), str(CKG.Place))
        return Place.from_row(row) if row else None

    @strawberry.field(description="Places; `within` includes everything inside a governorate or country.")
    async def places(
        self,
        info: strawberry.Info,
        first: int = 20,
        after: str | None = None,
        search: str | None = None,
        within: strawberry.ID | None = None,
        near: Near | None = None,
        kind: PlaceKind | None = None,
    ) -> Connection[Place]:
        first, offset = _first(info, first), decode_cursor(after)
        iris = None
        if search is not None:
            _text_arg(search, "search")
            iris = await anyio.to_thread.run_sync(info.context.app.labels.matching_iris, search, {"place"})
        point = None
        if near is not None:
            if not (-90 <= near.lat <= 90 and -180 <= near.long <= 180 and 0 < near.radius_km <= 5000):
                raise InvalidInputError("near needs -90<=lat<=90, -180<=long<=180 and 0<radiusKm<=5000")
            point = (near.lat, near.long, near.radius_km)
        found, _ = await repository.place_page(
            info.context,
            within=ids.place_iri(str(within)) if within else None,
            iris=iris,
            near=point,
            kind=concept_iri(kind) if kind else None,
            first=first,
            offset=offset,
        )
        return page(await _rows_as(info, found, Place), offset, first)

    @strawberry.field(description="One document, by id or IRI.")
    async def document(self, info: strawberry.Info, id: strawberry.ID) -> Document | None:
        row = await _typed(info, ids.document_iri(str(id)), str(CKG.Document))
        return Document.from_row(row) if row else None

    @strawberry.field(description="Documents, newest first.")
    async def documents(
        self,
        info: strawberry.Info,
        first: int = 20,
        after: str | None = None,
        published_from: dt.date | None = None,
        published_to: dt.date | None = None,
        search: str | None = None,
    ) -> Connection[Document]:
        first, offset = _first(info, first), decode_cursor(after)
        iris = None
        if search is not None:
            _text_arg(search, "search")
            iris = await anyio.to_thread.run_sync(info.context.app.labels.matching_iris, search, {"document"})
        q = repository.document_query(published_from, published_to, iris)
        found = await repository.document_page(info.context, q, first, offset)
        return page(
            await _rows_as(info, found, Document),
            offset,
            first,
            lambda: repository.count(info.context, "d", q),
        )

    @strawberry.field(
        description="Who holds which place as of when. `place` includes places within it, "
        "`actor` its units; `asOf` keeps states dated on or before that day."
    )
    async def control_states(
        self,
        info: strawberry.Info,
        first: int = 20,
        after: str | None = None,
        place: strawberry.ID | None = None,
        actor: strawberry.ID | None = None,
        as_of: dt.date | None = None,
        status: ControlStatus | None = None,
        document: strawberry.ID | None = None,
    ) -> Connection[ControlState]:
        first, offset = _first(info, first), decode_cursor(after)
        q = repository.control_query(
            ids.place_iri(str(place)) if place else None,
            ids.actor_iri(str(actor)) if actor else None,
            as_of,
            concept_iri(status) if status else None,
            ids.document_iri(str(document)) if document else None,
        )
        found = await repository.control_page(info.context, q, first, offset)
        return page(
            await _rows_as(info, found, ControlState),
            offset,
            first,
            lambda: repository.count(info.context, "c", q),
        )

    @strawberry.field(
        description="Claims: who said what. `speaker` includes people and units of it; "
        "`modality` is the modality of what was claimed (e.g. DENIED)."
    )
    async def claims(
        self,
        info: strawberry.Info,
        first: int = 20,
        after: str | None = None,
        speaker: strawberry.ID | None = None,
        modality: Modality | None = None,
        speech_act: SpeechAct | None = None,
        document: strawberry.ID | None = None,
    ) -> Connection[Claim]:
        first, offset = _first(info, first), decode_cursor(after)
        q = repository.claim_query(
            ids.actor_iri(str(speaker)) if speaker else None,
            concept_iri(modality) if modality else None,
            concept_iri(speech_act) if speech_act else None,
            ids.document_iri(str(document)) if document else None,
        )
        found = await repository.claim_page(info.context, q, first, offset)
        return page(await _rows_as(info, found, Claim), offset, first, lambda: repository.count(info.context, "c", q))

    @strawberry.field(
        description="Arabic-aware search over names of actors, places, event types and "
        "document headlines (diacritics, hamza/alef variants, ال and و/ب/ل ignored)."
    )
    async def search(
        self, info: strawberry.Info, q: str, first: int = 20, kinds: list[SearchKind] | None = None
    ) -> list[SearchHit]:
        first = _first(info, first)
        _text_arg(q, "q")
        wanted = {k.value for k in kinds} if kinds else None
        hits = await anyio.to_thread.run_sync(lambda: info.context.app.labels.search(q, kinds=wanted, limit=first))
        rows = {r.iri: r for r in await info.context.resources([e.iri for e, _ in hits])}
        cls = {"actor": Actor, "place": Place, "event_type": EventType, "document": Document}
        out = []
        for entry, score in hits:
            row = rows.get(entry.iri)
            out.append(
                SearchHit(
                    iri=entry.iri,
                    kind=SearchKind(entry.kind),
                    matched_label=entry.label,
                    lang=entry.lang,
                    score=round(score, 4),
                    node=cls[entry.kind].from_row(row) if row else None,
                )
            )
        return out

    @strawberry.field(description="The event-type scheme with its ACLED, PLOVER and CAMEO mappings.")
    async def event_types(self, info: strawberry.Info) -> list[EventType]:
        rows = await info.context.select(
            "SELECT DISTINCT ?t WHERE { ?t a ?cls ; ?inScheme ?scheme } ORDER BY ?t",
            {
                "cls": ox.NamedNode(str(CKG.EventType)),
                "inScheme": ox.NamedNode(str(SKOS.inScheme)),
                "scheme": ox.NamedNode(str(EVENT_TYPE["scheme"])),
            },
        )
        return await _rows_as(info, [r["t"].value for r in rows], EventType)

    @strawberry.field
    async def event_type(self, info: strawberry.Info, id: strawberry.ID) -> EventType | None:
        row = await _typed(info, ids.event_type_iri(str(id)), str(CKG.EventType))
        return EventType.from_row(row) if row else None

    @strawberry.field(description="How much the store holds.")
    async def stats(self, info: strawberry.Info) -> Stats:
        result = await anyio.to_thread.run_sync(documents.stats, info.context.store)
        info.context.queries.append(_note("kg.documents.stats(store)"))
        return Stats.from_row(result)

    @strawberry.field(description="Validate one stored document against the SHACL shapes.")
    async def validation(self, info: strawberry.Info, document: strawberry.ID) -> ValidationResult:
        try:
            iri = ids.document_iri(str(document))
        except InvalidInputError as e:
            return InvalidInput(message=str(e))
        triples = await anyio.to_thread.run_sync(documents.stored_triples, info.context.store, iri)
        if not triples:
            return NotFound(message=f"no document {str(document)!r} in the store")
        from kg.validation import validate_document

        report = await anyio.to_thread.run_sync(lambda: validate_document(triples))
        return ValidationReport.from_row(report)


def _note(text: str):
    from api.context import LoggedQuery

    return LoggedQuery(f"# {text}", {}, 0.0)


def _write_check(info) -> Forbidden | None:
    app = info.context.app
    if app.read_only:
        return Forbidden(message="this server is read-only (several workers share an embedded store)")
    if not app.settings.write_token:
        return Forbidden(message="mutations are disabled: no write token is configured (CKG_WRITE_TOKEN)")
    if not info.context.authorized:
        return Forbidden(message="send the write token as `Authorization: Bearer <token>`")
    return None


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Read an article, validate its graph and store it.")
    async def ingest_document(self, info: strawberry.Info, input: ArticleInput) -> IngestResult:
        denied = _write_check(info)
        if denied:
            return denied
        ingest = info.context.app.ingest
        if ingest is None:
            return Forbidden(message="this server was started without an ingest pipeline")
        article = {
            "id": input.id,
            "text": input.text,
            "title": input.title,
            "published": input.published.isoformat() if input.published else None,
            "publisher": input.publisher,
            "url": input.url,
            "language": input.language,
        }
        if not input.text.strip():
            return InvalidInput(message="text is empty")
        outcome = await anyio.to_thread.run_sync(ingest, article)
        if isinstance(outcome, ports.InvalidInput):
            return InvalidInput(message=outcome.message)
        if isinstance(outcome, ports.ValidationFailed):
            return ValidationFailed(report=ValidationReport.from_row(outcome.report))
        if not isinstance(outcome, ports.Ingested):
            raise TypeError(f"ingest returned {type(outcome).__name__}, not an IngestOutcome")
        info.context.app.data_changed()
        info.context.describe.clear_all()
        doc_row = await info.context.resource(ids.document_iri(outcome.doc_id))
        events = await _rows_as(info, list(outcome.events), Event)
        return IngestSuccess(
            document=Document.from_row(doc_row) if doc_row else None,
            events=events,
            validation=ValidationReport.from_row(outcome.report) if outcome.report else None,
        )

    @strawberry.mutation(description="Remove a document and everything read from it.")
    async def delete_document(self, info: strawberry.Info, id: strawberry.ID) -> DeleteResult:
        denied = _write_check(info)
        if denied:
            return denied
        try:
            iri = ids.document_iri(str(id))
        except InvalidInputError as e:
            return InvalidInput(message=str(e))
        from kg.iris import doc_id_of

        doc_id = doc_id_of(iri)
        try:
            await anyio.to_thread.run_sync(documents.delete_document, info.context.store, doc_id)
        except NotFoundError as e:
            return NotFound(message=str(e))
        info.context.app.data_changed()
        info.context.describe.clear_all()
        return DocumentDeleted(id=strawberry.ID(iri), doc_id=doc_id)


def should_mask(error: GraphQLError) -> bool:
    original = getattr(error, "original_error", None)
    if original is None or isinstance(original, CkgError | GraphQLError):
        return False
    log.error("unexpected error in GraphQL resolver", exc_info=original)
    return True


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or Settings()
    # The validation rules are made once per schema, so that ValidationCache (keyed by
    # document and rule classes) hits: validating the same query text again cost ~3-7 ms
    # per request. Validation does not depend on variable values (the cost rule assumes
    # the worst case for a variable `first`), so a cached result is the same result.
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        cost_rule(settings.max_cost, settings.max_page_size),
    ]
    if not settings.introspection:
        rules += DisableIntrospection().validation_rules
    # factories, so each request gets fresh extension instances (strawberry >= 0.33x)
    extensions = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=256),
        lambda: MaskErrors(should_mask_error=should_mask, error_message="Unexpected error."),
    ]
    built = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        types=[Event, ControlState, Claim, Document, Place, Actor, EventType],
        execution_context_class=execution.FastExecutionContext,
    )
    lean.install(built)
    return built


schema = build_schema()


def export_sdl(path=None) -> str:
    """Write the SDL to api/schema.graphql (or ``path``); returns the text."""
    from pathlib import Path

    text = schema.as_str() + "\n"
    target = Path(path) if path else Path(__file__).with_name("schema.graphql")
    target.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    export_sdl()
