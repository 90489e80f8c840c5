"""PDF, Word and HTML documents for real: the seed articles are turned into documents by the tests
(tests/format_samples.py: Chromium prints the PDFs, python-docx writes the DOCX), ingested into real
Chroma with the packaged embedding model, and asked a dev question through the Assistant (extractive
backend). The page a PDF citation names is checked against pypdf's own reading of each page."""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from qa.assistant import Assistant
from qa.render import render_sources
from qa.settings import Settings
from qa.ui import start
from store.arabic import base_letters, normalise_arabic
from store.documents import check_upload, load_documents, read_document
from store.errors import InputError
from store.formats import extract, page_at
from store.formats.pdf_lines import Glyph, logical_line
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SEEDS, load_dev, make_settings
from tests.format_samples import (
    article_html,
    print_pdf,
    write_docx,
    write_html,
    write_pdf,
    write_scanned_pdf,
)
from tests.helpers import free_port, run_qa

# Gradio's queue calls pandas in a way pandas 3 deprecates: not ours to fix (as in test_ui.py).
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")

ARTICLES = ("000_786f06b0012ed668", "003_08a461d4136db840")
QUESTION_ID = "dev-20"  # its evidence is in the second article, past the first PDF page
FORMATS = (".pdf", ".docx", ".html")
TIMEOUT_MS = 240_000  # 2 shared cores: upload, extraction and embedding in the browser test


def write_document(text: str, suffix: str, target: Path) -> Path:
    title = " ".join(text.split()[:6])
    if suffix == ".pdf":
        return write_pdf(text, title, target)
    if suffix == ".docx":
        return write_docx(text, target)
    return write_html(text, title, target)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One folder per format holding the two articles in that format."""
    root = tmp_path_factory.mktemp("formats")
    folders = {}
    for suffix in FORMATS:
        folder = root / suffix.strip(".")
        folder.mkdir()
        for stem in ARTICLES:
            text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
            write_document(text, suffix, folder / (stem + suffix))
        folders[suffix] = folder
    return folders


def words(text: str) -> list[str]:
    """Normalised letter-only words (digits glued to words by some extractors are left out)."""
    return re.findall(r"[^\W\d_]+", normalise_arabic(base_letters(text)))


def pypdf_page_of(pdf: Path, sentence: str) -> int:
    """The one page whose text, as pypdf reads it, holds the sentence's first words (an oracle that
    shares no code with our extractor)."""
    import pypdf

    wanted = words(sentence)[:5]
    pages = [set(words(page.extract_text())) for page in pypdf.PdfReader(pdf).pages]
    found = [n for n, present in enumerate(pages, start=1) if all(w in present for w in wanted)]
    assert len(found) == 1, (wanted, found)
    return found[0]


# --- extraction -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", FORMATS)
def test_extracted_text_reads_as_the_original(documents: dict[str, Path], suffix: str) -> None:
    for stem in ARTICLES:
        original = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
        extracted = extract(suffix, (documents[suffix] / (stem + suffix)).read_bytes())
        a, b = (" ".join(normalise_arabic(t).split()) for t in (original, extracted.text))
        assert difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.98
        # paragraphs rejoined across lines and pages; furniture (headers, footers, menus) left out
        paragraphs = [line for line in original.splitlines() if line.strip()]
        assert len(extracted.text.splitlines()) == len(paragraphs)
        for furniture in ("file://", "PM", "أرشيف الأخبار", "صفحة 1", "الأكثر قراءة", "جميع الحقوق"):
            assert furniture not in extracted.text
        assert (extracted.pages is not None) == (suffix == ".pdf")
    if suffix == ".pdf":
        pages = extract(suffix, (documents[suffix] / (ARTICLES[1] + suffix)).read_bytes()).pages
        assert pages is not None and [span.page for span in pages] == list(range(1, len(pages) + 1))
        assert len(pages) >= 3


PRESENTATION = {"ق": "ﻗ", "ل": "ﻝ", "ا": "ﺎ", "ن": "ﻧ", "ص": "ﺺ", "م": "ﻣ"}
MIRROR = {"(": ")", ")": "("}


def drawn_left_to_right(tokens: list[tuple[str, str]]) -> str:
    """How a right-to-left line is drawn (as Chromium does it), from its logical runs: runs right to left,
    Arabic words and neutrals right to left (letters in presentation forms, brackets as their mirror),
    Latin phrases and numbers left to right."""
    drawn = []
    for kind, text in reversed(tokens):
        if kind == "R":
            drawn.append("".join(PRESENTATION.get(c, c) for c in reversed(text)))
        else:
            drawn.append("".join(MIRROR.get(c, c) for c in reversed(text)) if kind == "N" else text)
    return "".join(drawn)


def test_visual_order_glyphs_become_logical_arabic() -> None:
    tokens = [
        ("R", "قال"), ("N", " ("), ("R", "نص"), ("N", ") "), ("R", "إن"), ("N", " "), ("L", "Su 57"),
        ("N", " "), ("R", "بيعت"), ("N", " "), ("R", "ب"), ("D", "3.5"), ("N", " "), ("R", "مليار"),
        ("N", " "), ("R", "في"), ("N", " "), ("D", "2024"), ("N", "."),
    ]  # fmt: skip
    drawn = drawn_left_to_right(tokens)
    glyphs = [Glyph(char, 6.0 * i, 6.0 * i + 5, 100.0, 12.0) for i, char in enumerate(drawn)]
    line = logical_line(glyphs)
    assert line is not None and line.rtl
    assert line.text == "".join(text for _, text in tokens)
    # a lam-alef ligature comes as a zero-width alef and a lam; a mark is drawn just before its letter
    ligature = [Glyph("ا", 10, 10, 50, 12), Glyph("ل", 10, 18, 50, 12), Glyph("ﻓ", 18, 24, 50, 12)]
    assert logical_line(ligature).text == "فلا"  # type: ignore[union-attr]
    marked = [Glyph("\u0650", 3, 3, 53, 12), Glyph("ﺏ", 0, 6, 50, 12), Glyph("ﻣ", 6, 12, 50, 12)]
    assert logical_line(marked).text == "مب\u0650"  # type: ignore[union-attr]


def test_page_at_maps_offsets_to_pages() -> None:
    from store.formats import PageSpan

    spans = (PageSpan(0, 10, 1), PageSpan(11, 20, 2))
    assert [page_at(spans, offset) for offset in (0, 9, 10, 11, 19, 25)] == [1, 1, 1, 2, 2, 2]
    assert page_at(None, 3) is None


# --- ingest and answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", FORMATS)
def test_documents_answer_with_a_page_numbered_citation(
    documents: dict[str, Path], suffix: str, tmp_path: Path
) -> None:
    row = next(r for r in load_dev() if r["id"] == QUESTION_ID)
    settings = make_settings(tmp_path / "data", backend="extractive", corpus_dir=documents[suffix])
    assistant = Assistant(settings)
    try:
        summary = assistant.index.ingest(documents[suffix])
        assert summary.added == 2 and not summary.warnings
        answer = assistant.ask(row["question"])
    finally:
        assistant.close()
        assistant.index.close()
    assert not answer.refused and any(a in answer.answer for a in row["answers"]), answer.answer
    cited = answer.citations[0]
    assert cited.file == ARTICLES[1] + suffix
    if suffix != ".pdf":
        assert cited.page is None
        return
    expected = pypdf_page_of(documents[suffix] / cited.file, cited.text)
    assert cited.page == expected and expected >= 2
    assert f"{cited.file}, p. {expected}:" in render_sources(answer)
    assert answer.model_dump(mode="json")["citations"][0]["page"] == expected


def test_unreadable_files_warn_and_the_folder_goes_on(documents: dict[str, Path], tmp_path: Path) -> None:
    """A scanned PDF, a password-protected PDF and damaged PDF/DOCX files: one warning each, naming the
    file and why; the readable document is indexed; the exit code says success."""
    import pypdf

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "note.txt").write_text("أعلنت البلدية افتتاح حديقة جديدة يوم الخميس.\n", encoding="utf-8")
    write_scanned_pdf(folder / "scan.pdf")
    writer = pypdf.PdfWriter(clone_from=documents[".pdf"] / f"{ARTICLES[0]}.pdf")
    writer.encrypt("secret", algorithm="AES-128")
    writer.write(folder / "locked.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run_qa("ingest", str(folder), "--json", data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    reasons = {
        "scan.pdf": "scanned: its pages are images with no text layer",
        "locked.pdf": "is password-protected",
        "broken.pdf": "is damaged or not a PDF",
        "broken.docx": "is damaged or not a Word .docx file",
    }
    for name, reason in reasons.items():
        assert sum(name in line and reason in line for line in warnings) == 1, (name, warnings)
    assert len([w for w in warnings if "skipped" in w]) == len(reasons)
    assert '"added": 1' in result.stdout and "Traceback" not in result.stderr


def test_original_file_hash_drives_incremental_ingest(documents: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    pdf = folder / "note.pdf"
    text = "أعلنت البلدية افتتاح حديقة جديدة يوم الخميس.\nوحضر الافتتاح عدد من السكان.\n"
    print_pdf(article_html(text, "خبر"), pdf, furniture=False)  # one page: no header to repeat
    settings = make_settings(tmp_path / "data")
    from qa.open_index import open_index

    index = open_index(settings)
    try:
        assert index.ingest(folder).added == 1
        assert index.ingest(folder).skipped == 1  # same bytes: not extracted, not embedded again
        pdf.write_bytes(pdf.read_bytes() + b"\n% saved again\n")  # new bytes, same text
        summary = index.ingest(folder)
        assert summary.updated == 1 and summary.skipped == 0
        text = index.file_text("note.pdf") or ""
        assert text.startswith("أعلنت البلدية") and index.page_of("note.pdf", len(text) - 1) == 1
    finally:
        index.close()


def test_upload_check_accepts_documents_and_refuses_unreadable_ones(
    documents: dict[str, Path], tmp_path: Path
) -> None:
    for suffix in FORMATS:
        path = documents[suffix] / (ARTICLES[0] + suffix)
        assert check_upload(path, limit_mb=5) == (path.name, path.read_bytes())
    scan = write_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputError, match="scan.pdf is scanned"):
        check_upload(scan, limit_mb=5)
    broken = tmp_path / "page.docx"
    broken.write_bytes(b"\x00\x01")
    with pytest.raises(InputError, match="page.docx is damaged"):
        check_upload(broken, limit_mb=5)
    loaded, warnings = load_documents(documents[".pdf"])
    assert [d.name for d in loaded] == [a + ".pdf" for a in ARTICLES] and not warnings
    doc = read_document(documents[".pdf"] / f"{ARTICLES[0]}.pdf", "a.pdf")
    assert doc.pages and page_at(doc.pages, len(doc.text) - 1) == doc.pages[-1].page


# --- the browser ------------------------------------------------------------------------------------------


@pytest.fixture()
def ui_server(documents: dict[str, Path], tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / f"{ARTICLES[0]}.txt", corpus)
    settings = make_settings(
        tmp_path / "data", backend="extractive", corpus_dir=corpus, top_k=3, ui_port=free_port(),
        ui_max_upload_mb=5,
    )  # fmt: skip
    app, ui, url = start(settings)
    try:
        yield url, settings
    finally:
        app.close()
        ui.assistant.close()


@pytest.mark.browser
def test_ui_accepts_a_pdf_upload_and_cites_its_page(
    ui_server: tuple[str, Settings], documents: dict[str, Path]
) -> None:
    url, settings = ui_server
    pdf = documents[".pdf"] / f"{ARTICLES[1]}.pdf"
    row = next(r for r in load_dev() if r["id"] == QUESTION_ID)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(url, wait_until="load")
            page.locator("#qa-upload input[type=file]").set_input_files(str(pdf))
            page.wait_for_function(  # indexed, or an error line
                "/indexed|⚠/.test(document.querySelector('#qa-upload-status')?.innerText || '')",
                timeout=TIMEOUT_MS,
            )
            status = page.locator("#qa-upload-status").inner_text()
            assert f"{pdf.name}: indexed" in status, status
            assert pdf.name in page.locator("#qa-corpus").inner_text()
            assert (settings.data_dir / "uploads" / pdf.name).read_bytes() == pdf.read_bytes()
            box = page.locator("#qa-input textarea")
            box.fill(row["question"])
            box.press("Enter")
            done = page.locator("#qa-chat .qa-answer:not(.qa-streaming)")
            done.first.wait_for(timeout=TIMEOUT_MS)
            answer = done.first
            assert any(a in answer.inner_text() for a in row["answers"]), answer.inner_text()
            labels = answer.locator(".qa-file").all_inner_texts()
            cited = next(label for label in labels if label.startswith(f"uploads/{pdf.name}"))
            quote = answer.locator(".qa-cite").first.locator("mark").first.text_content() or ""
            assert cited == f"uploads/{pdf.name}, p. {pypdf_page_of(pdf, quote)}"
        finally:
            browser.close()
