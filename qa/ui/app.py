"""The chat UI: a Gradio Blocks app over one `Assistant` (`qa ui`). Only this module and `qa.cli` know Gradio.

- Answers stream into the chat as the backend produces them; the HTML of the messages and of the sources
  panel under each answer comes from `qa.ui.chat_html` (pure functions).
- Follow-up questions are made standalone before retrieval by `qa.generate.followup.standalone_question`.
- Uploaded documents are checked, saved under data_dir/uploads and indexed by `qa.ui.uploads.add_upload`
  (the same path as the service's uploads).
- History lives in `gr.State` (one per browser session), never in module globals: sessions are private.
- Under `qa serve` every answer (follow-up rewriting included) waits in the service's admission queue
  (`gate`); `qa ui` alone has Gradio's queue (one at a time). Both run behind `qa.service.guard` (token,
  Host, Origin, body size); Gradio's temp files live in the data folder and are removed after use.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Generic, TypeVar

import gradio as gr
from starlette.middleware import Middleware

from qa.assistant import Assistant
from qa.errors import QAError
from qa.events import Done, PassagesFound, Token
from qa.generate.followup import Turn, history_budget, standalone_question
from qa.language import answer_language
from qa.llm import BACKENDS
from qa.records import Answer
from qa.service.exposure import allowed_hosts, check_exposure, public_error
from qa.service.guard import Guard, GuardConfig
from qa.service.queue import QueueFull
from qa.service.scratch import exit_cleanly_on_sigterm, gradio_temp_folder, sweep, use_private_temp_folder
from qa.settings import Settings
from qa.ui.chat_html import CSS, answer_html, corpus_html, error_html, pending_html, status_html, user_html
from qa.ui.uploads import add_upload
from store.documents import DOCUMENT_SUFFIXES
from store.identity import uploads_folder

logger = logging.getLogger(__name__)

Message = dict[str, str]  # {"role": "user" | "assistant", "content": html}
Gate = Callable[[], AbstractContextManager[None]]  # a slot in the admission queue (QueueFull when full)
T = TypeVar("T")
GRADIO_UPLOAD_PATHS = frozenset({"/gradio_api/upload"})

EXAMPLES = [
    "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟",
    "كم عدد الصواريخ التي قال مسؤولون أوكرانيون إنهم رصدوا إيصالها من كوريا الشمالية إلى روسيا؟",
    "Who is the Putin adviser quoted about a possible security partnership agreement with North Korea?",
    "In what year did North Korea carry out its first nuclear test?",
]


# --- what a chat step updates, in one order ----------------------------------------------------------------


@dataclass
class ChatOutputs(Generic[T]):
    """The outputs of the chat events in the one order Gradio sees them: the components when the events
    are wired, the values when a callback returns."""

    message: T  # the textbox, cleared once a question is sent
    chatbot: T  # the messages shown
    chat_state: T  # the same messages, kept per session
    turns: T  # what follow-up rewriting reads (list[Turn])
    record: T  # the last Answer as JSON

    @classmethod
    def showing(cls, chat: list[Message], turns: list[Turn], record: Any) -> ChatOutputs[Any]:
        """The values of one chat step: the box cleared, `chat` shown and kept."""
        return ChatOutputs[Any]("", chat, chat, turns, record)

    @classmethod
    def unchanged(cls) -> ChatOutputs[Any]:
        return ChatOutputs[Any](*(gr.skip() for _ in fields(cls)))

    def values(self) -> tuple[T, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


@dataclass
class Reply:
    """What one chat step shows: the messages (chatbot + state), the turns, the Answer JSON once done."""

    chat: list[Message]
    turns: list[Turn]
    answer: dict[str, Any] | None = None

    def outputs(self) -> tuple[Any, ...]:
        record = self.answer if self.answer is not None else gr.skip()  # the last record stays meanwhile
        return ChatOutputs.showing(self.chat, self.turns, record).values()


# --- callbacks -----------------------------------------------------------------------------------------


class ChatUI:
    """The callbacks. Holds the shared Assistant (index + backends); per-session data comes in as State."""

    def __init__(self, assistant: Assistant, gate: Gate | None = None) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.uploads = uploads_folder(self.settings.data_dir)
        self._backend_lock = threading.Lock()  # two sessions must not start two local model servers
        self._gate: Gate = gate or contextlib.nullcontext
        self._history_chars = history_budget(self.settings.llm_ctx_size // self.settings.llm_parallel)

    def respond(
        self, message: str, backend: str, k: float, lang: str, chat: list[Message], turns: list[Turn]
    ) -> Iterator[tuple[Any, ...]]:
        """Stream one answer into the chat. Errors become a chat message; the session goes on."""
        message = (message or "").strip()
        if not message:
            yield ChatOutputs.unchanged().values()
            return
        language = answer_language(message, lang)  # the radio starts at QA_LANG; "auto" → the question's
        chat = [*chat, {"role": "user", "content": user_html(message)}]
        reply = Reply([*chat, {"role": "assistant", "content": pending_html("", language)}], list(turns))
        yield reply.outputs()
        try:
            for chat_now, answer in self._answer(message, backend, int(k), language, turns):
                reply.chat = [*chat, {"role": "assistant", "content": chat_now}]
                if answer is not None:
                    reply.answer = answer.model_dump(mode="json")
                    reply.turns = [*turns, Turn.from_answer(message, answer)]
                yield reply.outputs()
        except Exception as exc:  # noqa: BLE001 - the UI boundary: show it, keep the session
            reply.chat = [*chat, {"role": "assistant", "content": error_html(_shown(exc), language)}]
            yield reply.outputs()

    def _answer(
        self, message: str, backend: str, k: int, language: str, turns: list[Turn]
    ) -> Iterator[tuple[str, Answer | None]]:
        """(assistant bubble HTML, the Answer once done) as the answer streams; every model call (the
        follow-up rewriting too) inside one slot of the admission queue."""
        with self._gate():
            with self._backend_lock:
                model = self.assistant.backend(backend)  # start it once, before two sessions race to
            standalone = standalone_question(
                message, turns, model, self.assistant.prompts, max_history_chars=self._history_chars
            )
            text = ""
            for event in self.assistant.stream(standalone, lang=language, backend=backend, k=k):
                if isinstance(event, PassagesFound):
                    yield pending_html(text, language, "reading", len(event.passages)), None
                elif isinstance(event, Token):
                    text += event.text
                    yield pending_html(text, language), None
                elif isinstance(event, Done):
                    yield answer_html(event.answer, self.assistant.index.file_text, message), event.answer

    def upload(
        self,
        files: list[str] | None,
        replace: bool = False,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[str, str]:
        """Check, save under data_dir/uploads and index (prune=False) each uploaded document. One that would
        replace an uploaded document of the same name (other content) is refused unless `replace` (the
        checkbox) is ticked."""
        done: list[str] = []
        errors: list[str] = []
        for file in files or []:
            if _removed_temp_upload(Path(file)):
                continue  # handled by an earlier upload event (the component sends its files again)
            try:
                done.append(self._add_document(Path(file), bool(replace), progress))
            except QAError as exc:
                errors.append(exc.one_line())
            finally:
                _remove_temp_upload(Path(file))  # saved under uploads/ by now, or refused
        return status_html(done, errors), self.corpus()

    def _add_document(self, source: Path, replace: bool, progress: gr.Progress) -> str:
        def report(done: int, total: int, what: str) -> None:
            if total:  # gr.Progress wants a known total
                progress((done, total), desc=f"indexing {source.name}", unit="chunks")

        limit = self.settings.ui_max_upload_mb
        index = self.assistant.index
        return add_upload(index, self.uploads, source, limit, report, replace=replace).status

    def corpus(self) -> str:
        return corpus_html(self.assistant.index.files(), self.uploads)

    @staticmethod
    def new_chat() -> tuple[Any, ...]:
        return ChatOutputs.showing([], [], None).values()


# --- the app ---------------------------------------------------------------------------------------------


def _settings_panel(settings: Settings) -> tuple[gr.Dropdown, gr.Slider, gr.Radio]:
    with gr.Accordion("Settings", open=True):
        backend = gr.Dropdown(list(BACKENDS), value=settings.backend, label="Backend", elem_id="qa-backend")
        k = gr.Slider(1, 10, value=min(settings.top_k, 10), step=1, label="Passages", elem_id="qa-k")
        lang = gr.Radio(["auto", "ar", "en"], value=settings.lang, label="Answer language", elem_id="qa-lang")
    return backend, k, lang


def _documents_panel(ui: ChatUI) -> tuple[gr.File, gr.Checkbox, gr.HTML, gr.HTML]:
    limit = ui.settings.ui_max_upload_mb
    with gr.Accordion("Documents", open=True):
        files = gr.File(
            label=f"Add documents: .txt / .md (UTF-8), .pdf, .docx, .html (up to {limit:g} MB each)",
            file_count="multiple",
            file_types=list(DOCUMENT_SUFFIXES),
            height=160,
            elem_id="qa-upload",
        )
        replace = gr.Checkbox(
            False, label="replace an uploaded document of the same name", elem_id="qa-upload-replace"
        )
        status = gr.HTML(elem_id="qa-upload-status")
        corpus = gr.HTML(elem_id="qa-corpus")
    return files, replace, status, corpus


def _chat_column() -> tuple[gr.Chatbot, gr.Textbox, gr.Button, gr.Button]:
    """The chat, the question box with its Send button, New chat and the examples."""
    chatbot = gr.Chatbot(
        elem_id="qa-chat",
        height=700,
        latex_delimiters=[],
        feedback_options=None,
        buttons=["copy"],
        sanitize_html=True,
        label="Chat",
    )
    with gr.Row():
        message = gr.Textbox(
            placeholder="اكتب سؤالك هنا… / Type your question…",
            label="Question",
            show_label=False,
            elem_id="qa-input",
            scale=5,
            lines=1,
            max_lines=5,
            autofocus=True,
        )
        send = gr.Button("Send · أرسل", variant="primary", elem_id="qa-send", scale=1)
    new = gr.Button("New chat · محادثة جديدة", elem_id="qa-new", size="sm")
    gr.Examples(EXAMPLES, inputs=message, label="Examples · أمثلة", elem_id="qa-examples")
    return chatbot, message, send, new


def build_app(
    settings: Settings, assistant: Assistant | None = None, gate: Gate | None = None
) -> tuple[gr.Blocks, ChatUI]:
    """The Blocks app (not launched). Pass `assistant` to share one index/backends between apps, `gate`
    to admit answers through a service's queue."""
    ui = ChatUI(assistant or Assistant(settings), gate)
    with gr.Blocks(title="Arabic documents QA", analytics_enabled=False) as app:
        chat_state = gr.State([])  # per session: the rendered messages
        turns = gr.State([])  # per session: what follow-up rewriting reads
        gr.Markdown("### Ask the documents · اسأل المستندات")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot, message, send, new = _chat_column()
            with gr.Column(scale=2):
                backend, k, lang = _settings_panel(settings)
                files, replace, status, corpus = _documents_panel(ui)
                with gr.Accordion("Last answer (JSON record)", open=False):
                    record = gr.JSON(label="Answer record", elem_id="qa-record")
        outputs = list(ChatOutputs(message, chatbot, chat_state, turns, record).values())
        chat_io = dict(
            fn=ui.respond,
            inputs=[message, backend, k, lang, chat_state, turns],
            outputs=outputs,
            show_progress="hidden",
        )
        message.submit(**chat_io, api_name="chat")
        send.click(**chat_io, api_name=False)
        new.click(ui.new_chat, None, outputs, api_name=False)
        chatbot.clear(ui.new_chat, None, outputs, api_name=False)  # its bin icon must forget history too
        files.upload(ui.upload, [files, replace], [status, corpus], api_name=False)
        app.load(ui.corpus, None, corpus, api_name=False)
    return app, ui


def launch_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `Blocks.launch`: local only, no share link, login when configured."""
    ui, auth = settings.ui, None
    if ui.ui_username and ui.ui_password:
        auth = (ui.ui_username, ui.ui_password.get_secret_value())
    return {
        "server_name": ui.ui_host,
        "server_port": ui.ui_port or None,
        "share": False,
        "auth": auth,
        "ssr_mode": False,  # no Node server
        "max_file_size": f"{4 * ui.ui_max_upload_mb:g}mb",  # hard cap; the callback explains limits
        "css": CSS,
        "theme": gr.themes.Default(
            font=["Noto Sans", "Noto Naskh Arabic", "sans-serif"],  # local fonts: no Google Fonts request
            font_mono=["Noto Sans Mono", "monospace"],
        ),
        "footer_links": ["api"],
    }


def _shown(exc: Exception) -> QAError:
    """What the chat shows for an error: a busy queue, or the error without internal addresses."""
    if isinstance(exc, QueueFull):
        return QAError("too many questions are waiting", "ask again in a moment")
    if not isinstance(exc, QAError):
        logger.exception("answering failed")
        return QAError("unexpected error", "see the server log")
    public = public_error(exc)
    return QAError(public.message, public.hint)


def _removed_temp_upload(path: Path) -> bool:
    """Whether `path` is an upload's copy in Gradio's temp folder that was already handled and removed."""
    folder = gradio_temp_folder()
    return folder is not None and not path.exists() and path.resolve().is_relative_to(folder.resolve())


def _remove_temp_upload(path: Path) -> None:
    """Remove an upload's copy in Gradio's temp folder (and its folder, when empty); nothing else."""
    folder = gradio_temp_folder()
    if folder is None or not path.resolve().is_relative_to(folder.resolve()):
        return
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
        path.parent.rmdir()


def guard_middleware(settings: Settings) -> list[Middleware]:
    """`qa ui`'s gate: the same checks as the service's, for the UI's own server."""
    token = check_exposure(settings, settings.ui_host)
    limit = settings.serve_max_request_mb
    config = GuardConfig(
        token=token,
        hosts=allowed_hosts(settings, settings.ui_host),
        max_body=int(limit * 1024 * 1024),
        max_body_label=f"{limit:g} MB",
        multipart_paths=GRADIO_UPLOAD_PATHS,
        local_paths=frozenset({"/gradio_api/startup-events"}),
    )
    return [Middleware(Guard, config=config)]


def start(settings: Settings, assistant: Assistant | None = None) -> tuple[gr.Blocks, ChatUI, str]:
    """Build and launch the app without blocking; returns (app, callbacks, local URL). A bad API token, or
    none off loopback, is refused (ConfigError) before anything starts."""
    middleware = guard_middleware(settings)
    sweep(settings.data_dir, uploads_folder(settings.data_dir))  # what a killed server left behind
    use_private_temp_folder(settings.data_dir)
    app, ui = build_app(settings, assistant)
    app.queue(default_concurrency_limit=1, max_size=settings.serve_queue_size)  # one answer at a time
    try:
        options = launch_options(settings)
        _, url, _ = app.launch(prevent_thread_lock=True, app_kwargs={"middleware": middleware}, **options)
    except BaseException:
        if assistant is None:
            ui.assistant.close()
        raise
    return app, ui, url


def serve(settings: Settings) -> None:
    """`qa ui`: run the app until interrupted, then stop the backends (a local model server)."""
    exit_cleanly_on_sigterm()
    app, ui, _ = start(settings)
    try:
        app.block_thread()
    finally:
        app.close()
        ui.assistant.close()
