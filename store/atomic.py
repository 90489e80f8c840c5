"""Atomic writes of files and folders: a reader sees the old version or the new one, never half of one.

The new content goes to a hidden temp file (or folder) beside the target, so the final rename stays on one
filesystem and is atomic; on any failure the temp is removed and the target is left as it was. Hidden
names (a leading dot) also keep a half-written document out of a folder scan.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def atomic_open(
    path: Path, *, binary: bool = False, encoding: str = "utf-8", mode: int | None = None
) -> Iterator[IO[Any]]:
    """A handle on a temp file beside `path`, renamed over `path` when the block ends without an error
    (raise inside the block to abandon the write). `mode`: the permissions of the new file; by default
    those of the file it replaces, else what a plain open() gives."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _new_file_mode(path) if mode is None else mode)  # mkstemp makes 0600 files
        handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, write: Callable[[IO[str]], object], encoding: str = "utf-8") -> None:
    """Call `write(handle)` on a text handle (no newline translation) and put the result at `path`."""
    with atomic_open(path, encoding=encoding) as handle:
        write(handle)


def write_bytes_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    with atomic_open(path, binary=True, mode=mode) as handle:
        handle.write(data)


def _new_file_mode(path: Path) -> int:
    """The replaced file's permissions, else what a plain open() would give (0666 minus the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- folders ------------------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_folder(
    dest: Path, *, accept_existing: Callable[[], bool] | None = None, mode: int | None = None
) -> Iterator[Path]:
    """A temp folder beside `dest` to fill; it becomes `dest` when the block ends without an error and is
    removed otherwise. An existing `dest` is replaced. If another writer publishes `dest` at the same
    moment, theirs is kept when `accept_existing()` says it is complete (else the error is raised).
    `mode`: the folder's permissions (default: what a plain mkdir gives, not mkdtemp's 0700)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        yield staged
        staged.chmod(0o777 & ~_umask() if mode is None else mode)
        _publish_folder(staged, dest, accept_existing)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _publish_folder(staged: Path, dest: Path, accept_existing: Callable[[], bool] | None) -> None:
    """Move `staged` into place as `dest`: a rename cannot replace a non-empty folder, so an old `dest`
    goes aside first (into a temp folder removed afterwards)."""
    trash = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
    try:
        with contextlib.suppress(FileNotFoundError):
            os.replace(dest, trash / "old")
        try:
            os.rename(staged, dest)
        except OSError:
            if accept_existing is None or not accept_existing():
                raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def remove_stale_folders(dest: Path, max_age_s: float = 3600.0) -> None:
    """Remove the temp folders of `dest` left by writers that were killed (older than `max_age_s`)."""
    dest = Path(dest)
    now = time.time()
    for path in dest.parent.glob(f".{dest.name}.*-*"):
        with contextlib.suppress(OSError):
            if path.is_dir() and now - path.stat().st_mtime > max_age_s:
                shutil.rmtree(path, ignore_errors=True)
