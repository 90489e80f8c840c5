"""Document identity: which source a document comes from, plus its path inside that source.

A *source* is a folder that was ingested (its root), known in the manifest by a short *label*: the
folder's own name, or `uploads` for the data folder's uploads. A document's identity is
`<label>/<relative path>` (POSIX): it keys the manifest's rows, chunk ids and vector metadata, so two
folders that both hold `a.txt` (or an upload named like a seed) are two documents, never one replacing
the other. Public records keep `file` = the path relative to the root (as before identities existed) and
add `document` = the identity.
"""

from __future__ import annotations

from pathlib import Path

UPLOADS_LABEL = "uploads"
_FALLBACK_LABEL = "root"  # the file system root has no name


def uploads_folder(data_dir: Path) -> Path:
    """Where uploaded documents are saved (the UI's and the service's), under the data folder."""
    return Path(data_dir) / "uploads"


def source_label(root: Path, data_dir: Path) -> str:
    """The label a root folder gets: `uploads` for the data folder's uploads, else the folder's name."""
    root = Path(root).resolve()
    if root == uploads_folder(data_dir).resolve():
        return UPLOADS_LABEL
    return root.name or _FALLBACK_LABEL


def document_id(label: str, relative: str) -> str:
    """The identity of the document at `relative` (POSIX path) under the source `label`."""
    return f"{label}/{relative}"


def relative_path(document: str) -> str:
    """The path relative to its root of an identity (labels hold no `/`); a bare name is returned as is."""
    return document.split("/", 1)[1] if "/" in document else document


def label_of(document: str) -> str:
    """The source label of an identity ("" for a bare name)."""
    return document.split("/", 1)[0] if "/" in document else ""
