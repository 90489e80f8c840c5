"""Limits for zip-based documents (.docx, and any other Office Open XML or ODF format read later): a 1 MB
file must not expand into gigabytes of XML in memory (a "zip bomb").

Two steps, before the format's library sees the file:
1. the archive's directory: how many members, their declared sizes (each XML part, all together) and
   compression ratios (only a bomb compresses hundreds of times);
2. every member inflated in 1 MB steps, which Python's zipfile stops at the declared size (a member that
   inflates further fails its CRC check), and written into a new archive that is handed on instead.

Step 2 is needed because a library reading the original would inflate a lying member in one call (zipfile's
`read()` asks zlib for up to 2 GB at once and only then cuts it to the declared size). python-docx parses
the XML without resolving entities (no "billion laughs"), and lxml's default limits (no huge trees) hold.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from store.errors import InputError

MB = 1024 * 1024
_STEP = 1 * MB


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 10_000
    max_total: int = 256 * MB  # every member inflated (python-docx holds them all in memory)
    max_xml: int = 32 * MB  # one XML part (about 5M characters of text; parsed into a tree ~5x its size)
    max_ratio: float = 200.0  # inflated / compressed, for members over ratio_floor
    ratio_floor: int = 1 * MB


DEFAULT_LIMITS = ZipLimits()
_HINT = "open and re-save it; a genuine document this large must be split"


def _check_directory(members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
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


def within_limits(data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> bytes:
    """The archive in `data`, checked against `limits` and rebuilt so that no member inflates past its
    declared size (see the module docstring); InputError when it breaks a limit or is damaged. Data that
    is no zip archive at all is returned as it is, for the format's reader to report."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return data
    _check_directory(members, limits)
    rebuilt = io.BytesIO()
    try:
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
            for member in members:
                if member.is_dir():
                    continue
                with (
                    archive.open(member) as source,
                    copy.open(member.filename, "w", force_zip64=True) as target,
                ):
                    while block := source.read(_STEP):
                        target.write(block)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        # a CRC mismatch (a member longer than declared), a damaged stream, an encrypted member
        raise InputError(f"is damaged ({exc})", "open and re-save it") from exc
    return rebuilt.getvalue()
