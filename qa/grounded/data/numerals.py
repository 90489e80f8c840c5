"""Number words and hedges of Arabic news (tables for qa.grounded.numbers): hedges before and after a
number, units, tens, hundreds, scales, vague quantities ("عشرات"), fractions ("ربع قرن"), percent words and
the modifiers of a time unit ("المئة عام المقبلة")."""

from __future__ import annotations

from qa.grounded.english import split_words
from store.arabic import normalise_arabic


def _n(words: str) -> tuple[str, ...]:
    return tuple(normalise_arabic(w) for w in split_words(words))


# Hedges before a number, longest first (normalised words) → English.
HEDGES_BEFORE: dict[tuple[str, ...], str] = {
    _n("ما لا يقل عن"): "at least",
    _n("لا يقل عن"): "at least",
    _n("ما يزيد على"): "more than",
    _n("ما يزيد عن"): "more than",
    _n("ما يقرب من"): "nearly",
    _n("ما يقارب"): "nearly",
    _n("ما يناهز"): "nearly",
    _n("أكثر من"): "more than",
    _n("أزيد من"): "more than",
    _n("يزيد على"): "more than",
    _n("يزيد عن"): "more than",
    _n("أقل من"): "less than",
    _n("يقارب"): "nearly",
    _n("يناهز"): "nearly",
    _n("نحو"): "about",
    _n("حوالي"): "about",
    _n("حوالى"): "about",
    _n("زهاء"): "about",
    _n("قرابة"): "nearly",
    _n("تقريبا"): "about",
}
HEDGES_AFTER: dict[tuple[str, ...], str] = {
    _n("على الأقل"): "at least",
    _n("تقريبا"): "about",
    _n("فقط"): "only",
}
HEDGE_WORDS = frozenset(w for key in HEDGES_BEFORE for w in key)
HEDGE_STARTS = frozenset(key[0] for key in HEDGES_BEFORE)
AFTER_STARTS = frozenset(key[0] for key in HEDGES_AFTER)

UNITS = {
    **dict.fromkeys(_n("واحد واحدة أحد إحدى"), 1),
    **dict.fromkeys(_n("اثنان اثنين اثنتان اثنتين اثنا اثني"), 2),
    **dict.fromkeys(_n("ثلاث ثلاثة"), 3),
    **dict.fromkeys(_n("أربع أربعة"), 4),
    **dict.fromkeys(_n("خمس خمسة"), 5),
    **dict.fromkeys(_n("ست ستة"), 6),
    **dict.fromkeys(_n("سبع سبعة"), 7),
    **dict.fromkeys(_n("ثمان ثماني ثمانية"), 8),
    **dict.fromkeys(_n("تسع تسعة"), 9),
    **dict.fromkeys(_n("عشر عشرة"), 10),
}
TENS = {normalise_arabic(stem + end): value for stem, value in (
    ("عشر", 20), ("ثلاث", 30), ("أربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70), ("ثمان", 80), ("تسع", 90)
) for end in ("ون", "ين")}  # fmt: skip
HUNDREDS = {
    **dict.fromkeys(_n("مئة مائة"), 100),
    **dict.fromkeys(_n("مئتان مئتين مائتان مائتين"), 200),
    **{
        normalise_arabic(u + h): v * 100
        for u, v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9))
        for h in ("مئة", "مائة")
    },  # fmt: skip
}
# Scales: (value, English, plural form means "thousands of" when no number precedes).
SCALES = {
    **dict.fromkeys(_n("ألف آلاف الاف"), (1e3, "thousand")),
    **dict.fromkeys(_n("ألفان ألفين"), (2e3, "thousand")),
    **dict.fromkeys(_n("مليون ملايين"), (1e6, "million")),
    **dict.fromkeys(_n("مليونان مليونين"), (2e6, "million")),
    **dict.fromkeys(_n("مليار مليارات بليون"), (1e9, "billion")),
    **dict.fromkeys(_n("ملياران مليارين"), (2e9, "billion")),
    **dict.fromkeys(_n("ترليون تريليون"), (1e12, "trillion")),
}
VAGUE = {
    **dict.fromkeys(_n("عشرات"), "dozens of"),
    **dict.fromkeys(_n("مئات"), "hundreds of"),
    **dict.fromkeys(_n("آلاف"), "thousands of"),
    **dict.fromkeys(_n("ملايين"), "millions of"),
    **dict.fromkeys(_n("بضع بضعة"), "a few"),
    **dict.fromkeys(_n("عدة"), "several"),
}
PERCENT_WORDS = (_n("في المئة"), _n("في المائة"), _n("بالمئة"), _n("بالمائة"))
TIME_MODIFIERS = {
    **dict.fromkeys(_n("المقبلة المقبل القادمة القادم التالية"), "next"),
    **dict.fromkeys(_n("الماضية الماضي الأخيرة الأخير المنصرمة السابقة"), "last"),
    **dict.fromkeys(_n("الأولى الأول"), "first"),
}
TIME_UNITS = frozenset(["year", "month", "week", "day", "hour", "minute", "second", "century", "decade"])
# Fractions of a counted noun ("ربع قرن", "نصف ساعة"): value and English.
FRACTIONS = {
    **dict.fromkeys(_n("ربع"), (0.25, "a quarter of")),
    **dict.fromkeys(_n("نصف"), (0.5, "half")),
    **dict.fromkeys(_n("ثلث"), (1 / 3, "a third of")),
    **dict.fromkeys(_n("ثلثا ثلثي"), (2 / 3, "two thirds of")),
}
RANGE_LINKS = frozenset(_n("إلى الى و - –"))
