"""Running a helper program (poppler) on an uploaded file under limits: memory, CPU time, the size
of what it writes and a wall clock, in its own process group so nothing it starts outlives it.

A file from the outside decides how much work its parser does: a 1 MB PDF can hold an image of
400 million pixels. The limits make that work bounded and the caller is told which one was hit,
to answer the uploader in Thai instead of failing with a 500 or holding a worker for minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    memory_bytes: int  # address space (RLIMIT_AS): an allocation beyond it fails
    cpu_seconds: int  # RLIMIT_CPU: the kernel stops the program past it
    wall_seconds: float  # the caller kills the whole process group past it
    file_bytes: int = 256 * 1024 * 1024  # RLIMIT_FSIZE: no single output file larger


class LimitExceeded(Exception):
    """The program ran out of its time or memory (``reason``: "time" or "memory")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _with_limits(command: Sequence[str], limits: Limits) -> list[str]:
    """The command run by util-linux's prlimit, which sets the limits and then execs it (same
    process): no Python runs between fork and exec, which preexec_fn would need and which can
    deadlock a threaded server (gunicorn's threads, Python's own warning)."""
    return [
        "prlimit",
        f"--as={limits.memory_bytes}",
        f"--cpu={limits.cpu_seconds}",
        f"--fsize={limits.file_bytes}",
        "--core=0",
        "--",
        *command,
    ]


def run_limited(command: Sequence[str], limits: Limits) -> subprocess.CompletedProcess[bytes]:
    """Run command under limits and return what it printed; LimitExceeded when it ran out of
    time (wall clock or CPU) or memory, CalledProcessError when it failed otherwise."""
    process = subprocess.Popen(
        _with_limits(command, limits),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: one kill reaches all it started
    )
    try:
        stdout, stderr = process.communicate(timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise LimitExceeded("time") from None
    except BaseException:
        _kill_group(process)
        raise
    code = process.returncode
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        raise LimitExceeded("time")
    if _out_of_memory(stderr):  # poppler may say so and still exit 0, its pages unwritten
        raise LimitExceeded("memory")
    if code != 0:
        raise subprocess.CalledProcessError(code, list(command), stdout, stderr)
    return subprocess.CompletedProcess(list(command), code, stdout, stderr)


def _out_of_memory(stderr: bytes) -> bool:
    # Under RLIMIT_AS an allocation fails: poppler says so, or aborts on std::bad_alloc.
    text = stderr.decode("utf-8", "replace").lower()
    return any(word in text for word in ("out of memory", "bad_alloc", "cannot allocate"))


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()
