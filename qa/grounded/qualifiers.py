"""Order qualifiers: "the first nuclear test" is not answered by a sentence about the latest one, nor "the
last visit" by the coming one. English questions name them with words (first, last, previous, next…);
Arabic sentences with أول, آخر, السابق, المقبل…"""

from __future__ import annotations

from qa.grounded.english import english_words_cased, stem_english
from qa.grounded.tokens import tokenise_sentence
from qa.grounded.types import AnswerType, EvidenceSentence, QuestionAnalysis

# Question types whose head noun names the answer itself ("الدولة", "year"), not a thing to find.
HEAD_IS_ANSWER = frozenset({AnswerType.DATE, AnswerType.PLACE, AnswerType.NUMBER, AnswerType.YESNO})

# Order qualifiers of English questions and their Arabic forms (normalised, without article or proclitic):
# "the first nuclear test" is not answered by a sentence about the latest one, nor "the last visit" by the
# coming one. Arabic questions need no table: their qualifier is one of their focus terms.
QUALIFIERS: dict[str, frozenset[str]] = {
    "first": frozenset({"اول", "اولي", "الاول", "الاولي"}),
    "last": frozenset({"اخر", "اخير", "اخيره", "احدث"}),
    "previous": frozenset({"سابق", "سابقه"}),
    "next": frozenset({"مقبل", "مقبله", "قادم", "قادمه"}),
}
_QUALIFIER_WORDS = {
    "first": "first",
    "last": "last",
    "latest": "last",
    "recent": "last",
    "previous": "previous",
    "earlier": "previous",
    "prior": "previous",
    "former": "previous",
    "next": "next",
    "upcoming": "next",
    "coming": "next",
}


def asked_qualifier(analysis: QuestionAnalysis) -> str:
    """ "first", "last", "previous" or "next" when the question asks for one: an English question in its head
    noun phrase when it has one ("Which earlier agreements would the new agreement replace"), an Arabic
    question when it states exactly one ("في أي عام أجرت … آخر تجربة نووية")."""
    if analysis.language != "en":
        stated = qualifiers_in(analysis.question)
        return next(iter(stated)) if len(stated) == 1 else ""
    words = [w.lower() for w in english_words_cased(analysis.question)]
    head = stem_english(analysis.head_noun) if analysis.head_noun else ""
    at = next((i for i, w in enumerate(words) if head and stem_english(w) == head), None)
    scope = (
        words[max(0, at - 3) : at] if at is not None and analysis.answer_type not in HEAD_IS_ANSWER else words
    )
    found = [_QUALIFIER_WORDS[w] for w in scope if w in _QUALIFIER_WORDS]
    return found[0] if found else ""


def qualifiers_in(text: str) -> set[str]:
    """The order qualifiers an Arabic text states."""
    found: set[str] = set()
    for token in tokenise_sentence(text):
        if not token.is_word:
            continue
        norm = token.norm
        forms = {norm, norm[1:] if norm[:1] in "ولبف" else norm}
        forms |= {f[2:] for f in forms if f.startswith("ال")}
        for name, arabic in QUALIFIERS.items():
            if forms & arabic:
                found.add(name)
    return found


def qualifier_conflicts(analysis: QuestionAnalysis, sentence: EvidenceSentence) -> bool:
    """The sentence states another order than the one asked, and not the asked one."""
    asked = asked_qualifier(analysis)
    if not asked:
        return False
    stated = qualifiers_in(sentence.text)
    return bool(stated) and asked not in stated
