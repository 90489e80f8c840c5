"""Admission control for generation: one local model on 2 cores answers one question at a time, so
requests wait in a bounded line; past its end they are turned away at once (HTTP 503 + Retry-After)
instead of piling up until every client times out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class QueueFull(Exception):
    """More requests are waiting than the queue holds."""


class GenerationGate:
    def __init__(self, slots: int, max_waiting: int) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._max_waiting = max_waiting
        self.waiting = 0
        self.running = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a generation slot for the block; QueueFull when the line is already full."""
        with self._lock:
            # `waiting` counts requests not yet running, so it is the length of the line
            if self.waiting >= self._max_waiting:
                raise QueueFull()
            self.waiting += 1
        acquired = False
        try:
            self._slots.acquire()
            acquired = True
            with self._lock:
                self.waiting -= 1
                self.running += 1
            yield
        finally:
            if acquired:
                with self._lock:
                    self.running -= 1
                self._slots.release()
            else:
                with self._lock:
                    self.waiting -= 1
