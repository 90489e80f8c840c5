"""Question typing, head noun and focus terms (grounded mode), Arabic and English."""

import pytest

from qa.grounded.english import content_terms, stem_english
from qa.grounded.question import analyse_question
from qa.grounded.types import AnswerType as T

CASES = [
    # person
    ("من هو المتحدث باسم وزارة الخارجية الصينية؟", T.PERSON),
    ("من هي رئيسة المفوضية الأوروبية التي زارت القاهرة؟", T.PERSON),
    ("ومن الذي وقع الاتفاق عن الجانب الروسي؟", T.PERSON),
    ("مع من التقى وزير الخارجية المصري في باريس؟", T.PERSON),
    ("ما اسم رئيس وزراء اليابان؟", T.PERSON),
    ("أي وزير أعلن استقالته أمس؟", T.PERSON),
    ("Who is the spokesman of the Kremlin?", T.PERSON),
    ("Whom did the president appoint as defence minister?", T.PERSON),
    ("Which official announced the new sanctions?", T.PERSON),
    ("To which Chinese leader did Biden send a message?", T.PERSON),
    ("What is the name of the UN envoy to Yemen?", T.PERSON),
    # place
    ("من أين انطلقت السفينة؟", T.PLACE),
    ("أين عقدت القمة العربية الأخيرة؟", T.PLACE),
    ("إلى أين توجه الوفد بعد الرياض؟", T.PLACE),
    ("ما الدولة التي استضافت المؤتمر؟", T.PLACE),
    ("في أي مدينة وقع الانفجار؟", T.PLACE),
    ("Where did the two leaders meet?", T.PLACE),
    ("From where did the plane take off?", T.PLACE),
    ("Which city will host the next summit?", T.PLACE),
    ("What country did the minister visit after Egypt?", T.PLACE),
    # organisation
    ("ما الصحيفة التي نشرت المقال؟", T.ORGANISATION),
    ("أي وكالة نقلت الخبر؟", T.ORGANISATION),
    ("ما الشركة التي فازت بالعقد؟", T.ORGANISATION),
    ("Which newspaper published the interview?", T.ORGANISATION),
    ("Which agency reported the launch?", T.ORGANISATION),
    ("What company will build the power plant?", T.ORGANISATION),
    # date
    ("متى تبدأ الانتخابات الرئاسية؟", T.DATE),
    ("في أي عام تأسست المنظمة؟", T.DATE),
    ("ما الفترة التي تستمر فيها المناورات؟", T.DATE),
    ("ما موعد القمة المقبلة؟", T.DATE),
    ("منذ متى يحكم الرئيس البلاد؟", T.DATE),
    ("When will the talks resume?", T.DATE),
    ("In what year was the treaty signed?", T.DATE),
    ("What year did the war end?", T.DATE),
    ("How long will the exercises last?", T.DATE),
    ("What period do the drills cover?", T.DATE),
    # number
    ("كم عدد القتلى في الهجوم؟", T.NUMBER),
    ("كم صاروخا أطلق الجيش؟", T.NUMBER),
    ("على مدار كم عام استمرت المفاوضات؟", T.NUMBER),
    ("ما قيمة الصفقة التي وقعها البلدان؟", T.NUMBER),
    ("ما نسبة التضخم في مصر؟", T.NUMBER),
    ("How many people were killed in the attack?", T.NUMBER),
    ("How much did the deal cost?", T.NUMBER),
    ("What was the total value of the contracts?", T.NUMBER),
    ("What percentage of voters took part?", T.NUMBER),
    # reason
    ("لماذا ألغيت الزيارة؟", T.REASON),
    ("ما سبب تأجيل الاجتماع؟", T.REASON),
    ("ما الهدف من المناورات المشتركة؟", T.REASON),
    ("Why did the minister resign?", T.REASON),
    ("What was the reason for the delay?", T.REASON),
    # description
    ("ماذا فعلت روسيا في مجلس الأمن؟", T.DESCRIPTION),
    ("ماذا كُتب على اللافتات؟", T.DESCRIPTION),
    ("ماذا قال المتحدث عن الاتفاق؟", T.DESCRIPTION),
    ("ما الذي أعلنته الحكومة أمس؟", T.DESCRIPTION),
    ("كيف ردت الصين على العقوبات؟", T.DESCRIPTION),
    ("What did Russia do at the Security Council?", T.DESCRIPTION),
    ("What did the spokesman say about the visit?", T.DESCRIPTION),
    ("What was written on the banners?", T.DESCRIPTION),
    ("What happened at the border on Friday?", T.DESCRIPTION),
    ("How did Beijing react to the sanctions?", T.DESCRIPTION),
    # thing
    ("ما الكنيسة التي زارها الرئيس؟", T.THING),
    ("ما الاتفاقية التي وقعها البلدان؟", T.THING),
    ("ماذا تعهد الرئيس بتقديمه لأوكرانيا؟", T.THING),
    ("What did Putin promise to help North Korea build?", T.THING),
    ("Which agreements did the two countries sign?", T.THING),
    ("What weapons did the army receive?", T.THING),
    # yes/no
    ("هل وقع البلدان اتفاقية دفاع مشترك؟", T.YESNO),
    ("وهل حضر الرئيس القمة؟", T.YESNO),
    ("ألم يعلن الكرملين موعد الزيارة؟", T.YESNO),
    ("Did the two leaders sign a defence pact?", T.YESNO),
    ("Is the summit still planned for June?", T.YESNO),
    ("Was the visit announced in advance?", T.YESNO),
    ("Are the talks expected to resume?", T.YESNO),
    ("Does Japan support the resolution?", T.YESNO),
]


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_answer_type(question: str, expected: T) -> None:
    analysis = analyse_question(question)
    assert analysis.answer_type == expected, (question, analysis)


def test_every_type_is_covered_in_both_languages() -> None:
    seen = {(t, analyse_question(q).language) for q, t in CASES}
    assert {(t, lang) for t in T for lang in ("ar", "en")} <= seen


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("ما الكنيسة التي سيزورها بوتين في طريق العودة إلى المطار؟", "كنيسة"),
        ("كم عدد الصواريخ التي أطلقت؟", "صواريخ"),
        ("ما اسم رئيس وزراء كوريا الشمالية؟", "رئيس"),
        ("من هي وزيرة الخارجية؟", "وزيرة"),
        ("In which North Korean newspaper did Putin publish an article?", "newspaper"),
        ("Which Russian ministers were in the delegation?", "ministers"),
        ("How many vessels and aircraft take part?", "vessels"),
        ("Which earlier agreements would the new agreement replace?", "agreements"),
        ("What is the name of the company that won?", "company"),
    ],
)
def test_head_noun(question: str, head: str) -> None:
    assert analyse_question(question).head_noun == head


def test_cue_and_language() -> None:
    where_from = analyse_question("من أين غادر بوتين؟")
    assert (where_from.language, where_from.answer_type, where_from.cue) == ("ar", T.PLACE, "من أين")
    how_long = analyse_question("How long did the siege last?")
    assert (how_long.language, how_long.answer_type, how_long.cue) == ("en", T.DATE, "how long")


def test_arabic_focus_terms_are_normalised_stems_without_question_words() -> None:
    focus = analyse_question("كم عدد الصواريخ التي أطلقتها كوريا الشمالية؟").focus_terms
    assert "صواريخ" in focus  # article stripped, same stems as the lexical index
    assert not {"كم", "عدد", "التي"} & set(focus)
    assert analyse_question("متى زار الرئيسُ موسكو؟").focus_terms == ("زار", "رييس", "موسكو")


def test_english_focus_terms_are_stemmed_content_words() -> None:
    focus = analyse_question("When did Putin last visit Vietnam's capital?").focus_terms
    assert focus == ("putin", "last", "visit", "vietnam", "capital")
    assert "did" not in content_terms("Which ministers did he visit?")


def test_english_stemmer_is_consistent() -> None:
    for variants in (
        ("visit", "visits", "visited", "visiting"),
        ("promise", "promised"),
        ("agency", "agencies"),
    ):
        assert len({stem_english(v) for v in variants}) == 1, variants
    assert stem_english("churches") == stem_english("church")
    assert stem_english("stopped") == "stop"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ما الذي دفع الحكومة إلى الاستقالة؟", T.REASON),
        ("بماذا وصف الوزير الاتفاق؟", T.DESCRIPTION),
        ("عن ماذا تحدث الرئيس؟", T.DESCRIPTION),
        ("كم بلغ عدد الحجاج هذا العام؟", T.NUMBER),
        ("ما المدة التي استغرقتها الرحلة؟", T.DATE),
        ("ما موقف اليابان من المحادثات؟", T.DESCRIPTION),
        ("Name the Russian defence minister.", T.PERSON),
        ("List the countries that signed the deal.", T.PLACE),
        ("According to the Kremlin, what did Putin say about the deal?", T.DESCRIPTION),
        ("What did the new bridge cost?", T.NUMBER),
        ("What type of missile was launched?", T.THING),
        ("How many times did Putin visit China?", T.NUMBER),
    ],
)
def test_more_question_forms(question: str, expected: T) -> None:
    assert analyse_question(question).answer_type == expected


def test_head_after_a_verb_and_of_a_count() -> None:
    assert analyse_question("كم بلغ عدد الحجاج هذا العام؟").head_noun == "حجاج"
    assert analyse_question("من التقى ولي العهد السعودي؟").head_noun == ""
    assert analyse_question("How many times did Putin visit China?").head_noun == "times"
