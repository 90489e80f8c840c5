"""What an extractor returns: the text a document is indexed (and cited) by, and where its pages are."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageSpan:
    """Characters [start, end) of the extracted text come from page `page` (1-based) of the file."""

    start: int
    end: int
    page: int


@dataclass(frozen=True)
class Extracted:
    """A document's extracted text (logical order, base letters, one paragraph a line: every citation
    offset points into it), its page spans (PDF only; None for formats without fixed pages) and what the
    extractor had to leave out or could not read (one line each, naming no file: the caller does)."""

    text: str
    pages: tuple[PageSpan, ...] | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def page_at(pages: tuple[PageSpan, ...] | list[PageSpan] | None, offset: int) -> int | None:
    """The page holding character `offset`: the span containing it, else the last span starting before
    it (a paragraph break between two pages belongs to the earlier one); None without page spans."""
    if not pages:
        return None
    starts = [span.start for span in pages]
    i = bisect_right(starts, offset) - 1
    return pages[max(i, 0)].page
