"""The reply text of a grounded answer: the chosen span with its citation marker.

Arabic: the span itself. English about Arabic sources: numbers, dates, months and units rendered by
tables (qa.grounded.render_en); anything else (names above all) stays in Arabic, with a transliteration
beside it when one is given — never a transliteration alone, since a small model's transliteration can be
wrong ("Sir Richard Laffrey" for سيرغي لافروف) and the reader must be able to check it. No reply ever
states a figure its cited passage does not contain: a rendering that would is replaced by the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.citations import unsourced_figures
from qa.grounded.evidence import term_credit
from qa.grounded.names import person_names
from qa.grounded.render_date import WEEKDAYS_EN
from qa.grounded.tokens import PREPOSITIONS, tokenise_sentence
from qa.grounded.types import AnswerType, Candidate, QuestionAnalysis
from qa.records import Passage
from store.arabic import lexical_tokens

Transliterate = Callable[[str], str | None]
Render = Callable[[Candidate], str | None]

MAX_ANSWER_CHARS = 300  # without markers: the strict metric's limit for a reply
_STATEMENTS = frozenset({AnswerType.DESCRIPTION, AnswerType.REASON})
# Only people's names are transliterated: places and organisations get their English name from the
# gazetteer (render_en) or stay in Arabic, since theirs are often descriptive ("وكالة الأنباء …").
_NAMED = frozenset({AnswerType.PERSON})


def marker(candidate: Candidate) -> str:
    return f"[{candidate.sentence.passage}]"


def clip(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    """At most `limit` characters, cut at a word boundary (never inside a figure) with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ،,؛;:") + "…"


def _sourced(text: str, passage: Passage) -> bool:
    return not unsourced_figures(text, "", [passage])


def english_text(
    candidate: Candidate, passage: Passage, render: Render | None, transliterate: Transliterate | None
) -> str:
    """The English wording of a span about an Arabic source (see the module docstring)."""
    rendered = render(candidate) if render else None
    if rendered and rendered.strip() and _sourced(rendered, passage):
        return rendered.strip()
    original = candidate.text.strip()
    named = candidate.answer_type in _NAMED  # a clause or a common noun is not transliterated
    people = names_in(candidate) if named else []
    if len(people) >= 2 and transliterate:  # a list: each name beside its own Arabic original
        return " and ".join(_spelt(name, passage, transliterate) for name in people)
    latin = transliterate(original) if transliterate and named else None
    latin = latin.strip() if latin else ""
    if latin and latin != original and _sourced(latin, passage):
        return f"{latin} ({original})"
    return original


def names_in(candidate: Candidate) -> list[str]:
    """The people a span names, in order ("وزير الخارجية سيرجي لافروف والدفاع أندريه بيلوسوف" → سيرجي
    لافروف, أندريه بيلوسوف), without titles and proclitics."""
    tokens = tokenise_sentence(candidate.text)
    return [
        candidate.text[tokens[run.start].start + run.trim : tokens[run.end - 1].end]
        for run in person_names(tokens)
    ]


def _spelt(name: str, passage: Passage, transliterate: Transliterate) -> str:
    latin = (transliterate(name) or "").strip()
    return f"{latin} ({name})" if latin and latin != name and _sourced(latin, passage) else name


def without_question_echo(candidate: Candidate, asked: set[str]) -> str:
    """An Arabic statement without what the question already says: the subject right after the opening
    verb and prepositional phrases made of question words ("ماذا فعلت روسيا في مجلس الأمن" → "استخدمت
    حق النقض (الفيتو) لحجب …", not "استخدمت روسيا حق النقض (الفيتو) في مجلس الأمن لحجب …"). A phrase
    closing the statement stays (it may be what completes it)."""
    text = candidate.text
    tokens = [t for t in tokenise_sentence(text) if t.kind != "punct"]
    if len(tokens) < 5 or not asked:
        return text

    def echoed(k: int) -> bool:
        return tokens[k].is_word and any(
            term_credit(s, asked) > 0 for s in lexical_tokens(tokens[k].text, ngrams=False)
        )

    drop: list[tuple[int, int]] = []
    k = 1
    while k < min(3, len(tokens)) and echoed(k):  # the subject after the verb
        k += 1
    if k > 1:
        drop.append((tokens[1].start, tokens[k - 1].end))
    i = k
    while i < len(tokens) - 1:
        j = i + 1
        while j < len(tokens) and echoed(j):
            j += 1
        if tokens[i].norm in PREPOSITIONS and j > i + 1 and j < len(tokens):
            drop.append((tokens[i].start, tokens[j - 1].end))
            i = j
        else:
            i += 1
    for start, end in reversed(drop):
        text = text[:start] + text[end:]
    return " ".join(text.split())


def phrase_answer(
    candidate: Candidate,
    language: str,
    passage: Passage,
    render: Render | None = None,
    transliterate: Transliterate | None = None,
    analysis: QuestionAnalysis | None = None,
    also: Candidate | None = None,
) -> str:
    """The reply: the span (rendered for English) and the marker of the passage its sentence belongs to.
    `passage` is that cited passage; `render` defaults to the tables of qa.grounded.render_en; with the
    question's `analysis`, an Arabic statement leaves out what the question already says. `also` is a
    second span of the same sentence answering a two-part question ("…, and when?"), joined after it."""
    if language == "en" and render is None:
        from qa.grounded.render_en import render_english as render
    parts = [span_text(candidate, language, passage, render, transliterate, analysis)]
    if also is not None:
        second = span_text(also, language, passage, render, transliterate, analysis)
        parts.append(with_preposition(second, also.answer_type) if language == "en" else second)
    text = clip(("، " if language == "ar" else ", ").join(parts), MAX_ANSWER_CHARS)
    if not _sourced(text, passage):  # cannot happen for spans of the passage; kept as the last guard
        text = clip(candidate.text, MAX_ANSWER_CHARS)
    return f"{text} {marker(candidate)}"


_ON_DATE = re.compile(rf"^(?:the |\d{{1,2}} [A-Z]|(?:{'|'.join(WEEKDAYS_EN)})\b)")
_IN_DATE = re.compile(r"^(?:\d{4}\b|[A-Z][a-z]+ \d{4}\b|[A-Z][a-z]+$)")


def with_preposition(text: str, kind: AnswerType) -> str:
    """An English second part as a phrase of the reply: "on the last day of 1999", "in 2017", "in Hanoi";
    left as it is when it is Arabic or of another shape."""
    if kind is AnswerType.DATE:
        if _ON_DATE.match(text):
            return f"on {text}"
        return f"in {text}" if _IN_DATE.match(text) else text
    if kind is AnswerType.PLACE and text[:1].isascii() and text[:1].isupper():
        return f"in {text}"
    return text


def span_text(
    candidate: Candidate,
    language: str,
    passage: Passage,
    render: Render | None,
    transliterate: Transliterate | None,
    analysis: QuestionAnalysis | None,
) -> str:
    """One span as the reply words it: English by tables and transliteration, an Arabic statement without
    the question's echo, anything else as written."""
    if language == "en":
        return english_text(candidate, passage, render, transliterate)
    if analysis and analysis.language == "ar" and candidate.answer_type in _STATEMENTS:
        return without_question_echo(candidate, set(analysis.focus_terms))
    return candidate.text
