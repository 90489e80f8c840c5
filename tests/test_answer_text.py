"""Small pure functions of the answer step."""

from qa.assistant import clean_question
from qa.errors import InputError
from qa.generate.checks import strip_answer_label
from qa.generate.generation import trim_passage
from qa.language import detect_language
from qa.records import Passage


def test_echoed_labels_and_tags_are_stripped() -> None:
    assert strip_answer_label("الإجابة: 50 صاروخا [2].") == "50 صاروخا [2]."
    assert strip_answer_label("<answer>Answer: 2006 [1]</answer>") == "2006 [1]"
    assert strip_answer_label("Putin answered [1].") == "Putin answered [1]."


def test_question_language_and_cleaning() -> None:
    assert detect_language("متى سيزور بوتين فيتنام؟") == "ar"
    assert detect_language("When will Putin visit Vietnam?") == "en"
    assert clean_question("  متى\n سيزور؟ ") == "متى سيزور؟"
    try:
        clean_question(" \t ")
    except InputError as exc:
        assert "empty" in exc.message
    else:
        raise AssertionError("an empty question must be refused")


def test_trimmed_passage_keeps_its_best_sentence() -> None:
    text = "جملة أولى طويلة عن موضوع آخر تماما. " * 4 + "الجملة المهمة عن زيارة 2000." + " ذيل طويل للنص." * 5
    focus = text.index("الجملة المهمة")
    passage = Passage(
        file="a.txt", start=100, end=100 + len(text), text=text, score=1.0,
        sentence_start=100 + focus, sentence_end=100 + focus + len("الجملة المهمة عن زيارة 2000."),
    )  # fmt: skip
    trimmed = trim_passage(passage, 80)
    assert "الجملة المهمة عن زيارة 2000." in trimmed and len(trimmed) <= 82
