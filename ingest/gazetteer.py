"""The gazetteer index: Arabic labels of places and actors, and nationality demonyms.

Built once per process from the reference store (kg.reference.reference_store) with SPARQL:
every ``skos:prefLabel``/``skos:altLabel`` in Arabic of a resource in the gazetteer graph
that has a ``ckg:placeKind`` or a ``ckg:actorKind``, with its kind, country, ``ckg:within``,
``ckg:partOf``, population and English label. Labels are folded (normalize.fold) and split
into words; the index is keyed by the first word so matching is one dict look-up per token.
A label may name several entities (a unit in several armies, a town and its governorate):
all candidates are kept and entities.py chooses by context.

Demonyms come from ``ontology/gazetteer/demonyms.tsv`` (ISO code, masculine singular,
masculine plurals, feminine singular, English adjective); the regular forms (ـيون ـيين
ـية ـيات) are added to the listed ones.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ingest.normalize import fold
from kg.namespaces import CKG, GRAPH
from kg.reference import select

_CKG = str(CKG._NS)


@dataclass
class Entity:
    iri: str
    is_place: bool
    kind: str  # local name of the ckg:PlaceKind / ckg:ActorKind, e.g. "City", "StateForce"
    label_ar: str = ""
    label_en: str = ""
    country: str | None = None
    within: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    population: int = 0
    iso: str | None = None


@dataclass(frozen=True)
class Demonym:
    country: str  # IRI of the country place
    iso: str
    en: str  # English adjective
    plural: bool
    feminine: bool


@dataclass
class GazetteerIndex:
    entities: dict[str, Entity]
    labels: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]  # first word -> (words, iris)
    demonyms: dict[str, Demonym]  # folded form -> demonym
    country_by_iso: dict[str, str]
    forces_by_country: dict[str, list[str]]  # country IRI -> state-force actor IRIs, best first
    label_heads: dict[str, set[str]] = field(default_factory=dict)  # entity -> first words of its labels
    _by_two: dict[str, dict[str | None, list]] = field(default_factory=dict, repr=False, compare=False)

    def candidates(self, word: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        return self.labels.get(word, [])

    def candidates_before(self, word: str,
                          following: str | None) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The labels starting with ``word`` that can match when the next token's normalised form
        is ``following`` (None at the end of the text): those whose second word it is, then the
        one-word labels - the order of :meth:`candidates` (longest first), minus the labels
        that cannot match. Grouped by second word on first use."""
        groups = self._by_two.get(word)
        if groups is None:
            groups = self._by_two[word] = {}
            for entry in self.labels.get(word, ()):
                groups.setdefault(entry[0][1] if len(entry[0]) > 1 else None, []).append(entry)
        if following is None:
            return groups.get(None, [])
        two = groups.get(following)
        one = groups.get(None)
        if two is None:
            return one or []
        return two + one if one else two

    def country_of(self, iri: str | None) -> str | None:
        """The country of a place or actor (a country is its own)."""
        if iri is None or iri not in self.entities:
            return None
        e = self.entities[iri]
        if e.is_place and e.kind == "Country":
            return iri
        if e.country:
            return e.country
        for parent in e.within + e.part_of:
            if parent in self.entities and parent != iri:
                c = self.entities[parent].country or (parent if self.entities[parent].kind == "Country" else None)
                if c:
                    return c
        return None

    def ancestors(self, iri: str, prop: str = "part_of") -> list[str]:
        """Transitive ckg:partOf (or ckg:within) of an entity, nearest first."""
        out: list[str] = []
        todo = list(getattr(self.entities[iri], prop)) if iri in self.entities else []
        while todo:
            x = todo.pop(0)
            if x not in out and x != iri:
                out.append(x)
                if x in self.entities:
                    todo.extend(getattr(self.entities[x], prop))
        return out


_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?g ?e ?l ?pref WHERE {
  GRAPH ?g { { ?e skos:prefLabel ?l BIND(true AS ?pref) } UNION { ?e skos:altLabel ?l BIND(false AS ?pref) } }
  FILTER(langMatches(lang(?l), "ar"))
}"""
_PROPS = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?g ?e ?p ?o WHERE {
  GRAPH ?g { ?e ?p ?o }
  VALUES ?p { ckg:placeKind ckg:actorKind ckg:country ckg:within ckg:partOf ckg:population ckg:iso3166 skos:prefLabel }
}"""


def build_index(store: ox.Store | None = None, demonyms_path: Path | None = None) -> GazetteerIndex:
    """Build the index from ``store`` (default: the process-wide reference store)."""
    if store is None:
        from kg.reference import ONTOLOGY_DIR, reference_store

        store = reference_store()
        demonyms_path = demonyms_path or ONTOLOGY_DIR / "gazetteer" / "demonyms.tsv"
    gaz = ox.NamedNode(str(GRAPH["gazetteer"]))
    entities: dict[str, Entity] = {}
    raw: dict[str, dict[str, list]] = {}
    for sol in select(store, _PROPS, g=gaz):
        e, p, o = sol["e"].value, sol["p"].value, sol["o"]
        raw.setdefault(e, {}).setdefault(p, []).append(o)
    for iri, props in raw.items():
        kinds = props.get(_CKG + "placeKind") or props.get(_CKG + "actorKind")
        if not kinds:
            continue
        kind = kinds[0].value.rsplit("#", 1)[-1]
        ent = Entity(iri, _CKG + "placeKind" in props, kind)
        for lab in props.get("http://www.w3.org/2004/02/skos/core#prefLabel", []):
            if lab.language == "en":
                ent.label_en = lab.value
            elif lab.language and lab.language.startswith("ar"):
                ent.label_ar = lab.value
        if props.get(_CKG + "country"):
            ent.country = props[_CKG + "country"][0].value
        ent.within = [o.value for o in props.get(_CKG + "within", [])]
        ent.part_of = [o.value for o in props.get(_CKG + "partOf", [])]
        if props.get(_CKG + "population"):
            try:
                ent.population = int(props[_CKG + "population"][0].value)
            except ValueError:
                ent.population = 0
        if props.get(_CKG + "iso3166"):
            ent.iso = props[_CKG + "iso3166"][0].value.upper()
        entities[iri] = ent
    labels: dict[str, dict[tuple[str, ...], list[str]]] = {}
    heads: dict[str, set[str]] = {}
    for sol in select(store, _LABELS, g=gaz):
        iri = sol["e"].value
        if iri not in entities:
            continue
        words = tuple(fold(sol["l"].value).replace('"', " ").split())
        if not words:
            continue
        if len(words) > 1:
            heads.setdefault(iri, set()).add(words[0][2:] if words[0].startswith("ال") else words[0])
        bucket = labels.setdefault(words[0], {}).setdefault(words, [])
        if iri not in bucket:
            bucket.append(iri)
    label_index = {
        first: sorted(((w, tuple(iris)) for w, iris in d.items()), key=lambda x: -len(x[0]))
        for first, d in labels.items()
    }
    country_by_iso = {e.iso: e.iri for e in entities.values() if e.iso and e.is_place and e.kind == "Country"}
    forces: dict[str, list[str]] = {}
    for e in entities.values():
        if not e.is_place and e.kind in ("StateForce", "State", "Government"):
            c = e.country
            if c:
                forces.setdefault(c, []).append(e.iri)
    rank = {"StateForce": 0, "State": 1, "Government": 2}
    for lst in forces.values():
        lst.sort(key=lambda i: (rank[entities[i].kind], bool(entities[i].part_of), len(entities[i].label_ar), i))
    index = GazetteerIndex(entities, label_index, {}, country_by_iso, forces, heads)
    if demonyms_path is not None and demonyms_path.exists():
        index.demonyms = load_demonyms(demonyms_path, country_by_iso)
    return index


_SPLIT = re.compile(r"[;,|/،]+")


def load_demonyms(path: Path, country_by_iso: dict[str, str]) -> dict[str, Demonym]:
    """Folded demonym forms -> Demonym, for the countries the gazetteer knows."""
    out: dict[str, Demonym] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if not row or row[0].startswith("#") or len(row) < 4:
                continue
            iso = row[0].strip().upper()
            country = country_by_iso.get(iso)
            if country is None:
                continue
            masc = fold(row[1].strip())
            plurals = [fold(p.strip()) for p in _SPLIT.split(row[2]) if p.strip()]
            fem = fold(row[3].strip()) if row[3].strip() else masc + "ه"
            en = row[4].strip() if len(row) > 4 else iso
            forms: list[tuple[str, bool, bool]] = [(masc, False, False), (fem, False, True)]
            forms += [(p, True, False) for p in plurals]
            if masc.endswith("ي"):
                forms += [(masc + "ون", True, False), (masc + "ين", True, False), (masc + "ات", True, True),
                          (masc + "ا", False, False)]
            for form, plural, feminine in forms:
                if len(form) >= 3:
                    out.setdefault(form, Demonym(country, iso, en, plural, feminine))
    return out
