"""Two-part questions ("Whom did Putin succeed, and when?", "من خلف بوتين ومتى؟"): both spans from one
sentence (qa.grounded.two_part). Fast: the real question analysis and span rules, synthetic vectors."""

from __future__ import annotations

import pytest

from qa.grounded.choose import RulesChooser
from qa.grounded.engine import GroundedEngine
from qa.grounded.phrase import with_preposition
from qa.grounded.question import analyse_question
from qa.grounded.romanise import romanise
from qa.grounded.two_part import second_part
from qa.grounded.types import AnswerType
from tests.test_grounded_engine import QUERY, corpus

T = AnswerType
SUCCESSION = (
    "وبعد توليه منصب الرئيس خلفاً لبوريس يلتسين في اليوم الأخير من عام 1999، زار بوتين بيونغ يانغ"
    " في يوليو 2000 لعقد اجتماع مع كيم جونغ إيل."
)


@pytest.mark.parametrize(
    ("question", "second"),
    [
        ("Whom did Putin succeed as Russian president, and when?", T.DATE),
        ("Who received Putin at the airport and where?", T.PLACE),
        ("Who succeeded Yeltsin, and in what year?", T.DATE),
        ("من خلف بوتين في منصب الرئيس ومتى؟", T.DATE),
        ("من استقبل بوتين وأين؟", T.PLACE),
        ("Whom did Putin succeed as Russian president?", None),
        ("When and why did Putin visit Hanoi?", None),  # not a trailing "and when/where" part
        ("متى زار بوتين فيتنام؟", None),
        ("When did Putin arrive, and when?", None),  # the same type twice asks one thing
    ],
)
def test_the_second_part_of_a_question(question: str, second: AnswerType | None) -> None:
    assert second_part(analyse_question(question)) is second


def engine() -> GroundedEngine:
    return GroundedEngine(RulesChooser(), transliterate=romanise)


def test_an_english_two_part_question_gets_the_name_and_the_date_of_that_event() -> None:
    """The date right after the name (the succession), not the later visit's July 2000."""
    question = "Whom did Putin succeed as Russian president, and when?"
    result = engine().answer(question, "en", *corpus([SUCCESSION], [[0.8]]), QUERY)
    assert result.answer == "Boris Yeltsin (بوريس يلتسين), on the last day of 1999 [1]"
    assert "2000" not in result.answer


def test_an_arabic_two_part_question_joins_both_spans() -> None:
    question = "من استقبل بوتين في المطار ومتى؟"
    text = "واستقبل الزعيم كيم جونغ أون الرئيس بوتين في المطار فجر يوم الأربعاء 19 يونيو."
    result = engine().answer(question, "ar", *corpus([text], [[0.88]]), QUERY)
    assert result.answer == "الزعيم كيم جونغ أون، فجر يوم الأربعاء 19 يونيو [1]"


def test_a_second_span_far_from_the_first_is_left_out() -> None:
    """A date beyond a clause boundary may be another event's: only the first part is answered."""
    text = (
        "وتولى بوتين منصب الرئيس خلفاً لبوريس يلتسين الذي استقال بشكل مفاجئ من منصبه،"
        " ثم زار بيونغ يانغ في يوليو 2000."
    )
    question = "Whom did Putin succeed as Russian president, and when?"
    result = engine().answer(question, "en", *corpus([text], [[0.8]]), QUERY)
    assert result.answer is not None and "2000" not in result.answer
    assert result.answer.startswith("Boris Yeltsin")


def test_one_part_questions_are_phrased_as_before() -> None:
    question = "Whom did Putin succeed as Russian president?"
    result = engine().answer(question, "en", *corpus([SUCCESSION], [[0.8]]), QUERY)
    assert result.answer == "Boris Yeltsin (بوريس يلتسين) [1]"


@pytest.mark.parametrize(
    ("text", "kind", "phrase"),
    [
        ("the last day of 1999", T.DATE, "on the last day of 1999"),
        ("19 June", T.DATE, "on 19 June"),
        ("2017", T.DATE, "in 2017"),
        ("July 2000", T.DATE, "in July 2000"),
        ("Hanoi", T.PLACE, "in Hanoi"),
        ("اليوم الأخير", T.DATE, "اليوم الأخير"),
        ("بيونغ يانغ", T.PLACE, "بيونغ يانغ"),
    ],
)
def test_an_english_second_part_takes_its_preposition(text: str, kind: AnswerType, phrase: str) -> None:
    assert with_preposition(text, kind) == phrase
