"""The data folder's writer lock (store/lock.py) between real processes: a second writer fails at once
naming the holder, or waits; a killed holder leaves no stale lock; `qa ingest` uses it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from qa.settings import PROJECT_ROOT
from store.lock import IndexBusy, is_locked, read_holder, writer_lock
from tests.helpers import QA

# Takes the lock on the folder in argv[1], says so, and keeps it until its stdin closes.
HOLDER = textwrap.dedent(
    """
    import sys
    from store.lock import writer_lock
    with writer_lock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()
    print("released", flush=True)
    """
)
# Takes the lock on argv[1] waiting if need be, and reports when it got it.
WAITER = textwrap.dedent(
    """
    import sys, time
    from store.lock import writer_lock
    with writer_lock(sys.argv[1], wait=True, on_wait=lambda h: print("waiting for", h.pid, flush=True)):
        print("got it", time.time(), flush=True)
    """
)


def start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=PROJECT_ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def hold(folder: Path) -> subprocess.Popen[str]:
    holder = start(HOLDER, str(folder))
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked", holder.stderr
    return holder


def test_second_writer_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    holder = hold(tmp_path)
    try:
        assert is_locked(tmp_path)
        started = time.monotonic()
        with pytest.raises(IndexBusy) as caught, writer_lock(tmp_path):
            pass
        assert time.monotonic() - started < 1
        assert f"process {holder.pid}" in caught.value.one_line() and "--wait" in caught.value.one_line()
        assert caught.value.exit_code == 4
    finally:
        holder.communicate("", timeout=30)
    assert not is_locked(tmp_path)
    with writer_lock(tmp_path) as me:
        assert me.pid == os.getpid() and read_holder(tmp_path) == me


def test_a_waiting_writer_gets_the_lock_when_the_holder_ends(tmp_path: Path) -> None:
    holder = hold(tmp_path)
    waiter = start(WAITER, str(tmp_path))
    assert waiter.stdout is not None
    assert waiter.stdout.readline().strip() == f"waiting for {holder.pid}"
    time.sleep(1.0)
    assert waiter.poll() is None  # still waiting
    released_at = time.time()
    holder.communicate("", timeout=30)
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 0, err
    assert float(out.split()[-1]) >= released_at


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    holder = hold(tmp_path)
    recorded = read_holder(tmp_path)
    assert recorded is not None and recorded.pid == holder.pid and recorded.alive()
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert not recorded.alive()  # the record remains, naming a process that is gone
    assert not is_locked(tmp_path)
    with writer_lock(tmp_path) as me:  # taken at once
        assert read_holder(tmp_path) == me


def test_reentrant_in_a_thread_exclusive_between_threads(tmp_path: Path) -> None:
    outcome: list[str] = []

    def other_thread() -> None:
        try:
            with writer_lock(tmp_path):
                outcome.append("got it")
        except IndexBusy:
            outcome.append("busy")

    with writer_lock(tmp_path), writer_lock(tmp_path):  # the CLI around an ingest, the index inside it
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert is_locked(tmp_path)
    assert outcome == ["busy"] and not is_locked(tmp_path)


def test_qa_ingest_fails_fast_or_waits_while_another_writer_holds_the_index(
    tmp_path: Path, corpus: Path
) -> None:
    data_dir = tmp_path / "data"
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "COLUMNS": "300"}
    holder = hold(data_dir)
    try:
        busy = subprocess.run(
            [str(QA), "ingest", str(corpus)], env=env, capture_output=True, text=True, timeout=600
        )
        assert busy.returncode == 4, busy.stderr
        lines = busy.stderr.strip().splitlines()
        assert len(lines) == 1 and f"process {holder.pid}" in lines[0] and "--wait" in lines[0], lines
        waiting = subprocess.Popen(
            [str(QA), "ingest", "--wait", str(corpus)], env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert waiting.stderr is not None
        assert f"being written by process {holder.pid}" in waiting.stderr.readline()
        assert waiting.poll() is None
    finally:
        holder.communicate("", timeout=30)
    out, err = waiting.communicate(timeout=900)
    assert waiting.returncode == 0, err
    assert "indexed" in out and "2 files" in out
