"""Document identity (source label + relative path) with the real embedding model and a real Chroma: the same
file name in two folders and an upload stays three documents; a folder named like another source is refused
unless --replace; an upload replacing another of the same name needs a confirmation (UI checkbox, HTTP
`replace`, else 409); a previous-layout index is migrated; the size limit per file."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import httpx
import numpy as np
import pytest

from qa.assistant import Assistant
from qa.cli.output import files_listing
from qa.open_index import index_config, open_index
from qa.retrieve import Retriever
from qa.service import create_app
from qa.ui import ChatUI, UploadExists, add_upload
from store.check import check_index
from store.identity import uploads_folder
from store.index import index_folder, index_name
from store.migrate import PENDING
from tests.conftest import make_settings
from tests.helpers import run_qa
from tests.test_service import start

FACTS = {
    "alpha": "أعلن مهرجان الزيتون في مدينة جرش عن جائزة قدرها 777 دينارا لأفضل زيت.",
    "beta": "افتتحت بلدية نابلس مكتبة عامة جديدة تضم عشرين ألف كتاب في وسط المدينة.",
    "uploads": "وصل فريق كرة السلة الأردني إلى نهائي البطولة العربية بعد فوزه على منتخب مصر.",
}
QUESTIONS = {
    "alpha": "ما قيمة جائزة مهرجان الزيتون في جرش؟",
    "beta": "كم كتابا تضم مكتبة نابلس الجديدة؟",
    "uploads": "على من فاز فريق كرة السلة الأردني؟",
}


def _folder(parent: Path, name: str, files: dict[str, str]) -> Path:
    folder = parent / name
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def _upload_file(tmp_path: Path, name: str, text: str) -> Path:
    """A file as a browser upload leaves it: a temporary folder, the user's file name."""
    folder = tmp_path / f"upload-{hashlib.sha1(text.encode()).hexdigest()[:8]}"
    folder.mkdir()
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _in_step(index) -> None:
    report = check_index(index)
    assert report.in_step, report.rows()


def test_same_named_files_of_two_folders_and_an_upload_are_three_documents(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    alpha = _folder(tmp_path, "alpha", {"a.txt": FACTS["alpha"]})
    beta = _folder(tmp_path, "beta", {"a.txt": FACTS["beta"], "other.txt": FACTS["beta"] + " وفي المساء."})
    index = open_index(settings)
    try:
        index.ingest(alpha)
        index.ingest(beta)
        add_upload(
            index, uploads_folder(settings.data_dir), _upload_file(tmp_path, "a.txt", FACTS["uploads"]), 5
        )
        names = {r.name for r in index.files()}
        assert names == {"alpha/a.txt", "beta/a.txt", "beta/other.txt", "uploads/a.txt"}
        uploads = str(uploads_folder(settings.data_dir).resolve())
        assert index.sources() == {
            "alpha": str(alpha.resolve()),
            "beta": str(beta.resolve()),
            "uploads": uploads,
        }
        listing = files_listing(index.files(), index.sources())
        assert f"alpha\t{alpha.resolve()}\t1 document\n" in listing and "  uploads/a.txt\t" in listing
        _in_step(index)

        retriever = Retriever(index, settings)
        for source, question in QUESTIONS.items():
            best = retriever.retrieve(question).passages[0]
            assert (best.document, best.file) == (f"{source}/a.txt", "a.txt")
            assert FACTS[source] in index.file_text(best.document)

        (alpha / "a.txt").unlink()
        (alpha / "b.txt").write_text("نص آخر عن الطقس في عمان.", encoding="utf-8")
        summary = index.ingest(alpha)  # only alpha's a.txt is gone: beta's and the upload stay
        assert (summary.removed, summary.added, summary.source) == (1, 1, "alpha")
        assert {r.name for r in index.files()} == {
            "alpha/b.txt",
            "beta/a.txt",
            "beta/other.txt",
            "uploads/a.txt",
        }
        assert index.resolve_document("a.txt") is None and len(index.documents_named("a.txt")) == 2
        assert index.remove_document("uploads/a.txt") and len(index.documents_named("a.txt")) == 1
        _in_step(index)
    finally:
        index.close()


def test_citations_carry_the_relative_file_and_the_document(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", backend="extractive")
    index = open_index(settings)
    index.ingest(_folder(tmp_path, "alpha", {"a.txt": FACTS["alpha"]}))
    index.ingest(_folder(tmp_path, "beta", {"a.txt": FACTS["beta"]}))
    assistant = Assistant(settings, index)
    try:
        answer = assistant.ask(QUESTIONS["beta"])
        assert not answer.refused and answer.citations, answer.model_dump_json()
        record = json.loads(answer.model_dump_json())
        assert {(c["file"], c["document"]) for c in record["citations"]} == {("a.txt", "beta/a.txt")}
        assert record["passages"][0]["document"] == "beta/a.txt" and record["passages"][0]["file"] == "a.txt"
    finally:
        assistant.close()
        index.close()


def test_a_folder_named_like_another_source_needs_replace(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _folder(tmp_path / "one", "docs", {"a.txt": FACTS["alpha"], "old.txt": FACTS["beta"]})
    second = _folder(tmp_path / "two", "docs", {"a.txt": FACTS["uploads"], "b.txt": FACTS["beta"]})
    assert run_qa("ingest", str(first), data_dir=data).returncode == 0

    refused = run_qa("ingest", str(second), data_dir=data)
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert refused.returncode == 2 and len(lines) == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert str(second.resolve()) in lines[0] and str(first.resolve()) in lines[0] and "--replace" in lines[0]

    taken = run_qa("ingest", str(second), "--replace", "--json", data_dir=data)
    assert taken.returncode == 0, taken.stderr
    summary = json.loads(taken.stdout)
    assert (summary["added"], summary["updated"], summary["removed"], summary["source"]) == (1, 1, 1, "docs")

    listing = run_qa("files", data_dir=data)
    assert listing.returncode == 0, listing.stderr
    lines = [" ".join(line.split()) for line in listing.stdout.splitlines()]  # the console expands tabs
    assert f"docs {second.resolve()} 2 documents" in lines
    assert (
        "docs/a.txt" in listing.stdout and "docs/b.txt" in listing.stdout and "old.txt" not in listing.stdout
    )


def test_a_copy_of_a_source_folder_takes_it_over_without_asking(tmp_path: Path) -> None:
    """A re-cloned or copied project (same label, identical files, plus a new one) loses nothing: no
    refusal, nothing re-embedded, and the copy is the source's root from then on."""
    data = tmp_path / "data"
    files = {"a.txt": FACTS["alpha"], "b.txt": FACTS["beta"]}
    first = _folder(tmp_path / "one", "docs", files)
    copy = _folder(tmp_path / "clone", "docs", {**files, "c.txt": FACTS["uploads"]})
    assert run_qa("ingest", str(first), data_dir=data).returncode == 0

    taken = run_qa("ingest", str(copy), "--json", data_dir=data)
    assert taken.returncode == 0, taken.stderr
    summary = json.loads(taken.stdout)
    assert (summary["added"], summary["updated"], summary["removed"], summary["skipped"]) == (1, 0, 0, 2)
    listing = run_qa("files", data_dir=data)
    lines = [" ".join(line.split()) for line in listing.stdout.splitlines()]
    assert f"docs {copy.resolve()} 3 documents" in lines, listing.stdout

    (copy / "a.txt").write_text(FACTS["beta"], encoding="utf-8")  # no longer a copy of the first root
    assert run_qa("ingest", str(first), data_dir=data).returncode == 2


def test_an_upload_replacing_another_needs_the_checkbox(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", backend="extractive")
    assistant = Assistant(settings)
    ui = ChatUI(assistant)
    try:
        first = _upload_file(tmp_path, "note.txt", FACTS["alpha"])
        status, _ = ui.upload([str(first)])
        assert "note.txt: indexed" in status
        status, _ = ui.upload([str(first)])
        assert "note.txt: unchanged, already indexed" in status

        other = _upload_file(tmp_path, "note.txt", FACTS["beta"])
        status, corpus = ui.upload([str(other)], replace=False)
        assert "qa-status-error" in status and "replace" in status and "uploads/note.txt" in corpus
        assert FACTS["alpha"] in assistant.index.file_text("uploads/note.txt")
        with pytest.raises(UploadExists):
            add_upload(assistant.index, ui.uploads, other, 5)

        status, _ = ui.upload([str(other)], replace=True)
        assert "note.txt: replaced" in status and "qa-status-error" not in status
        assert FACTS["beta"] in assistant.index.file_text("uploads/note.txt")
        assert (ui.uploads / "note.txt").read_text(encoding="utf-8") == FACTS["beta"]
        _in_step(assistant.index)
    finally:
        assistant.close()


def test_the_service_answers_409_to_a_replacing_upload_unless_asked(tmp_path: Path) -> None:
    running = start(create_app(make_settings(tmp_path / "data", backend="extractive"), with_ui=False))
    url = running.url + "/v1/ingest/upload"
    try:

        def post(text: str, **kwargs: object) -> httpx.Response:
            return httpx.post(url, files=[("files", ("note.txt", text.encode()))], timeout=300, **kwargs)

        assert post(FACTS["alpha"]).json()["indexed"] == ["note.txt: indexed"]
        conflict = post(FACTS["beta"])
        assert conflict.status_code == 409, conflict.text
        body = conflict.json()
        assert body["error"]["type"] == "UploadExists" and "note.txt" in body["error"]["message"]
        assert body["indexed"] == [] and len(body["errors"]) == 1
        assert post(FACTS["beta"], data={"replace": "true"}).json()["indexed"] == ["note.txt: replaced"]
        assert post(FACTS["uploads"], params={"replace": "true"}).json()["indexed"] == ["note.txt: replaced"]
        assert post(FACTS["uploads"]).json()["indexed"] == ["note.txt: unchanged, already indexed"]

        listed = httpx.get(running.url + "/v1/files").json()
        assert [(f["name"], f["document"], f["source"]) for f in listed] == [
            ("note.txt", "uploads/note.txt", "uploads")
        ]
        deleted = httpx.delete(running.url + "/v1/files/uploads/note.txt").json()
        assert deleted == {"deleted": "uploads/note.txt", "document": "uploads/note.txt"}
    finally:
        running.stop()


# --- migration of a previous-layout index ----------------------------------------------------------


def _write_previous_layout(new_folder: Path, old_folder: Path) -> None:
    """The format-3 manifest of the same documents: keyed by relative path, chunk ids of 24 characters
    (sha1 of path, offset, text), no sources table; written from a format-4 manifest by SQL."""
    old_folder.mkdir(parents=True)
    source = sqlite3.connect(new_folder / "manifest.sqlite")
    source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    source.close()
    shutil.copy(new_folder / "manifest.sqlite", old_folder / "manifest.sqlite")
    db = sqlite3.connect(old_folder / "manifest.sqlite")
    relative = "substr({0}, instr({0}, '/') + 1)"
    with db:
        db.execute(f"UPDATE files SET name = {relative.format('name')}")
        db.execute(f"UPDATE chunks SET file = {relative.format('file')}, id = substr(id, 1, 24)")
        db.execute(f"UPDATE sentences SET file = {relative.format('file')}")
        db.execute(f"UPDATE pages SET file = {relative.format('file')}")
        db.execute("DROP TABLE sources")
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()


def test_a_previous_layout_index_is_migrated_without_re_embedding(tmp_path: Path, corpus: Path) -> None:
    built = make_settings(tmp_path / "built")
    index = open_index(built)
    index.ingest(corpus)
    chunk_ids = sorted(index.chunk_ids())
    vectors = index.vectors.vectors_of(chunk_ids)
    question = "ما الذي قالته وزيرة خارجية كوريا الشمالية؟"
    expected = [(p.document, p.start, p.score) for p in Retriever(index, built).retrieve(question).passages]
    index.close()

    # the same index as the previous version wrote it, in another data folder: manifest and collection
    settings = make_settings(tmp_path / "data")
    config = index_config(settings)
    old_folder = index_folder(config, "3")
    _write_previous_layout(index_folder(index_config(built)), old_folder)
    old_manifest = (old_folder / "manifest.sqlite").read_bytes()
    import chromadb

    client = chromadb.PersistentClient(path=str(settings.data_dir / "chroma"))
    old = client.get_or_create_collection(index_name(config, "3"), metadata={"hnsw:space": "cosine"})
    old.add(ids=[i[:24] for i in chunk_ids], embeddings=np.stack([vectors[i] for i in chunk_ids]))

    lines: list[str] = []
    index = open_index(settings, note=lines.append)
    try:
        assert lines == [
            f"migrated the index to document identities: 2 files, {len(chunk_ids)} chunks "
            f"({len(chunk_ids)} vectors copied); the old index {old_folder} is left in place"
        ]
        assert {r.name for r in index.files()} == {f"corpus/{p.name}" for p in corpus.iterdir()}
        assert index.sources() == {"corpus": str(corpus.resolve())}
        assert sorted(index.chunk_ids()) == chunk_ids
        copied = index.vectors.vectors_of(chunk_ids)
        assert all(np.allclose(copied[i], vectors[i]) for i in chunk_ids)
        _in_step(index)
        got = [(p.document, p.start, p.score) for p in Retriever(index, settings).retrieve(question).passages]
        assert got == expected
        assert not index.manifest.names.pending() and len(index.names) > 100  # names made from the texts
        assert (old_folder / "manifest.sqlite").read_bytes() == old_manifest  # left untouched
        assert sorted(p.name for p in old_folder.iterdir()) == ["manifest.sqlite"]

        # an interrupted copy (vectors missing, the migration still marked pending) is finished on open
        index.vectors.delete(chunk_ids[:5])
        index.manifest.set_meta(PENDING, index_name(config, "3"))
        index.close()
        lines.clear()
        index = open_index(settings, note=lines.append)
        assert (
            lines and lines[0].startswith("finished migrating the index") and "(5 vectors copied)" in lines[0]
        )
        _in_step(index)
        index.close()
        index = open_index(settings, note=lines.append)
        assert len(lines) == 1  # nothing more to do
    finally:
        index.close()


# --- the size limit per file ---------------------------------------------------------------------------


def test_a_50_mb_file_is_skipped_by_default_without_being_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "big", {"small.txt": FACTS["alpha"]})
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing read or embedded
    index = open_index(make_settings(tmp_path / "data"))
    try:
        summary = index.ingest(folder)
        assert (summary.files, summary.added, summary.oversized) == (1, 1, 1)
        assert (
            len(summary.warnings) == 1
            and "huge.txt: 50.0 MB is over the limit of 20 MB" in summary.warnings[0]
        )
        assert "--max-file-mb" in summary.warnings[0] and "QA_MAX_FILE_MB" in summary.warnings[0]
    finally:
        index.close()


def test_max_file_mb_skips_or_admits_a_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = _folder(tmp_path, "docs", {"small.txt": FACTS["alpha"], "big.txt": (FACTS["beta"] + "\n") * 120})
    big = folder / "big.txt"
    assert 12_000 < big.stat().st_size < 20_000
    limit = {"QA_MAX_FILE_MB": "0.01"}  # 10 KB

    skipped = run_qa("ingest", str(folder), "--json", data_dir=data, **limit)
    assert skipped.returncode == 0, skipped.stderr
    assert json.loads(skipped.stdout)["oversized"] == 1
    warning = [line for line in skipped.stderr.splitlines() if line.strip()]
    assert len(warning) == 1 and warning[0].startswith("warning: skipped") and "--max-file-mb" in warning[0]

    single = run_qa("ingest", str(big), data_dir=data, **limit)
    lines = [line for line in single.stderr.splitlines() if line.strip()]
    assert (
        single.returncode == 2 and len(lines) == 1 and "big.txt" in lines[0] and "--max-file-mb" in lines[0]
    )

    admitted = run_qa("ingest", str(big), "--max-file-mb", "1", "--json", data_dir=data, **limit)
    assert admitted.returncode == 0, admitted.stderr
    assert json.loads(admitted.stdout)["added"] == 1
    listing = run_qa("files", data_dir=data).stdout
    assert "docs/big.txt" in listing and "docs/small.txt" in listing
