"""Sentence-aware chunking with character offsets into the original file text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from store.identity import label_of, relative_path

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
        """Stable id: the same text at the same place of the same document gets the same id.

        `file` is the document's identity (source/path, store.identity). The id is the digest of the path,
        offset and text (the id a chunk had when documents were keyed by their path alone) followed by a
        short digest of the source: ids of two sources holding the same file differ, and ids still sort,
        so break ties between equally scored chunks, exactly as before."""
        path = relative_path(self.file)
        digest = hashlib.sha1(f"{path}\x00{self.start}\x00{self.text}".encode()).hexdigest()
        return digest[:24] + hashlib.sha1(label_of(self.file).encode()).hexdigest()[:8]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of `text[start:end]` as spans into `text`, whitespace trimmed."""
    return list(iter_sentence_spans(text, start, end))


def iter_sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """`sentence_spans` one at a time (a huge file's sentences are never all held at once)."""
    end = len(text) if end is None else end
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        span = _trimmed(text, cursor, match.end())
        if span:
            yield span
        cursor = match.end()
    tail = _trimmed(text, cursor, end)
    if tail:
        yield tail


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


def chunk_document(
    file: str, text: str, size: int = 500, overlap: int = 1, min_chars: int = 0
) -> list[Chunk]:
    """Pack whole sentences into chunks of about `size` characters; neighbours share `overlap` sentences.
    A chunk shorter than `min_chars` (a heading, the tail of a split sentence) takes the next sentence even
    past `size`: a fragment of a few words embeds close to any question sharing one of them (measured: the
    heading "كتاب السلم" alone was the best passage for "Who wrote War and Peace?")."""
    return list(iter_chunks(file, text, size, overlap, min_chars))


def iter_chunks(
    file: str, text: str, size: int = 500, overlap: int = 1, min_chars: int = 0
) -> Iterator[Chunk]:
    """`chunk_document` one chunk at a time (ingest streams big files through it in batches). Sentences are
    read as they are needed and dropped once no later chunk can start at them: memory holds the text and
    one chunk's sentences, never all the sentences of a huge file."""
    pieces = (piece for s in iter_sentence_spans(text) for piece in _split_long(text, s, size))
    window: list[Span] = []  # the sentences from the next chunk's first one on

    def have(n: int) -> bool:
        """Whether the window holds `n` sentences (reading more as needed)."""
        while len(window) < n:
            piece = next(pieces, None)
            if piece is None:
                return False
            window.append(piece)
        return True

    index = 0
    while have(1):
        last = 0
        while have(last + 2) and (
            window[last + 1].end - window[0].start <= size or window[last].end - window[0].start < min_chars
        ):
            last += 1
        tail = window[last + 1] if have(last + 2) and not have(last + 3) else None
        if tail is not None and tail.end - tail.start < min_chars:
            last += 1  # the document's last fragment joins this chunk rather than stand alone
        start, end = window[0].start, window[last].end
        yield Chunk(file, index, start, end, text[start:end])
        index += 1
        if not have(last + 2):
            break
        del window[: max(1, last + 1 - overlap)]
