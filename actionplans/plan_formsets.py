"""The plan edited on one page: each row's form carries the formset of its activities.

Django's admin nests one level of inline; a plan has two (rows, and the activities of each
row). The rows' formset gives every row form a formset of its activities, prefixed
``items-<n>-activities``, validates and saves them with the row, and says what they changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.db.models import Max
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join

from ita_portal.lib.forms import share_choices

from . import services
from .models import PlanActivity, PlanChange
from .snapshots import PlanRow

ERROR_ACTIVITIES_INVALID = (
    "กิจกรรมบางรายการยังไม่ถูกต้อง กรุณาดูข้อความสีแดงใต้กิจกรรมนั้น (แถวที่มีข้อผิดพลาดเปิดไว้ให้แล้ว)"
)
ISSUES_HELP = "หนึ่งประเด็นต่อบรรทัด เลือกจากประเด็นของตัวชี้วัดนี้ หรือพิมพ์เอง:<ul>{}</ul>"


def deleted_ids(formset: Any) -> list[int]:
    """Rows a formset will delete; read before saving, as a deleted object loses its key."""
    return [f.instance.pk for f in formset.deleted_forms if f.instance.pk is not None]


def formset_changes(
    formset: Any, kind: str, deleted: Iterable[int]
) -> list[services.ContentChange]:
    """What a saved formset really changed: rows added, changed (which fields), deleted."""
    action = PlanChange.Action
    changes = [services.ContentChange(kind, action.ADD, obj.pk) for obj in formset.new_objects]
    changes += [
        services.ContentChange(kind, action.CHANGE, obj.pk, tuple(fields))
        for obj, fields in formset.changed_objects
        # A row saved only because its activities changed changes none of its own fields.
        if fields
    ]
    changes += [services.ContentChange(kind, action.DELETE, pk) for pk in deleted]
    return changes


def activities_of(form: forms.BaseForm) -> BaseInlineFormSet | None:
    """The formset of a row form's activities (None on a page without them)."""
    return getattr(form, "activities", None)


def order_last(instance: Any, siblings: Any) -> None:
    """A new row or activity left at order 0 goes after its siblings, as it was added last.

    The report sorts by order: at 0 it would print first. Set on save, not in the browser, so
    that a blank form added and left alone stays unchanged (and is skipped).
    """
    if instance.pk is None and not instance.order:
        instance.order = (siblings.aggregate(highest=Max("order"))["highest"] or 0) + 1


class PlanItemForm(forms.ModelForm):
    """A row changed when its own fields or any of its activities changed.

    Without this, a new row whose only input is an activity would count as blank and be
    skipped, and the activity typed into it lost.
    """

    activities: BaseInlineFormSet | None = None
    printed: PlanRow | None = None

    def has_changed(self) -> bool:
        nested = self.activities
        return super().has_changed() or (nested is not None and nested.has_changed())

    @property
    def has_activity_errors(self) -> bool:
        nested = self.activities
        return nested is not None and nested.is_bound and not nested.is_valid()


class PlanItemFormSet(BaseInlineFormSet):
    """The plan's rows, each with its activities; the admin sets the two class attributes."""

    activity_formset: type[BaseInlineFormSet] | None = None
    # The assessment's own issues per indicator, offered in each row's help text.
    issues_by_indicator: Mapping[int, list[str]] = {}
    # The rows as the report prints them, by row key, for a page the user may only read.
    printed_rows: Mapping[int, PlanRow] = {}

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        self._offer_issues(form)
        form.printed = self.printed_rows.get(form.instance.pk)
        shared = self.__dict__.setdefault("shared_choices", {})
        share_choices(form, ["indicator"], shared)
        if self.activity_formset is None:
            return
        bound = self.is_bound and index is not None
        form.activities = self.activity_formset(
            data=self.data if bound else None,
            files=self.files if bound else None,
            instance=form.instance,
            prefix=f"{form.prefix}-activities",
            queryset=PlanActivity.objects.select_related("lead_unit").prefetch_related("units"),
        )
        # The activities' unit choosers of every row read the agency's units once.
        form.activities.shared_choices = shared

    def _offer_issues(self, form: Any) -> None:
        issues = self.issues_by_indicator.get(getattr(form.instance, "indicator_id", None) or 0)
        field = form.fields.get("assessment_issues")
        if issues and field is not None:
            field.help_text = format_html(
                ISSUES_HELP, format_html_join("", "<li>{}</li>", ((i,) for i in issues))
            )

    def nested_formsets(self) -> list[BaseInlineFormSet]:
        """Each saved row's activities, for the edit lock's three-way merge."""
        return [n for n in map(activities_of, self.initial_forms) if n is not None]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        kept = [
            f for f in self.forms if not getattr(f, "cleaned_data", {}).get(DELETION_FIELD_NAME)
        ]
        nested_valid = all(n.is_valid() for n in map(activities_of, kept) if n is not None)
        errors = self.non_form_errors()
        if not nested_valid and ERROR_ACTIVITIES_INVALID not in errors:
            errors.append(ERROR_ACTIVITIES_INVALID)
        return valid and nested_valid

    def save_new(self, form: Any, commit: bool = True) -> Any:
        order_last(form.instance, self.instance.items.filter(indicator=form.instance.indicator))
        return super().save_new(form, commit)

    def save(self, commit: bool = True) -> list[Any]:
        saved = super().save(commit)
        self.activity_changes: list[services.ContentChange] = []
        for form in self.forms:
            nested = activities_of(form)
            # A deleted row (its activities went with it) or a blank extra one: nothing to save.
            if nested is None or form.instance.pk is None:
                continue
            gone = deleted_ids(nested)
            nested.save(commit)
            self.activity_changes += formset_changes(nested, PlanChange.Kind.ACTIVITY, gone)
        return saved


class PlanActivityFormSet(BaseInlineFormSet):
    """A row's activities; each knows its row even before the row is saved.

    An activity's month range is checked against the plan's fiscal year through its row. The
    inline formset only copies the row's key, which a row added on the same page has not yet.
    """

    shared_choices: dict[str, list[Any]] | None = None

    def save_new(self, form: Any, commit: bool = True) -> Any:
        order_last(form.instance, PlanActivity.objects.filter(item=self.instance))
        return super().save_new(form, commit)

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        form.instance.item = self.instance
        if self.shared_choices is not None:
            share_choices(form, ["lead_unit", "units"], self.shared_choices)
