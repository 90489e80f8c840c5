"""store/atomic.py: files and folders appear whole or not at all; store/documents.py: file_sha256."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from store import atomic
from store.atomic import (
    atomic_folder,
    atomic_open,
    remove_stale_folders,
    write_atomically,
    write_bytes_atomically,
)
from store.documents import file_sha256


def test_a_text_file_is_replaced_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "out.txt"
    write_atomically(path, lambda fh: fh.write("أول\r\n"))  # newline kept as written
    assert path.read_bytes() == "أول\r\n".encode()
    path.chmod(0o640)
    write_atomically(path, lambda fh: fh.write("ثان"), encoding="utf-8-sig")
    assert path.read_bytes() == "ثان".encode("utf-8-sig") and path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")

    def fail(fh) -> None:
        fh.write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(path, fail)
    assert path.read_text(encoding="utf-8") == "old\n" and list(tmp_path.iterdir()) == [path]


def test_binary_writes_with_a_given_mode_and_abandoning_inside_the_block(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    write_bytes_atomically(path, b"\x00\x01", mode=0o644)
    assert path.read_bytes() == b"\x00\x01" and path.stat().st_mode & 0o777 == 0o644
    with pytest.raises(ValueError), atomic_open(path, binary=True) as fh:
        fh.write(b"unverified")
        raise ValueError("checksum mismatch")  # the gguf assembler verifies inside the block
    assert path.read_bytes() == b"\x00\x01" and list(tmp_path.iterdir()) == [path]


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomically(tmp_path / "new.txt", lambda fh: fh.write("x"))
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640


def test_a_folder_is_published_whole_and_replaces_the_old_one(tmp_path: Path) -> None:
    dest = tmp_path / "model"
    dest.mkdir()
    (dest / "stale.txt").write_text("old")
    with atomic_folder(dest, mode=0o755) as staged:
        (staged / "weights").write_bytes(b"w")
        assert not (dest / "weights").exists()  # nothing shows before the block ends
    assert [p.name for p in dest.iterdir()] == ["weights"] and dest.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no temp or trash folder left


def test_a_failed_folder_leaves_the_old_one(tmp_path: Path) -> None:
    dest = tmp_path / "model"
    dest.mkdir()
    (dest / "good").write_text("ok")
    with pytest.raises(RuntimeError), atomic_folder(dest) as staged:
        (staged / "half").write_text("x")
        raise RuntimeError("conversion failed")
    assert [p.name for p in dest.iterdir()] == ["good"] and [p.name for p in tmp_path.iterdir()] == ["model"]


def test_a_folder_published_concurrently_is_kept_when_complete(tmp_path: Path, monkeypatch) -> None:
    dest = tmp_path / "model"

    def other_writer_wins(src: str, dst: str) -> None:  # another converter renames first
        Path(dst).mkdir()
        (Path(dst) / "theirs").write_text("complete")
        raise OSError("Directory not empty")

    monkeypatch.setattr(atomic.os, "rename", other_writer_wins)
    with atomic_folder(dest, accept_existing=lambda: (dest / "theirs").is_file()) as staged:
        (staged / "mine").write_text("x")
    assert [p.name for p in dest.iterdir()] == ["theirs"]


def test_only_old_temp_folders_are_swept(tmp_path: Path) -> None:
    dest = tmp_path / "model"
    old, fresh = tmp_path / ".model.tmp-abc", tmp_path / ".model.tmp-def"
    old.mkdir()
    fresh.mkdir()
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    remove_stale_folders(dest)
    assert not old.exists() and fresh.exists()


def test_file_sha256_reads_in_blocks(tmp_path: Path) -> None:
    data = os.urandom(3 * (1 << 20) + 17)
    (tmp_path / "f").write_bytes(data)
    assert file_sha256(tmp_path / "f") == hashlib.sha256(data).hexdigest()
