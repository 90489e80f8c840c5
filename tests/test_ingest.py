"""Incremental, batched ingest with the real embedding model and a real (embedded) Chroma: vectors, the
lexical index and the manifest stay in step through adds, changes, removals, interruptions and kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.open_index import open_index
from qa.settings import PROJECT_ROOT
from store.chunking import chunk_document
from tests.conftest import SEEDS, make_settings

UNIQUE = "أعلن مهرجان الزيتون في مدينة جرش عن جائزة قدرها 777 دينارا لأفضل زيت."


def _index(tmp_path: Path, **overrides: object):
    return open_index(make_settings(tmp_path / "data", **overrides))


def _files_for(index, query: str) -> list[str]:
    """Files of the lexical hits, best first."""
    ids = [i for i, _ in index.lexical_search(query, 5)]
    chunks = index.chunks(ids)
    return list(dict.fromkeys(chunks[i].file for i in ids))


def _in_step(index) -> int:
    """The three stores agree: the same chunk ids in Chroma and the manifest, as many lexical documents."""
    ids = index.manifest.chunk_ids()
    assert index.vectors.all_ids() == ids
    assert index.manifest.lexical.count() == len(ids) == index.vectors.count()
    return len(ids)


def test_add_modify_delete_keep_vectors_and_lexical_index_in_step(tmp_path: Path, corpus: Path) -> None:
    index = _index(tmp_path)
    first = index.ingest(corpus)
    assert (first.added, first.updated, first.removed, first.skipped) == (2, 0, 0, 0)
    assert first.embedded == first.chunks == _in_step(index)

    again = index.ingest(corpus)
    assert (again.added, again.updated, again.skipped, again.embedded) == (0, 0, 2, 0)

    (corpus / "new.txt").write_text(UNIQUE, encoding="utf-8")
    added = index.ingest(corpus)
    assert added.added == 1 and _files_for(index, "مهرجان الزيتون جرش")[0] == "corpus/new.txt"
    assert index.dense_search("مهرجان الزيتون في جرش", 1)[0][0] in index.manifest.chunk_ids("corpus/new.txt")

    (corpus / "new.txt").write_text("نص مختلف تماما عن الطقس في عمان اليوم.", encoding="utf-8")
    modified = index.ingest(corpus)
    assert modified.updated == 1
    assert "corpus/new.txt" not in _files_for(
        index, "مهرجان الزيتون جرش 777"
    )  # the old text is gone lexically …
    _in_step(index)  # … and from the vectors

    (corpus / "new.txt").unlink()
    removed = index.ingest(corpus)
    assert removed.removed == 1 and "corpus/new.txt" not in {f.name for f in index.files()}
    _in_step(index)


def test_many_small_files_are_batched_and_stay_in_step(tmp_path: Path) -> None:
    folder = tmp_path / "paragraphs"
    folder.mkdir()
    paragraphs = [
        p.strip() for f in sorted(SEEDS.iterdir()) for p in f.read_text("utf-8").split("\n") if p.strip()
    ]
    for i, paragraph in enumerate(paragraphs[:60]):
        (folder / f"p{i:03d}.txt").write_text(paragraph, encoding="utf-8")
    index = _index(tmp_path, ingest_batch=16)
    summary = index.ingest(folder)
    assert summary.added == 60 and summary.files == 60
    assert summary.embedded == summary.chunks == _in_step(index)
    assert all(record.complete for record in index.files())
    segments = index.manifest._db.execute("SELECT COUNT(*) FROM lex_segments").fetchone()[0]
    assert segments < summary.chunks / 16 + 1  # one segment per batch at most (merged as they fill)


def test_a_reopened_index_searches_its_persistent_lexical_index(tmp_path: Path, corpus: Path) -> None:
    index = _index(tmp_path)
    index.ingest(corpus)
    index.close()
    reopened = _index(tmp_path)
    assert (
        _files_for(reopened, "وزيرة خارجية كوريا الشمالية تشوي سون هوي")[0]
        == "corpus/002_d335a78e266bf796.txt"
    )


def test_interrupted_ingest_keeps_its_batches_and_the_next_run_resumes(tmp_path: Path, corpus: Path) -> None:
    index = _index(tmp_path, ingest_batch=4)
    index.ingest(corpus)
    before = index.manifest.chunk_ids()
    (corpus / "new.txt").write_text(UNIQUE, encoding="utf-8")
    (corpus / "002_d335a78e266bf796.txt").write_text("تغيير كامل للنص. " * 3, encoding="utf-8")
    big = corpus / "zz-long.txt"
    big.write_text((SEEDS / "003_08a461d4136db840.txt").read_text("utf-8"), encoding="utf-8")

    def interrupt(done: int, total: int, what: str) -> None:
        if what == "corpus/zz-long.txt":  # after the first committed batch of the long file, like Ctrl-C
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.ingest(corpus, interrupt)
    index.close()
    reopened = _index(tmp_path, ingest_batch=4)
    assert reopened.dense_search("زيارة بوتين", 3)  # still answers
    partial = {r.name: r for r in reopened.files()}["corpus/zz-long.txt"]
    assert (
        not partial.complete and 0 < len(reopened.manifest.chunk_ids("corpus/zz-long.txt")) < partial.n_chunks
    )
    assert before & reopened.manifest.chunk_ids()  # the untouched file kept its chunks
    finished = reopened.ingest(corpus)  # the next run completes the work, embedding only what was left
    assert finished.added == 1 and finished.skipped == 3
    assert 0 < finished.embedded < partial.n_chunks
    assert all(record.complete for record in reopened.files())
    _in_step(reopened)


KILL_SCRIPT = """
import sys
from pathlib import Path
from qa.open_index import open_index
from tests.conftest import make_settings
index = open_index(make_settings(Path(sys.argv[1]), ingest_batch=8))
index.ingest(Path(sys.argv[2]))
"""


def test_kill_9_mid_ingest_then_ingest_again_counts_agree(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in sorted(SEEDS.iterdir()):
        (folder / f.name).write_text(f.read_text("utf-8"), encoding="utf-8")
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(data), str(folder)], env=env)
    manifest = None
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and proc.poll() is None:
            manifest = manifest or next(data.glob("indexes/*/manifest.sqlite"), None)
            if manifest and _committed_chunks(manifest) >= 16:  # two batches in: kill mid-run
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    index = _index(tmp_path, ingest_batch=8)
    killed_at = index.manifest.count_chunks()
    texts = [(f.name, f.read_text("utf-8")) for f in sorted(folder.iterdir())]
    total = sum(len(chunk_document(name, text, 300, 1, 75)) for name, text in texts)
    assert 0 < killed_at < total and index.vectors.count() >= killed_at  # vectors are written first
    summary = index.ingest(folder)
    assert summary.embedded == total - killed_at  # resumed: nothing committed is embedded again
    assert _in_step(index) == total == summary.chunks


def _committed_chunks(manifest: Path) -> int:
    try:
        with sqlite3.connect(f"file:{manifest}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    except sqlite3.Error:  # created but not yet initialised
        return 0


def test_index_name_encodes_model_chunking_normaliser_and_store_format(tmp_path: Path) -> None:
    from qa.open_index import index_config
    from store.index import index_name

    a = index_name(index_config(make_settings(tmp_path)))
    b = index_name(index_config(make_settings(tmp_path, chunk_size=400)))
    c = index_name(index_config(make_settings(tmp_path, sentence_vectors="pooled")))
    d = index_name(index_config(make_settings(tmp_path, chunk_min_chars=0)))
    assert len({a, b, c, d}) == 4 and "me5s" in a and "-n" in a and "-f4s" in a and "-f4p" in c
    assert "-c300o1m75-" in a and "-c300o1-" in d  # no minimum: the name of before the minimum existed
