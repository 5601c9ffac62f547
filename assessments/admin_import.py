"""Score-sheet import in the admin: upload, preview (new / changed / unchanged), confirm.

django-import-export gives the screens; the rows go through assessments.score_import, so the
admin checks the same things as the command (every row first, all or nothing, bulk writes) and,
in addition, that the user may edit every row's agency. Its own row-by-row saving is not used.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from import_export import fields, resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result, RowResult

from . import access, score_import
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
class ScoreSheetAdmin(AgencyScopedMixin, ImportMixin, admin.ModelAdmin):
    resource_classes = [ScoreSheetResource]
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
