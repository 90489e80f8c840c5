"""PDF → Extracted, with pdfminer.six (MIT, pure Python): it hands over every glyph with its position and
Unicode text in drawing order, without reordering anything, which is what rebuilding Arabic reading order
needs (store.formats.pdf_lines); layout is then ours (store.formats.pdf_layout).

Chosen by measurement against PyMuPDF and pypdf (scripts/bench_formats.py, README): all three hand over
Chromium's Arabic in an order nobody can read, so the geometry pass is needed whichever library reads the
glyphs. PyMuPDF reads faster but is AGPL and brings ~200 MB of dependencies.

Files that cannot be read raise InputError with the reason (password, damaged file, no text layer).
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Iterator

from store.errors import InputError
from store.formats import pdf_limits
from store.formats.pdf_layout import PageLines, assemble, drop_furniture
from store.formats.pdf_lines import Glyph, group_lines, logical_line
from store.formats.records import Extracted

UNMAPPED_SHARE = 0.5  # more than this share of glyphs without Unicode text: the text layer is unusable
OCR_HINT = "run OCR on it first (for example ocrmypdf) and add the result"


def _printable(text: str) -> bool:
    """False for glyphs whose text is only control or format characters (a NUL some producers give a
    mark they cannot name, a bidi mark): they carry nothing to read and would break words."""
    return any(unicodedata.category(char)[0] != "C" for char in text)


def _glyphs(layout: object, top: float, found: list[Glyph], counts: list[int]) -> None:
    """Glyphs of a page (nested figures included) in drawing order; counts = [unmapped, images]."""
    from pdfminer.layout import LTChar, LTContainer, LTImage

    for item in layout:  # type: ignore[attr-defined]
        if isinstance(item, LTChar):
            text = item.get_text()
            if text.startswith("(cid:"):
                counts[0] += 1
            elif item.upright and _printable(text):
                found.append(Glyph(text, item.x0, item.x1, top - item.matrix[5], item.size))
        elif isinstance(item, LTImage):
            counts[1] += 1
        elif isinstance(item, LTContainer):
            _glyphs(item, top, found, counts)


def _open(data: bytes) -> Iterator[object]:
    """The pages of the PDF as pdfminer layouts (characters only, no layout analysis)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        pages = sum(1 for _ in PDFPage.create_pages(document))  # the page tree only, nothing decoded
    except PDFPasswordIncorrect as exc:
        raise InputError("is password-protected", "save an unprotected copy and add that") from exc
    except InputError:
        raise
    except Exception as exc:  # pdfminer's syntax, EOF and decryption errors have no common base
        raise InputError(f"is damaged or not a PDF ({type(exc).__name__})", "open and re-save it") from exc
    if pages > pdf_limits.MAX_PAGES:
        raise InputError(f"has {pages} pages, more than {pdf_limits.MAX_PAGES}", "split it into parts")
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        yield device.get_result()


def _read_pages(data: bytes) -> tuple[list[PageLines], list[int], int, int]:
    """(pages, numbers of pages with images but no text, glyphs read, glyphs without Unicode)."""
    pages: list[PageLines] = []
    imaged: list[int] = []
    n_glyphs = n_unmapped = 0
    try:
        for number, layout in enumerate(_open(data), start=1):
            glyphs: list[Glyph] = []
            counts = [0, 0]
            top = layout.y1  # type: ignore[attr-defined]
            _glyphs(layout, top, glyphs, counts)
            n_glyphs += len(glyphs)
            n_unmapped += counts[0]
            lines = [line for group in group_lines(glyphs) if (line := logical_line(group))]
            if not lines and counts[1]:
                imaged.append(number)
            pages.append(PageLines(number, lines, layout.height))  # type: ignore[attr-defined]
    except InputError:
        raise
    except Exception as exc:  # a damaged page stream: what was read before it is not enough to trust
        raise InputError(f"is damaged ({type(exc).__name__}: {exc})", "open and re-save it") from exc
    return pages, imaged, n_glyphs, n_unmapped


def extract_pdf(data: bytes) -> Extracted:
    """The PDF's text in reading order with its page spans; InputError when there is no usable text."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are about PDF syntax niceties
    pdf_limits.install()
    with pdf_limits.budget():  # pages and decoded streams bounded (decompression bombs)
        pages, imaged, n_glyphs, n_unmapped = _read_pages(data)
    if n_unmapped > UNMAPPED_SHARE * max(n_glyphs + n_unmapped, 1):
        raise InputError("has fonts without Unicode text, so its text cannot be read", OCR_HINT)
    drop_furniture(pages)
    text, spans = assemble(pages)
    if not text.strip():
        reason = "is scanned: its pages are images with no text layer" if imaged else "holds no text"
        raise InputError(reason, OCR_HINT if imaged else "")
    warnings = []
    if imaged:
        listed = ", ".join(str(n) for n in imaged[:10]) + (" …" if len(imaged) > 10 else "")
        warnings.append(f"page(s) {listed} are images with no text layer (scanned?): not indexed")
    return Extracted(text, spans, tuple(warnings))
