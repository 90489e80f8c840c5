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

from qa.grounded.names import is_title
from qa.grounded.tokens import tokenise_sentence
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


def _name_words(text: str) -> list[list[str]]:
    """The names of a span as runs of words: titles ("وزير", "نائب"), definite words ("الخارجية") and
    connectives are left out, since they are not transliterated but translated (the Arabic stays beside)."""
    tokens = tokenise_sentence(text)
    runs: list[list[str]] = [[]]
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        word = token.text
        if token.is_word and word[:1] in "وف" and len(word) > 3 and not token.definite and i:
            word = word[1:]  # "وتوم" → "توم": a new name
            if runs[-1]:
                runs.append([])
        if not token.is_word or token.definite or is_title(token, following) or token.is_function_word:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].extend(_WORD.findall(word))
    return [run for run in runs if run]


def romanise(text: str) -> str | None:
    """Latin spelling of the names in an Arabic span ("وزير الخارجية سيرجي لافروف" → "Sirji Lavrov";
    several names joined by commas), or None when it holds no name."""
    names = [" ".join(p for p in (_word(w) for w in run) if p) for run in _name_words(text)]
    latin = ", ".join(n for n in names if n)
    return latin or None
