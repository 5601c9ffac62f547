"""(a) Bulk publishing throughput: reports per minute with 1, 2 and 4 Celery worker processes.

The same 100 synthetic agencies (approved plans, national data) are published by
`publish_reports`' services through a real `celery -A ita_portal worker` against Redis on
127.0.0.1 (the production path: reports.tasks, one task per report), with 1 worker process (the
baseline), then 2, then 4 (BENCH_PUBLISH_PROCESSES, default "1,2,4"), for BENCH_PUBLISH_ROUNDS
rounds in alternating order; each figure is the median of each round's paired ratio to one
process (a shared machine's load drifts; rounds measured back to back see the same load).
Target (issues 13, 23): 2 processes ≥ 1.8× one process. More processes than cores
(os.cpu_count()) are over-subscribed: that figure is printed, and named as such.

Before the rounds, BENCH_PUBLISH_SPLIT reports (default 5) are published in this process
through the same function the task calls, to split one report's time: building the report
(its PostgreSQL round trips counted and timed), rendering the PDF (under the render lock, which
is a per-process lock), writing the version (round trips again), and the first report of a
fresh process (WeasyPrint's import and font set-up) apart from the others.

Needs PostgreSQL (DATABASE_URL, a database of its own) and Redis (BENCH_BROKER_URL, default
redis://127.0.0.1:6379/13); prints SKIPPED otherwise. Tasks go to a queue of this run's own.
Every round prints the load average it ran under.
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
PROCESSES = tuple(int(n) for n in os.environ.get("BENCH_PUBLISH_PROCESSES", "1,2,4").split(","))
SPLIT_REPORTS = int(os.environ.get("BENCH_PUBLISH_SPLIT", "5"))
TARGET = 1.8
NATIONAL_REPORTS = 8317
NATIONAL_HOURS = 48
WORKER_RSS = [0.0]  # MiB, the largest seen
CORES_USED: dict[int, list[float]] = {p: [] for p in PROCESSES}
WORKER_START: list[float] = []  # seconds from starting a worker to its first answer

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
    from assessments.models import Assessment, IndicatorScore

    rows = list(
        Assessment.objects.filter(
            framework__fiscal_year=year, agency__code__regex=r"^[a-z-]+-[0-9]{5}$"
        )
        .select_related("agency")
        .order_by("agency__code")[:AGENCIES]
    )
    # Publishing refuses an empty foreword and a weak indicator without its development issues
    # (publishing.missing_required_texts): the staff write them before they publish.
    ids = [assessment.pk for assessment in rows]
    Assessment.objects.filter(pk__in=ids, foreword="").update(
        foreword="รายงานฉบับนี้จัดทำขึ้นเพื่อเผยแพร่ผลการประเมินคุณธรรมและความโปร่งใสของหน่วยงาน"
    )
    IndicatorScore.objects.filter(assessment_id__in=ids, development_issues="").update(
        development_issues="การเปิดเผยข้อมูลต่อสาธารณะ\nการรับฟังความคิดเห็นของผู้รับบริการ"
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
    started = time.monotonic()
    deadline = started + 120
    while time.monotonic() < deadline:
        if len(app.control.ping(destination=names, timeout=1.0)) == len(names):
            WORKER_START.append(time.monotonic() - started)
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


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


class Split:
    """Seconds and PostgreSQL round trips of each part of one report's publication."""

    def __init__(self) -> None:
        self.phase = "other"
        self.seconds: dict[str, float] = {}
        self.queries: dict[str, int] = {}
        self.query_seconds: dict[str, float] = {}

    def sql(self, execute, sql, params, many, context):  # connection.execute_wrapper
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries[self.phase] = self.queries.get(self.phase, 0) + 1
            self.query_seconds[self.phase] = (
                self.query_seconds.get(self.phase, 0.0) + time.perf_counter() - started
            )

    def timed(self, phase: str, function):
        def run(*args, **kwargs):
            outer, self.phase = self.phase, phase
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - started
                self.phase = outer

        return run


def job_split(assessments: list, year: int) -> None:
    """Publish SPLIT_REPORTS reports here, one by one, through the task's own function, and
    print where a report's time goes (the first report of this process on a line of its own)."""
    from django.db import connection

    from reports import publishing

    chosen = assessments[:SPLIT_REPORTS]
    if not chosen:
        return
    reset(chosen)
    job = publishing.publication_job_create(
        fiscal_year=year, user=None, agency_codes=tuple(a.agency.code for a in chosen)
    )
    publishing.publication_job_start(job_id=job.pk)
    originals = publishing.publishable_content, publishing.render_pdf
    splits = []
    try:
        for assessment in chosen:
            split = Split()
            publishing.publishable_content = split.timed("build", originals[0])
            publishing.render_pdf = split.timed("render", originals[1])
            connection.close()  # a task's connection lives one task (CONN_MAX_AGE=0)
            with connection.execute_wrapper(split.sql):
                run = split.timed("total", publishing.publication_job_item_run)
                outcome = run(job_id=job.pk, assessment_id=assessment.pk)
            assert outcome == "done", outcome
            splits.append(split)
    finally:
        publishing.publishable_content, publishing.render_pdf = originals

    # Phase "total" is what ran outside build and render: the write and the job's bookkeeping.
    def line(label: str, rows: list[Split]) -> str:
        def mean(values) -> float:
            return statistics.mean(values) if values else 0.0

        total = mean([r.seconds["total"] for r in rows])
        build, render = (
            mean([r.seconds["build"] for r in rows]),
            mean([r.seconds["render"] for r in rows]),
        )
        queries = {ph: mean([r.queries.get(ph, 0) for r in rows]) for ph in ("build", "total")}
        sql_s = {
            ph: mean([r.query_seconds.get(ph, 0.0) for r in rows]) for ph in ("build", "total")
        }
        return (
            f"  {label}: {total:.2f} s = build {build:.2f} s ({queries['build']:.0f} queries, "
            f"{sql_s['build']:.2f} s in them) + render {render:.2f} s + write and bookkeeping "
            f"{total - build - render:.2f} s ({queries['total']:.0f} queries, "
            f"{sql_s['total']:.2f} s in them)"
        )

    print(f"one report's time, published in this process ({load_note()}):")
    print(line("first report of the process (WeasyPrint import, font set)", splits[:1]))
    if len(splits) > 1:
        print(line(f"next {len(splits) - 1} reports, mean", splits[1:]))


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
    cores = os.cpu_count() or 1
    job_split(assessments, year)
    if ROUNDS == 0:  # BENCH_PUBLISH_ROUNDS=0: the split alone
        return
    seconds: dict[int, list[float]] = {p: [] for p in PROCESSES}
    ratios: dict[int, list[float]] = {p: [] for p in PROCESSES}
    for n in range(ROUNDS):
        # Alternate the order: a shared machine's load drifts, and rounds measured back to back
        # see the same drift in both orders.
        for processes in PROCESSES if n % 2 == 0 else tuple(reversed(PROCESSES)):
            load = load_note()
            seconds[processes].append(publish_round(assessments, processes, year))
            rate = count * 60 / seconds[processes][-1]
            print(
                f"  round {n + 1}, {processes} process(es): {seconds[processes][-1]:.1f} s, "
                f"{rate:.1f} reports/min (before: {load}; after: {load_note()})",
                flush=True,
            )
        for p in PROCESSES:
            ratios[p].append(seconds[PROCESSES[0]][-1] / seconds[p][-1])
    rates = {p: count * 60 / min(s) for p, s in seconds.items()}
    base = PROCESSES[0]
    print(f"database: {common.database_label()}, broker {BROKER}, {count} reports of {year}")
    print(
        f"machine: {cores} cores; {load_note()} at the end; worker start (process to first "
        f"answer): median {statistics.median(WORKER_START):.1f} s, outside the timed part"
    )
    print(
        "best rounds: "
        + ", ".join(
            f"{p} process(es) {rates[p]:.1f} reports/min"
            + (" (over-subscribed: more processes than cores)" if p > cores else "")
            for p in PROCESSES
        )
        + f"; memory of one worker process after its reports: {WORKER_RSS[0]:.0f} MiB"
    )
    print(
        "cores the workers got (CPU seconds per second; n processes on an idle machine of n "
        "cores get about n): "
        + "; ".join(f"{p}: " + ", ".join(f"{c:.2f}" for c in CORES_USED[p]) for p in PROCESSES)
    )
    # Reports per CPU-second of the workers: equal for any number of processes when nothing in
    # the publishing serialises them; the ratio is then bounded by the cores they were given.
    per_core = {
        p: statistics.median(count / s / c for s, c in zip(seconds[p], CORES_USED[p], strict=True))
        for p in PROCESSES
    }
    print(
        "reports per worker CPU-second: "
        + ", ".join(f"{p} process(es) {per_core[p]:.3f}" for p in PROCESSES)
        + " (equal = nothing serialises the processes)"
    )
    for p in PROCESSES[1:]:
        print(
            f"paired ratios ({p} processes vs {base}, each round): "
            + ", ".join(f"{r:.2f}×" for r in ratios[p])
            + f"; scaling efficiency per CPU-second {per_core[p] / per_core[base]:.2f}"
        )
    best = max(rates.values())
    hours = NATIONAL_REPORTS / best / 60
    print(
        f"a national year ({NATIONAL_REPORTS} reports) at the best rate: {hours:.1f} h "
        f"(the window is {NATIONAL_HOURS} h)"
    )
    for p in PROCESSES[1:]:
        ratio = statistics.median(ratios[p])
        note = f"target ≥ {TARGET}×: {'OK' if ratio >= TARGET else 'MISSED'}" if p == 2 else ""
        if p > cores:
            note = f"over-subscribed ({p} processes on {cores} cores)"
        print(
            f"RESULT publishing {p} processes vs {base}: median paired ratio {ratio:.2f}×, "
            f"{note} ({load_note()})"
        )


if __name__ == "__main__":
    main()
