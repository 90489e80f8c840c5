"""A mixed archive: the seeds share the index with off-topic Arabic documents (Qur'an suras and hadith,
fully diacritised; news of other topics, encyclopaedic prose, stories, poems; scripts/make_mixed_corpus.py).
Real Chroma, the real embedding model. Built once for the module (ingest is the slow part)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from qa.assistant import Assistant
from qa.retrieve import Retriever
from qa.settings import PROJECT_ROOT
from tests.conftest import SEEDS, make_settings

DISTRACTORS = 60  # written documents, suras and hadith books interleaved: every genre is represented


def _corpus_module():
    spec = importlib.util.spec_from_file_location(
        "make_mixed_corpus", PROJECT_ROOT / "scripts" / "make_mixed_corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mixed_settings(tmp_path_factory: pytest.TempPathFactory):
    from qa.open_index import open_index

    root = tmp_path_factory.mktemp("mixed")
    paths = _corpus_module().write_corpus(root / "corpus", DISTRACTORS)
    assert len(paths) == DISTRACTORS
    settings = make_settings(root / "data", backend="extractive")
    index = open_index(settings)
    index.ingest(SEEDS)
    index.ingest(root / "corpus")
    index.close()
    return settings


@pytest.fixture(scope="module")
def mixed_index(mixed_settings):
    from qa.open_index import open_index

    index = open_index(mixed_settings)
    yield index
    index.close()


def test_corpus_is_off_topic_and_holds_diacritised_classical_text(tmp_path: Path) -> None:
    paths = _corpus_module().write_corpus(tmp_path)
    assert len(paths) >= 300
    kinds = {p.name.split("-")[0] for p in paths}
    assert {"quran", "bukhari", "news", "encyclopedia", "poem", "story"} <= kinds
    quran = next(p for p in paths if p.name.startswith("quran")).read_text(encoding="utf-8")
    assert sum("\u064b" <= ch <= "\u0652" for ch in quran) > len(quran) / 5  # tashkeel on most letters
    text = " ".join(p.read_text(encoding="utf-8") for p in paths)
    assert not any(name in text for name in ("بوتين", "بيونغيانغ", "بيونغ يانغ", "كيم جونغ"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_dev_questions_find_their_gold_files_in_the_passages_an_answer_reads(
    mixed_index, mixed_settings, dev_rows, lang
) -> None:
    """Every answerable dev question finds a gold file among the passages a grounded answer reads
    (QA_EVIDENCE_PASSAGES); in the top 5 all Arabic ones do and all English ones but one (dev-16 asks whom
    Putin "succeeded": the dictionary knows only 'succeed' = نجح, not خلف; docs/retrieval.md)."""
    retriever = Retriever(mixed_index, mixed_settings)
    missed_top5, missed = [], []
    for row in dev_rows:
        if row["answerable"] and row["lang"] == lang:
            passages = retriever.retrieve(row["question"], k=mixed_settings.evidence_passages).passages
            if not {p.file for p in passages} & set(row["sources"]):
                missed.append(row["id"])
            if not {p.file for p in passages[:5]} & set(row["sources"]):
                missed_top5.append(row["id"])
    assert missed == []
    assert len(missed_top5) <= (1 if lang == "en" else 0), missed_top5


def test_diacritised_source_found_by_a_plain_letter_query(mixed_index, mixed_settings) -> None:
    # Al-Fatiha quoted in plain letters finds the fully diacritised sura (hadith on prayer quote it too).
    retrieval = Retriever(mixed_index, mixed_settings).retrieve("مالك يوم الدين إياك نعبد وإياك نستعين")
    assert "quran-001.txt" in [p.file for p in retrieval.passages]


def test_off_topic_english_question_is_refused(mixed_index, mixed_settings) -> None:
    assistant = Assistant(mixed_settings, mixed_index)
    answer = assistant.ask("Who painted the Mona Lisa?", backend="extractive")
    assert answer.refused
    assert answer.refusal_reason == "no_relevant_passages"


def test_answerable_english_question_is_answered_from_the_news(mixed_index, mixed_settings) -> None:
    assistant = Assistant(mixed_settings, mixed_index)
    answer = assistant.ask("Who is the head of the Russian space agency Roscosmos?", backend="extractive")
    assert not answer.refused
    assert answer.citations and answer.citations[0].file.startswith("00")
