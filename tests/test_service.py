"""`qa serve` for real: uvicorn on 127.0.0.1, the real seeds index and e5 model, the official `openai`
client, a browser on the mounted UI, the real `qa ask --server` command."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from openai import OpenAI

from qa.assistant import Assistant
from qa.errors import ConfigError
from qa.llm import GenerationRequest, LLMBackend
from qa.service import check_exposure, create_app
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, make_settings
from tests.helpers import free_port, run_qa

QUESTION_AR = "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟"
TOKEN = "t0ken-for-tests-0123"  # at least 16 characters (qa.service.exposure.MIN_TOKEN_CHARS)


@dataclass
class Running:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def start(app, port: int | None = None) -> Running:
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return Running(url, server, thread)
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError("the service did not become ready")


@pytest.fixture(scope="module")
def service(seeds_data_dir: Path) -> Iterator[Running]:
    settings = make_settings(seeds_data_dir, backend="extractive")
    running = start(create_app(settings))
    yield running
    running.stop()


def test_health_and_readiness(service: Running) -> None:
    assert httpx.get(service.url + "/healthz").json() == {"status": "ok"}
    assert httpx.get(service.url + "/readyz").json()["status"] == "ready"
    assert "/v1/ask" in httpx.get(service.url + "/openapi.json").json()["paths"]


def test_ask_returns_the_answer_record_and_streams_events(service: Running) -> None:
    answer = httpx.post(service.url + "/v1/ask", json={"question": QUESTION_AR}, timeout=120).json()
    assert {"question", "answer", "citations", "passages", "refused", "mode"} <= set(answer)
    assert answer["question"] == QUESTION_AR and answer["backend"] == "extractive"
    names = []
    with httpx.stream(
        "POST", service.url + "/v1/ask?stream=true", json={"question": QUESTION_AR}, timeout=120
    ) as r:
        for line in r.iter_lines():
            if line.startswith("event:"):
                names.append(line.split(":", 1)[1].strip())
    assert names[0] == "passages" and names[-1] == "done"


def test_bad_requests_are_json_errors(service: Running) -> None:
    empty = httpx.post(service.url + "/v1/ask", json={"question": "  "})
    assert empty.status_code == 400 and "empty" in empty.json()["error"]["message"]
    malformed = httpx.post(
        service.url + "/v1/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 422 and "Traceback" not in malformed.text
    big = httpx.post(service.url + "/v1/ask", content=b"x" * (11 * 1024 * 1024))
    assert big.status_code == 413


def test_openai_client_chat_completions(service: Running) -> None:
    client = OpenAI(base_url=service.url + "/v1", api_key="unused", max_retries=0)
    assert [m.id for m in client.models.list()] == ["arabic-qa"]
    reply = client.chat.completions.create(
        model="arabic-qa", messages=[{"role": "user", "content": QUESTION_AR}]
    )
    text = reply.choices[0].message.content or ""
    assert "2000" in text and "[1]" in text.replace("[2]", "[1]") and "المصادر:" in text
    stream = client.chat.completions.create(
        model="arabic-qa", messages=[{"role": "user", "content": QUESTION_AR}], stream=True
    )
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
    assert streamed.strip() == text.strip()


def test_two_conversations_at_once_stay_separate(service: Running) -> None:
    client = OpenAI(base_url=service.url + "/v1", api_key="unused", max_retries=0)
    histories = {
        "pyongyang": [QUESTION_AR, "بيونغيانغ"],
        "vietnam": ["متى سيزور بوتين فيتنام؟", "فيتنام"],
    }
    results: dict[str, str] = {}

    def converse(name: str) -> None:
        first, _ = histories[name]
        answer = client.chat.completions.create(
            model="arabic-qa", messages=[{"role": "user", "content": first}]
        )
        messages = [
            {"role": "user", "content": first},
            {"role": "assistant", "content": answer.choices[0].message.content or ""},
            {"role": "user", "content": "ومن رافقه؟"},
        ]
        followed = client.chat.completions.create(model="arabic-qa", messages=messages)
        results[name] = followed.model_extra["answer"]["question"]

    threads = [threading.Thread(target=converse, args=(name,)) for name in histories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert histories["pyongyang"][1] in results["pyongyang"] and "فيتنام" not in results["pyongyang"]
    assert histories["vietnam"][1] in results["vietnam"] and "بيونغيانغ" not in results["vietnam"]


def test_ingest_list_and_delete_documents(tmp_path: Path, corpus: Path) -> None:
    # /v1/ingest reads only under QA_INGEST_ROOTS (default: the corpus and uploads folders)
    settings = make_settings(tmp_path / "data", backend="extractive", ingest_roots=str(corpus))
    running = start(create_app(settings, with_ui=False))
    try:
        with httpx.stream("POST", running.url + "/v1/ingest", json={"path": str(corpus)}, timeout=600) as r:
            events = [json.loads(line[5:]) for line in r.iter_lines() if line.startswith("data:")]
        assert events[-1]["added"] == 2
        names = [f["name"] for f in httpx.get(running.url + "/v1/files").json()]
        assert sorted(names) == sorted(p.name for p in corpus.iterdir())
        deleted = httpx.delete(running.url + f"/v1/files/{names[0]}").json()  # a name one source holds
        assert deleted == {"deleted": names[0], "document": f"{corpus.name}/{names[0]}"}
        assert httpx.delete(running.url + f"/v1/files/{names[0]}").status_code == 400
        upload = httpx.post(
            running.url + "/v1/ingest/upload",
            files=[
                ("files", ("note.txt", "زار الوفد مدينة هانوي يوم الخميس.".encode())),
                ("files", ("x.exe", b"MZ")),
            ],
            timeout=300,
        ).json()
        assert upload["indexed"] == ["note.txt: indexed"] and len(upload["errors"]) == 1
    finally:
        running.stop()


def test_token_is_required_off_loopback_and_checked(tmp_path: Path, seeds_data_dir: Path) -> None:
    with pytest.raises(ConfigError):
        check_exposure(make_settings(tmp_path), "0.0.0.0")
    check_exposure(make_settings(tmp_path, api_token=TOKEN), "0.0.0.0")
    check_exposure(make_settings(tmp_path), "127.0.0.1")
    settings = make_settings(seeds_data_dir, backend="extractive", api_token=TOKEN)
    running = start(create_app(settings, with_ui=False))
    try:
        assert httpx.get(running.url + "/v1/models").status_code == 401
        wrong = httpx.get(running.url + "/v1/models", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and TOKEN not in wrong.text
        client = OpenAI(base_url=running.url + "/v1", api_key=TOKEN, max_retries=0)
        assert [m.id for m in client.models.list()] == ["arabic-qa"]
    finally:
        running.stop()


class SlowBackend(LLMBackend):
    """Writes slowly, so that requests pile up behind the one generation slot."""

    name = "slow"

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        time.sleep(4)
        yield "NO_ANSWER"


def test_a_full_queue_answers_503_with_retry_after(seeds_data_dir: Path) -> None:
    settings = make_settings(
        seeds_data_dir, backend="extractive", answer_mode="generative", serve_queue_size=1, llm_parallel=1
    )
    assistant = Assistant(settings, backends={"slow": SlowBackend()})
    running = start(create_app(settings, assistant, with_ui=False))
    codes: list[int] = []
    retry: list[str | None] = []

    def post() -> None:
        body = {"question": QUESTION_AR, "backend": "slow"}
        response = httpx.post(running.url + "/v1/ask", json=body, timeout=120)
        codes.append(response.status_code)
        retry.append(response.headers.get("retry-after"))

    try:
        threads = [threading.Thread(target=post) for _ in range(4)]
        for thread in threads:
            thread.start()
            time.sleep(0.3)
        for thread in threads:
            thread.join(timeout=120)
    finally:
        running.stop()
    assert codes.count(200) >= 2 and 503 in codes
    assert all(r is not None for code, r in zip(codes, retry) if code == 503)


def test_qa_ask_uses_a_running_service(service: Running, tmp_path: Path) -> None:
    result = run_qa("ask", "--json", QUESTION_AR, data_dir=tmp_path / "unused", QA_SERVER_URL=service.url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["question"] == QUESTION_AR
    assert not (tmp_path / "unused").exists()  # nothing was loaded or indexed in-process


def test_qa_batch_uses_a_running_service(service: Running, tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text(QUESTION_AR + "\nمتى سيزور بوتين فيتنام؟\n", encoding="utf-8")
    out = tmp_path / "answers.jsonl"
    result = run_qa(
        "batch", str(questions), "-o", str(out), data_dir=tmp_path / "d", QA_SERVER_URL=service.url
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["error"] for r in rows] == [None, None] and rows[0]["question"] == QUESTION_AR


@pytest.mark.browser
def test_the_chat_ui_is_served_at_the_root(service: Running) -> None:
    from playwright.sync_api import sync_playwright

    from tests.test_ui import ask

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(service.url + "/", wait_until="load")
            answer = ask(page, QUESTION_AR)
            assert "2000" in answer.inner_text() and answer.locator(".qa-ref").count() >= 1
        finally:
            browser.close()
