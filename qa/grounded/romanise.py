"""Rules-only romanisation of foreign names written in Arabic script ("يوري أوشاكوف" → "Yuri Ushakov").

For the `extractive` backend, which has no model to transliterate with. Arabic script leaves most vowels
unwritten and writes و / ي for o, u, w and i, e, y, so this is a best guess by the conventions of Arabic
news for Russian, Korean, Japanese and English names: a final وف/يف is the Slavic -ov/-ev (and its ف a v
throughout the name), an opening يو is Yu, an opening أو is U, و between consonants is o, ي between
consonants is i. It is never shown alone: the reply keeps the Arabic original beside it, so a reader can
check it. Words that are not names (titles, common words) are left to the caller: pass only name spans.
"""

from __future__ import annotations

import re

from store.arabic import normalise_arabic

_CONSONANTS = {
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ء": "",
    "پ": "p",
    "چ": "ch",
    "ڤ": "v",
    "گ": "g",
}
_LONG_VOWELS = frozenset("اويى")
_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_SLAVIC_ENDING = re.compile(r"(?:وف|يف|وفا|يفا|وفيتش|يفيتش)$")


def _word(word: str) -> str:
    """One Arabic word in Latin letters (see the module docstring)."""
    raw = word.replace("آ", "ا").replace("إ", "ا").replace("ة", "ا").replace("ى", "ا")
    slavic = bool(_SLAVIC_ENDING.search(normalise_arabic(raw)))
    raw = raw.replace("أ", "ا").replace("ؤ", "و").replace("ئ", "ي")
    out: list[str] = []
    for i, ch in enumerate(raw):
        before = raw[i - 1] if i else ""
        after = raw[i + 1] if i + 1 < len(raw) else ""
        if ch == "ا":
            out.append("" if after in ("و", "ي") and i == 0 else "a")
        elif ch == "و":
            out.append(_waw(i, before, after, raw))
        elif ch == "ي":
            out.append(_ya(i, before, after))
        elif ch == "ف" and slavic:
            out.append("v")
        elif ch == "غ" and before == "ن" and not after:
            out.append("g")  # "هونغ" → Hong
        else:
            out.append(_CONSONANTS.get(ch, ""))
    latin = "".join(out)
    return latin[:1].upper() + latin[1:]


def _waw(i: int, before: str, after: str, raw: str) -> str:
    if i == 0:
        return "w" if after in _LONG_VOWELS or not after else "wa"
    if i == 1 and before == "ا":  # أوشاكوف → Ushakov
        return "u"
    if before == "ي" and i == 1:  # يوري → Yuri
        return "u"
    if after == "ا" or (after == "ي" and before not in _LONG_VOWELS):
        return "w"  # كاميكاوا → Kamikawa
    return "o"


def _ya(i: int, before: str, after: str) -> str:
    if i == 0:
        return "y"
    if after in ("ا", "و") and before not in _LONG_VOWELS:
        return "y"  # كيون → Kyon
    if before in ("ا", "و") and after:
        return "y"
    return "i"


def romanise(text: str) -> str | None:
    """Latin spelling of an Arabic name span, or None when it holds no Arabic word."""
    words = _WORD.findall(text)
    if not words:
        return None
    parts = [_word(w) for w in words]
    latin = " ".join(p for p in parts if p)
    return latin or None
