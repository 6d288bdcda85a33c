"""Store statistics (kg.documents.Stats)."""

from __future__ import annotations

import strawberry


@strawberry.type
class GraphSize:
    graph: str
    triples: int


@strawberry.type(description="How much the store holds.")
class Stats:
    documents: int
    events: int
    claims: int
    control_states: int
    actors: int
    places: int
    triples: int
    graphs: list[GraphSize]

    @classmethod
    def from_row(cls, s) -> Stats:
        return cls(
            documents=s.documents,
            events=s.events,
            claims=s.claims,
            control_states=s.control_states,
            actors=s.actors,
            places=s.places,
            triples=s.triples,
            graphs=[GraphSize(graph=g, triples=n) for g, n in sorted(s.graphs.items())],
        )
