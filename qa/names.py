"""English questions in an Arabic index: their names as Arabic terms for the lexical leg.

Capitalised words are looked up by sound in the index's own Arabic vocabulary ("Ushakov" → أوشاكوف): the
name index that ingest keeps in the manifest (store/name_index.py), so no file text is read at question
time and the first English question costs what the tenth does. Places and nationalities of the gazetteer
(qa/grounded/data/places.py) are left out, see `place_words`."""

from __future__ import annotations

import functools
import re

from qa.grounded.data.places import NATIONALITIES
from qa.grounded.evidence import demonym_forms, place_names
from store.arabic.skeleton import STOPWORDS, name_candidates
from store.index import Index
from store.name_index import NameIndex

_DIGITS = re.compile(r"\d+")


class CorpusNames:
    def __init__(self, index: Index) -> None:
        self.index = index

    def matcher(self) -> NameIndex:
        """The index's words by sound (match / arabic_terms, as store.arabic.skeleton.NameMatcher)."""
        return self.index.names

    def lexical_query(self, question: str) -> str:
        """Arabic spellings of an English question's places and names, plus its numbers (they need no
        translation); '' when it has none."""
        covered = place_words(question)
        words = [w for w in name_candidates(question) if w.lower() not in covered]
        names = self.matcher().arabic_terms(words) if words else []
        return " ".join(dict.fromkeys([*names, *_DIGITS.findall(question)]))


def place_words(question: str) -> set[str]:
    """Lower-case words of an English question that belong to gazetteer places and nationalities ("north",
    "korea", "russian"). They are left out: a place is usually what the whole archive is about, so its
    Arabic name matches nearly every passage (measured: adding them to the lexical leg lowered English MRR
    from 0.92 to 0.72 on dev), and sound-matching them finds false friends ("Russian" ~ رييسيان)."""
    lower = question.lower()
    covered: set[str] = set()
    for name, pattern, words in _place_patterns():
        if name in lower and pattern.search(lower):  # the plain test first: 400 places, few in a question
            covered.update(words)
    for word in re.findall(r"[A-Za-z]{4,}", question):
        if word.lower() not in STOPWORDS and (_is_demonym(word) or word.lower() in NATIONALITIES):
            covered.add(word.lower())
    return covered


@functools.cache
def _place_patterns() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    """Each gazetteer place's lower-case English name, as a whole-word pattern, and its words (compiled
    once: 400 patterns do not stay in `re`'s own cache, and compiling them took 16 ms a question)."""
    names = dict.fromkeys(english.lower().removeprefix("the ") for _, english in place_names())
    return tuple((name, re.compile(rf"\b{re.escape(name)}\b"), tuple(name.split())) for name in names)


@functools.lru_cache(maxsize=4096)
def _is_demonym(word: str) -> bool:
    return bool(demonym_forms(word))
