"""English questions in an Arabic index: their names as Arabic terms for the lexical leg.

Capitalised words are looked up by sound in the index's own Arabic vocabulary (qa/translit.py: "Ushakov" →
أوشاكوف), kept in step with the index (a file's words are read again only when the file changed). Places
and their peoples (store/arabic/places.py) are left out, see `place_words`."""

from __future__ import annotations

import re
import threading

from store.arabic import normalise_arabic
from store.arabic.places import lookup_english, place_english_names
from store.arabic.skeleton import STOPWORDS, NameMatcher, name_candidates
from store.index import Index

_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
_DIGITS = re.compile(r"\d+")


class CorpusNames:
    def __init__(self, index: Index) -> None:
        self.index = index
        self._words: dict[str, tuple[str, frozenset[str]]] = {}  # file → (sha256, its Arabic words)
        self._matcher: NameMatcher | None = None
        self._state: frozenset[tuple[str, str]] = frozenset()
        self._lock = threading.Lock()

    def matcher(self) -> NameMatcher:
        with self._lock:
            state = frozenset((r.name, r.sha256) for r in self.index.files())
            if self._matcher is None or state != self._state:
                self._refresh(state)
            assert self._matcher is not None
            return self._matcher

    def _refresh(self, state: frozenset[tuple[str, str]]) -> None:
        current = dict(state)
        self._words = {name: entry for name, entry in self._words.items() if current.get(name) == entry[0]}
        for name, sha in current.items():
            if name not in self._words:
                text = self.index.file_text(name) or ""
                self._words[name] = (sha, frozenset(_ARABIC_WORD.findall(normalise_arabic(text))))
        vocabulary: set[str] = set()
        for _, words in self._words.values():
            vocabulary |= words
        self._matcher = NameMatcher(vocabulary)
        self._state = state

    def lexical_query(self, question: str) -> str:
        """Arabic spellings of an English question's places and names, plus its numbers (they need no
        translation); '' when it has none."""
        covered = place_words(question)
        words = [w for w in name_candidates(question) if w.lower() not in covered]
        names = self.matcher().arabic_terms(words)
        return " ".join(dict.fromkeys([*names, *_DIGITS.findall(question)]))


def place_words(question: str) -> set[str]:
    """Lower-case words of an English question that name places of the world table (store.arabic.places)
    or their peoples ("north", "korea", "russian"). They are left out of the names: a place is usually
    what the whole archive is about, so its Arabic name matches nearly every passage (measured: adding them
    lowered English MRR from 0.92 to 0.72 on dev), and sound-matching them finds false friends ("Russian" ~
    رييسيان). The dictionary leg (qa.query_terms) translates places by the table instead."""
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


def _names_place(stem: str) -> bool:
    """Whether a place of the world table starts with these four letters ("russ" → Russia)."""
    return any(name.startswith(stem) for name in place_english_names())
