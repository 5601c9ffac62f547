"""Dependencies that misbehave, for tests of timeouts: a server on 127.0.0.1 that accepts
connections and never answers, and a watchdog that aborts a test instead of letting it hang."""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class WatchdogExpired(Exception):
    """The code under test was still blocked when the watchdog fired."""


class HangingServer:
    """Listens on 127.0.0.1, accepts every connection, reads nothing and never answers."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, name="hanging-server", daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                peer, _ = self._listener.accept()
            except OSError:  # closed by stop()
                return
            self._accepted.append(peer)  # held open, never read, never answered

    def __enter__(self) -> HangingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        for peer in self._accepted:
            peer.close()

    @property
    def accepted(self) -> int:
        return len(self._accepted)


def refusing_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused at once)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Abort the block with WatchdogExpired after `seconds` (SIGALRM: main thread only).

    A blocked socket read is interrupted too: the handler raises, so Python does not retry it.
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise WatchdogExpired(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
