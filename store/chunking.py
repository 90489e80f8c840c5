"""Sentence-aware chunking with character offsets into the original file text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

# A sentence ends after . ؟ ? ! ؛ ; (plus closing quotes/brackets) or at a line break.
# A dot between digits (2.5) or after a single Latin capital (U.S.) is not an end.
_SENTENCE_END = re.compile(r"(?<!\d\.\d)(?:(?<![A-Z]\.)[.؟?!؛;…]+[\"'”’»)\]]*(?=\s|$)|\n+)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A passage of a file: `file_text[start:end] == text`."""

    file: str
    index: int
    start: int
    end: int
    text: str

    @property
    def chunk_id(self) -> str:
        """Stable id: the same text at the same place of the same file gets the same id."""
        digest = hashlib.sha1(f"{self.file}\x00{self.start}\x00{self.text}".encode()).hexdigest()
        return digest[:24]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of `text[start:end]` as spans into `text`, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        span = _trimmed(text, cursor, match.end())
        if span:
            spans.append(span)
        cursor = match.end()
    tail = _trimmed(text, cursor, end)
    if tail:
        spans.append(tail)
    return spans


def _split_long(text: str, span: Span, limit: int) -> list[Span]:
    """Break a sentence longer than `limit` at whitespace so no chunk grows without bound."""
    pieces: list[Span] = []
    start = span.start
    while span.end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        piece = _trimmed(text, start, cut)
        if piece:
            pieces.append(piece)
        start = cut
    last = _trimmed(text, start, span.end)
    return pieces + ([last] if last else [])


def chunk_document(file: str, text: str, size: int = 500, overlap: int = 1) -> list[Chunk]:
    """Pack whole sentences into chunks of about `size` characters; neighbours share `overlap` sentences."""
    return list(iter_chunks(file, text, size, overlap))


def iter_chunks(file: str, text: str, size: int = 500, overlap: int = 1) -> Iterator[Chunk]:
    """`chunk_document` one chunk at a time (ingest streams big files through it in batches)."""
    sentences = [piece for s in sentence_spans(text) for piece in _split_long(text, s, size)]
    index = 0
    first = 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1].end - sentences[first].start <= size:
            last += 1
        start, end = sentences[first].start, sentences[last].end
        yield Chunk(file, index, start, end, text[start:end])
        index += 1
        if last + 1 >= len(sentences):
            break
        first = max(first + 1, last + 1 - overlap)
