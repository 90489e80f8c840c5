"""Hostile documents are refused quickly and within a small memory budget: zip bombs dressed as Word files
(honest and lying about their sizes), PDFs whose streams inflate to gigabytes or that hold too many pages;
bad upload names are refused with one line. Memory is measured with tracemalloc (every bytes object the
readers allocate, zlib's output included)."""

from __future__ import annotations

import random
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from store.documents import check_upload, check_upload_name
from store.errors import InputError
from store.formats import extract, pdf_limits
from store.formats.archive import ZipLimits, within_limits
from store.formats.pdf_limits import MAX_PAGES, _decompress_corrupted
from tests.bombs import docx_bomb, pdf_bomb, pdf_with_content

MB = 1024 * 1024
BUDGET = 96 * MB  # what refusing one hostile document may allocate at its peak


def refused(read: Callable[[], object]) -> tuple[str, float, int]:
    """(the refusal's message, seconds, peak bytes allocated) of `read()`, which must raise InputError."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputError) as caught:
            read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value.message, time.perf_counter() - started, peak


def test_a_docx_that_inflates_to_gigabytes_is_refused_before_reading() -> None:
    bomb = docx_bomb(1200)  # word/document.xml: 1.2 GB; the file: about 1.2 MB
    assert len(bomb) < 2 * MB
    message, seconds, peak = refused(lambda: extract(".docx", bomb))
    assert "more than 256 MB" in message
    assert seconds < 5 and peak < BUDGET


def test_a_docx_over_the_xml_limit_or_compressed_like_a_bomb_is_refused() -> None:
    assert "compressed" in refused(lambda: extract(".docx", docx_bomb(20)))[0]
    assert (
        "over the limit of 32 MB"
        in refused(lambda: within_limits(docx_bomb(40), ZipLimits(max_ratio=1e9)))[0]
    )


def test_a_docx_lying_about_its_size_stops_at_the_declared_size() -> None:
    """The directory says 0.5 MB; the member inflates to 1.2 GB: read in bounded steps, it fails its CRC
    check at 0.5 MB (python-docx reading it directly would have asked zlib for 2 GB at once)."""
    bomb = docx_bomb(1200, declared_mb=0.5)
    message, seconds, peak = refused(lambda: extract(".docx", bomb))
    assert "damaged" in message and "CRC" in message
    assert seconds < 10 and peak < BUDGET


def test_a_pdf_stream_that_inflates_to_a_gigabyte_is_refused() -> None:
    bomb = pdf_bomb(1024)
    assert len(bomb) < 2 * MB
    message, seconds, peak = refused(lambda: extract(".pdf", bomb))
    assert "decodes to more than 32 MB" in message
    assert seconds < 10 and peak < BUDGET


def test_a_pdf_with_too_many_pages_is_refused_before_any_page_is_read() -> None:
    many = pdf_with_content(zlib.compress(b" "), pages=MAX_PAGES + 1)
    message, seconds, _ = refused(lambda: extract(".pdf", many))
    assert f"{MAX_PAGES + 1} pages, more than {MAX_PAGES}" in message and seconds < 30


def test_a_damaged_stream_is_recovered_as_pdfminer_does_in_linear_time() -> None:
    pdf_limits.install()
    pdfminers = pdf_limits.ORIGINALS["decompress_corrupted"]  # the original: byte by byte
    rng = random.Random(7)
    text = rng.randbytes(40_000).hex().encode()
    good = zlib.compress(text)
    damaged = [good[:-4] + b"\0\0\0\0", good[:-2], good[:5000] + b"\xff" * 64 + good[5064:]]
    damaged += [bytes(b ^ 0x5A if rng.random() < 0.001 else b for b in good) for _ in range(5)]
    for data in damaged:
        try:
            expected: bytes | type[zlib.error] = pdfminers(data)
        except zlib.error:
            expected = zlib.error
        if expected is zlib.error:
            with pytest.raises(zlib.error):
                _decompress_corrupted(data)
        else:
            assert _decompress_corrupted(data) == expected
    big = random.Random(8).randbytes(3 * MB).hex().encode()  # 6 MB: pdfminer's own takes minutes
    started = time.perf_counter()
    assert _decompress_corrupted(zlib.compress(big)[:-4] + b"\0\0\0\0") == big
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("..", "names no file"),
        (".", "names no file"),
        ("", "names no file"),
        ("a\x00b.txt", "control characters"),
        ("a\nb.txt", "control characters"),
        ("n" * 300 + ".txt", "304 characters long"),
        ("ت" * 150 + ".txt", "154 characters long"),  # 304 bytes in UTF-8
    ],
)
def test_bad_upload_names_are_refused(name: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        check_upload_name(name)


def test_upload_names_keep_only_the_file_name(tmp_path: Path) -> None:
    assert check_upload_name("../../etc/تقرير.txt") == "تقرير.txt"
    assert check_upload_name("C:\\docs\\report.pdf") == "report.pdf"
    ok = tmp_path / ("ت" * 90 + ".txt")
    ok.write_text("نص.", encoding="utf-8")
    assert check_upload(ok, limit_mb=1)[0] == ok.name
