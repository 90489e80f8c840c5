"""The summary as tables: which metrics are shown (SUMMARY_ROWS, strict accuracy first), number
formatting, and the Markdown tables `qa eval` prints (summary, retrieval modes, comparison)."""

from __future__ import annotations

from typing import Any

SUMMARY_ROWS = (
    ("overall", "strict_accuracy", "strict accuracy (all questions)"),
    ("overall", "answered_precision", "answered precision (strict among answers)"),
    ("overall", "correct_rate", "correct (all questions)"),
    ("answer", "accuracy", "accuracy (gold contained)"),
    ("answer", "exact_match", "exact match"),
    ("answer", "f1", "token F1"),
    ("answer", "semantic_similarity", "semantic similarity"),
    ("answer", "judge", "LLM judge"),
    ("retrieval", "hit_at_1", "hit@1"),
    ("retrieval", "hit_at_5", "hit@5"),
    ("retrieval", "mrr", "MRR"),
    ("retrieval", "recall_at_5", "recall@5"),
    ("retrieval", "ndcg_at_5", "nDCG@5"),
    ("citations", "precision", "citation precision"),
    ("citations", "recall", "citation recall"),
    ("citations", "evidence_overlap", "evidence overlap"),
    ("citations", "verified_share", "verified citations"),
    ("citations", "faithfulness", "faithfulness"),
    ("refusals", "correct_refusals", "correct refusals"),
    ("refusals", "wrong_refusals", "wrong refusals"),
    ("latency", "total_p50", "latency p50 (s)"),
    ("latency", "total_p95", "latency p95 (s)"),
    ("latency", "first_token_p50", "first token p50 (s)"),
    ("latency", "first_token_p95", "first token p95 (s)"),
    ("counts", "uncited_answers", "uncited answers"),
    ("counts", "overlong_answers", "over-long answers"),
    ("counts", "invented_figure_answers", "answers with invented figures"),
    ("counts", "errors", "errors"),
)


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def summary_markdown(summary: dict[str, Any]) -> str:
    """The summary as a Markdown table: one column for all questions, one per language."""
    languages = list(summary.get("by_language", {}))
    columns = [summary] + [summary["by_language"][lang] for lang in languages]
    counts = [str(c["counts"]["questions"]) for c in columns]
    header = ["metric", f"all (n={counts[0]})"] + [
        f"{lang} (n={n})" for lang, n in zip(languages, counts[1:])
    ]
    rows = [[label] + [fmt(c.get(group, {}).get(key)) for c in columns] for group, key, label in SUMMARY_ROWS]
    return markdown_table(header, rows)


def retrieval_markdown(modes: dict[str, dict[str, Any]]) -> str:
    labels = [(key, label) for group, key, label in SUMMARY_ROWS if group == "retrieval"]
    labels += [
        ("latency_p50", "latency p50 (s)"),
        ("latency_p95", "latency p95 (s)"),
        ("questions", "questions"),
    ]
    rows = [[label] + [fmt(modes[mode].get(key)) for mode in modes] for key, label in labels]
    return markdown_table(["metric", *modes], rows)


def compare_markdown(comparison: dict[str, Any]) -> str:
    rows = [[m["metric"], fmt(m["a"]), fmt(m["b"]), _signed(m["delta"])] for m in comparison["metrics"]]
    text = markdown_table(["metric", "A", "B", "Δ (B − A)"], rows)
    flips = [[f["id"], f["a"], f["b"], f["question"]] for f in comparison["flips"]]
    if not flips:
        return text + "\n\nno question changed outcome"
    return (
        text
        + f"\n\n{len(flips)} questions changed outcome:\n\n"
        + markdown_table(["id", "A", "B", "question"], flips)
    )


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.3f}"
