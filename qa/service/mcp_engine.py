"""What the MCP server's tools and resources do, without the protocol (qa/service/mcp_server.py speaks it).

Two engines with one interface: `LocalEngine` answers in this process (the index and models loaded once,
on the first call or by `warm`), `ServiceEngine` asks a running `qa serve` (QA_SERVER_URL / --server,
through qa.service.client),
whose models are already warm. A document's text, which the service does not serve,
is read from this machine's manifest (SQLite; no models, no Chroma) when it holds the very version the
service indexed.

Documents are addressed as `doc://<source label>/<path>` (store.identity: the identity, percent-encoded);
`?start=S&end=E` selects characters S to E, the offsets every passage and citation gives.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from pydantic import BaseModel, Field

from qa.errors import InputError
from qa.records import Answer, Passage
from qa.settings import Settings
from store.identity import label_of, relative_path
from store.text_hygiene import REPLACEMENT

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.service.client import ServiceClient
    from store.manifest import Manifest
    from store.pages import PageLookup

URI_SCHEME = "doc://"


def document_uri(document: str, start: int | None = None, end: int | None = None) -> str:
    """The resource URI of a document (its identity), or of characters start..end of its text."""
    uri = URI_SCHEME + quote(document, safe="/")
    if start is not None and end is not None:
        uri += f"?start={start}&end={end}"
    return uri


class Hit(BaseModel):
    """A passage found for a question: where it is (file, span, page) and its text."""

    file: str = Field(description="Path relative to the folder the document was indexed from.")
    document: str = Field(description="The document's identity: source label / path (unique).")
    start: int = Field(description="Start of the passage: character offset into the document's text.")
    end: int = Field(description="End of the passage (exclusive).")
    page: int | None = Field(None, description="Page of the passage's start (PDFs); null otherwise.")
    text: str
    score: float = Field(description="Fused retrieval score (higher is better).")
    sentence_start: int = Field(description="Start of the passage's best-matching sentence.")
    sentence_end: int
    uri: str = Field(description="Resource URI of the passage's characters (doc://source/path?start=&end=).")


class SearchResult(BaseModel):
    question: str
    passages: list[Hit]


class DocumentInfo(BaseModel):
    document: str = Field(description="Identity: source label / path.")
    file: str = Field(description="Path relative to the folder it was indexed from.")
    source: str = Field(description="The source label (the indexed folder's name, or 'uploads').")
    chunks: int
    sha256: str = Field(description="sha256 of the original file.")
    uri: str = Field(description="Resource URI of the document's text.")


class DocumentList(BaseModel):
    documents: list[DocumentInfo]


def hit(passage: Passage, page: int | None) -> Hit:
    fields = passage.model_dump(include=set(Hit.model_fields))
    return Hit(**fields, page=page, uri=document_uri(passage.document, passage.start, passage.end))


def document_info(document: str, chunks: int, sha256: str) -> DocumentInfo:
    return DocumentInfo(
        document=document,
        file=relative_path(document),
        source=label_of(document),
        chunks=chunks,
        sha256=sha256,
        uri=document_uri(document),
    )


class Engine(Protocol):
    def warm(self) -> None: ...
    def search(self, question: str, k: int | None) -> SearchResult: ...
    def ask(self, question: str, **options: Any) -> Answer: ...
    def documents(self) -> DocumentList: ...
    def text(self, document: str) -> str: ...
    def close(self) -> None: ...


def clean(question: str) -> str:
    """The question as every face takes it (qa.assistant.clean_question: decodable, not empty, bounded).
    U+FFFD counts as undecodable here: it is what the MCP transport makes of bytes that are not UTF-8."""
    from qa.assistant import clean_question

    if REPLACEMENT in question:
        position = question.index(REPLACEMENT) + 1
        raise InputError(
            f"the question holds bytes that are not valid UTF-8 text (character {position})",
            "send it as UTF-8 text",
        )
    return clean_question(question)


class UnknownDocument(InputError):
    """No indexed document has this identity."""

    def __init__(self, document: str) -> None:
        super().__init__(f"no indexed document {document!r}", "list them with the list_documents tool")


class LocalEngine:
    """The assistant in this process; one question at a time (the models are shared, the CPU is too)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._assistant: Assistant | None = None
        self._lock = threading.Lock()

    @property
    def assistant(self) -> Assistant:
        with self._lock:
            if self._assistant is None:
                from qa.assistant import Assistant

                self._assistant = Assistant(self.settings)
            return self._assistant

    def warm(self) -> None:
        """Open the index, index the default corpus if it is empty, load the embedding model."""
        from qa.open_index import ensure_indexed

        assistant = self.assistant
        with self._lock:
            ensure_indexed(assistant.index, self.settings)
            assistant.index.embed_query("query")

    def search(self, question: str, k: int | None) -> SearchResult:
        from qa.open_index import ensure_indexed

        question = clean(question)
        assistant = self.assistant
        with self._lock:
            ensure_indexed(assistant.index, self.settings)
            passages = assistant.retriever.retrieve(question, k=k).passages
        index = assistant.index
        return SearchResult(
            question=question, passages=[hit(p, index.page_of(p.document, p.start)) for p in passages]
        )

    def ask(self, question: str, **options: Any) -> Answer:
        question = clean(question)
        assistant = self.assistant
        with self._lock:
            return assistant.ask(question, **options)

    def documents(self) -> DocumentList:
        files = self.assistant.index.files()
        return DocumentList(documents=[document_info(r.name, r.n_chunks, r.sha256) for r in files])

    def text(self, document: str) -> str:
        text = self.assistant.index.manifest.file_text(document)
        if text is None:
            raise UnknownDocument(document)
        return text

    def close(self) -> None:
        if self._assistant is not None:
            self._assistant.close()
            self._assistant.index.close()


class ServiceEngine:
    """A running `qa serve`, whose models are warm; document texts from this machine's manifest."""

    def __init__(self, settings: Settings, client: ServiceClient | None = None) -> None:
        from qa.service.client import ServiceClient

        self.settings = settings
        token = settings.api_token.get_secret_value() if settings.api_token else None
        url = settings.server_url or ""
        self.client = client or ServiceClient(url, token, timeout=settings.llm_timeout * 3)
        self._texts: LocalTexts | None = None

    def warm(self) -> None:
        self.client.files()  # reachable (and authorised) now, rather than at the first question

    def search(self, question: str, k: int | None) -> SearchResult:
        question = clean(question)
        passages = self.client.passages(question, k)
        texts = self._local_texts()
        pages = [texts.page(p.document, p.start) if texts else None for p in passages]
        return SearchResult(question=question, passages=[hit(p, n) for p, n in zip(passages, pages)])

    def ask(self, question: str, **options: Any) -> Answer:
        return self.client.ask(clean(question), **options)

    def documents(self) -> DocumentList:
        return DocumentList(
            documents=[
                document_info(f["document"], int(f.get("chunks", 0)), str(f.get("sha256", "")))
                for f in self.client.files()
            ]
        )

    def text(self, document: str) -> str:
        served = {d.document: d.sha256 for d in self.documents().documents}
        if document not in served:
            raise UnknownDocument(document)
        texts = self._local_texts()
        text = texts.text(document, served[document]) if texts else None
        if text is None:
            raise InputError(
                f"the text of {document!r} is not in this machine's index (the service at "
                f"{self.client.url} serves no document texts)",
                "run qa mcp on the service's machine with its QA_DATA_DIR, or without --server",
            )
        return text

    def _local_texts(self) -> LocalTexts | None:
        if self._texts is None:
            self._texts = LocalTexts.open(self.settings)
        return self._texts

    def close(self) -> None:
        self.client.close()
        if self._texts is not None:
            self._texts.close()


class LocalTexts:
    """Document texts and pages from this machine's manifest of the settings' index, read only."""

    def __init__(self, manifest: Manifest, pages: PageLookup) -> None:
        self.manifest = manifest
        self.pages = pages

    @classmethod
    def open(cls, settings: Settings) -> LocalTexts | None:
        """None when this machine has no such index (the service's data folder is elsewhere)."""
        from qa.open_index import index_config
        from store.index import index_folder
        from store.manifest import Manifest
        from store.pages import PageLookup

        path: Path = index_folder(index_config(settings)) / "manifest.sqlite"
        if not path.is_file():
            return None
        return cls(Manifest(path), PageLookup(path))

    def text(self, document: str, sha256: str) -> str | None:
        """The text of `document` if the manifest holds this version of it (same sha256)."""
        if not any(r.name == document and r.sha256 == sha256 for r in self.manifest.files()):
            return None
        return self.manifest.file_text(document)

    def page(self, document: str, offset: int) -> int | None:
        return self.pages.page(document, offset)

    def close(self) -> None:
        self.pages.close()
        self.manifest.close()
