"""A small HTTP server on 127.0.0.1 for link-checker tests and the benchmark (nothing else is contacted)."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BIG_BODY_BYTES = 8 * 1024 * 1024
SLOW_SECONDS = 2.0
# A drip answers one byte a second, for at most this many seconds (then it hangs up), so that a
# checker without a whole-request deadline is caught by a test long before the drip ends.
DRIP_SECONDS = 60


@dataclass
class ServerState:
    requests: list[str] = field(default_factory=list)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    delay: float = 0.0  # added to every answer (simulated network latency)


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        state = self.server.state
        with state.lock:
            state.requests.append(self.path)
            state.active += 1
            state.max_active = max(state.max_active, state.active)
        try:
            if state.delay:
                time.sleep(state.delay)
            self._answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker stopped reading (size cap) or gave up (timeout)
        finally:
            with state.lock:
                state.active -= 1

    def _answer(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/missing":
            self._send(404, b"not here")
        elif path == "/loop":
            self._redirect("/loop")
        elif path.startswith("/hop/"):
            self._redirect(f"/hop/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/to-invalid":
            self._redirect("http://evidence.invalid/o1")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, b"late")
        elif path == "/big":
            self._stream_big()
        elif path == "/drip-headers":
            self._drip(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        elif path == "/drip-body":
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(BIG_BODY_BYTES))
            self.end_headers()
        else:
            self._send(200, b"<html><body>ok</body></html>", "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _drip(self, head: bytes) -> None:
        """Start an answer, then send one byte a second: every read gets something in time."""
        self.wfile.write(head)
        self.wfile.flush()
        for _ in range(DRIP_SECONDS):
            time.sleep(1.0)
            self.wfile.write(b"a")
            self.wfile.flush()
        self.close_connection = True

    def _stream_big(self) -> None:
        # No Content-Length: the body runs until the connection closes (HTTP/1.0).
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.end_headers()
        chunk = b"x" * 65536
        for _ in range(BIG_BODY_BYTES // len(chunk)):
            self.wfile.write(chunk)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    state: ServerState


@contextmanager
def serve(tls_files: tuple[Path, Path] | None = None) -> Iterator[tuple[str, ServerState]]:
    """Run the server on 127.0.0.1 (a free port) in a thread; yield its base URL and state."""
    server = _Server(("127.0.0.1", 0), Handler)
    server.state = ServerState()
    scheme = "http"
    if tls_files is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(tls_files[0]), str(tls_files[1]))
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}", server.state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
