"""Scoring: one results.jsonl row per gold question, and the summary.json aggregates of those rows.

Per question (None where a metric does not apply; metric definitions in metrics.py):
- retrieval scores on answerable questions that list sources;
- answer scores on answerable questions (a refusal or an error scores 0);
- citation scores on answered questions;
- `correct`: answerable and the answer contains a gold answer, or unanswerable and refused;
- `strict_accuracy`: answerable and answered, the answer contains a gold answer, cites at least one
  passage, is at most MAX_ANSWER_CHARS characters without its markers, and states no figure of two or
  more digits that neither the question nor a cited passage contains; or unanswerable and refused.
Errors are counted and score as wrong; they never stop the run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from qa.eval.gold import GoldItem
from qa.eval.metrics import (
    MAX_ANSWER_CHARS,
    EvidenceSpan,
    answer_chars,
    citation_precision,
    citation_recall,
    contains_gold,
    evidence_overlap,
    exact_match,
    faithfulness,
    invented_figures,
    locate_evidence,
    ranked_files,
    retrieval_scores,
    token_f1,
)
from qa.generate.citations import MARKER
from store.identity import relative_path

SCHEMA_VERSION = 1
RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"
RETRIEVAL_KEYS = ("hit_at_1", "hit_at_5", "mrr", "recall_at_5", "ndcg_at_5")
ANSWER_KEYS = ("exact_match", "f1", "contains_gold", "semantic_similarity")
CITATION_KEYS = (
    "citation_precision",
    "citation_recall",
    "evidence_overlap",
    "verified_share",
    "faithfulness",
)
METRIC_KEYS = (*RETRIEVAL_KEYS, *ANSWER_KEYS, *CITATION_KEYS, "correct", "strict_accuracy", "judge")


# --- one question -------------------------------------------------------------------------------


def strict_checks(question: str, result: dict) -> dict[str, Any]:
    """What strict accuracy asks of a reply besides containing the gold (the row's `strict` field)."""
    answer = result.get("answer") or ""
    chars = answer_chars(answer)
    return {
        "cited": bool(result.get("citations")),
        "answer_chars": chars,
        "overlong": chars > MAX_ANSWER_CHARS,
        "invented_figures": invented_figures(answer, question, result.get("passages") or []),
    }


def passes_strict_checks(checks: dict[str, Any]) -> bool:
    return checks["cited"] and not checks["overlong"] and not checks["invented_figures"]


def score_result(
    item: GoldItem, result: dict, evidence: list[EvidenceSpan], checks: dict[str, Any]
) -> dict[str, float | None]:
    """Per-question metrics; None where a metric does not apply (see the module docstring)."""
    metrics: dict[str, float | None] = dict.fromkeys(METRIC_KEYS)
    error, refused = result.get("error"), bool(result.get("refused"))
    answered = not error and not refused
    if item.answerable and item.sources:
        metrics.update(retrieval_scores(ranked_files(result.get("passages") or []), item.sources))
    if item.answerable:
        text = result.get("answer", "") if answered else ""
        metrics.update(exact_match=exact_match(text, item.answers), f1=token_f1(text, item.answers))
        metrics.update(contains_gold=contains_gold(text, item.answers), semantic_similarity=0.0)
    if answered:
        metrics.update(_citation_scores(item, result, evidence))
    if item.answerable:
        correct = metrics["contains_gold"] == 1.0
        strict = answered and correct and passes_strict_checks(checks)
    else:
        correct = strict = refused and not error
    metrics.update(correct=float(correct), strict_accuracy=float(strict))
    return metrics


def _citation_scores(item: GoldItem, result: dict, evidence: list[EvidenceSpan]) -> dict[str, float | None]:
    citations = result.get("citations") or []
    scores: dict[str, float | None] = {
        "verified_share": sum(bool(c.get("verified")) for c in citations) / len(citations)
        if citations
        else None,
        "faithfulness": faithfulness(result.get("answer", ""), result.get("unsupported_sentences") or []),
    }
    if item.answerable:
        scores["citation_precision"] = citation_precision(citations, item.sources)
        scores["citation_recall"] = citation_recall(citations, item.sources)
        scores["evidence_overlap"] = evidence_overlap(citations, evidence)
    return scores


class FileTexts:
    """Texts of the indexed files, read once each (evidence quotes are located in them)."""

    def __init__(self, read: Callable[[str], str | None], names: Callable[[], list[str]]) -> None:
        self._read, self._names = read, names
        self._cache: dict[str, str | None] = {}

    @classmethod
    def of_index(cls, index: Any) -> FileTexts:
        """Gold sources name files by their path relative to the indexed folder (`file`), as the names
        here do; a path several sources hold reads the first of them."""

        def read(name: str) -> str | None:
            text = index.file_text(name)
            if text is None and (documents := index.documents_named(name)):
                text = index.file_text(documents[0])
            return text

        return cls(read, lambda: list(dict.fromkeys(relative_path(r.name) for r in index.files())))

    def __call__(self, name: str) -> str | None:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def names(self) -> list[str]:
        return self._names()


def result_record(item: GoldItem, result: dict, texts: FileTexts) -> dict:
    """One line of results.jsonl: the question, its gold, the answer, what was cited and retrieved, scores."""
    spans, missing = locate_evidence(item.evidence, item.sources, texts)
    if missing:  # a quote may come from a file the gold does not list as a source
        more, missing = locate_evidence(missing, [n for n in texts.names() if n not in item.sources], texts)
        spans += more
    checks = strict_checks(item.question, result)
    return {
        "id": item.id,
        "line": item.line,
        "lang": item.lang or result.get("language") or "",
        "domain": item.domain,
        "question": item.question,
        "answerable": item.answerable,
        "gold": {
            "answers": item.answers,
            "sources": item.sources,
            "evidence": item.evidence,
            "evidence_spans": [vars(span) for span in spans],
            "evidence_missing": missing,
        },
        "answer": result.get("answer", ""),
        "refused": bool(result.get("refused")) and not result.get("error"),
        "refusal_reason": result.get("refusal_reason"),
        "language": result.get("language", ""),
        "backend": result.get("backend", ""),
        "mode": result.get("mode"),  # grounded or generative, when the Answer record says
        "citations": result.get("citations") or [],
        "retrieved_files": ranked_files(result.get("passages") or []),
        "unsupported_sentences": result.get("unsupported_sentences") or [],
        "metrics": score_result(item, result, spans, checks),
        "strict": checks,
        "timings": result.get("timings") or {},
        "error": result.get("error"),
    }


def add_semantic_similarity(rows: list[dict], embed: Callable[[list[str]], Any]) -> None:
    """e5 cosine between each answered answerable row's answer and its closest gold answer (one batch)."""
    todo = [
        r for r in rows if r["answerable"] and not r["refused"] and not r["error"] and r["gold"]["answers"]
    ]
    texts: list[str] = []
    for row in todo:
        texts += [MARKER.sub("", row["answer"]).strip() or "-", *row["gold"]["answers"]]
    if not texts:
        return
    vectors = np.asarray(embed(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    at = 0
    for row in todo:
        n = len(row["gold"]["answers"])
        cosine = float(np.max(vectors[at + 1 : at + 1 + n] @ vectors[at]))
        row["metrics"]["semantic_similarity"] = round(cosine, 4)
        at += 1 + n


def outcome(row: dict) -> str:
    """What happened to a question, in the terms a flip between two runs is reported in."""
    if row.get("error"):
        return "error"
    if not row["answerable"]:
        return "refused (right)" if row["refused"] else "answered (wrong)"
    if row["refused"]:
        return "refused (wrong)"
    if not row["metrics"].get("contains_gold"):
        return "misses gold"
    return "contains gold (not strict)" if row["metrics"].get("strict_accuracy") == 0.0 else "contains gold"


# --- aggregation --------------------------------------------------------------------------------


def mean_or_none(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 3) if values else None


def aggregate(rows: list[dict]) -> dict[str, Any]:
    """The summary metrics of `rows` (the same structure for the whole run and for each language)."""
    answerable = [r for r in rows if r["answerable"]]
    answered = [r for r in rows if not r["error"] and not r["refused"]]

    def mean(group: list[dict], key: str) -> float | None:
        return mean_or_none(r["metrics"].get(key) for r in group)

    citations = [c for r in answered for c in r["citations"]]
    return {
        "counts": _counts(rows),
        "overall": {
            "correct_rate": mean(rows, "correct"),
            "strict_accuracy": mean(rows, "strict_accuracy"),
            # (added) right among the replies that did not refuse: strict-correct answers over all answers
            "answered_precision": mean(answered, "strict_accuracy"),
        },
        "retrieval": {key: mean(answerable, key) for key in RETRIEVAL_KEYS},
        "answer": {
            "exact_match": mean(answerable, "exact_match"),
            "f1": mean(answerable, "f1"),
            "accuracy": mean(answerable, "contains_gold"),
            "semantic_similarity": mean(answerable, "semantic_similarity"),
            "judge": mean(answerable, "judge"),
        },
        "citations": {
            "precision": mean(answered, "citation_precision"),
            "recall": mean(answered, "citation_recall"),
            "evidence_overlap": mean(answered, "evidence_overlap"),
            "verified_share": _ratio(sum(bool(c.get("verified")) for c in citations), len(citations)),
            "faithfulness": mean(answered, "faithfulness"),
        },
        "refusals": refusal_counts(rows),
        "latency": _latency(rows),
    }


def _counts(rows: list[dict]) -> dict[str, int]:
    answered = [r for r in rows if not r["error"] and not r["refused"]]
    strict = [r.get("strict") or {} for r in answered]
    return {
        "questions": len(rows),
        "answerable": sum(1 for r in rows if r["answerable"]),
        "unanswerable": sum(1 for r in rows if not r["answerable"]),
        "answered": len(answered),
        "refused": sum(1 for r in rows if r["refused"]),
        "errors": sum(1 for r in rows if r["error"]),
        "evidence_unlocated": sum(len(r["gold"]["evidence_missing"]) for r in rows),
        "uncited_answers": sum(1 for s in strict if s.get("cited") is False),
        "overlong_answers": sum(1 for s in strict if s.get("overlong")),
        "invented_figure_answers": sum(1 for s in strict if s.get("invented_figures")),
    }


def refusal_counts(rows: list[dict]) -> dict[str, Any]:
    """Correct refusals (refused, unanswerable) and wrong refusals (refused, answerable), with rates."""
    unanswerable = [r for r in rows if not r["answerable"]]
    answerable = [r for r in rows if r["answerable"]]
    correct = sum(1 for r in unanswerable if r["refused"] and not r["error"])
    wrong = sum(1 for r in answerable if r["refused"] and not r["error"])
    return {
        "correct_refusals": correct,
        "correct_refusal_rate": _ratio(correct, len(unanswerable)),
        "wrong_refusals": wrong,
        "wrong_refusal_rate": _ratio(wrong, len(answerable)),
        "reasons": dict(Counter(r.get("refusal_reason") or "unknown" for r in rows if r["refused"])),
    }


def _latency(rows: list[dict]) -> dict[str, float | None]:
    ok = [r["timings"] for r in rows if not r["error"]]
    totals = [t["total"] for t in ok if t.get("total") is not None]
    firsts = [t["first_token"] for t in ok if t.get("first_token") is not None]
    return {
        "total_p50": percentile(totals, 50),
        "total_p95": percentile(totals, 95),
        "first_token_p50": percentile(firsts, 50),
        "first_token_p95": percentile(firsts, 95),
    }


def build_summary(rows: list[dict], meta: dict[str, Any]) -> dict[str, Any]:
    """summary.json: the run's metadata, the aggregates of all rows and of each question language, and
    the answer mode (`mode`: the most common, None when the Answer records carry none; `modes`: counts).
    `by_domain` holds, per domain, the same aggregates with their own `by_language`: the rows' `domain`,
    else the gold file's name without its extension (one file, one domain)."""
    default = Path(str(meta.get("gold") or "gold")).stem
    domains = sorted({r.get("domain") or default for r in rows})
    by_domain = {d: _with_languages([r for r in rows if (r.get("domain") or default) == d]) for d in domains}
    by_language = _with_languages(rows)["by_language"]
    modes = Counter(r["mode"] for r in rows if r.get("mode"))
    mode = modes.most_common(1)[0][0] if modes else None
    return {
        "schema_version": SCHEMA_VERSION,
        **meta,
        "mode": mode,
        "modes": dict(modes),
        **aggregate(rows),
        "by_language": by_language,
        "by_domain": by_domain,
    }


def _with_languages(rows: list[dict]) -> dict[str, Any]:
    """The aggregates of `rows` and, under `by_language`, of each question language among them."""
    languages = sorted({r["lang"] for r in rows if r["lang"]})
    by_language = {lang: aggregate([r for r in rows if r["lang"] == lang]) for lang in languages}
    return {**aggregate(rows), "by_language": by_language}
