"""Segmentation for any prose (store/segment.py): sentences, hard wraps, format marks, clauses of long
sentences; offsets always exact."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.arabic import visible_text
from store.segment import MAX_SEGMENT, sentence_spans, visible_length

HADITH = (
    "حَدَّثَنَا قُتَيْبَةُ بْنُ سَعِيدٍ، حَدَّثَنَا سُفْيَانُ، عَنِ الزُّهْرِيِّ، عَنْ أَبِي سَلَمَةَ، عَنْ أَبِي هُرَيْرَةَ، "
    'أَنَّ النَّبِيَّ صلى الله عليه وسلم قَالَ \u200f\n"\u200f إِذَا اسْتَيْقَظَ أَحَدُكُمْ مِنْ نَوْمِهِ فَلاَ يَغْمِسْ '
    'يَدَهُ فِي وَضُوئِهِ حَتَّى يَغْسِلَهَا ثَلاَثًا \u200f"\u200f \u200f.\u200f قَالَ أَبُو عِيسَى هَذَا حَدِيثٌ\n'
    " حَسَنٌ صَحِيحٌ \u200f.\u200f"
)


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_format_marks_around_a_full_stop_end_the_sentence() -> None:
    parts = _texts(HADITH)
    assert any(p.startswith("قَالَ أَبُو عِيسَى") for p in parts)
    assert all(not p[0].isspace() and not p.startswith("\u200f") for p in parts)


def test_a_line_that_goes_on_indented_is_a_hard_wrap_not_a_boundary() -> None:
    last = _texts(HADITH)[-1]
    assert "حَدِيثٌ\n حَسَنٌ" in last


def test_a_heading_line_stands_alone() -> None:
    assert _texts("عنوان الدليل\nيشرح هذا الدليل الإجراءات.") == [
        "عنوان الدليل",
        "يشرح هذا الدليل الإجراءات.",
    ]


def test_decimals_do_not_end_a_sentence() -> None:
    assert _texts("بلغ النمو 2.5 في المئة. وقال المسؤول ذلك.") == [
        "بلغ النمو 2.5 في المئة.",
        "وقال المسؤول ذلك.",
    ]


def test_long_sentences_are_cut_into_clauses_at_commas_first() -> None:
    clause = "وقال المسؤول إن المشروع سيكتمل قبل نهاية العام المقبل بعد تأخير طويل في التمويل"
    text = "، ".join([clause] * 6) + "."
    spans = sentence_spans(text)
    assert len(spans) > 1
    assert all(visible_length(text[s.start : s.end]) <= MAX_SEGMENT for s in spans)
    assert all(text[s.start : s.end].startswith("وقال") for s in spans)  # cut after the commas


def test_vowelled_text_is_measured_without_its_diacritics() -> None:
    assert visible_length("حَدَّثَنَا") == len("حدثنا")
    assert visible_text("\u200f.\u200f  قَالَ\n") == ". قَالَ"


@given(st.text(alphabet="ابتثجحخدذ رزسشصضطظعغفقكلمنهوي.،؟\n \u200f\u064e\u064f", max_size=1500))
def test_segments_are_exact_ordered_and_short(text: str) -> None:
    spans = sentence_spans(text)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for span in spans:
        piece = text[span.start : span.end]
        assert piece and not piece[0].isspace() and not piece[-1].isspace()
        assert visible_length(piece) <= MAX_SEGMENT
