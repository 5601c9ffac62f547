"""A small HTTP/1.1 load client: N concurrent keep-alive connections to 127.0.0.1, bounded in
requests and in time. Standard library only (asyncio); GET requests, bodies read by
Content-Length and discarded after counting.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    bytes: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p95_ms(self) -> float:
        if len(self.latencies) < 20:
            return self.median_ms
        return statistics.quantiles(self.latencies, n=20)[-1] * 1000


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Status, body length and whether the server keeps the connection open."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed by the server")
    status = int(status_line.split()[1])
    length, keep = 0, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value == "close":
            keep = False
    if length:
        await reader.readexactly(length)
    return status, length, keep


async def _connection(
    host: str, port: int, path: str, headers: str, result: LoadResult, budget: list[int], end: float
) -> None:
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n").encode()
    reader = writer = None
    while budget[0] > 0 and time.perf_counter() < end:
        budget[0] -= 1
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            status, length, keep = await _read_response(reader)
        except (ConnectionError, asyncio.IncompleteReadError, OSError, ValueError, IndexError):
            result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        result.latencies.append(time.perf_counter() - started)
        result.requests += 1
        result.bytes += length
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if not keep:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(
    host: str, port: int, path: str, connections: int, requests: int, seconds: float, headers: str
) -> LoadResult:
    result = LoadResult()
    budget = [requests]
    started = time.perf_counter()
    end = started + seconds
    await asyncio.gather(
        *(_connection(host, port, path, headers, result, budget, end) for _ in range(connections))
    )
    result.seconds = time.perf_counter() - started
    return result


def load(
    port: int,
    path: str,
    *,
    connections: int = 50,
    requests: int = 2000,
    seconds: float = 20.0,
    host: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """At most `requests` GETs of `path` over `connections` connections, for at most `seconds`."""
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    return asyncio.run(_run(host, port, path, connections, requests, seconds, extra))
