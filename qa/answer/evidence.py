"""Candidate evidence: the segments of the retrieved passages, each once, with its neighbours as context."""

from __future__ import annotations

import numpy as np

from qa.answer.types import Segment
from qa.records import Passage
from store.arabic import normalise_arabic

# A passage's segment spans with their unit e5 vectors, as the index stores them (qa.retrieve.retriever).
SegmentRows = list[tuple[object, np.ndarray]]


def candidate_segments(passages: list[Passage], sentences: list[SegmentRows]) -> list[Segment]:
    """Every segment of the passages in rank order; a segment seen in an earlier passage (overlapping
    chunks, or the same text in two files) is kept once, at its first passage."""
    out: list[Segment] = []
    seen: set[tuple[str, int]] = set()
    seen_text: set[str] = set()
    for number, (passage, rows) in enumerate(zip(passages, sentences), start=1):
        spans = [span for span, _ in rows]
        for j, (span, vector) in enumerate(rows):
            text = passage.text[span.start - passage.start : span.end - passage.start]
            key = " ".join(normalise_arabic(text).split())
            if (passage.document, span.start) in seen or key in seen_text:
                continue
            seen.add((passage.document, span.start))
            seen_text.add(key)
            around = [spans[k] for k in (j - 1, j + 1) if 0 <= k < len(spans)]
            context = " ".join(passage.text[s.start - passage.start : s.end - passage.start] for s in around)
            out.append(
                Segment(
                    passage=number,
                    file=passage.file,
                    document=passage.document,
                    start=span.start,
                    end=span.end,
                    text=text,
                    vector=vector,
                    context=context,
                )
            )
    return out
