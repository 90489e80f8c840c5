"""Frequent counted nouns of Arabic news with their English rendering.

One line per noun: Arabic forms (singular first, then broken plurals; sound plurals, duals and the article
are handled by `noun_key`), "|", English singular[/plural], and an optional "| h" for nouns whose masculine
sound plural ends in ين like a dual (مسؤولين is "officials", not "two officials"). Two-word nouns are written
with "_" ("قمر_صناعي"). Used to render "نحو 50 صاروخا" as "about 50 missiles" and to match an English
question's noun ("satellites") to the Arabic words for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from qa.grounded.data.actions import ACTIONS  # noqa: F401 (re-exported: spans, answerable import it here)
from qa.grounded.data.noun_table import TABLE as _TABLE
from qa.grounded.english import stem_english
from store.arabic import normalise_arabic, noun_key, noun_keys


@dataclass(frozen=True)
class Noun:
    arabic: str  # the singular as written in the table
    english: str  # singular
    english_plural: str
    sound_plural_human: bool  # ين is a plural, not a dual

    def render(self, count: float | None) -> str:
        return self.english if count == 1 else self.english_plural


def _plural(word: str) -> str:
    last = word.split()[-1]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if last.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _parse() -> tuple[dict[str, Noun], dict[tuple[str, str], Noun], dict[str, list[Noun]]]:
    single: dict[str, Noun] = {}
    double: dict[tuple[str, str], Noun] = {}
    by_english: dict[str, list[Noun]] = {}
    for line in _TABLE.strip().splitlines():
        fields = [f.strip() for f in line.split("|")]
        forms = fields[0].split()
        english, _, plural = fields[1].partition("/")
        noun = Noun(forms[0].replace("_", " "), english, plural or _plural(english), fields[-1] == "h")
        for form in forms:
            if "_" in form:
                first, second = form.split("_")
                double.setdefault((noun_keys(first)[0], noun_keys(second)[0]), noun)
            else:
                for key in noun_keys(form)[:1]:
                    single.setdefault(key, noun)
        for stem in {stem_english(w.split()[-1]) for w in (english, noun.english_plural)}:
            if noun not in by_english.setdefault(stem, []):
                by_english[stem].append(noun)
    return single, double, by_english


_SINGLE, _DOUBLE, _BY_ENGLISH = _parse()


@lru_cache(maxsize=65536)
def word_variants(word: str, proclitic: bool = True) -> tuple[str, ...]:
    """Keys to look an Arabic word up under: its noun key, without an accusative tanwin alef ("صاروخا"),
    without the ت of a feminine dual ("طائرتين" → "طائر"), and behind a proclitic ("وسفينة", "لصحيفة"):
    و ف always, ب ل ك only when four letters are left ("كبيرا" is not ك + "بير")."""
    norm = normalise_arabic(word)
    forms = [norm]
    if norm.endswith("ا") and len(norm) >= 4 and not norm.endswith("اا"):
        forms.append(norm[:-1])
    if norm.endswith(("تين", "تان")) and len(norm) >= 6:
        forms.append(norm[:-3])
    keys = [noun_key(f) for f in forms]
    if norm.startswith("لل") and len(norm) > 4:
        keys += [noun_key("ال" + f[2:]) for f in forms]
    elif proclitic and norm[:1] in "وفبلك" and not norm.startswith("ال") and len(norm) > 3:
        stripped = [noun_key(f[1:]) for f in forms]
        keys += [k for k in stripped if norm[0] in "وف" or len(k) >= 4]
    return tuple(dict.fromkeys(keys))


def arabic_noun(word: object, following: object = None) -> Noun | None:
    """The table entry of an Arabic word (a str, or a Token: its text is used); with `following`, a
    two-word noun ("أقمار صناعية") is tried first."""
    text = getattr(word, "text", word)
    if following is not None:
        pair = arabic_noun_pair(text, getattr(following, "text", following))
        if pair:
            return pair
    return _single_noun(str(text))


@lru_cache(maxsize=65536)
def _single_noun(text: str) -> Noun | None:
    for key in word_variants(text):
        if key in _SINGLE:
            return _SINGLE[key]
    return None


@lru_cache(maxsize=65536)
def arabic_noun_as_written(text: str) -> Noun | None:
    """The table entry of the word as written, without taking a first letter for a proclitic
    ("ليرة" is lira, "بنادق" rifles)."""
    return next((_SINGLE[k] for k in word_variants(text, proclitic=False) if k in _SINGLE), None)


@lru_cache(maxsize=65536)
def arabic_noun_pair(first: str, second: str) -> Noun | None:
    """A two-word noun: "قمر صناعي", "أقمار صناعية", "طائرات مسيرة"."""
    for a in word_variants(first):
        for b in word_variants(second):
            if (a, b) in _DOUBLE:
                return _DOUBLE[(a, b)]
    return None


def nouns_for_english(word: str) -> list[Noun]:
    """Table entries whose English rendering is this word (any inflection): "satellites" → قمر صناعي."""
    return _BY_ENGLISH.get(stem_english(word), [])


def noun_count() -> int:
    return len({id(n) for n in [*_SINGLE.values(), *_DOUBLE.values()]})
