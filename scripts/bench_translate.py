"""Does translating English questions into Arabic for the BM25 leg help retrieval?

For every answerable English dev question (tests/data/dev.jsonl), retrieve hybrid top-5 twice: as is,
and with `lexical_query=<local LLM translation>` (the `translate_query` path of qa/answer.py, prompts
translate_*.txt). Scores the gold source files: hit@1, hit@5, MRR (first passage from a gold file) and
recall@5 (share of gold files among the top-5 passages' files); the BM25 leg alone is scored too, since
that is the leg the translation feeds. Also reports the translation latency.

    nice -n 10 .venv/bin/python scripts/bench_translate.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from qa.assistant import Assistant  # noqa: E402
from qa.open_index import ensure_indexed  # noqa: E402
from qa.retrieve import Mode  # noqa: E402
from qa.settings import PROJECT_ROOT, Settings  # noqa: E402

DEV = PROJECT_ROOT / "tests" / "data" / "dev.jsonl"
K = 5


@dataclass
class Scores:
    hit1: float
    hit5: float
    mrr: float
    recall5: float


def score(files: list[str], gold: set[str]) -> Scores:
    """`files` = the files of the top-k passages, best first (a file may repeat)."""
    rank = next((i for i, f in enumerate(files, start=1) if f in gold), None)
    return Scores(
        hit1=float(rank == 1),
        hit5=float(rank is not None),
        mrr=1.0 / rank if rank else 0.0,
        recall5=len(gold & set(files)) / len(gold),
    )


def mean_scores(rows: list[Scores]) -> Scores:
    return Scores(
        *(statistics.fmean(getattr(r, f) for r in rows) for f in ("hit1", "hit5", "mrr", "recall5"))
    )


def english_questions() -> list[dict]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["lang"] == "en" and r["answerable"]]


def top_files(assistant: Assistant, question: str, mode: Mode, lexical_query: str | None) -> list[str]:
    retrieval = assistant.retriever.retrieve(question, k=K, mode=mode, lexical_query=lexical_query)
    return [p.file for p in retrieval.passages]


def evaluate(assistant: Assistant, rows: list[dict]) -> tuple[dict[str, list[Scores]], list[dict]]:
    """Per condition, the scores of each question; plus one detail record per question."""
    backend = assistant.backend("local")
    conditions: dict[str, list[Scores]] = {}
    details = []
    for row in rows:
        started = time.perf_counter()
        translation = assistant._lexical_query(row["question"], backend)
        seconds = time.perf_counter() - started
        gold = set(row["sources"])
        for mode in ("hybrid", "bm25"):
            for label, lexical in (("as is", None), ("translated", translation)):
                files = top_files(assistant, row["question"], mode, lexical)
                conditions.setdefault(f"{mode}, {label}", []).append(score(files, gold))
        details.append({"id": row["id"], "translation": translation, "seconds": seconds})
        print(f"{row['id']}  {seconds:5.1f} s  {translation}", flush=True)
    return conditions, details


def report(conditions: dict[str, list[Scores]], details: list[dict]) -> str:
    lines = [
        f"English dev questions: {len(details)}; gold = the question's source files; k = {K}.",
        "",
        "| retrieval | BM25 query | hit@1 | hit@5 | MRR | recall@5 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, rows in conditions.items():
        mode, label = name.split(", ")
        m = mean_scores(rows)
        lines.append(f"| {mode} | {label} | {m.hit1:.3f} | {m.hit5:.3f} | {m.mrr:.3f} | {m.recall5:.3f} |")
    times = [d["seconds"] for d in details]
    lines += [
        "",
        f"Translation latency (local LLM, 2 threads): mean {statistics.fmean(times):.1f} s, "
        f"median {statistics.median(times):.1f} s, max {max(times):.1f} s.",
    ]
    return "\n".join(lines)


def run(data_dir: Path) -> str:
    settings = Settings(data_dir=data_dir).model_copy(update={"translate_query": True, "backend": "local"})
    assistant = Assistant(settings)
    try:
        ensure_indexed(assistant.index, settings)  # a fresh data dir gets the seeds (embedding: minutes)
        conditions, details = evaluate(assistant, english_questions())
    finally:
        assistant.close()
        assistant.index.close()
    return report(conditions, details)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, help="an index of seeds/ (default: a fresh temporary one)")
    args = parser.parse_args()
    if args.data_dir:
        print(run(args.data_dir))
        return
    with tempfile.TemporaryDirectory(prefix="bench-translate-") as tmp:
        print(run(Path(tmp)))


if __name__ == "__main__":
    main()
