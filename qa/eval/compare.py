"""Comparing two eval runs: per-metric deltas (B - A) and the questions whose outcome changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa.batch.files import split_lines
from qa.errors import InputError
from qa.eval.scoring import RESULTS_FILE, SUMMARY_FILE, outcome

COMPARED_GROUPS = ("overall", "retrieval", "answer", "citations", "refusals", "latency", "counts")


def load_run(folder: Path) -> tuple[dict[str, Any], dict[str, dict]]:
    """summary.json and results.jsonl (by id) of an eval output folder."""
    try:
        summary = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
        lines = split_lines((folder / RESULTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{folder} is not a readable eval output: {exc}", "give folders written by qa eval"
        ) from exc
    rows = [json.loads(line) for line in lines if line.strip()]
    return summary, {row["id"]: row for row in rows}


def compare_runs(folder_a: Path, folder_b: Path) -> dict[str, Any]:
    """Per-metric deltas (B - A) and the questions whose outcome differs between the two runs."""
    summary_a, rows_a = load_run(folder_a)
    summary_b, rows_b = load_run(folder_b)
    flat_a, flat_b = _flatten(summary_a), _flatten(summary_b)
    metrics = [
        {
            "metric": name,
            "a": flat_a.get(name),
            "b": flat_b.get(name),
            "delta": _delta(flat_a.get(name), flat_b.get(name)),
        }
        for name in dict.fromkeys([*flat_a, *flat_b])
    ]
    flips = [
        {"id": key, "question": rows_b[key]["question"], "a": outcome(rows_a[key]), "b": outcome(rows_b[key])}
        for key in rows_a
        if key in rows_b and outcome(rows_a[key]) != outcome(rows_b[key])
    ]
    return {"a": str(folder_a), "b": str(folder_b), "metrics": metrics, "flips": flips}


def _flatten(summary: dict[str, Any]) -> dict[str, float | None]:
    flat: dict[str, float | None] = {}
    for group in COMPARED_GROUPS:
        for key, value in (summary.get(group) or {}).items():
            if value is None or isinstance(value, int | float):
                flat[f"{group}.{key}"] = value
    return flat


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)
