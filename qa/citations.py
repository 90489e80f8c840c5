"""Citation checking after generation: parse [n] markers, drop the ones pointing nowhere, check that each
cited sentence is supported by its passage, and resolve every citation to the supporting sentence's span."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from qa.records import Citation, Passage
from store.arabic import lexical_tokens
from store.chunking import Span, sentence_spans

_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,،]\s*\d+)*)\s*\]")
_SPACES = re.compile(r"[ \t]{2,}")

# Calibrated on dev.jsonl (see docs/calibration.md): a sentence is supported when its embedding is this
# close to a sentence of the cited passage, or when this share of its terms occurs in the passage.
SUPPORT_COSINE = 0.86
SUPPORT_OVERLAP = 0.5

# (sentence spans of the passage, their unit vectors) for each passage, 1-based like the markers
SentenceVectors = list[tuple[list[Span], np.ndarray]]
EmbedFn = Callable[[list[str]], np.ndarray]


@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    unsupported_sentences: list[str] = field(default_factory=list)
    invalid_markers: list[int] = field(default_factory=list)


def parse_markers(text: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*[,،]\s*", group)]


def drop_invalid_markers(text: str, valid: range) -> tuple[str, list[int]]:
    """Remove marker numbers outside `valid` (the passage numbers); return the cleaned text and the removed."""
    removed: list[int] = []

    def keep(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.split(r"\s*[,،]\s*", match.group(1))]
        removed.extend(n for n in numbers if n not in valid)
        good = [n for n in numbers if n in valid]
        return "".join(f"[{n}]" for n in good)

    cleaned = _MARKER.sub(keep, text)
    return _SPACES.sub(" ", cleaned).strip(), removed


def claim_sentences(text: str) -> list[str]:
    """Sentences of the answer; a marker written after the full stop ("… 2017. [1]") joins its sentence."""
    sentences: list[str] = []
    for span in sentence_spans(text):
        piece = text[span.start : span.end]
        if sentences and not _MARKER.sub("", piece).strip(" .،,؛"):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def _term_overlap(sentence: str, passage: str) -> float:
    terms = set(lexical_tokens(sentence, ngrams=False))
    if not terms:
        return 0.0
    return len(terms & set(lexical_tokens(passage, ngrams=False))) / len(terms)


def check_citations(answer: str, passages: list[Passage], vectors: SentenceVectors, embed: EmbedFn) -> CheckedAnswer:
    """Verify every marked sentence of `answer` against the passages it cites."""
    text, invalid = drop_invalid_markers(answer, range(1, len(passages) + 1))
    claims = [(sentence, parse_markers(sentence)) for sentence in claim_sentences(text)]
    claims = [(sentence, ns) for sentence, ns in claims if ns]
    plain = [_MARKER.sub("", sentence).strip() for sentence, _ in claims]
    claim_vecs = embed(plain) if plain else np.zeros((0, 1), dtype=np.float32)
    best: dict[int, tuple[float, Span]] = {}
    supported: dict[int, bool] = {}
    unsupported: list[str] = []
    for (sentence, numbers), claim, vec in zip(claims, plain, claim_vecs):
        ok_any = False
        for n in dict.fromkeys(numbers):
            spans, matrix = vectors[n - 1]
            sims = matrix @ vec if len(spans) else np.zeros(0)
            top = int(np.argmax(sims)) if len(spans) else -1
            cosine = float(sims[top]) if top >= 0 else 0.0
            ok = cosine >= SUPPORT_COSINE or _term_overlap(claim, passages[n - 1].text) >= SUPPORT_OVERLAP
            supported[n] = supported.get(n, True) and ok
            ok_any = ok_any or ok
            if top >= 0 and cosine > best.get(n, (-2.0, None))[0]:
                best[n] = (cosine, spans[top])
        if not ok_any:
            unsupported.append(claim)
    citations = [_citation(n, passages[n - 1], best.get(n), supported[n]) for n in sorted(supported)]
    return CheckedAnswer(text, citations, unsupported, invalid)


def _citation(n: int, passage: Passage, best: tuple[float, Span] | None, verified: bool) -> Citation:
    """Resolve [n] to the sentence of passage n that best supports the answer (else its best query match)."""
    start, end = (best[1].start, best[1].end) if best else (passage.sentence_start, passage.sentence_end)
    text = passage.text[start - passage.start : end - passage.start]
    return Citation(n=n, file=passage.file, start=start, end=end, text=text, verified=verified)
