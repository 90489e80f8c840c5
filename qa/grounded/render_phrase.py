"""English for two kinds of Arabic noun phrase, by tables (never a model; None when a word is unknown):
organisations built from a cue word, a portfolio and a nationality ("وزارة الدفاع الروسية" → "the Russian
Defence Ministry", "وكالة الفضاء الروسية" → "the Russian space agency"), and a table noun with adjectives
and a dated complement ("الاتفاقيات السابقة المؤرخة بأعوام 1961 و2000 و2001" → "the previous agreements
dated 1961, 2000 and 2001").
"""

from __future__ import annotations

from qa.grounded.data.nouns import arabic_noun
from qa.grounded.data.places import NATIONALITIES
from qa.grounded.dates import date_at
from qa.grounded.render_date import render_date
from qa.grounded.tokens import Token
from store.arabic import normalise_arabic, noun_key

# Organisation cue words → English noun (capitalised when it is part of a proper name: "Defence Ministry").
_BODIES = {
    "وزارة": "Ministry",
    "وكالة": "agency",
    "مؤسسة": "corporation",
    "مجلس": "Council",
    "قناة": "channel",
    "صحيفة": "newspaper",
    "حكومة": "government",
    "جيش": "army",
    "هيئة": "authority",
    "لجنة": "committee",
}
# Portfolios and fields after the cue word ("وزارة الدفاع", "وكالة الفضاء").
_FIELDS = {
    "دفاع": "Defence",
    "خارجية": "Foreign",
    "داخلية": "Interior",
    "مالية": "Finance",
    "صحة": "Health",
    "عدل": "Justice",
    "اقتصاد": "Economy",
    "تجارة": "Trade",
    "طاقة": "Energy",
    "زراعة": "Agriculture",
    "تعليم": "Education",
    "تربية": "Education",
    "ثقافة": "Culture",
    "نقل": "Transport",
    "إعلام": "Information",
    "طوارئ": "Emergencies",
    "فضاء": "space",
    "أنباء": "news",
    "أمن": "Security",
    "استخبارات": "intelligence",
}
_BODY_KEYS = {noun_key(k): v for k, v in _BODIES.items()}
_FIELD_KEYS = {noun_key(k): v for k, v in _FIELDS.items()}
_NATIONALITY_KEYS = {key: english.capitalize() for english, keys in NATIONALITIES.items() for key in keys}


def render_body(tokens: list[Token]) -> str | None:
    """ "وزارة الدفاع الروسية" → "the Russian Defence Ministry"; None unless every word is in the tables
    (a cue word first, then fields and nationality adjectives)."""
    words = [t for t in tokens if t.is_word]
    if len(words) != len(tokens) or len(words) < 2:
        return None
    body = next((_BODY_KEYS[k] for k in words[0].keys if k in _BODY_KEYS), None)
    if body is None:
        return None
    fields: list[str] = []
    nationality = ""
    for token in words[1:]:
        keys = (*token.keys, noun_key(token.norm.removeprefix("لل")))
        field = next((_FIELD_KEYS[k] for k in keys if k in _FIELD_KEYS), None)
        country = next((_NATIONALITY_KEYS[k] for k in keys if k in _NATIONALITY_KEYS), None)
        if field and not nationality:
            fields.append(field)
        elif country and not nationality:
            nationality = country
        else:
            return None
    return " ".join(["the", *([nationality] if nationality else []), *fields, body])


# Adjectives of news noun phrases (definite or not) → English.
_ADJECTIVES = {
    noun_key(arabic): english
    for arabic, english in {
        "سابق": "previous",
        "جديد": "new",
        "شامل": "comprehensive",
        "حالي": "current",
        "مشترك": "joint",
        "عسكري": "military",
        "اقتصادي": "economic",
        "نووي": "nuclear",
        "رسمي": "official",
        "دولي": "international",
        "استراتيجي": "strategic",
        "أمني": "security",
        "سياسي": "political",
        "بحري": "naval",
        "فضائي": "space",
        "سنوي": "annual",
        "تاريخي": "historic",
        "ثنائي": "bilateral",
        "حكومي": "intergovernmental",
    }.items()
}
# Participles that link a noun to a date ("المؤرخة بأعوام 1961…", "الموقعة في 2001").
_DATED = {noun_key(a): e for a, e in {"مؤرخ": "dated", "موقع": "signed", "مبرم": "concluded"}.items()}


def render_noun_phrase(tokens: list[Token]) -> str | None:
    """A table noun, its adjectives and nationality, and an optional participle with a date."""
    if not tokens or not tokens[0].is_word:
        return None
    noun = arabic_noun(tokens[0])
    if noun is None:
        return None
    adjectives: list[str] = []
    k = 1
    while k < len(tokens) and tokens[k].is_word:
        keys = tokens[k].keys
        adjective = next((_ADJECTIVES.get(key) or _NATIONALITY_KEYS.get(key) for key in keys), None)
        if adjective is None:
            break
        adjectives.append(adjective)
        k += 1
    dated = ""
    if k < len(tokens) and any(key in _DATED for key in tokens[k].keys):
        match = date_at(tokens, k + 1, known_date=True)
        if match is None or match.end != len(tokens):
            return None
        participle = next(_DATED[key] for key in tokens[k].keys if key in _DATED)
        dated, k = f" {participle} {render_date(match.value)}", len(tokens)
    if k != len(tokens) or not (adjectives or dated):
        return None
    plural = normalise_arabic(tokens[0].text).endswith(("ات", "ين", "ون")) or noun_key(
        tokens[0].text
    ) != noun_key(noun.arabic.split()[0])
    english = noun.english_plural if plural else noun.english
    words = " ".join([*reversed(adjectives), english])  # the adjective nearest the noun stays nearest
    return f"{_article(tokens[0].definite, plural, words)}{words}{dated}"


def _article(definite: bool, plural: bool, words: str) -> str:
    if definite:
        return "the "
    return "" if plural else ("an " if words[:1] in "aeio" else "a ")
