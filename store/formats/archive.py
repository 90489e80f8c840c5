"""Limits for zip-based documents (.docx, and any other Office Open XML or ODF format read later), checked
from the archive's directory before a single member is inflated: a 1 MB file must not expand into
gigabytes of XML in memory (a "zip bomb").

Python's zipfile never inflates a member past the size its directory declares (the rest of the stream is
dropped and the CRC check fails), so the declared sizes bound what reading can allocate; the ratio check
refuses members that only a bomb compresses that well. python-docx parses the XML without resolving
entities (no "billion laughs"), and lxml's default limits (no huge trees) hold.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from store.errors import InputError

MB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 10_000
    max_total: int = 256 * MB  # every member inflated (python-docx holds them all in memory)
    max_xml: int = 32 * MB  # one XML part (about 5M characters of text; parsed into a tree ~5x its size)
    max_ratio: float = 200.0  # inflated / compressed, for members over ratio_floor
    ratio_floor: int = 1 * MB


DEFAULT_LIMITS = ZipLimits()
_HINT = "open and re-save it; a genuine document this large must be split"


def check_zip(data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """InputError when the archive in `data` would inflate past the limits (see ZipLimits); a file that is
    no zip archive at all is left to the format's reader to report."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(members) > limits.max_members:
        raise InputError(f"holds {len(members)} parts, more than {limits.max_members}", _HINT)
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if total > limits.max_total:
            raise InputError(f"would expand to more than {limits.max_total // MB} MB when read", _HINT)
        if member.filename.lower().endswith((".xml", ".rels")) and size > limits.max_xml:
            raise InputError(
                f"holds {member.filename} of {size / MB:.0f} MB, over the limit of {limits.max_xml // MB} MB",
                _HINT,
            )
        if size > limits.ratio_floor and size > limits.max_ratio * max(member.compress_size, 1):
            raise InputError(
                f"holds {member.filename} compressed {size / max(member.compress_size, 1):.0f} times "
                f"(over {limits.max_ratio:.0f}): it looks like a zip bomb",
                _HINT,
            )
