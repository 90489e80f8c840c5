"""The chat HTML (qa.ui.chat_html): escaping, directions, citation markers and the sources panel."""

from __future__ import annotations

import html
from pathlib import Path

from qa.errors import BackendError
from qa.records import Answer, Citation, Passage
from qa.ui.chat_html import (
    answer_html,
    bubble,
    corpus_html,
    error_html,
    marked,
    paragraphs,
    pending_html,
    rewrite_note,
    status_html,
    user_html,
)
from store.manifest import FileRecord


def _answer(text: str, verified: bool = True, refused: bool = False) -> Answer:
    doc = "قبل. <b>جملة</b> الدعم هنا. بعد."
    passage = Passage(
        file="a<b>.txt", start=0, end=len(doc), text=doc, score=1.0, sentence_start=5, sentence_end=27
    )
    cite = Citation(n=1, file="a<b>.txt", start=5, end=27, text=doc[5:27], verified=verified)
    return Answer(
        question="سؤال؟", answer=text, language="ar", refused=refused, backend="local",
        citations=[] if refused else [cite], passages=[passage],
    )  # fmt: skip


def test_answer_html_escapes_marks_and_flags() -> None:
    bad = _answer("الجواب من المصادر المتاحة <script>x</script> [1]", verified=False)
    page = answer_html(bad, lambda name: "قبل. " * 3, "سؤال؟")
    assert "<script>" not in page and html.escape("<script>") in page
    assert "<b>" not in page and "a&lt;b&gt;.txt" in page
    assert "<mark>&lt;b&gt;جملة&lt;/b&gt; الدعم هنا.</mark>" in page
    assert 'class="qa-cite qa-unverified"' in page and "qa-ref qa-ref-bad" in page
    assert page.startswith('<div class="qa-msg qa-answer" dir="rtl"') and "\n" not in page
    refusal = answer_html(_answer("لا تتضمن المصادر إجابة.", refused=True), lambda name: None, "سؤال؟")
    assert "qa-refusal" in refusal and "qa-sources" not in refusal and "qa-badge" not in refusal
    withheld = _answer("لا تتضمن المصادر إجابة.", refused=True).model_copy(
        update={"refusal_reason": "unsourced_figures"}
    )
    assert "أرقاما لا ترد في أي مقطع" in answer_html(withheld, lambda name: None, "سؤال؟")


def test_paragraphs_take_their_own_direction_and_style_markers() -> None:
    text = "The sources say:\nزار بوتين بيونغيانغ عام 2000 [1] [2, 3]."
    out = paragraphs(text, unverified={3})
    assert out.startswith('<p dir="ltr" lang="en">The sources say:</p><p dir="rtl" lang="ar">')
    assert '<span class="qa-ref">[1]</span>' in out
    assert '<span class="qa-ref qa-ref-bad">[2, 3]</span>' in out  # one unverified number flags the marker
    assert bubble("<p>x</p>", "سؤال\n").startswith('<div class="qa-msg" dir="rtl" lang="ar">')
    assert (
        user_html("When?") == '<div class="qa-msg" dir="ltr" lang="en"><p dir="ltr" lang="en">When?</p></div>'
    )


def test_marked_escapes_and_clamps_the_span() -> None:
    assert marked("a<b>c", 10, 11, 14) == "a<mark>&lt;b&gt;</mark>c"
    assert marked("abc", 10, 0, 5) == "abc"  # span outside the text: nothing marked
    assert marked("abc", 10, 12, 99) == "ab<mark>c</mark>"


def test_pending_error_and_rewrite_note() -> None:
    assert "جارٍ البحث" in pending_html("", "ar") and "qa-streaming" in pending_html("", "ar")
    assert "Reading 3 passages" in pending_html("", "en", "reading", 3)
    assert "▍" in pending_html("Putin [1", "en")  # partial text while streaming
    error = error_html(BackendError("endpoint <down>", "start it"), "en")
    assert "qa-error" in error and "endpoint &lt;down&gt; — start it" in error
    assert "unexpected error: boom" in error_html(RuntimeError("boom"), "ar")
    assert rewrite_note("and  who?", "and who?", "en") == ""
    note = rewrite_note("ومن؟", "من رافق بوتين؟", "ar")
    assert "بُحث عنه بصيغة" in note and '<bdi dir="rtl" lang="ar">' in note


def test_corpus_and_status_lists_escape_names(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    records = [
        FileRecord(name="<x>.txt", root=str(uploads.resolve()), sha256="0", n_chunks=2, ingested_at=0.0),
        FileRecord(name="seed.txt", root="/seeds", sha256="1", n_chunks=5, ingested_at=0.0),
    ]
    corpus = corpus_html(records, uploads)
    assert "<b>2 documents indexed</b>" in corpus and "&lt;x&gt;.txt</bdi> — 2 chunks (uploaded)" in corpus
    assert "seed.txt</bdi> — 5 chunks</li>" in corpus
    assert corpus_html([], uploads) == '<p class="qa-corpus">The index is empty.</p>'
    status = status_html(["a.txt: indexed"], ["<b>.pdf: only .txt"])
    assert "<li>a.txt: indexed</li>" in status and 'qa-status-error">⚠ &lt;b&gt;.pdf' in status


def test_an_english_answer_with_arabic_beside_its_names_reads_left_to_right() -> None:
    """A grounded English answer shows the Arabic original beside a name; the Arabic may be longer than the
    English, and the bubble must still be left to right (the answer's language, not the letter count)."""
    answer = Answer(
        question="Which ministers accompanied him?",
        answer="Sergei Lavrov (وزير الخارجية سيرجي لافروف والدفاع أندريه بيلوسوف) [1]",
        language="en",
        refused=False,
        citations=[],
        passages=[],
        backend="extractive",
        mode="grounded",
    )
    rendered = answer_html(answer, lambda name: None, answer.question)
    assert "Quoted from the Arabic sources" not in rendered  # a grounded reply is English already
    assert rendered.startswith('<div class="qa-msg qa-answer" dir="ltr"')
    assert '<p dir="ltr" lang="en">Sergei Lavrov' in rendered
    assert 'dir="rtl"' in paragraphs("وزير الخارجية سيرجي لافروف", answer_lang="en")  # Arabic alone stays rtl
