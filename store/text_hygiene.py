"""Text hygiene: the one rule for text that comes from outside (a question, a batch row, a document).

A Python string can hold what no UTF-8 file or terminal can carry: lone surrogates (undecodable bytes from
the command line arrive as surrogates, and JSON may spell them as `\\ud800`) and control characters (NUL,
ESC, ...). Tokenisers, JSON writers, sqlite and terminals each fail on them somewhere else, far from the
input, so they are dealt with once, where text enters:

- a lone surrogate means the text was not valid UTF-8: `require_text` rejects it with one clear line,
  `clean_text` replaces it with U+FFFD where the text must still be recorded (an error row, a message);
- control characters other than tab and line breaks (C0, DEL, C1) become a space: same length, so the
  character offsets of document chunks and citations stay right;
- format characters (bidi marks, zero-width joiners) are kept: Arabic text uses them.
"""

from __future__ import annotations

import re

from store.errors import InputError

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def undecodable_at(text: str) -> int | None:
    """The index of the first lone surrogate (an undecodable byte) in `text`, or None."""
    match = _SURROGATE.search(text)
    return match.start() if match else None


def clean_text(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD and control characters by a space (same length)."""
    return _CONTROL.sub(" ", _SURROGATE.sub(REPLACEMENT, text))


def require_text(text: str, what: str) -> str:
    """`text` cleaned of control characters; InputError naming `what` if it holds undecodable bytes."""
    position = undecodable_at(text)
    if position is not None:
        raise InputError(
            f"{what} holds bytes that are not valid UTF-8 text (character {position + 1})",
            "type it again, or save the file as UTF-8",
        )
    return clean_text(text)


def one_line(text: str) -> str:
    """`text` safe to print as one line on any terminal: cleaned, whitespace runs collapsed."""
    return " ".join(clean_text(text).split())
