"""English questions in an Arabic index: their names as Arabic terms for the lexical leg.

Capitalised words are looked up by sound in the index's own Arabic vocabulary ("Dostoevsky" → دوستويفسكي): the
name index that ingest keeps in the manifest (store/name_index.py), so no file text is read at question
time and the first English question costs what the tenth does. Places and their peoples
(store/arabic/places.py) are left out, see `place_words`."""

from __future__ import annotations

import functools
import re

from store.arabic.places import lookup_english, place_english_names
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
    """Lower-case words of an English question that name places of the world table (store.arabic.places)
    or their peoples ("north", "korea", "russian"). They are left out of the names: a place is usually
    what the whole archive is about, so its Arabic name matches nearly every passage (measured: adding them
    lowered English MRR from 0.92 to 0.72 on dev), and sound-matching them finds false friends ("Russian" ~
    رييسيان). The dictionary leg (qa.retrieve.query_terms) translates places by the table instead."""
    words = re.findall(r"[A-Za-z]+", question.lower())
    covered: set[str] = set()
    for size in (3, 2, 1):
        for k in range(len(words) - size + 1):
            if lookup_english(" ".join(words[k : k + size])) is not None:
                covered.update(words[k : k + size])
    for word in words:
        if len(word) > 4 and word.endswith(_DEMONYM_ENDINGS) and word not in STOPWORDS:
            stem = word[:4]
            if any(lookup_english(w) is not None for w in words if w.startswith(stem)) or _names_place(stem):
                covered.add(word)
    return covered


_DEMONYM_ENDINGS = ("an", "ese", "ian", "ish", "i")


@functools.lru_cache(maxsize=4096)
def _names_place(stem: str) -> bool:
    """Whether a place of the world table starts with these four letters ("russ" → Russia)."""
    return any(name.startswith(stem) for name in place_english_names())
