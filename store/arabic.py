"""Arabic text normalisation, tokenisation and light stemming — for matching only, never for display.

Bump NORMALISER_VERSION whenever the output of `normalise_arabic` or `lexical_tokens` changes:
it is part of the index name, so old indexes are rebuilt instead of mixing two normalisations.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NORMALISER_VERSION = "2"

_CHAR_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "ک": "ك",
        "ڪ": "ك",
        "ؤ": "و",
        "ئ": "ي",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "ـ": None,  # tatweel
        "\u200c": None,
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,  # ZWNJ/ZWJ/LRM/RLM
    }
)
# Tashkeel (fathatan..sukun), superscript alef, Quranic marks and maddah/hamza above/below.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

# One-letter proclitics (and, so, with, for, like) that are written glued to the next word.
PROCLITICS = "وفبلك"
# The definite article, alone or after a proclitic, longest first.
_ARTICLES = ("وال", "بال", "كال", "فال", "ال")
# Clitics stripped for matching, longest first. "ال" with a proclitic: وال, بال, كال, فال, لل.
_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", *PROCLITICS)
_SUFFIXES = (
    "تهما",
    "هما",
    "كما",
    "تها",
    "ات",
    "ان",
    "ين",
    "ون",
    "وا",
    "ها",
    "هم",
    "هن",
    "كم",
    "كن",
    "نا",
    "يه",
    "ه",
    "ي",
)
_STOPWORDS = frozenset(
    [
        "في",
        "من",
        "الي",
        "علي",
        "عن",
        "ان",
        "او",
        "ما",
        "ماذا",
        "متي",
        "كم",
        "كيف",
        "اين",
        "هل",
        "لم",
        "لن",
        "قد",
        "هو",
        "هي",
        "هم",
        "ذلك",
        "هذه",
        "هذا",
        "التي",
        "الذي",
        "الذين",
        "مع",
        "كان",
        "كانت",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "was",
        "were",
        "be",
        "by",
        "with",
        "from",
        "that",
        "this",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "did",
        "does",
        "do",
    ]
)


def normalise_arabic(text: str) -> str:
    """Fold spelling variants so that equal words compare equal (alef forms, ya/alef maqsura, ta marbuta,
    Persian letters, diacritics, tatweel, Eastern digits); Latin text is case-folded."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).translate(_CHAR_MAP)
    return text.casefold()


def strip_diacritics(text: str) -> str:
    """The text without tashkeel and Quranic marks, letters left as written (unlike `normalise_arabic`,
    ta marbuta and hamza forms are kept: for rules that read word endings, e.g. attached pronouns)."""
    return _DIACRITICS.sub("", text)


def has_arabic(text: str) -> bool:
    """Any Arabic letter at all (an English question quoting an Arabic name)."""
    return _ARABIC_LETTER.search(text) is not None


def is_arabic(text: str) -> bool:
    """True when Arabic letters outnumber Latin ones (the question's script decides the answer language)."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = sum(1 for ch in text if "a" <= ch.lower() <= "z")
    return arabic > 0 and arabic >= latin


def tokenise(text: str) -> list[str]:
    """Normalised word tokens (stopwords removed)."""
    return [t for t in _WORD.findall(normalise_arabic(text)) if t not in _STOPWORDS]


@lru_cache(maxsize=1 << 16)  # a corpus repeats its words; retrieval stems each candidate sentence
def stem_arabic(token: str) -> str:
    """Light stemming: strip one proclitic group and one suffix, keeping at least three letters."""
    if not _ARABIC_LETTER.search(token):
        return token
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            token = token[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def char_ngrams(token: str, n: int = 3) -> list[str]:
    """Character n-grams of a stemmed word with boundary marks, so that transliteration variants
    (بيونغ يانغ / بيونج يانج / بيونغيانغ) still share most of their grams."""
    padded = f"<{token}>"
    if len(padded) <= n:
        return [padded]
    return [padded[i : i + n] for i in range(len(padded) - n + 1)]


def lexical_tokens(text: str, ngrams: bool = True) -> list[str]:
    """Terms for the BM25 leg: stems, plus prefixed character trigrams of the stems."""
    terms: list[str] = []
    for token in tokenise(text):
        stem = stem_arabic(token)
        terms.append(stem)
        if ngrams and len(stem) >= 4 and not stem.isdigit():
            terms.extend("#" + g for g in char_ngrams(stem))
    return terms


def strip_arabic_article(token: str) -> str:
    """`token` without its definite article (ال, or وال بال كال فال), keeping at least two letters: for
    comparing answers, where "الزيارة" and "زيارة" say the same. Non-Arabic tokens are returned as is."""
    if not _ARABIC_LETTER.match(token):
        return token
    for article in _ARTICLES:
        if token.startswith(article) and len(token) - len(article) >= 2:
            return token[len(article) :]
    return token


# --- noun keys and month names (grounded answers: tables of nouns, titles and months) -------------------

_NOUN_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
_NOUN_SUFFIXES = ("ات", "ون", "ين", "ان", "ه")


@lru_cache(maxsize=65536)
def noun_key(word: str) -> str:
    """Key for looking a noun up in a table: normalised, the article (with وال بال فال كال لل) and a
    ta marbuta / sound-plural / dual suffix removed. Unlike `stem_arabic` it never strips a lone
    و ف ب ل ك, so "فترة" and "الفترة" (and "وزيرة", "الوزيرات") get the same key."""
    word = normalise_arabic(word)
    for article in _NOUN_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    for suffix in _NOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def noun_keys(word: str) -> tuple[str, ...]:
    """`noun_key` of the word, and of the word without a one-letter proclitic (و ف ب ل ك) when it has one:
    "ووزير" and "لصحيفة" match "وزير" and "صحيفة"; look both up."""
    keys = [noun_key(word)]
    bare = normalise_arabic(word)
    if len(bare) > 3 and bare[0] in "وفبلك" and not bare.startswith(("ال", "لل")):
        keys.append(noun_key(bare[1:]))
    elif bare.startswith("لل") and len(bare) > 4:
        keys.append(noun_key("ال" + bare[2:]))
    return tuple(dict.fromkeys(keys))


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


# Arabic presentation forms A (U+FB50–U+FDFF) and B (U+FE70–U+FEFC): the contextual glyph codes (ﻣﺮﺣﺒﺎ) and
# ligatures (ﻻ, ﷲ) that PDF text layers often carry instead of the letters.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def _base_form(match: re.Match[str]) -> str:
    letters = unicodedata.normalize("NFKC", match.group())
    # isolated forms of marks (U+FE70…) decompose to a space and the mark: the space is not text
    return letters[1:] if len(letters) > 1 and letters[0] == " " else letters


def base_letters(text: str) -> str:
    """`text` with Arabic presentation forms replaced by the base letters they show (ﻣﺮﺣﺒﺎ → مرحبا,
    ﻻ → لا); everything else, diacritics included, left exactly as it is. For display text extracted
    from documents (unlike `normalise_arabic`, which folds spellings for matching)."""
    return _PRESENTATION_FORMS.sub(_base_form, text)
