"""Loading a folder of .txt/.md documents: decode, hash, and report what was skipped and why; checking one
uploaded document before it is saved and indexed."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from store.errors import InputError
from store.text_hygiene import clean_text

DOCUMENT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Document:
    """One source file. `text` is the decoded file without BOM: all offsets point into it."""

    name: str  # path relative to the corpus folder, POSIX style: the citation's file name
    path: Path
    text: str
    sha256: str


def decode_document(data: bytes, path: Path) -> str:
    """UTF-8 (BOM tolerated) only: guessing other encodings silently corrupts Arabic."""
    if b"\x00" in data[:4096]:
        raise InputError(f"{path} looks binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not valid UTF-8 (byte {exc.start})") from exc
    # Control characters become spaces (same length: chunk offsets stay right); store/text_hygiene.py.
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB blocks (model files are too big to read at once)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def read_document(path: Path, name: str) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    return Document(
        name=name, path=path, text=decode_document(data, path), sha256=hashlib.sha256(data).hexdigest()
    )


def list_document_files(root: Path) -> list[Path]:
    """Document files under `root` (a folder or one file), sorted, hidden files ignored."""
    if not root.exists():
        raise InputError(f"{root} does not exist", "give a folder of .txt/.md files or one such file")
    if root.is_file():
        if root.suffix.lower() not in DOCUMENT_SUFFIXES:
            raise InputError(
                f"{root} is not a .txt or .md file", "only .txt and .md documents can be indexed"
            )
        return [root]
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() in DOCUMENT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def load_documents(root: Path) -> tuple[list[Document], list[str]]:
    """Read every document under `root`. Returns (documents, warnings) — unreadable files are skipped."""
    base = root if root.is_dir() else root.parent
    documents: list[Document] = []
    warnings: list[str] = []
    for path in list_document_files(root):
        try:
            doc = read_document(path, path.relative_to(base).as_posix())
        except InputError as exc:
            warnings.append(f"skipped {exc.message}")
            continue
        if not doc.text.strip():
            warnings.append(f"skipped {path}: empty")
            continue
        documents.append(doc)
    return documents, warnings


def safe_name(name: str) -> str:
    """A plain file name (Arabic letters kept) that cannot leave the uploads folder or hide itself."""
    cleaned = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(" .")
    return cleaned or "document.txt"


def check_upload(path: Path, limit_mb: float) -> tuple[str, bytes]:
    """(safe name, content) of an uploaded document; InputError saying what is wrong otherwise."""
    name = safe_name(path.name)
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise InputError(f"{name}: only .txt and .md files can be added", "save the document as UTF-8 .txt")
    size = path.stat().st_size
    if size > limit_mb * 1024 * 1024:
        raise InputError(
            f"{name} is {size / 1024 / 1024:.1f} MB, the limit is {limit_mb:g} MB",
            "split the document or raise QA_UI_MAX_UPLOAD_MB",
        )
    data = path.read_bytes()
    if not decode_document(data, Path(name)).strip():  # raises InputError for binary / non-UTF-8 files
        raise InputError(f"{name} is empty")
    return name, data
