"""Evaluation metrics: pure functions of an answer, its citations and its gold (all in [0, 1]).

- answer: exact match and token F1 after normalisation (`answer_tokens`), best over the gold answers;
  `contains_gold` = a gold answer's normalised tokens occur contiguously in the answer.
- retrieval (relevance = the gold `sources` files, over the retrieved files in rank order): hit@k, MRR,
  recall@k, nDCG@k (binary relevance).
- citations: precision (cited files among the gold sources), recall (gold sources cited), evidence overlap
  (cited spans overlapping a gold evidence quote), faithfulness (1 - unsupported / answer sentences).
- strictness: the length a reader sees (`answer_chars`) and figures no cited passage contains
  (`invented_figures`); `scoring.py` combines them into strict accuracy.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from qa.generate.citations import MARKER, claim_sentences, unsourced_figures
from qa.records import Passage
from store.arabic import PROCLITICS, normalise_arabic, strip_arabic_article

K = 5
MAX_ANSWER_CHARS = 300  # a strict answer is short: longer replies bury the answer in pasted text
_ENGLISH_ARTICLES = frozenset({"a", "an", "the"})


# --- answer normalisation and scores -------------------------------------------------------------


def answer_tokens(text: str) -> list[str]:
    """Tokens for answer scoring: citation markers dropped, Arabic normalised (alef/ya/ta marbuta forms,
    diacritics, tatweel, digits), Latin case-folded, punctuation removed, and articles dropped
    (English a/an/the; the Arabic definite article with its proclitics, e.g. وال, بال)."""
    text = normalise_arabic(MARKER.sub(" ", text))
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    return [strip_arabic_article(token) for token in text.split() if token not in _ENGLISH_ARTICLES]


def exact_match(prediction: str, golds: Iterable[str]) -> float:
    tokens = answer_tokens(prediction)
    return float(any(tokens == answer_tokens(gold) for gold in golds))


def token_f1(prediction: str, golds: Iterable[str]) -> float:
    """SQuAD-style token F1 (bag of tokens), best over the gold answers."""
    pred = answer_tokens(prediction)
    best = 0.0
    for gold in golds:
        ref = answer_tokens(gold)
        common = sum(min(pred.count(t), ref.count(t)) for t in set(pred) & set(ref))
        if common:
            precision, recall = common / len(pred), common / len(ref)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains_gold(prediction: str, golds: Iterable[str]) -> float:
    """1 when a gold answer's normalised tokens appear contiguously in the answer. A one-letter Arabic
    proclitic (و ف ب ل ك) may be glued to the first word: "لفيتنام" contains "فيتنام"."""
    text = " " + " ".join(answer_tokens(prediction)) + " "
    for gold in golds:
        wanted = " ".join(answer_tokens(gold))
        if wanted and re.search(rf"(?:^|\s)[{PROCLITICS}]?" + re.escape(wanted) + r"(?=\s)", text):
            return 1.0
    return 0.0


# --- retrieval scores ---------------------------------------------------------------------------


def ranked_files(passages: list[dict]) -> list[str]:
    """Distinct files of the retrieved passages, in rank order."""
    return list(dict.fromkeys(p["file"] for p in passages))


def hit_at(files: list[str], relevant: set[str], k: int) -> float:
    return float(any(f in relevant for f in files[:k]))


def reciprocal_rank(files: list[str], relevant: set[str]) -> float:
    return next((1.0 / rank for rank, f in enumerate(files, 1) if f in relevant), 0.0)


def recall_at(files: list[str], relevant: set[str], k: int) -> float:
    return len(relevant & set(files[:k])) / len(relevant) if relevant else 0.0


def ndcg_at(files: list[str], relevant: set[str], k: int) -> float:
    """Binary-relevance nDCG: sum of 1/log2(rank + 1) over relevant files, over the ideal ranking's sum."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, f in enumerate(files[:k], 1) if f in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def retrieval_scores(files: list[str], sources: list[str]) -> dict[str, float]:
    relevant = set(sources)
    return {
        "hit_at_1": hit_at(files, relevant, 1),
        "hit_at_5": hit_at(files, relevant, K),
        "mrr": reciprocal_rank(files, relevant),
        "recall_at_5": recall_at(files, relevant, K),
        "ndcg_at_5": ndcg_at(files, relevant, K),
    }


# --- evidence and citation scores ---------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceSpan:
    file: str
    start: int
    end: int
    quote: str


def _normalised_with_offsets(text: str, drop_punctuation: bool) -> tuple[str, list[int]]:
    """The normalised text (runs of spaces folded) and, for each of its characters, the source offset."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in normalise_arabic(ch):
            if drop_punctuation and unicodedata.category(c)[0] == "P":
                continue
            if c.isspace():
                if not chars or chars[-1] == " ":
                    continue
                c = " "
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin


def locate_quote(text: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of `quote` in `text` under Arabic normalisation (then also ignoring punctuation)."""
    for drop in (False, True):
        haystack, origin = _normalised_with_offsets(text, drop)
        needle = _normalised_with_offsets(quote, drop)[0].strip()
        at = haystack.find(needle) if needle else -1
        if at >= 0:
            return origin[at], origin[at + len(needle) - 1] + 1
    return None


def locate_evidence(
    quotes: list[str], files: list[str], file_text: Callable[[str], str | None]
) -> tuple[list[EvidenceSpan], list[str]]:
    """Each quote's span in the first of `files` that contains it; returns (spans, quotes not found)."""
    spans: list[EvidenceSpan] = []
    missing: list[str] = []
    for quote in quotes:
        for name in files:
            found = locate_quote(file_text(name) or "", quote)
            if found:
                spans.append(EvidenceSpan(name, found[0], found[1], quote))
                break
        else:
            missing.append(quote)
    return spans, missing


def spans_overlap(a_file: str, a_start: int, a_end: int, b: EvidenceSpan) -> bool:
    return a_file == b.file and a_start < b.end and b.start < a_end


def evidence_overlap(citations: list[dict], evidence: list[EvidenceSpan]) -> float | None:
    """Share of cited spans that overlap a gold evidence span (None without citations or evidence)."""
    if not citations or not evidence:
        return None
    hits = sum(any(spans_overlap(c["file"], c["start"], c["end"], e) for e in evidence) for c in citations)
    return hits / len(citations)


def citation_precision(citations: list[dict], sources: list[str]) -> float | None:
    if not citations:
        return None
    return sum(c["file"] in sources for c in citations) / len(citations)


def citation_recall(citations: list[dict], sources: list[str]) -> float | None:
    if not sources:
        return None
    return len({c["file"] for c in citations} & set(sources)) / len(set(sources))


def faithfulness(answer: str, unsupported: list[str]) -> float | None:
    """1 - unsupported sentences / answer sentences: a proxy (only cited sentences are checked)."""
    sentences = len(claim_sentences(answer)) if answer.strip() else 0
    if not sentences:
        return None
    return max(0.0, 1.0 - len(unsupported) / sentences)


# --- strictness ---------------------------------------------------------------------------------


def bare_answer(answer: str) -> str:
    """The answer as a reader sees it: citation markers removed, runs of white space folded to one."""
    return " ".join(MARKER.sub(" ", answer).split())


def answer_chars(answer: str) -> int:
    return len(bare_answer(answer))


def invented_figures(answer: str, question: str, passages: list[dict]) -> list[str]:
    """Figures of two or more digits in the answer that neither the question nor a passage the answer
    cites contains (the rule of qa.generate.citations.unsourced_figures, cited passages only)."""
    # only the passage text is read: rows written by older versions (or by hand) may lack other fields
    texts = [Passage.model_construct(text=p.get("text") or "") for p in passages]
    return sorted(unsourced_figures(answer, question, texts, cited_only=True))
