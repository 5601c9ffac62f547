"""A real Celery worker in a subprocess, sharing the test database, Redis and media storage
(MEDIA_ROOT, or the test's folder of the S3 bucket: tests/storage_s3.media_environment).

The worker gets its own Redis DB number and queue (TEST_CELERY_REDIS_URL, default DB 12 of the
Redis on 127.0.0.1). On PostgreSQL it uses the test database itself (transactional_db commits);
on SQLite the in-memory test database is copied to a file for it and copied back afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from django.db import connection

from tests.storage_s3 import media_environment

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_CELERY_REDIS_URL", "redis://127.0.0.1:6379/12")
DEADLINE_SECONDS = 120  # only reached when something is broken: every wait polls


def redis_unreachable() -> str:
    """Why the worker tests cannot run here ("" when Redis answers)."""
    address = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return ""
    except OSError as exc:
        return f"Redis at {address.hostname}:{address.port} is unreachable ({exc})"
    return "Redis did not answer PING"


def wait_for(condition: Callable[[], Any], what: str) -> Any:
    """Poll until the condition holds (its value is returned); fail after the deadline."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"still waiting after {DEADLINE_SECONDS} s for {what}")


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (read from /proc: psutil is not installed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                # /proc/PID/stat: "pid (name) state ppid ..."; the name may hold spaces.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    found.append(int(entry.name))
    return found


def is_gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


class SharedDatabase:
    """The test database as the worker sees it: raw queries while it runs."""

    def __init__(self, tmp_path: Path) -> None:
        self.sqlite_file = tmp_path / "shared.sqlite3" if connection.vendor == "sqlite" else None

    def url(self) -> str:
        if self.sqlite_file is not None:
            return f"sqlite:///{self.sqlite_file}"
        s = connection.settings_dict
        password = f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
        return f"postgres://{quote(s['USER'])}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

    def share(self) -> None:
        """Make what the test wrote visible to the worker."""
        if self.sqlite_file is not None:
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_file)
            connection.connection.backup(target)
            target.close()

    def take_back(self) -> None:
        """Make what the worker wrote visible to the test's ORM."""
        if self.sqlite_file is not None:
            source = sqlite3.connect(self.sqlite_file)
            source.backup(connection.connection)
            source.close()

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file, timeout=20) as db:
                return db.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()


class Workers:
    """Start, kill and stop `celery -A ita_portal worker` processes on a queue of their own."""

    def __init__(self, tmp_path: Path, database: SharedDatabase, media_root: Path, **env: str):
        self.tmp_path = tmp_path
        self.queue = f"ita-test-{uuid.uuid4().hex[:12]}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database.url(),
            **media_environment(media_root),
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            **env,
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.other_queues: set[str] = set()  # forgotten afterwards as the default one is

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run manage.py with the workers' settings (the broker is set: tasks are queued)."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=DEADLINE_SECONDS,
        )

    def start(self, queue: str | None = None) -> subprocess.Popen[bytes]:
        """A worker of the default queue (as ita-portal-worker.service) or of another one."""
        queue = queue or self.queue
        if queue != self.queue:
            self.other_queues.add(queue)
        n = len(self.processes)
        log = (self.tmp_path / f"worker-{n}.log").open("wb")
        command = [sys.executable, "-m", "celery", "-A", "ita_portal", "worker", "-P", "prefork"]
        command += ["-c", "1", "-Q", queue, "-n", f"{queue}-{n}@%h", "-l", "info"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def pool_process(self, worker: subprocess.Popen[bytes]) -> int:
        """The prefork pool's process (the one running tasks) of a worker."""
        return wait_for(lambda: children(worker.pid), "the worker's pool process")[0]

    def kill_whole(self, worker: subprocess.Popen[bytes]) -> None:
        """kill -9 of the worker and its pool at once, as when its machine dies."""
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
        self._forget_queue()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.tmp_path.glob("worker-*.log"))

    def _forget_queue(self) -> None:
        import redis

        with suppress(redis.RedisError):
            client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
            for queue in {self.queue, *self.other_queues}:
                client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


@contextmanager
def workers(
    tmp_path: Path, database: SharedDatabase, media_root: Path, **env: str
) -> Iterator[Workers]:
    pool = Workers(tmp_path, database, media_root, **env)
    try:
        yield pool
    finally:
        pool.stop_all()
