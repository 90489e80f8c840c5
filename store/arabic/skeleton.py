"""Cross-script name matching: an English question's names found in the Arabic corpus by sound.

Names and places are what a cross-lingual embedding aligns worst (a rare name is a handful of sub-word
pieces in each script) and what an off-topic document never contains. Foreign names are written in Arabic
letter by letter, so both spellings reduce to the same consonant skeleton:

    Ushakov → X K F ← أوشاكوف        Pyongyang → B N G N G ← بيونغيانغ        Lavrov → L F R F ← لافروف

Letters fold to sound classes (p/b, v/f, q/k, th/t, dh/d, kh/h; sh → X, ch/tch/تش → C) and every run of
vowels (Latin a e i o u y w, Arabic ا و ي ى ء ع, a final ة) to one V. Skeletons are compared with an edit
distance in which a Latin vowel missing in Arabic is free (short vowels are not written), an Arabic long
vowel missing in English costs 1 (Korean ≠ أوكراني), and near sounds (g/j/k, c/x, s/z, t/d) cost half.
Only words of three consonants or more are matched: shorter ones (Korea → K R) collide with common
Arabic words; three- and four-consonant names must match exactly or by one near sound.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from store.arabic import normalise_arabic

MIN_CONSONANTS = 3
# An English vowel that Arabic does not write costs a little: "Putin" is بوتين (0) before بطون (0.2).
VOWEL_DROP = 0.1

_LATIN_DIGRAPHS = (
    ("tch", "C"),
    ("sch", "X"),
    ("sh", "X"),
    ("ch", "C"),
    ("kh", "H"),
    ("gh", "G"),
    ("th", "T"),
    ("dh", "D"),
    ("ph", "F"),
    ("zh", "J"),
    ("dj", "J"),
    ("ck", "K"),
    ("ts", "TS"),
)
_LATIN = {
    "b": "B",
    "p": "B",
    "t": "T",
    "d": "D",
    "j": "J",
    "g": "G",
    "k": "K",
    "q": "K",
    "c": "K",
    "x": "KS",
    "s": "S",
    "z": "Z",
    "f": "F",
    "v": "F",
    "m": "M",
    "n": "N",
    "l": "L",
    "r": "R",
    "h": "H",
    "a": "V",
    "e": "V",
    "i": "V",
    "o": "V",
    "u": "V",
    "y": "V",
    "w": "V",
}
_ARABIC = {
    "ب": "B",
    "پ": "B",
    "ت": "T",
    "ث": "T",
    "ط": "T",
    "ج": "J",
    "چ": "C",
    "ح": "H",
    "خ": "H",
    "ه": "H",
    "د": "D",
    "ذ": "D",
    "ض": "D",
    "ر": "R",
    "ز": "Z",
    "ظ": "Z",
    "س": "S",
    "ص": "S",
    "ش": "X",
    "غ": "G",
    "گ": "G",
    "ف": "F",
    "ڤ": "F",
    "ق": "K",
    "ك": "K",
    "ل": "L",
    "م": "M",
    "ن": "N",
    "ا": "V",
    "و": "V",
    "ي": "V",
    "ء": "V",
    "ع": "V",
}
# Pairs that transliteration conventions swap (Egyptian ج = g, French ch = ش, foreign s written ز, ...).
_NEAR = {frozenset(p) for p in ("GJ", "GK", "CX", "CJ", "SZ", "TD", "JZ", "HK")}
# Near sounds merged (the transitive closure of _NEAR) for the coarse lookup key.
_COARSE = str.maketrans(dict.fromkeys("GJKCXZSH", "K") | {"D": "T"})
_ARTICLE = re.compile("^(?:وال|بال|كال|فال|لل|ال)")
_LATIN_WORD = re.compile(r"[A-Za-z]+")

# Question and function words that are never names.
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with about into over after before during under
    between against through up down out off than then so as is are was were be been being do does did has
    have had will would shall should can could may might must what which who whom whose when where why how
    this that these those there here it its their they them he she his her him we our you your i me my
    not no yes all any each every some many much more most other such own same very just also only
    first last new old year years day days time times month months week did does many much""".split()  # noqa: SIM905 - a readable word list
)


def _vowels_once(skeleton: str) -> str:
    return re.sub("V+", "V", skeleton)


def consonants(skeleton: str) -> int:
    return len(skeleton) - skeleton.count("V")


@lru_cache(maxsize=65536)
def latin_skeleton(word: str) -> str:
    word = re.sub(r"(.)\1+", r"\1", word.lower())  # a doubled letter is one sound (Campbell)
    out: list[str] = []
    i = 0
    while i < len(word):
        for graph, sound in _LATIN_DIGRAPHS:
            if word.startswith(graph, i):
                out.append(sound)
                i += len(graph)
                break
        else:
            char = word[i]
            soft = char == "c" and word[i + 1 : i + 2] in ("e", "i", "y")
            out.append("S" if soft else _LATIN.get(char, ""))
            i += 1
    return _vowels_once("".join(out))


@lru_cache(maxsize=262144)
def arabic_skeleton(word: str, keep_article: bool = False) -> str:
    """Skeleton of an Arabic word (normalised, article removed unless kept: ألكسندر is Alexander; a final
    ه is the feminine ending)."""
    word = normalise_arabic(word) if keep_article else (_ARTICLE.sub("", normalise_arabic(word)) or word)
    word = word.replace("تش", "چ")
    if word.endswith("ه"):
        word = word[:-1] + "ا"
    return _vowels_once("".join(_ARABIC.get(char, "") for char in word))


def skeleton_distance(latin: str, arabic: str) -> float:
    """Edit distance from a Latin skeleton to an Arabic one: a Latin vowel may be dropped for free,
    near sounds cost 0.5, anything else 1."""
    previous = [float(j) for j in range(len(arabic) + 1)]
    for ca in latin:
        drop = VOWEL_DROP if ca == "V" else 1.0
        current = [previous[0] + drop]
        for j, cb in enumerate(arabic, 1):
            swap = 0.0 if ca == cb else 0.5 if frozenset((ca, cb)) in _NEAR else 1.0
            current.append(min(previous[j] + drop, current[j - 1] + 1, previous[j - 1] + swap))
        previous = current
    return previous[-1]


def _allowed(count: int) -> float:
    """Three consonants: exact; four: one near sound; more: one edit (plus unwritten short vowels)."""
    return (0.0 if count <= 3 else 0.5 if count == 4 else 1.0) + 3 * VOWEL_DROP


def name_candidates(question: str) -> list[str]:
    """Capitalised words of an English question (names), not function words, three consonants or more."""
    words = [w for w in _LATIN_WORD.findall(question) if w[0].isupper() and w.lower() not in STOPWORDS]
    return list(dict.fromkeys(w for w in words if consonants(latin_skeleton(w)) >= MIN_CONSONANTS))


def coarse_key(skeleton: str) -> str:
    """The consonants only, near sounds merged: a cheap key that every acceptable match shares (up to one
    consonant edit for long names)."""
    return skeleton.replace("V", "").translate(_COARSE)


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class NameMatcher:
    """Arabic words of a corpus indexed by skeleton; English words looked up by sound. Candidates come from
    a coarse-key index (the key and its one-deletion variants), so a lookup compares a handful of
    skeletons, not the whole vocabulary."""

    def __init__(self, words: Iterable[str]) -> None:
        self._by_skeleton: dict[str, set[str]] = {}
        self._by_key: dict[str, set[str]] = {}
        for word in words:
            skeleton = arabic_skeleton(word)
            if consonants(skeleton) >= MIN_CONSONANTS:
                self._by_skeleton.setdefault(skeleton, set()).add(normalise_arabic(word))
        for skeleton in self._by_skeleton:
            key = coarse_key(skeleton)
            for variant in {key} | _deletions(key):
                self._by_key.setdefault(variant, set()).add(skeleton)

    def __len__(self) -> int:
        return len(self._by_skeleton)

    def match(self, english_word: str) -> list[str]:
        """The Arabic corpus words that sound most like `english_word` (all those at the best distance)."""
        target = latin_skeleton(english_word)
        count = consonants(target)
        if count < MIN_CONSONANTS:
            return []
        allowed = _allowed(count)
        key = coarse_key(target)
        keys = {key} | (_deletions(key) if allowed >= 1 else set())
        candidates = set().union(*(self._by_key.get(k, set()) for k in keys))
        found: list[tuple[float, str]] = []
        for skeleton in candidates:
            distance = skeleton_distance(target, skeleton)
            if distance <= allowed:
                found.extend((distance, word) for word in self._by_skeleton[skeleton])
        return nearest_words(found)

    def arabic_terms(self, words: Iterable[str], per_word: int = 3) -> list[str]:
        """The Arabic spellings of `words` (names) found in the corpus."""
        return arabic_terms(self.match, words, per_word)


def nearest_words(found: list[tuple[float, str]]) -> list[str]:
    """The words at the best distance of (distance, word) pairs, in order (shared by the persisted name
    index, store/name_index.py, which must give the same answers)."""
    best = min((distance for distance, _ in found), default=0.0)
    return [word for distance, word in sorted(found) if distance <= best + 1e-9]


def arabic_terms(match: Callable[[str], list[str]], words: Iterable[str], per_word: int = 3) -> list[str]:
    """The Arabic spellings that `match` finds for English `words` (names), at most `per_word` each,
    without repeats."""
    terms: list[str] = []
    for word in words:
        terms.extend(match(word)[:per_word])
    return list(dict.fromkeys(terms))
