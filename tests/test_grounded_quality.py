# ruff: noqa: E501  (the news sentences of the case tables are long lines of Arabic)
"""General span rules added after reading the grounded engine's failures: verb and verbal-noun shapes are
no names, quoted phrases are no names, a time adverbial ends a title's reach, a definite cue word names no
organisation on its own, dates run on to their year and year periods are one date. The sentences are
written for these tests (not the seeds), so they check the rule, not a question."""

import pytest

from qa.grounded.dates import date_at
from qa.grounded.render_date import render_date
from qa.grounded.tokens import tokenise_sentence, verb_shaped, verbal_noun_shaped
from qa.grounded.types import AnswerType as T
from store.arabic import normalise_arabic
from tests.test_grounded_spans import candidates, texts


@pytest.mark.parametrize(
    "word", ["تعملان", "يعملون", "وستعملان", "وانضمت", "اجتمعت", "استقبلوا", "دعاه", "فدعاه"]
)
def test_verb_shapes(word: str) -> None:
    assert verb_shaped(normalise_arabic(word))


@pytest.mark.parametrize(
    "word", ["نيلسون", "تومسون", "يلتسين", "بوتين", "سيرغي", "تايوان", "أنطونيو", "كيم", "نوفاك"]
)
def test_names_are_not_verb_shaped(word: str) -> None:
    assert not verb_shaped(normalise_arabic(word)) and not verbal_noun_shaped(normalise_arabic(word))


@pytest.mark.parametrize("word", ["ترحيب", "تطوير", "توقيع", "وتنفيذ"])
def test_verbal_noun_shapes(word: str) -> None:
    assert verbal_noun_shaped(normalise_arabic(word))


@pytest.mark.parametrize(
    ("text", "not_names"),
    [
        ("وأكد الوزير أن البلدين يعملان بجد على تطوير الشراكة.", ["يعملان بجد"]),
        ("وقالت الشركة إن المصنعين تنتجان بكثافة قطعا جديدة.", ["تنتجان بكثافة"]),
        ("واستقبل الرئيس الضيف في القصر، الذي دعاه حسن روحاني إلى طهران.", ["دعاه حسن روحاني"]),
    ],
)
def test_verb_forms_are_not_person_names(text: str, not_names: list[str]) -> None:
    found = texts(candidates("من هو الشخص؟", text, T.PERSON))
    assert not set(not_names) & set(found), found


def test_a_quoted_phrase_is_not_a_person() -> None:
    text = 'ورفع المتظاهرون لافتات كتب عليها "تحية كبيرة بالرئيس الضيف" في الساحة.'
    found = texts(candidates("من هو الرئيس؟", text, T.PERSON))
    assert not any(w in t for t in found for w in ("تحية", "كبيرة")), found


def test_a_title_behind_a_preposition_is_no_apposition() -> None:
    text = "ورحب السكان بحرارة بالوزير الزائر في المدينة."
    found = texts(candidates("من هو الوزير؟", text, T.PERSON))
    assert "بحرارة" not in found, found


def test_a_time_adverbial_ends_the_title_reach() -> None:
    text = "وزار الرئيس الفرنسي إيمانويل ماكرون الأسبوع الماضي وانضمت باريس إلى المبادرة."
    found = candidates("من هو الرئيس الفرنسي؟", text, T.PERSON)
    assert found[0].text in ("إيمانويل ماكرون", "الرئيس الفرنسي إيمانويل ماكرون"), texts(found)
    assert not any("انضمت" in t for t in texts(found)), texts(found)


def test_titles_with_time_like_words_keep_their_holder() -> None:
    text = "وقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن الوضع خطير."
    found = texts(candidates("من هو المسؤول؟", text, T.PERSON))
    assert found[0] == "أنطونيو غوتيريش", found


@pytest.mark.parametrize(
    "text",
    [
        "وعاد الوزير إلى السلطة للقاء والد الزعيم في العاصمة.",
        "ولم تحدد الهيئة موعدا محتملا للاجتماع.",
    ],
)
def test_definite_cue_words_name_no_organisation(text: str) -> None:
    found = candidates("ما المنظمة المعنية؟", text, T.ORGANISATION)
    assert not [c.text for c in found if "للقاء" in c.text or "موعدا" in c.text], texts(found)


def test_an_organisation_after_a_definite_cue_with_an_adjective() -> None:
    found = candidates("ما السلطة التي أعلنت القرار؟", "وأعلنت السلطة الفلسطينية القرار أمس.", T.ORGANISATION)
    assert any(t.startswith("السلطة الفلسطينية") for t in texts(found)), texts(found)


def test_the_article_needs_a_word_after_a_conjunction() -> None:
    tokens = tokenise_sentence("والد الزعيم والتر والدول")
    assert [t.definite for t in tokens] == [False, True, False, True]


@pytest.mark.parametrize(
    ("text", "span", "normalised"),
    [
        ("سيقام المهرجان يوم 17 مارس 2031 بمشاركة 412 مزارعا.", "يوم 17 مارس 2031", "2031-03-17"),
        ("افتتح المعرض في 3 فبراير 2019 بحضور 50 شركة.", "3 فبراير 2019", "2019-02-03"),
        ("وتنتهي الأشغال في مايو 2027 بتكلفة كبيرة.", "مايو 2027", "2027-05"),
        ("سيقام المهرجان في مارس من العام 2031 في القرية.", "مارس من العام 2031", "2031-03"),
        ("وأقيم المعرض في أبريل من عام 2015 في المدينة.", "أبريل من عام 2015", "2015-04"),
        ("وجرت الانتخابات في سبتمبر من العام الماضي.", "سبتمبر من العام الماضي", "09 last-year"),
        ("دارت الحرب الأهلية في أعوام 1975 - 1990 في البلاد.", "أعوام 1975 - 1990", "1975-1990"),
        ("امتد الحكم من 1952 إلى 1970 دون انقطاع.", "من 1952 إلى 1970", "1952-1970"),
        ("وقعت الأزمة بين 2008 و2010 في الأسواق.", "بين 2008 و2010", "2008-2010"),
        ("وقعت الاتفاقيات بأعوام 1961 و2000 و2001.", "أعوام 1961 و2000 و2001", "1961,2000,2001"),
    ],
)
def test_dates_run_on_to_their_year(text: str, span: str, normalised: str) -> None:
    found = candidates("متى حدث ذلك؟", text, T.DATE)
    assert (found[0].text, found[0].normalised) == (span, normalised), texts(found)


def test_a_year_period_renders_as_one_range() -> None:
    tokens = tokenise_sentence("أعوام 1950 - 1953")
    match = date_at(tokens, 0)
    assert match is not None and render_date(match.value) == "1950–1953"


def test_a_place_name_runs_on_after_a_bracketed_alias() -> None:
    text = 'واصطحب الرئيس ضيفه إلى مطار "بيركوت" ("النسر") الدولي الواقع في شمال البلاد.'
    found = candidates("أين اصطحب الرئيس ضيفه؟", text, T.PLACE)
    assert found[0].text == 'مطار "بيركوت" ("النسر") الدولي', texts(found)


def test_a_clause_stops_at_a_quote_that_does_not_close() -> None:
    text = "وأكد الوزير دعمه للخطة بالقول “إن بلادنا ستواصل العمل مع شركائها في المنطقة لتحقيق الاستقرار والتنمية والازدهار في السنوات المقبلة"
    found = candidates("ماذا فعل الوزير؟", text, T.DESCRIPTION)
    assert not any("“" in c.text and "”" not in c.text for c in found), texts(found)


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("Who is the Japanese foreign minister who spoke about the talks?", "minister"),
        ("Who was the mayor of Moscow in 2010?", "mayor"),
        ("Who is the Russian ambassador to North Korea?", "ambassador"),
        ("Who is Kim?", ""),
        ("Who wrote the novel?", ""),
    ],
)
def test_english_who_is_the_role_has_a_head_noun(question: str, head: str) -> None:
    from qa.grounded.question import analyse_question

    analysis = analyse_question(question)
    assert (analysis.answer_type, analysis.head_noun) == (T.PERSON, head)


def test_table_gaps_mayor_and_roscosmos() -> None:
    from qa.grounded.data.nouns import nouns_for_english
    from qa.grounded.data.places import entities, entity_by_arabic

    assert nouns_for_english("mayor")
    assert entity_by_arabic("روسكوزموس").english == "Roscosmos"
    assert {e.kind for e in entities()} == {"place", "org"} and all(e.kind == "org" for e in entities("org"))


def test_the_object_of_the_asked_action_is_a_strong_thing() -> None:
    text = "وأعلنت الحكومة أنها ستساعد الجارة في بناء سفن تجارية، بينما أبدى الطرفان اهتماما كبيرا بالتعاون."
    found = candidates("What did the government promise to help the neighbour build?", text, T.THING)
    assert found[0].text == "سفن تجارية" and found[0].features["cue"] >= 0.7, texts(found)


def test_a_cued_span_around_a_known_name_renders_in_english() -> None:
    from qa.grounded.render_en import render_english

    text = 'ونشر الرئيس مقالا في صحيفة "رودونج شينمون" الرسمية صباح اليوم.'
    found = candidates("In which newspaper did the president publish an article?", text, T.ORGANISATION)
    cued = next(c for c in found if c.text.startswith("صحيفة"))
    assert render_english(cued) == "Rodong Sinmun"
