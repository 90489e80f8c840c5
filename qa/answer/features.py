"""What the ranker knows about each candidate segment: a few general features, the same when the ranker is
fitted (scripts/fit_ranker.py) and when it answers.

- `cos`, `cos_gap`: e5 cosine to the question, and its distance to the best candidate's; `cos_ctx`: the
  best of its own and its neighbours' cosines in the passage (the sentence that matched may be the one
  before the answer);
- `cover`, `cover_ctx`, `cover_gap`: the share of the question's terms the segment holds (alone, and with
  its neighbours in the passage, where a narration's subject or a sentence's topic often sits), each term
  weighted by its rarity among the candidates, and the distance to the best candidate's cover;
- `root_cover`: the share of the terms whose root (ISRI) the segment or its neighbours hold: across
  inflections the light stems miss (صليت / الصلاة, مفتاح / فتح);
- `type_fit`, `type_miss`: for a question expecting a date, number, person or place, whether the segment
  holds a sure span of that type;
- `type_near`: such a span lies next to a word of the question; `short`: a heading-like segment;
- `echo`: the share of the segment's words that are the question's (a segment repeating the question
  answers nothing new); `rank`: 1 / the rank of its passage; `length`: its visible length (in 100s).
No feature depends on how many documents the index holds: rarity is measured among the candidates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from qa.answer.spans import find_spans, fits_quantity
from qa.answer.types import TYPED, Question, Segment, Term
from store.arabic import match_tokens, root_tokens
from store.arabic.skeleton import arabic_skeleton, skeleton_distance
from store.segment import visible_length

FEATURES = (
    "cos", "cos_gap", "cos_ctx", "cover", "cover_ctx", "cover_gap", "root_cover", "type_fit", "type_miss",
    "type_near", "echo", "rank", "length", "short",
)  # fmt: skip
NEAR = 40  # characters between a fitting span and a word of the question for `type_near`
_NAME_DISTANCE = 1.3  # a Latin-letter name matches an Arabic word whose skeleton is this close


def stems(text: str) -> set[str]:
    return set(match_tokens(text))


def holds_term(term: Term, words: set[str], sounds: set[str]) -> bool:
    if term.keys & words:
        return True
    return bool(term.skeleton) and any(skeleton_distance(term.skeleton, s) <= _NAME_DISTANCE for s in sounds)


def skeletons(text: str) -> set[str]:
    return {arabic_skeleton(w) for w in text.split() if len(w) > 2}


def add_features(
    question: Question,
    segments: list[Segment],
    query_vec: np.ndarray,
    common: Callable[[str], bool] | None = None,
) -> None:
    """Fill `segment.features` for every candidate (in place)."""
    if not segments:
        return
    names = any(t.skeleton for t in question.terms)
    words = [stems(s.text) for s in segments]
    context = [w | stems(s.context) for w, s in zip(words, segments)]
    sounds = [skeletons(s.text) if names else set() for s in segments]
    sounds_ctx = [k | skeletons(s.context) if names else set() for k, s in zip(sounds, segments)]
    terms = [t for t in question.terms if t.keys or t.skeleton]  # an untranslatable word is no evidence
    found = [[holds_term(t, w, k) for t in terms] for w, k in zip(words, sounds)]
    found_ctx = [[holds_term(t, w, k) for t in terms] for w, k in zip(context, sounds_ctx)]
    n = len(segments)
    weights = [math.log((n + 1) / (sum(row[j] for row in found_ctx) + 0.5)) for j in range(len(terms))]
    total = sum(weights) or 1.0
    cosines = np.stack([s.vector for s in segments]) @ query_vec
    rooted = [t for t in terms if t.roots]
    root_sets = [root_tokens(f"{s.text} {s.context}") for s in segments] if rooted else []
    question_keys = set().union(*(t.keys for t in question.terms)) if question.terms else set()
    for i, segment in enumerate(segments):
        cover = sum(w for w, hit in zip(weights, found[i]) if hit) / total
        cover_ctx = sum(w for w, hit in zip(weights, found_ctx[i]) if hit) / total
        typed = question.answer_type in TYPED
        spans = find_spans(segment.text, segment.start, question.answer_type, common) if typed else []
        fitting = [span for span in spans if fits_quantity(question.quantity, span)]
        fit = bool(fitting)
        segment.features = {
            "cos": float(cosines[i]),
            "cover": cover,
            "cover_ctx": max(cover, cover_ctx),
            "root_cover": sum(bool(t.roots & root_sets[i]) for t in rooted) / len(rooted) if rooted else 0.0,
            "type_fit": float(fit),
            "type_miss": float(typed and not fit),
            "echo": len(words[i] & question_keys) / max(1, len(words[i])),
            "rank": 1.0 / segment.passage,
            "length": min(visible_length(segment.text) / 100, 3.0),
            "short": float(visible_length(segment.text) < 40),
            "type_near": float(_near_a_term(segment, fitting, terms, words[i])),
        }
    _add_context_cosines(segments, cosines)
    best_cos = max(s.features["cos"] for s in segments)
    best_cover = max(s.features["cover"] for s in segments)
    for segment in segments:
        segment.features["cos_gap"] = segment.features["cos"] - best_cos
        segment.features["cover_gap"] = segment.features["cover"] - best_cover


def _add_context_cosines(segments: list[Segment], cosines: np.ndarray) -> None:
    """`cos_ctx`: the best cosine among a segment and its neighbours in the same passage."""
    for i, segment in enumerate(segments):
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(segments)]
        same = [j for j in near if segments[j].passage == segment.passage]
        segment.features["cos_ctx"] = float(max(cosines[j] for j in (i, *same)))


def _near_a_term(segment: Segment, spans: list, terms: list[Term], words: set[str]) -> bool:
    """Whether a fitting span sits within NEAR characters of a word of the question in the segment (the
    answer is usually said next to what was asked: "مدة تنفيذ المشروع 540 يوما")."""
    if not spans or not terms:
        return False
    keys = set().union(*(t.keys for t in terms)) & words
    if not keys:
        return False
    for match in _WORDS.finditer(segment.text):
        if stems(match.group()) & keys:
            at = segment.start + match.start()
            if any(span.start - NEAR <= at <= span.end + NEAR for span in spans):
                return True
    return False


_WORDS = re.compile(r"[\w\u064b-\u065f\u0670]+")
