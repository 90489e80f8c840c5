"""English rendering of Arabic dates, numbers, nouns and known names by tables (grounded mode)."""

import pytest

from qa.grounded.data.nouns import noun_count
from qa.grounded.render_date import MONTHS_EN
from qa.grounded.render_en import render_english
from qa.grounded.types import AnswerType as T
from qa.grounded.types import Candidate, EvidenceSentence
from store.arabic import MONTHS


def candidate(text: str, answer_type: T = T.DATE) -> Candidate:
    evidence = EvidenceSentence(1, "f.txt", 100, 100 + len(text), text, 1.0, 1.0, 0.9)
    return Candidate(text, answer_type, 100, 100 + len(text), evidence)


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("جويلية 2000", "July 2000"),
        ("يوليو 2000", "July 2000"),
        ("تموز 2000", "July 2000"),
        ("مارس/آذار 1949", "March 1949"),
        ("من 18 إلى 28 يونيو", "from 18 to 28 June"),
        ("بين 3 و7 تشرين الأول", "between 3 and 7 October"),
        ("يومي 19 و20 جوان", "19 and 20 June"),
        ("19 و20 من الجاري", "19 and 20 of this month"),
        ("20 يونيو/حزيران", "20 June"),
        ("15 كانون الثاني 2020", "15 January 2020"),
        ("آخر يوم من عام 1999", "the last day of 1999"),
        ("اليوم الأخير من عام 1999", "the last day of 1999"),
        ("نهاية عام 2023", "the end of 2023"),
        ("العام الماضي", "last year"),
        ("الشهر المقبل", "next month"),
        ("أمس", "yesterday"),
        ("سبتمبر الماضي", "last September"),
        ("يوم الجمعة", "Friday"),
        ("يومي الثلاثاء والأربعاء", "Tuesday and Wednesday"),
        ("عام 2017", "2017"),
        ("أعوام 1961 و2000 و2001", "1961, 2000 and 2001"),
    ],
)
def test_dates(arabic: str, english: str) -> None:
    assert render_english(candidate(arabic)) == english


def test_every_month_spelling_renders() -> None:
    for spelling, number in MONTHS.items():
        assert render_english(candidate(f"{spelling} 2024")) == f"{MONTHS_EN[number - 1]} 2024", spelling


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("نحو 50 صاروخا", "about 50 missiles"),
        ("حوالي 40 زورقا وقاربا وسفينة", "about 40 boats and ships"),
        ("نحو 20 طائرة ومروحية", "about 20 aircraft and helicopters"),
        (
            "حوالي 40 زورقا وقاربا وسفينة بالإضافة إلى نحو 20 طائرة ومروحية",
            "about 40 boats and ships and about 20 aircraft and helicopters",
        ),
        ("أكثر من 100 شخص", "more than 100 people"),
        ("ما لا يقل عن 12 قتيلا", "at least 12 killed"),
        ("24 عاما", "24 years"),
        ("مئة عام", "one hundred years"),  # words stay words: no figure the passage lacks
        ("المئة عام المقبلة", "the next one hundred years"),
        ("ثلاثة أيام", "three days"),
        ("يوم واحد", "one day"),  # "واحد" after its noun counts one
        ("نحو متر واحد", "about one metre"),
        ("1.2 مليار دولار", "1.2 billion dollars"),
        ("3 آلاف جندي", "3,000 soldiers"),
        ("50%", "50%"),
        ("48 في المئة", "48%"),
        ("نائبان", "two deputies"),
        ("صاروخين", "two missiles"),
        ("بين 50 و60 شخصا", "between 50 and 60 people"),
        ("عشرات الجنود", "dozens of soldiers"),
        ("مئات القتلى", "hundreds killed"),
        ("نحو 50 صاروخا مماثلا", None),  # "مماثلا" has no table rendering: the Arabic is shown instead
    ],
)
def test_numbers(arabic: str, english: str | None) -> None:
    assert render_english(candidate(arabic, T.NUMBER)) == english


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("أقمار صناعية", "satellites"),
        ("قمر صناعي", "satellite"),
        ("الصواريخ", "missiles"),
        ("فيتنام", "Vietnam"),
        ("لبيونغيانغ", "Pyongyang"),
        ("الكرملين", "the Kremlin"),
        ("الأمم المتحدة", "the United Nations"),
        ("يوري أوشاكوف", None),  # names are not transliterated by code
        ("قاعدة فوستوشني", None),
    ],
)
def test_nouns_and_known_names(arabic: str, english: str | None) -> None:
    assert render_english(candidate(arabic, T.THING)) == english


def test_the_counted_noun_table_is_large() -> None:
    assert noun_count() >= 150
