"""Foundation benchmark: ingest time for the seeds, retrieval latency, and `qa ask` latency per backend.

    .venv/bin/python scripts/bench.py [--llm-questions N] [--out docs/benchmarks.md]

Numbers go to stdout and a Markdown file; tests never time things.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from qa.assistant import Assistant
from qa.open_index import open_index
from qa.retrieve import Retriever
from qa.settings import PROJECT_ROOT, Settings

DEV = PROJECT_ROOT / "tests" / "data" / "dev.jsonl"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def bench_ingest(settings: Settings) -> dict[str, float]:
    index = open_index(settings)
    index.embedder.embed_query("warm-up")  # model load is not ingest time
    summary = index.ingest(settings.corpus_dir)
    index.close()
    return {"files": summary.files, "chunks": summary.chunks, "seconds": round(summary.seconds, 2)}


def bench_retrieval(settings: Settings, questions: list[str], rounds: int = 3) -> dict[str, float]:
    retriever = Retriever(open_index(settings), settings)
    retriever.retrieve("warm-up")
    times = [retriever.retrieve(q).seconds for _ in range(rounds) for q in questions]
    return {
        "p50_ms": round(percentile(times, 0.5) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
    }


def bench_answers(
    settings: Settings, questions: list[str], backend: str, mode: str | None = None
) -> dict[str, float]:
    assistant = Assistant(settings)
    assistant.ask(questions[0], backend=backend, mode=mode)  # server start, model load: not per question
    firsts, totals = [], []
    for question in questions:
        answer = assistant.ask(question, backend=backend, mode=mode)
        totals.append(answer.timings.total)
        if answer.timings.first_token is not None:
            firsts.append(answer.timings.first_token)
    assistant.close()
    return {
        "questions": len(questions),
        "first_token_p50_s": round(percentile(firsts, 0.5), 2),
        "total_p50_s": round(percentile(totals, 0.5), 2),
        "total_p95_s": round(percentile(totals, 0.95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--llm-questions", type=int, default=10, help="dev questions for local generative (grounded: all)"
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [r["question"] for r in rows]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        results = {
            "ingest_seeds": bench_ingest(settings),
            "retrieval": bench_retrieval(settings, questions),
            "ask_extractive_grounded": bench_answers(settings, questions, "extractive", "grounded"),
            "ask_local_grounded": bench_answers(settings, questions, "local", "grounded"),
            "ask_local_generative": bench_answers(
                settings, questions[: args.llm_questions], "local", "generative"
            ),
        }
    print(json.dumps(results, indent=2))
    write_markdown(results, args.out)


def write_markdown(results: dict[str, dict[str, float]], out: Path) -> None:
    lines = [
        "# Benchmarks (2 cores, no GPU)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `scripts/bench.py`.",
        "",
    ]
    lines += ["| measure | value |", "|---|---|"]
    for group, values in results.items():
        for key, value in values.items():
            lines.append(f"| {group}.{key} | {value} |")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
