"""The chat UI for real: the Gradio app runs in-process on 127.0.0.1 (a free port) over a copy of the seeds
index, driven by Debian's Chromium through Playwright and by gradio_client. The `extractive` backend makes
most tests fast and deterministic; one test (`llm`) runs the follow-up flow with the real local model.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from pydantic import SecretStr

from qa.settings import Settings
from qa.ui import ChatUI, start
from store.documents import check_upload
from store.errors import InputError
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, make_settings
from tests.helpers import free_port

# Gradio's queue calls pandas in a way pandas 3 deprecates: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")

ANSWER_TIMEOUT_MS = 180_000  # 2 shared CPU cores: the first question also loads the embedding model
LLM_TIMEOUT_MS = 600_000

Q_AR = "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟"
FOLLOWUP_AR = "ومتى عاد؟"
UPLOAD_FACT = "أعلنت بلدية قرية الزهور أن مهرجان البرتقال السنوي سيقام يوم 17 مارس 2031 بمشاركة 412 مزارعا."
UPLOAD_QUESTION = "متى سيقام مهرجان البرتقال في قرية الزهور؟"


# --- the upload check (no server; the follow-up and HTML tests are in test_followup/test_chat_html) -----


def test_check_upload_rejects_clearly(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    big = tmp_path / "big.txt"
    big.write_text("كلمة " * 300_000, encoding="utf-8")
    latin1 = tmp_path / "old.txt"
    latin1.write_bytes("café".encode("latin-1"))
    sheet = tmp_path / "table.xlsx"
    sheet.write_bytes(b"PK")
    cases = (
        (pdf, "damaged or not a PDF"), (sheet, "only .txt, .md, .pdf, .docx or .html"),
        (big, "the limit is 1 MB"), (latin1, "not valid UTF-8"),
    )  # fmt: skip
    for path, words in cases:
        with pytest.raises(InputError, match=words):
            check_upload(path, limit_mb=1)
    good = tmp_path / "../ok/تقرير.md"
    good.parent.mkdir()
    good.write_text("نص.", encoding="utf-8")
    assert check_upload(good, limit_mb=1)[0] == "تقرير.md"


# --- the running app -------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    ui: ChatUI
    settings: Settings


@pytest.fixture(scope="module")
def server(seeds_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app over a private copy of the seeds index (uploads must not leak into other test modules).
    The `openai` backend points at a closed port: choosing it shows the endpoint-down error."""
    data_dir = tmp_path_factory.mktemp("ui") / "data"
    shutil.copytree(seeds_settings.data_dir, data_dir)
    settings = make_settings(
        data_dir, backend="extractive", top_k=3, ui_port=free_port(), ui_max_upload_mb=1,
        llm_base_url=f"http://127.0.0.1:{free_port()}/v1", llm_api_key="sk-test", llm_max_retries=0,
    )  # fmt: skip
    app, ui, url = start(settings)
    yield Server(url, ui, settings)
    app.close()
    ui.assistant.close()


def test_respond_streams_and_keeps_history_per_call(server: Server) -> None:
    steps = list(server.ui.respond(Q_AR, "extractive", 3, "auto", [], []))
    bubbles = [step[1][-1]["content"] for step in steps]
    assert len(steps) >= 3 and "qa-streaming" in bubbles[0]  # shown before the answer is ready
    assert "qa-streaming" not in bubbles[-1] and "<mark>" in bubbles[-1]
    _, chat, _, turns, record = steps[-1]
    assert [m["role"] for m in chat] == ["user", "assistant"] and len(turns) == 1
    assert record["citations"] and "2000" in record["answer"]


def test_followup_is_rewritten_with_the_session_turns(server: Server) -> None:
    *_, turns, _ = list(server.ui.respond(Q_AR, "extractive", 3, "auto", [], []))[-1]
    _, chat, state, turns_after, record = list(
        server.ui.respond(FOLLOWUP_AR, "extractive", 3, "ar", [], turns)
    )[-1]
    assert chat == state and len(turns_after) == 2 and turns_after[0] == turns[0]
    assert turns_after[1].asked == FOLLOWUP_AR and "بيونغيانغ" in turns_after[1].standalone
    assert record["question"] == turns_after[1].standalone and 'class="qa-rewrite"' in chat[-1]["content"]


def test_new_chat_and_empty_question_update_every_output_in_order(server: Server) -> None:
    assert server.ui.new_chat() == ("", [], [], [], None)  # box, chatbot, chat state, turns, record
    assert list(server.ui.respond("  ", "extractive", 3, "auto", [], [])) == [(gr.skip(),) * 5]


def test_upload_callback_reports_errors(server: Server, tmp_path: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF")
    status, corpus = server.ui.upload([str(bad)], progress=lambda *a, **k: None)  # type: ignore[arg-type]
    assert "qa-status-error" in status and "damaged or not a PDF" in status
    assert not (server.settings.data_dir / "uploads" / "notes.pdf").exists()
    assert "000_786f06b0012ed668.txt" in corpus


def test_api_chat_endpoint(server: Server) -> None:
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    assert "/chat" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    _, chat, record = client.predict(Q_AR, "extractive", 3, "auto", api_name="/chat")
    assert record["language"] == "ar" and not record["refused"] and record["citations"]
    assert "2000" in record["answer"]
    content = chat[-1]["content"][0]["text"]
    assert 'dir="rtl"' in content and "<mark>" in content and 'class="qa-cite' in content


def test_login_when_configured(server: Server) -> None:
    from gradio_client import Client

    settings = server.settings.model_copy(
        update={"ui_port": free_port(), "ui_username": "reader", "ui_password": SecretStr("s3cret-pass")}
    )
    app, _, url = start(settings, assistant=server.ui.assistant)  # shares the index: no second model load
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises different errors by version
            Client(url, verbose=False)
        client = Client(url, auth=("reader", "s3cret-pass"), verbose=False)
        assert "/chat" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    finally:
        app.close()


# --- the browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(server.url, wait_until="load")
    yield page
    context.close()


def ask(page: Page, question: str, timeout: float = ANSWER_TIMEOUT_MS) -> Locator:
    """Type, send, and wait until the new answer bubble has stopped streaming; returns it."""
    done = page.locator("#qa-chat .qa-answer:not(.qa-streaming)")
    before = done.count()
    box = page.locator("#qa-input textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#qa-chat .qa-answer:not(.qa-streaming)').length > {before}",
        timeout=timeout,
    )
    return done.nth(before)


def choose(page: Page, elem_id: str, option: str) -> None:
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.browser
def test_arabic_question_rtl_with_highlighted_source(page: Page) -> None:
    answer = ask(page, Q_AR)
    assert answer.get_attribute("dir") == "rtl"
    assert page.locator("#qa-chat .qa-msg").first.get_attribute("dir") == "rtl"
    assert "2000" in answer.inner_text() and answer.locator(".qa-ref").count() >= 1
    source = answer.locator(".qa-cite").first
    assert not source.locator("mark").first.is_visible()
    source.locator("summary").first.click()
    mark = source.locator(".qa-passage mark")
    assert mark.is_visible() and mark.inner_text().strip() in source.locator(".qa-passage").inner_text()
    source.locator(".qa-context summary").click()
    assert source.locator(".qa-context-text mark").is_visible()
    font = answer.evaluate("e => getComputedStyle(e.querySelector('p')).fontFamily")
    assert font.startswith('"Noto Naskh Arabic"')


@pytest.mark.browser
def test_sessions_are_private_and_new_chat_forgets(browser: Browser, server: Server) -> None:
    pages = []
    for _ in range(2):
        context = browser.new_context()
        pages.append(context.new_page())
        pages[-1].goto(server.url, wait_until="load")
    first, second = pages
    try:
        ask(first, Q_AR)
        # The same follow-up: rewritten with history in the first session, left alone in the second.
        lonely = ask(second, FOLLOWUP_AR)
        assert lonely.locator(".qa-rewrite").count() == 0
        assert second.locator("#qa-chat .qa-msg").count() == 2
        followed = ask(first, FOLLOWUP_AR)
        note = followed.locator(".qa-rewrite").inner_text()
        assert "بيونغيانغ" in note and first.locator("#qa-chat .qa-msg").count() == 4
        first.locator("#qa-new").click()
        first.wait_for_function("document.querySelectorAll('#qa-chat .qa-msg').length === 0")
        assert ask(first, FOLLOWUP_AR).locator(".qa-rewrite").count() == 0
    finally:
        for p in pages:
            p.context.close()


@pytest.mark.browser
def test_backend_error_is_a_chat_message_and_chat_goes_on(page: Page) -> None:
    choose(page, "qa-backend", "openai")
    error = ask(page, Q_AR)
    assert "qa-error" in error.get_attribute("class")
    assert "⚠" in error.inner_text()
    choose(page, "qa-backend", "extractive")
    answer = ask(page, Q_AR)
    assert "2000" in answer.inner_text() and "qa-error" not in answer.get_attribute("class")


@pytest.mark.browser
def test_uploaded_document_answers(page: Page, server: Server, tmp_path: Path) -> None:
    doc = tmp_path / "مهرجان_الزهور.txt"
    doc.write_text("أخبار محلية.\n" + UPLOAD_FACT + "\nوتوقع المنظمون حضور آلاف الزوار.\n", encoding="utf-8")
    page.locator("#qa-upload input[type=file]").set_input_files(str(doc))
    status = page.locator("#qa-upload-status")
    status.filter(has_text="indexed").wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert doc.name in page.locator("#qa-corpus").inner_text()
    assert (server.settings.data_dir / "uploads" / doc.name).read_text(encoding="utf-8").count("2031") == 1
    answer = ask(page, UPLOAD_QUESTION)
    assert "2031" in answer.inner_text()
    assert f"uploads/{doc.name}" in answer.locator(".qa-file").all_inner_texts()  # the document's identity


@pytest.mark.browser
@pytest.mark.llm
def test_english_followup_with_local_model(page: Page) -> None:
    """Arabic question (extractive, quick), then an English follow-up answered by the real local model:
    rewritten with the history into a standalone question, answered in English, left to right."""
    ask(page, Q_AR)
    choose(page, "qa-backend", "local")
    answer = ask(page, "And who did he meet there?", timeout=LLM_TIMEOUT_MS)
    assert "qa-error" not in answer.get_attribute("class"), answer.inner_text()
    assert answer.get_attribute("dir") == "ltr"
    note = answer.locator(".qa-rewrite").inner_text()
    assert re.search("putin|pyongyang|بوتين", note, re.I), note
    body = " ".join(answer.locator(":scope > p").all_inner_texts())
    # English, left to right; a grounded answer may show the Arabic original beside a name
    assert re.search("[A-Za-z]{3}", body), body
    assert set(answer.locator(":scope > p").evaluate_all("ps => ps.map(p => p.dir)")) == {"ltr"}, body
