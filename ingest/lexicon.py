"""Trigger and cue lexicons: data in ingest/lexicon/*.tsv|json, matched on token stems.

Rule: a lexicon phrase matches at token ``i`` when each of its (folded) words is one of the
stems of consecutive word tokens (punctuation tokens are never skipped). Among phrases that
match at the same token the longest wins; then a phrase whose first word equals the token's
base form exactly (e.g. with its article) wins over one matched through stripping. The
lexicons are loaded once per process.
"""

from __future__ import annotations

import bisect
import csv
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import ingest
from ingest.normalize import fold
from ingest.tokens import Token, ordered

#: the lexicon files (found through the package, not this module's ``__file__``, which a
#: compiled build of this module does not have)
LEXICON_DIR = Path(ingest.__file__).resolve().parent / "lexicon"


_positions_of: tuple[list[Token] | None, dict[str, list[int]]] = (None, {})


def stem_positions(tokens: list[Token]) -> dict[str, list[int]]:
    """Every stem of the document -> the token positions that have it, ascending (a token's
    stems are its normalised form for numbers and punctuation). Built once per token list and
    shared by every phrase index, so finding where phrases may start is a few dict look-ups
    instead of a scan of the tokens per index."""
    global _positions_of
    if _positions_of[0] is not tokens:
        pos: dict[str, list[int]] = {}
        get = pos.get
        for i, t in enumerate(tokens):
            for stem in t.stems:
                lst = get(stem)
                if lst is None:
                    pos[stem] = [i]
                else:
                    lst.append(i)
        _positions_of = (tokens, pos)
    return _positions_of[1]


@dataclass(frozen=True)
class Match:
    start: int  # token index
    end: int  # token index, exclusive
    payload: Any


class PhraseIndex:
    """Phrases indexed by their first folded word."""

    def __init__(self, entries: list[tuple[str, Any]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for phrase, payload in entries:
            words = tuple(fold(w) for w in phrase.split())
            if words:
                self._by_first.setdefault(words[0], []).append((words, payload))
        for lst in self._by_first.values():
            lst.sort(key=lambda e: -len(e[0]))
        self.first_words = frozenset(self._by_first)
        self.longest = max((len(w) for lst in self._by_first.values() for w, _ in lst), default=1)
        self._tokens: list[Token] | None = None
        self._memo: dict[tuple[int, int | None], Match | None] = {}
        self._starts: list[int] = []
        self._start_set: set[int] = set()

    def match_at(self, tokens: list[Token], i: int, end: int | None = None) -> Match | None:
        """The best phrase starting at token ``i`` (not beyond ``end``), or None. Results are
        memoised per token list (the stages ask the same questions of a document many times)."""
        if self._tokens is not tokens:
            self._reset(tokens)
        if i not in self._start_set:  # most tokens start no phrase
            return None
        key = (i, end if end is not None and end < i + self.longest else None)
        memo = self._memo
        if key in memo:
            return memo[key]
        hit = memo[key] = self._match_at(tokens, i, end)
        return hit

    def _reset(self, tokens: list[Token]) -> None:
        first = self.first_words
        self._tokens, self._memo = tokens, {}
        pos = stem_positions(tokens)
        self._start_set = set().union(*[pos[w] for w in pos.keys() & first])
        self._starts = sorted(self._start_set)

    def starts(self, tokens: list[Token], begin: int = 0, end: int | None = None) -> list[int]:
        """Token positions in [begin, end) where some phrase of this index may start (their
        first word matches); computed once per token list."""
        if self._tokens is not tokens:
            self._reset(tokens)
        st = self._starts
        lo = bisect.bisect_left(st, begin)
        hi = len(st) if end is None else bisect.bisect_left(st, end, lo)
        return st[lo:hi]

    def _match_at(self, tokens: list[Token], i: int, end: int | None = None) -> Match | None:
        t = tokens[i]
        if t.kind == "p":
            cands = self._by_first.get(t.norm)
            if not cands:
                return None
            keys: frozenset[str] = frozenset((t.norm,))
        else:
            keys = t.stems & self.first_words
            if not keys:
                return None
        end = len(tokens) if end is None else end
        best: tuple[int, int, Match] | None = None
        for key in (keys if len(keys) == 1 else ordered(keys)):  # (a fixed order for ties)
            for words, payload in self._by_first[key]:
                n = len(words)
                if i + n > end:
                    continue
                if all(words[k] in tokens[i + k].stems for k in range(1, n)):
                    exact = 1 if words[0] in t.bases else 0
                    score = (n, exact)
                    if best is None or score > best[:2]:
                        best = (n, exact, Match(i, i + n, payload))
                    break
        return best[2] if best else None

    def find_all(self, tokens: list[Token], begin: int = 0, end: int | None = None) -> list[Match]:
        """Non-overlapping matches, left to right."""
        end = len(tokens) if end is None else end
        out: list[Match] = []
        i = begin
        for k in self.starts(tokens, begin, end):
            if k < i:
                continue
            m = self.match_at(tokens, k, end)
            if m:
                out.append(m)
                i = m.end
        return out


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row and row[0].strip() and not row[0].startswith("#"):
                rows.append([c.strip() for c in row])
    return rows


@dataclass(frozen=True)
class Trigger:
    phrase: str
    slug: str
    pos: str  # v or n
    strong: bool


@lru_cache(maxsize=1)
def triggers() -> PhraseIndex:
    return PhraseIndex([(r[0], Trigger(r[0], r[1], r[2], r[3] == "1")) for r in _read_tsv("triggers.tsv")])


@lru_cache(maxsize=1)
def verb_object_triggers() -> dict[str, list[tuple[str, Trigger]]]:
    """Round 9: the two-word verb triggers (``فجر منزلين``, ``أطلق قذيفة``) by their folded verb:
    (folded object, trigger), for a verb and its object with a time expression between them."""
    out: dict[str, list[tuple[str, Trigger]]] = {}
    for r in _read_tsv("triggers.tsv"):
        words = r[0].split()
        if len(words) == 2 and r[2] == "v":
            out.setdefault(fold(words[0]), []).append((fold(words[1]), Trigger(r[0], r[1], r[2], r[3] == "1")))
    return out


@lru_cache(maxsize=1)
def control_cues() -> PhraseIndex:
    return PhraseIndex([(r[0], (r[1], r[2])) for r in _read_tsv("control.tsv")])


@lru_cache(maxsize=1)
def speech_cues() -> PhraseIndex:
    return PhraseIndex([(r[0], (r[1], r[2])) for r in _read_tsv("speech.tsv")])


@lru_cache(maxsize=1)
def modality_cues() -> PhraseIndex:
    return PhraseIndex([(r[0], (r[1], r[2])) for r in _read_tsv("modality.tsv")])


@lru_cache(maxsize=1)
def word_lists() -> dict[str, Any]:
    """entities.json, as loaded (not folded)."""
    with open(LEXICON_DIR / "entities.json", encoding="utf-8") as f:
        return json.load(f)


@cache
def phrase_index(list_name: str) -> PhraseIndex:
    """A PhraseIndex over one list (or the keys of one dict) of entities.json; the payload is
    the dict value, or the phrase itself for lists."""
    data = word_lists()[list_name]
    if isinstance(data, dict):
        return PhraseIndex(list(data.items()))
    return PhraseIndex([(p, p) for p in data])


@cache
def folded_set(list_name: str) -> frozenset[str]:
    data = word_lists()[list_name]
    return frozenset(fold(p) for p in data)
