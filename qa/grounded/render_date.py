"""English for Arabic dates: the one home of date rendering (month and weekday names, relative dates,
qualifiers), shared by span rendering (render_en) and phrase rendering (render_phrase)."""

from __future__ import annotations

from qa.grounded.dates import DateValue

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RELATIVE_EN = {
    "last-year": "last year", "next-year": "next year", "this-year": "this year",
    "last-month": "last month", "next-month": "next month", "this-month": "this month",
    "last-week": "last week", "next-week": "next week", "this-week": "this week",
    "last-century": "the last century", "last-decade": "the last decade",
    "yesterday": "yesterday", "day-before-yesterday": "the day before yesterday", "tomorrow": "tomorrow",
    "today": "today", "last-night": "last night",
}  # fmt: skip
_QUALIFIER_EN = {
    "last-day": "the last day of {}",
    "first-day": "the first day of {}",
    "end": "the end of {}",
    "start": "the beginning of {}",
    "mid": "mid-{}",
}


def join_and(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- dates -------------------------------------------------------------------------------------------


def render_date(value: DateValue) -> str:
    """English for a parsed Arabic date."""
    core = _day_month(value)
    years = join_and([str(y) for y in value.years]) if value.years else ""
    if value.year_range:
        years = "–".join(str(y) for y in value.years)  # one period: "1950–1953"
    if core and years:
        core = f"{core} {years}"
    elif years:
        core = years
    if value.relative == "this" and value.days:
        pass  # "18 و19 يونيو الجاري": the days and month say it all ("this 18 June" is no English)
    elif value.relative in ("last", "next", "this"):
        core = f"{value.relative} {core}" if core else ""
    elif value.relative:
        relative = _RELATIVE_EN.get(value.relative, value.relative.replace("-", " "))
        core = f"{core} {relative}".strip()
    if value.weekdays:
        days = join_and([WEEKDAYS_EN[d - 1] for d in value.weekdays])
        if value.relative in ("last", "next", "this") and not _day_month(value) and not value.years:
            core = f"{value.relative} {days}"  # "الأحد الماضي" → "last Sunday"
        else:
            core = f"{core}, {days}" if core else days
    return _QUALIFIER_EN[value.qualifier].format(core) if value.qualifier else core


def _day_month(value: DateValue) -> str:
    month = MONTHS_EN[value.month - 1] if value.month else ""
    if not value.days:
        return month
    days = [str(d) for d in value.days]
    if value.day_range == "from":
        text = f"from {days[0]} to {days[-1]}"
    elif value.day_range == "between":
        text = f"between {days[0]} and {days[-1]}"
    elif value.day_range == "dash":
        text = "-".join(days)
    else:
        text = join_and(days)
    return f"{text} {month}" if month else f"{text} of this month"
