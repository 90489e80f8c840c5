"""English for a clock time as the span rules find it (qa.answer.spans): "الساعة 10:15 مساء" → "10:15 p.m.",
"حتى العاشرة والربع ليلا" → "until quarter past ten at night".

Digits stay digits (with a.m. or p.m. when the part of the day is said); an hour said in words stays in
words ("الواحدة بعد منتصف الليل" → "one o'clock after midnight"), so no figure appears that the source
does not write. Tables: store.arabic.calendar (hours, fractions, parts of the day).
"""

from __future__ import annotations

import re

from qa.answer.gloss import english_number
from store.arabic import normalise_arabic
from store.arabic.calendar import CLOCK_FRACTIONS, CLOCK_HOURS, CLOCK_PARTS
from store.arabic.tables import phrase_at

_TOKEN = re.compile(r"\d{1,2}:\d{2}|[\w\u064b-\u065f\u0670]+")
_DIGITS = re.compile(r"(\d{1,2})(?::(\d{2}))?")
_OPENERS = {
    normalise_arabic(arabic): english
    for arabic, english in (
        ("حتى", "until"), ("إلى", "to"), ("من", "from"), ("في", "at"), ("عند", "at"), ("قبل", "before"),
        ("بعد", "after"), ("منذ", "since"), ("بين", "between"),
    )
}  # fmt: skip
_FRACTION_WORDS = {30: "half past", 15: "quarter past", 20: "twenty past", -15: "quarter to"}
_SMALL_HOURS = 6  # "2 ليلا" is 2 a.m.: the night goes on after midnight


def clock_english(arabic: str) -> str | None:
    """English for a span that is one clock time (with a preposition before it), else None."""
    words = [normalise_arabic(w) for w in _TOKEN.findall(arabic)]
    out: list[str] = []
    i = 0
    if words and words[0] in _OPENERS:
        out.append(_OPENERS[words[0]])
        i = 1
    if i < len(words) and words[i] == normalise_arabic("الساعة"):
        i += 1
    hour, used = _hour(words, i)
    if hour is None:
        return None
    i += used
    fraction, used = _phrase(words, i, CLOCK_FRACTIONS)
    minutes = CLOCK_FRACTIONS[fraction] if fraction else None
    i += used
    part, used = _phrase(words, i, CLOCK_PARTS)
    i += used
    if i != len(words):
        return None  # more than a clock time: glossed word by word
    out.append(_said(hour, minutes, part))
    return " ".join(out)


def split_clock(arabic: str) -> tuple[str, str] | None:
    """(the words before, English of the clock time that ends the span) when a date span ends with one
    ("الخميس 14 آب الساعة الثانية ظهرا" → ("الخميس 14 آب", "at two o'clock at midday")), else None."""
    words = arabic.split()
    for i in range(1, len(words)):
        english = clock_english(" ".join(words[i:]))
        if english is not None:
            said = english.split()[0] in _OPENERS.values()  # "… في الساعة العاشرة": "at" is said already
            return " ".join(words[:i]), english if said else f"at {english}"
    return None


def _hour(words: list[str], i: int) -> tuple[str | None, int]:
    """(the hour as written, Western digits or a table key; words used) at i."""
    if i < len(words) and _DIGITS.fullmatch(words[i]):
        return words[i], 1
    return _phrase(words, i, CLOCK_HOURS)


def _phrase(words: list[str], i: int, table: dict) -> tuple[str | None, int]:
    size = phrase_at(words, i, table)
    return (" ".join(words[i : i + size]), size) if size else (None, 0)


def _said(hour: str, minutes: int | None, part: str | None) -> str:
    match = _DIGITS.fullmatch(hour)
    if match:
        h = int(match.group(1))
        time = hour if match.group(2) or part else f"{hour} o'clock"
        if part is None:
            return time
        after_noon = CLOCK_PARTS[part][0] and not (part == normalise_arabic("ليلا") and h < _SMALL_HOURS)
        return f"{time} {'p.m.' if after_noon else 'a.m.'}"
    name = english_number(CLOCK_HOURS[hour])
    time = f"{_FRACTION_WORDS[minutes]} {name}" if minutes in _FRACTION_WORDS else f"{name} o'clock"
    return f"{time} {CLOCK_PARTS[part][1]}" if part else time
