"""Temporary files of a running server, kept inside the data folder (never the system temp folder) and
removed on every path: each process has its own folder `<data_dir>/tmp/<kind>-<pid>`, each request a
folder inside it removed when the request ends, the process's folder when the process exits; at start, the
folders of processes that no longer run (a kill -9, a crash) are removed, and so are hidden half-written
files older than an hour in the uploads folder (store.atomic's temp files of a killed writer).

Two servers may share a data folder: each removes only its own folders and those of dead processes.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

TMP_FOLDER = "tmp"
STALE_ATOMIC_S = 3600.0  # an atomic write's hidden temp file older than this belongs to a dead writer
_PROCESS_FOLDER = re.compile(r"^[a-z]+-(\d+)$")
_registered: set[Path] = set()
_gradio_folder: list[Path] = []  # the Gradio temp folder this process chose (one per process)


def process_folder(data_dir: Path, kind: str) -> Path:
    """`<data_dir>/tmp/<kind>-<pid>`, created, and removed when this process exits."""
    folder = Path(data_dir) / TMP_FOLDER / f"{kind}-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    if folder not in _registered:
        _registered.add(folder)
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@contextlib.contextmanager
def request_folder(data_dir: Path) -> Iterator[Path]:
    """A fresh folder for one request's files, removed when the block ends, however it ends."""
    folder = process_folder(data_dir, "requests") / uuid.uuid4().hex
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def exit_cleanly_on_sigterm() -> None:
    """Make SIGTERM end the process through SystemExit (exit code 143), so `finally` blocks and the
    removal of this process's folders run: by default SIGTERM kills at once (uvicorn re-raises it after
    its graceful shutdown). Only from the main thread, where signal handlers live."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_exit)


def _raise_exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def use_private_temp_folder(data_dir: Path) -> Path:
    """Gradio's temp folder (uploads land there first) inside the data folder, one per process, removed
    when the process ends (and at the next start after a crash); a GRADIO_TEMP_DIR set by the user is
    kept. Set once per process, before Gradio is imported (some of its modules read the variable then,
    others whenever they check a path)."""
    if not _gradio_folder:
        named = os.environ.get("GRADIO_TEMP_DIR")
        folder = Path(named) if named else process_folder(data_dir, "gradio")
        os.environ["GRADIO_TEMP_DIR"] = str(folder)
        _gradio_folder.append(folder)
    return _gradio_folder[0]


def gradio_temp_folder() -> Path | None:
    """The folder `use_private_temp_folder` chose, if it was called."""
    return _gradio_folder[0] if _gradio_folder else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def sweep(data_dir: Path, uploads: Path | None = None) -> list[Path]:
    """Remove what killed processes left behind (see the module docstring); returns what was removed."""
    removed: list[Path] = []
    tmp = Path(data_dir) / TMP_FOLDER
    for folder in sorted(tmp.iterdir()) if tmp.is_dir() else []:
        match = _PROCESS_FOLDER.match(folder.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if uploads is not None and uploads.is_dir():
        now = time.time()
        for stale in uploads.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if now - stale.stat().st_mtime > STALE_ATOMIC_S:
                    stale.unlink()
                    removed.append(stale)
    return removed
