"""One writer at a time per data folder, across processes: the writer lock.

Ingest, repair and rebuild take it; searches never do (they read committed state only). It is per data
folder, not per index, because every index of a data folder shares one embedded Chroma folder, and
Chroma's embedded store is not safe for two writing processes (nor for two processes creating it: the
first open of a data folder creates its tables, so writers open the index under the lock too).

The lock is an advisory `flock` on `<folder>/writer.lock`: the kernel releases it when its holder exits,
however it exits (kill -9 included), so a lock can never be left stale by a dead process. The file also
records the holder (pid, its start time, host and command) for the message a second writer shows; a record
whose pid is gone (or is now another process) only means the last writer died without tidying up.

A second writer either fails at once with one line naming the holder (`IndexBusy`, exit 4) or, asked to
wait, reports whom it waits for and takes the lock when it is free. The lock is reentrant within one
thread (the CLI around an ingest, the index inside it); other threads of the process wait or fail like
another process would.

Limits: `flock` is per machine. Two machines sharing a Chroma server (QA_CHROMA_URL) or a network data
folder are not serialised by it.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from store.errors import StoreError

LOCK_NAME = "writer.lock"
POLL_SECONDS = 0.25


class IndexBusy(StoreError):
    """Another writer (ingest, repair) holds the writer lock of the data folder."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) a writer lock."""

    pid: int
    started: float  # when the holder took the lock (epoch seconds)
    host: str = ""
    command: str = ""
    process_start: str = ""  # the pid's start time (/proc), to tell a reused pid apart

    def describe(self) -> str:
        when = time.strftime("%H:%M:%S", time.localtime(self.started))
        what = f" ({self.command})" if self.command else ""
        where = f" on {self.host}" if self.host and self.host != socket.gethostname() else ""
        return f"process {self.pid}{where}{what}, since {when}"

    def alive(self) -> bool:
        """Whether this process still runs (on this host; another host's pid cannot be checked)."""
        if self.host and self.host != socket.gethostname():
            return True
        now = _process_start(self.pid)
        if now is None:
            return False
        return not (now and self.process_start) or now == self.process_start  # else: a reused pid


def waiting_line(holder: LockHolder | None) -> str:
    """What a writer waiting for the lock tells its user (the CLI, and the migration on opening)."""
    who = holder.describe() if holder else "another process"
    return f"waiting for the index: it is being written by {who} …"


def lock_path(folder: Path) -> Path:
    return Path(folder) / LOCK_NAME


def read_holder(folder: Path) -> LockHolder | None:
    """The holder recorded in the lock file (the current one if the lock is held), if readable."""
    try:
        data = json.loads(lock_path(folder).read_text(encoding="utf-8"))
        return LockHolder(**data)
    except (OSError, ValueError, TypeError):
        return None


def is_locked(folder: Path) -> bool:
    """Whether some writer holds the lock now (a probe that never waits; a holder in this process counts)."""
    path = lock_path(folder)
    key = str(path.resolve()) if path.exists() else None
    if key is not None and key in _HELD:
        return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


@dataclass
class _Held:
    """This process's hold on one lock file: the open file (with the flock) and the owning thread."""

    fd: int
    owner: int
    depth: int


_HELD: dict[str, _Held] = {}
_HELD_GUARD = threading.Lock()


@contextmanager
def writer_lock(
    folder: Path,
    *,
    wait: bool = False,
    on_wait: Callable[[LockHolder | None], None] | None = None,
    timeout: float | None = None,
) -> Iterator[LockHolder]:
    """Hold the index's writer lock for the `with` block. Busy: IndexBusy at once, or with `wait` call
    `on_wait(holder)` once and wait (up to `timeout` seconds, then IndexBusy)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = lock_path(folder)
    path.touch(exist_ok=True)
    key = str(path.resolve())
    me = threading.get_ident()
    with _HELD_GUARD:
        held = _HELD.get(key)
        if held is not None and held.owner == me:
            held.depth += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield _this_holder()
        finally:
            with _HELD_GUARD:
                _HELD[key].depth -= 1
        return
    fd = _acquire(path, key, wait=wait, on_wait=on_wait, timeout=timeout)
    try:
        holder = _this_holder()
        _record(fd, holder)
        yield holder
    finally:
        with _HELD_GUARD:
            _HELD.pop(key, None)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _acquire(
    path: Path,
    key: str,
    *,
    wait: bool,
    on_wait: Callable[[LockHolder | None], None] | None,
    timeout: float | None,
) -> int:
    """The open lock file, flocked by this thread; IndexBusy if busy and not waiting (or waited too long)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    told = False
    while True:
        fd = _try_lock(path, key)
        if fd is not None:
            return fd
        holder = read_holder(path.parent)
        if not wait or (deadline is not None and time.monotonic() >= deadline):
            # A record of a dead process: the new holder has not written its own yet.
            who = holder.describe() if holder and holder.alive() else "another process"
            waited = " after waiting" if wait else ""
            raise IndexBusy(
                f"the index is being written by {who}{waited}",
                "wait for it to finish, or run again with --wait",
            )
        if not told and on_wait is not None:
            on_wait(holder)
            told = True
        time.sleep(POLL_SECONDS)


def _try_lock(path: Path, key: str) -> int | None:
    """The lock file's descriptor if this thread got the lock now, else None. Another thread of this
    process holding it counts as busy (flock would not see it: one process, one lock owner)."""
    with _HELD_GUARD:
        if key in _HELD:
            return None
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        _HELD[key] = _Held(fd, threading.get_ident(), 1)
        return fd


def _record(fd: int, holder: LockHolder) -> None:
    """Write the holder into the lock file (in place: the flock belongs to this open file)."""
    data = json.dumps(asdict(holder)).encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def _this_holder() -> LockHolder:
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:3]]) if sys.argv else ""
    pid = os.getpid()
    return LockHolder(pid, time.time(), socket.gethostname(), command[:80], _process_start(pid) or "")


def _process_start(pid: int) -> str | None:
    """The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat); None if the
    process does not exist, "" where /proc is not available."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]
