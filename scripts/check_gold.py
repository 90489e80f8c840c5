"""Check gold-set files before anyone evaluates on them (the rules of the gold format, docs of the eval).

For each .jsonl file: every row loads (qa.eval.gold, the format's one home), ids are unique and share
one prefix, `lang` is "ar" or "en", an answerable row has answers, sources and evidence while an
unanswerable one has none, every source exists in the corpus folder, every evidence quote is an EXACT
substring of one of its sources, and English answers hold no Arabic script. Prints the counts per
language and answerability; with several files and --disjoint, no source may be used by two of them.

    python scripts/check_gold.py tests/data/news_heldout.jsonl                  # corpus: seeds/
    python scripts/make_hadith_corpus.py --out /tmp/hadith-corpus
    python scripts/check_gold.py --corpus /tmp/hadith-corpus --disjoint \\
        tests/data/classical_dev.jsonl tests/data/classical_dev2.jsonl tests/data/classical_heldout.jsonl

Exit code 0 when every file passes, 1 otherwise (one line per problem).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.eval.gold import GoldItem, load_gold  # noqa: E402

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
QUOTE_CHARS = (10, 250)  # the length a quote of "the sentence or clause that answers" has


def row_problems(item: GoldItem, corpus: Path, texts: dict[str, str]) -> list[str]:
    """What is wrong with one row (empty when it is fine)."""
    problems = []
    if item.lang not in ("ar", "en"):
        problems.append(f"lang must be 'ar' or 'en' (got {item.lang!r})")
    if item.answerable and not (item.answers and item.sources and item.evidence):
        problems.append("an answerable row needs answers, sources and evidence")
    if not item.answerable and (item.answers or item.sources or item.evidence):
        problems.append("an unanswerable row has empty answers, sources and evidence")
    if item.lang == "en":
        problems += [
            f"English answer with Arabic script: {a!r}" for a in item.answers if ARABIC_SCRIPT.search(a)
        ]
    for name in item.sources:
        if name not in texts:
            path = corpus / name
            texts[name] = path.read_text(encoding="utf-8") if path.is_file() else ""
        if not texts[name]:
            problems.append(f"source {name} is not in {corpus}")
    for quote in item.evidence:
        if not any(quote in texts.get(name, "") for name in item.sources):
            problems.append(f"evidence is not an exact substring of its sources: {quote[:60]!r}")
        elif not QUOTE_CHARS[0] <= len(quote) <= QUOTE_CHARS[1]:
            problems.append(f"evidence of {len(quote)} characters (want {QUOTE_CHARS[0]}-{QUOTE_CHARS[1]})")
    return problems


def check_file(path: Path, corpus: Path, texts: dict[str, str]) -> tuple[list[str], list[GoldItem]]:
    gold = load_gold(path)
    problems = [f"{path.name}: {error}" for error in gold.errors]
    prefixes = {item.id.rsplit("-", 1)[0] for item in gold.items}
    if len(prefixes) > 1:
        problems.append(f"{path.name}: ids have several prefixes: {sorted(prefixes)}")
    for item in gold.items:
        problems += [f"{path.name} {item.id}: {p}" for p in row_problems(item, corpus, texts)]
    return problems, gold.items


def summary(path: Path, items: list[GoldItem]) -> str:
    counts = Counter((item.lang, item.answerable) for item in items)
    parts = [
        f"{lang} answerable {counts[(lang, True)]}, unanswerable {counts[(lang, False)]}"
        for lang in ("ar", "en")
    ]
    sources = {name for item in items for name in item.sources}
    return f"{path.name}: {len(items)} rows; " + "; ".join(parts) + f"; {len(sources)} source files"


def shared_sources(sets: dict[Path, list[GoldItem]]) -> list[str]:
    owners: dict[str, set[str]] = {}
    for path, items in sets.items():
        for item in items:
            for name in item.sources:
                owners.setdefault(name, set()).add(path.name)
    return [
        f"{name} is a source in {sorted(files)}" for name, files in sorted(owners.items()) if len(files) > 1
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, help="gold .jsonl files")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="folder of the source files")
    parser.add_argument("--disjoint", action="store_true", help="the files may not share a source file")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"error: {args.corpus} is not a folder; pass --corpus (see --help)")
    texts: dict[str, str] = {}
    problems: list[str] = []
    sets: dict[Path, list[GoldItem]] = {}
    for path in args.files:
        if not path.is_file():
            problems.append(f"{path}: no such file")
            continue
        found, sets[path] = check_file(path, args.corpus, texts)
        problems += found
        print(summary(path, sets[path]))
    if args.disjoint:
        problems += shared_sources(sets)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print("ok" if not problems else f"{len(problems)} problems", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
