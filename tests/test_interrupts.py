"""Ctrl-C (SIGINT) to real `qa ingest` and `qa batch` processes: exit 130, one line saying what was kept,
and the same command afterwards resumes cleanly from exactly that point."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

from qa.settings import PROJECT_ROOT
from tests.conftest import SEEDS
from tests.helpers import QA, run_qa

SEED = SEEDS / "004_13183dccda9929f6.txt"
COPIES = 8


def _environ(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QA_DATA_DIR": str(data_dir), "COLUMNS": "300", **extra}


def _ctrl_c_reaches_the_child() -> None:
    """In the child, before exec: Ctrl-C (SIGINT) takes its default action. A shell that starts the test
    run in the background (`nohup … &`) ignores SIGINT, the children inherit that, and Python then never
    raises KeyboardInterrupt: the test would measure how it was started, not `qa`."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _read_until(fd: int, pattern: re.Pattern[str], proc: subprocess.Popen, limit: float) -> str:
    """Output of a pty until `pattern` shows up (or the process ends, or `limit` seconds pass)."""
    seen, deadline = b"", time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if pattern.search(seen.decode("utf-8", "replace")):
                break
        elif proc.poll() is not None:
            break
    return seen.decode("utf-8", "replace")


def test_ctrl_c_during_ingest_keeps_finished_files_and_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(COPIES):
        shutil.copy(SEED, corpus / f"copy-{n:02d}.txt")
    data_dir = tmp_path / "data"
    # A terminal, so the progress bar shows the files as they are indexed: Ctrl-C comes after the first.
    primary, replica = pty.openpty()
    proc = subprocess.Popen(
        [str(QA), "ingest", str(corpus)],
        stdin=replica, stdout=replica, stderr=replica, cwd=PROJECT_ROOT,
        env=_environ(data_dir, QA_INGEST_BATCH="16"),  # several commits, so there is a "part-way"
        preexec_fn=_ctrl_c_reaches_the_child,
    )  # fmt: skip
    os.close(replica)
    try:
        shown = _read_until(primary, re.compile(r"copy-\d\d\.txt"), proc, limit=600)
        assert proc.poll() is None, f"ingest ended before it could be interrupted: {shown[-500:]}"
        proc.send_signal(signal.SIGINT)
        rest = _read_until(primary, re.compile(r"run the same command to continue"), proc, limit=120)
        assert proc.wait(timeout=120) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(primary)
    said = re.search(r"ingest interrupted: (\d+) of (\d+) new chunks indexed and kept", rest)
    assert said, rest[-800:]
    assert "Traceback" not in shown + rest
    done, total = int(said.group(1)), int(said.group(2))
    assert 0 < done < total

    resumed = run_qa("ingest", str(corpus), "--json", data_dir=data_dir, QA_INGEST_BATCH="16")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["files"] == COPIES and summary["chunks"] == total
    # The chunks the interrupted run reported are kept: only the rest is embedded now.
    if "embedded" in summary:  # ingest commits in batches: a file may be resumed part-way
        assert summary["embedded"] == total - done
    else:  # ingest commits file by file: the files it finished are skipped
        assert summary["skipped"] * (total // COPIES) == done


def test_ctrl_c_during_batch_keeps_finished_rows_and_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    data_dir = tmp_path / "data"
    assert run_qa("ingest", str(corpus), data_dir=data_dir).returncode == 0
    questions = tmp_path / "questions.jsonl"
    rows = [{"id": f"q{n}", "question": f"ما هو موضوع الخبر رقم {n}؟"} for n in range(60)]
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    output = tmp_path / "answers.jsonl"
    journal = tmp_path / "answers.jsonl.partial.jsonl"
    command = [str(QA), "batch", str(questions), "-o", str(output), "--backend", "extractive", "-w", "2"]
    proc = subprocess.Popen(
        command, env=_environ(data_dir), cwd=PROJECT_ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_ctrl_c_reaches_the_child,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and proc.poll() is None:
            if journal.is_file() and journal.read_text(encoding="utf-8").count("\n") >= 2:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    pattern = r"batch interrupted: (\d+) of 60 rows done, kept in (.+); run the same command to resume"
    said = re.fullmatch(pattern, lines[0])
    assert said, lines[0]
    done = int(said.group(1))
    assert Path(said.group(2)) == journal
    journaled = journal.read_text(encoding="utf-8").count("\n")
    assert journaled in (done, done + 1)  # + 1: Ctrl-C between a row's journaling and its counting
    assert not output.exists()

    resumed = run_qa(*command[1:], data_dir=data_dir)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming: {journaled} of 60 rows already done" in resumed.stderr
    results = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == [r["id"] for r in rows]
    assert not journal.exists()
