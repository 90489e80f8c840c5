"""Manifest.files() is kept between calls but follows every change: this connection's transactions and
other connections' (another process ingesting)."""

from __future__ import annotations

from pathlib import Path

from store.manifest import FileRecord, Manifest


def _record(name: str, sha: str) -> FileRecord:
    return FileRecord(name, "/root", sha, 0, 1.0)


def test_file_list_follows_own_and_other_connections_changes(tmp_path: Path) -> None:
    path = tmp_path / "manifest.sqlite"
    mine, other = Manifest(path), Manifest(path)
    assert mine.files() == []
    with mine.transaction() as db:
        Manifest.begin_file(db, _record("src/a.txt", "1"), "text a")
    assert [r.name for r in mine.files()] == ["src/a.txt"]
    with other.transaction() as db:
        Manifest.begin_file(db, _record("src/b.txt", "2"), "text b")
        Manifest.finish_file(db, "src/b.txt", 2.0)
    assert [(r.name, r.complete) for r in mine.files()] == [("src/a.txt", False), ("src/b.txt", True)]
    with mine.transaction() as db:  # inside a transaction: its own uncommitted rows are seen
        Manifest.remove_file(db, "src/a.txt")
        assert [r.name for r in mine.files()] == ["src/b.txt"]
    assert [r.name for r in mine.files()] == ["src/b.txt"]
    try:
        with mine.transaction() as db:
            Manifest.begin_file(db, _record("src/c.txt", "3"), "text c")
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    assert [r.name for r in mine.files()] == ["src/b.txt"]
    mine.files().clear()  # callers get their own list
    assert len(mine.files()) == 1
    mine.close()
    other.close()
