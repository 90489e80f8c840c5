"""Arabic numerals and number words: their values, for finding and rendering quantities.

General tables of Modern Standard and Classical Arabic: units (with their feminine forms and the accusative
alif: ثلاثا), tens, hundreds, scales, the dual and plural of "time" (مرتين، مرات), and the hedges that come
before a number (نحو، حوالي، أكثر من). Keys are `normalise_arabic` forms.
"""

from __future__ import annotations

from collections.abc import Callable

from store.arabic.letters import normalise_arabic
from store.arabic.tables import table_rows


def _keys(words: str) -> list[str]:
    return [normalise_arabic(w) for w in words.split()]


_UNIT_WORDS = (
    (1, "واحد واحدة أحد إحدى"),
    (2, "اثنان اثنين اثنتان اثنتين اثنا اثني"),
    (3, "ثلاث ثلاثة"),
    (4, "أربع أربعة"),
    (5, "خمس خمسة"),
    (6, "ست ستة سته"),
    (7, "سبع سبعة"),
    (8, "ثمان ثماني ثمانية"),
    (9, "تسع تسعة"),
    (10, "عشر عشرة"),
)
UNITS: dict[str, int] = {k: v for v, words in _UNIT_WORDS for k in _keys(words)}
TENS: dict[str, int] = {
    normalise_arabic(stem + ending): value
    for stem, value in (("عشر", 20), ("ثلاث", 30), ("أربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70),
                        ("ثمان", 80), ("تسع", 90))
    for ending in ("ون", "ين")
}  # fmt: skip
HUNDREDS: dict[str, int] = {
    **dict.fromkeys(_keys("مئة مائة"), 100),
    **dict.fromkeys(_keys("مئتان مئتين مائتان مائتين"), 200),
    **{
        normalise_arabic(unit + hundred): value * 100
        for unit, value in (
            ("ثلاث", 3),
            ("أربع", 4),
            ("خمس", 5),
            ("ست", 6),
            ("سبع", 7),
            ("ثمان", 8),
            ("تسع", 9),
        )
        for hundred in ("مئة", "مائة")
    },
}
SCALES: dict[str, int] = {
    **dict.fromkeys(_keys("ألف آلاف ألفا"), 1000),
    **dict.fromkeys(_keys("ألفان ألفين"), 2000),
    **dict.fromkeys(_keys("مليون ملايين"), 10**6),
    **dict.fromkeys(_keys("مليار مليارات بليون"), 10**9),
}
# One and two are adjectives in Arabic: they follow the noun they count ("مرة واحدة", "ركعتين اثنتين").
AFTER_NOUN = frozenset(_keys("واحد واحدة واحدا اثنان اثنين اثنتان اثنتين"))
# "Once, twice, N times": the noun of repetition, and its dual that is a number by itself.
TIMES = frozenset(_keys("مرة مرات"))
TWICE = frozenset(_keys("مرتين مرتان"))
HEDGES: dict[tuple[str, ...], str] = {
    tuple(_keys(arabic)): english
    for arabic, english in (
        ("ما لا يقل عن", "at least"),
        ("لا يقل عن", "at least"),
        ("ما يزيد على", "more than"),
        ("ما يزيد عن", "more than"),
        ("ما يقرب من", "nearly"),
        ("أكثر من", "more than"),
        ("أزيد من", "more than"),
        ("أقل من", "less than"),
        ("نحو", "about"),
        ("حوالي", "about"),
        ("حوالى", "about"),
        ("زهاء", "about"),
        ("قرابة", "nearly"),
        ("قرابه", "nearly"),
    )
}
PERCENT: tuple[tuple[str, ...], ...] = tuple(
    tuple(_keys(w)) for w in ("في المئة", "في المائة", "بالمئة", "بالمائة")
)


def word_value(word: str) -> int | None:
    """The value of one normalised number word, without a joined و (ثلاثا → 3, وعشرين → 20, مئتي → 200)."""
    for form in (word, word[:-1] if word.endswith("ا") else "", word[:-1] if word.endswith("ي") else ""):
        for table in (UNITS, TENS, HUNDREDS, SCALES):
            if form and form in table:
                return table[form]
    if word in TWICE:
        return 2
    return None


def digits_value(word: str) -> float | None:
    """The value of a normalised token of digits ("1,500", "2.5"); None if it is not one."""
    cleaned = word.replace(",", "").replace("٬", "").replace("٫", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _teen(words: list[str], i: int) -> float | None:
    """11..19 written as a unit followed by عشر/عشرة (أحد عشر، اثنتا عشرة، خمسة عشر)."""
    if i + 1 >= len(words) or words[i + 1] not in _TEN_WORDS:
        return None
    unit = UNITS.get(words[i]) or UNITS.get(words[i][:-1]) if words[i] else None
    return 10.0 + unit if unit and unit < 10 else None


_TEN_WORDS = frozenset(_keys("عشر عشرة"))


def number_at(words: list[str], i: int) -> tuple[float, int] | None:
    """(value, words used) of the number that starts at normalised `words[i]`: digits with a scale word
    ("2.5 مليار"), or number words joined by و ("خمس وعشرين", "ثلاثة آلاف"); None when none starts there."""
    value = digits_value(words[i])
    if value is not None:
        used = 1
        if i + 1 < len(words) and words[i + 1] in SCALES:
            value, used = value * SCALES[words[i + 1]], 2
        return value, used
    total, used, current = 0.0, 0, 0.0
    j = i
    teen = _teen(words, i)
    if teen is not None:  # "اثنا عشر", "أربع عشرة": a unit and عشر make one number
        current, used, j = teen, 2, i + 2
    while j < len(words):
        word = words[j][1:] if j > i and words[j].startswith("و") and len(words[j]) > 2 else words[j]
        number = word_value(word)
        if number is None or (j > i and not words[j].startswith("و") and number not in SCALES.values()):
            break
        if number >= 1000:
            total += max(current, 1) * number
            current = 0
        else:
            current += number
        used = j - i + 1
        j += 1
    return (total + current, used) if used else None


def _units() -> dict[str, tuple[str, str]]:
    return {normalise_arabic(row[0]): (row[1], row[2]) for row in table_rows("units")}


UNIT_WORDS: dict[str, tuple[str, str]] = _units()  # store/arabic/data/units.tsv: word → (English, kind)


def unit_of(word: str) -> tuple[str, str] | None:
    """(English plural, kind) of a normalised unit, currency or measure word, also with the accusative
    alif or a joined proclitic (درهما، بالدولار); kinds: money, time, length, area, weight, volume, count,
    percent."""
    for form in (word, word[:-1] if word.endswith("ا") else "", word[1:] if word[:1] in "وبل" else ""):
        if form and form in UNIT_WORDS:
            return UNIT_WORDS[form]
        if form.startswith("ال") and form[2:] in UNIT_WORDS:
            return UNIT_WORDS[form[2:]]
    return None


_FEMININE_DUAL = ("تين", "تان")  # سجدتين، فرحتان: a noun in ة, two of it (its sound plural is in ات)
_DUAL = ("ين", "ان")  # يومين، شهران: also a masculine plural (مسلمين), so only for unit words


def dual_singular(word: str, is_word: Callable[[str], bool]) -> str | None:
    """The singular (normalised) of a dual noun that counts two by itself, or None: a feminine noun whose
    singular the dictionary knows (`is_word`: سجدتين → سجده), or a unit of the unit table (يومين → يوم,
    ديناران → دينار). A word in ين/ان that is no unit may be a plural (مسلمين) or a name (عثمان)."""
    for ending in _FEMININE_DUAL:
        if word.endswith(ending) and len(word) - len(ending) >= 2 and is_word(word[: -len(ending)] + "ه"):
            return word[: -len(ending)] + "ه"
    for ending in _DUAL:
        single = word[: -len(ending)]
        if word.endswith(ending) and len(single) >= 2 and singular_unit(single):
            return single
    return None


def singular_unit(word: str) -> tuple[str, str] | None:
    """`unit_of` a singular noun, also when the table holds only its accusative (يوم → يوما: "days")."""
    return unit_of(word) or unit_of(word + "ا")
