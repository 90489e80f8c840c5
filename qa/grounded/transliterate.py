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
from qa.grounded.romanise import _name_words  # one home for which words of a span are names
from qa.llm.base import LLMBackend, PatternRequest
from qa.llm.constraints import gbnf_literal
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
# A lattice is a sequence of parts; a part is the tuple of its Latin forms ("" = may be left out), and
# whether a form's first letter may be a capital (letters) or not (inserted vowels, separators).
Part = tuple[tuple[str, ...], bool]
_INSERTED_VOWEL: Part = (("a", "e", "i", "o", "u", "y", ""), False)
_ARTICLE: Part = (("al-", "el-", "al ", "al", "el", ""), True)  # ال at the start of a longer word
_SEPARATOR: Part = ((" ", "-", ""), False)  # apart, hyphenated, or merged (بيونغ يانغ → Pyongyang)
LATIN_PATTERN = r"^[A-Za-z][A-Za-z' -]{0,40}$"  # the "latin" method: any Latin name (for comparison)
LATIN_GRAMMAR = "root ::= [A-Za-z] [A-Za-z' -]{0,40}"


def _letter_part(options: tuple[str, ...], doubled: bool) -> Part:
    forms = list(options)
    if doubled:
        forms += [option * 2 for option in options if len(option) == 1]
    return tuple(dict.fromkeys(forms)), True


def _word_parts(word: str) -> list[Part]:
    parts: list[Part] = []
    if word.startswith("ال") and len(word) > 3:
        parts.append(_ARTICLE)
        word = word[2:]
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _DIGRAPHS:
            parts += [_letter_part(_DIGRAPHS[pair], doubled=False), _INSERTED_VOWEL]
            i += 2
            continue
        letter = word[i]
        i += 1
        if letter not in _LETTERS:
            if letter.isascii() and letter.isalnum():
                parts.append(((letter,), False))
            continue  # punctuation or letters of other scripts: left out
        parts.append(_letter_part(_LETTERS[letter], doubled=letter in _DOUBLABLE))
        if (letter not in _VOWEL_LETTERS or i == 1) and i < len(word):  # يلتسين → Yeltsin
            parts.append(_INSERTED_VOWEL)
    return parts


def lattice(arabic_name: str) -> list[Part] | None:
    """The letter lattice of `arabic_name`, or None when the name holds no Arabic letter."""
    words = re.split(r"[\s\-‐–]+", strip_diacritics(arabic_name).replace("ـ", "").strip())
    per_word = [parts for parts in (_word_parts(word) for word in words if word) if parts]
    if not per_word or not any(letter in _LETTERS for letter in arabic_name):
        return None
    joined = per_word[0]
    for parts in per_word[1:]:
        joined = [*joined, _SEPARATOR, *parts]
    return joined


def _regex_form(form: str, cased: bool) -> str:
    if cased and form[0].isalpha():
        return f"[{form[0].upper()}{form[0]}]" + re.escape(form[1:])
    return re.escape(form)


def _gbnf_form(form: str, cased: bool) -> str:
    if cased and form[0].isalpha():
        head = f"[{form[0].upper()}{form[0]}]"
        return head + (" " + gbnf_literal(form[1:]) if len(form) > 1 else "")
    return gbnf_literal(form)


def lattice_pattern(arabic_name: str) -> str | None:
    """The regular expression of every spelling the letter lattice allows (None: no Arabic letter)."""
    parts = lattice(arabic_name)
    if parts is None:
        return None
    groups = []
    for forms, cased in parts:
        written = "|".join(_regex_form(f, cased) for f in forms if f)
        groups.append(f"(?:{written}{'|' if '' in forms else ''})")
    return "^" + "".join(groups) + "$"


def lattice_grammar(arabic_name: str) -> str | None:
    """The same lattice as a GBNF grammar (llama.cpp), so the reply is the bare name (no JSON quotes,
    which change what a small model writes next)."""
    parts = lattice(arabic_name)
    if parts is None:
        return None
    groups = []
    for forms, cased in parts:
        written = " | ".join(_gbnf_form(f, cased) for f in forms if f)
        groups.append(f"({written}){'?' if '' in forms else ''}")
    return "root ::= " + " ".join(groups)


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

    def transliterate(self, arabic: str) -> str | None:
        """The names of an Arabic span in Latin letters (several joined by commas), or None when it holds
        no name or the backend cannot constrain its output. Titles, definite words and connectives are
        left out (the same split as the rules-only romanisation): they are translated, not spelled."""
        runs = _name_words(arabic)
        spelled = [self.spell(" ".join(run)) for run in runs]
        if not spelled or any(latin is None for latin in spelled):
            return None
        return ", ".join(latin for latin in spelled if latin)

    def spell(self, name: str) -> str | None:
        """One name (no titles) in Latin letters, or None."""
        name = " ".join(name.split())
        pattern = lattice_pattern(name) if self.method == "lattice" else LATIN_PATTERN
        if not name or pattern is None:
            return None
        request = PatternRequest(
            grammar=(lattice_grammar(name) or "") if self.method == "lattice" else LATIN_GRAMMAR,
            system=self.prompts.text("transliterate_system"),
            user=self.prompts.render("transliterate_user", arabic=name),
            pattern=pattern,
            max_tokens=8 + 6 * len(name.split()),
        )
        try:
            text = self.backend.generate_matching(request)
        except CannotChooseError:
            return None
        return tidy_case(text) if text.strip() else None

    __call__ = transliterate  # the engine takes any `str -> str | None` callable
