"""Loading a folder of documents: decode (.txt/.md) or extract (.pdf, .docx, .html/.htm: store.formats), hash
the original file, and report what was skipped and why; checking one uploaded document before it is saved
and indexed."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from store.errors import InputError
from store.formats import EXTRACTED_SUFFIXES, PageSpan, extract
from store.text_hygiene import clean_text

TEXT_SUFFIXES = (".txt", ".md")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + EXTRACTED_SUFFIXES
KINDS = ".txt, .md, .pdf, .docx or .html"


@dataclass(frozen=True)
class Document:
    """One source file. `text` is the decoded file without BOM, or the text extracted from a PDF, Word or
    HTML file: all offsets point into it. `sha256` is the original file's (it drives incremental ingest)."""

    name: str  # path relative to the corpus folder, POSIX style: the citation's file name
    path: Path
    text: str
    sha256: str
    pages: tuple[PageSpan, ...] | None = None  # which characters of `text` are on which page (PDF)
    warnings: tuple[str, ...] = ()  # what extraction left out (e.g. scanned pages), naming the file


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


def extract_document(data: bytes, path: Path) -> tuple[str, tuple[PageSpan, ...] | None, tuple[str, ...]]:
    """(text, page spans, warnings) of a PDF, Word or HTML file; InputError naming the file and why it
    cannot be read. An extractor's own failure is reported the same way: one bad file never stops a
    folder."""
    try:
        extracted = extract(path.suffix, data)
    except InputError as exc:
        raise InputError(f"{path} {exc.message}", exc.hint) from exc
    except Exception as exc:  # a library bug on an odd file: report it, go on with the others
        raise InputError(f"{path} could not be read ({type(exc).__name__}: {exc})") from exc
    warnings = tuple(f"{path}: {warning}" for warning in extracted.warnings)
    return clean_text(extracted.text), extracted.pages, warnings


def read_document(path: Path, name: str) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return Document(name=name, path=path, text=decode_document(data, path), sha256=sha256)
    text, pages, warnings = extract_document(data, path)
    return Document(name=name, path=path, text=text, sha256=sha256, pages=pages, warnings=warnings)


def list_document_files(root: Path) -> list[Path]:
    """Document files under `root` (a folder or one file), sorted, hidden files ignored."""
    if not root.exists():
        raise InputError(f"{root} does not exist", f"give a folder of {KINDS} files or one such file")
    if root.is_file():
        if root.suffix.lower() not in DOCUMENT_SUFFIXES:
            raise InputError(f"{root} is not a {KINDS} file", f"only {KINDS} documents can be indexed")
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
        warnings.extend(doc.warnings)
        documents.append(doc)
    return documents, warnings


MAX_UPLOAD_NAME_BYTES = 200  # the file system allows 255 bytes a name; atomic writes add a prefix and suffix


def check_upload_name(name: str) -> str:
    """The safe name (`safe_name`) an uploaded document is saved under; InputError for a name that names
    no file: empty, `.` or `..`, with NUL or other control characters, or longer than the file system
    takes. A client's folder part ("dir/a.txt", "C:\\dir\\a.txt") is dropped."""
    shown = repr(name[:40] + ("…" if len(name) > 40 else ""))
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise InputError(f"the upload name {shown} holds control characters", "rename the file")
    if not base.strip(" ."):
        raise InputError(f"the upload name {shown} names no file", "give the file a name such as report.pdf")
    if len(base.encode("utf-8", "surrogatepass")) > MAX_UPLOAD_NAME_BYTES:
        raise InputError(
            f"the upload name {shown} is {len(base)} characters long",
            f"rename the file to at most {MAX_UPLOAD_NAME_BYTES} bytes (about {MAX_UPLOAD_NAME_BYTES // 2} "
            "Arabic or 200 Latin letters)",
        )
    return safe_name(base)


def safe_name(name: str) -> str:
    """A plain file name (Arabic letters kept) that cannot leave the uploads folder or hide itself."""
    cleaned = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(" .")
    return cleaned or "document.txt"


def check_upload(path: Path, limit_mb: float) -> tuple[str, bytes]:
    """(safe name, content) of an uploaded document; InputError saying what is wrong otherwise."""
    name = check_upload_name(path.name)
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise InputError(
            f"{name}: only {KINDS} files can be added", "save the document as PDF, .docx or UTF-8 .txt"
        )
    size = path.stat().st_size
    if size > limit_mb * 1024 * 1024:
        raise InputError(
            f"{name} is {size / 1024 / 1024:.1f} MB, the limit is {limit_mb:g} MB",
            "split the document or raise QA_UI_MAX_UPLOAD_MB",
        )
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_SUFFIXES:
        text = decode_document(data, Path(name))  # raises InputError for binary / non-UTF-8 files
    else:  # raises InputError for a damaged, protected or scanned file, before anything is saved
        text = extract_document(data, Path(name))[0]
    if not text.strip():
        raise InputError(f"{name} is empty")
    return name, data
