"""The reply text of a grounded answer: the chosen span with its citation marker.

Arabic: the span itself. English about Arabic sources: numbers, dates, months and units rendered by
tables (qa.grounded.render_en); anything else (names above all) stays in Arabic, with a transliteration
beside it when one is given — never a transliteration alone, since a small model's transliteration can be
wrong ("Sir Richard Laffrey" for سيرغي لافروف) and the reader must be able to check it. No reply ever
states a figure its cited passage does not contain: a rendering that would is replaced by the original.
"""

from __future__ import annotations

from collections.abc import Callable

from qa.citations import unsourced_figures
from qa.grounded.types import Candidate
from qa.records import Passage

Transliterate = Callable[[str], str | None]
Render = Callable[[Candidate], str | None]

MAX_ANSWER_CHARS = 300  # without markers: the strict metric's limit for a reply


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
    latin = transliterate(original) if transliterate else None
    latin = latin.strip() if latin else ""
    if latin and latin != original and _sourced(latin, passage):
        return f"{latin} ({original})"
    return original


def phrase_answer(
    candidate: Candidate,
    language: str,
    passage: Passage,
    render: Render | None = None,
    transliterate: Transliterate | None = None,
) -> str:
    """The reply: the span (rendered for English) and the marker of the passage its sentence belongs to.
    `passage` is that cited passage; `render` defaults to the tables of qa.grounded.render_en."""
    if language == "en":
        if render is None:
            from qa.grounded.render_en import render_english as render
        text = english_text(candidate, passage, render, transliterate)
    else:
        text = candidate.text
    text = clip(text, MAX_ANSWER_CHARS)
    if not _sourced(text, passage):  # cannot happen for a span of the passage; kept as the last guard
        text = clip(candidate.text, MAX_ANSWER_CHARS)
    return f"{text} {marker(candidate)}"
