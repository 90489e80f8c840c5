"""Check the prose test domain: its corpus and its gold sets (nothing is retrieved or answered).

    .venv/bin/python scripts/check_prose_gold.py              # tests/data/prose_{dev,dev2,heldout}.jsonl
    .venv/bin/python scripts/check_prose_gold.py --quiet      # problems only

Checks (exit code 1 when one fails, each problem on its own line):
- the corpus, tests/data/corpora/prose/: 40 UTF-8 .txt files with ASCII slug names, 1,200-3,500 characters;
- each gold row loads with the project's own reader (qa/eval/gold.py); ids are unique and carry the set's
  prefix; `lang`, `type` and `answerable` are valid; the counts per language match the brief;
- an answerable row names sources that exist, quotes evidence that is an exact substring of one of them
  (10-250 characters), has English-only answers for an English question, and, for an Arabic question, an
  answer the scorer finds in its own evidence (qa.eval.metrics.contains_gold);
- an unanswerable row has empty answers, sources and evidence;
- no two sets quote the same sentence (no overlapping evidence spans) or ask the same question; the
  development sets (prose_dev, prose_dev2) never quote a file the held-out set quotes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.eval.gold import load_gold  # noqa: E402
from qa.eval.metrics import contains_gold  # noqa: E402
from store.arabic import has_arabic  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpora" / "prose"
SETS = {  # file -> (id prefix, expected counts per (lang, answerable))
    "prose_dev.jsonl": (
        "prose-d-",
        {("ar", True): 20, ("en", True): 20, ("ar", False): 4, ("en", False): 4},
    ),
    "prose_dev2.jsonl": (
        "prose-d2-",
        {("ar", True): 20, ("en", True): 20, ("ar", False): 4, ("en", False): 4},
    ),
    "prose_heldout.jsonl": (
        "prose-h-",
        {("ar", True): 17, ("en", True): 17, ("ar", False): 3, ("en", False): 3},
    ),
}
CORPUS_FILES = 40
MIN_CHARS, MAX_CHARS = 1200, 3500
MIN_QUOTE, MAX_QUOTE = 10, 250
TYPES = frozenset({"person", "place", "date", "number", "thing", "reason", "description", "yesno"})
FIELDS = frozenset({"id", "lang", "question", "answers", "sources", "evidence", "answerable", "type"})
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def fail(self, where: str, why: str) -> None:
        self.problems.append(f"{where}: {why}")


def check_corpus(report: Report) -> dict[str, str]:
    """The corpus texts by file name; size, encoding and naming problems go to the report."""
    texts: dict[str, str] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            report.fail(path.name, f"not UTF-8 ({exc})")
            continue
        texts[path.name] = text
        if not SLUG.match(path.name):
            report.fail(path.name, "name is not a short ASCII slug")
        if not MIN_CHARS <= len(text) <= MAX_CHARS:
            report.fail(path.name, f"{len(text)} characters, outside {MIN_CHARS}-{MAX_CHARS}")
    if len(texts) != CORPUS_FILES:
        report.fail(CORPUS.name, f"{len(texts)} .txt files, expected {CORPUS_FILES}")
    sizes = sorted(len(t) for t in texts.values())
    if sizes:
        span = f"{sizes[0]}-{sizes[-1]} each"
        report.lines.append(f"corpus: {len(texts)} files, {sum(sizes)} characters ({span})")
    return texts


def read_rows(path: Path, report: Report) -> list[dict]:
    """The raw JSON rows (for the extra `type` field) after the project's own loader has accepted them."""
    gold = load_gold(path)
    for error in gold.errors:
        report.fail(path.name, error)
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                report.fail(f"{path.name}:{n}", f"invalid JSON ({exc})")
    return rows


def check_answerable(row: dict, where: str, texts: dict[str, str], report: Report) -> None:
    if not row["answers"] or not row["sources"] or not row["evidence"]:
        report.fail(where, "answerable but answers, sources or evidence is empty")
    for source in row["sources"]:
        if source not in texts:
            report.fail(where, f"source {source!r} is not in the corpus")
    for quote in row["evidence"]:
        if not MIN_QUOTE <= len(quote) <= MAX_QUOTE:
            report.fail(where, f"evidence of {len(quote)} characters: {quote[:40]}…")
        if not any(quote in texts.get(source, "") for source in row["sources"]):
            report.fail(where, f"evidence is not an exact substring of its sources: {quote[:60]}…")
    if row["lang"] == "en":
        for answer in row["answers"]:
            if has_arabic(answer):
                report.fail(where, f"Arabic in an English answer: {answer!r}")
    elif not contains_gold(" ".join(row["evidence"]), row["answers"]):
        report.fail(where, "no Arabic answer occurs in the row's own evidence")


def check_row(row: dict, prefix: str, where: str, texts: dict[str, str], report: Report) -> None:
    if set(row) != FIELDS:
        report.fail(where, f"fields {sorted(set(row) ^ FIELDS)} differ from the gold format")
    if not str(row.get("id", "")).startswith(prefix):
        report.fail(where, f"id {row.get('id')!r} lacks the prefix {prefix!r}")
    if row.get("lang") not in ("ar", "en"):
        report.fail(where, f"lang {row.get('lang')!r}")
    if row.get("type") not in TYPES:
        report.fail(where, f"type {row.get('type')!r} not in {sorted(TYPES)}")
    if row.get("answerable") is True:
        check_answerable(row, where, texts, report)
    elif row.get("answerable") is False:
        if row.get("answers") or row.get("sources") or row.get("evidence"):
            report.fail(where, "unanswerable but answers, sources or evidence is not empty")
    else:
        report.fail(where, "answerable must be true or false")


def check_set(name: str, texts: dict[str, str], report: Report) -> list[dict]:
    prefix, expected = SETS[name]
    path = ROOT / "tests" / "data" / name
    if not path.exists():
        report.fail(name, "missing")
        return []
    rows = read_rows(path, report)
    for n, row in enumerate(rows, 1):
        check_row(row, prefix, f"{name}:{n} ({row.get('id')})", texts, report)
    ids = Counter(row.get("id") for row in rows)
    for row_id, count in ids.items():
        if count > 1:
            report.fail(name, f"id {row_id!r} used {count} times")
    counts = Counter((row.get("lang"), row.get("answerable")) for row in rows)
    if counts != Counter(expected):
        report.fail(name, f"counts {dict(counts)} differ from {expected}")
    summarise(name, rows, report)
    return rows


def summarise(name: str, rows: list[dict], report: Report) -> None:
    counts = Counter((row.get("lang"), row.get("answerable")) for row in rows)
    types = Counter(row.get("type") for row in rows if row.get("answerable"))
    files = Counter(source for row in rows for source in row.get("sources", []))
    report.lines.append(
        f"{name}: {len(rows)} rows; answerable ar {counts['ar', True]} en {counts['en', True]}; "
        f"unanswerable ar {counts['ar', False]} en {counts['en', False]}; "
        f"{len(files)} source files; types {dict(sorted(types.items()))}"
    )


def evidence_spans(rows: list[dict], texts: dict[str, str]) -> dict[str, list[tuple[int, int, str]]]:
    """Where each evidence quote sits in its source, per file: (start, end, row id)."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for row in rows:
        for quote in row.get("evidence", []):
            for source in row.get("sources", []):
                start = texts.get(source, "").find(quote)
                if start >= 0:
                    spans.setdefault(source, []).append((start, start + len(quote), row["id"]))
    return spans


def check_disjoint(
    sets: tuple[tuple[str, list[dict]], tuple[str, list[dict]]],
    texts: dict[str, str],
    report: Report,
    share_files: bool,
) -> None:
    """Two sets ask about different facts: no shared question, no overlapping evidence span, and, unless
    `share_files`, no source file quoted by both (a development set and the held-out set)."""
    (a_name, a_rows), (b_name, b_rows) = sets
    pair = f"{a_name}/{b_name}"
    shared = {row["question"] for row in a_rows} & {row["question"] for row in b_rows}
    for question in sorted(shared):
        report.fail(pair, f"same question in both sets: {question}")
    a_spans, b_spans = evidence_spans(a_rows, texts), evidence_spans(b_rows, texts)
    common = sorted(set(a_spans) & set(b_spans))
    if common and not share_files:
        report.fail(pair, f"source files quoted by both sets: {common}")
    for source in common:
        for a_start, a_end, a_id in a_spans[source]:
            for b_start, b_end, b_id in b_spans[source]:
                if a_start < b_end and b_start < a_end:
                    report.fail(pair, f"{a_id} and {b_id} quote overlapping text of {source}")
    report.lines.append(
        f"{pair}: {len(common)} source files shared, {len(set(a_spans))} and {len(set(b_spans))} source files"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print problems only")
    args = parser.parse_args(argv)
    report = Report()
    texts = check_corpus(report)
    rows = {name: check_set(name, texts, report) for name in SETS}
    for dev in ("prose_dev.jsonl", "prose_dev2.jsonl"):
        check_disjoint(
            ((dev, rows[dev]), ("prose_heldout.jsonl", rows["prose_heldout.jsonl"])), texts, report, False
        )
    check_disjoint(
        (("prose_dev.jsonl", rows["prose_dev.jsonl"]), ("prose_dev2.jsonl", rows["prose_dev2.jsonl"])),
        texts,
        report,
        True,
    )
    if not args.quiet:
        print("\n".join(report.lines))
    for problem in report.problems:
        print(f"PROBLEM {problem}")
    print(f"{len(report.problems)} problems" if report.problems else "all checks passed")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
