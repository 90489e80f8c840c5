import pytest

from store.chunking import chunk_document, sentence_spans
from store.documents import decode_document, load_documents
from store.errors import InputError
from store.segment import visible_length
from tests.conftest import SEEDS


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_every_chunk_is_an_exact_span_of_its_file(path) -> None:
    text = decode_document(path.read_bytes(), path)
    chunks = chunk_document(path.name, text, size=500, overlap=1)
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert visible_length(chunk.text) <= 500
    covered = "".join(text[c.start : c.end] for c in chunks)
    assert all(word in covered for word in text.split()[:50])


def test_sentences_split_on_arabic_punctuation() -> None:
    text = "قال بوتين إنه سيزور فيتنام. هل سيوقع الاتفاق؟ نعم؛ بالتأكيد!\nسطر جديد"
    parts = [text[s.start : s.end] for s in sentence_spans(text)]
    assert parts == ["قال بوتين إنه سيزور فيتنام.", "هل سيوقع الاتفاق؟", "نعم؛", "بالتأكيد!", "سطر جديد"]


def test_overlap_repeats_one_sentence() -> None:
    text = " ".join(f"جملة رقم {i} هنا." for i in range(40))
    chunks = chunk_document("x.txt", text, size=120, overlap=1)
    for a, b in zip(chunks, chunks[1:]):
        assert b.start < a.end  # neighbours share a sentence


def test_bom_and_crlf_are_tolerated_and_binary_is_skipped(tmp_path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeffمرحبا\r\nبالعالم".encode())
    (tmp_path / "b.md").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_bytes("نص".encode("utf-16"))
    docs, warnings = load_documents(tmp_path)
    assert [d.name for d in docs] == ["a.txt"]
    assert docs[0].text == "مرحبا\nبالعالم"
    assert len(warnings) == 2 and any("b.md" in w for w in warnings) and any("c.txt" in w for w in warnings)


def test_missing_folder_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError):
        load_documents(tmp_path / "nope")


def test_a_heading_or_a_last_fragment_never_stands_alone() -> None:
    """A fragment of a few words embeds close to any question sharing one of them: a chunk shorter than
    `min_chars` takes the next sentence (even past `size`), and a document's last fragment joins the chunk
    before it. Without a minimum, both stand alone."""
    words = [f"راوي{i}" for i in range(200)]
    text = "كتاب السلم\nحدثنا " + " ".join(words)  # a heading, then one sentence split at whitespace
    loose = chunk_document("x.txt", text, size=240, overlap=1)
    assert loose[0].text == "كتاب السلم" and len(loose[-1].text) < 75
    chunks = chunk_document("x.txt", text, size=240, overlap=1, min_chars=75)
    assert all(len(c.text) >= 75 for c in chunks)
    assert chunks[0].text.startswith("كتاب السلم\nحدثنا") and chunks[-1].text.endswith(words[-1])
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert all(word in " ".join(c.text for c in chunks) for word in text.split())
