"""Link checking of 500 URLs on a local server with 1 and with 20 parallel requests.

The figures asked for: the time and peak memory of both. Baseline, measured in the same run: the same
URLs fetched one after another with plain http.client and no checks at all (no address rules,
no redirect handling, no size cap), the least any checker must pay. Two servers: one that answers
at once, and one that waits 20 ms per answer (a remote agency website is slower still). The server
runs in a process of its own so that the memory figures are the checker's alone. Only 127.0.0.1
is contacted. Peak memory: tracemalloc's peak of Python allocations during the run (the timed
runs are made without tracemalloc, which slows Python down), and the process's maximum RSS.
"""

from __future__ import annotations

import http.client
import multiprocessing
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ita_portal.lib.linkcheck import Policy, check_urls  # noqa: E402
from tests.lib.localserver import serve  # noqa: E402

URLS = 500
REPEAT = 5
POLICY = Policy(timeout=10.0, allow_private=True)  # the local server is on 127.0.0.1


def _server(delay: float, ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    with serve() as (base, state):
        state.delay = delay
        ready.put(base)
        stop.wait()


def plain_fetch(urls: list[str]) -> int:
    """The baseline: GET each URL in turn, read the body, nothing else."""
    ok = 0
    for url in urls:
        host, _, path = url.removeprefix("http://").partition("/")
        name, _, port = host.partition(":")
        connection = http.client.HTTPConnection(name, int(port), timeout=10)
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        response.read()
        ok += response.status < 400
        connection.close()
    return ok


def checker(workers: int) -> Callable[[list[str]], int]:
    def run(urls: list[str]) -> int:
        return sum(r.ok for r in check_urls(urls, POLICY, workers=workers))

    return run


def timed(run: Callable[[list[str]], int], urls: list[str], repeat: int) -> float:
    """Median seconds of repeat runs (after one warm-up); every URL must come back working."""
    assert run(urls) == len(urls)
    values = []
    for _ in range(repeat):
        started = time.perf_counter()
        run(urls)
        values.append(time.perf_counter() - started)
    return statistics.median(values)


def peak_mib(run: Callable[[list[str]], int], urls: list[str]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    run(urls)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


def scenario(delay: float) -> None:
    ready: multiprocessing.Queue = multiprocessing.Queue()
    stop = multiprocessing.Event()
    process = multiprocessing.Process(target=_server, args=(delay, ready, stop), daemon=True)
    process.start()
    try:
        base = ready.get(timeout=10)
        urls = [f"{base}/evidence/{n}" for n in range(URLS)]
        # The 20 ms server is dominated by its waits (little noise): one timed run is enough.
        repeat = REPEAT if delay == 0 else 1
        baseline = timed(plain_fetch, urls, repeat)
        print(f"server answering after {delay * 1000:.0f} ms, {URLS} URLs:")
        print(f"  baseline plain http.client, one at a time: {baseline:.2f} s")
        for workers in (1, 20):
            run = checker(workers)
            seconds = timed(run, urls, repeat)
            mib = peak_mib(run, urls)
            print(
                f"  checker, {workers:2d} parallel: {seconds:.2f} s "
                f"({seconds / baseline:.2f}× the baseline, {URLS / seconds:.0f} URLs/s), "
                f"peak Python memory {mib:.1f} MiB"
            )
    finally:
        stop.set()
        process.join(timeout=10)


def main() -> None:
    for delay in (0.0, 0.02):
        scenario(delay)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT link checking of {URLS} local URLs: process max RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
