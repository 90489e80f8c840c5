"""Place names of the world in Arabic and English (store/arabic/data/places.tsv: countries, capitals, the
best-known cities and historical regions; written for this project from general knowledge, see its header).

For English questions their places become Arabic terms, and in English answers an Arabic place is written
as English readers know it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from store.arabic.letters import normalise_arabic
from store.arabic.tables import table_rows
from store.arabic.words import strip_arabic_article


@dataclass(frozen=True)
class Place:
    arabic: str  # the first (most common) Arabic spelling
    english: str
    kind: str  # country, city or region


def place_key(text: str) -> str:
    """Matching key of an Arabic place name: normalised, the article of each word kept only where the
    name has it ("القاهرة" and "قاهرة" differ, but "بالقاهرة" and "والقاهرة" match via `lookup_arabic`)."""
    return " ".join(normalise_arabic(text).split())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Place], dict[str, Place]]:
    by_arabic: dict[str, Place] = {}
    by_english: dict[str, Place] = {}
    for spellings, english, kind in table_rows("places"):
        names = spellings.split("|")
        place = Place(names[0], english, kind)
        for name in names:
            by_arabic.setdefault(place_key(name), place)
        by_english.setdefault(english.lower().removeprefix("the "), place)
    return by_arabic, by_english


def lookup_arabic(words: str) -> Place | None:
    """The place an Arabic word or phrase names, also behind a joined preposition (بالقاهرة، ولبنان)."""
    by_arabic, _ = _tables()
    key = place_key(words)
    candidates = [key]
    if key[:1] in "وفبلك" and len(key) > 3:
        candidates.append(key[1:])
    for candidate in list(candidates):
        candidates.append(strip_arabic_article(candidate))
    return next((by_arabic[c] for c in candidates if c in by_arabic), None)


def lookup_english(words: str) -> Place | None:
    """The place an English name means ("Cairo", "the Levant")."""
    return _tables()[1].get(" ".join(words.lower().split()).removeprefix("the "))


def longest_place_at(words: list[str], i: int, longest: int = 3) -> tuple[Place, int] | None:
    """(place, words used) of the longest place name starting at `words[i]` (normalised words)."""
    for size in range(min(longest, len(words) - i), 0, -1):
        place = lookup_arabic(" ".join(words[i : i + size]))
        if place is not None:
            return place, size
    return None


def place_english_names() -> list[str]:
    """The English names of the table, lower case ("cairo", "north korea")."""
    return list(_tables()[1])
