"""Letters: the normaliser that makes equal words compare equal, and what a reader sees of a text.

Normalised text is for matching only, never shown. Bump NORMALISER_VERSION whenever the output of
`normalise_arabic` (or of `store.arabic.words.lexical_tokens`) changes: it is part of the index name, so old
indexes are rebuilt instead of mixing two normalisations.
"""

from __future__ import annotations

import re
import unicodedata

NORMALISER_VERSION = "3"  # 3: every format character (bidi marks and isolates, zero-width marks) dropped

# Tashkeel (fathatan..sukun), superscript alef, Quranic marks and maddah/hamza above/below: as a character
# class body, for other rules' regular expressions (store.segment).
DIACRITICS_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
# Unicode format characters that texts carry and a reader does not see: zero-width space and joiners, the
# LRM/RLM and Arabic letter marks, bidi embeddings, overrides and isolates, word joiner, BOM, soft hyphen.
# Classical editions put RLM around every full stop and quote ("\u200f.\u200f").
FORMAT_CLASS = "\u200b-\u200f\u061c\u202a-\u202e\u2060-\u2069\ufeff\u00ad"
_DIACRITICS = re.compile(f"[{DIACRITICS_CLASS}]")
_FORMAT = re.compile(f"[{FORMAT_CLASS}]")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

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
    }
)


def normalise_arabic(text: str) -> str:
    """Fold spelling variants so that equal words compare equal (alef forms, ya/alef maqsura, ta marbuta,
    Persian letters, diacritics, tatweel, Eastern digits, format characters); Latin text is case-folded."""
    text = unicodedata.normalize("NFKC", text)
    text = _FORMAT.sub("", _DIACRITICS.sub("", text)).translate(_CHAR_MAP)
    return text.casefold()


def strip_diacritics(text: str) -> str:
    """The text without tashkeel and Quranic marks, letters left as written (unlike `normalise_arabic`,
    ta marbuta and hamza forms are kept: for rules that read word endings, e.g. attached pronouns)."""
    return _DIACRITICS.sub("", text)


def visible_text(text: str) -> str:
    """What a reader sees of `text`, for answers and citations: format characters dropped and runs of white
    space folded to one space; letters and diacritics exactly as written."""
    return " ".join(_FORMAT.sub("", text).split())


def has_arabic(text: str) -> bool:
    """Any Arabic letter at all (an English question quoting an Arabic name)."""
    return _ARABIC_LETTER.search(text) is not None


def is_arabic(text: str) -> bool:
    """True when Arabic letters outnumber Latin ones (the question's script decides the answer language)."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = sum(1 for ch in text if "a" <= ch.lower() <= "z")
    return arabic > 0 and arabic >= latin


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
