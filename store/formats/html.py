"""Saved web pages (.html/.htm) → Extracted, with trafilatura: the article's text without the site's
navigation, sidebars, cookie notices and footers (chosen by measurement against a tag-rule extractor on
selectolax: scripts/bench_formats.py). A page too short for trafilatura to call it an article (a note,
a fragment) keeps all of its visible text. No page spans: a web page has none."""

from __future__ import annotations

import logging
import re

from store.arabic import base_letters
from store.errors import InputError
from store.formats.records import Extracted

_BLANKS = re.compile(r"[ \t\u00a0]+")


def extract_html(data: bytes) -> Extracted:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs pages it finds too short
    if b"\x00" in data[:4096]:
        raise InputError("looks binary, not a web page")
    if b"<body" not in data[:65536].lower():  # a fragment: trafilatura reads whole documents only
        data = b"<html><body>" + data + b"</body></html>"
    options = {"output_format": "txt", "include_comments": False, "include_tables": True}
    text = trafilatura.extract(data, deduplicate=False, **options)
    warnings: tuple[str, ...] = ()
    if not text:
        text = trafilatura.html2txt(data) or ""
        warnings = ("no article found: all of the page's text was kept",) if text.strip() else ()
    lines = [_BLANKS.sub(" ", base_letters(line)).strip() for line in text.splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise InputError("holds no text")
    return Extracted(text, None, warnings)
