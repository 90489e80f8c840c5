"""English questions in an Arabic index: their names as Arabic terms for the lexical leg.

Capitalised words are looked up by sound in the index's own Arabic vocabulary ("Ushakov" → أوشاكوف): the
name index that ingest keeps in the manifest (store/name_index.py), so no file text is read at question
time and the first English question costs what the tenth does. Places and nationalities of the gazetteer
(qa/grounded/data/places.py) are left out, see `place_words`."""

from __future__ import annotations

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
    for _, english in place_names():
        name = english.lower().removeprefix("the ")
        if re.search(rf"\b{re.escape(name)}\b", lower):
            covered.update(name.split())
    for word in re.findall(r"[A-Za-z]{4,}", question):
        if word.lower() not in STOPWORDS and (demonym_forms(word) or word.lower() in NATIONALITIES):
            covered.add(word.lower())
    return covered
