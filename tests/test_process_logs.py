"""Every process writes the same log lines: gunicorn (master, workers, access), Celery worker and
beat each print one JSON object per line with LOG_FORMAT=json, with the same field names and
every time in Bangkok time with its offset (+07:00).

The processes are real ones, started as the systemd units start them, with a production-like
environment (DEBUG=false) on a temporary SQLite file; the worker and beat use Redis DB 14 on
127.0.0.1 and a queue of their own.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.manage_subprocess import CLEARED, ROOT

BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/14"
# The fields every line has, whatever process wrote it.
COMMON_FIELDS = {"time", "level", "logger", "message", "process"}
BANGKOK = timedelta(hours=7)
START_SECONDS = 20


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """A DEBUG=false environment as .ci/smoke.sh sets it, with JSON logs."""
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    for name in ("LOG_FORMAT", "LOG_LEVEL", "APP_LOG_LEVEL", "PDF_LOG_LEVEL", "TZ"):
        environ.pop(name, None)
    return environ | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ALLOW_SQLITE_IN_PRODUCTION": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "CACHE_DIR": str(tmp_path / "cache"),
        "SECURE_SSL_REDIRECT": "false",
        "LOG_FORMAT": "json",
    }


@pytest.fixture
def celery_env(production_env) -> dict[str, str]:
    if not _redis_answers():
        pytest.skip("Redis ไม่ตอบที่ 127.0.0.1:6379: ข้ามการทดสอบบันทึกของ Celery worker และ beat")
    return production_env | {
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": "ita-logs-test",  # one name: no key left per run
    }


class Process:
    """A started program whose standard output and error go to one file each."""

    def __init__(self, args: list[str], env: dict[str, str], folder: Path) -> None:
        self.out, self.err = folder / "stdout.log", folder / "stderr.log"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err)

    def output(self) -> str:
        return self.out.read_text() + self.err.read_text()

    def wait_for(self, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + START_SECONDS
        while not ready():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"did not get ready:\n{self.output()}")
            time.sleep(0.2)

    def stop(self) -> str:
        """SIGTERM, as systemd stops a unit; everything the program wrote."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=START_SECONDS)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
        return self.output()


@pytest.fixture
def start(tmp_path) -> Iterator[Callable[..., Process]]:
    started: list[Process] = []

    def run(args: list[str], env: dict[str, str]) -> Process:
        folder = tmp_path / f"p{len(started)}"
        folder.mkdir()
        started.append(Process(args, env, folder))
        return started[-1]

    yield run
    for process in started:
        process.stop()


def json_lines(output: str) -> list[dict]:
    """Every non-empty line as a JSON object with the common fields and a Bangkok time."""
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, "the process wrote nothing"
    records = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError(f"not a JSON line: {line!r}\nall output:\n{output}") from None
        assert isinstance(record, dict), line
        assert COMMON_FIELDS <= record.keys(), line
        moment = datetime.fromisoformat(record["time"])
        assert moment.utcoffset() == BANGKOK, line
        assert record["time"].endswith("+07:00"), line
        records.append(record)
    return records


def _fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_gunicorn_master_workers_and_access_log_write_json_lines(production_env, start, tmp_path):
    port = _free_port()
    # As under the unit: a home folder that cannot be written (ProtectHome=yes) and the unit's
    # RuntimeDirectory, where the control socket goes.
    unit_env = production_env | {"HOME": "/proc/no-home", "RUNTIME_DIRECTORY": str(tmp_path)}
    web = start(
        [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
        unit_env,
    )
    web.wait_for(lambda: web.output().count("Booting worker") >= 2)
    status = _fetch(f"http://127.0.0.1:{port}/healthz/")
    socket_made = (tmp_path / "gunicorn.ctl").exists()
    records = json_lines(web.stop())
    assert status == 200
    assert socket_made
    assert [r for r in records if r["logger"] == "gunicorn.error" and r["level"] == "WARNING"] == []
    assert len({r["process"] for r in records if r["logger"] == "gunicorn.error"}) >= 3
    (access,) = [r for r in records if r["logger"] == "gunicorn.access"]
    assert (access["method"], access["path"], access["status"]) == ("GET", "/healthz/", 200)
    assert access["remote_addr"] == "127.0.0.1"
    assert isinstance(access["bytes"], int) and access["bytes"] > 0
    assert isinstance(access["duration_ms"], int | float)


def _celery(*args: str, level: str = "INFO") -> list[str]:
    # As the systemd units start them (deploy/systemd/ita-portal-{worker,beat}.service).
    return [str(BIN / "celery"), "--app", "ita_portal", "--quiet", *args, "--loglevel", level]


def test_the_celery_worker_writes_json_lines_with_the_task_as_fields(celery_env, start):
    from celery import Celery

    queue = celery_env["CELERY_TASK_DEFAULT_QUEUE"]
    worker = start(
        _celery("worker", "--pool", "prefork", "--concurrency", "1", "--queues", queue)
        + ["--hostname", f"logs-test-{os.getpid()}@%h", "--without-mingle", "--without-gossip"],
        celery_env,
    )
    worker.wait_for(lambda: " ready." in worker.output())
    client = Celery(broker=REDIS_URL, backend=REDIS_URL)
    try:
        result = client.send_task("celery.accumulate", args=(7,), queue=queue)
        assert result.get(timeout=START_SECONDS) == [7]
        result.forget()
    finally:
        client.close()
    records = json_lines(worker.stop())
    task_lines = [r for r in records if r.get("task_id") == result.id]
    assert len(task_lines) >= 2  # received, succeeded
    assert {r["task_name"] for r in task_lines} == {"celery.accumulate"}
    assert any("succeeded" in r["message"] for r in task_lines)


def test_celery_beat_writes_json_lines(celery_env, start, tmp_path):
    schedule = str(tmp_path / "celerybeat-schedule")
    beat = start(_celery("beat", "--schedule", schedule, level="DEBUG"), celery_env)
    # Stopped only once its scheduler is up: a SIGTERM while beat still imports its result
    # backend makes Celery build a second scheduler in the signal handler, which fails.
    beat.wait_for(lambda: "beat: Ticking" in beat.output())
    records = json_lines(beat.stop())
    assert any(r["logger"].startswith("celery.beat") for r in records)


def test_the_units_start_the_processes_as_these_tests_do():
    units = ROOT / "deploy" / "systemd"
    web = (units / "ita-portal-web.service").read_text()
    assert "--config /srv/ita-portal/deploy/gunicorn.conf.py" in web
    assert "\nRuntimeDirectory=ita-portal-web\n" in web  # the control socket's folder
    for name in ("worker", "beat"):
        unit = (units / f"ita-portal-{name}.service").read_text()
        assert f"celery --app ita_portal --quiet {name}" in unit, name
    assert "--config deploy/gunicorn.conf.py" in (ROOT / ".ci" / "smoke.sh").read_text()
