"""Running an evaluation: answer a gold set with the batch runner, score it, write the outputs.

Questions are answered by `qa.batch.run.run_batch` (same journal, resume and error rows as `qa batch`), then
each result is scored against its gold row (scoring.py). Also here: the optional LLM judge and the
retrieval-only evaluation of the three retrieval modes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.batch.files import write_jsonl
from qa.batch.run import BatchRow, ResultFn, run_batch
from qa.errors import InputError
from qa.eval.gold import GoldSet
from qa.eval.metrics import K, ranked_files, retrieval_scores
from qa.eval.report import write_report
from qa.eval.scoring import (
    RESULTS_FILE,
    RETRIEVAL_KEYS,
    SUMMARY_FILE,
    FileTexts,
    add_semantic_similarity,
    build_summary,
    mean_or_none,
    percentile,
    result_record,
)
from qa.generate.citations import MARKER
from store.atomic import write_atomically
from store.documents import file_sha256

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.batch.run import BatchSummary

REPORT_FILE = "report.html"
JOURNAL_FILE = "results.partial.jsonl"


@dataclass
class EvalRun:
    out_dir: Path
    summary: dict[str, Any]
    rows: list[dict]
    batch: BatchSummary


def default_out_dir() -> Path:
    return Path("eval-out") / datetime.now().strftime("%Y%m%d-%H%M%S")


def run_eval(
    gold_path: Path,
    gold: GoldSet,
    assistant: Assistant,
    out_dir: Path,
    *,
    backend: str | None = None,
    workers: int = 1,
    on_result: ResultFn | None = None,
    on_start: Callable[[BatchSummary], None] | None = None,
    judge: str | None = None,
) -> EvalRun:
    """Answer the gold questions with the batch runner (journal in `out_dir`, so a rerun resumes), score
    them, and write results.jsonl, summary.json and report.html."""
    started = time.perf_counter()
    rows = [BatchRow(item.id, item.line, item.question, item.lang) for item in gold.items]
    journal = out_dir / JOURNAL_FILE
    batch = run_batch(rows, assistant, journal, workers, on_result, backend=backend, on_start=on_start)
    texts = FileTexts.of_index(assistant.index)
    records = [result_record(item, result, texts) for item, result in zip(gold.items, batch.rows)]
    add_semantic_similarity(records, assistant.index.embedder.embed_passages)
    if judge:
        judge_rows(records, assistant, judge)
    meta = run_meta(gold_path, assistant, batch, backend, workers, len(gold.errors))
    meta["seconds"] = round(time.perf_counter() - started, 2)
    summary = build_summary(records, meta)
    write_outputs(out_dir, summary, records)
    if batch.errors == 0:
        journal.unlink(missing_ok=True)
    return EvalRun(out_dir, summary, records, batch)


def write_outputs(out_dir: Path, summary: dict[str, Any], records: list[dict]) -> None:
    """results.jsonl, summary.json and report.html, each written atomically."""
    write_jsonl(out_dir / RESULTS_FILE, records)
    write_atomically(
        out_dir / SUMMARY_FILE, lambda fh: fh.write(json.dumps(summary, ensure_ascii=False, indent=2))
    )
    write_report(out_dir / REPORT_FILE, summary, records)


def run_meta(
    gold_path: Path,
    assistant: Assistant,
    batch: BatchSummary,
    backend: str | None,
    workers: int,
    skipped: int,
) -> dict[str, Any]:
    s = assistant.settings
    chosen = assistant.backend(backend)
    name = chosen.name
    return {
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "gold": str(gold_path),
        "gold_sha256": file_sha256(gold_path),
        "backend": name,
        "model": chosen.model_label(s),
        "workers": workers,
        "skipped_invalid": skipped,
        "resumed": batch.resumed,
        "settings": {
            "embedding_model": s.embedding_model,
            "top_k": s.top_k,
            "candidates": s.candidates,
            "min_relevance": s.min_relevance,
            "chunk_size": s.chunk_size,
            "max_tokens": s.max_tokens,
            "temperature": s.temperature,
        },
    }


# --- LLM as judge (optional) --------------------------------------------------------------------

JUDGE_SYSTEM = "You grade answers to questions about news documents. Reply with one word: YES or NO."
JUDGE_USER = (
    "Question: {question}\nReference answer(s): {gold}\nCandidate answer: {answer}\n\n"
    "Does the candidate answer give the information of a reference answer (in any language or wording)? "
    "Reply YES or NO."
)


def parse_verdict(reply: str) -> float | None:
    words = re.findall(r"\w+", reply.strip().upper())
    if not words:
        return None
    return {"YES": 1.0, "نعم": 1.0, "NO": 0.0, "لا": 0.0}.get(words[0])


def judge_rows(rows: list[dict], assistant: Assistant, judge: str) -> None:
    """Ask the `judge` backend whether each answered, answerable row matches its gold (metrics.judge:
    1, 0, or None when the judge failed or said neither)."""
    from qa.llm import BACKENDS, GenerationRequest, backend_class

    if not backend_class(judge).uses_model:
        judges = " or ".join(f"--judge {name}" for name, cls in BACKENDS.items() if cls.uses_model)
        raise InputError(f"the {judge} backend cannot judge answers", f"use {judges}")
    backend = assistant.backend(judge)
    for row in rows:
        if not row["answerable"] or row["refused"] or row["error"]:
            continue
        user = JUDGE_USER.format(
            question=row["question"],
            gold=" | ".join(row["gold"]["answers"]),
            answer=MARKER.sub("", row["answer"]),
        )
        request = GenerationRequest(JUDGE_SYSTEM, user, row["question"], "en", max_tokens=4)
        try:
            row["metrics"]["judge"] = parse_verdict(backend.generate(request))
        except Exception:  # noqa: BLE001 - the judge is optional: a failure leaves the score empty
            row["metrics"]["judge"] = None


# --- retrieval only -----------------------------------------------------------------------------


def retrieval_only(
    gold: GoldSet, assistant: Assistant, on_progress: Callable[[int, int], None] | None = None
) -> dict[str, dict[str, Any]]:
    """hit@1, hit@5, MRR, recall@5, nDCG@5 and latency p50/p95 of each retrieval mode (no generation),
    over the answerable questions that list sources."""
    from qa.open_index import ensure_indexed
    from qa.retrieve.retriever import MODES

    ensure_indexed(assistant.index, assistant.settings)
    items = [item for item in gold.items if item.answerable and item.sources]
    k = max(K, assistant.settings.top_k)
    scores: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    seconds: dict[str, list[float]] = {mode: [] for mode in MODES}
    errors = dict.fromkeys(MODES, 0)
    for done, item in enumerate(items, 1):
        for mode in MODES:
            try:
                found = assistant.retriever.retrieve(item.question, k=k, mode=mode)
            except Exception:  # noqa: BLE001 - a failing question scores 0 and is counted
                errors[mode] += 1
                scores[mode].append(retrieval_scores([], item.sources))
                continue
            files = ranked_files([p.model_dump() for p in found.passages])
            scores[mode].append(retrieval_scores(files, item.sources))
            seconds[mode].append(found.seconds)
        if on_progress is not None:
            on_progress(done, len(items))
    return {mode: _mode_summary(scores[mode], seconds[mode], errors[mode]) for mode in MODES}


def _mode_summary(scores: list[dict[str, float]], seconds: list[float], errors: int) -> dict[str, Any]:
    summary: dict[str, Any] = {key: mean_or_none(s[key] for s in scores) for key in RETRIEVAL_KEYS}
    summary.update(latency_p50=percentile(seconds, 50), latency_p95=percentile(seconds, 95))
    summary.update(questions=len(scores), errors=errors)
    return summary
