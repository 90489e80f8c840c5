"""How a person span fits the role a question asks about: its own title, how many people it names, and
the preposition the question puts before its interrogative.

- **Title.** "Who is the head of Roscosmos" is answered by the name under "مدير"/"رئيس", not by one under
  "وزير"; "من هو المتحدث باسم الكرملين" by the name under "المتحدث". The title a name stands with (before
  it, across its complement, or right after it) is compared with the question's head noun.
- **One or several.** "To which Vietnamese leader…" asks for one person: a span naming two ("زعيمي البلدين،
  كيم جونغ أون وتوم لام") is a worse answer than the one name it holds; "Which ministers…" asks for several.
- **Preposition.** "مع من أجرى…" / "with whom…" / "to which leader…": the answer stands after the same
  preposition in the sentence ("مع نظيره الأمريكي كورت كامبل"), while the question's subject stands
  elsewhere.
"""

from __future__ import annotations

import re

from qa.grounded.english import english_words, stem_english
from qa.grounded.names import TITLE_ENGLISH, is_title, name_like, person_names, title_index
from qa.grounded.tokens import Token, tokenise_sentence
from qa.grounded.types import AnswerType, Candidate, QuestionAnalysis
from store.arabic import normalise_arabic, noun_keys

# Interrogatives behind a preposition, and the Arabic prepositions (or proclitics) that introduce the answer.
_ARABIC_ASKED = {
    normalise_arabic(question): tuple(normalise_arabic(p) for p in prepositions)
    for question, prepositions in {
        "مع من": ("مع",),
        "لمن": ("ل", "إلى"),
        "إلى من": ("إلى", "ل"),
        "عمن": ("عن",),
        "عن من": ("عن",),
        "ممن": ("من",),
        "من من": ("من",),
        "بمن": ("ب",),
        "على من": ("على",),
    }.items()
}
_ARABIC_PREPOSITIONS = {
    normalise_arabic(word): tuple(normalise_arabic(p) for p in prepositions)
    for word, prepositions in {
        "مع": ("مع",),
        "إلى": ("إلى", "ل"),
        "عن": ("عن",),
        "من": ("من",),
        "على": ("على",),
    }.items()
}
_ENGLISH_ASKED = {
    word: tuple(normalise_arabic(p) for p in prepositions)
    for word, prepositions in {
        "with": ("مع",),
        "to": ("إلى", "ل"),
        "from": ("من",),
        "about": ("عن",),
        "by": ("من",),
    }.items()
}
# Plural heads of questions asking for several people, with the singular title their holders carry in
# the sources (broken plurals do not share a stem with it: وزراء / وزير, رؤساء / رئيس).
_ARABIC_PLURAL_TITLES = {
    normalise_arabic(plural): normalise_arabic(singular)
    for plural, singular in (
        ("وزراء", "وزير"),
        ("قادة", "قائد"),
        ("زعماء", "زعيم"),
        ("سفراء", "سفير"),
        ("مسؤولين", "مسؤول"),
        ("مسؤولون", "مسؤول"),
        ("مستشارين", "مستشار"),
        ("أشخاص", "شخص"),
        ("شخصيات", "شخصية"),
        ("رؤساء", "رئيس"),
        ("نواب", "نائب"),
        ("مبعوثين", "مبعوث"),
        ("أعضاء", "عضو"),
    )
}
_ARABIC_PLURAL_HEADS = frozenset(_ARABIC_PLURAL_TITLES)
_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+")


def asked_prepositions(analysis: QuestionAnalysis) -> tuple[str, ...]:
    """The Arabic prepositions an answer would follow: "مع من" → مع, "to which leader" / "to whom" → إلى
    or ل, "with whom" → مع (also at the end: "who did he talk with?"); () when the question has none."""
    if analysis.answer_type is not AnswerType.PERSON:
        return ()
    if analysis.language == "ar":
        words = [normalise_arabic(w) for w in _WORD.findall(analysis.question)]
        first = " ".join(words[:2])
        if len(words) > 1 and words[0] in _ARABIC_PREPOSITIONS and words[1] in ("اي", "ايه"):
            return _ARABIC_PREPOSITIONS[words[0]]  # "إلى أي زعيم…", "مع أي مسؤول…"
        if words and words[0] in ("لاي", "لايه"):
            return _ARABIC_PREPOSITIONS[normalise_arabic("إلى")][::-1]
        return _ARABIC_ASKED.get(first) or _ARABIC_ASKED.get(words[0] if words else "", ())
    words = english_words(analysis.question)
    for i, word in enumerate(words[:-1]):
        if word in _ENGLISH_ASKED and words[i + 1] in ("whom", "which", "what", "who"):
            return _ENGLISH_ASKED[word]
    if words and words[-1] in _ENGLISH_ASKED and words[0] in ("who", "whom"):
        return _ENGLISH_ASKED[words[-1]]
    return ()


def after_preposition(candidate: Candidate, prepositions: tuple[str, ...]) -> bool:
    """The span (or its title phrase) stands right after one of the prepositions: "مع نظيره الأمريكي
    كورت كامبل", "إلى تو لام", "لبوتين"."""
    if not prepositions:
        return False
    sentence = candidate.sentence
    tokens = tokenise_sentence(sentence.text)
    lo = candidate.start - sentence.start
    first = next((i for i, t in enumerate(tokens) if t.end > lo), None)
    if first is None:
        return False
    if any(_glued(tokens[first], p) for p in prepositions if len(p) == 1):
        return True  # "لبوتين": the span left the proclitic out, or kept it
    k = first - 1
    while k >= 0 and first - k <= 8 and _describing(tokens[k]):
        k -= 1  # "مع نظيره الأمريكي كورت كامبل", "إلى زعيمي البلدين، كيم جونغ أون وتوم لام"
    return k >= 0 and (tokens[k].norm in prepositions or any(_glued(tokens[k], p) for p in prepositions))


def _glued(token: Token, preposition: str) -> bool:
    """The one-letter preposition is written onto the word ("لبوتين")."""
    return (
        len(preposition) == 1 and token.is_word and token.norm.startswith(preposition) and len(token.norm) > 3
    )


def _describing(token: Token) -> bool:
    """A token between a preposition and the name it introduces: a title, its complement or adjective, or
    an earlier name of the same list with its comma."""
    if token.text in ("،", ","):
        return True
    return token.is_word and (is_title(token) or token.definite or name_like(token))


def asks_for_several(analysis: QuestionAnalysis) -> bool:
    """The question asks for several people ("Which ministers…", "من هم الوزراء…")."""
    head = analysis.head_noun
    if analysis.language == "en":
        return bool(head) and head.lower().endswith("s") and stem_english(head) != head.lower()
    if re.search(r"(?:^|\s)(?:من|ما)\s+(?:هم|هن)(?:\s|$)", analysis.question):
        return True
    return bool(head) and normalise_arabic(head) in _ARABIC_PLURAL_HEADS


def people_named(candidate: Candidate) -> int:
    """How many people the span names (the holders of its titles; 1 for a bare name)."""
    return max(1, len(person_names(tokenise_sentence(candidate.text))))


def title_fit(analysis: QuestionAnalysis, candidate: Candidate) -> float:
    """1 when the name's own title is the role the question asks about, -1 when it holds another title,
    0 when the question names no role or the name stands without a title."""
    if analysis.answer_type is not AnswerType.PERSON or not analysis.head_noun:
        return 0.0
    sentence = candidate.sentence
    tokens = tokenise_sentence(sentence.text)
    lo, hi = candidate.start - sentence.start, candidate.end - sentence.start
    inside = [i for i, t in enumerate(tokens) if lo <= t.start < hi]
    if not inside:
        return 0.0
    at = title_index(tokens, inside[0], inside[-1] + 1)
    if at is None:
        return 0.0
    return 1.0 if _same_role(analysis, tokens[at]) else -1.0


def _same_role(analysis: QuestionAnalysis, title: Token) -> bool:
    forms = {*title.keys, *noun_keys(title.bare)}
    if title.norm.endswith("ي"):
        forms |= set(noun_keys(title.norm[:-1]))  # the dual in construct: "زعيمي البلدين"
    head = analysis.head_noun
    if analysis.language == "en":
        stem = stem_english(head.lower())
        return any(stem in TITLE_ENGLISH.get(k, frozenset()) for k in forms)
    singular = _ARABIC_PLURAL_TITLES.get(normalise_arabic(head).removeprefix("ال"), "")
    return bool((set(noun_keys(head)) | set(noun_keys(singular) if singular else ())) & forms)
