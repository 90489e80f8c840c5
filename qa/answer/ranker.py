"""The evidence ranker: one logistic regression over the segment features (qa.answer.features), fitted once
across domains and languages by `scripts/answer_lab.py fit`, and one answerability threshold on its
probability. Its weights and thresholds live in ranker.json beside this file, with the gold sets each was
fitted on (`fitted_on`, `thresholds_fitted_on`); nothing is tuned per question or per corpus.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.answer.features import FEATURES
from qa.answer.types import Segment

MODEL_FILE = Path(__file__).with_name("ranker.json")


@dataclass(frozen=True)
class Ranker:
    weights: dict[str, dict[str, float]]  # per question language ("ar", "en"): feature → weight, "bias"
    threshold: dict[str, float]  # per language: the probability below which the engine refuses

    def probability(self, segment: Segment, language: str) -> float:
        weights = self.weights[language]
        z = weights.get("bias", 0.0) + sum(
            weights.get(f, 0.0) * segment.features.get(f, 0.0) for f in FEATURES
        )
        return 1.0 / (1.0 + math.exp(-z))

    def rank(self, segments: list[Segment], language: str) -> list[Segment]:
        """The segments, best first, each with its `score` set (ties keep retrieval order)."""
        for segment in segments:
            segment.score = self.probability(segment, language)
        return sorted(segments, key=lambda s: -s.score)


@lru_cache(maxsize=1)
def load_ranker(path: Path = MODEL_FILE) -> Ranker:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Ranker(data["weights"], data["threshold"])
