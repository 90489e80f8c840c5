"""The answer-language rule, in one place: the CLI, the UI, the assistant and the HTML all ask here."""

from __future__ import annotations

from store.arabic import is_arabic

LANGUAGES = ("ar", "en")  # the languages answers are written in (one prompt set each)


def detect_language(text: str) -> str:
    """ "ar" when Arabic letters outnumber Latin ones, else "en" (the script of the text decides)."""
    return "ar" if is_arabic(text) else "en"


def answer_language(question: str, requested: str | None = None, default_setting: str | None = None) -> str:
    """The language to answer `question` in: an explicit request ("ar"/"en") wins, then the configured
    default (QA_LANG), otherwise the question's own script. Anything else ("auto", None) means "decide"."""
    for choice in (requested, default_setting):
        if choice in LANGUAGES:
            return str(choice)
    return detect_language(question)
