"""Process-wide emulator state, shared by the middleware, the control API and
the moto extensions (which need the transition delay and the fault book)."""

import threading
from dataclasses import dataclass

from faults import FaultBook


@dataclass
class Settings:
    transition_delay: float = 2.0  # seconds a STOPPING/STARTING state lasts
    latency_ms: int = 0  # added before answering every AWS request


class RequestLog:
    """Every AWS request served, so tests can count calls and prove that no
    write reached AWS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict] = []

    def append(self, entry: dict) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


SETTINGS = Settings()
FAULTS = FaultBook()
REQUESTS = RequestLog()
