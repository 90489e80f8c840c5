"""English for a short Arabic span, word by word, from general tables and the bilingual dictionary.

Tables say for sure: digits and number words, months (every spelling, and the Hijri months), weekdays, parts
of the day, hedges (نحو → about), the function words, places of the world. The dictionary gives the other
words' most common sense (store.bilingual); a word it lacks stays out of the gloss and the gloss is marked
incomplete. A counted noun after a number above one is made plural.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from store.arabic import MONTHS, WEEKDAYS, normalise_arabic
from store.arabic.calendar import DAY_PARTS, HIJRI_MONTHS, HIJRI_MONTHS_EN
from store.arabic.numerals import (
    AFTER_NOUN,
    HEDGES,
    TIMES,
    digits_value,
    dual_singular,
    number_at,
    singular_unit,
    unit_of,
    word_value,
)
from store.arabic.places import longest_place_at
from store.arabic.tables import phrase_at, table_rows
from store.arabic.words import CLITIC_PREFIXES, PRONOUNS, split_prefix, split_suffix, ta_marbuta_form
from store.bilingual import Bilingual

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # fmt: skip
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FUNCTION = {
    normalise_arabic(row[0]): (row[1] if len(row) > 1 else "") for row in table_rows("function_words")
}
# The English of each clitic prefix (store.arabic.words.CLITIC_PREFIXES; ف "so" is left unsaid).
_CLITIC_ENGLISH = {
    "وال": "and the ",
    "بال": "with the ",
    "فال": "the ",
    "كال": "like the ",
    "لل": "for the ",
    "ال": "the ",
    "و": "and ",
    "ف": "",
    "ب": "with ",
    "ل": "for ",
    "ك": "like ",
}
_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "كم", "نا", "ي", "ة", "ات", "ين", "ون", "ان", "ا")
_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+(?:[.,٫٬]\d+)*|%|[-–](?=\s*\d)")


@dataclass(frozen=True)
class Gloss:
    text: str
    complete: bool  # every word was found in a table or the dictionary
    from_tables: bool  # no word needed the dictionary (numbers, dates, places, function words only)


def gloss_span(arabic: str, bilingual: Bilingual | None) -> Gloss | None:
    """English for a short Arabic span, or None when nothing in it could be glossed."""
    words = [normalise_arabic(w) for w in _WORD.findall(arabic)]
    out: list[str] = []
    complete, tables_only, count = True, True, 0.0
    i = 0
    while i < len(words):
        english, used, source = _gloss_at(words, i, bilingual)
        if source == "number":
            parsed = number_at([_strip_proclitic(words[i])[0], *words[i + 1 :]], 0)
            count = parsed[0] if parsed else 0.0
        if english is None:
            complete = False
            english = ""
        tables_only = tables_only and source != "dictionary"
        if source == "dictionary" and count > 1:
            english = _plural(english)
            count = 0
        if source == "number" and out and used == 1 and words[i] in AFTER_NOUN:
            # one and two follow their noun in Arabic, precede it in English ("مرة واحدة" → "one time");
            # a dual already says two ("ركعتين اثنتين" → "two rak'as")
            english, out[-1] = "", _number_before_noun(english, out[-1])
        out.append(english)
        i += used
    text = " ".join(" ".join(out).split())
    return Gloss(text, complete, tables_only) if text else None


def _gloss_at(words: list[str], i: int, bilingual: Bilingual | None) -> tuple[str | None, int, str]:
    """(English or None, words used, source) for the words at i."""
    word = words[i]
    for hedge, english in HEDGES.items():
        if tuple(words[i : i + len(hedge)]) == hedge:
            return english, len(hedge), "table"
    place = longest_place_at(words, i)
    if place is not None:
        return place[0].english, place[1], "table"
    bare, prefix = _strip_proclitic(word)
    calendar = _calendar(words, i, word)  # a weekday keeps its article: الأحد, not "the Sunday"
    if calendar is None and (calendar := _calendar(words, i, bare)) is not None:
        calendar = ((prefix.removesuffix("the ") + calendar[0]).strip(), calendar[1])
    if calendar is not None:
        if i > 0 and calendar[0] in _MONTHS_EN + HIJRI_MONTHS_EN and _calendar(words, i - 1, words[i - 1]):
            return "", calendar[1], "table"  # the same month named twice: "يونيو/حزيران"
        return calendar[0], calendar[1], "table"
    if word in _DAY_BEFORE_NAME and i + 1 < len(words) and _calendar(words, i + 1, words[i + 1]):
        return "on", 1, "table"  # "يوم السبت" → "on Saturday"
    whole = _number(words[i:], after_and=False)  # "واحدة" is "one", not "and" + a word
    if whole is not None:
        return whole[0], whole[1], "number"
    number = _number([bare, *words[i + 1 :]], after_and=prefix.strip() == "and") if bare != word else None
    if number is not None:
        return (prefix + number[0]).strip(), number[1], "number"
    phrase = phrase_at(words, i, _FUNCTION)
    if phrase > 1:  # a fixed phrase: "صلى الله عليه وسلم", "عز وجل"
        return _FUNCTION[" ".join(words[i : i + phrase])], phrase, "table"
    if word in _FUNCTION:
        if _FUNCTION[word] == "in" and _day_and_month_at(words, i + 1):
            return "on", 1, "table"  # English says "on 20 June", "in June", "in 2017"
        return _FUNCTION[word], 1, "table"
    if prefix.strip() in ("and", "") and bare != word and bare in _FUNCTION and _FUNCTION[bare]:
        return (prefix + _FUNCTION[bare]).strip(), 1, "table"  # "وقال" → "and said"
    with_pronoun = _preposition_with_pronoun(word)
    if with_pronoun is not None:
        return with_pronoun, 1, "table"
    unit = unit_of(word)
    if unit is not None:
        return unit[0], 1, "table"
    dual = _dual(word, bilingual)
    if dual is not None:
        return dual, 1, "dictionary"
    senses, glue = dictionary_senses(word, bilingual)
    if senses:
        return (glue + senses[0]).strip(), 1, "dictionary"
    return None, 1, "none"


def _dual(word: str, bilingual: Bilingual | None) -> str | None:
    """ "two" and the plural of a dual noun's singular (يومين → "two days", وسجدتين → "and two prostrations"),
    or None when the word is no dual (store.arabic.numerals.dual_singular)."""
    is_word = bilingual.is_word if bilingual is not None else (lambda _: False)
    bare, glue = _strip_proclitic(word)
    for form, said in ((word, ""), (bare, glue)):
        single = dual_singular(form, is_word)
        unit = single and singular_unit(single)
        senses = () if unit or not single else dictionary_senses(single, bilingual)[0]
        if unit or senses:
            return f"{said}two {_plural(unit[0] if unit else senses[0])}".strip()
    return None


# The English of an attached pronoun (store.arabic.words.PRONOUNS, and ي "me") after a preposition ("عليه" →
# "on him", "منها" → "from her").
_OBJECT_ENGLISH = {
    "ه": "him", "ها": "her", "هما": "them", "هم": "them", "هن": "them", "ك": "you", "كم": "you", "كما": "you",
    "نا": "us", "ي": "me",
}  # fmt: skip
_OBJECT_PRONOUNS = [p for p in (*PRONOUNS, "ي") if p in _OBJECT_ENGLISH]  # longest first, as PRONOUNS
_PREPOSITION_STEMS = {
    "علي": "on", "الي": "to", "من": "from", "عن": "about", "في": "in", "مع": "with", "ل": "to", "ب": "with",
    "عند": "at", "بين": "between", "لدي": "with",
}  # fmt: skip


def _preposition_with_pronoun(word: str) -> str | None:
    """English of a preposition with an attached pronoun ("عليه" → "on him"), else None. The preposition's
    form before a pronoun is its normalised stem: على → علي-, إلى → الي-, ل → ل-."""
    for pronoun in _OBJECT_PRONOUNS:
        stem = word[: -len(pronoun)]
        if word.endswith(pronoun) and stem in _PREPOSITION_STEMS:
            return f"{_PREPOSITION_STEMS[stem]} {_OBJECT_ENGLISH[pronoun]}"
    return None


def _day_and_month_at(words: list[str], i: int) -> bool:
    """A day of the month (1-31) and a month's name follow at i ("20 يونيو")."""
    if i + 1 >= len(words) or not words[i].isdigit() or not 1 <= int(words[i]) <= 31:
        return False
    month = _calendar(words, i + 1, words[i + 1])
    return month is not None and month[0] in _MONTHS_EN + HIJRI_MONTHS_EN


def dictionary_senses(word: str, bilingual: Bilingual | None) -> tuple[tuple[str, ...], str]:
    """(English senses, English of its stripped proclitic) of a normalised Arabic word, trying the word,
    then without its pronoun or plural suffix, then the same without its proclitic (كتابا is a book before
    ك + تابا); ((), "") if none."""
    if bilingual is None:
        return (), ""
    bare, prefix = _strip_proclitic(word)
    forms = ((word, ""), (_strip_suffix(word), ""), (bare, prefix), (_strip_suffix(bare), prefix))
    for form, glue in forms:
        senses = bilingual.english(form) if form else ()
        if senses:
            return senses, glue
    return (), ""


def common_word(bilingual: Bilingual | None) -> Callable[[str], bool]:
    """A test: is this normalised word a word of the language (a noun, a verb; not a name) by the
    dictionary, also without its proclitic or suffix?"""
    if bilingual is None:
        return lambda word: False

    @lru_cache(maxsize=1 << 16)  # every token of every candidate is asked, and a corpus repeats its words
    def common(word: str) -> bool:
        bare = _strip_proclitic(word)[0]
        stems = [_strip_suffix(bare), _strip_suffix(word)]  # a first letter may be the word's: وقته, كلمته
        forms = [word, bare, *stems, *(ta_marbuta_form(s) for s in stems)]  # كلمته → كلمت → كلمه
        for form in forms:
            if form and bilingual.name(form):
                return False  # a known name (سيرجي): no shorter form of it is a word
            if form and bilingual.is_word(form):
                return True
        return False

    return common


_GLUES = sorted({g for g in _CLITIC_ENGLISH.values() if g}, key=len, reverse=True)  # "and the " before "and "


def _number_before_noun(number: str, noun: str) -> str:
    """ "one" + "with abiding" → "with one abiding"; a noun that already says the number stays as it is."""
    glue = next((g for g in _GLUES if noun.startswith(g)), "")
    rest = noun[len(glue) :]
    return noun if rest.startswith(number) else f"{glue}{number} {rest}"


def _strip_proclitic(word: str) -> tuple[str, str]:
    """(the word without its clitic prefix, the prefix's English)."""
    bare, prefix = split_prefix(word, CLITIC_PREFIXES, 2)
    return bare, _CLITIC_ENGLISH.get(prefix, "")


def _strip_suffix(word: str) -> str:
    """The word without a pronoun, plural or feminine suffix; "" when it has none."""
    bare, suffix = split_suffix(word, _SUFFIXES, 3)
    return bare if suffix else ""


def _number(words: list[str], after_and: bool = False) -> tuple[str, int] | None:
    """(English, words used) of the number that starts the words. Digits stay as written and a scale word
    after them stays a word ("12 ألف" → "12 thousand"), numbers written in words are written in English
    words ("ثلاثة آلاف" → "three thousand"): no figure appears that the source does not write. An
    accusative number word standing alone (يغسلها ثلاثا) counts times."""
    parsed = number_at(words, 0)
    if parsed is None:
        return None
    value, used = parsed
    if digits_value(words[0]) is not None:
        digits = words[0].replace("٫", ".")
        return (f"{digits} {_SCALE_EN[words[1]]}" if used == 2 else digits), used
    english = english_number(int(value)) if value == int(value) else str(value)
    word = words[used - 1]
    adverbial = used == 1 and word.endswith("ا") and word_value(word[:-1]) is not None and word not in TIMES
    return (f"{english} times" if adverbial and not after_and else english), used


def english_number(n: int) -> str:
    """A whole number in English words ("63" → "sixty-three", 2500 → "two thousand five hundred")."""
    if n < 20:
        return _UNITS_EN[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS_EN[tens] + (f"-{_UNITS_EN[unit]}" if unit else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            high, rest = divmod(n, size)
            return f"{english_number(high)} {name}" + (f" {english_number(rest)}" if rest else "")
    return str(n)


_UNITS_EN = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS_EN = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALE_EN = {
    normalise_arabic(w): english
    for words, english in (
        ("ألف آلاف ألفا", "thousand"),
        ("مليون ملايين", "million"),
        ("مليار مليارات بليون", "billion"),
    )
    for w in words.split()
}
_DAY_BEFORE_NAME = frozenset(normalise_arabic(w) for w in ("يوم", "يومي"))


def _calendar(words: list[str], i: int, bare: str) -> tuple[str, int] | None:
    two = f"{bare} {words[i + 1]}" if i + 1 < len(words) else ""
    for table, names in ((MONTHS, _MONTHS_EN), (HIJRI_MONTHS, HIJRI_MONTHS_EN)):
        if two and two in table:
            return names[table[two] - 1], 2
        if bare in table:
            return names[table[bare] - 1], 1
    if bare in WEEKDAYS:
        return _WEEKDAYS_EN[WEEKDAYS[bare] - 1], 1
    if bare in DAY_PARTS:
        return DAY_PARTS[bare], 1
    return None


def _plural(english: str) -> str:
    """A counted noun in the plural ("missile" → "missiles"): general English rules, last word only."""
    head, _, last = english.rpartition(" ")
    if not last or last.endswith("s"):
        return english
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x", "z")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()
