"""English questions over Arabic text: their words as Arabic terms for the lexical leg, from general
resources only: the bilingual dictionary (store.bilingual) for common words and the world place table
(store.arabic.places) for places. Names come from the corpus itself (qa.retrieve.names: by sound)."""

from __future__ import annotations

import re

from store.arabic.places import lookup_english
from store.bilingual import Bilingual
from store.english import content_words, english_words

_MAX_TRANSLATIONS = 2  # the first senses: later ones are rarer and add noise


def dictionary_terms(question: str, bilingual: Bilingual | None) -> list[str]:
    """Arabic translations of the question's content words and places (as written in the dictionary;
    the lexical index normalises and stems them)."""
    terms: list[str] = []
    words = english_words(question)
    covered: set[int] = set()
    for size in (3, 2, 1):  # places first, longest first: "North Korea", "Cairo"
        for i in range(len(words) - size + 1):
            if covered & set(range(i, i + size)):
                continue
            place = lookup_english(" ".join(words[i : i + size]))
            if place is not None:
                terms.append(place.arabic)
                covered.update(range(i, i + size))
    placed = {words[i] for i in covered}
    if bilingual is not None:
        for word in content_words(question):
            if word not in placed and not word.isdigit():
                terms.extend(bilingual.arabic(word)[:_MAX_TRANSLATIONS])
    return list(dict.fromkeys(t for t in terms if re.search("[\u0600-\u06ff]", t)))
