"""`qa check` and `qa ingest --repair` (store/check.py) on real indexes: vectors lost, orphan vectors, an
unreadable Chroma folder, and two processes ingesting into one data folder at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from qa.open_index import open_index
from qa.settings import PROJECT_ROOT, Settings
from store.chunking import Chunk
from store.lock import writer_lock
from tests.conftest import SEEDS
from tests.helpers import QA, run_qa


def check(data_dir: Path) -> tuple[int, dict]:
    result = run_qa("check", "--json", data_dir=data_dir)
    return result.returncode, json.loads(result.stdout)


def test_check_finds_and_repair_mends_lost_and_orphan_vectors(tmp_path: Path, corpus: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_qa("ingest", str(corpus), data_dir=data_dir).returncode == 0
    code, report = check(data_dir)
    assert code == 0 and report["in_step"] and report["vectors"] == report["chunks"] > 0

    index = open_index(Settings(data_dir=data_dir))
    with writer_lock(data_dir):
        lost = sorted(index.manifest.chunk_ids())[:3]
        index.vectors.delete(lost)
        ghost = Chunk("gone.txt", 0, 0, 5, "شبح.")
        index.vectors.add([ghost], index.embedder.embed_passages([ghost.text]))
    index.close()

    result = run_qa("check", data_dir=data_dir)
    assert result.returncode == 4
    assert "3 chunks without a vector" in result.stdout and "1 vectors of no chunk" in result.stdout
    assert result.stderr.strip().startswith("error: the index is not in step") and "--repair" in result.stderr

    repaired = run_qa("ingest", "--repair", str(corpus), data_dir=data_dir)
    assert repaired.returncode == 0, repaired.stderr
    assert "3 chunks re-embedded, 1 orphan vectors dropped" in repaired.stderr
    code, report = check(data_dir)
    assert code == 0 and report["missing_vectors"] == [] and report["orphan_vectors"] == []


def test_unreadable_chroma_is_rebuilt_from_the_manifest(tmp_path: Path, corpus: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_qa("ingest", str(corpus), data_dir=data_dir).returncode == 0
    _, before = check(data_dir)
    (data_dir / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)

    broken = run_qa("check", data_dir=data_dir)
    assert broken.returncode != 0 and "Traceback" not in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1

    repaired = run_qa("ingest", "--repair", str(corpus), data_dir=data_dir)
    assert repaired.returncode == 0, repaired.stderr
    assert "set aside" in repaired.stderr
    code, after = check(data_dir)
    assert code == 0 and after["vectors"] == after["chunks"] == before["chunks"]
    assert list(data_dir.glob("chroma.unreadable-*"))  # kept for inspection
    answer = run_qa("ask", "--json", "--backend", "extractive", "متى سيزور بوتين فيتنام؟", data_dir=data_dir)
    assert answer.returncode == 0 and json.loads(answer.stdout)["passages"], answer.stderr


def test_two_processes_ingesting_at_once_leave_the_stores_in_step(tmp_path: Path) -> None:
    """A long ingest and repeated short ones (another folder) into one data dir: the writer lock makes them
    take turns; afterwards every chunk has its vector and nothing else is there."""
    long_corpus, short_corpus = tmp_path / "long", tmp_path / "short"
    long_corpus.mkdir()
    short_corpus.mkdir()
    for n in range(6):
        for seed in sorted(SEEDS.glob("*.txt"))[:2]:
            shutil.copy(seed, long_corpus / f"{n}-{seed.name}")
    data_dir = tmp_path / "data"
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "COLUMNS": "300", "QA_INGEST_BATCH": "16"}
    long_run = subprocess.Popen(
        [str(QA), "ingest", "--wait", str(long_corpus)], env=env, cwd=PROJECT_ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    for n in range(3):
        (short_corpus / f"note-{n}.txt").write_text(f"ملاحظة رقم {n} عن زيارة بوتين إلى فيتنام.", "utf-8")
        short = run_qa("ingest", "--wait", str(short_corpus), data_dir=data_dir, QA_INGEST_BATCH="16")
        assert short.returncode == 0, short.stderr
    _, err = long_run.communicate(timeout=1800)
    assert long_run.returncode == 0, err

    code, report = check(data_dir)
    assert code == 0, report
    assert report["files"] == 12 + 3
    assert report["vectors"] == report["chunks"] and not report["missing_vectors"]
