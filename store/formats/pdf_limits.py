"""Limits for reading a PDF: pages, and bytes decoded from its streams.

pdfminer.six inflates each stream whole (`zlib.decompress`) and has no setting to bound it, so a 1 MB PDF
can hold a stream that inflates to gigabytes (a "decompression bomb"), and a damaged stream is inflated
byte by byte with quadratic copying. `install()` points pdfminer's stream decoders at bounded ones: each
stream may decode to at most `MAX_STREAM` bytes and one document to `MAX_DECODED` (`budget()` counts them
per extraction, in the thread doing it); past either, StreamTooLarge (an InputError) stops the read.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import types
import zlib
from collections.abc import Iterator
from typing import Any

from store.errors import InputError

MB = 1024 * 1024
MAX_PAGES = 2000
MAX_STREAM = 32 * MB  # one stream decoded (page contents are KBs, embedded fonts a few MB)
MAX_DECODED = 200 * MB  # all the streams of one document decoded
_HINT = "open and re-save it, or split it; a genuine PDF this large must be split"
_BLOCK = 4096  # inflates to at most ~4 MB: the bound is checked between blocks


class StreamTooLarge(InputError):
    """A stream, or the document's streams together, decode past the limits."""


class _Budget:
    def __init__(self, total: int) -> None:
        self.left = total

    def charge(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise StreamTooLarge(f"has streams that decode to more than {MAX_DECODED // MB} MB", _HINT)


_current: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("pdf_budget", default=None)


@contextlib.contextmanager
def budget(total: int = MAX_DECODED) -> Iterator[None]:
    """Count the bytes decoded inside the block against `total` (one document's extraction)."""
    token = _current.set(_Budget(total))
    try:
        yield
    finally:
        _current.reset(token)


def _charge(size: int) -> None:
    if size > MAX_STREAM:
        raise StreamTooLarge(f"has a stream that decodes to more than {MAX_STREAM // MB} MB", _HINT)
    spent = _current.get()
    if spent is not None:
        spent.charge(size)


class _BoundedInflater:
    """zlib's decompress object, counting what it hands out (one stream)."""

    def __init__(self) -> None:
        self._inner = zlib.decompressobj()
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, MAX_STREAM + 1 - self._out)
        self._out += len(out)
        if self._out > MAX_STREAM:
            raise StreamTooLarge(f"has a stream that decodes to more than {MAX_STREAM // MB} MB", _HINT)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _decompress(data: bytes, *_: Any) -> bytes:
    """zlib.decompress, bounded: the same errors for a truncated or damaged stream."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_STREAM + 1)
    _charge(len(out))
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return out


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's recovery for a stream whose checksum is bad: what inflates before the damage, when the
    damage is in the last 3 bytes (else zlib.error, as pdfminer's own). Bounded, and linear: blocks of
    `_BLOCK` bytes, byte by byte only within the block that fails (pdfminer's goes byte by byte with
    quadratic copying)."""
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    for start in range(0, len(data), _BLOCK):
        block = data[start : start + _BLOCK]
        saved = inflater.copy()
        try:
            parts.append(inflater.decompress(block))
        except zlib.error:
            parts.append(_until_damage(saved, block, start, len(data)))
            break
        size += len(parts[-1])
        if size > MAX_STREAM:
            break
    out = b"".join(parts)
    _charge(len(out))
    return out


def _until_damage(inflater: Any, block: bytes, offset: int, total: int) -> bytes:
    parts: list[bytes] = []
    for i in range(len(block)):
        try:
            parts.append(inflater.decompress(block[i : i + 1]))
        except zlib.error:
            if offset + i < total - 3:
                raise
            break
    return b"".join(parts)


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    out = io.BytesIO()
    for piece in LZWDecoder(io.BytesIO(data)).run():
        out.write(piece)
        if out.tell() > MAX_STREAM:
            break
    _charge(out.tell())
    return out.getvalue()


ORIGINALS: dict[str, Any] = {}  # pdfminer's own functions, kept for comparison (tests)


def install() -> None:
    """Point pdfminer's stream decoding at the bounded decoders above (once per process)."""
    if ORIGINALS:
        return
    from pdfminer import pdftypes

    ORIGINALS.update(zlib=pdftypes.zlib, decompress_corrupted=pdftypes.decompress_corrupted)
    ORIGINALS.update(lzwdecode=pdftypes.lzwdecode)
    bounded = types.SimpleNamespace(
        decompress=_decompress, decompressobj=_BoundedInflater, error=zlib.error, MAX_WBITS=zlib.MAX_WBITS
    )
    pdftypes.zlib = bounded  # type: ignore[attr-defined]
    pdftypes.decompress_corrupted = _decompress_corrupted  # type: ignore[attr-defined]
    pdftypes.lzwdecode = _lzwdecode  # type: ignore[attr-defined]
