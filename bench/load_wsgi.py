"""WSGI application of the load benchmark: the portal, plus /bench-static/<name> served as a
plain file (wsgi.file_wrapper: gunicorn sends it with sendfile) by the same server: the baseline.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path

PREFIX = "/bench-static/"
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"]).resolve()
from ita_portal.wsgi import application as portal  # noqa: E402  (as in production)


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if not path.startswith(PREFIX):
        return portal(environ, start_response)
    file = (STATIC_ROOT / path.removeprefix(PREFIX)).resolve()
    if not file.is_relative_to(STATIC_ROOT) or not file.is_file():
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    start_response(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(file.stat().st_size))],
    )
    return environ["wsgi.file_wrapper"](file.open("rb"), 64 * 1024)
