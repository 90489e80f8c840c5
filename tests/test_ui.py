"""The chat UI for real: the Gradio app runs in-process on 127.0.0.1 (a free port) over a copy of the seeds
index, driven by Debian's Chromium through Playwright and by gradio_client. The `extractive` backend makes
most tests fast and deterministic; one test (`llm`) runs the follow-up flow with the real local model.
"""

from __future__ import annotations

import html
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from pydantic import SecretStr

from qa.records import Answer, Citation, Passage
from qa.settings import Settings
from qa.ui import (
    ChatUI,
    answer_html,
    check_upload,
    clean_rewrite,
    extractive_rewrite,
    needs_rewrite,
    start,
)
from store.arabic import is_arabic
from store.errors import InputError
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, make_settings

# Gradio's queue calls pandas in a way pandas 3 deprecates: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")

ANSWER_TIMEOUT_MS = 180_000  # 2 shared CPU cores: the first question also loads the embedding model
LLM_TIMEOUT_MS = 600_000

Q_AR = "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟"
FOLLOWUP_AR = "ومتى عاد؟"
UPLOAD_FACT = "أعلنت بلدية قرية الزهور أن مهرجان البرتقال السنوي سيقام يوم 17 مارس 2031 بمشاركة 412 مزارعا."
UPLOAD_QUESTION = "متى سيقام مهرجان البرتقال في قرية الزهور؟"
TURNS = [{"asked": Q_AR, "standalone": Q_AR, "answer": "في جويلية 2000. [1]", "refused": False}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- pure parts (no server) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ومتى عاد؟", True),  # continuation clitic + question word
        ("ومن رافقه؟", True),  # attached pronoun
        ("ماذا قال عن ذلك؟", True),
        ("لماذا؟", True),  # no topic word at all
        ("and who went with him?", True),
        ("Where did it happen?", True),
        ("Why?", True),
        ("ما هي عاصمة كوريا الشمالية؟", False),  # "ما هي" is a copula, not a reference
        ("ما هي مذكرة التفاهم؟", False),  # التفاهم: article + ـهم is no pronoun
        ("What is NATO?", False),
        ("In what year did North Korea carry out its first nuclear test and who condemned that test?", False),
    ],
)
def test_needs_rewrite_heuristic(question: str, expected: bool) -> None:
    assert needs_rewrite(question, TURNS) is expected
    assert needs_rewrite(question, []) is False  # no history: never


def test_extractive_rewrite_appends_previous_topic_words() -> None:
    rewritten = extractive_rewrite(FOLLOWUP_AR, TURNS)
    assert rewritten.startswith(FOLLOWUP_AR)
    assert "بوتين" in rewritten and "بيونغيانغ" in rewritten
    assert "متى" not in rewritten.removeprefix(FOLLOWUP_AR)  # stopwords are not topic words


def test_clean_rewrite_takes_one_line_and_falls_back() -> None:
    reply = 'Standalone question: "Who went with Putin?"\nextra'
    assert clean_rewrite(reply, "and who?") == "Who went with Putin?"
    assert clean_rewrite("  \n", "and who?") == "and who?"
    assert clean_rewrite("x" * 500, "why?") == "why?"


def _answer(text: str, verified: bool = True, refused: bool = False) -> Answer:
    doc = "قبل. <b>جملة</b> الدعم هنا. بعد."
    passage = Passage(
        file="a<b>.txt", start=0, end=len(doc), text=doc, score=1.0, sentence_start=5, sentence_end=27
    )
    cite = Citation(n=1, file="a<b>.txt", start=5, end=27, text=doc[5:27], verified=verified)
    return Answer(
        question="سؤال؟", answer=text, language="ar", refused=refused, backend="local",
        citations=[] if refused else [cite], passages=[passage],
    )  # fmt: skip


def test_answer_html_escapes_marks_and_flags() -> None:
    bad = _answer("الجواب من المصادر المتاحة <script>x</script> [1]", verified=False)
    page = answer_html(bad, lambda name: "قبل. " * 3, "سؤال؟")
    assert "<script>" not in page and html.escape("<script>") in page
    assert "<b>" not in page and "a&lt;b&gt;.txt" in page
    assert "<mark>&lt;b&gt;جملة&lt;/b&gt; الدعم هنا.</mark>" in page
    assert 'class="qa-cite qa-unverified"' in page and "qa-ref qa-ref-bad" in page
    assert page.startswith('<div class="qa-msg qa-answer" dir="rtl"') and "\n" not in page
    refusal = answer_html(_answer("لا تتضمن المصادر إجابة.", refused=True), lambda name: None, "سؤال؟")
    assert "qa-refusal" in refusal and "qa-sources" not in refusal and "qa-badge" not in refusal
    withheld = _answer("لا تتضمن المصادر إجابة.", refused=True).model_copy(
        update={"refusal_reason": "unsourced_figures"}
    )
    assert "أرقاما لا ترد في أي مقطع" in answer_html(withheld, lambda name: None, "سؤال؟")


def test_check_upload_rejects_clearly(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    big = tmp_path / "big.txt"
    big.write_text("كلمة " * 300_000, encoding="utf-8")
    latin1 = tmp_path / "old.txt"
    latin1.write_bytes("café".encode("latin-1"))
    for path, words in ((pdf, "only .txt and .md"), (big, "the limit is 1 MB"), (latin1, "not valid UTF-8")):
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


def test_upload_callback_reports_errors(server: Server, tmp_path: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF")
    status, corpus = server.ui.upload([str(bad)], progress=lambda *a, **k: None)  # type: ignore[arg-type]
    assert "qa-status-error" in status and "only .txt and .md" in status
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
    assert doc.name in answer.locator(".qa-file").all_inner_texts()


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
    assert body and not is_arabic(body), body
