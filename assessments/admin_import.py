"""Score-sheet import in the admin: upload, preview (new / changed / unchanged), confirm.

django-import-export gives the screens; the rows go through assessments.score_import, so the
admin checks the same things as the command (every row first, all or nothing, bulk writes) and,
in addition, that the user may edit every row's agency. Its own row-by-row saving is not used.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from import_export import fields, resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result, RowResult

from indicators.models import Framework
from ita_portal.lib.admin import ThaiInputsMixin
from ita_portal.lib.thai import to_arabic_digits

from . import access, exports, score_import
from .admin_scoping import AgencyScopedMixin
from .models import Assessment, ScoreSheet

CHANGES_HEADER = "การเปลี่ยนแปลง"
ERROR_FILE_TOO_BIG = score_import.ERROR_FILE_TOO_BIG
COLUMNS = (
    *score_import.REQUIRED_COLUMNS,
    *(f"i{n}" for n in range(1, 11)),
    *score_import.OPTIONAL_COLUMNS,
)
IMPORT_TYPES = {
    score_import.NEW: RowResult.IMPORT_TYPE_NEW,
    score_import.UPDATE: RowResult.IMPORT_TYPE_UPDATE,
    score_import.SKIP: RowResult.IMPORT_TYPE_SKIP,
}


class ScoreSheetResource(resources.Resource):
    """Delegates the whole dataset to score_import; shows its plan or its problems."""

    @classmethod
    def get_display_name(cls) -> str:
        return "แฟ้มคะแนนตัวชี้วัด"

    def get_user_visible_fields(self) -> list[fields.Field]:
        # The import page lists the columns a file may have (i1 … i10 for the current frameworks).
        return [fields.Field(column_name=c, attribute=None, readonly=True) for c in COLUMNS]

    def import_data(  # type: ignore[override]
        self, dataset: Any, dry_run: bool = False, raise_errors: bool = False, **kwargs: Any
    ) -> Result:
        user = kwargs.get("user")
        result = Result()
        headers, rows = score_import.rows_from_dataset(dataset)
        result.diff_headers = [*headers, CHANGES_HEADER]
        values_by_line = {r.line: r.values for r in rows}
        try:
            report = score_import.scores_import(
                headers=headers, rows=rows, user=user, dry_run=dry_run
            )
        except score_import.ScoreImportError as exc:
            by_line: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            for problem in exc.problems:
                by_line[problem.line][problem.column or NON_FIELD_ERRORS].append(problem.message)
            for line, errors in sorted(by_line.items()):
                result.append_invalid_row(
                    number=line,
                    row=values_by_line.get(line, {}),
                    validation_error=ValidationError({k: list(v) for k, v in errors.items()}),
                )
            return result
        instances = {}
        if report.applied:
            ids = [p.assessment_id for p in report.rows if p.assessment_id]
            instances = Assessment.objects.select_related("agency", "framework").in_bulk(ids)
        for planned in report.rows:
            row_result = RowResult()
            row_result.import_type = IMPORT_TYPES[planned.action]
            row_result.diff = [
                *(planned.row.values.get(h, "") for h in headers),
                ", ".join(planned.changes),
            ]
            instance = instances.get(planned.assessment_id)
            if instance is not None:
                row_result.add_instance_info(instance)
                row_result.instance = instance
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        return result


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

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        upload = request.FILES.get("import_file")
        if upload is not None and upload.size > score_import.MAX_FILE_BYTES:
            if not self.has_import_permission(request):
                return super().import_action(request, **kwargs)  # answers 403
            messages.error(
                request, ERROR_FILE_TOO_BIG.format(limit=score_import.MAX_FILE_BYTES // 2**20)
            )
            return HttpResponseRedirect(request.path)
        return super().import_action(request, **kwargs)

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
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "has_results_export_permission": self.has_export_permission(request),
            "export_years": Framework.objects.order_by("-fiscal_year").values_list(
                "fiscal_year", flat=True
            ),
            "export_formats": exports.FORMATS,
        }
        return super().changelist_view(request, extra_context)

    @method_decorator(require_safe)
    def export_view(self, request: HttpRequest) -> HttpResponse:
        """?year=2568&format=csv|xlsx|json: the export_results file, scoped to the user's agencies."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        year = to_arabic_digits(request.GET.get("year", "")).strip()
        file_format = request.GET.get("format", "csv")
        framework = Framework.objects.filter(
            fiscal_year=int(year) if year.isdigit() else -1
        ).first()
        if framework is None or file_format not in exports.FORMATS:
            raise Http404
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
