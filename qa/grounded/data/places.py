"""Countries, capitals, frequent cities and regions, and frequent organisations of Arabic news, with their
English names. A gazetteer gives place and organisation answers a cue that Arabic script cannot give
(no capital letters), and lets English answers name them in English.

The tables are in qa/grounded/data/gazetteer.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.grounded.data.gazetteer import NATIONALITIES_TABLE as _NATIONALITIES
from qa.grounded.data.gazetteer import ORGANISATIONS as _ORGANISATIONS
from qa.grounded.data.gazetteer import PLACES as _PLACES
from store.arabic import normalise_arabic, noun_key

NATIONALITIES: dict[str, frozenset[str]] = {}
for _entry in _NATIONALITIES.replace("\n", " | ").split("|"):
    if _entry.strip():
        _english, *_arabic = _entry.split()
        NATIONALITIES[_english] = frozenset(noun_key(a) for a in _arabic)


@dataclass(frozen=True)
class Entity:
    arabic: str
    english: str
    kind: str  # "place" or "org"
    words: tuple[str, ...]  # normalised words of this spelling


def _parse() -> dict[str, list[Entity]]:
    by_first: dict[str, list[Entity]] = {}
    for table, kind in ((_PLACES, "place"), (_ORGANISATIONS, "org")):
        for line in table.strip().splitlines():
            spellings, english = (f.strip() for f in line.split("|"))
            for spelling in _with_variants(spellings.split(";")):
                words = tuple(normalise_arabic(spelling).split())
                by_first.setdefault(words[0], []).append(Entity(spelling, english, kind, words))
    for entities in by_first.values():
        entities.sort(key=lambda e: -len(e.words))  # longest spelling first
    return by_first


def _with_variants(spellings: list[str]) -> list[str]:
    """The spellings, plus the Egyptian one of each hard g written غ ("البنتاغون" → "البنتاجون")."""
    found = list(dict.fromkeys(spellings))
    return found + [v for v in (s.replace("غ", "ج") for s in found if "غ" in s) if v not in found]


_BY_FIRST = _parse()


def entities(kind: str = "") -> tuple[Entity, ...]:
    """Every spelling of the gazetteer's places and organisations (of one kind: "place" or "org")."""
    return tuple(e for group in _BY_FIRST.values() for e in group if not kind or e.kind == kind)


def entity_at(words: list[str], i: int) -> tuple[Entity, int, int] | None:
    """(entity, words used, letters of proclitic to skip) when normalised `words[i:]` start with a known
    place or organisation, possibly after a proclitic ("لبيونغيانغ", "بالصين", "للأمم المتحدة")."""
    word = words[i]
    forms = [(word, 0)]
    if len(word) > 3 and word[0] in "وفبلك":
        forms.append((word[1:], 1))
    if word.startswith("لل") and len(word) > 4:
        forms.append(("ال" + word[2:], 0))
    if word[:2] in ("وب", "ول", "وف", "فب", "فل") and len(word) > 4:
        forms.append((word[2:], 2))
    for form, skip in forms:
        for entity in _BY_FIRST.get(form, ()):
            n = len(entity.words)
            if tuple(words[i + 1 : i + n]) == entity.words[1:]:
                return entity, n, skip
    return None


def entity_by_arabic(text: str) -> Entity | None:
    """The entity whose spelling is exactly this text (normalised), with or without a proclitic."""
    words = normalise_arabic(text).split()
    found = entity_at(words, 0) if words else None
    return found[0] if found and found[1] == len(words) else None
