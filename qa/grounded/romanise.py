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

from qa.grounded.english import split_words
from qa.grounded.names import is_title, person_names
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
# Endings that mark a Slavic name (-ov, -ev, -ova, -ovich, -sky, -enko, -chko): its ف is a v, its ج a g,
# and a ي right after the first consonant is most often an e (Peskov, Belousov, Sergei, Zelensky).
_SLAVIC_ENDING = re.compile(r"(?:وف|يف|وفا|يفا|يتش|سكي|سكايا|نكو|تشكو|شكو)$")
_EI_AFTER = frozenset("غجسفك")  # a final ي after these is -ei in Slavic first names (Sergei, Alexei)
# Frequent Korean family names: a name opening with one, made of short syllable words, is Korean, whose
# و before a final ن or a ك is mostly u (Hong-kyun, Yun, Suk).
_KOREAN_SURNAMES = frozenset(
    normalise_arabic(w)
    for w in split_words(
        "كيم لي ري بارك باك تشوي تشوه جونغ جانغ كانغ تشو يون مون هان شين أوه سو كوون هوانغ آن سونغ هونغ "
        "يانغ ليم نام بيون كو بيك سيو"
    )
)


def _mode(run: list[str]) -> str:
    """ "slavic", "korean" or "" for a run of name words."""
    norms = [normalise_arabic(w) for w in run]
    if any(_SLAVIC_ENDING.search(n) for n in norms):
        return "slavic"
    parts = [p for n in norms for p in n.split("-")]
    if len(run) >= 2 and norms[0] in _KOREAN_SURNAMES and all(len(p) <= 4 for p in parts):
        return "korean"
    return ""


def _word(word: str, mode: str = "") -> str:
    """One Arabic word in Latin letters (see the module docstring); `mode` "slavic" or "korean"."""
    raw = word.replace("آ", "ا").replace("ة", "ا").replace("ى", "ا")
    opening = ""
    if raw.startswith("إ"):  # "إل", "إيل" → Il, "إيفان" → Ivan: an opening i
        opening, raw = "i", raw[2:] if raw[1:2] == "ي" else raw[1:]
    raw = raw.replace("إ", "ا").replace("أ", "ا").replace("ؤ", "و").replace("ئ", "ي").replace("تش", "چ")
    out: list[str] = [opening]
    for i, ch in enumerate(raw):
        before = raw[i - 1] if i else ""
        after = raw[i + 1] if i + 1 < len(raw) else ""
        if ch == "ا":
            out.append("" if after in ("و", "ي") and i == 0 and not opening else "a")
        elif ch == "و":
            out.append(_waw(i, before, after, raw, mode))
        elif ch == "ي":
            out.append(_ya(i, before, after, raw, mode))
        elif ch in "فج" and mode == "slavic":
            out.append("v" if ch == "ف" else "g")
        elif ch == "غ" and before == "ن" and not after:
            out.append("g")  # "هونغ" → Hong
        else:
            out.append(_CONSONANTS.get(ch, ""))
    latin = "".join(out)
    return latin[:1].upper() + latin[1:]


def _waw(i: int, before: str, after: str, raw: str, mode: str = "") -> str:
    if i == 0:
        return "w" if after in _LONG_VOWELS or not after else "wa"
    if i == 1 and before == "ا":  # أوشاكوف → Ushakov
        return "u"
    if before == "ي" and i == 1:  # يوري → Yuri
        return "u"
    if after == "ا" or (after == "ي" and before not in _LONG_VOWELS):
        return "w"  # كاميكاوا → Kamikawa
    if mode == "korean" and (raw[i + 1 :] == "ن" or after == "ك"):
        return "u"  # كيون → kyun, سوك → Suk
    return "o"


def _ya(i: int, before: str, after: str, raw: str = "", mode: str = "") -> str:
    if i == 0:
        return "ye" if after and after not in _LONG_VOWELS and after != "ا" else "y"  # يلتسين → Yeltsin
    if mode == "slavic":
        if i == 1 and before not in _LONG_VOWELS and after and after not in _LONG_VOWELS:
            return "e"  # بيسكوف → Peskov, سيرغي → Sergei
        if not after and raw.endswith("سكي"):
            return "y"  # -sky
        if not after and i > 1 and before in _EI_AFTER:
            return "ei"  # Sergei, Alexei
        if after == "ف" and i == len(raw) - 2:
            return "e"  # -ev: ميدفيديف → Medvedev
    if after in ("ا", "و") and before not in _LONG_VOWELS:
        return "y"  # كيون → Kyon
    if before in ("ا", "و") and after:
        return "y"
    return "i"


def name_words(text: str) -> list[list[str]]:
    """The names of a span as runs of words. Where the span rules find people (a name with its title),
    only their names: not a title's complement ("بشؤون شراء" in "ونائبه المعني بشؤون شراء الأسلحة أليكسي
    كريفوروتشكو"), nor the person a title refers to ("بوتين" in "أوشاكوف مستشار بوتين"). Otherwise every
    run of words that are no title, definite word or connective: they are translated, not spelled (the
    Arabic stays beside). A hyphenated word ("هونغ-كيون") stays one word."""
    tokens = tokenise_sentence(text)
    people = person_names(tokens)
    if people:
        return [
            [
                tokens[k].text[run.trim :] if k == run.start else tokens[k].text
                for k in range(run.start, run.end)
            ]
            for run in people
        ]
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
        runs[-1].append(word)
    return [run for run in runs if run]


_name_words = name_words  # the model transliterator's name (qa/grounded/transliterate.py)


def _spell(word: str, mode: str) -> str:
    """A word, hyphenated parts kept: "هونغ-كيون" → "Hong-kyun"."""
    parts = [_word("".join(_WORD.findall(part)), mode) for part in word.split("-")]
    parts = [part for part in parts if part]
    return "-".join([parts[0], *(part.lower() for part in parts[1:])]) if parts else ""


def romanise(text: str) -> str | None:
    """Latin spelling of the names in an Arabic span ("وزير الخارجية سيرجي لافروف" → "Sergei Lavrov";
    several names joined by commas), or None when it holds no name."""
    names = []
    for run in name_words(text):
        mode = _mode(run)
        names.append(" ".join(p for p in (_spell(w, mode) for w in run) if p))
    latin = ", ".join(n for n in names if n)
    return latin or None
