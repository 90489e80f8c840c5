"""Text out of PDF, Word and HTML documents: one extractor per format, chosen by the file's suffix.

Each extractor turns the file's bytes into an `Extracted` record (store.formats.records): the text that
is indexed and that every citation offset points into, page spans for formats with pages, warnings.
A file that cannot be read at all raises InputError saying why (password, damage, no text layer);
store.documents names the file and the ingest goes on with the rest. Libraries load on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from store.formats.records import Extracted, PageSpan, page_at

__all__ = ["EXTRACTED_SUFFIXES", "Extracted", "PageSpan", "extract", "page_at"]

# suffix → (module, function): the module is imported only when a file of its kind is read
_EXTRACTORS: dict[str, tuple[str, str]] = {
    ".pdf": ("store.formats.pdf", "extract_pdf"),
    ".docx": ("store.formats.docx", "extract_docx"),
    ".html": ("store.formats.html", "extract_html"),
    ".htm": ("store.formats.html", "extract_html"),
}
EXTRACTED_SUFFIXES = tuple(_EXTRACTORS)


def extractor(suffix: str) -> Callable[[bytes], Extracted]:
    """The extractor for a file suffix (".pdf", ".docx", ".html", ".htm"; any case)."""
    module, function = _EXTRACTORS[suffix.lower()]
    return getattr(import_module(module), function)


def extract(suffix: str, data: bytes) -> Extracted:
    """The text of a document of kind `suffix` given its bytes."""
    return extractor(suffix)(data)
