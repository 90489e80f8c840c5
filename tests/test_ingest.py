"""Incremental ingest with the real embedding model and a real (embedded) Chroma."""

from pathlib import Path

import pytest

from qa.open_index import open_index
from tests.conftest import make_settings

UNIQUE = "أعلن مهرجان الزيتون في مدينة جرش عن جائزة قدرها 777 دينارا لأفضل زيت."


def _index(tmp_path: Path):
    return open_index(make_settings(tmp_path / "data"))


def _files_for(index, query: str) -> list[str]:
    """Files of the BM25 hits, best first."""
    ids = [i for i, _ in index.lexical_search(query, 5)]
    chunks = index.chunks(ids)
    return list(dict.fromkeys(chunks[i].file for i in ids))


def test_add_modify_delete_keep_vectors_and_bm25_in_step(tmp_path: Path, corpus: Path) -> None:
    index = _index(tmp_path)
    first = index.ingest(corpus)
    assert (first.added, first.updated, first.removed, first.skipped) == (2, 0, 0, 0)
    assert index.vectors.all_ids() == index.manifest.chunk_ids()

    again = index.ingest(corpus)
    assert (again.added, again.updated, again.skipped) == (0, 0, 2)

    (corpus / "new.txt").write_text(UNIQUE, encoding="utf-8")
    added = index.ingest(corpus)
    assert added.added == 1 and _files_for(index, "مهرجان الزيتون جرش")[0] == "new.txt"
    assert index.dense_search("مهرجان الزيتون في جرش", 1)[0][0] in index.manifest.chunk_ids("new.txt")

    (corpus / "new.txt").write_text("نص مختلف تماما عن الطقس في عمان اليوم.", encoding="utf-8")
    modified = index.ingest(corpus)
    assert modified.updated == 1
    assert "new.txt" not in _files_for(index, "مهرجان الزيتون جرش 777")  # the old text is gone from BM25 …
    assert index.vectors.all_ids() == index.manifest.chunk_ids()  # … and from the vectors

    (corpus / "new.txt").unlink()
    removed = index.ingest(corpus)
    assert removed.removed == 1 and "new.txt" not in {f.name for f in index.files()}
    assert index.vectors.all_ids() == index.manifest.chunk_ids()


def test_a_reopened_index_rebuilds_bm25_from_the_manifest(tmp_path: Path, corpus: Path) -> None:
    index = _index(tmp_path)
    index.ingest(corpus)
    index.close()
    reopened = _index(tmp_path)
    assert _files_for(reopened, "وزيرة خارجية كوريا الشمالية تشوي سون هوي")[0] == "002_d335a78e266bf796.txt"


def test_interrupted_ingest_leaves_the_previous_index_usable(tmp_path: Path, corpus: Path) -> None:
    index = _index(tmp_path)
    index.ingest(corpus)
    before = index.manifest.chunk_ids()
    (corpus / "new.txt").write_text(UNIQUE, encoding="utf-8")
    (corpus / "002_d335a78e266bf796.txt").write_text("تغيير كامل للنص.", encoding="utf-8")

    def interrupt(done: int, total: int, what: str) -> None:
        if done:  # after the first file's vectors and manifest rows, like Ctrl-C mid-run
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.ingest(corpus, interrupt)
    index.close()
    reopened = _index(tmp_path)
    assert reopened.dense_search("زيارة بوتين", 3)  # still answers
    assert set(reopened.chunks(list(before))) or reopened.manifest.chunk_ids()
    finished = reopened.ingest(corpus)  # the next run completes the work
    assert finished.added + finished.updated >= 1
    assert reopened.vectors.all_ids() == reopened.manifest.chunk_ids()


def test_index_name_encodes_model_chunking_and_normaliser(tmp_path: Path) -> None:
    from qa.open_index import index_config
    from store.index import index_name

    a = index_name(index_config(make_settings(tmp_path)))
    b = index_name(index_config(make_settings(tmp_path, chunk_size=400)))
    assert a != b and "me5s" in a and "-n" in a
