"""The evidence-first engine's parts, one at a time, on real sentences of the three test domains (news,
classical narration, administrative prose): question types, typed spans, glosses and names in English."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.answer.engine import choose_span
from qa.answer.gloss import common_word, gloss_span
from qa.answer.question import analyse_question
from qa.answer.spans import find_spans, fits_quantity
from qa.answer.types import AnswerType as T
from qa.answer.types import Segment, Span
from store.arabic.numerals import number_at
from store.arabic.romanise import romanise_name
from store.bilingual import load_bilingual
from store.spelling import EnglishSpellings


@pytest.fixture(scope="module")
def bilingual():
    found = load_bilingual(Path.home() / ".cache" / "arabic-qa" / "models")
    assert found is not None, "the FreeDict dictionaries are installed by scripts/setup.sh"
    return found


@pytest.mark.parametrize(
    ("question", "kind", "quantity"),
    [
        ("متى سيزور الرئيس هانوي؟", T.DATE, ""),
        ("When will the president visit Hanoi?", T.DATE, ""),
        ("كم تبلغ تكلفة تجديد الجواز؟", T.NUMBER, "money"),
        ("كم تبلغ الرسوم السنوية للرخصة؟", T.NUMBER, "money"),  # the quantity word with its article
        ("How long is the maternity leave?", T.NUMBER, "time"),
        ("How old was he when he left?", T.NUMBER, "age"),
        ("من الذي روى الحديث؟", T.PERSON, ""),
        ("Which city did he move to?", T.PLACE, ""),
        ("أين صلى الظهر؟", T.PLACE, ""),
        ("لماذا أغلق المتحف؟", T.REASON, ""),
        ("What did the council decide?", T.DESCRIPTION, ""),
        ("كم كان عمره حين تولى الحكم؟", T.NUMBER, "age"),  # past the copula to what is measured
        ("من أي جامعة نال الدكتوراه؟", T.THING, ""),  # "from which university": not "who"
        ("من أي مدينة جاء؟", T.PLACE, ""),
        ("بماذا حذر لافروف الولايات المتحدة؟", T.DESCRIPTION, ""),  # the noun after a verb is no head
        ("ما أكبر مدينة في سوريا؟", T.PLACE, ""),  # a superlative stands before its head
        ("من هو الوزير الذي استقبله؟", T.PERSON, ""),
        ("What is the fine for smoking in the hospital?", T.NUMBER, "money"),  # a sum of money is asked
        ("What net profit did the company make?", T.NUMBER, "money"),
        ("ما قيمة الغرامة على التدخين؟", T.NUMBER, "money"),
        ("What is the deadline for submitting bids?", T.DATE, ""),
    ],
)
def test_question_types(question: str, kind: T, quantity: str) -> None:
    analysis = analyse_question(question)
    assert analysis.answer_type is kind
    assert analysis.quantity == quantity


def test_english_terms_reach_arabic_through_the_dictionary(bilingual) -> None:
    terms = {t.label: t for t in analyse_question("How many missiles were delivered?", bilingual).terms}
    assert "صاروخ" in " ".join(terms["missiles"].keys) or terms["missiles"].keys
    assert not analyse_question("Who is Ushakov?", bilingual).terms[0].keys  # a name: matched by sound


def _spans(text: str, kind: T, bilingual=None) -> list[str]:
    return [s.text for s in find_spans(text, 0, kind, common_word(bilingual))]


def test_dates_with_days_ranges_months_and_eras() -> None:
    assert _spans("سيزور فيتنام يومي 19 و20 جوان بعد زيارة", T.DATE) == ["يومي 19 و20 جوان"]
    assert _spans("تستمر المناورات من 18 إلى 28 يونيو في المحيط", T.DATE) == ["من 18 إلى 28 يونيو"]
    assert _spans("أسست المدينة سنة 172 هـ على الضفة", T.DATE) == ["سنة 172 هـ"]
    assert _spans("وكان يصلي بعد العصر ركعتين", T.DATE) == ["بعد العصر"]
    assert _spans("سيعقد في 20 يونيو/حزيران محادثات", T.DATE) == ["في 20 يونيو/حزيران"]
    assert _spans("الحرب العالمية الثانية 1939 - 1945 في", T.DATE) == ["1939 - 1945"]
    assert _spans("كما سيزور الرئيس في 19 و20 من الجاري العاصمة", T.DATE) == ["في 19 و20 من الجاري"]
    assert _spans("وتعقد القمة في الشهر المقبل في", T.DATE) == ["في الشهر المقبل"]
    assert _spans("قال إن 5 من الجنود قتلوا", T.DATE) == []


def test_numbers_take_their_counted_word_and_hedge() -> None:
    assert _spans("يشارك فيها حوالي 40 زورقا وقاربا", T.NUMBER) == ["حوالي 40 زورقا"]
    assert _spans("حَتَّى يَغْسِلَهَا ثَلاَثًا فَإِنَّ أَحَدَكُمْ", T.NUMBER) == ["ثَلاَثًا"]
    assert _spans("الثلاثاء 6 أيار/مايو 2025 – افتتح المحافظ", T.NUMBER) == []  # a dash: no counted word
    assert _spans("لا يزال الأمر ماضيا ما وليهم اثْنَا عَشَرَ رَجُلاً", T.NUMBER) == ["اثْنَا عَشَرَ رَجُلاً"]
    assert _spans("افتتح المتحف عام 1908 في القاهرة", T.NUMBER) == []  # a year is no quantity
    assert _spans("وصل في 14 يونيو ومعه 40 رجلا", T.NUMBER) == ["40 رجلا"]  # a day of a month neither
    # one and two follow what they count
    assert _spans("فَصَلَّى بِنَا الْمَغْرِبَ وَالْعِشَاءَ بِإِقَامَةٍ وَاحِدَةٍ", T.NUMBER) == ["بِإِقَامَةٍ وَاحِدَةٍ"]
    assert _spans("ثم صلى ركعتين اثنتين", T.NUMBER) == ["ركعتين اثنتين"]


def test_a_share_is_a_percent_in_words_or_by_its_sign() -> None:
    for text, share in (("ارتفع بنسبة 80 في المئة خلال العام", "80 في المئة"), ("عن 75% من الساعات", "75%"),
                        ("تخفيض قدره ٢٥٪ من قيمة الغرامة", "٢٥٪")):  # fmt: skip
        spans = find_spans(text, 0, T.NUMBER)
        assert [s.text for s in spans if fits_quantity("percent", s)] == [share]


def test_a_number_question_takes_spans_of_its_kind() -> None:
    spans = find_spans("الرسم 200 درهم ويسلم خلال 48 ساعة", 0, T.NUMBER)
    money = [s.text for s in spans if fits_quantity("money", s)]
    time = [s.text for s in spans if fits_quantity("time", s)]
    assert money == ["200 درهم"] and time == ["48 ساعة"]
    ages = find_spans("غادر طنجة سنة 1325 وعمره 21 عاما", 0, T.NUMBER)
    assert [s.text for s in ages if fits_quantity("age", s)] == ["21 عاما"]
    assert not fits_quantity("age", Span(0, 9, "2000 لعقد", T.NUMBER, ""))  # a year is nobody's age


def test_people_by_name_chains_narration_and_titles(bilingual) -> None:
    isnad = "حَدَّثَنَا قُتَيْبَةُ بْنُ سَعِيدٍ، حَدَّثَنَا سُفْيَانُ، عَنْ أَبِي هُرَيْرَةَ، قَالَ فَحَمَلْتُ بِهِ"
    assert _spans(isnad, T.PERSON, bilingual) == ["قُتَيْبَةُ بْنُ سَعِيدٍ", "سُفْيَانُ", "أَبِي هُرَيْرَةَ"]
    news = "وقال وزير الخارجية الياباني الجديد يوكو كاميكاوا للصحفيين إن بلاده تتابع بقلق"
    assert _spans(news, T.PERSON, bilingual) == ["يوكو كاميكاوا"]
    joined = "حَدَّثَنَا عُمَرُ بْنُ الْخَطَّابِ وَأُسَامَةُ بْنُ زَيْدٍ، وَوَائِلُ بْنُ حُجْرٍ"  # "and Usama", but وائل
    nisba = "ودوّن تلميذه أبو عبيد الجوزجاني سيرته، عن أبي سعيد الخدري قال"
    assert _spans(nisba, T.PERSON, bilingual) == ["أبو عبيد الجوزجاني", "أبي سعيد الخدري"]
    assert _spans(joined, T.PERSON, bilingual) == ["عُمَرُ بْنُ الْخَطَّابِ", "أُسَامَةُ بْنُ زَيْدٍ", "وَائِلُ بْنُ حُجْرٍ"]
    # a preposition with its pronoun is no name's first word; a name may begin with ابن; a lone ابن is none
    assert _spans("قَالَ عَلَيْنَا ابْنُ عُمَرَ وَعَنْ بَيْنَهُمْ", T.PERSON, bilingual) == ["ابْنُ عُمَرَ"]
    assert _spans("وقال ابن الرئيس إن الوزير", T.PERSON, bilingual) == []
    # "and Abu Sufyan": the kunya after a joined و; a family name with أبو after a given name and a role
    led = "عَلَى بَغْلَتِهِ وَأَبُو سُفْيَانَ بْنُ الْحَارِثِ يَقُودُ بِهِ"
    assert _spans(led, T.PERSON, bilingual) == ["أَبُو سُفْيَانَ بْنُ الْحَارِثِ"]
    assert _spans("يديرها الإعلامي سامي أبو النصر", T.PERSON, bilingual) == ["سامي أبو النصر"]
    assert _spans("فقال بأبي أنت وأمي", T.PERSON, bilingual) == []  # "my father", after ب
    assert _spans("حَدَّثَنَا هِشَامٌ، عَنْ أَبِيهِ، قَالَ", T.PERSON, bilingual) == ["هِشَامٌ"]  # his father
    # a feminine noun with its pronoun (كلمته = كلمة + ه) is a word, not the end of a name
    assert _spans("وألقى الكاتب محمد سلماوي كلمته في الحفل", T.PERSON, bilingual) == ["محمد سلماوي"]


def test_a_name_before_its_title(bilingual) -> None:
    news = "وقالت الوزارة إن كيم هونغ-كيون نائب وزير الخارجية ناقش الزيارة"
    assert _spans(news, T.PERSON, bilingual) == ["كيم هونغ-كيون"]
    assert _spans("ووصف يوري أوشاكوف المستشار الدبلوماسي الزيارة", T.PERSON, bilingual) == ["يوري أوشاكوف"]
    finance = "وقالت الوزارة إن كارلوس غارسيا نائب وزير المالية ناقش الخطة"
    assert _spans(finance, T.PERSON, bilingual) == ["كارلوس غارسيا"]
    assert _spans("ووصف هانز مولر المستشار الاقتصادي الخطة", T.PERSON, bilingual) == ["هانز مولر"]
    # a verb before a title is no name: a present one, or a dictionary verb after "and"
    assert _spans("وتشمل الرئيس الروسي", T.PERSON, bilingual) == []
    assert _spans("وبدأت وزيرة الخارجية محادثات", T.PERSON, bilingual) == []


def test_an_english_reply_names_the_person_whose_title_the_question_asks(bilingual) -> None:
    text = (
        "ويضم الوفد الروسي وزير الخارجية سيرغي لافروف، والنائب الأول لرئيس الوزراء دينيس مانتوروف، "
        "ووزير الدفاع أندريه بيلاوسوف."
    )
    segment = Segment(1, "a.txt", "a", 0, len(text), text, vector=np.zeros(3))
    question = analyse_question("Who is the first deputy prime minister in the delegation?", bilingual)
    span = choose_span(question, segment, common_word(bilingual), nearest=True)
    assert span is not None and span.text == "دينيس مانتوروف"


def test_clock_times_are_dates_and_are_said_in_english() -> None:
    from qa.answer.clock import clock_english, split_clock

    assert _spans("تغادر آخر عبارة الساعة 10:15 مساء من الجزيرة", T.DATE) == ["الساعة 10:15 مساء"]
    sale = "يباع من الساعة السابعة صباحا حتى العاشرة ليلا، وفي رمضان حتى الساعة الواحدة بعد منتصف الليل."
    assert _spans(sale, T.DATE) == [
        "الساعة السابعة صباحا", "حتى العاشرة ليلا", "رمضان", "حتى الساعة الواحدة بعد منتصف الليل",
    ]  # fmt: skip
    assert _spans("من ٨:٠٠ صباحاً إلى 2:00 ظهرا", T.DATE) == ["من ٨:٠٠ صباحاً", "2:00 ظهرا"]
    assert _spans("كما في الآية 3:16 وفي المرة الثانية", T.DATE) == []  # no time word, no part of the day
    assert clock_english("الساعة 10:15 مساء") == "10:15 p.m."
    assert clock_english("من ٨:٠٠ صباحاً") == "from 8:00 a.m."
    assert clock_english("حتى الساعة الواحدة بعد منتصف الليل") == "until one o'clock after midnight"
    assert clock_english("حتى العاشرة والربع ليلا") == "until quarter past ten at night"
    assert clock_english("يوم الجمعة") is None
    deadline = "آخر موعد الخميس 14 آب/أغسطس 2025 الساعة الثانية ظهرا، ويعتد"  # a day and its hour: one date
    assert _spans(deadline, T.DATE) == ["الخميس 14 آب/أغسطس 2025 الساعة الثانية ظهرا"]
    bids = "هو الساعة الثانية عشرة من ظهر يوم الثلاثاء 11 يونيو 2024."  # an hour and its day: one date too
    assert _spans(bids, T.DATE) == ["الساعة الثانية عشرة من ظهر يوم الثلاثاء 11 يونيو 2024"]
    assert split_clock(_spans(bids, T.DATE)[0]) == (
        "يوم الثلاثاء 11 يونيو 2024",
        "at twelve o'clock at midday",
        True,
    )


def test_a_question_for_a_name_needs_a_name_in_the_evidence() -> None:
    from qa.answer.engine import _needs_typed_evidence

    named = analyse_question("ما اسم الرجل الأنصاري الذي كان بيته أقصى بيت في المدينة؟")
    assert named.asks_name and named.answer_type is T.PERSON and _needs_typed_evidence(named)
    who = analyse_question("من الذي جاء يدفع فأخذ النبي بيده؟")  # "a Bedouin" answers it too
    assert not who.asks_name and not _needs_typed_evidence(who)
    assert not analyse_question("What does the name of the Vostochny spaceport mean?").asks_name


def test_a_number_alone_answers_how_many_days() -> None:
    def fit(text: str) -> list[bool]:
        return [fits_quantity("time", s) for s in find_spans(text, 0, T.NUMBER)]

    assert fit("تَرَكَ قَتْلَى بَدْرٍ ثَلاَثًا ثُمَّ أَتَاهُمْ") == [True]  # كم يوما؟ ثلاثا: the days are unsaid
    assert fit("أطلقت 20 صاروخا") == [False]  # it counts something else


def test_a_dual_counts_two(bilingual) -> None:
    assert _spans("للصائم فرحتان فرحة عند فطره", T.NUMBER, bilingual) == ["فرحتان"]
    assert _spans("فواصل بهم يومين ثم رأوا الهلال", T.NUMBER, bilingual) == ["يومين"]
    assert _spans("صلى ركعتين اثنتين", T.NUMBER, bilingual) == ["ركعتين اثنتين"]  # one span with its "two"
    assert _spans("صلى مع المسلمين ثم زار عثمان", T.NUMBER, bilingual) == []  # a plural, a name
    assert gloss_span("يومين", bilingual).text == "two days"


def test_places_from_the_world_table_and_place_nouns() -> None:
    assert _spans("وصل إلى القاهرة ثم سافر إلى مدينة الإسكندرية", T.PLACE) == ["القاهرة", "مدينة الإسكندرية"]


def test_compound_numbers() -> None:
    words = ["اربع", "عشره", "سنه"]
    assert number_at(words, 0) == (14.0, 2)
    assert number_at(["ثلاث", "وستين"], 0) == (63.0, 2)
    assert number_at(["12", "الف"], 0) == (12000.0, 2)


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("يومي 19 و20 جوان", "on 19 and 20 June"),
        ("في جويلية 2000", "in July 2000"),
        ("نحو 40 سفينة", "about 40 ships"),
        ("نحو 50 كتابا", "about 50 books"),  # a word with a suffix before a proclitic: not ك + تابا
        ("ثَلاَثًا", "three times"),
        ("أربعة أشهر وعشرة أيام", "four months and ten days"),
        ("12 ألف هكتار", "12 thousand hectares"),
        ("ثلاث وستين", "sixty-three"),
        ("يوم السبت 4 تموز/يوليو 1187", "on Saturday 4 July 1187"),
        ("200 درهم", "200 dirhams"),
        ("في رمضان", "in Ramadan"),
        ("في 20 يونيو/حزيران", "on 20 June"),
        ("في عام 2017", "in 2017"),
        ("مرة واحدة", "one time"),  # one follows its noun in Arabic, precedes it in English
        ("ركعتين اثنتين", "two rak'as"),  # the dual already says two
        ("وَاحِدَةٍ", "one"),  # a numeral, not "and" + a word
        ("أَنَّ النَّبِيَّ صلى الله عليه وسلم كَانَ", "that the Prophet (peace be upon him) was"),  # formulae
        ("وقال إنه", "and said that he"),
        ("عليه منها لهم", "on him from her to them"),  # a preposition with its pronoun
    ],
)
def test_glosses_say_numbers_dates_and_units_by_table(bilingual, arabic: str, english: str) -> None:
    gloss = gloss_span(arabic, bilingual)
    assert gloss is not None and gloss.text == english


def test_common_senses_first(bilingual) -> None:
    """The dictionaries list senses alphabetically; the commoner English word comes first (wordfreq), and a
    word before a proper noun."""
    assert gloss_span("ذهب", bilingual).text == "went"
    assert gloss_span("حبل", bilingual).text == "rope"


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("أَبِي هُرَيْرَةَ", "Abu Hurayrah"),
        ("عَبْدِ اللَّهِ بْنِ عُمَرَ", "Abdullah ibn Umar"),
        ("سَعْدِ بْنِ أَبِي وَقَّاصٍ", "Saad ibn Abi Waqqas"),
        ("الزُّهْرِيِّ", "Al-Zuhri"),
        ("يوري أوشاكوف", "Yuri Ushakov"),
        ("بوريس يلتسين", "Boris Yeltsin"),
        ("عبد الفتاح السيسي", "Abd al-Fattah al-Sisi"),
    ],
)
def test_names_in_latin_letters(bilingual, arabic: str, english: str) -> None:
    assert romanise_name(arabic, bilingual.name) == english


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("فلاديمير بوتين", "Vladimir Putin"),  # rules alone: "Botin"
        ("سيرجي لافروف", "Sergei Lavrov"),  # "Lafrov"
        ("بايدن", "Biden"),  # "Baidn"
        ("دونيتسك", "Donetsk"),
        ("ألكسندر بوشكين", "Aleksandr Pushkin"),  # "Boshkin"
        ("أنجيلا ميركل", "Angela Merkel"),  # "Mirkl"
        ("نجيب محفوظ", "Najib Mahfouz"),
        ("أَبِي هُرَيْرَةَ", "Abu Hurayrah"),  # a vowelled name is spelt from its vowels
        ("رانيا عبد الهادي", "Ranya Abd al-Hadi"),
    ],
)
def test_names_as_english_text_spells_them(bilingual, arabic: str, english: str) -> None:
    assert romanise_name(arabic, bilingual.name, bilingual.sounds_like) == english


def test_a_spelling_by_sound_must_sound_and_look_alike() -> None:
    words = [("putin", 4.5), ("singh", 4.6), ("sonja", 3.3), ("boeing", 4.3), ("rare", 1.0)]
    spellings = EnglishSpellings(words)
    assert spellings.spelling("بوتين", "botin") == "Putin"
    assert spellings.spelling("سونغ", "song") is None  # its vowel is و: not the i of Singh
    assert spellings.spelling("سونج", "sonj") is None  # Arabic writes a last vowel: Sonja is no سونج
    assert spellings.spelling("رار", "rar") is None  # too rare a word to trust, and two consonants


def test_who_reported_the_words_a_question_quotes(bilingual) -> None:
    """The narrator is the last name of the chain before the hadith's words; only a question of reporting
    asks for it."""
    from qa.answer.engine import neighbour_span

    chain = "حَدَّثَنَا أَبُو بَكْرٍ، عَنْ خَيْثَمَةَ، عَنِ النُّعْمَانِ بْنِ بَشِيرٍ، قَالَ قَالَ رَسُولُ اللَّهِ صلى الله عليه وسلم"
    words = '" الْمُسْلِمُونَ كَرَجُلٍ وَاحِدٍ إِنِ اشْتَكَى عَيْنُهُ اشْتَكَى كُلُّهُ " .'
    first = Segment(1, "m.txt", "m", 0, len(chain), chain, np.zeros(2))
    second = Segment(1, "m.txt", "m", len(chain) + 1, len(chain) + 1 + len(words), words, np.zeros(2))
    common = common_word(bilingual)
    asked = analyse_question("من الصحابي الذي روى حديث المسلمون كرجل واحد؟", bilingual)
    span, cited = neighbour_span(asked, second, [first, second], common)
    assert span is not None and span.text == "النُّعْمَانِ بْنِ بَشِيرٍ"
    assert (cited.start, cited.end) == (0, second.end)  # both segments are the evidence
    other = analyse_question("من الذين قال النبي إنهم كرجل واحد؟", bilingual)  # not a question of reporting
    assert neighbour_span(other, second, [first, second], common) == (None, second)


def test_a_question_for_the_time_of_day_takes_a_clock_time(bilingual) -> None:
    text = "وتفتح المكتبة حتى الساعة 5 مساء، وتمدد ساعاتها حتى الساعة 9 ليلا يومي الخميس والجمعة."
    segment = Segment(1, "f.txt", "f", 0, len(text), text, np.zeros(2))
    question = analyse_question("Until what time is the library open on Thursday?", bilingual)
    assert question.asks_clock and not analyse_question("When does the library open?").asks_clock
    span = choose_span(question, segment, common_word(bilingual), nearest=True)
    assert span is not None and span.text in ("حتى الساعة 5 مساء", "حتى الساعة 9 ليلا")  # not the weekdays


def test_a_segment_with_the_asked_number_may_score_below_the_threshold() -> None:
    """Once the best segment passes the threshold, the best one holding a fitting number may score down to
    TYPED_FLOOR of it (a fixed fake ranker: the score is the term cover)."""
    from types import SimpleNamespace

    from qa.answer.engine import TYPED_FLOOR, AnswerEngine
    from qa.answer.ranker import Ranker
    from qa.records import Passage

    text = "رسوم الكشف في عيادات مجمع الندى محددة. الكشف في العيادات التخصصية: 30 دينارا."
    cut = text.index(".") + 1
    passage = Passage(file="f.txt", start=0, end=len(text), text=text, score=1.0, sentence_start=0,
                      sentence_end=cut, document="f")  # fmt: skip
    rows = [
        (SimpleNamespace(start=0, end=cut), np.ones(2)),
        (SimpleNamespace(start=cut + 1, end=len(text)), np.ones(2)),
    ]
    ranker = Ranker({"ar": {"bias": -3.0, "cover": 4.0}}, {"ar": 0.12})
    question = "كم تبلغ رسوم الكشف في عيادة تخصصية بمجمع الندى؟"
    found = AnswerEngine(None, ranker).answer(question, "ar", [passage], [rows], np.ones(2))
    first, second = found.ranked[0].score, found.ranked[1].score
    assert first >= 0.12 > second >= 0.12 * TYPED_FLOOR  # the number's segment is below the threshold
    assert found.answer == "30 دينارا [1]"
