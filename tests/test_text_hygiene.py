"""store/text_hygiene.py: the one rule for outside text, and where it is applied (questions, documents)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.assistant import clean_question
from store.documents import decode_document
from store.errors import InputError
from store.text_hygiene import clean_text, one_line, require_text, undecodable_at


@given(st.text(st.characters(codec=None, categories=None), max_size=60))
def test_clean_text_keeps_the_length_and_leaves_nothing_unprintable(text: str) -> None:
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)  # document offsets stay right
    cleaned.encode("utf-8")  # no lone surrogate left
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in cleaned)
    assert "\n" not in one_line(text) and "\r" not in one_line(text)


def test_format_characters_are_kept() -> None:
    text = "\u200fمرحبا\u200c بكم\u202e\u2066"
    assert clean_text(text) == text


def test_undecodable_text_is_rejected_naming_what() -> None:
    assert undecodable_at("ab\udcffc") == 2
    with pytest.raises(InputError) as caught:
        require_text("ab\udcffc", "the question")
    assert "the question" in caught.value.message and "character 3" in caught.value.message
    assert require_text("a\x00b", "x") == "a b"


def test_clean_question_rejects_undecodable_and_cleans_controls() -> None:
    with pytest.raises(InputError):
        clean_question("متى\udcff؟")
    assert clean_question("متى\x00 \x1bسيزور؟") == "متى سيزور؟"
    with pytest.raises(InputError):
        clean_question("\x00\x01\x02")  # nothing left: empty


def test_documents_lose_control_characters_but_not_offsets() -> None:
    raw = "سطر أول\x07\nسطر\x00 ثان\r\nثالث".encode()
    text = decode_document(b"pad " * 1200 + raw, Path("doc.txt"))  # NUL past the binary sniffing window
    assert "\x07" not in text and "\x00" not in text
    assert text.endswith("سطر أول \nسطر  ثان\nثالث")
