"""The service tried as an attacker and as a careless operator would (issue 23). The real `qa serve` runs
in a subprocess on a free port over a copy of the seeds index (extractive backend where the model is not
the point, the real local model where it is); each test replays a row of the issue's table with httpx
(chunked bodies), the official `openai` client, `gradio_client` against the UI, and a browser for the
login page. The server's memory is read from /proc (peak RSS), its temp files from its data folder, and
its system temp folder (TMPDIR) must stay empty: nothing is written outside the data folder."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from openai import OpenAI

from tests.bombs import docx_bomb, pdf_bomb
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SEEDS
from tests.helpers import QA, free_port

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")

TOKEN = "adversarial-suite-token-0123456789"
QUESTION = "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟"
SECRET = "hunter2-private-password"
MB = 1024 * 1024
START_TIMEOUT_S = 300


@dataclass
class Served:
    """A `qa serve` (or `qa ui`) process and what the tests look at."""

    url: str
    process: subprocess.Popen[bytes]
    data_dir: Path
    log: Path
    systemp: Path
    token: str | None = TOKEN
    roots: dict[str, Path] = field(default_factory=dict)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def status(self, key: str) -> int:
        """A field of /proc/<pid>/status in kB (VmRSS, VmHWM = peak RSS)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise KeyError(key)

    def temp_files(self) -> list[Path]:
        """Files under the data folder's temp folder (the service's and Gradio's)."""
        return [p for p in (self.data_dir / "tmp").rglob("*") if p.is_file()]

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=60)


def launch(command: str, data_dir: Path, tmp: Path, token: str | None = TOKEN, **env: str) -> Served:
    """Start `qa serve` or `qa ui` on a free loopback port and wait until it answers."""
    port = free_port()
    systemp = tmp / f"systemp-{port}"
    systemp.mkdir(parents=True)
    log = tmp / f"{command}-{port}.log"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    environ.update(QA_DATA_DIR=str(data_dir), QA_BACKEND="extractive", TMPDIR=str(systemp), COLUMNS="300")
    if token:
        environ["QA_API_TOKEN"] = token
    environ.update(env)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(QA), command, "--port", str(port)], env=environ, stdout=out, stderr=subprocess.STDOUT
        )
    served = Served(f"http://127.0.0.1:{port}", process, data_dir, log, systemp, token)
    probe = "/readyz" if command == "serve" else "/"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(served.url + probe, headers=served.auth, timeout=5).status_code == 200:
                return served
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    served.stop(signal.SIGKILL)
    raise AssertionError(f"{command} did not start: {log.read_text(errors='replace')[-2000:]}")


def copy_index(seeds_data_dir: Path, target: Path) -> Path:
    shutil.copytree(seeds_data_dir, target, ignore=shutil.ignore_patterns("tmp", "writer.lock"))
    return target


def folders(tmp: Path) -> dict[str, Path]:
    """allowed (seeds × 3, for a long ingest), linked (a link to the private file), private (a secret)."""
    private = tmp / "private"
    private.mkdir()
    (private / "secret.txt").write_text(f"كلمة المرور السرية هي {SECRET} للحساب.\n", encoding="utf-8")
    allowed = tmp / "allowed"
    for copy in range(3):
        shutil.copytree(SEEDS, allowed / f"copy{copy}")
    linked = tmp / "linked"
    linked.mkdir()
    shutil.copy(SEEDS / "000_786f06b0012ed668.txt", linked / "news.txt")
    (linked / "secret.txt").symlink_to(private / "secret.txt")
    return {"allowed": allowed, "linked": linked, "private": private}


@pytest.fixture(scope="module")
def served(seeds_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("security")
    roots = folders(tmp)
    server = launch(
        "serve",
        copy_index(seeds_data_dir, tmp / "data"),
        tmp,
        QA_INGEST_ROOTS=f"{roots['allowed']}:{roots['linked']}",
        QA_INGEST_BATCH="8",  # frequent checkpoints: a cancelled ingest stops soon
        QA_LLM_BASE_URL=f"http://127.0.0.1:{free_port()}/v1",  # `openai`: an endpoint that is down
        QA_LLM_API_KEY="sk-test",
        QA_LLM_MAX_RETRIES="0",
    )
    server.roots = roots
    yield server
    server.stop()
    log = server.log.read_text(errors="replace")
    assert TOKEN not in log and SECRET not in log  # the token (and the secret) never reach the log
    assert server.process.returncode in (0, 143), log[-2000:]
    assert not (server.data_dir / "tmp").exists() or not server.temp_files()  # removed on the way out
    assert not list(server.systemp.iterdir()), "nothing is written to the system temp folder"


def multipart(*parts: tuple[bytes, bytes], boundary: bytes = b"qa-boundary") -> tuple[bytes, dict[str, str]]:
    """A multipart body with raw file names (a NUL byte stays a NUL byte) and its content type."""
    body = b""
    for name, data in parts:
        body += b"--" + boundary + b'\r\nContent-Disposition: form-data; name="files"; filename="' + name
        body += b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + data + b"\r\n"
    body += b"--" + boundary + b"--\r\n"
    return body, {"content-type": f"multipart/form-data; boundary={boundary.decode()}"}


def chunked(head: bytes, total: int, tail: bytes = b"", block: int = MB) -> Iterator[bytes]:
    """A body sent chunked (no Content-Length): `head`, then `total` bytes in blocks, then `tail`."""
    yield head
    for _ in range(total // block):
        yield b"a" * block
    yield tail


def one_line_error(response: httpx.Response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "hint", "type"} and "\n" not in error["message"]
    assert all(word in error["message"] for word in words), error
    return error


# --- row 1: the token --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "host", "words"),
    [
        ({"QA_API_TOKEN": ""}, "0.0.0.0", "set but empty"),
        ({"QA_API_TOKEN": ""}, "127.0.0.1", "set but empty"),
        ({"QA_API_TOKEN": "short-token"}, "0.0.0.0", "11 characters long, shorter than 16"),
        ({}, "0.0.0.0", "refusing to listen on 0.0.0.0 without an API token"),
    ],
)
def test_row1_a_bad_or_missing_token_is_refused_at_start(
    env: dict[str, str], host: str, words: str, tmp_path: Path
) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    environ.update(QA_DATA_DIR=str(tmp_path / "data"), COLUMNS="300", **env)
    for command in ("serve", "ui"):
        args = [str(QA), command, "--host", host, "--port", str(free_port())]
        result = subprocess.run(args, env=environ, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], lines
        assert "QA_API_TOKEN" in lines[0]
    assert not (tmp_path / "data").exists()  # refused before anything was opened


def test_row1_a_wrong_or_empty_token_gets_401(served: Served) -> None:
    for header in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic x"},
    ):
        response = httpx.get(served.url + "/v1/files", headers=header)
        assert one_line_error(response, 401)["type"] == "auth" and TOKEN not in response.text
        assert response.headers["www-authenticate"] == "Bearer"
    assert httpx.get(served.url + "/v1/files", headers=served.auth).status_code == 200
    wrong = OpenAI(base_url=served.url + "/v1", api_key="wrong-" + TOKEN, max_retries=0)
    with pytest.raises(Exception, match="401"):
        wrong.models.list()
    assert [m.id for m in OpenAI(base_url=served.url + "/v1", api_key=TOKEN).models.list()] == ["arabic-qa"]


# --- row 2: the UI and its Gradio API ------------------------------------------------------------------


def test_row2_the_ui_and_its_api_need_the_token(served: Served) -> None:
    from gradio_client import Client

    page = httpx.get(served.url + "/", headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"] == "/qa/login?next=%2F"
    for method, path in (
        ("GET", "/config"),
        ("GET", "/gradio_api/info"),
        ("GET", "/gradio_api/file=README.md"),
    ):
        one_line_error(httpx.request(method, served.url + path), 401)
    body, headers = multipart((b"note.txt", b"hello"))
    one_line_error(httpx.post(served.url + "/gradio_api/upload", content=body, headers=headers), 401)
    join = {"data": [QUESTION, "extractive", 3, "auto", [], []], "fn_index": 0, "session_hash": "x"}
    one_line_error(httpx.post(served.url + "/gradio_api/queue/join", json=join), 401)
    with pytest.raises(Exception):  # noqa: B017 - gradio_client's error class differs by version
        Client(served.url, verbose=False)
    client = Client(served.url, headers=served.auth, verbose=False)
    _, _, record = client.predict(QUESTION, "extractive", 3, "auto", api_name="/chat")
    assert "2000" in record["answer"] and record["citations"]
    # with the token, Gradio's file route still serves no file of the machine
    for path in ("/etc/passwd", str(served.data_dir / "manifest.sqlite"), "README.md"):
        assert httpx.get(f"{served.url}/gradio_api/file={path}", headers=served.auth).status_code != 200


def test_row2_a_big_gradio_upload_stops_at_the_limit_and_leaves_no_temp_file(served: Served) -> None:
    head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
    headers = {**served.auth, "content-type": "multipart/form-data; boundary=b"}
    started = time.monotonic()
    response = httpx.post(
        served.url + "/gradio_api/upload", content=chunked(head, 100 * MB, b"\r\n--b--\r\n"), headers=headers
    )
    one_line_error(response, 413, "10 MB")
    assert time.monotonic() - started < 30
    assert not [p for p in served.temp_files() if p.stat().st_size > 1 * MB]


@pytest.mark.browser
def test_row2_the_browser_logs_in_with_the_token_then_chats(served: Served) -> None:
    from playwright.sync_api import sync_playwright

    from tests.test_ui import ask

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(served.url + "/", wait_until="load")
            assert "/qa/login" in page.url and page.locator("#token").is_visible()
            page.fill("#token", "not-the-token-at-all")
            page.locator("button[type=submit]").click()
            assert page.locator(".problem").inner_text().startswith("wrong token")
            page.fill("#token", TOKEN)
            page.locator("button[type=submit]").click()
            page.wait_for_selector("#qa-input textarea", timeout=120_000)
            answer = ask(page, QUESTION)
            assert "2000" in answer.inner_text()
            cookie = next(c for c in page.context.cookies() if c["name"] == "qa_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and TOKEN not in cookie["value"]
        finally:
            browser.close()


# --- row 3: bodies sent chunked ------------------------------------------------------------------------


def test_row3_chunked_bodies_stop_at_the_limit_that_is_named(served: Served) -> None:
    peak = served.status("VmHWM")
    json_headers = {**served.auth, "content-type": "application/json"}
    started = time.monotonic()
    big_json = chunked(b'{"question": "', 200 * MB, b'"}')
    one_line_error(httpx.post(served.url + "/v1/ask", content=big_json, headers=json_headers), 413, "10 MB")
    head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
    upload_headers = {**served.auth, "content-type": "multipart/form-data; boundary=b"}
    big_upload = chunked(head, 300 * MB, b"\r\n--b--\r\n")
    response = httpx.post(served.url + "/v1/ingest/upload", content=big_upload, headers=upload_headers)
    error = one_line_error(response, 413, "10 MB")
    assert "QA_SERVE_MAX_REQUEST_MB" in error["hint"] and time.monotonic() - started < 60
    assert (served.status("VmHWM") - peak) / 1024 < 64  # MB: nothing was held whole
    assert not served.temp_files()


def test_row3_each_upload_is_capped_while_it_is_written(served: Served) -> None:
    body, headers = multipart(
        (b"ok-small.txt", "زار الوفد مدينة هانوي.".encode()), (b"six.txt", b"a" * 6 * MB)
    )
    response = httpx.post(served.url + "/v1/ingest/upload", content=body, headers={**served.auth, **headers})
    assert response.status_code == 200, response.text
    files = {f["name"]: f for f in response.json()["files"]}
    assert files["ok-small.txt"]["status"] == 200
    assert (
        files["six.txt"]["status"] == 413
        and "over the limit of 5 MB per upload" in files["six.txt"]["message"]
    )
    assert not (served.data_dir / "uploads" / "six.txt").exists() and not served.temp_files()


# --- row 4: what /v1/ingest may read ---------------------------------------------------------------


def ingest(served: Served, path: str, timeout: float = 600) -> httpx.Response:
    return httpx.post(served.url + "/v1/ingest", json={"path": path}, headers=served.auth, timeout=timeout)


def test_row4_ingest_reads_only_under_the_allowed_roots(served: Served) -> None:
    one_line_error(ingest(served, ""), 400, "the path is empty")
    one_line_error(ingest(served, "   "), 400, "the path is empty")
    for outside in (
        served.roots["private"],
        served.roots["private"] / "secret.txt",
        "/etc",
        "/no/such/folder",
    ):
        error = one_line_error(
            ingest(served, str(outside)), 400, "is not under a folder the service may read"
        )
        assert "QA_INGEST_ROOTS" in error["hint"]
    escaping = os.path.relpath(served.roots["private"], Path.cwd())  # relative, through ".."
    one_line_error(ingest(served, escaping), 400, "not under a folder the service may read")
    one_line_error(ingest(served, str(served.roots["linked"])), 400, "links outside the folders")
    one_line_error(ingest(served, str(served.roots["linked"] / "secret.txt")), 400, "not under a folder")
    one_line_error(httpx.post(served.url + "/v1/ingest", json={"path": "/etc"}), 401)  # loopback too
    listed = httpx.get(served.url + "/v1/files", headers=served.auth).text
    assert "secret" not in listed
    answer = httpx.post(
        served.url + "/v1/ask", json={"question": "ما هي كلمة المرور السرية للحساب؟"}, headers=served.auth
    )
    assert answer.status_code == 200 and SECRET not in answer.text


def events_of(response: httpx.Response) -> list[tuple[str, dict]]:
    found, name = [], "message"
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            found.append((name, json.loads(line[5:])))
    return found


def test_row4_an_ingest_stops_when_its_client_goes_away(served: Served) -> None:
    allowed = str(served.roots["allowed"])
    with httpx.stream(
        "POST", served.url + "/v1/ingest", json={"path": allowed}, headers=served.auth, timeout=600
    ) as response:
        assert response.status_code == 200
        for line in response.iter_lines():
            if line.startswith("event: progress"):
                break  # the plan is made; the client leaves before the first batch is committed
    started = time.monotonic()
    second = events_of(ingest(served, allowed))  # waits for the writer lock the first one holds
    name, done = second[-1]
    assert name == "done", second[-1]
    # the first run stopped at a checkpoint: the second finished its files (an interrupted add is an add)
    assert done["added"] > 0 and done["files"] == 15, done
    assert time.monotonic() - started < 600


# --- row 5: archive and document bombs --------------------------------------------------------------


def test_row5_bombs_are_refused_quickly_within_memory(served: Served) -> None:
    peak = served.status("VmHWM")
    bombs = {
        "report.docx": (docx_bomb(1200), "more than 256 MB"),  # 1.2 MB that inflate to 1.2 GB
        "lying.docx": (docx_bomb(1200, declared_mb=0.5), "damaged"),
        "scan.pdf": (pdf_bomb(1024), "decodes to more than 32 MB"),
    }
    for name, (data, words) in bombs.items():
        started = time.monotonic()
        body, headers = multipart((name.encode(), data))
        response = httpx.post(
            served.url + "/v1/ingest/upload", content=body, headers={**served.auth, **headers}, timeout=120
        )
        one_line_error(response, 400, words)
        assert time.monotonic() - started < 20, name
        assert not (served.data_dir / "uploads" / name).exists()
    assert (served.status("VmHWM") - peak) / 1024 < 128  # MB, for all three


# --- row 6: chat, the queue and what upstream errors say -----------------------------------------------


def long_conversation() -> list[dict[str, str]]:
    """An earlier turn of 6,000 characters (a pasted article), its answer, then a short follow-up."""
    pasted = (QUESTION + " " + (SEEDS / "000_786f06b0012ed668.txt").read_text(encoding="utf-8") * 3)[:6000]
    return [
        {"role": "user", "content": pasted},
        {"role": "assistant", "content": "في 19 يوليو 2000 [1]"},
        {"role": "user", "content": "ومتى عاد؟"},
    ]


@pytest.mark.llm
def test_row6_follow_up_rewriting_waits_in_the_queue(seeds_data_dir: Path, tmp_path: Path) -> None:
    """The local model rewrites follow-ups; with one place in the line, four at once: the first runs, the
    second waits, the others are turned away at once (503 + Retry-After), rewriting included."""
    import openai

    server = launch(
        "serve", copy_index(seeds_data_dir, tmp_path / "data"), tmp_path, token=None,
        QA_BACKEND="local", QA_SERVE_QUEUE_SIZE="1", QA_LLM_CTX_SIZE="1024",
    )  # fmt: skip
    outcomes: list[tuple[int, float]] = []
    client = OpenAI(base_url=server.url + "/v1", api_key="unused", max_retries=0, timeout=600)

    def chat() -> None:
        started = time.monotonic()
        try:
            client.chat.completions.create(model="arabic-qa", messages=long_conversation())
            outcomes.append((200, time.monotonic() - started))
        except openai.APIStatusError as exc:
            assert exc.response.headers.get("retry-after") == "10" or exc.status_code != 503
            outcomes.append((exc.status_code, time.monotonic() - started))

    try:
        threads = [threading.Thread(target=chat) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=900)
        codes = sorted(code for code, _ in outcomes)
        assert codes.count(503) >= 1 and codes.count(200) >= 1 and set(codes) <= {200, 503}, outcomes
        assert all(seconds < 10 for code, seconds in outcomes if code == 503), outcomes
        # a prompt over the model's context: the 502 names neither the model's address nor token counts
        body = {"question": QUESTION, "mode": "generative", "k": 50}
        response = httpx.post(server.url + "/v1/ask", json=body, timeout=600)
        error = one_line_error(response, 502)
        assert "context" in error["message"] and not any(ch.isdigit() for ch in json.dumps(error)), error
    finally:
        server.stop()


def test_row6_upstream_errors_never_name_internal_addresses(served: Served) -> None:
    body = {"question": QUESTION, "backend": "openai", "mode": "generative"}
    response = httpx.post(served.url + "/v1/ask", json=body, headers=served.auth, timeout=120)
    error = one_line_error(response, 502, "the language model is not available")
    assert "127.0.0.1" not in response.text and "/v1" not in response.text
    with httpx.stream(
        "POST", served.url + "/v1/ask?stream=true", json=body, headers=served.auth, timeout=120
    ) as streamed:
        name, data = events_of(streamed)[-1]
    assert name == "error" and data["message"] == error["message"]


def test_row6_malformed_messages_are_one_line_400s(served: Served) -> None:
    import openai

    client = OpenAI(base_url=served.url + "/v1", api_key=TOKEN, max_retries=0)
    for messages in (["hi"], [{"role": "user", "content": 5}], [{"content": "hi"}], [None], []):
        with pytest.raises(openai.BadRequestError):
            client.chat.completions.create(model="arabic-qa", messages=messages)  # type: ignore[arg-type]
        response = httpx.post(
            served.url + "/v1/chat/completions", json={"messages": messages}, headers=served.auth
        )
        one_line_error(response, 400)
    one_line_error(
        httpx.post(served.url + "/v1/chat/completions", json={"messages": "hi"}, headers=served.auth), 400
    )


# --- row 7: other sites and other host names --------------------------------------------------------


def test_row7_requests_from_other_sites_are_refused(served: Served) -> None:
    text_body = json.dumps({"messages": [{"role": "user", "content": QUESTION}]})
    plain = {**served.auth, "content-type": "text/plain"}
    error = one_line_error(
        httpx.post(served.url + "/v1/chat/completions", content=text_body, headers=plain), 415
    )
    assert "application/json" in error["hint"]
    evil = {**served.auth, "Origin": "http://evil.example"}
    body, headers = multipart((b"planted.txt", "نص مزروع من موقع آخر.".encode()))
    one_line_error(
        httpx.post(served.url + "/v1/ingest/upload", content=body, headers={**evil, **headers}), 403
    )
    one_line_error(httpx.post(served.url + "/v1/ask", json={"question": QUESTION}, headers=evil), 403)
    join = {"data": [QUESTION, "extractive", 3, "auto", [], []], "fn_index": 0, "session_hash": "x"}
    one_line_error(httpx.post(served.url + "/gradio_api/queue/join", json=join, headers=evil), 403)
    for origin in ("null", "http://127.0.0.1.evil.example", served.url.replace("127.0.0.1", "localhost")):
        response = httpx.delete(
            served.url + "/v1/files/seeds/x.txt", headers={**served.auth, "Origin": origin}
        )
        one_line_error(response, 403)
    cross = {**served.auth, "Sec-Fetch-Site": "cross-site"}
    one_line_error(httpx.post(served.url + "/v1/ask", json={"question": QUESTION}, headers=cross), 403)
    same = {**served.auth, "Origin": served.url}
    assert httpx.post(served.url + "/v1/ask", json={"question": QUESTION}, headers=same).status_code == 200
    assert "planted" not in httpx.get(served.url + "/v1/files", headers=served.auth).text


def test_row7_other_host_names_are_refused_against_dns_rebinding(served: Served) -> None:
    for path in ("/", "/v1/files", "/gradio_api/info", "/qa/login", "/docs"):
        response = httpx.get(served.url + path, headers={**served.auth, "Host": "evil.example"})
        one_line_error(response, 400, "evil.example")
    for host in ("localhost", f"127.0.0.1:{served.url.rsplit(':', 1)[1]}", "[::1]"):
        response = httpx.get(served.url + "/v1/models", headers={**served.auth, "Host": host})
        assert response.status_code == 200, host


def test_allowed_host_names_come_from_the_listen_address_and_the_setting(tmp_path: Path) -> None:
    from qa.service.exposure import allowed_hosts, host_name
    from tests.conftest import make_settings

    plain = make_settings(tmp_path)
    assert allowed_hosts(plain, "127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert "10.0.0.5" in allowed_hosts(plain, "10.0.0.5") and "0.0.0.0" not in allowed_hosts(plain, "0.0.0.0")
    named = allowed_hosts(make_settings(tmp_path, allowed_hosts="QA.example.org, 192.168.1.9"), "0.0.0.0")
    assert {"qa.example.org", "192.168.1.9"} <= named
    assert allowed_hosts(make_settings(tmp_path, allowed_hosts="*"), "0.0.0.0") is None
    names = [host_name(h) for h in ("[::1]:8000", "Example.org:80", "example.org.")]
    assert names == ["::1", "example.org", "example.org"]


# --- row 8: malformed uploads ------------------------------------------------------------------------


def test_row8_bad_upload_names_are_refused_one_by_one(served: Served) -> None:
    body, headers = multipart(
        (b"ok-note.txt", "زار الوفد مدينة هانوي يوم الخميس.".encode()),
        (b"..", b"dots"),
        (b"a\x00b.txt", b"nul"),
        (b"n" * 300 + b".txt", b"long"),
    )
    response = httpx.post(served.url + "/v1/ingest/upload", content=body, headers={**served.auth, **headers})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["indexed"] == ["ok-note.txt: indexed"] and len(result["errors"]) == 3
    assert [f["status"] for f in result["files"]] == [200, 400, 400, 400]
    assert all("\n" not in line for line in result["errors"])
    saved = {p.name for p in (served.data_dir / "uploads").iterdir()}
    assert "ok-note.txt" in saved and not {"document.txt", "a_b.txt", "a_00b.txt"} & saved
    assert not any(name.startswith("n" * 50) for name in saved)
    body, headers = multipart((b"..", b"x"), (b"a\x00.txt", b"y"))
    response = httpx.post(served.url + "/v1/ingest/upload", content=body, headers={**served.auth, **headers})
    assert one_line_error(response, 400)["type"] == "InputError" and response.json()["indexed"] == []
    one_line_error(
        httpx.post(served.url + "/v1/ingest/upload", content=b"--x--", headers={**served.auth, **headers}),
        400,
    )


# --- the smaller points -------------------------------------------------------------------------------


def test_unknown_choices_wrong_methods_and_odd_bodies_get_the_one_error_shape(served: Served) -> None:
    ask = served.url + "/v1/ask"
    one_line_error(
        httpx.post(ask, json={"question": QUESTION, "lang": "fr"}, headers=served.auth), 400, "lang"
    )
    one_line_error(
        httpx.post(ask, json={"question": QUESTION, "mode": "poem"}, headers=served.auth), 400, "mode"
    )
    for method, path, allow in (
        ("GET", "/v1/ask", "POST"),
        ("DELETE", "/v1/models", "GET"),
        ("PUT", "/healthz", "GET, HEAD"),
    ):
        response = httpx.request(method, served.url + path, headers=served.auth)
        one_line_error(response, 405)
        assert response.headers["allow"] == allow
    for path in ("/healthz", "/readyz"):
        head = httpx.head(served.url + path)
        assert head.status_code == 200 and head.content == b""
    for path in ("/v1/nothing-here", "/nothing-here"):  # the mounted UI's 404 too
        one_line_error(httpx.get(served.url + path, headers=served.auth), 404)
    one_line_error(httpx.put(served.url + "/config", headers=served.auth), 405)
    json_headers = {**served.auth, "content-type": "application/json"}
    for path in ("/v1/ask", "/v1/chat/completions"):
        response = httpx.post(served.url + path, content=b'{"question": "\xff\xfe"}', headers=json_headers)
        assert response.status_code in (400, 422) and "detail" not in response.json()
        assert "UTF-8" in one_line_error(response, response.status_code)["message"]
    one_line_error(httpx.post(ask, content=b"{not json", headers=json_headers), 422, "not valid JSON")


def test_deleting_an_upload_removes_its_file(served: Served) -> None:
    body, headers = multipart(("مذكرة.txt".encode(), "اجتمع المجلس البلدي يوم الأحد.".encode()))
    response = httpx.post(served.url + "/v1/ingest/upload", content=body, headers={**served.auth, **headers})
    assert response.status_code == 200, response.text
    saved = served.data_dir / "uploads" / "مذكرة.txt"
    assert saved.exists()
    deleted = httpx.delete(served.url + "/v1/files/uploads/مذكرة.txt", headers=served.auth)
    assert deleted.json() == {"deleted": "uploads/مذكرة.txt", "document": "uploads/مذكرة.txt"}
    assert not saved.exists()


def test_a_killed_server_leaves_no_temp_files_after_the_next_start(
    seeds_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = copy_index(seeds_data_dir, tmp_path / "data")
    first = launch("serve", data_dir, tmp_path)
    head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="slow.txt"\r\n\r\n'

    def slow_upload() -> Iterator[bytes]:
        yield head + "نص ".encode() * 200_000  # 1.2 MB, then the client waits
        time.sleep(60)
        yield b"\r\n--b--\r\n"

    headers = {**first.auth, "content-type": "multipart/form-data; boundary=b"}

    def send() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the server is killed under it
            httpx.post(first.url + "/v1/ingest/upload", content=slow_upload(), headers=headers)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    deadline = time.monotonic() + 60
    while not [p for p in first.temp_files() if p.stat().st_size > 0] and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in first.temp_files() if p.name == "slow.txt"]
    assert left, "the upload was being written to the data folder's temp folder"
    first.stop(signal.SIGKILL)
    assert all(p.exists() for p in left)  # kill -9: nothing could remove it
    second = launch("serve", data_dir, tmp_path)
    try:
        assert not any(p.exists() for p in left)
        assert not [f for f in (data_dir / "tmp").iterdir() if f.name.endswith(f"-{first.process.pid}")]
    finally:
        second.stop()


def test_qa_ui_alone_is_behind_the_same_gate(seeds_data_dir: Path, tmp_path: Path) -> None:
    from gradio_client import Client

    ui = launch("ui", copy_index(seeds_data_dir, tmp_path / "data"), tmp_path)
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client's error class differs by version
            Client(ui.url, verbose=False)
        _, _, record = Client(ui.url, headers=ui.auth, verbose=False).predict(
            QUESTION, "extractive", 3, "auto", api_name="/chat"
        )
        assert "2000" in record["answer"]
        one_line_error(httpx.get(ui.url + "/", headers={**ui.auth, "Host": "evil.example"}), 400)
        head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
        headers = {**ui.auth, "content-type": "multipart/form-data; boundary=b"}
        big = chunked(head, 50 * MB, b"\r\n--b--\r\n")
        one_line_error(httpx.post(ui.url + "/gradio_api/upload", content=big, headers=headers), 413, "10 MB")
        assert not [p for p in ui.temp_files() if p.stat().st_size > 1 * MB]
    finally:
        ui.stop()
    assert ui.process.returncode in (0, 143) and TOKEN not in ui.log.read_text(errors="replace")
    assert not ui.temp_files() and not list(ui.systemp.iterdir())


def test_the_gate_covers_websocket_handshakes_too() -> None:
    """A WebSocket handshake from another site (a browser sends its Origin, and cookies) is closed; from the
    server's own page, with the token, it opens. A plain Starlette app stands behind the real gate."""
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocket, WebSocketDisconnect

    from qa.service.guard import Guard, GuardConfig

    async def echo(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text("open")
        await socket.close()

    app = Starlette(routes=[WebSocketRoute("/ws", echo)])
    config = GuardConfig(token=TOKEN, hosts=frozenset({"testserver"}), max_body=MB, max_body_label="1 MB")
    client = TestClient(Guard(app, config))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with client.websocket_connect("/ws", headers={**auth, "Origin": "http://testserver"}) as socket:
        assert socket.receive_text() == "open"
    for headers in ({**auth, "Origin": "http://evil.example"}, {"Origin": "http://testserver"}):
        with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws", headers=headers) as socket:
            socket.receive_text()
