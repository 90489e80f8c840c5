"""Word (.docx) → Extracted, with python-docx: body paragraphs and tables in document order, one paragraph
a line; running headers and footers (page furniture) are left out. A .docx has no fixed pages (Word lays
them out when it opens the file), so there are no page spans."""

from __future__ import annotations

import io
import re
import zipfile

from store.arabic import base_letters
from store.errors import InputError
from store.formats.archive import within_limits
from store.formats.records import Extracted

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an encrypted .docx (or an old .doc renamed) is an OLE container
_BLANKS = re.compile(r"[ \t\u00a0]+")


def _cell_texts(table: object) -> list[str]:
    """A table's rows as "cell | cell" lines (merged cells, which python-docx repeats, counted once)."""
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(p.text for p in cell.paragraphs if p.text.strip())
            if text.strip():
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _blocks(document: object) -> list[str]:
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            lines.extend(_cell_texts(block))
        else:
            lines.extend(block.text.split("\n"))  # a manual line break inside a paragraph
    return lines


def extract_docx(data: bytes) -> Extracted:
    import docx

    if data.startswith(OLE_MAGIC):
        raise InputError(
            "is password-protected or an old Word .doc file", "save it from Word as an unprotected .docx"
        )
    data = within_limits(data)  # sizes and ratios checked, no member inflating past its size (zip bombs)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError("is damaged or not a Word .docx file", "open and re-save it in Word") from exc
    except Exception as exc:  # broken XML inside the package
        raise InputError(f"is damaged ({type(exc).__name__})", "open and re-save it in Word") from exc
    lines = [_BLANKS.sub(" ", base_letters(line)).strip() for line in _blocks(document)]
    return Extracted("\n".join(line for line in lines if line))
