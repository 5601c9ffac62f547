"""Which writes invalidate which cached public pages (ita_portal/lib/public_cache.py).

Every save and delete of a model the public pages read records a generation, bumped once when
the transaction commits (however many rows it wrote): publications and published figures the
results lists and the agency's pages; frameworks, cohorts and agencies every page; anything
else of an agency (its plans, its O-item evidence, its scores) that agency's pages. The agency
is found by the model's declared path (AGENCY_PATHS), with no query at the save; rows known only
by a key are read at the commit, one query per model. A row whose agency cannot be found bumps
every page: a needless render rather than a stale figure. Writes by queryset `update()` send no signal: the services that use
one on these models also save a publication (reports.publishing).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db.models import ForeignKey, Model
from django.db.models.signals import post_delete, post_save

from assessments.models import Agency
from ita_portal.lib import public_cache

# Apps whose rows the public pages show.
WATCHED_APPS = ("indicators", "assessments", "actionplans", "oit", "reports")
# Shown on (nearly) every public page: a change renders everything again.
SITE_MODELS = {
    "assessments.agency",
    "assessments.cohort",
    "assessments.agencyissuer",
    "assessments.agencymove",
}
SITE_APPS = ("indicators",)
# What the results lists, rankings and open data are made of.
RESULTS_MODELS = {
    "reports.reportpublication",
    "assessments.assessment",
    "assessments.scoresheet",
    "assessments.publishedfigures",
    "assessments.publishedscore",
}
# Staff-only rows: jobs, previews, reminders, memberships, link checks, edit history.
IGNORED_MODELS = {
    "reports.publicationjob",
    "reports.publicationjobitem",
    "reports.reportpreview",
    "reports.remindersent",
    "assessments.membership",
    "oit.linkcheck",
    "actionplans.planchange",
    "actionplans.plantransition",
}
# Each model's way to its agency, as the admin declares it for access checks (access.agency_id_of).
AGENCY_PATHS = {
    "assessments.unit": "agency",
    "assessments.assessment": "agency",
    "assessments.earlierresult": "agency",
    "assessments.publicfactchange": "agency",
    "assessments.scoresheet": "agency",
    "assessments.indicatorscore": "assessment__agency",
    "assessments.officialtoolpoints": "assessment__agency",
    "assessments.toolanalysis": "assessment__agency",
    "assessments.assessmentreopening": "assessment__agency",
    "assessments.resultfigures": "assessment__agency",
    "assessments.publishedfigures": "assessment__agency",
    "assessments.publishedscore": "assessment__agency",
    "actionplans.actionplan": "assessment__agency",
    "actionplans.reopenrequest": "plan__assessment__agency",
    "actionplans.planitem": "plan__assessment__agency",
    "actionplans.planactivity": "item__plan__assessment__agency",
    "actionplans.progressreport": "item__plan__assessment__agency",
    "oit.evidence": "assessment__agency",
    "oit.evidencelink": "evidence__assessment__agency",
    "oit.evidencefile": "evidence__assessment__agency",
    "oit.publicpagesetting": "agency",
    "reports.reportpublication": "agency",
}


class AgencyChanges(public_cache.Changes):
    """One transaction's changes by agency: rows whose agency is known at once (the agency id
    is on the row, or the objects on its path are loaded), and rows known by their first key
    on the path, read at the commit in one query per (model, path) whatever the rows' count."""

    def __init__(self) -> None:
        super().__init__()
        self.results = False
        # (model, path from it to the agency's code) → primary keys
        self.pending: dict[tuple[type[Model], str], set[Any]] = defaultdict(set)

    def add(self, obj: Model, path: str, *, results: bool) -> None:
        self.results = self.results or results
        found = _locate(obj, path)
        if found is None:
            self.named.add(public_cache.SITE)
        elif isinstance(found, str):
            self.named.add(public_cache.agency_scope(found))
        else:
            model, rest, key = found
            self.pending[(model, rest)].add(key)

    def scopes(self) -> set[str]:
        scopes = set(self.named)
        for (model, rest), keys in self.pending.items():
            codes = dict(model._default_manager.filter(pk__in=keys).values_list("pk", rest))
            scopes.update(public_cache.agency_scope(code) for code in codes.values() if code)
            if len(codes) < len(keys) or not all(codes.values()):
                scopes.add(public_cache.SITE)  # gone with the transaction (a delete)
        if self.results and public_cache.SITE not in scopes:
            scopes.add(public_cache.RESULTS)
        return scopes


def _locate(obj: Model, path: str) -> str | tuple[type[Model], str, Any] | None:
    """The agency's code when the objects on path are loaded, else the first unloaded key and the
    path from its model to the code (read at the commit), None where a key on the path is empty.
    Never a query."""
    parts = path.split("__")
    target: Model = obj
    for index, part in enumerate(parts):
        field = target._meta.get_field(part)
        assert isinstance(field, ForeignKey), path
        if not field.is_cached(target):
            key = getattr(target, field.attname)
            if key is None:
                return None
            rest = "__".join([*parts[index + 1 :], "code"])
            return field.related_model, rest, key
        related = getattr(target, part)
        if related is None:
            return None
        target = related
    assert isinstance(target, Agency), path
    return target.code


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    label = sender._meta.label_lower
    if label in IGNORED_MODELS:
        return
    path = AGENCY_PATHS.get(label)
    if label in SITE_MODELS or sender._meta.app_label in SITE_APPS or path is None:
        public_cache.bump_site()
        return
    results = label in RESULTS_MODELS
    public_cache.record(AgencyChanges, lambda changes: changes.add(instance, path, results=results))


def undeclared_models() -> list[str]:
    """Watched models with no declared way to their agency (each bumps every page)."""
    return sorted(
        model._meta.label_lower
        for app in WATCHED_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label_lower not in {*IGNORED_MODELS, *SITE_MODELS, *AGENCY_PATHS}
        and app not in SITE_APPS
    )


def connect() -> None:
    """Connect the receivers to every model of the watched apps (called once, at start)."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"public-cache-{model._meta.label_lower}"
            post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")
