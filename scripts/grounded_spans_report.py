"""Sanity report of the grounded span rules on a gold set (no index, no model).

For each question of the gold file: the question analysis (type, head noun, cue), then the candidates
extracted from the sentences of the corpus that contain the gold `evidence` quotes, and whether a
candidate contains a gold answer (`contains_gold` of the evaluation code).

    .venv/bin/python scripts/grounded_spans_report.py [tests/data/dev.jsonl] [--corpus seeds] [--all]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.grounded.question import analyse_question  # noqa: E402
from qa.grounded.render_en import render_english  # noqa: E402
from qa.grounded.spans import extract_candidates  # noqa: E402
from qa.grounded.types import EvidenceSentence  # noqa: E402
from store.chunking import sentence_spans  # noqa: E402

try:
    from qa.eval.metrics import contains_gold  # noqa: E402
except ImportError:  # the evaluation code is moving from qa/evaluate.py to qa/eval/metrics.py
    from qa.evaluate import contains_gold  # noqa: E402


def evidence_sentences(evidence: list[str], corpus: dict[str, str]) -> list[EvidenceSentence]:
    """The corpus sentences that contain each evidence quote (the quote itself when it is not found)."""
    found = []
    for quote in evidence:
        for name, text in corpus.items():
            at = text.find(quote)
            if at < 0:
                continue
            span = next(s for s in sentence_spans(text) if s.start <= at < s.end)
            found.append(
                EvidenceSentence(1, name, span.start, span.end, text[span.start : span.end], 1.0, 1.0, 1.0)
            )
            break
        else:
            found.append(EvidenceSentence(1, "?", 0, len(quote), quote, 1.0, 1.0, 1.0))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default="tests/data/dev.jsonl")
    parser.add_argument("--corpus", default="seeds")
    parser.add_argument("--all", action="store_true", help="print every candidate, not only the top 5")
    args = parser.parse_args()
    corpus = {
        p.name: p.read_text(encoding="utf-8-sig") for p in sorted(Path(args.corpus).glob("*")) if p.is_file()
    }
    rows = [
        json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    hits = top1 = answerable = 0
    elapsed = 0.0
    for row in rows:
        analysis = analyse_question(row["question"])
        print(
            f"\n{row['id']} [{analysis.answer_type.value}] head={analysis.head_noun!r} cue={analysis.cue!r}"
        )
        print(f"  Q: {row['question']}\n  gold: {row.get('answers')}")
        if not row.get("answerable", True) or not row.get("evidence"):
            continue
        answerable += 1
        started = time.perf_counter()
        candidates = [
            c for s in evidence_sentences(row["evidence"], corpus) for c in extract_candidates(s, analysis)
        ]
        elapsed += time.perf_counter() - started
        candidates.sort(key=lambda c: -c.score)
        golds = row.get("answers", [])
        shown = [(c, render_english(c) if analysis.language == "en" else None) for c in candidates]
        ok = [contains_gold(c.text, golds) or (en and contains_gold(en, golds)) for c, en in shown]
        hits += any(ok)
        top1 += bool(ok and ok[0])
        for (c, en), good in list(zip(shown, ok))[: None if args.all else 5]:
            mark = "✓" if good else " "
            extra = f" → {en}" if en else ""
            print(f"  {mark} {c.score:.2f} {c.answer_type.value:<12} {c.text!r}{extra}  {c.normalised}")
    print(
        f"\nanswerable {answerable}: a candidate contains the gold {hits}, the top candidate {top1}; "
        f"extraction {1000 * elapsed / max(answerable, 1):.2f} ms per question"
    )


if __name__ == "__main__":
    main()
