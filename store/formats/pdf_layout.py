"""PDF lines → the document's text: page furniture dropped, paragraphs rejoined, page spans recorded.

- Furniture: lines near the top or bottom of a page that repeat (digits aside) on at least half of the
  pages are running headers/footers; a line there that is only a page number ("3", "- 3 -", "3/12",
  "صفحة 3", "Page 3 of 12") is dropped even on a single page.
- Paragraphs: a line continues the paragraph above unless the vertical gap is clearly wider than the
  document's line pitch (the gap between lines of one paragraph: the narrow end of all gaps, since in a
  text of one-line paragraphs most gaps are paragraph gaps), or the line above ends short of the margin
  with a sentence end. A paragraph that runs off the bottom of a page continues on the next one (unless
  the last line closed a sentence short of the margin). Lines of a paragraph are joined with a space,
  paragraphs with a newline.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from store.formats.pdf_lines import Line
from store.formats.records import PageSpan

EDGE_ZONE = 0.12  # the top and bottom 12 % of a page hold running headers and footers
EDGE_LINES = 3  # at most this many lines at each edge are candidates
PARAGRAPH_SPACE = 0.4  # a vertical gap this many font sizes wider than the line pitch starts a paragraph
SHORT_LINE = 2.0  # a line ending this many font sizes short of the margin is a paragraph's last line
_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+")
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|.·•()\[\]]*(?:(?:page|p\.|صفحة|الصفحة|ص)\s*)?#(?:\s*(?:/|of|من|sur)\s*#)?[\s\-–—|.·•()\[\]]*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?؟:…»”\"')\]]$")


@dataclass
class PageLines:
    """The lines of one page (top to bottom), its number (1-based) and height."""

    number: int
    lines: list[Line]
    height: float


def _signature(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text).split()).casefold()


def _edge_lines(page: PageLines) -> list[int]:
    """Indexes of the lines that may be furniture: the first/last few, inside the edge zones."""
    top = [i for i in range(min(EDGE_LINES, len(page.lines))) if page.lines[i].y <= EDGE_ZONE * page.height]
    start = max(len(page.lines) - EDGE_LINES, 0)
    bottom = [i for i in range(start, len(page.lines)) if page.lines[i].y >= (1 - EDGE_ZONE) * page.height]
    return sorted(set(top + bottom))


def drop_furniture(pages: list[PageLines]) -> int:
    """Remove running headers/footers and page numbers in place; returns how many lines were dropped."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_signature(page.lines[i].text) for i in _edge_lines(page)})
    repeated = max(2, (len(pages) + 1) // 2)
    dropped = 0
    for page in pages:
        edges = set(_edge_lines(page))
        keep = []
        for i, line in enumerate(page.lines):
            signature = _signature(line.text)
            if i in edges and (counts[signature] >= repeated or _PAGE_NUMBER.match(signature)):
                dropped += 1
                continue
            keep.append(line)
        page.lines = keep
    return dropped


@dataclass(frozen=True)
class _Margins:
    left: float
    right: float
    pitch: float


def _margins(pages: list[PageLines]) -> _Margins:
    lines = [line for page in pages for line in page.lines]
    lefts = sorted(line.x0 for line in lines)
    rights = sorted(line.x1 for line in lines)
    gaps = [
        b.y - a.y
        for page in pages
        for a, b in zip(page.lines, page.lines[1:])
        if 0 < b.y - a.y < 3 * max(a.size, 1.0)
    ]
    gaps.sort()
    pitch = gaps[len(gaps) // 10] if gaps else 1.2 * statistics.median(line.size for line in lines)
    return _Margins(lefts[len(lefts) // 20], rights[-1 - len(rights) // 20], pitch)


def _closes_paragraph(line: Line, margins: _Margins) -> bool:
    """The line ends a sentence and stops short of the margin where lines of its direction end."""
    short = line.x0 - margins.left if line.rtl else margins.right - line.x1
    return short > SHORT_LINE * line.size and bool(_SENTENCE_END.search(line.text))


def _paragraphs(page: PageLines, margins: _Margins) -> list[str]:
    paragraphs: list[list[str]] = []
    previous: Line | None = None
    for line in page.lines:
        wide_gap = previous is not None and line.y - previous.y > margins.pitch + PARAGRAPH_SPACE * line.size
        if previous is None or wide_gap or _closes_paragraph(previous, margins):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        previous = line
    return [" ".join(lines) for lines in paragraphs]


def assemble(pages: list[PageLines]) -> tuple[str, tuple[PageSpan, ...]]:
    """The document text (paragraphs on their own lines, rejoined across pages) and its page spans."""
    inked = [page for page in pages if page.lines]
    if not inked:
        return "", ()
    margins = _margins(inked)
    text = ""
    spans: list[PageSpan] = []
    last_line: Line | None = None
    for page in inked:
        start = None
        for i, paragraph in enumerate(_paragraphs(page, margins)):
            continues = i == 0 and last_line is not None and not _closes_paragraph(last_line, margins)
            separator = "" if not text else " " if continues else "\n"
            text += separator
            start = len(text) if start is None else start
            text += paragraph
        spans.append(PageSpan(start or 0, len(text), page.number))
        last_line = page.lines[-1]
    return text, tuple(spans)
