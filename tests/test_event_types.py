"""Checks on ontology/event-types.ttl, the SKOS scheme of event types.

The ACLED and PLOVER lists below are the test oracle: they are the codebooks' own names, kept
here so that a typo in the scheme (or a drifted mapping) fails loudly.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS, XSD

from kg.iris import event_type_iri
from kg.namespaces import CKG, EVENT_TYPE

ROOT = Path(__file__).resolve().parent.parent
EVENT_TYPES_TTL = ROOT / "ontology" / "event-types.ttl"
ONTOLOGY_TTL = ROOT / "ontology" / "conflict.ttl"

SCHEME = URIRef(str(EVENT_TYPE) + "scheme")
CKG_NS = "https://w3id.org/conflict-kg/ontology#"

#: ACLED codebook: event_type -> its sub_event_types, exact wording.
ACLED: dict[str, set[str]] = {
    "Battles": {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    },
    "Protests": {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    },
    "Riots": {
        "Violent demonstration",
        "Mob violence",
    },
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}

#: The 16 PLOVER event types, each with the modes the PLOVER manual lists for it
#: (REQUEST takes the modes the manual gives its predecessor DEMAND).
PLOVER_MODES: dict[str, set[str]] = {
    "AGREE": set(),
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": set(),
    "AID": set(),
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "general", "strike", "hunger", "boycott", "obstruct"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {
        "confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport",
        "withhold",
    },
    "ASSAULT": {
        "abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
        "firearms", "explosives", "suicide-attack", "heavy-weapons", "cleansing", "massacre",
        "unconventional", "sideAB",
    },
}

#: Slugs the ingest refers to by name; they must exist.
REQUIRED_SLUGS = {
    "armed-clash", "attack", "government-regains-territory", "non-state-actor-overtakes-territory",
    "advance", "siege", "encirclement", "air-strike", "drone-strike", "shelling", "chemical-weapon",
    "suicide-bombing", "car-bombing", "ied-explosion", "landmine", "grenade", "attack-on-civilians",
    "abduction", "sexual-violence", "peaceful-protest", "protest-with-intervention",
    "excessive-force-against-protesters", "violent-demonstration", "mob-violence", "agreement",
    "ceasefire", "prisoner-exchange", "evacuation", "arrests", "change-to-group-activity",
    "disrupted-weapons-use", "base-established", "looting-property-destruction",
    "non-violent-transfer-of-territory", "withdrawal", "meeting-of-forces", "declaration",
    "statement-of-support", "denial", "accusation", "threat", "sanction", "mobilization", "request",
    "talks", "humanitarian-aid", "other",
}

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CAMEO_ROOT = re.compile(r"(?:0[1-9]|1[0-9]|20)")


@pytest.fixture(scope="module")
def g() -> Graph:
    graph = Graph()
    graph.parse(EVENT_TYPES_TTL, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_TTL, format="turtle")
    return graph


@pytest.fixture(scope="module")
def concepts(g: Graph) -> set[URIRef]:
    return {c for c in g.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}


@pytest.fixture(scope="module")
def tops(g: Graph) -> set[URIRef]:
    return set(g.objects(SCHEME, SKOS.hasTopConcept))


def slug_of(concept: URIRef) -> str:
    return str(concept)[len(str(EVENT_TYPE)):]


def single(g: Graph, s: URIRef, p: URIRef) -> Literal:
    values = list(g.objects(s, p))
    assert len(values) == 1, f"{slug_of(s)}: expected one {p}, got {values}"
    value = values[0]
    assert isinstance(value, Literal), f"{slug_of(s)}: {p} is not a literal"
    return value


def test_parses_with_rdflib(g: Graph) -> None:
    assert len(g) > 0
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g


def test_pyoxigraph_parses_to_the_same_triple_count(g: Graph) -> None:
    triples = list(pyoxigraph.parse(path=str(EVENT_TYPES_TTL), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(set(triples)) == len(g)


def test_scheme_labels(g: Graph) -> None:
    labels = list(g.objects(SCHEME, SKOS.prefLabel))
    assert sorted(lit.language for lit in labels) == ["ar", "en"]


def test_concept_count_and_iris(concepts: set[URIRef]) -> None:
    assert 45 <= len(concepts) <= 80
    for c in concepts:
        assert str(c).startswith(str(EVENT_TYPE))
        slug = slug_of(c)
        assert SLUG.fullmatch(slug), slug
        assert event_type_iri(slug) == c


def test_required_slugs_exist(concepts: set[URIRef]) -> None:
    missing = REQUIRED_SLUGS - {slug_of(c) for c in concepts}
    assert not missing, sorted(missing)


def test_every_concept_is_typed_and_in_the_scheme(g: Graph, concepts: set[URIRef]) -> None:
    typed = set(g.subjects(RDF.type, CKG.EventType))
    assert typed == concepts
    for c in concepts:
        assert list(g.objects(c, SKOS.inScheme)) == [SCHEME], slug_of(c)


def test_every_concept_has_one_pref_label_per_language(g: Graph, concepts: set[URIRef]) -> None:
    for c in concepts:
        langs = Counter(lit.language for lit in g.objects(c, SKOS.prefLabel))
        assert langs == Counter({"en": 1, "ar": 1}), f"{slug_of(c)}: {langs}"
        for lit in g.objects(c, SKOS.prefLabel):
            if lit.language == "ar":
                assert re.search(r"[\u0600-\u06FF]", str(lit)), f"{slug_of(c)}: Arabic label not in Arabic"


def test_every_concept_has_an_english_definition(g: Graph, concepts: set[URIRef]) -> None:
    for c in concepts:
        defs = list(g.objects(c, SKOS.definition))
        assert [d.language for d in defs] == ["en"], slug_of(c)
        assert len(str(defs[0])) > 20, slug_of(c)


def test_pref_labels_are_unique_and_alt_labels_do_not_shadow_them(
    g: Graph, concepts: set[URIRef]
) -> None:
    pref = Counter((str(lit), lit.language) for c in concepts for lit in g.objects(c, SKOS.prefLabel))
    assert [k for k, n in pref.items() if n > 1] == []
    for c in concepts:
        own_pref = {(str(lit), lit.language) for lit in g.objects(c, SKOS.prefLabel)}
        for lit in g.objects(c, SKOS.altLabel):
            key = (str(lit), lit.language)
            assert lit.language in ("en", "ar"), f"{slug_of(c)}: {lit!r}"
            assert key not in own_pref, f"{slug_of(c)}: altLabel repeats prefLabel {lit}"
            assert key not in pref, f"{slug_of(c)}: altLabel {lit} is another concept's prefLabel"


def test_top_concepts_are_the_six_acled_event_types(
    g: Graph, concepts: set[URIRef], tops: set[URIRef]
) -> None:
    assert tops == {c for c in concepts if not list(g.objects(c, SKOS.broader))}
    assert tops == set(g.subjects(SKOS.topConceptOf, SCHEME))
    assert {str(single(g, t, CKG.acledEventType)) for t in tops} == set(ACLED)
    for t in tops:
        for p in (CKG.acledSubEventType, CKG.ploverType, CKG.ploverMode, CKG.cameoCode):
            assert not list(g.objects(t, p)), f"top concept {slug_of(t)} carries {p}"


def top_of(g: Graph, c: URIRef, tops: set[URIRef]) -> URIRef:
    seen = {c}
    while c not in tops:
        parents = list(g.objects(c, SKOS.broader))
        assert len(parents) == 1, f"{slug_of(c)}: expected one skos:broader, got {parents}"
        c = parents[0]
        assert c not in seen, f"skos:broader cycle at {slug_of(c)}"
        seen.add(c)
    return c


def test_every_concept_reaches_a_top_concept(g: Graph, concepts: set[URIRef], tops: set[URIRef]) -> None:
    for c in concepts:
        assert top_of(g, c, tops) in tops
        for parent in g.objects(c, SKOS.broader):
            assert parent in concepts, f"{slug_of(c)}: broader {parent} is not a concept"


def test_mapped_concepts_carry_one_full_mapping(
    g: Graph, concepts: set[URIRef], tops: set[URIRef]
) -> None:
    """Every concept below the top level (leaves and intermediate ones alike) maps to exactly one
    ACLED pair, one PLOVER type and one CAMEO root code; the ACLED pair must be one the codebook
    has, under the same event type as the concept's top concept."""
    for c in concepts - tops:
        name = slug_of(c)
        event_type = single(g, c, CKG.acledEventType)
        sub_type = single(g, c, CKG.acledSubEventType)
        plover = single(g, c, CKG.ploverType)
        cameo = single(g, c, CKG.cameoCode)
        assert str(event_type) in ACLED, f"{name}: unknown ACLED event type {event_type}"
        assert str(sub_type) in ACLED[str(event_type)], f"{name}: {sub_type} is not under {event_type}"
        top = top_of(g, c, tops)
        assert single(g, top, CKG.acledEventType) == event_type, f"{name}: event type differs from top"
        assert str(plover) in PLOVER_MODES, f"{name}: unknown PLOVER type {plover}"
        assert CAMEO_ROOT.fullmatch(str(cameo)), f"{name}: bad CAMEO root code {cameo!r}"
        modes = list(g.objects(c, CKG.ploverMode))
        assert len(modes) <= 1, f"{name}: more than one PLOVER mode"
        for mode in modes:
            assert str(mode) in PLOVER_MODES[str(plover)], f"{name}: {mode} is not a {plover} mode"


def test_narrower_concepts_keep_their_parents_acled_pair(
    g: Graph, concepts: set[URIRef], tops: set[URIRef]
) -> None:
    for c in concepts - tops:
        for parent in g.objects(c, SKOS.broader):
            if parent in tops:
                continue
            for p in (CKG.acledEventType, CKG.acledSubEventType):
                assert single(g, c, p) == single(g, parent, p), f"{slug_of(c)} vs {slug_of(parent)}"


def test_mapping_values_are_plain_strings(g: Graph) -> None:
    for p in (CKG.acledEventType, CKG.acledSubEventType, CKG.ploverType, CKG.ploverMode, CKG.cameoCode):
        for value in g.objects(None, p):
            assert isinstance(value, Literal), value
            assert value.language is None, f"{p} {value!r} has a language tag"
            assert value.datatype in (None, XSD.string), f"{p} {value!r} has datatype {value.datatype}"
            assert str(value) == str(value).strip() and str(value)


def test_plover_values_are_cased_as_in_plover(g: Graph) -> None:
    for value in g.objects(None, CKG.ploverType):
        assert str(value).isupper(), value
    for value in g.objects(None, CKG.ploverMode):
        assert str(value) == "sideAB" or str(value).islower(), value


def test_all_acled_sub_event_types_are_reachable(g: Graph) -> None:
    used = {
        (str(single(g, c, CKG.acledEventType)), str(sub))
        for c, sub in g.subject_objects(CKG.acledSubEventType)
    }
    expected = {(et, sub) for et, subs in ACLED.items() for sub in subs}
    assert len(expected) == 25
    assert expected - used == set()
    assert used - expected == set()


def test_all_plover_types_are_reachable(g: Graph) -> None:
    used = {str(v) for v in g.objects(None, CKG.ploverType)}
    assert len(PLOVER_MODES) == 16
    assert used == set(PLOVER_MODES)


def test_capture_of_territory_is_split_by_actor_kind(g: Graph) -> None:
    gov = event_type_iri("government-regains-territory")
    nsa = event_type_iri("non-state-actor-overtakes-territory")
    assert str(single(g, gov, CKG.acledSubEventType)) == "Government regains territory"
    assert str(single(g, nsa, CKG.acledSubEventType)) == "Non-state actor overtakes territory"


def test_car_bombs_split_by_suicide(g: Graph) -> None:
    assert str(single(g, event_type_iri("car-bombing"), CKG.acledSubEventType)) == (
        "Remote explosive/landmine/IED"
    )
    assert str(single(g, event_type_iri("suicide-bombing"), CKG.acledSubEventType)) == "Suicide bomb"


def test_ckg_terms_used_are_declared_in_the_ontology(g: Graph, ontology: Graph) -> None:
    declared = {
        s for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(CKG_NS)
    }
    used = {
        term
        for triple in g
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(CKG_NS)
    }
    assert used, "no ckg: term used"
    assert used - declared == set()
    for p in (CKG.acledEventType, CKG.acledSubEventType, CKG.ploverType, CKG.ploverMode, CKG.cameoCode):
        assert (p, RDF.type, OWL.DatatypeProperty) in ontology
    assert (CKG.EventType, RDF.type, OWL.Class) in ontology
