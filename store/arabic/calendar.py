"""Calendar words: month names in every spelling of the Arabic-speaking countries, and weekdays."""

from __future__ import annotations

from store.arabic.letters import normalise_arabic

# Month names in every spelling used in Arabic news, mapped to the month number (1..12): Egypt and the Gulf
# (يناير…), Algeria and Tunisia (جانفي…), Morocco (يوليوز، غشت، شتنبر، نونبر، دجنبر) and the Levant/Iraq
# (كانون الثاني…). Keys are `normalise_arabic` forms; two-word Levantine names are keyed by their two words.
_MONTH_SPELLINGS = {
    1: "يناير جانفي جانفيي كانون_الثاني كانون_ثاني",
    2: "فبراير فبرير فيفري شباط",
    3: "مارس آذار اذار",
    4: "أبريل إبريل ابريل أفريل افريل نيسان",
    5: "مايو ماي أيار",
    6: "يونيو يونيه جوان حزيران",
    7: "يوليو يوليه يوليوز جويلية جويليه تموز",
    8: "أغسطس اغسطس أغسطوس غشت أوت اوت آب",
    9: "سبتمبر شتنبر أيلول",
    10: "أكتوبر اكتوبر تشرين_الأول تشرين_أول",
    11: "نوفمبر نونبر تشرين_الثاني تشرين_ثاني",
    12: "ديسمبر دجنبر كانون_الأول كانون_أول",
}
MONTHS: dict[str, int] = {
    normalise_arabic(name).replace("_", " "): number
    for number, names in _MONTH_SPELLINGS.items()
    for name in names.split()
}
# Month names that are also ordinary words (مارس "practised", آب/أب "father", ماي, نيسان the car maker):
# a date rule should accept them only next to a day, a year, "شهر" or another month name.
AMBIGUOUS_MONTHS = frozenset(normalise_arabic(w) for w in ("مارس", "آب", "ماي", "نيسان", "أيار"))
# Weekdays, ISO numbering (Monday = 1). Only with the article: bare أحد and اثنين are "one" and "two".
WEEKDAYS: dict[str, int] = {
    normalise_arabic(name): number
    for number, name in enumerate(
        ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"), start=1
    )
}


def month_at(words: list[str], i: int) -> tuple[int, int] | None:
    """(month number, words used) when normalised `words[i:]` start with a month name, in any spelling,
    possibly after a one-letter proclitic ("بمارس", "وحزيران"); None otherwise."""
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    for candidate in (word, word[1:] if len(word) > 4 and word[0] in "وفبل" else ""):
        if not candidate:
            continue
        two = MONTHS.get(f"{candidate} {following}") if following else None
        if two:
            return two, 2
        if candidate in MONTHS:
            return MONTHS[candidate], 1
    return None


# The Hijri months (classical texts and many official documents date by them), in their common spellings.
_HIJRI_SPELLINGS = {
    1: "محرم المحرم",
    2: "صفر",
    3: "ربيع_الأول ربيع_الاول",
    4: "ربيع_الآخر ربيع_الثاني ربيع_الاخر",
    5: "جمادى_الأولى جمادى_الاولى",
    6: "جمادى_الآخرة جمادى_الاخرة جمادى_الثانية",
    7: "رجب",
    8: "شعبان",
    9: "رمضان",
    10: "شوال",
    11: "ذو_القعدة ذي_القعدة",
    12: "ذو_الحجة ذي_الحجة",
}
HIJRI_MONTHS: dict[str, int] = {
    normalise_arabic(name).replace("_", " "): number
    for number, names in _HIJRI_SPELLINGS.items()
    for name in names.split()
}
HIJRI_MONTHS_EN = (
    "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Akhir", "Jumada al-Ula", "Jumada al-Akhirah",
    "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'dah", "Dhu al-Hijjah",
)  # fmt: skip
# Parts of the day and the prayer times that name them (a time answer in narrations and timetables).
DAY_PARTS: dict[str, str] = {
    normalise_arabic(word): english
    for words, english in (
        ("الفجر فجر", "dawn"),
        ("الصبح الصباح صباحا صباح", "morning"),
        ("الضحى ضحى", "forenoon"),
        ("الظهر ظهرا الظهيرة", "noon"),
        ("العصر عصرا", "afternoon"),
        ("المغرب", "sunset"),
        ("العشاء", "nightfall"),
        ("الليل ليلا ليلة الليلة", "night"),
        ("السحر سحرا", "before dawn"),
        ("مساء المساء مساءا", "evening"),
    )
    for word in words.split()
}
# The hours of the clock in words: the feminine ordinals Arabic uses (الساعة السابعة، حتى العاشرة ليلا).
CLOCK_HOURS: dict[str, int] = {
    normalise_arabic(word).replace("_", " "): hour
    for hour, word in enumerate(
        "الواحدة الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة الحادية_عشرة "
        "الثانية_عشرة".split(),
        start=1,
    )
}
# Fractions of the hour said after it (العاشرة والربع), in minutes; "إلا ربعا" is a quarter before it.
CLOCK_FRACTIONS: dict[str, int] = {
    normalise_arabic(words).replace("_", " "): minutes
    for words, minutes in (
        ("والنصف", 30), ("والربع", 15), ("والثلث", 20), ("إلا_ربعا", -15), ("إلا_الربع", -15),
    )
}  # fmt: skip
# The part of the day said after a clock time: whether it is after noon (صباحا a.m., مساء p.m.), and how
# English says it after an hour said in words ("seven o'clock in the morning").
CLOCK_PARTS: dict[str, tuple[bool, str]] = {
    normalise_arabic(words).replace("_", " "): (after_noon, english)
    for words, after_noon, english in (
        ("صباحا", False, "in the morning"), ("صباح", False, "in the morning"), ("فجرا", False, "at dawn"),
        ("بعد_منتصف_الليل", False, "after midnight"), ("ظهرا", True, "at midday"),
        ("عصرا", True, "in the afternoon"), ("مساء", True, "in the evening"),
        ("مساءا", True, "in the evening"), ("ليلا", True, "at night"),
        ("بعد_الظهر", True, "in the afternoon"),
    )
}  # fmt: skip
