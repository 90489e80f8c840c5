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


def split_clock(arabic: str) -> tuple[str, str, bool] | None:
    """(the day's words, English of the clock time, whether the clock comes first) when a date span is a day
    and its hour in either order ("الخميس 14 آب الساعة الثانية ظهرا" → ("الخميس 14 آب", "at two o'clock at
    midday", False); "الساعة الثانية عشرة من ظهر يوم الثلاثاء 11 يونيو" → ("يوم الثلاثاء 11 يونيو", "at
    twelve o'clock at midday", True)), else None."""
    words = arabic.split()
    for i in range(1, len(words)):
        english = clock_english(" ".join(words[i:]))
        if english is not None:
            return " ".join(words[:i]), _at(english), False
    for i in range(len(words) - 1, 0, -1):
        clock, day = words[:i], words[i:]
        if not said_as_clock(clock) or clock_english(" ".join(clock)) is None:
            continue  # "في 20 يونيو" is a day, not 20 o'clock
        part = _part_of_day(day[1]) if len(day) > 2 and normalise_arabic(day[0]) == "من" else None
        if part is not None:  # "من ظهر يوم …": "at midday", said with the hour
            clock, day = [*clock, part], day[2:]
        english = clock_english(" ".join(clock))
        return (" ".join(day), _at(english), True) if english else None
    return None


def said_as_clock(words: list[str]) -> bool:
    """An hour said as one: with the word الساعة, with minutes (10:15), or as an hour word (العاشرة)."""
    norm = [normalise_arabic(w) for w in words]
    return normalise_arabic("الساعة") in norm or any(":" in w or w in CLOCK_HOURS for w in norm)


def _at(english: str) -> str:
    """ "at" before a clock time, unless a preposition is said already ("until ten o'clock")."""
    return english if english.split()[0] in _OPENERS.values() else f"at {english}"


def _part_of_day(word: str) -> str | None:
    """The part-of-day word of the clock table that a noun in construct says ("ظهر" of "من ظهر يوم" is
    ظهرا), or None."""
    word = normalise_arabic(word)
    return next((form for form in (word, word + "ا") if form in CLOCK_PARTS), None)


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
