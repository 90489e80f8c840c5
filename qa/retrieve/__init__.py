"""Hybrid retrieval: `retriever` (the legs, fusion, diversity), `fusion` (weighted RRF), `hubness` and
`query_bank` (hubness correction), `names` and `query_terms` (English questions over Arabic text), `topics`
(file topic coherence). Nothing here imports `qa.answer`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.lazy import lazy_attributes

if TYPE_CHECKING:
    from qa.retrieve.retriever import Mode, Retrieval, Retriever, sentence_stems

# name -> the module that defines it. Loaded on first use (PEP 562), so importing one module of this package
# never imports its siblings or their frameworks.
_HOMES = {
    "Mode": "qa.retrieve.retriever",
    "Retrieval": "qa.retrieve.retriever",
    "Retriever": "qa.retrieve.retriever",
    "sentence_stems": "qa.retrieve.retriever",
}
__all__ = ["Mode", "Retrieval", "Retriever", "sentence_stems"]

__getattr__ = lazy_attributes(__name__, _HOMES)
