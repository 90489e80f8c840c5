"""Citation checking after generation: parse [n] markers, drop the ones pointing nowhere, check that each
cited sentence is supported by its passage, and resolve every citation to the supporting sentence's span."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from qa.records import Citation, Passage
from store.arabic import is_arabic, lexical_tokens, normalise_arabic
from store.chunking import Span, sentence_spans

_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,،]\s*\d+)*)\s*\]")
_SPACES = re.compile(r"[ \t]{2,}")
_NUMBER = re.compile(r"\d+")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\s*\d+(?:\s*[,،]\s*\d+)*\s*\])+[\s.]*")

# Calibrated on dev.jsonl (see docs/calibration.md): a sentence is supported when its embedding is this
# close to a sentence of the cited passage, or when this share of its terms occurs in the passage.
SUPPORT_COSINE = 0.86
SUPPORT_OVERLAP = 0.5

# (sentence spans of the passage, their unit vectors) for each passage, 1-based like the markers
SentenceVectors = list[tuple[list[Span], np.ndarray]]
EmbedFn = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Support:
    ok: bool
    cosine: float
    span: Span | None


@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    unsupported_sentences: list[str] = field(default_factory=list)
    invalid_markers: list[int] = field(default_factory=list)


def parse_markers(text: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*[,،]\s*", group)]


def drop_invalid_markers(text: str, valid: range) -> tuple[str, list[int]]:
    """Remove marker numbers outside `valid` (the passage numbers); return the cleaned text, the removed."""
    removed: list[int] = []

    def keep(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.split(r"\s*[,،]\s*", match.group(1))]
        removed.extend(n for n in numbers if n not in valid)
        good = [n for n in numbers if n in valid]
        return "".join(f"[{n}]" for n in good)

    cleaned = _MARKER.sub(keep, text)
    return _SPACES.sub(" ", cleaned).strip(), removed


def claim_sentences(text: str) -> list[str]:
    """Sentences of the answer; markers written after the full stop ("… 2017. [1] Then …") join the
    sentence before them."""
    sentences: list[str] = []
    for span in sentence_spans(text):
        piece = text[span.start : span.end]
        lead = _LEADING_MARKERS.match(piece)
        if sentences and lead:
            sentences[-1] += " " + lead.group(0).strip()
            piece = piece[lead.end() :]
        if piece.strip(" .،,؛"):
            sentences.append(piece)
    return sentences


def _term_overlap(sentence: str, passage: str) -> float:
    terms = set(lexical_tokens(sentence, ngrams=False))
    if not terms:
        return 0.0
    return len(terms & set(lexical_tokens(passage, ngrams=False))) / len(terms)


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(normalise_arabic(text)))


def supports(
    claim: str, claim_vec: np.ndarray, passage: Passage, spans: list[Span], matrix: np.ndarray
) -> Support:
    """Does `passage` support `claim`? Every number of the claim must occur in the passage (numbers survive
    translation); then, in the passage's script, most of the claim's terms must occur in it, and across
    scripts (an English answer about Arabic text) its embedding must be close to one of its sentences."""
    sims = matrix @ claim_vec if spans else np.zeros(0)
    top = int(np.argmax(sims)) if spans else -1
    cosine = float(sims[top]) if top >= 0 else 0.0
    span = spans[top] if top >= 0 else None
    numbers = _numbers(claim)
    if not numbers <= _numbers(passage.text):
        return Support(False, cosine, span)
    if numbers and len(set(lexical_tokens(claim, ngrams=False)) - numbers) <= 2:
        return Support(True, cosine, span)  # a bare figure ("2006", "50 صاروخا") found in the passage
    if is_arabic(claim) == is_arabic(passage.text):
        return Support(_term_overlap(claim, passage.text) >= SUPPORT_OVERLAP, cosine, span)
    return Support(cosine >= SUPPORT_COSINE, cosine, span)


def check_citations(
    answer: str, passages: list[Passage], vectors: SentenceVectors, embed: EmbedFn
) -> CheckedAnswer:
    """Verify every marked sentence of `answer` against the passages it cites."""
    text, invalid = drop_invalid_markers(answer, range(1, len(passages) + 1))
    claims = [(sentence, parse_markers(sentence)) for sentence in claim_sentences(text)]
    claims = [(_MARKER.sub("", sentence).strip(), ns) for sentence, ns in claims if ns]
    claim_vecs = embed([claim for claim, _ in claims]) if claims else np.zeros((0, 1), dtype=np.float32)
    best: dict[int, Support] = {}
    supported: dict[int, bool] = {}
    unsupported: list[str] = []
    for (claim, numbers), vec in zip(claims, claim_vecs):
        results = {n: supports(claim, vec, passages[n - 1], *vectors[n - 1]) for n in dict.fromkeys(numbers)}
        for n, result in results.items():
            supported[n] = supported.get(n, True) and result.ok
            if result.span and result.cosine > (best[n].cosine if n in best else -2.0):
                best[n] = result
        if not any(result.ok for result in results.values()):
            unsupported.append(claim)
    citations = [_citation(n, passages[n - 1], best.get(n), supported[n]) for n in sorted(supported)]
    return CheckedAnswer(text, citations, unsupported, invalid)


def _citation(n: int, passage: Passage, best: Support | None, verified: bool) -> Citation:
    """Resolve [n] to the sentence of passage n that best supports the answer (else its best query match)."""
    span = best.span if best else None
    start, end = (span.start, span.end) if span else (passage.sentence_start, passage.sentence_end)
    text = passage.text[start - passage.start : end - passage.start]
    return Citation(n=n, file=passage.file, start=start, end=end, text=text, verified=verified)
