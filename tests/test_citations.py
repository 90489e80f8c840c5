"""Citation parsing and checking (unit tests on hand-made passages and vectors)."""

import re

import numpy as np

from qa.generate.citations import (
    check_citations,
    claim_sentences,
    drop_invalid_markers,
    parse_markers,
    unsourced_figures,
)
from qa.records import Passage
from store.chunking import Span

TEXT_A = "والزيارة السابقة التي قام بها بوتين لبيونغيانغ كانت في جويلية 2000."
TEXT_B = "وذكر الكرملين أن بوتين سيزور فيتنام يومي 19 و20 جوان."


def _passage(text: str, offset: int) -> Passage:
    return Passage(
        file=f"f{offset}.txt",
        start=offset,
        end=offset + len(text),
        text=text,
        score=1.0,
        sentence_start=offset,
        sentence_end=offset + len(text),
    )


def _vectors(*axes: int) -> list[tuple[list[Span], np.ndarray]]:
    out = []
    for i, axis in enumerate(axes):
        vec = np.zeros(4, dtype=np.float32)
        vec[axis] = 1.0
        out.append(([Span(i * 100, i * 100 + 10)], vec[None, :]))
    return out


def _embed_all_on(axis: int):
    def embed(texts: list[str]) -> np.ndarray:
        vecs = np.zeros((len(texts), 4), dtype=np.float32)
        vecs[:, axis] = 1.0
        return vecs

    return embed


PASSAGES = [_passage(TEXT_A, 0), _passage(TEXT_B, 100)]


def test_markers_are_parsed_in_all_usual_forms() -> None:
    assert parse_markers("أ [1] ب [2, 3] ج [4،5]") == [1, 2, 3, 4, 5]


def test_markers_pointing_nowhere_are_removed_and_reported() -> None:
    text, removed = drop_invalid_markers("جملة [1] [7] وأخرى [2, 9].", range(1, 3))
    assert removed == [7, 9] and text == "جملة [1] وأخرى [2]."


def test_marker_after_the_full_stop_joins_its_sentence() -> None:
    assert claim_sentences("زار بوتين فيتنام. [2] ثم عاد.") == ["زار بوتين فيتنام. [2]", "ثم عاد."]


def test_same_script_claim_is_checked_by_terms_and_numbers() -> None:
    answer = "كانت الزيارة السابقة لبوتين إلى بيونغيانغ في جويلية 2000 [1]."
    checked = check_citations(answer, PASSAGES, _vectors(0, 1), _embed_all_on(0))
    assert [(c.n, c.verified, c.file) for c in checked.citations] == [(1, True, "f0.txt")]
    assert checked.unsupported_sentences == []


def test_claim_is_not_verified_when_no_passage_has_its_numbers() -> None:
    answer = "كانت الزيارة السابقة لبوتين إلى بيونغيانغ في جويلية 2001 [1]."
    checked = check_citations(answer, PASSAGES, _vectors(0, 1), _embed_all_on(0))
    assert checked.citations[0].verified is False
    assert len(checked.unsupported_sentences) == 1


def test_cross_lingual_claim_uses_embedding_similarity() -> None:
    good = check_citations(
        "Putin will visit Vietnam on 19 and 20 June [2].", PASSAGES, _vectors(0, 1), _embed_all_on(1)
    )
    bad = check_citations(
        "Putin will visit Vietnam on 19 and 20 June [2].", PASSAGES, _vectors(0, 1), _embed_all_on(0)
    )
    assert good.citations[0].verified and not bad.citations[0].verified


def test_citation_resolves_to_the_supporting_sentence_span() -> None:
    checked = check_citations(
        "Putin visits Vietnam on 19 June [2].", PASSAGES, _vectors(0, 1), _embed_all_on(1)
    )
    citation = checked.citations[0]
    assert (citation.start, citation.end) == (100, 110) and citation.text == TEXT_B[:10]


def test_a_bare_figure_found_in_the_passage_is_supported() -> None:
    checked = check_citations("2000 [1]", PASSAGES, _vectors(0, 1), _embed_all_on(1))
    assert checked.citations[0].verified and not checked.unsupported_sentences


def test_wrongly_numbered_citation_moves_to_the_supporting_passage() -> None:
    answer = "كانت الزيارة السابقة لبوتين إلى بيونغيانغ في جويلية 2000 [2]."
    checked = check_citations(answer, PASSAGES, _vectors(0, 1), _embed_all_on(0))
    assert checked.text == "كانت الزيارة السابقة لبوتين إلى بيونغيانغ في جويلية 2000 [1]."
    assert [(c.n, c.verified) for c in checked.citations] == [(1, True)]
    assert checked.reattributed_sentences and not checked.unsupported_sentences


def test_uncited_sentence_gets_the_marker_of_its_supporting_passage() -> None:
    checked = check_citations(
        "Putin will visit Vietnam on 19 and 20 June.", PASSAGES, _vectors(0, 1), _embed_all_on(1)
    )
    assert checked.text == "Putin will visit Vietnam on 19 and 20 June [2]."
    assert [(c.n, c.file, c.verified) for c in checked.citations] == [(2, "f100.txt", True)]


def test_uncited_sentence_that_nothing_supports_is_reported() -> None:
    checked = check_citations("Putin met the Pope in Rome.", PASSAGES, _vectors(0, 1), _embed_all_on(3))
    assert checked.unsupported_sentences == ["Putin met the Pope in Rome."] and not checked.citations


def test_figures_found_in_no_passage_nor_the_question_are_unsourced() -> None:
    assert unsourced_figures("The deals were worth $1.2 billion [1].", "How much?", PASSAGES) == {"1.2"}
    assert unsourced_figures("He last visited in 2019.", "When?", PASSAGES) == {"2019"}
    assert not unsourced_figures("في جويلية ٢٠٠٠ [1]", "متى؟", PASSAGES)  # Arabic-Indic digits normalised
    assert not unsourced_figures("On 19 and 20 June, with 2 ministers.", "When?", PASSAGES)
    assert not unsourced_figures("Yes, in 2024.", "Did it happen in 2024?", PASSAGES)


def test_a_marker_after_the_full_stop_is_moved_too() -> None:
    answer = "كانت الزيارة السابقة لبوتين إلى بيونغيانغ في جويلية 2000. [2]"
    checked = check_citations(answer, PASSAGES, _vectors(0, 1), _embed_all_on(0))
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", checked.text)]
    assert cited == [c.n for c in checked.citations] == [1]  # text and citations never disagree
