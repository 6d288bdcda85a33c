"""Arabic-aware label search.

:func:`normalize_for_search` folds what Arabic spelling varies on, so a search matches
with or without it: diacritics (harakat, shadda, sukun, dagger alef), tatweel, the alef
variants (أ إ آ ٱ -> ا), alef maqsura (ى -> ي), taa marbuta (ة -> ه), hamza on waw/yaa
(ؤ -> و, ئ -> ي), Latin case and punctuation. Each word then loses the definite article
(ال) and one attached conjunction/preposition (و ب ل ف ك, also وال بال لل) when what
remains is still a word, so ``والرقة`` / ``بالرقة`` / ``الرقة`` / ``رقة`` all match.

This duplicates a minimal part of what the ingest does; it should move to
``kg.textsearch.normalize_for_search`` so ingest and API share one copy (asked of the lead).

:class:`LabelIndex` keeps the normalised labels of actors, places, event types and
document headlines in memory. Measured over 20,500 labels (seed + synthetic places):
a search takes ~15 ms against ~88 ms for the same match as a SPARQL ``REPLACE`` chain over
every label (bound ``?q``), and building the index takes ~0.7 s. So the index is built from
the store at app startup (or first use) and rebuilt after this app's writes; for remote
stores, which other processes write to, also when older than ``max_age`` seconds, in the
background. Matching runs ``str.find`` over each kind's distinct normalised labels (at 1M
triples, 28k labels; ``الجيش`` matches 1,838 actors in 0.2 ms for a page of 21, 0.8 ms for
all of them), and ranking stops once the page is full.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import re
import threading
import time
import unicodedata
from dataclasses import dataclass

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "«": " ",
        "»": " ",
        "،": " ",
        "؛": " ",
        "؟": " ",
    }
)
_NON_WORD = re.compile(r"[^\w]+")
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _strip_word(word: str) -> str:
    if not _ARABIC.match(word):
        return word
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= (2 if len(prefix) > 1 else 3):
            rest = word[len(prefix) :]
            # "لل" stands for ل + ال; a bare و/ب/ل/ف/ك may be followed by ال
            if prefix in ("و", "ب", "ف", "ك") and rest.startswith("ال") and len(rest) > 3:
                rest = rest[2:]
            return rest
    return word


def normalize_for_search(text: str) -> str:
    """Fold spelling variation; see the module docstring. Returns space-separated words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DIACRITICS.sub("", text).translate(_FOLD)
    words = [w for w in _NON_WORD.split(text) if w]
    return " ".join(_strip_word(w) for w in words)


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str  # "actor" | "place" | "event_type" | "document"
    label: str
    lang: str
    normalized: str


_LABELS_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?s ?kind ?label WHERE {
  {
    ?s a ?cls . VALUES (?cls ?kind) { (ckg:Actor "actor") (ckg:Person "actor") (ckg:Place "place")
                                      (ckg:EventType "event_type") }
    ?s skos:prefLabel|skos:altLabel ?label .
  } UNION {
    ?s a ckg:Document ; schema:headline ?label . BIND("document" AS ?kind)
  }
}
"""


class LabelIndex:
    """Normalised labels in memory. ``max_age`` None: only this app writes the store, so
    the index is rebuilt only after :meth:`invalidate` (embedded stores). With a number
    (remote stores, which other processes write to), an index older than that is rebuilt
    in a background thread while the old one keeps answering, so no request waits for a
    rebuild (~1.7 s at 1M triples on disk) except the very first one."""

    def __init__(self, store, *, max_age: float | None = 60.0):
        self._store = store
        self._max_age = max_age
        self._entries: list[Entry] = []
        # per kind: labels joined by NUL (one C-speed str.find per match), entry starts
        self._by_kind: dict[str, tuple[str, list[int], list[Entry]]] = {}
        self._built = 0.0
        self._valid = False
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._refreshing = False

    def refresh(self) -> None:
        with self._build_lock:
            result = self._store.query(_LABELS_QUERY, max_results=10_000_000)
            entries = []
            for s, kind, label in result.rows:
                entries.append(
                    Entry(
                        s.value,
                        kind.value,
                        label.value,
                        label.language or "",
                        " " + normalize_for_search(label.value) + " ",
                    )
                )
            # per kind: each distinct normalised label once (per-document actors repeat the
            # same names thousands of times), with the entries that carry it
            grouped: dict[str, dict[str, list[Entry]]] = {}
            for e in entries:
                grouped.setdefault(e.kind, {}).setdefault(e.normalized, []).append(e)
            by_kind = {}
            for kind, labels in grouped.items():
                starts, pos, owners = [], 0, []
                for norm, group in labels.items():
                    starts.append(pos)
                    owners.append(sorted(group, key=lambda e: e.iri))  # stable: same-IRI order kept
                    pos += len(norm) + 1
                by_kind[kind] = ("\0".join(labels), starts, owners)
            with self._lock:
                self._entries = entries
                self._by_kind = by_kind
                self._built = time.monotonic()
                self._valid = True
            gc.freeze()  # keep the entries out of full GC passes (see api.app.freeze_heap)

    def invalidate(self) -> None:
        with self._lock:
            self._valid = False

    def warm(self) -> None:
        if not self._valid:
            self.refresh()

    def _ensure_fresh(self) -> None:
        if not self._valid:
            self.refresh()
        elif self._max_age is not None and time.monotonic() - self._built > self._max_age and not self._refreshing:
            self._refreshing = True

            def run():
                try:
                    self.refresh()
                finally:
                    self._refreshing = False

            threading.Thread(target=run, name="ckg-label-index", daemon=True).start()

    def search(self, q: str, *, kinds: set[str] | None = None, limit: int = 20) -> list[tuple[Entry, float]]:
        """Best entry per resource, exact-word matches first, then by label length."""
        self._ensure_fresh()
        needle = normalize_for_search(q)
        if not needle:
            return []
        word = " " + needle + " "
        # every matching distinct label, with its score (all its entries share it)
        levels: dict[float, list[list[Entry]]] = {}
        by_kind = self._by_kind
        for kind in sorted(by_kind) if not kinds else sorted(k for k in kinds if k in by_kind):
            hay, starts, owners = by_kind[kind]
            i = hay.find(needle)
            while i >= 0:
                j = bisect.bisect_right(starts, i) - 1
                group = owners[j]
                norm = group[0].normalized
                score = (1.0 if word in norm else 0.5) * (len(needle) + 2) / len(norm)
                levels.setdefault(score, []).append(group)
                if j + 1 >= len(starts):
                    break
                i = hay.find(needle, starts[j + 1])
        # best score first, then by IRI; a resource counts once, at its best score. Walking
        # the score levels down and merging each level's IRI-sorted groups yields exactly
        # sorted((-best score, iri)) but stops after `limit` (a common word matches ~18k
        # labels at 10M triples).
        hits: list[tuple[Entry, float]] = []
        seen: set[str] = set()
        for score in sorted(levels, reverse=True):
            groups = levels[score]
            merged = groups[0] if len(groups) == 1 else heapq.merge(*groups, key=lambda e: e.iri)
            for e in merged:
                if e.iri in seen:
                    continue
                seen.add(e.iri)
                hits.append((e, score))
                if len(hits) >= limit:
                    return hits
        return hits

    def matching_iris(self, q: str, kinds: set[str], limit: int = 10_000) -> list[str]:
        return [e.iri for e, _ in self.search(q, kinds=kinds, limit=limit)]
