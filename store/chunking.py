"""Segment-aware chunking with character offsets into the original file text.

Chunks are packed from whole segments (store.segment: sentences, and clauses of long sentences), and each
chunk carries its segments, so the segments stored for a chunk are exactly those the chunker used."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from store.identity import label_of, relative_path
from store.segment import MAX_SEGMENT, Span, clause_cuts, iter_sentence_spans, sentence_spans, visible_length

__all__ = ["Chunk", "Span", "chunk_document", "iter_chunks", "sentence_spans"]


@dataclass(frozen=True)
class Chunk:
    """A passage of a file: `file_text[start:end] == text`."""

    file: str
    index: int
    start: int
    end: int
    text: str
    # the chunk's segments (spans into the file text), as the chunker cut them; not part of the id
    segments: tuple[Span, ...] = field(default=(), compare=False)

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


def chunk_document(
    file: str, text: str, size: int = 500, overlap: int = 1, min_chars: int = 0
) -> list[Chunk]:
    """Pack whole segments into chunks of about `size` visible letters (diacritics do not count); neighbours
    share `overlap` segments. A chunk shorter than `min_chars` (a heading, the tail of a split sentence) takes
    the next segment even
    past `size`: a fragment of a few words embeds close to any question sharing one of them (measured: the
    heading "كتاب السلم" alone was the best passage for "Who wrote War and Peace?")."""
    return list(iter_chunks(file, text, size, overlap, min_chars))


def iter_chunks(
    file: str, text: str, size: int = 500, overlap: int = 1, min_chars: int = 0
) -> Iterator[Chunk]:
    """`chunk_document` one chunk at a time (ingest streams big files through it in batches). Sentences are
    read as they are needed and dropped once no later chunk can start at them: memory holds the text and
    one chunk's sentences, never all the sentences of a huge file."""
    limit = min(size, MAX_SEGMENT)
    pieces = (piece for s in iter_sentence_spans(text) for piece in clause_cuts(text, s, limit))
    window: list[Span] = []  # the segments from the next chunk's first one on

    def length(first: int, last: int) -> int:
        """Visible letters from segment `first` to the end of segment `last` (diacritics do not count)."""
        return visible_length(text[window[first].start : window[last].end])

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
        while have(last + 2) and (length(0, last + 1) <= size or length(0, last) < min_chars):
            last += 1
        if have(last + 2) and not have(last + 3) and length(last + 1, last + 1) < min_chars:
            last += 1  # the document's last fragment joins this chunk rather than stand alone
        start, end = window[0].start, window[last].end
        yield Chunk(file, index, start, end, text[start:end], tuple(window[: last + 1]))
        index += 1
        if not have(last + 2):
            break
        del window[: max(1, last + 1 - overlap)]
