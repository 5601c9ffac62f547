"""Score-sheet import in the admin: upload, preview (new / changed / unchanged), confirm.

django-import-export gives the screens; reading, checking and writing are those of the command
(assessments.imports.score_import: every row first, all or nothing, bulk writes), with in
addition the check that the user may edit every row's agency. Between preview and confirmation
the file waits in pending.py's storage, bound to the uploader's session: the confirmation form
names it by a random token, never by a path, and django-import-export's temporary storage (which
read and deleted any file of the system temp folder the form named) is not used at all.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST, require_safe
from import_export import fields, resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from import_export.results import Result, RowResult
from import_export.signals import post_import
from import_export.tmp_storages import BaseStorage

from assessments import access
from assessments.admin_scoping import AgencyScopedMixin
from assessments.models import Assessment, ScoreSheet
from assessments.results import exports
from indicators.models import DEFAULT_ISSUER_CODE, Framework
from indicators.selectors import framework_for
from ita_portal.lib.admin import ThaiInputsMixin
from ita_portal.lib.held_uploads import holder_for
from ita_portal.lib.thai import to_arabic_digits
from ita_portal.lib.upload_forms import with_held_uploads
from ita_portal.lib.users import Actor

from . import reading, score_import
from .pending import pending_discard, pending_read, pending_save, pending_take
from .problems import MESSAGE_MORE
from .rows import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from .template import template_columns, template_rows

logger = logging.getLogger(__name__)

TITLE = "นำเข้าแฟ้มคะแนน"
CHANGES_HEADER = "การเปลี่ยนแปลง"
MESSAGE_DONE = "นำเข้าแล้ว: {summary}"
ERROR_NOT_PENDING = (
    "ไม่พบแฟ้มที่รอการยืนยัน (ยืนยันไปแล้ว หมดเวลา หรือไม่ใช่แฟ้มที่คุณอัปโหลด): "
    "อัปโหลดแฟ้มใหม่อีกครั้ง ไม่มีการบันทึกข้อมูลใด ๆ"
)
ERROR_CONFIRM_FAILED = (
    "นำเข้าไม่สำเร็จ ไม่มีการบันทึกข้อมูลใด ๆ: ข้อมูลในระบบเปลี่ยนไปหลังการตรวจ "
    "จึงพบปัญหาตามรายการด้านล่าง แก้ไขแฟ้มแล้วอัปโหลดใหม่"
)
COLUMNS = (*REQUIRED_COLUMNS, *(f"i{n}" for n in range(1, 11)), *OPTIONAL_COLUMNS)
IMPORT_TYPES = {
    score_import.NEW: RowResult.IMPORT_TYPE_NEW,
    score_import.UPDATE: RowResult.IMPORT_TYPE_UPDATE,
    score_import.SKIP: RowResult.IMPORT_TYPE_SKIP,
}


class ScoreSheetResource(resources.Resource):
    """Names the columns on the import page; the rows go through score_import, not through it."""

    @classmethod
    def get_display_name(cls) -> str:
        return "แฟ้มคะแนนตัวชี้วัด"

    def get_user_visible_fields(self) -> list[fields.Field]:
        # The import page lists the columns a file may have (i1 … i10 for the current frameworks).
        return [fields.Field(column_name=c, attribute=None, readonly=True) for c in COLUMNS]


class ScoreImportForm(ImportForm):
    """django-import-export's upload form, in Thai; the file's extension decides how it is read."""

    def __init__(self, formats: Any, resources: Any, **kwargs: Any) -> None:
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = "แฟ้มคะแนน"
        self.fields["format"].label = "รูปแบบแฟ้ม"
        self.fields["format"].help_text = "เลือกตามนามสกุลของแฟ้ม (.csv หรือ .xlsx)"


class NoTemporaryStorage(BaseStorage):
    """django-import-export's own import path must never read, write or delete a file."""

    def save(self, data: Any) -> None:
        raise PermissionDenied

    def read(self) -> Any:
        raise PermissionDenied

    def remove(self) -> None:
        raise PermissionDenied


class ScoreImportResult(Result):
    """The admin's result: the import_export rows, and the problems with line and column."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[score_import.ImportProblem] = []
        self.more_problems = 0
        self.report: score_import.ImportReport | None = None

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more_problems

    @property
    def more_message(self) -> str:
        return MESSAGE_MORE.format(count=self.more_problems) if self.more_problems else ""


def problems_result(
    table: reading.SourceTable | None, error: score_import.ScoreImportError
) -> ScoreImportResult:
    result = ScoreImportResult()
    result.problems, result.more_problems = error.problems, error.more
    result.diff_headers = [*table.headers, CHANGES_HEADER] if table else []
    values_by_line = {r.line: r.values for r in table.rows} if table else {}
    by_line: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for problem in error.problems:
        by_line[problem.line][problem.column or NON_FIELD_ERRORS].append(problem.message)
    for line, errors in sorted(by_line.items()):
        result.append_invalid_row(
            number=line,
            row=values_by_line.get(line, {}),
            validation_error=ValidationError({k: list(v) for k, v in errors.items()}),
        )
    return result


def report_result(
    table: reading.SourceTable, report: score_import.ImportReport
) -> ScoreImportResult:
    """What each row does (or did): new, update or skip, with the columns that change."""
    result = ScoreImportResult()
    result.report = report
    result.diff_headers = [*table.headers, CHANGES_HEADER]
    instances = {}
    if report.applied:
        ids = [p.assessment_id for p in report.rows if p.assessment_id]
        instances = Assessment.objects.select_related("agency", "framework").in_bulk(ids)
    for planned in report.rows:
        row_result = RowResult()
        row_result.import_type = IMPORT_TYPES[planned.action]
        row_result.diff = [
            *(planned.row.values.get(h, "") for h in table.headers),
            ", ".join(planned.changes),
        ]
        instance = instances.get(planned.assessment_id)
        if instance is not None:
            row_result.add_instance_info(instance)
            row_result.instance = instance
        result.append_row_result(row_result)
        result.increment_row_result_total(row_result)
    result.total_rows = len(report.rows)
    return result


def run_import(table: reading.SourceTable, *, user: Actor, dry_run: bool) -> ScoreImportResult:
    try:
        report = score_import.scores_import(
            headers=table.headers, rows=table.rows, user=user, dry_run=dry_run
        )
    except score_import.ScoreImportError as exc:
        return problems_result(table, exc)
    return report_result(table, report)


TEMPLATE_FORMATS = ("csv", "xlsx")


def _year_and_format(request: HttpRequest, *, allowed: tuple[str, ...]) -> tuple[Framework, str]:
    """The framework of ?issuer= (the NACC if not given), ?year= (Thai digits too) and ?format=, or 404."""
    year = to_arabic_digits(request.GET.get("year", "")).strip()
    file_format = request.GET.get("format", "csv")
    issuer = request.GET.get("issuer") or DEFAULT_ISSUER_CODE
    framework = framework_for(issuer, int(year)) if year.isdigit() else None
    if framework is None or file_format not in allowed:
        raise Http404
    return framework, file_format


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ThaiInputsMixin, AgencyScopedMixin, ImportMixin, admin.ModelAdmin):
    resource_classes = [ScoreSheetResource]
    import_export_change_list_template = "admin/assessments/scoresheet/change_list.html"
    formats = [CSV, XLSX]
    list_display = [
        "agency",
        "framework",
        "status",
        "official_total",
        "official_rank",
        "cohort_size",
    ]
    list_filter = ["framework", "status"]
    search_fields = ["agency__name", "agency__code"]
    list_select_related = ["agency", "framework"]

    def has_import_permission(self, request: HttpRequest) -> bool:
        """The import permission, and a role that may edit at least one agency (rows are checked one by one)."""
        if not super().has_import_permission(request):
            return False
        return access.is_site_admin(request.user) or bool(
            access.agency_ids(request.user, access.EDIT_ROLES)
        )

    # Score sheets are changed by importing files; one assessment is edited on its own page.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # --- import: upload and preview, then confirm ---

    import_template_name = "admin/assessments/scoresheet/import.html"
    import_form_class = ScoreImportForm
    tmp_storage_class = NoTemporaryStorage

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """GET: the upload form. POST: read and check the file, show the plan or the problems."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method != "POST" or not form.is_valid():
            return self._import_page(request, form=form)  # the form, with its errors if any
        upload: UploadedFile = form.cleaned_data["import_file"]
        try:
            table = self._read_upload(upload)
        except score_import.ScoreImportError as exc:
            for problem in exc.problems:
                form.add_error("import_file", str(problem))
            return self._import_page(request, form=form, status=400)
        result = run_import(table, user=request.user, dry_run=True)
        context: dict[str, Any] = {"result": result}
        if not result.has_validation_errors():
            pending = pending_save(request, upload.chunks(), upload.name or "")
            upload.tmp_storage_name = pending.token  # type: ignore[attr-defined]
            context["confirm_form"] = self.create_confirm_form(request, import_form=form)
        return self._import_page(request, form=form, **context)

    @staticmethod
    def _read_upload(upload: UploadedFile) -> reading.SourceTable:
        limits = reading.Limits.from_settings()
        kind = reading.kind_of(upload.name or "")
        reading.check_size(upload.size or 0, limits)
        stream = upload.file
        assert stream is not None
        stream.seek(0)
        return reading.read_stream(stream, kind=kind, limits=limits)

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Import the file this session uploaded and previewed; nothing else is ever read."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        token = confirm_form.data.get("import_file_name") if confirm_form.is_bound else None
        pending = pending_take(request, token)
        if pending is None:
            logger.warning(
                "score import confirmation by user %s refused: %r is not this session's upload",
                request.user.pk,
                str(token)[:80],
            )
            messages.error(request, ERROR_NOT_PENDING)
            return self._import_page(request, form=self._blank_import_form(request), status=400)
        try:
            table = reading.read_bytes(pending_read(pending), filename=pending.filename)
        except score_import.ScoreImportError as exc:
            result = problems_result(None, exc)
        else:
            result = run_import(table, user=request.user, dry_run=False)
        finally:
            pending_discard(pending)
        if result.has_validation_errors():
            messages.error(request, ERROR_CONFIRM_FAILED)
            form = self._blank_import_form(request)
            return self._import_page(request, form=form, result=result, status=400)
        self.generate_log_entries(result, request)
        post_import.send(sender=None, model=self.model)
        self.add_success_message(result, request)
        return HttpResponseRedirect(reverse("admin:assessments_scoresheet_changelist"))

    def add_success_message(self, result: Result, request: HttpRequest) -> None:
        """Not django-import-export's English "Import finished", and only for a clean result."""
        if result.has_errors() or result.has_validation_errors():
            return
        summary = (
            result.report.summary if isinstance(result, ScoreImportResult) and result.report else ""
        )
        messages.success(request, MESSAGE_DONE.format(summary=summary))

    def get_import_form_class(self, request: HttpRequest) -> Any:
        """The upload form, whose file is held when the page comes back with an error."""
        return with_held_uploads(super().get_import_form_class(request), holder_for(request))

    def _blank_import_form(self, request: HttpRequest) -> Any:
        form_class = self.get_import_form_class(request)
        return form_class(self.get_import_formats(), self.get_import_resource_classes(request))

    def _import_page(
        self, request: HttpRequest, *, form: Any, status: int = 200, **context: Any
    ) -> HttpResponse:
        resource = ScoreSheetResource()
        limits = reading.Limits.from_settings()
        context = {
            **self.admin_site.each_context(request),
            **context,
            "title": TITLE,
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [f.column_name for f in resource.get_user_visible_fields()],
                )
            ],
            "import_error_display": self.import_error_display,
            "template_years": Framework.objects.order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .distinct(),
            "template_formats": TEMPLATE_FORMATS,
            "import_limits": {
                "max_megabytes": f"{limits.max_bytes / 2**20:g}",
                "max_rows": f"{limits.max_rows:,}",
            },
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=status)

    def get_import_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict:
        return {}

    # --- export: the results file of a year, only the rows of the user's agencies ---

    def has_export_permission(self, request: HttpRequest) -> bool:
        codename = get_permission_codename("export", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}") and (
            access.is_site_admin(request.user) or bool(access.agency_ids(request.user))
        )

    def get_urls(self) -> list:
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="assessments_scoresheet_export",
            ),
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="assessments_scoresheet_import_template",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "has_results_export_permission": self.has_export_permission(request),
            "export_years": Framework.objects.order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .distinct(),
            "export_formats": exports.FORMATS,
        }
        return super().changelist_view(request, extra_context)

    @method_decorator(require_safe)
    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        """?year=2568&format=csv|xlsx: a file of the import's columns, a row per own agency."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        framework, file_format = _year_and_format(request, allowed=TEMPLATE_FORMATS)
        agencies = access.agencies_for(request.user, access.EDIT_ROLES).select_related("cohort")
        data = exports.WRITERS[file_format](
            template_columns(framework), template_rows(framework, agencies.order_by("name"))
        )
        response = HttpResponse(data, content_type=exports.CONTENT_TYPES[file_format])
        response["Content-Disposition"] = (
            f'attachment; filename="ita-scores-template-{framework.fiscal_year}.{file_format}"'
        )
        return response

    @method_decorator(require_safe)
    def export_view(self, request: HttpRequest) -> HttpResponse:
        """?year=2568&format=csv|xlsx|json: the export_results file, scoped to the user's agencies."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        framework, file_format = _year_and_format(request, allowed=exports.FORMATS)
        rows = exports.year_rows(framework, published_only=False)
        if not access.is_site_admin(request.user):
            # Ranks stay those of the whole cohort; only the rows are the user's own agencies'.
            codes = set(access.agencies_for(request.user).values_list("code", flat=True))
            rows = [row for row in rows if row["agency_code"] in codes]
        data = exports.WRITERS[file_format](exports.columns_for(framework), rows)
        response = HttpResponse(data, content_type=exports.CONTENT_TYPES[file_format])
        response["Content-Disposition"] = (
            f'attachment; filename="ita-results-{framework.fiscal_year}.{file_format}"'
        )
        return response
