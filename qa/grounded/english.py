"""English text rules for the grounded engine: one stop-word list and one light stemmer (matching only).

Arabic rules live in store/arabic.py; these are their English counterparts for questions asked in English.
"""

from __future__ import annotations

import re


def split_words(table: str) -> list[str]:
    """The words of a table written as one string (keeps long word lists short and readable)."""
    return table.split()


# Function words and question words: they never carry the focus of a question.
STOPWORDS = frozenset(
    split_words(
        "a an the and or but nor so yet of in on at to for from by with without about into onto over "
        "under after before during since until upon within across against among between through toward "
        "towards via per than as is am are was were be been being do does did done doing has have had "
        "having will would shall should can could may might must ought not no yes it its it's this that "
        "these those there here then thus also too very just only even still ever again ever any some "
        "each every all both either neither other such own same i me my we us our you your he him his "
        "she her they them their who whom whose which what when where why how whether if while because "
        "although though whatever whoever whichever many much one ones someone something anything "
        "nothing according said says say tell told mentioned al el"
    )
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_DOUBLE_KEEP = frozenset("lsz")  # "calling" → "call", but "stopped" → "stop"


def english_words(text: str) -> list[str]:
    """Lower-cased words with possessive 's removed ("Putin's" → "putin"); hyphens split words."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        words.append(word.strip("'"))
    return [w for w in words if w]


def english_words_cased(text: str) -> list[str]:
    """Words as written (case kept, possessive 's removed): capitalised ones are likely names."""
    words = [m.group().replace("’", "'") for m in _WORD.finditer(text)]
    return [w[:-2] if w.lower().endswith("'s") else w.strip("'") for w in words]


def stem_english(word: str) -> str:
    """Light suffix stripping (plural, -ed, -ing, final e), so visit/visits/visited and
    promise/promised compare equal. Not a full Porter stemmer: it only needs to be consistent."""
    w = word.lower()
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("ches", "shes", "xes", "zes", "sses")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if w[-1] == w[-2] and w[-1] not in _DOUBLE_KEEP:
                w = w[:-1]
            break
    if w.endswith("e") and len(w) >= 5:
        w = w[:-1]
    return w


_FIGURE = re.compile(r"\d+")


def content_terms(text: str) -> list[str]:
    """Stemmed content words of an English text, then its figures ("2000"), without duplicates: a figure
    is written the same way in an Arabic source."""
    terms = [stem_english(w) for w in english_words(text) if w not in STOPWORDS and len(w) > 1]
    return list(dict.fromkeys(terms + _FIGURE.findall(text)))


# --- consonant skeletons: matching a name across scripts ("Putin" ~ "بوتين", "Lavrov" ~ "لافروف") --------

_LATIN_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("kh", "h"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("zh", "s"))
_LATIN_CLASSES = str.maketrans(
    {**dict.fromkeys("bp", "B"), **dict.fromkeys("td", "T"), **dict.fromkeys("szx", "S"),
     **dict.fromkeys("kqgjc", "K"), **dict.fromkeys("fv", "F"), "m": "M", "n": "N", "l": "L", "r": "R",
     "h": "H", **dict.fromkeys("aeiouyw'-", None)}
)  # fmt: skip
_ARABIC_CLASSES = str.maketrans(
    {**dict.fromkeys("بپ", "B"), **dict.fromkeys("تطدضثذظ", "T"), **dict.fromkeys("سصزش", "S"),
     **dict.fromkeys("كقغجگ", "K"), **dict.fromkeys("فڤ", "F"), "م": "M", "ن": "N", "ل": "L", "ر": "R",
     **dict.fromkeys("هحخ", "H"), **dict.fromkeys("اأإآويىةءئؤعـ-", None)}
)  # fmt: skip


def _collapse(skeleton: str) -> str:
    return "".join(ch for i, ch in enumerate(skeleton) if i == 0 or ch != skeleton[i - 1])


def latin_skeleton(word: str) -> str:
    """Consonant classes of a Latin-script word ("Ushakov" → "SKF"), vowels dropped."""
    word = word.lower()
    for digraph, single in _LATIN_DIGRAPHS:
        word = word.replace(digraph, single)
    word = "".join(ch for ch in word if ch.isascii())
    return _collapse(word.translate(_LATIN_CLASSES))


def arabic_skeleton(word: str) -> str:
    """Consonant classes of an Arabic-script word ("أوشاكوف" → "SKF"), long vowels and hamza dropped."""
    return _collapse("".join(ch for ch in word.translate(_ARABIC_CLASSES) if ch.isascii()))
