"""Benchmark `qa serve` (issue 14): time from start to ready, `qa ask` latency through the service vs
in-process, and /v1/ask requests/s with the extractive backend under N concurrent clients.

Only 127.0.0.1 is contacted; the load loop is bounded in requests and seconds.

    .venv/bin/python scripts/bench_service.py [--clients 8] [--seconds 30] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QA = Path(sys.executable).parent / "qa"
QUESTIONS = [
    "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟",
    "متى سيزور بوتين فيتنام؟",
    "In what year did North Korea carry out its first nuclear test?",
]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_service(env: dict[str, str], port: int) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(QA), "serve", "--port", str(port), "--backend", "extractive"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < 600:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return process, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the service did not become ready in 600 s")


def timed_ask(env: dict[str, str], question: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(QA), "ask", "--json", "--backend", "extractive", question], env=env, cwd=ROOT,
                   capture_output=True, check=True)  # fmt: skip
    return time.perf_counter() - started


def load(url: str, clients: int, seconds: float, max_requests: int = 5000) -> tuple[int, int, float]:
    """(ok, failed, elapsed) for `clients` threads posting /v1/ask until `seconds` or `max_requests`."""
    counts = {"ok": 0, "failed": 0}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(n: int) -> None:
        with httpx.Client(timeout=120) as http:
            i = n
            while time.perf_counter() < deadline:
                with lock:
                    if counts["ok"] + counts["failed"] >= max_requests:
                        return
                response = http.post(url + "/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                with lock:
                    counts["ok" if response.status_code == 200 else "failed"] += 1
                i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts["ok"], counts["failed"], time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("QA_DATA_DIR", "/tmp/bench-service"))
    )
    args = parser.parse_args()
    env = {**os.environ, "QA_DATA_DIR": str(args.data_dir), "QA_SERVE_QUEUE_SIZE": str(4 * args.clients)}
    in_process = [timed_ask(env, q) for q in QUESTIONS]  # the first also indexes the seeds if needed
    port = free_port()
    process, ready_s = start_service(env, port)
    try:
        url = f"http://127.0.0.1:{port}"
        served = [timed_ask({**env, "QA_SERVER_URL": url}, q) for q in QUESTIONS]
        ok, failed, elapsed = load(url, args.clients, args.seconds)
    finally:
        process.terminate()
        process.wait(timeout=60)
    print("| measure | value |\n|---|---|")
    print(f"| `qa serve` start to ready | {ready_s:.1f} s |")
    print(
        f"| `qa ask` in-process, 2nd and 3rd question (median) | {statistics.median(in_process[1:]):.2f} s |"
    )
    print(
        f"| `qa ask` via the service, 2nd and 3rd question (median) | {statistics.median(served[1:]):.2f} s |"
    )
    print(f"| /v1/ask extractive, {args.clients} clients | {ok / elapsed:.1f} requests/s ({failed} failed) |")


if __name__ == "__main__":
    main()
