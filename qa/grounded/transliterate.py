"""English spellings of Arabic-script names, for English answers built from Arabic sources.

The packaged model cannot be trusted to transliterate: asked freely, it wrote "Sir Richard Laffrey" for
سيرغي لافروف. So its output is constrained to a *letter lattice* built from the Arabic letters: each
letter may only become one of its usual Latin renderings (ف → f, v or ph; ج → j, g, zh or dj; …), and a
short vowel may be inserted after a letter, since Arabic does not write short vowels. The model only
chooses the most likely spelling inside the lattice, where its knowledge of names helps ("Lavrov", not
"Lafruf") and it cannot add words. The result is never shown alone: the phraser prints the Arabic original
beside it (a transliteration may still be wrong).
"""

from __future__ import annotations

import re
from typing import Literal

from qa.errors import CannotChooseError
from qa.llm.base import LLMBackend, PatternRequest
from qa.prompts import Prompts
from store.arabic import strip_diacritics

Method = Literal["lattice", "latin"]

# Usual Latin renderings of each Arabic letter (names from Russian, Korean, English… included).
_LETTERS: dict[str, tuple[str, ...]] = {
    "ا": ("a", "o", "e", "aa", ""),
    "أ": ("a", "e", "o", "u", "i", ""),
    "إ": ("i", "e", ""),
    "آ": ("a", "aa"),
    "ء": ("",),
    "ؤ": ("u", "o", ""),
    "ئ": ("i", "e", "y", ""),
    "ب": ("b", "p"),
    "ت": ("t",),
    "ث": ("th", "t", "s"),
    "ج": ("j", "g", "zh", "dj", "dzh"),
    "ح": ("h",),
    "خ": ("kh", "h", "ch"),
    "د": ("d",),
    "ذ": ("dh", "z", "th"),
    "ر": ("r",),
    "ز": ("z", "s"),
    "س": ("s", "c"),
    "ش": ("sh", "ch", "sch", "s"),
    "ص": ("s",),
    "ض": ("d",),
    "ط": ("t",),
    "ظ": ("z", "dh"),
    "ع": ("", "a", "e"),
    "غ": ("g", "gh"),
    "ف": ("f", "v", "ph"),
    "ق": ("q", "k", "g"),
    "ك": ("k", "c", "ck", "ch"),
    "ل": ("l",),
    "م": ("m",),
    "ن": ("n",),
    "ه": ("h", "a", "e", ""),
    "ة": ("a", "ah", "e"),
    "و": ("w", "v", "o", "u", "ou", "oo", "ow", ""),
    "ي": ("y", "i", "e", "ee", "ei", "ey", "ie", ""),
    "ى": ("a", "y", "i"),
}
# Two letters that together stand for one Latin sound.
_DIGRAPHS: dict[str, tuple[str, ...]] = {
    "تش": ("ch", "tch", "tsch"),
    "كس": ("x", "ks", "cs"),
}
# Letters that may be written doubled in Latin ("Kirby", "Campbell", "Seoul" do not need it; "Russell" does).
_DOUBLABLE = frozenset("بتدرزسفكلمن")
# Arabic letters that are (or carry) vowels: no short vowel is inserted after them (but at word start).
_VOWEL_LETTERS = frozenset("اأإآءؤئعهةويى")
_INSERTED_VOWEL = "(?:[aeiouy])?"
_ARTICLE = "(?:[Aa]l-?|[Ee]l-?|[Aa]l |)"  # ال at the start of a longer word: al-, el-, or dropped
_SEPARATOR = "(?: |-|)"  # words may stay apart, be hyphenated, or merge (بيونغ يانغ → Pyongyang)
LATIN_PATTERN = r"^[A-Za-z][A-Za-z' -]{0,40}$"


def _alternatives(options: tuple[str, ...], doubled: bool) -> str:
    forms = list(options)
    if doubled:
        forms += [option * 2 for option in options if len(option) == 1]
    cased = [f"[{form[0].upper()}{form[0]}]{form[1:]}" for form in forms if form]
    group = "|".join(dict.fromkeys(cased))
    return f"(?:{group}{'|' if '' in forms else ''})"


def _word_pattern(word: str) -> str:
    parts: list[str] = []
    if word.startswith("ال") and len(word) > 3:
        parts.append(_ARTICLE)
        word = word[2:]
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _DIGRAPHS:
            parts.append(_alternatives(_DIGRAPHS[pair], doubled=False) + _INSERTED_VOWEL)
            i += 2
            continue
        letter = word[i]
        i += 1
        if letter not in _LETTERS:
            if letter.isascii() and letter.isalnum():
                parts.append(re.escape(letter))
            continue  # punctuation or letters of other scripts: left out
        options = _LETTERS[letter]
        parts.append(_alternatives(options, doubled=letter in _DOUBLABLE))
        if (letter not in _VOWEL_LETTERS or i == 1) and i < len(word):  # يلتسين → Yeltsin
            parts.append(_INSERTED_VOWEL)
    return "".join(parts)


def lattice_pattern(arabic_name: str) -> str | None:
    """The regular expression of every spelling the letter lattice allows for `arabic_name`, or None
    when the name holds no Arabic letter."""
    words = re.split(r"[\s\-‐–]+", strip_diacritics(arabic_name).replace("ـ", "").strip())
    patterns = [_word_pattern(word) for word in words if word]
    patterns = [pattern for pattern in patterns if pattern]
    if not patterns or not any(letter in _LETTERS for letter in arabic_name):
        return None
    return "^" + _SEPARATOR.join(patterns) + "$"


def tidy_case(name: str) -> str:
    """Capital first letter of every word; hyphenated parts after the first stay as the model wrote them
    in lower case ("Kim Hong-kyun")."""
    words = []
    for word in name.split():
        head, sep, tail = word.partition("-")
        words.append(head[:1].upper() + head[1:].lower() + sep + tail.lower())
    return " ".join(words)


class Transliterator:
    """Writes Arabic-script names in Latin letters with a backend's constrained decoding."""

    def __init__(self, backend: LLMBackend, prompts: Prompts, method: Method = "lattice") -> None:
        self.backend = backend
        self.prompts = prompts
        self.method = method

    def transliterate(self, arabic_name: str) -> str | None:
        """The name in Latin letters, or None when the backend cannot constrain its output."""
        name = " ".join(arabic_name.split())
        pattern = lattice_pattern(name) if self.method == "lattice" else LATIN_PATTERN
        if not name or pattern is None:
            return None
        request = PatternRequest(
            system=self.prompts.text("transliterate_system"),
            user=self.prompts.render("transliterate_user", name=name),
            pattern=pattern,
            max_tokens=8 + 6 * len(name.split()),
        )
        try:
            text = self.backend.generate_matching(request)
        except CannotChooseError:
            return None
        return tidy_case(text) if text.strip() else None
