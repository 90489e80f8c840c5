"""Date words of Arabic news (tables for qa.grounded.dates): qualifiers ("آخر يوم من"), day words, year
words, relative dates ("العام الماضي", "أمس"), ordinal days ("السابع من") and the words that make an
ambiguous month name a month ("في مارس")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.grounded.english import split_words
from store.arabic import MONTHS, WEEKDAYS, normalise_arabic

if TYPE_CHECKING:
    from qa.grounded.tokens import Token


def _n(words: str) -> tuple[str, ...]:
    return tuple(normalise_arabic(w) for w in split_words(words))


WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
QUALIFIERS = {
    _n("آخر يوم من"): "last-day",
    _n("اليوم الأخير من"): "last-day",
    _n("أول يوم من"): "first-day",
    _n("اليوم الأول من"): "first-day",
    **{(w,): "end" for w in _n("نهاية أواخر أواخر ختام")},
    **{(w,): "start" for w in _n("مطلع بداية أوائل مستهل")},
    **{(w,): "mid" for w in _n("منتصف أواسط")},
}
DAY_WORDS = frozenset(_n("يوم يومي ليلة مساء صباح فجر ظهر"))
RANGE_TO = frozenset(_n("إلى الى حتى"))
YEAR_WORDS = frozenset(_n("عام العام سنة السنة أعوام الأعوام عامي سنوات"))
UNIT_RELATIVE = {"عام": "year", "العام": "year", "سنه": "year", "السنه": "year", "الشهر": "month",
                  "الاسبوع": "week", "القرن": "century", "العقد": "decade"}  # fmt: skip
WHEN_RELATIVE = {
    **{w: "last" for w in _n("الماضي الماضية الفائت الفائتة المنصرم المنصرمة السابق")},
    **{w: "next" for w in _n("المقبل المقبلة القادم القادمة")},
    **{w: "this" for w in _n("الجاري الجارية الحالي الحالية")},
}
DAY_RELATIVE = {
    _n("أول أمس"): "day-before-yesterday",
    _n("أمس"): "yesterday",
    _n("البارحة"): "yesterday",
    _n("غدا"): "tomorrow",
    _n("يوم غد"): "tomorrow",
    _n("الليلة الماضية"): "last-night",
    _n("هذا العام"): "this-year",
    _n("هذه السنة"): "this-year",
    _n("هذا الشهر"): "this-month",
    _n("هذا الأسبوع"): "this-week",
}
ORDINALS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
ORDINAL_DAYS: dict[tuple[str, ...], int] = {
    **{(normalise_arabic(w),): n for n, w in enumerate(ORDINALS, start=1)},
    (normalise_arabic("العاشر"),): 10,
    **{(normalise_arabic(w), normalise_arabic("عشر")): 10 + n for n, w in enumerate(ORDINALS, start=1)},
    (normalise_arabic("الحادي"), normalise_arabic("عشر")): 11,
    (normalise_arabic("العشرين"),): 20,
    **{(normalise_arabic(w), normalise_arabic("والعشرين")): 20 + n for n, w in enumerate(ORDINALS, start=1)},
    (normalise_arabic("الحادي"), normalise_arabic("والعشرين")): 21,
    (normalise_arabic("الثلاثين"),): 30,
    (normalise_arabic("الحادي"), normalise_arabic("والثلاثين")): 31,
}
STARTERS = frozenset(
    [key[0] for key in DAY_RELATIVE]
    + list(UNIT_RELATIVE)
    + [key[0] for key in QUALIFIERS]
    + [key[0] for key in ORDINAL_DAYS]
    + ["شهر", "اليوم"]
)
MONTH_CONTEXT = frozenset(_n("في منذ حتى خلال شهر بشهر وفي ومنذ قبل بعد"))
# Era words after a year ("عام 79 للميلاد", "سنة 132 هـ").
ERAS = frozenset(_n("للميلاد ميلادية ميلادي م للهجرة هجرية هـ ه"))


def date_word(word: str) -> bool:
    """A word that can open a date expression (year word, month, weekday, day word, qualifier)."""
    return (
        word in YEAR_WORDS
        or word in MONTHS
        or word in WEEKDAYS
        or word in DAY_WORDS
        or any(key[0] == word for key in QUALIFIERS)
    )


def time_adverbial_at(tokens: list[Token], j: int) -> bool:
    """Token j belongs to a time adverbial: a month, a weekday, "أمس"/"غدا", or a unit with its relative
    word ("الشهر الماضي", "العام المقبل") — not "العام" or "السابق" alone ("الأمين العام", "الرئيس
    السابق" are titles)."""
    word = tokens[j].bare
    if word in MONTHS or word in WEEKDAYS or (word,) in DAY_RELATIVE:
        return True
    before = tokens[j - 1].norm if j > 0 else ""
    after = tokens[j + 1].norm if j + 1 < len(tokens) else ""
    return (word in WHEN_RELATIVE and before in UNIT_RELATIVE) or (
        word in UNIT_RELATIVE and after in WHEN_RELATIVE
    )
