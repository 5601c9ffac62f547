"""Publish a fiscal year's approved reports: one Celery task per report (inline without a broker)."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from ita_portal.lib.arguments import PortalCommand
from reports import publishing, selectors
from reports.models import PublicationJob
from reports.tasks import enqueue_job

ERROR_NO_USER = "ไม่พบผู้ใช้ {username}"
ERROR_JOB_FAILED = "งานที่ {job} ล้มเหลว: เผยแพร่ {done} ข้าม {skipped} ไม่สำเร็จ {failed} จาก {total} ฉบับ"
MESSAGE_QUEUED = "ส่งงานที่ {job} เข้าคิวแล้ว: {total} ฉบับ (ดูความคืบหน้าที่ /manage/reports/jobs/{job}/)"
MESSAGE_PROGRESS = (
    "งานที่ {job}: {status} เผยแพร่ {done} ข้าม {skipped} ไม่สำเร็จ {failed} จาก {total} ฉบับ"
)


class Command(PortalCommand):
    help = "เผยแพร่รายงานทุกฉบับของปีงบประมาณที่แผนได้รับอนุมัติแล้ว (งานละหนึ่งรายงานผ่าน Celery)"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ.")
        parser.add_argument(
            "--agency",
            nargs="+",
            action="extend",
            default=[],
            metavar="CODE",
            help="เฉพาะหน่วยงานรหัสเหล่านี้",
        )
        parser.add_argument("--wait", action="store_true", help="รอจนงานเสร็จและแสดงผล")
        parser.add_argument("--user", help="ชื่อผู้ใช้ (ผู้ดูแลระบบ) ที่บันทึกเป็นผู้เผยแพร่")
        parser.add_argument("--poll", type=float, default=2.0, help="ตรวจความคืบหน้าทุกกี่วินาที")

    def handle(self, *args, year, agency, wait, user=None, poll=2.0, **options):
        publisher = self._user(user)
        try:
            job = publishing.publication_job_create(
                fiscal_year=year, user=publisher, agency_codes=tuple(agency)
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", None) or [str(exc)])) from exc
        enqueue_job(job)
        self.stdout.write(MESSAGE_QUEUED.format(job=job.pk, total=job.total))
        if wait:
            job = self._wait(job, poll)
        self._report(job)

    def _user(self, username: str | None):
        if not username:
            return None
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(ERROR_NO_USER.format(username=username))
        return found

    def _wait(self, job: PublicationJob, poll: float) -> PublicationJob:
        shown = None
        while True:
            job.refresh_from_db()
            progress = (job.status, job.done, job.skipped, job.failed)
            if progress != shown:
                shown = progress
                self.stdout.write(self._line(job))
            if not job.is_active:
                return job
            # Workers gone or tasks lost: the job is closed as failed instead of waiting for ever.
            publishing.publication_jobs_close_stale()
            time.sleep(poll)

    def _line(self, job: PublicationJob) -> str:
        return MESSAGE_PROGRESS.format(
            job=job.pk,
            status=job.get_status_display(),
            done=job.done,
            skipped=job.skipped,
            failed=job.failed,
            total=job.total,
        )

    def _report(self, job: PublicationJob) -> None:
        for failure in selectors.job_failures(job):
            self.stderr.write(f"{failure.agency_name} ({failure.agency_code}): {failure.reason}")
        if job.status == PublicationJob.Status.FAILED:
            raise CommandError(
                ERROR_JOB_FAILED.format(
                    job=job.pk,
                    done=job.done,
                    skipped=job.skipped,
                    failed=job.failed,
                    total=job.total,
                )
            )
        if not job.is_active:
            self.stdout.write(self._line(job))
