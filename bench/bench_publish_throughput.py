"""(a) Bulk publishing throughput: reports per minute with 1 and with 2 Celery worker processes.

The same 100 synthetic agencies (approved plans, national data) are published by
`publish_reports`' services through a real `celery -A ita_portal worker` against Redis on
127.0.0.1, first with one worker process (the baseline), then with two, alternately for
BENCH_PUBLISH_ROUNDS rounds in alternating order; the figure is the median of each round's paired
ratio (a shared machine's load drifts; a back-to-back pair sees the same load). Target
(issue 13): 2 processes ≥ 1.8× one process.

Needs PostgreSQL (DATABASE_URL, a database of its own) and Redis (BENCH_BROKER_URL, default
redis://127.0.0.1:6379/13); prints SKIPPED otherwise. Tasks go to a queue of this run's own.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
QUEUE = f"ita-bench-publish-{os.getpid()}"
AGENCIES = int(os.environ.get("BENCH_PUBLISH_AGENCIES", "100"))
ROUNDS = int(os.environ.get("BENCH_PUBLISH_ROUNDS", "3"))
TARGET = 1.8
NATIONAL_REPORTS = 8317
NATIONAL_HOURS = 48
WORKER_RSS = [0.0]  # MiB, the largest seen
CORES_USED: dict[int, list[float]] = {1: [], 2: []}

os.environ["CELERY_BROKER_URL"] = BROKER
os.environ["CELERY_RESULT_BACKEND"] = ""
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = QUEUE
os.environ.setdefault("MEDIA_ROOT", str(HERE / "media"))


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def chosen_assessments(year: int) -> list:
    """The first AGENCIES national assessments of the year, each given an approved plan."""
    from actionplans.models import ActionPlan, PlanActivity, PlanItem
    from assessments.models import Assessment

    rows = list(
        Assessment.objects.filter(
            framework__fiscal_year=year, agency__code__regex=r"^[a-z-]+-[0-9]{5}$"
        )
        .select_related("agency")
        .order_by("agency__code")[:AGENCIES]
    )
    for assessment in rows:
        if ActionPlan.objects.filter(assessment=assessment).exists():
            continue
        plan = ActionPlan.objects.create(
            assessment=assessment,
            title=f"แผนพัฒนาการส่งเสริมคุณธรรมและความโปร่งใส {assessment.agency.name}",
            introduction="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน " * 5,
            status=ActionPlan.Status.APPROVED,
        )
        weakest = assessment.scores.select_related("indicator").order_by("score")[:3]
        for order, score in enumerate(weakest):
            item = PlanItem.objects.create(
                plan=plan,
                indicator=score.indicator,
                order=order,
                assessment_issues="การเปิดเผยข้อมูลต่อสาธารณะ\nการรับฟังความคิดเห็นของผู้รับบริการ",
            )
            for n in range(2):
                PlanActivity.objects.create(
                    item=item,
                    order=n,
                    text=f"กิจกรรมที่ {n + 1} ประชุมชี้แจงและเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน",
                    schedule_text="ดำเนินการต่อเนื่อง",
                    target="ผู้รับบริการได้รับข้อมูลครบถ้วนและทันเวลา",
                )
    return rows


def reset(assessments: list) -> None:
    """No live version of the chosen reports, and no job of the year left active."""
    from reports.models import PublicationJob, ReportPublication

    ids = [a.pk for a in assessments]
    ReportPublication.objects.filter(assessment_id__in=ids).delete()
    type(assessments[0]).objects.filter(pk__in=ids).update(status="published")
    PublicationJob.objects.filter(status__in=PublicationJob.ACTIVE).update(status="failed")


def start_workers(processes: int) -> list[subprocess.Popen]:
    """`processes` workers of one process each, each in a session of its own.

    One worker of `--concurrency=2` is the same on a machine of its own; on a shared machine
    Linux's autogroup scheduler gives one session one share of the CPUs whatever its number
    of processes, which would hide whether the publishing itself scales.
    """
    from ita_portal.celery import app

    workers, names = [], []
    for n in range(processes):
        name = f"bench-{processes}-{n}-{os.getpid()}@127.0.0.1"
        names.append(name)
        workers.append(
            subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "celery"),
                    "-A",
                    "ita_portal",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "-Q",
                    QUEUE,
                    "-n",
                    name,
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel=WARNING",
                ],
                cwd=HERE.parent,
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
                stderr=open(HERE / f"worker-{processes}-{n}.log", "w"),
                start_new_session=True,
            )
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if len(app.control.ping(destination=names, timeout=1.0)) == len(names):
            return workers
        if any(worker.poll() is not None for worker in workers):
            break
    for worker in workers:
        stop_worker(worker)
    raise RuntimeError("a worker did not start: see bench/worker-*.log")


def stop_worker(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def publish_round(assessments: list, processes: int, year: int) -> float:
    """Seconds from queuing the job to its end, with `processes` worker processes."""
    from reports import publishing, tasks
    from reports.models import PublicationJob

    reset(assessments)
    workers = start_workers(processes)
    try:
        job = publishing.publication_job_create(
            fiscal_year=year, user=None, agency_codes=tuple(a.agency.code for a in assessments)
        )
        before = sum(group_usage(w.pid)[0] for w in workers)
        started = time.perf_counter()
        tasks.enqueue_job(job)
        while job.is_active:
            time.sleep(0.2)
            job.refresh_from_db()
        elapsed = time.perf_counter() - started
        usage = [group_usage(w.pid) for w in workers]
        WORKER_RSS[0] = max(WORKER_RSS[0], *(rss for _cpu, rss in usage))
        # CPU the workers got per second of wall time: 1.0 is one core busy all along.
        CORES_USED[processes].append((sum(cpu for cpu, _rss in usage) - before) / elapsed)
    finally:
        for worker in workers:
            stop_worker(worker)
    assert job.status == PublicationJob.Status.FINISHED, (job.status, job.log)
    assert (job.done, job.failed) == (len(assessments), 0), (job.done, job.failed)
    return elapsed


def group_usage(pgid: int) -> tuple[float, float]:
    """CPU seconds used so far and resident MiB of every process of a worker's process group."""
    ticks, pages = 0, 0
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
                pages += int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK"), pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("SKIPPED: needs PostgreSQL (DATABASE_URL=postgres://…/a database of its own)")
        return
    if not redis_reachable():
        print(f"SKIPPED: no Redis at {BROKER}")
        return
    import common

    common.setup()
    from assessments.models import Assessment

    year = Assessment.objects.order_by("-framework__fiscal_year").first().fiscal_year
    assessments = chosen_assessments(year)
    count = len(assessments)
    seconds: dict[int, list[float]] = {1: [], 2: []}
    ratios = []
    for n in range(ROUNDS):
        # Alternate the order: a shared machine's load drifts, and a pair measured back to back
        # sees the same drift in both orders.
        for processes in (1, 2) if n % 2 == 0 else (2, 1):
            seconds[processes].append(publish_round(assessments, processes, year))
            rate = count * 60 / seconds[processes][-1]
            print(
                f"  round {n + 1}, {processes} process(es): {seconds[processes][-1]:.1f} s, {rate:.1f} reports/min"
            )
        ratios.append(seconds[1][-1] / seconds[2][-1])
    rates = {p: count * 60 / min(s) for p, s in seconds.items()}
    ratio = statistics.median(ratios)
    print(f"database: {common.database_label()}, broker {BROKER}, {count} reports of {year}")
    print(
        f"best rounds: 1 worker process {rates[1]:.1f} reports/min "
        f"({min(seconds[1]) / count:.2f} s a report), 2 processes {rates[2]:.1f} reports/min; "
        f"memory of one worker process after its reports: {WORKER_RSS[0]:.0f} MiB"
    )
    print("paired ratios (2 processes vs 1, each round): " + ", ".join(f"{r:.2f}×" for r in ratios))
    print(
        "cores the workers got (CPU seconds per second; 2 processes on an idle 2-core machine "
        "get about 2): "
        + "; ".join(
            f"{p} process(es) " + ", ".join(f"{c:.2f}" for c in CORES_USED[p]) for p in (1, 2)
        )
    )
    # Reports per CPU-second of the workers: equal for 1 and 2 processes when nothing in the
    # publishing serialises them; then the ratio is bounded only by the cores they were given.
    per_core = {
        p: statistics.median(count / s / c for s, c in zip(seconds[p], CORES_USED[p], strict=True))
        for p in (1, 2)
    }
    print(
        f"reports per worker CPU-second: 1 process {per_core[1]:.3f}, 2 processes "
        f"{per_core[2]:.3f}: scaling efficiency {per_core[2] / per_core[1]:.2f} (1.00 = linear)"
    )
    hours = NATIONAL_REPORTS / rates[2] / 60
    print(
        f"a national year ({NATIONAL_REPORTS} reports) at the best 2-process rate: {hours:.1f} h "
        f"(the window is {NATIONAL_HOURS} h)"
    )
    print(
        f"RESULT publishing 2 processes vs 1: median paired ratio {ratio:.2f}×, "
        f"target ≥ {TARGET}×: {'OK' if ratio >= TARGET else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
