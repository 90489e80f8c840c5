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

# A citation marker: [1], [1, 2], [1،2]; group 1 holds the numbers. The one pattern for the whole project.
MARKER = re.compile(r"\[\s*(\d+(?:\s*[,،]\s*\d+)*)\s*\]")
_SPACES = re.compile(r"[ \t]{2,}")
_NUMBER = re.compile(r"\d+")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\s*\d+(?:\s*[,،]\s*\d+)*\s*\])+[\s.]*")

# Calibrated on dev.jsonl (README, "Citation checking"): a sentence is supported when its embedding is this
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
    reattributed_sentences: list[str] = field(default_factory=list)


def parse_markers(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,،]\s*", group)]


def drop_invalid_markers(text: str, valid: range) -> tuple[str, list[int]]:
    """Remove marker numbers outside `valid` (the passage numbers); return the cleaned text, the removed."""
    removed: list[int] = []

    def keep(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.split(r"\s*[,،]\s*", match.group(1))]
        removed.extend(n for n in numbers if n not in valid)
        good = [n for n in numbers if n in valid]
        return "".join(f"[{n}]" for n in good)

    cleaned = MARKER.sub(keep, text)
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
    """Verify every sentence of `answer` against the passages it cites. A sentence that its cited passage
    does not support, or that cites nothing, is re-attributed to the passage that does support it (small
    models often cite the wrong number or forget the marker); what no passage supports is reported."""
    text, invalid = drop_invalid_markers(answer, range(1, len(passages) + 1))
    sentences = claim_sentences(text)
    claims = [MARKER.sub("", sentence).strip() for sentence in sentences]
    vecs = embed(claims) if claims else np.zeros((0, 1), dtype=np.float32)
    best: dict[int, Support] = {}
    supported: dict[int, bool] = {}
    checked = CheckedAnswer(text, invalid_markers=invalid)
    for sentence, claim, vec in zip(sentences, claims, vecs):
        cited = list(dict.fromkeys(parse_markers(sentence)))
        results = {n: supports(claim, vec, passages[n - 1], *vectors[n - 1]) for n in cited}
        if not any(result.ok for result in results.values()):
            moved = _supporting_passage(claim, vec, passages, vectors, exclude=set(cited))
            recited = _recite(checked.text, sentence, moved[0]) if moved else None
            if moved and recited:
                checked.text = recited
                checked.reattributed_sentences.append(claim)
                results = dict([moved])
            elif cited or _is_claim(claim):
                checked.unsupported_sentences.append(claim)
        for n, result in results.items():
            supported[n] = supported.get(n, True) and result.ok
            if result.span and result.cosine > (best[n].cosine if n in best else -2.0):
                best[n] = result
    checked.citations = [_citation(n, passages[n - 1], best.get(n), supported[n]) for n in sorted(supported)]
    return checked


def _is_claim(sentence: str) -> bool:
    """An uncited sentence counts as a claim when it carries content (not a lone connective)."""
    return len(lexical_tokens(sentence, ngrams=False)) >= 2


def _supporting_passage(
    claim: str, vec: np.ndarray, passages: list[Passage], vectors: SentenceVectors, exclude: set[int]
) -> tuple[int, Support] | None:
    """The passage (1-based number, support) that best supports `claim`, if any does."""
    found: tuple[int, Support] | None = None
    for n, passage in enumerate(passages, start=1):
        if n in exclude:
            continue
        result = supports(claim, vec, passage, *vectors[n - 1])
        if result.ok and (found is None or result.cosine > found[1].cosine):
            found = (n, result)
    return found


def _recite(text: str, sentence: str, n: int) -> str | None:
    """`text` with the markers of `sentence` replaced by [n] before its final punctuation; None when the
    sentence is not literally in the text (a marker that followed the full stop was joined to it)."""
    if sentence not in text:
        return None
    bare = _SPACES.sub(" ", MARKER.sub("", sentence)).rstrip()
    tail = len(bare) - len(bare.rstrip(".!?؟。"))
    body, stop = (bare[:-tail], bare[-tail:]) if tail else (bare, "")
    return text.replace(sentence, f"{body.rstrip()} [{n}]{stop}", 1)


_FIGURE = re.compile(r"\d+(?:[.,٫]\d+)*")


def _figures(text: str) -> set[str]:
    """Figures of two or more digits (years, counts, amounts such as 1.2): one-digit numbers are often
    spelled out in Arabic sources ("نائبان") and would look unsourced."""
    found = _FIGURE.findall(normalise_arabic(MARKER.sub(" ", text)))
    return {f.replace(",", "").replace("٫", ".") for f in found if sum(ch.isdigit() for ch in f) >= 2}


def unsourced_figures(
    answer: str, question: str, passages: list[Passage], cited_only: bool = False
) -> set[str]:
    """Figures in the answer that neither the question nor any passage contains: the model took them from
    its own knowledge (or invented them), which an answer must never do. With `cited_only`, only the
    passages the answer cites (its [n] markers, 1-based) count as sources."""
    if cited_only:
        cited = set(parse_markers(answer))
        passages = [p for n, p in enumerate(passages, start=1) if n in cited]
    known = _figures(question).union(*(_figures(p.text) for p in passages))
    return _figures(answer) - known


def _citation(n: int, passage: Passage, best: Support | None, verified: bool) -> Citation:
    """Resolve [n] to the sentence of passage n that best supports the answer (else its best query match)."""
    span = best.span if best else None
    start, end = (span.start, span.end) if span else (passage.sentence_start, passage.sentence_end)
    text = passage.text[start - passage.start : end - passage.start]
    return Citation(
        n=n, file=passage.file, document=passage.document, start=start, end=end, text=text, verified=verified
    )
