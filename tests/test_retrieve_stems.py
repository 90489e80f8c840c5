"""best_sentence's cached stemming gives exactly the terms lexical_tokens gives."""

from __future__ import annotations

from qa.retrieve import sentence_stems
from qa.settings import Settings
from store.arabic import lexical_tokens
from store.chunking import sentence_spans
from store.documents import load_documents


def test_sentence_stems_equal_lexical_tokens_without_ngrams() -> None:
    docs, _ = load_documents(Settings().corpus_dir)
    sentences = [d.text[s.start : s.end] for d in docs for s in sentence_spans(d.text)]
    assert len(sentences) > 100
    for sentence in sentences + ["Putin visited Pyongyang in 2024", "الرئيسُ بوتين، والرئيس كيم"]:
        assert sentence_stems(sentence) == set(lexical_tokens(sentence, ngrams=False))
