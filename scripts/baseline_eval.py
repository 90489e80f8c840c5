"""The general baseline of issue 21, scored like `qa eval`: the answer is the sentence of the five retrieved
passages closest to the question by e5 cosine, cut to 300 characters, cited; it never refuses.

    .venv/bin/python scripts/baseline_eval.py --data-dir DIR --corpus FOLDER GOLD.jsonl [GOLD.jsonl ...]

Prints strict accuracy, answered precision and refusals per gold file and language (the README's baseline
row). Uses the project's retrieval (qa.retrieve) and strict checks (qa.eval), so only the answer differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import store.offline  # noqa: E402, F401
from qa.eval.metrics import answer_chars, contains_gold, invented_figures  # noqa: E402
from qa.open_index import open_index  # noqa: E402
from qa.retrieve import Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402
from store.arabic import visible_text  # noqa: E402


def baseline_answer(retriever: Retriever, question: str) -> tuple[str, list[dict]]:
    """(answer with its [n] marker, the passages as dicts) for one question."""
    found = retriever.retrieve(question, k=5)
    best = (-2.0, 0, "")
    for n, (passage, rows) in enumerate(zip(found.passages, found.sentences), start=1):
        for span, vector in rows:
            cosine = float(vector @ found.query_vector)
            if cosine > best[0]:
                best = (cosine, n, passage.text[span.start - passage.start : span.end - passage.start])
    text = visible_text(best[2])
    if len(text) > 300:
        text = text[: text.rfind(" ", 0, 299)]
    passages = [{"text": p.text} for p in found.passages]
    return (f"{text} [{best[1]}]" if best[1] else ""), passages


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("gold", type=Path, nargs="+")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir)
    index = open_index(settings)
    index.ingest(args.corpus)
    retriever = Retriever(index, settings)
    for gold in args.gold:
        rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        for lang in ("ar", "en"):
            mine = [r for r in rows if r.get("lang") == lang]
            right = 0
            for row in mine:
                answer, passages = baseline_answer(retriever, row["question"])
                cited = [passages[int(answer.rsplit("[", 1)[1].rstrip("]")) - 1]] if answer else []
                strict = (
                    row.get("answerable", True)
                    and bool(answer)
                    and bool(contains_gold(answer, row["answers"]))
                    and answer_chars(answer) <= 300
                    and not invented_figures(answer, row["question"], cited)
                )
                right += bool(strict)
            n = len(mine)
            rate = right / max(1, n)
            print(f"{gold.stem:22s} {lang} n={n:3d} strict={rate:.3f} precision={rate:.3f} refused=0")


if __name__ == "__main__":
    main()
