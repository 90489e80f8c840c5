"""The answer-language rule (qa.language): request, then setting, then the question's script."""

from __future__ import annotations

import pytest

from qa.language import answer_language, detect_language

AR = "متى سيزور بوتين فيتنام؟"
EN = "When will Putin visit Vietnam?"


def test_detect_language_follows_the_script() -> None:
    assert detect_language(AR) == "ar" and detect_language(EN) == "en"
    assert detect_language("ما هو NATO؟") == "ar"  # more Arabic letters than Latin ones
    assert detect_language("What does شمال mean in the report?") == "en"
    assert detect_language("2031?") == "en"  # no letters at all


@pytest.mark.parametrize(
    ("question", "requested", "setting", "expected"),
    [
        (AR, None, None, "ar"),
        (EN, None, None, "en"),
        (AR, "auto", "auto", "ar"),  # "auto" means: decide from the question
        (AR, "en", None, "en"),  # an explicit request wins…
        (EN, "ar", "en", "ar"),  # …over the setting too
        (EN, None, "ar", "ar"),  # the setting (QA_LANG) wins over the script
        (AR, "auto", "en", "en"),
        (EN, "fr", "de", "en"),  # unknown languages are ignored
    ],
)
def test_answer_language_precedence(
    question: str, requested: str | None, setting: str | None, expected: str
) -> None:
    assert answer_language(question, requested, setting) == expected
